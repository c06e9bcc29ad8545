import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../db/index.js';
import { auditLogs } from './tables.js';

export interface AuditEntry {
  gymId?: number | null;
  userId?: number | null;
  action: string;
  targetType?: string | null;
  targetId?: string | number | null;
  ip?: string | null;
  metadata?: Record<string, unknown>;
}

export interface AuditFilter {
  action?: string | undefined;
  userId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export type AuditRow = typeof auditLogs.$inferSelect;

export function createAuditRepo(db: Db) {
  const where = (gymId: number, f: AuditFilter): SQL | undefined =>
    and(
      eq(auditLogs.gymId, gymId),
      f.action ? eq(auditLogs.action, f.action) : undefined,
      f.userId ? eq(auditLogs.userId, f.userId) : undefined,
      f.from ? gte(auditLogs.createdAt, new Date(f.from)) : undefined,
      f.to ? lt(auditLogs.createdAt, new Date(f.to)) : undefined,
    );
  return {
    async insert(e: AuditEntry, tx: Executor = db) {
      await tx.insert(auditLogs).values({
        gymId: e.gymId ?? null,
        userId: e.userId ?? null,
        action: e.action,
        targetType: e.targetType ?? null,
        targetId: e.targetId == null ? null : String(e.targetId),
        ip: e.ip ?? null,
        metadata: e.metadata ?? {},
      });
    },
    async list(gymId: number, f: AuditFilter, page: { skip: number; limit: number }, tx: Executor = db) {
      const w = where(gymId, f);
      const [rows, [total]] = await Promise.all([
        tx
          .select()
          .from(auditLogs)
          .where(w)
          .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
          .offset(page.skip)
          .limit(page.limit),
        tx.select({ n: count() }).from(auditLogs).where(w),
      ]);
      return { rows, total: total?.n ?? 0 };
    },
    async byUser(userId: number, tx: Executor = db) {
      return tx
        .select()
        .from(auditLogs)
        .where(eq(auditLogs.userId, userId))
        .orderBy(desc(auditLogs.createdAt));
    },
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;

/** Sensitive actions (design §5) call this; a failure to audit fails the action (same transaction). */
export type Audit = (e: AuditEntry, tx?: Executor) => Promise<void>;

export const toAuditDto = (r: AuditRow) => ({
  id: r.id,
  gym_id: r.gymId,
  user_id: r.userId,
  action: r.action,
  target_type: r.targetType,
  target_id: r.targetId,
  ip: r.ip,
  metadata: r.metadata,
  created_at: r.createdAt.toISOString(),
});
