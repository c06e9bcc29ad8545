import { and, asc, count, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Keyring } from '../../platform/crypto/keyring.js';
import type { Db, Executor } from '../../platform/db/index.js';
import { notifications, notificationsSealed, type NotificationRow } from './tables.js';

export type { NotificationRow };
export interface NotificationValues {
  gymId: number | null;
  userId: number;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
}

/** Which of a person's notifications: those of one gym, or all of them (gyms and personal modules). */
export type NotificationScope = { gymId: number } | 'all';
const inScope = (scope: NotificationScope) =>
  scope === 'all' ? undefined : eq(notifications.gymId, scope.gymId);

/** All SQL of the notifications; the texts and data are sealed on the way in and opened on the way out. */
export function createNotificationsRepo(db: Db, kr: Keyring) {
  const open = (r: typeof notifications.$inferSelect): NotificationRow => notificationsSealed.open(kr, r);
  return {
    async insertMany(values: NotificationValues[], tx: Executor = db): Promise<NotificationRow[]> {
      if (!values.length) return [];
      const rows = await tx
        .insert(notifications)
        .values(values.map((v) => notificationsSealed.seal(kr, v.userId, v)))
        .returning();
      return rows.map(open);
    },
    async list(
      scope: NotificationScope,
      userId: number,
      unreadOnly: boolean,
      page: { skip: number; limit: number },
      tx: Executor = db,
    ) {
      const w = and(
        eq(notifications.userId, userId),
        inScope(scope),
        unreadOnly ? isNull(notifications.readAt) : undefined,
      );
      const [rows, [total]] = await Promise.all([
        tx
          .select()
          .from(notifications)
          .where(w)
          .orderBy(desc(notifications.createdAt), desc(notifications.id))
          .offset(page.skip)
          .limit(page.limit),
        tx.select({ n: count() }).from(notifications).where(w),
      ]);
      return { rows: rows.map(open), total: total?.n ?? 0 };
    },
    /** Marks one of the person's notifications read (keeps the first read time); undefined when not theirs. */
    async markRead(scope: NotificationScope, userId: number, id: number, tx: Executor = db) {
      const [row] = await tx
        .update(notifications)
        .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
        .where(and(eq(notifications.id, id), inScope(scope), eq(notifications.userId, userId)))
        .returning();
      return row && open(row);
    },
    async markAllRead(scope: NotificationScope, userId: number, tx: Executor = db): Promise<number> {
      const rows = await tx
        .update(notifications)
        .set({ readAt: sql`now()` })
        .where(and(eq(notifications.userId, userId), inScope(scope), isNull(notifications.readAt)))
        .returning({ id: notifications.id });
      return rows.length;
    },
    /** The person's notifications after `afterId`, oldest first (a stream resuming from its Last-Event-ID). */
    async after(userId: number, afterId: number, limit: number, tx: Executor = db) {
      const rows = await tx
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, userId), gt(notifications.id, afterId)))
        .orderBy(asc(notifications.id))
        .limit(limit);
      return rows.map(open);
    },
    async ofUser(userId: number, tx: Executor = db) {
      const rows = await tx
        .select()
        .from(notifications)
        .where(eq(notifications.userId, userId))
        .orderBy(notifications.id);
      return rows.map(open);
    },
  };
}
export type NotificationsRepo = ReturnType<typeof createNotificationsRepo>;
