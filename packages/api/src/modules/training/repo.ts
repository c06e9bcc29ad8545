import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/index.js';
import { trainingPlans, trainingSessions } from './tables.js';

export type PlanRow = typeof trainingPlans.$inferSelect;
export type SessionRow = typeof trainingSessions.$inferSelect;
export type NewPlan = Omit<typeof trainingPlans.$inferInsert, 'id' | 'createdAt'>;
export type NewSession = Omit<typeof trainingSessions.$inferInsert, 'id' | 'planId' | 'userId'>;

export function createTrainingRepo(db: Db) {
  return {
    async planOf(userId: number, tx: Executor = db): Promise<PlanRow | undefined> {
      const [p] = await tx.select().from(trainingPlans).where(eq(trainingPlans.userId, userId));
      return p;
    },
    /** Inserts the plan, or returns undefined when the user already has one (the unique index decides). */
    async insertPlan(plan: NewPlan, sessions: NewSession[], tx: Executor = db): Promise<PlanRow | undefined> {
      const [p] = await tx.insert(trainingPlans).values(plan).onConflictDoNothing().returning();
      if (!p) return undefined;
      if (sessions.length)
        await tx
          .insert(trainingSessions)
          .values(sessions.map((s) => ({ ...s, planId: p.id, userId: plan.userId })));
      return p;
    },
    async deletePlan(userId: number, tx: Executor = db): Promise<boolean> {
      const r = await tx
        .delete(trainingPlans)
        .where(eq(trainingPlans.userId, userId))
        .returning({ id: trainingPlans.id });
      return r.length > 0;
    },
    /** Sessions dated in [from, to), oldest first. */
    async sessionsBetween(
      userId: number,
      from: string,
      to: string,
      tx: Executor = db,
    ): Promise<SessionRow[]> {
      return tx
        .select()
        .from(trainingSessions)
        .where(
          and(
            eq(trainingSessions.userId, userId),
            gte(trainingSessions.date, from),
            lt(trainingSessions.date, to),
          ),
        )
        .orderBy(asc(trainingSessions.date));
    },
  };
}
export type TrainingRepo = ReturnType<typeof createTrainingRepo>;
