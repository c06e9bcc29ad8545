import { and, asc, count, eq, gte, inArray, isNull, max, sql, sum } from 'drizzle-orm';
import type { Db, Executor } from '../../../platform/db/index.js';
import { gymMembers, gyms } from '../../../platform/kernel/tables.js';
import { aiBudgets, aiGenerations } from './tables.js';

export type GenerationRow = typeof aiGenerations.$inferSelect;
export type NewGeneration = typeof aiGenerations.$inferInsert;

/** All SQL of the AI part of nutrition: the per-gym monthly budget and the generations log. */
export function createAiRepo(db: Db) {
  const key = (gymId: number, month: string) => and(eq(aiBudgets.gymId, gymId), eq(aiBudgets.month, month));
  return {
    /**
     * Moves `micros` into the month's reservation only if spent + reserved + micros stays within the budget, in
     * one statement: two concurrent calls cannot both take the last of it.
     */
    async reserve(gymId: number, month: string, micros: number, budgetMicros: number): Promise<boolean> {
      await db.insert(aiBudgets).values({ gymId, month }).onConflictDoNothing();
      const rows = await db
        .update(aiBudgets)
        .set({ reservedMicros: sql`${aiBudgets.reservedMicros} + ${micros}` })
        .where(
          and(
            key(gymId, month),
            sql`${aiBudgets.spentMicros} + ${aiBudgets.reservedMicros} + ${micros} <= ${budgetMicros}`,
          ),
        )
        .returning({ gymId: aiBudgets.gymId });
      return rows.length > 0;
    },

    /** Releases a reservation and books what the call really cost. */
    async settle(gymId: number, month: string, reservedMicros: number, actualMicros: number): Promise<void> {
      await db
        .update(aiBudgets)
        .set({
          reservedMicros: sql`greatest(${aiBudgets.reservedMicros} - ${reservedMicros}, 0)`,
          spentMicros: sql`${aiBudgets.spentMicros} + ${actualMicros}`,
        })
        .where(key(gymId, month));
    },

    /** The gym's IANA time zone: its budget months are its calendar months. */
    async zoneOf(gymId: number): Promise<string> {
      const [r] = await db.select({ tz: gyms.timezone }).from(gyms).where(eq(gyms.id, gymId));
      return r?.tz ?? 'UTC';
    },

    /**
     * The latest time AI is off until for the gym, over all its months: a cut-off made near a month's end still
     * holds its 24 h after the month changes (the new month's row has none).
     */
    async disabledUntil(gymId: number): Promise<Date | null> {
      const [r] = await db
        .select({ until: max(aiBudgets.disabledUntil) })
        .from(aiBudgets)
        .where(eq(aiBudgets.gymId, gymId));
      return r?.until ?? null;
    },

    async budget(gymId: number, month: string) {
      const [r] = await db.select().from(aiBudgets).where(key(gymId, month));
      return r;
    },

    /**
     * Turns AI off for the gym until `until`; true only for the first call of the month, which sends the admins'
     * notice (a conditional UPDATE, so two requests hitting the end of the budget together notify once).
     */
    async disable(gymId: number, month: string, until: Date, now: Date): Promise<boolean> {
      await db.update(aiBudgets).set({ disabledUntil: until }).where(key(gymId, month));
      const first = await db
        .update(aiBudgets)
        .set({ notifiedAt: now })
        .where(and(key(gymId, month), isNull(aiBudgets.notifiedAt)))
        .returning({ gymId: aiBudgets.gymId });
      return first.length > 0;
    },

    async admins(gymId: number, tx: Executor = db): Promise<number[]> {
      const rows = await tx
        .select({ userId: gymMembers.userId })
        .from(gymMembers)
        .where(and(eq(gymMembers.gymId, gymId), inArray(gymMembers.role, ['owner', 'admin'])))
        .orderBy(asc(gymMembers.userId));
      return rows.map((r) => r.userId);
    },

    async log(g: NewGeneration): Promise<void> {
      await db.insert(aiGenerations).values(g);
    },

    /** Generations and their cost since `from`, for the nutrition analytics. */
    async usageSince(gymId: number, from: Date) {
      const [r] = await db
        .select({
          generations: count(),
          ai: sql<number>`count(*) filter (where ${aiGenerations.source} = 'ai')`,
          cost: sum(aiGenerations.costMicros),
        })
        .from(aiGenerations)
        .where(and(eq(aiGenerations.gymId, gymId), gte(aiGenerations.createdAt, from)));
      return { generations: r?.generations ?? 0, ai: Number(r?.ai ?? 0), costMicros: Number(r?.cost ?? 0) };
    },

    async byUser(userId: number, tx: Executor = db): Promise<GenerationRow[]> {
      return tx
        .select()
        .from(aiGenerations)
        .where(eq(aiGenerations.userId, userId))
        .orderBy(asc(aiGenerations.id));
    },
  };
}

export type AiRepo = ReturnType<typeof createAiRepo>;
