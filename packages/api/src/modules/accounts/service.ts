import { accountsMessages as M } from './messages.js';
import { createHash, randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { LoginBody, Me, PatchMeBody, RegisterBody, TokenPair, User, UserCard } from '@pulso/contracts';
import type { PasswordChecker } from '../../platform/auth/password-pool.js';
import { savedLang, type Lang } from '../../platform/i18n.js';
import type { Mail, Mailer } from '../../platform/mail.js';
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
import { AppError, invalid, unauthorized } from '../../platform/errors.js';
import { refuse } from './reasons.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import { passwordResetMail, verificationMail, welcomeMail } from './mails.js';
import { type AccountsRepo, DuplicateEmailError, type UserRow } from './repo.js';

const LOGIN_FAILURES_MAX = 5;
const LOGIN_WINDOW_SECONDS = 60;
// Short-lived, as OWASP's Forgot Password Cheat Sheet asks of reset tokens; a verification link may wait longer.
export const RESET_TTL_MINUTES = 30;
export const VERIFY_TTL_MINUTES = 24 * 60;
// A person registered at the desk chooses their password from home, maybe days later.
export const WELCOME_TTL_MINUTES = 7 * 24 * 60;

export interface AccountsDeps {
  db: Db;
  repo: AccountsRepo;
  tokens: TokenService;
  cache: Cache;
  principals: Pick<Principals, 'get' | 'invalidate'>;
  audit: Audit;
  contributors: () => UserDataContributor[];
  clock: () => number;
  mailer: Mailer;
  /** The password policy, checked in worker threads. */
  passwords: Pick<PasswordChecker, 'problem'>;
  /** Start of the links in mails. */
  publicUrl: string;
  /** Where a mail that could not be sent is reported (the request that caused it still succeeds). */
  log: { warn(obj: object, msg: string): void };
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
  // A principal cached by a version without the flag (Redis, across a deploy) reads as unverified.
  email_verified: p.emailVerified === true,
  name: p.name,
  created_at: p.createdAt,
  updated_at: p.updatedAt,
  profile: { avatar_url: p.avatarUrl ?? null },
  language: savedLang(p.language),
  gyms: p.gyms,
});

/** A mail to an account is written in its saved language when it has one, else in the request's. */
const mailLang = (user: Pick<UserRow, 'language'> | undefined, fallback: Lang): Lang =>
  savedLang(user?.language) ?? fallback;

// Limit keys must not carry the e-mail itself (nothing personal in Redis keys).
const loginKey = (ip: string, email: string) =>
  `login-fail:${ip}:${createHash('sha256').update(email.toLowerCase()).digest('base64url').slice(0, 22)}`;

