import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../db/index.js';
import { calendarFeeds } from './tables.js';

/** Whose feed and of what: `gymId` null for a feed that belongs to no gym (a person's own calendar). */
export interface FeedOwner {
  userId: number;
  gymId: number | null;
  kind: string;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
// 32 random bytes, base64url: 43 characters; anything else is not one of ours (no database round trip).
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const ownerIs = (o: FeedOwner): SQL =>
  and(
    eq(calendarFeeds.userId, o.userId),
    eq(calendarFeeds.kind, o.kind),
    o.gymId === null ? isNull(calendarFeeds.gymId) : eq(calendarFeeds.gymId, o.gymId),
    isNull(calendarFeeds.revokedAt),
  )!;

/**
 * Secret, revocable feed tokens (generic: any module may add a kind). The token goes in the feed URL's query,
 * since calendar apps cannot send headers; only its SHA-256 is stored.
 */
export function createCalendarFeeds(db: Db) {
  return {
    /** Issues a new token for the feed, revoking the live one if any. Returns the token (shown once). */
    async rotate(o: FeedOwner, tx?: Executor): Promise<{ token: string; createdAt: Date }> {
      const token = randomBytes(32).toString('base64url');
      const run = async (t: Executor) => {
        await t
          .update(calendarFeeds)
          .set({ revokedAt: sql`now()` })
          .where(ownerIs(o));
        const [row] = await t
          .insert(calendarFeeds)
          .values({ userId: o.userId, gymId: o.gymId, kind: o.kind, tokenHash: hash(token) })
          .returning();
        return { token, createdAt: row!.createdAt };
      };
      return tx ? run(tx) : db.transaction(run);
    },

    /** Revokes the live token of the feed; false when there was none. */
    async revoke(o: FeedOwner, tx: Executor = db): Promise<boolean> {
      const rows = await tx
        .update(calendarFeeds)
        .set({ revokedAt: sql`now()` })
        .where(ownerIs(o))
        .returning({ id: calendarFeeds.id });
      return rows.length > 0;
    },

    /** The owner of a live token of `kind`, or null (unknown, revoked, or of another kind). */
    async resolve(token: string, kind: string, tx: Executor = db): Promise<FeedOwner | null> {
      if (!TOKEN.test(token)) return null;
      const [row] = await tx
        .select({ userId: calendarFeeds.userId, gymId: calendarFeeds.gymId, kind: calendarFeeds.kind })
        .from(calendarFeeds)
        .where(
          and(
            eq(calendarFeeds.tokenHash, hash(token)),
            eq(calendarFeeds.kind, kind),
            isNull(calendarFeeds.revokedAt),
          ),
        );
      return row ?? null;
    },

    /** A person's feeds (live and revoked, never the tokens), for the account export. */
    async ofUser(userId: number, tx: Executor = db) {
      const rows = await tx.select().from(calendarFeeds).where(eq(calendarFeeds.userId, userId));
      return rows.map((r) => ({
        kind: r.kind,
        gym_id: r.gymId,
        created_at: r.createdAt.toISOString(),
        revoked_at: r.revokedAt?.toISOString() ?? null,
      }));
    },
  };
}
export type CalendarFeeds = ReturnType<typeof createCalendarFeeds>;
