import { createHash, randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { LoginBody, Me, PatchMeBody, RegisterBody, TokenPair, User } from '@pulso/contracts';
import type { Audit } from '../../platform/audit/repo.js';
import type { Principal, Principals } from '../../platform/auth/principal.js';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import {
  hashRefreshToken,
  newRefreshToken,
  REFRESH_TTL_SECONDS,
  type TokenService,
} from '../../platform/auth/tokens.js';
import type { Cache } from '../../platform/cache/index.js';
import type { Db, Executor } from '../../platform/db/index.js';
import { AppError, conflict, invalid, unauthorized } from '../../platform/errors.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import { type AccountsRepo, DuplicateEmailError, type UserRow } from './repo.js';

const LOGIN_FAILURES_MAX = 5;
const LOGIN_WINDOW_SECONDS = 60;

export interface AccountsDeps {
  db: Db;
  repo: AccountsRepo;
  tokens: TokenService;
  cache: Cache;
  principals: Pick<Principals, 'get' | 'invalidate'>;
  audit: Audit;
  contributors: () => UserDataContributor[];
  clock: () => number;
}

export const toUserDto = (u: UserRow): User => ({
  id: u.id,
  email: u.email,
  name: u.name,
  created_at: u.createdAt.toISOString(),
  updated_at: u.updatedAt.toISOString(),
});

export const principalToMe = (p: Principal): Me => ({
  id: p.userId,
  email: p.email,
  name: p.name,
  created_at: p.createdAt,
  updated_at: p.updatedAt,
  gyms: p.gyms,
});

// Limit keys must not carry the e-mail itself (nothing personal in Redis keys).
const loginKey = (ip: string, email: string) =>
  `login-fail:${ip}:${createHash('sha256').update(email.toLowerCase()).digest('base64url').slice(0, 22)}`;

export function createAccountsService(d: AccountsDeps) {
  async function issuePair(user: UserRow, familyId: string, tx: Executor): Promise<TokenPair> {
    const access = await d.tokens.signAccess(user.id);
    const refresh = newRefreshToken();
    await d.repo.insertRefreshToken(
      {
        userId: user.id,
        familyId,
        tokenHash: refresh.hash,
        expiresAt: new Date(d.clock() + REFRESH_TTL_SECONDS * 1000),
      },
      tx,
    );
    return {
      user: toUserDto(user),
      access_token: access.token,
      refresh_token: refresh.token,
      token_type: 'bearer',
      expires_in: access.expiresIn,
    };
  }

  return {
    async register(body: RegisterBody, ip: string): Promise<TokenPair> {
      const passwordHash = await hashPassword(body.password);
      return d.db.transaction(async (tx) => {
        let user: UserRow;
        try {
          user = await d.repo.insert({ email: body.email, name: body.name, passwordHash }, tx);
        } catch (err) {
          if (err instanceof DuplicateEmailError)
            throw conflict('An account with this e-mail already exists');
          throw err;
        }
        await d.audit(
          { userId: user.id, action: 'auth.register', targetType: 'user', targetId: user.id, ip },
          tx,
        );
        return issuePair(user, randomUUID(), tx);
      });
    },

    async login(body: LoginBody, ip: string): Promise<TokenPair> {
      const key = loginKey(ip, body.email);
      // The failure counter itself decides (it falls back to memory while Redis is away, like the limiter).
      const failures = await d.cache.count(key);
      if (failures.count >= LOGIN_FAILURES_MAX)
        throw new AppError('rate_limited', 'Too many failed sign-in attempts; try again later', {
          retryAfter: Math.max(1, failures.ttl),
        });
      const user = await d.repo.findByEmail(body.email);
      const ok = await verifyPassword(user?.passwordHash, body.password);
      if (!user || !ok) {
        await d.cache.incr(key, LOGIN_WINDOW_SECONDS);
        if (user)
          await d.audit({
            userId: user.id,
            action: 'auth.login_failed',
            targetType: 'user',
            targetId: user.id,
            ip,
          });
        throw unauthorized('Wrong e-mail or password');
      }
      return d.db.transaction(async (tx) => {
        await d.audit(
          { userId: user.id, action: 'auth.login', targetType: 'user', targetId: user.id, ip },
          tx,
        );
        return issuePair(user, randomUUID(), tx);
      });
    },

    async refresh(token: string, ip: string): Promise<TokenPair> {
      const hash = hashRefreshToken(token);
      const result = await d.db.transaction(async (tx) => {
        const consumed = await d.repo.consumeRefreshToken(hash, new Date(d.clock()), tx);
        if (!consumed) return null;
        const user = await d.repo.findById(consumed.userId, tx);
        if (!user) return null;
        return issuePair(user, consumed.familyId, tx);
      });
      if (result) return result;
      const known = await d.repo.findRefreshToken(hash);
      if (known?.usedAt && !known.revokedAt) {
        // A used token came back: someone holds a copy. End the whole session for everyone holding it.
        await d.repo.revokeFamily(known.familyId);
        await d.audit({
          userId: known.userId,
          action: 'auth.refresh_reuse',
          targetType: 'user',
          targetId: known.userId,
          ip,
        });
      }
      throw unauthorized('Invalid or expired refresh token');
    },

    async logout(token: string): Promise<void> {
      const known = await d.repo.findRefreshToken(hashRefreshToken(token));
      if (known) await d.repo.revokeFamily(known.familyId);
    },

    /** The local account of an identity-provider subject; created on first sight. */
    async resolveExternal(subject: string, claims: JWTPayload): Promise<number> {
      const existing = await d.repo.findBySubject(subject);
      if (existing) return existing.id;
      const email = typeof claims.email === 'string' && claims.email.length <= 254 ? claims.email : null;
      const name =
        (typeof claims.name === 'string' && claims.name.trim().slice(0, 120)) ||
        email?.split('@')[0] ||
        'Pulso user';
      try {
        const u = await d.db.transaction(async (tx) => {
          const created = await d.repo.insert({ email, name, passwordHash: null, oidcSubject: subject }, tx);
          await d.audit(
            { userId: created.id, action: 'auth.external_signup', targetType: 'user', targetId: created.id },
            tx,
          );
          return created;
        });
        return u.id;
      } catch (err) {
        if (!(err instanceof DuplicateEmailError)) throw err;
        // Either a concurrent first request created the subject, or the e-mail belongs to a local account;
        // accounts are never linked by e-mail alone (the provider's e-mail may not be verified).
        const raced = await d.repo.findBySubject(subject);
        if (raced) return raced.id;
        throw conflict('An account with this e-mail already exists; sign in with its password');
      }
    },

    /** The caller's account as the access rule already loaded it (cached; no query). */
    me: (principal: Principal): Me => principalToMe(principal),

    async updateMe(userId: number, body: PatchMeBody, ip: string): Promise<Me> {
      const user = await d.repo.findById(userId);
      if (!user) throw unauthorized('The account of this token no longer exists');
      const patch: Parameters<AccountsRepo['update']>[1] = {};
      if (body.name !== undefined) patch.name = body.name;
      if (body.email !== undefined) patch.email = body.email;
      if (body.password !== undefined) {
        if (user.passwordHash) {
          if (!body.current_password) throw invalid('current_password', 'Required to change the password');
          if (!(await verifyPassword(user.passwordHash, body.current_password)))
            throw invalid('current_password', 'Does not match the current password');
        }
        patch.passwordHash = await hashPassword(body.password);
      }
      await d.db.transaction(async (tx) => {
        try {
          await d.repo.update(userId, patch, tx);
        } catch (err) {
          if (err instanceof DuplicateEmailError)
            throw conflict('An account with this e-mail already exists');
          throw err;
        }
        const changed = Object.keys(body).filter((k) => k !== 'current_password' && k !== 'password');
        if (patch.passwordHash) {
          // A new password ends every session that the old one opened.
          await d.repo.revokeAllOfUser(userId, tx);
          await d.audit(
            { userId, action: 'user.password_changed', targetType: 'user', targetId: userId, ip },
            tx,
          );
        }
        if (changed.length)
          await d.audit(
            {
              userId,
              action: 'user.updated',
              targetType: 'user',
              targetId: userId,
              ip,
              metadata: { fields: changed },
            },
            tx,
          );
      });
      await d.principals.invalidate(userId);
      if (patch.name !== undefined && patch.name !== user.name)
        for (const c of d.contributors()) await c.nameChanged?.(userId);
      const fresh = await d.principals.get(userId);
      if (!fresh) throw unauthorized('The account of this token no longer exists');
      return principalToMe(fresh);
    },

    async deleteMe(userId: number, ip: string): Promise<void> {
      const user = await d.repo.findById(userId);
      if (!user) return;
      const afterCommit: (() => Promise<void>)[] = [];
      await d.db.transaction(async (tx) => {
        for (const c of d.contributors()) {
          const after = await c.beforeErase?.(userId, tx);
          if (after) afterCommit.push(after);
          await c.nameChanged?.(userId, tx);
        }
        await d.repo.delete(userId, tx);
        // The row outlives the person: no user id (the FK would null it anyway), only that it happened.
        await d.audit({ action: 'user.deleted', targetType: 'user', targetId: userId, ip }, tx);
      });
      for (const after of afterCommit) await after();
      const keys = [`principal:${userId}`];
      if (user.oidcSubject) keys.push(`oidc-subject:${user.oidcSubject}`);
      await d.cache.del(...keys);
    },

    async exportMe(userId: number, ip: string): Promise<Record<string, unknown>> {
      return d.db.transaction(async (tx) => {
        const user = await d.repo.findById(userId, tx);
        if (!user) throw unauthorized('The account of this token no longer exists');
        const data: Record<string, unknown> = {
          format: 'pulso-user-export',
          version: 1,
          exported_at: new Date(d.clock()).toISOString(),
          account: {
            ...toUserDto(user),
            sign_in: { password: user.passwordHash !== null, external_subject: user.oidcSubject },
            sessions: (await d.repo.refreshTokenSummary(userId, tx)).map((s) => ({
              family_id: s.family_id,
              created_at: s.created_at.toISOString(),
              expires_at: s.expires_at.toISOString(),
              used_at: s.used_at?.toISOString() ?? null,
              revoked_at: s.revoked_at?.toISOString() ?? null,
            })),
          },
        };
        for (const c of d.contributors()) if (c.export) data[c.name] = await c.export(userId, tx);
        await d.audit({ userId, action: 'user.exported', targetType: 'user', targetId: userId, ip }, tx);
        return data;
      });
    },
  };
}
export type AccountsService = ReturnType<typeof createAccountsService>;