export function createAccountsService(d: AccountsDeps) {
  const now = () => new Date(d.clock());
  /** Refuses a password the policy does not accept, as a 422 on `password`. */
  const assertGoodPassword = async (
    password: string,
    email: string | null,
    name: string | null,
    lang: Lang,
  ) => {
    const why = await d.passwords.problem(password, { email, name }, lang);
    if (why) throw invalid('password', why);
  };

  /** Mails go out after the change they describe has committed; a transport failure is logged, not returned. */
  async function deliver(mail: Mail) {
    try {
      await d.mailer.send(mail);
    } catch (err) {
      d.log.warn({ err: { message: (err as Error).message } }, 'mail could not be sent');
    }
  }

  /** A one-time token for `purpose`, stored as its hash; returns the token to put in the mail. */
  async function mailToken(
    userId: number,
    email: string,
    purpose: 'password_reset' | 'email_verification',
    minutes: number,
    tx: Executor,
  ): Promise<string> {
    const t = newRefreshToken();
    await d.repo.insertAccountToken(
      { userId, purpose, tokenHash: t.hash, email, expiresAt: new Date(d.clock() + minutes * 60_000) },
      tx,
    );
    return t.token;
  }

  async function issuePair(user: UserRow, familyId: string, tx: Executor): Promise<TokenPair> {
    const access = await d.tokens.signAccess(user.id, familyId);
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
    async register(body: RegisterBody, ip: string, lang: Lang = 'en'): Promise<TokenPair> {
      await assertGoodPassword(body.password, body.email, body.name, lang);
      const passwordHash = await hashPassword(body.password);
      let token = '';
      const pair = await d.db.transaction(async (tx) => {
        let user: UserRow;
        try {
          user = await d.repo.insert({ email: body.email, name: body.name, passwordHash }, tx);
        } catch (err) {
          if (err instanceof DuplicateEmailError) throw refuse('email_taken');
          throw err;
        }
        await d.audit(
          { userId: user.id, action: 'auth.register', targetType: 'user', targetId: user.id, ip },
          tx,
        );
        token = await mailToken(user.id, body.email, 'email_verification', VERIFY_TTL_MINUTES, tx);
        return issuePair(user, randomUUID(), tx);
      });
      await deliver(verificationMail(lang, body.email, token, d.publicUrl, VERIFY_TTL_MINUTES));
      return pair;
    },

    async login(body: LoginBody, ip: string): Promise<TokenPair> {
      const key = loginKey(ip, body.email);
      // The failure counter itself decides (it falls back to memory while Redis is away, like the limiter).
      const failures = await d.cache.count(key);
      if (failures.count >= LOGIN_FAILURES_MAX)
        throw new AppError('rate_limited', M.msg('too_many_logins'), {
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
        throw unauthorized(M.msg('wrong_credentials'));
      }
      return d.db.transaction(async (tx) => {
        await d.audit(
          { userId: user.id, action: 'auth.login', targetType: 'user', targetId: user.id, ip },
          tx,
        );
        return issuePair(user, randomUUID(), tx);
      });
    },

    /**
     * A Pulso session for a person the identity provider vouched for (the web app's OpenID Connect sign-in):
     * the same local account a bearer token of that provider maps to, created on first sight.
     */
    async signInExternal(
      issuer: string,
      claims: JWTPayload & { sub: string },
      ip: string,
    ): Promise<TokenPair> {
      const userId = await this.resolveExternal(`${issuer}|${claims.sub}`, claims);
      const user = await d.repo.findById(userId);
      if (!user) throw unauthorized(M.msg('wrong_credentials'));
      return d.db.transaction(async (tx) => {
        await d.audit(
          { userId: user.id, action: 'auth.login_external', targetType: 'user', targetId: user.id, ip },
          tx,
        );
        return issuePair(user, randomUUID(), tx);
      });
    },

    async refresh(token: string, ip: string): Promise<TokenPair> {
      const hash = hashRefreshToken(token);
      const result = await d.db.transaction(async (tx) => {
        const consumed = await d.repo.consumeRefreshToken(hash, now(), tx);
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
      throw unauthorized(M.msg('bad_refresh'));
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
        throw refuse('email_taken', { signIn: true });
      }
    },

    /**
     * Another account as a member of a gym it shares with the caller sees it (the gym seed's
     * `GET /users/{user_id}`, issue 12): name, profile and its roles in the shared gyms only. Anyone else, and
     * an id nobody has, get the same 404, so the route cannot be used to find out which accounts exist. Both
     * principals come from the principal cache (a membership change invalidates them).
     */
    async userCard(caller: Principal, userId: number): Promise<UserCard> {
      const self = userId === caller.userId;
      const target = self ? caller : await d.principals.get(userId);
      const mine = new Set(caller.gyms.map((g) => g.id));
      const gyms = target ? (self ? target.gyms : target.gyms.filter((g) => mine.has(g.id))) : [];
      if (!target || (!self && gyms.length === 0)) throw refuse('user_not_found');
      return {
        id: target.userId,
        name: target.name,
        profile: { avatar_url: target.avatarUrl ?? null },
        gyms,
      };
    },

    /** The caller's account as the access rule already loaded it (cached; no query). */
    me: (principal: Principal): Me => principalToMe(principal),
    /** `GET /users/me`'s answer for a user id (null for an account gone since), from the principal cache. */
    async meOf(userId: number): Promise<Me | null> {
      const p = await d.principals.get(userId);
      return p ? principalToMe(p) : null;
    },

    /**
     * Changing the e-mail or the password asks for the current password (when the account has one) and ends
     * every other session (OWASP ASVS 4.0 §2.5.x/§3.3.x): whoever stole a session cannot lock the owner out.
     * A new e-mail is unverified until the link sent to it is used.
     */
    async updateMe(
      userId: number,
      body: PatchMeBody,
      ip: string,
      lang: Lang = 'en',
      sessionId?: string,
    ): Promise<Me> {
      const user = await d.repo.findById(userId);
      if (!user) throw unauthorized(M.msg('account_gone'));
      const emailChanges = body.email !== undefined && body.email.toLowerCase() !== user.email?.toLowerCase();
      const credentials = emailChanges || body.password !== undefined;
      if (credentials && user.passwordHash) {
        if (!body.current_password) throw invalid('current_password', M.msg('current_required'));
        if (!(await verifyPassword(user.passwordHash, body.current_password)))
          throw invalid('current_password', M.msg('current_wrong'));
      }
      const patch: Parameters<AccountsRepo['update']>[1] = {};
      if (body.name !== undefined) patch.name = body.name;
      if (body.profile?.avatar_url !== undefined) patch.avatarUrl = body.profile.avatar_url;
      if (body.email !== undefined) patch.email = body.email;
      if (body.language !== undefined) patch.language = body.language;
      if (emailChanges) patch.emailVerifiedAt = null;
      if (body.password !== undefined) {
        await assertGoodPassword(body.password, body.email ?? user.email, body.name ?? user.name, lang);
        patch.passwordHash = await hashPassword(body.password);
      }
      let verifyToken = '';
      await d.db.transaction(async (tx) => {
        try {
          await d.repo.update(userId, patch, tx);
        } catch (err) {
          if (err instanceof DuplicateEmailError) throw refuse('email_taken');
          throw err;
        }
        const changed = Object.keys(body).filter((k) => k !== 'current_password' && k !== 'password');
        if (credentials) await d.repo.revokeAllOfUserExcept(userId, sessionId, tx);
        if (patch.passwordHash) {
          // Reset links asked for with the old password must not outlive it.
          await d.repo.retireAccountTokens(userId, 'password_reset', now(), tx);
          await d.audit(
            { userId, action: 'user.password_changed', targetType: 'user', targetId: userId, ip },
            tx,
          );
        }
        if (emailChanges) {
          await d.repo.retireAccountTokens(userId, 'password_reset', now(), tx);
          await d.repo.retireAccountTokens(userId, 'email_verification', now(), tx);
          verifyToken = await mailToken(userId, body.email!, 'email_verification', VERIFY_TTL_MINUTES, tx);
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
      if (verifyToken)
        await deliver(
          verificationMail(
            mailLang({ language: patch.language !== undefined ? patch.language : user.language }, lang),
            body.email!,
            verifyToken,
            d.publicUrl,
            VERIFY_TTL_MINUTES,
          ),
        );
      if (patch.name !== undefined && patch.name !== user.name)
        for (const c of d.contributors()) await c.nameChanged?.(userId);
      const fresh = await d.principals.get(userId);
      if (!fresh) throw unauthorized(M.msg('account_gone'));
      return principalToMe(fresh);
    },

    /**
     * Sends a reset link if the e-mail belongs to an account that signs in with a password (or was created at
     * a gym's desk and has none yet). The answer is the same either way (OWASP Forgot Password Cheat Sheet);
     * accounts of the identity provider never get a local password this way.
     */
    async requestPasswordReset(email: string, ip: string, lang: Lang = 'en'): Promise<string> {
      const user = await d.repo.findByEmail(email);
      if (user?.email && !(user.oidcSubject && !user.passwordHash)) {
        const token = await d.db.transaction(async (tx) => {
          await d.audit(
            {
              userId: user.id,
              action: 'auth.password_reset_requested',
              targetType: 'user',
              targetId: user.id,
              ip,
            },
            tx,
          );
          return mailToken(user.id, user.email!, 'password_reset', RESET_TTL_MINUTES, tx);
        });
        // Not awaited: the answer must not take longer for an existing account than for an unknown one.
        void deliver(
          passwordResetMail(mailLang(user, lang), user.email, token, d.publicUrl, RESET_TTL_MINUTES),
        );
      }
      return M.t(lang, 'reset_accepted');
    },

    /** Sets the password from a reset token; every session ends. Using the link also proves the mailbox. */
    async confirmPasswordReset(
      token: string,
      password: string,
      ip: string,
      lang: Lang = 'en',
    ): Promise<void> {
      await d.db
        .transaction(async (tx) => {
          const used = await d.repo.consumeAccountToken(hashRefreshToken(token), 'password_reset', now(), tx);
          const user = used && (await d.repo.findById(used.userId, tx));
          if (!used || !user) throw invalid('token', M.msg('bad_token'));
          // Refused here, the transaction rolls back and the token stays usable for a better password.
          await assertGoodPassword(password, user.email, user.name, lang);
          const sameAddress = user.email?.toLowerCase() === used.email.toLowerCase();
          await d.repo.update(
            user.id,
            {
              passwordHash: await hashPassword(password),
              ...(sameAddress && !user.emailVerifiedAt ? { emailVerifiedAt: now() } : {}),
            },
            tx,
          );
          await d.repo.retireAccountTokens(user.id, 'password_reset', now(), tx);
          await d.repo.revokeAllOfUser(user.id, tx);
          await d.audit(
            { userId: user.id, action: 'auth.password_reset', targetType: 'user', targetId: user.id, ip },
            tx,
          );
          return user.id;
        })
        .then((id) => d.principals.invalidate(id));
    },

    /** Marks the e-mail verified if the token was sent to the account's current address. */
    async verifyEmail(token: string, ip: string): Promise<void> {
      const id = await d.db.transaction(async (tx) => {
        const used = await d.repo.consumeAccountToken(
          hashRefreshToken(token),
          'email_verification',
          now(),
          tx,
        );
        const user = used && (await d.repo.findById(used.userId, tx));
        if (!used || !user || user.email?.toLowerCase() !== used.email.toLowerCase())
          throw invalid('token', M.msg('bad_token'));
        if (!user.emailVerifiedAt) await d.repo.update(user.id, { emailVerifiedAt: now() }, tx);
        await d.audit(
          { userId: user.id, action: 'user.email_verified', targetType: 'user', targetId: user.id, ip },
          tx,
        );
        return user.id;
      });
      await d.principals.invalidate(id);
    },

    /** Sends a new verification link to the account's current address (nothing when it is verified). */
    async resendVerification(userId: number, lang: Lang = 'en'): Promise<void> {
      const user = await d.repo.findById(userId);
      if (!user?.email || user.emailVerifiedAt) return;
      const token = await d.db.transaction(async (tx) => {
        await d.repo.retireAccountTokens(userId, 'email_verification', now(), tx);
        return mailToken(userId, user.email!, 'email_verification', VERIFY_TTL_MINUTES, tx);
      });
      await deliver(
        verificationMail(mailLang(user, lang), user.email, token, d.publicUrl, VERIFY_TTL_MINUTES),
      );
    },

    /**
     * An account a gym's staff create for a walk-in: no password (the person chooses one from the link mailed
     * to them, a reset token that lives longer). Returns undefined when the e-mail already has an account.
     */
    async createForWalkIn(
      v: { email: string; name: string; gymName: string },
      lang: Lang,
      tx: Executor,
    ): Promise<{ user: UserRow; mail: () => Promise<void> } | undefined> {
      let user: UserRow;
      try {
        // A savepoint: a taken e-mail must not abort the caller's transaction.
        user = await tx.transaction((sp) =>
          d.repo.insert({ email: v.email, name: v.name, passwordHash: null }, sp),
        );
      } catch (err) {
        if (err instanceof DuplicateEmailError) return undefined;
        throw err;
      }
      const token = await mailToken(user.id, v.email, 'password_reset', WELCOME_TTL_MINUTES, tx);
      return {
        user,
        mail: () => deliver(welcomeMail(lang, v.email, v.gymName, token, d.publicUrl, WELCOME_TTL_MINUTES)),
      };
    },

    deliver,

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
        if (!user) throw unauthorized(M.msg('account_gone'));
        const data: Record<string, unknown> = {
          format: 'pulso-user-export',
          version: 1,
          exported_at: new Date(d.clock()).toISOString(),
          account: {
            ...toUserDto(user),
            profile: { avatar_url: user.avatarUrl },
            language: user.language,
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
