import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/index.js';
import { pgCode } from '../../platform/errors.js';
import { users } from '../../platform/kernel/tables.js';
import { accountTokens, refreshTokens } from './tables.js';

export type UserRow = typeof users.$inferSelect;
export type AccountTokenPurpose = (typeof accountTokens.$inferSelect)['purpose'];

export class DuplicateEmailError extends Error {}

export function createAccountsRepo(db: Db) {
  return {
    async findById(id: number, tx: Executor = db): Promise<UserRow | undefined> {
      const [u] = await tx.select().from(users).where(eq(users.id, id));
      return u;
    },
    async findByEmail(email: string, tx: Executor = db): Promise<UserRow | undefined> {
      const [u] = await tx.select().from(users).where(eq(users.email, email));
      return u;
    },
    async findBySubject(subject: string, tx: Executor = db): Promise<UserRow | undefined> {
      const [u] = await tx.select().from(users).where(eq(users.oidcSubject, subject));
      return u;
    },
    /** Throws DuplicateEmailError when the e-mail (case-insensitive) or external subject is taken. */
    async insert(
      v: { email: string | null; name: string; passwordHash: string | null; oidcSubject?: string | null },
      tx: Executor = db,
    ): Promise<UserRow> {
      try {
        const [u] = await tx.insert(users).values(v).returning();
        return u!;
      } catch (err) {
        if (pgCode(err) === '23505') throw new DuplicateEmailError();
        throw err;
      }
    },
    async update(
      id: number,
      patch: Partial<
        Pick<
          UserRow,
          'email' | 'name' | 'passwordHash' | 'isPlatformAdmin' | 'emailVerifiedAt' | 'avatarUrl' | 'language'
        >
      >,
      tx: Executor = db,
    ): Promise<UserRow | undefined> {
      try {
        const [u] = await tx
          .update(users)
          .set({ ...patch, updatedAt: sql`now()` })
          .where(eq(users.id, id))
          .returning();
        return u;
      } catch (err) {
        if (pgCode(err) === '23505') throw new DuplicateEmailError();
        throw err;
      }
    },
    async delete(id: number, tx: Executor = db): Promise<boolean> {
      const r = await tx.delete(users).where(eq(users.id, id)).returning({ id: users.id });
      return r.length > 0;
    },

    async insertRefreshToken(
      v: { userId: number; familyId: string; tokenHash: string; expiresAt: Date },
      tx: Executor = db,
    ) {
      await tx.insert(refreshTokens).values(v);
    },
    /**
     * Uses up a refresh token in one statement, so two concurrent refreshes with the same token cannot both
     * succeed. Returns undefined when it is unknown, used, revoked or expired.
     */
    async consumeRefreshToken(tokenHash: string, now: Date, tx: Executor = db) {
      const [r] = await tx
        .update(refreshTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(refreshTokens.tokenHash, tokenHash),
            isNull(refreshTokens.usedAt),
            isNull(refreshTokens.revokedAt),
            // The app's clock wrote expires_at, so the app's clock judges it (not the database's now()).
            gt(refreshTokens.expiresAt, now),
          ),
        )
        .returning({ userId: refreshTokens.userId, familyId: refreshTokens.familyId });
      return r;
    },
    async findRefreshToken(tokenHash: string, tx: Executor = db) {
      const [r] = await tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
      return r;
    },
    async revokeFamily(familyId: string, tx: Executor = db) {
      await tx
        .update(refreshTokens)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
    },
    async revokeAllOfUser(userId: number, tx: Executor = db) {
      await tx
        .update(refreshTokens)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
    },
    /** Ends every session of the user but one (the caller's own, which changed the credentials). */
    async revokeAllOfUserExcept(userId: number, keepFamilyId: string | undefined, tx: Executor = db) {
      await tx
        .update(refreshTokens)
        .set({ revokedAt: sql`now()` })
        .where(
          and(
            eq(refreshTokens.userId, userId),
            isNull(refreshTokens.revokedAt),
            keepFamilyId ? ne(refreshTokens.familyId, keepFamilyId) : undefined,
          ),
        );
    },

    async insertAccountToken(
      v: { userId: number; purpose: AccountTokenPurpose; tokenHash: string; email: string; expiresAt: Date },
      tx: Executor = db,
    ) {
      await tx.insert(accountTokens).values(v);
    },
    /**
     * Uses up a mailed token in one statement (two concurrent uses cannot both succeed). Undefined when it is
     * unknown, of another purpose, used or expired at `now`.
     */
    async consumeAccountToken(tokenHash: string, purpose: AccountTokenPurpose, now: Date, tx: Executor = db) {
      const [r] = await tx
        .update(accountTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(accountTokens.tokenHash, tokenHash),
            eq(accountTokens.purpose, purpose),
            isNull(accountTokens.usedAt),
            gt(accountTokens.expiresAt, now),
          ),
        )
        .returning({ userId: accountTokens.userId, email: accountTokens.email });
      return r;
    },
    /** Retires the user's outstanding tokens of one purpose (a new password makes older reset links void). */
    async retireAccountTokens(userId: number, purpose: AccountTokenPurpose, now: Date, tx: Executor = db) {
      await tx
        .update(accountTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(accountTokens.userId, userId),
            eq(accountTokens.purpose, purpose),
            isNull(accountTokens.usedAt),
          ),
        );
    },

    async refreshTokenSummary(userId: number, tx: Executor = db) {
      return tx
        .select({
          family_id: refreshTokens.familyId,
          created_at: refreshTokens.createdAt,
          expires_at: refreshTokens.expiresAt,
          used_at: refreshTokens.usedAt,
          revoked_at: refreshTokens.revokedAt,
        })
        .from(refreshTokens)
        .where(eq(refreshTokens.userId, userId));
    },
  };
}
export type AccountsRepo = ReturnType<typeof createAccountsRepo>;
