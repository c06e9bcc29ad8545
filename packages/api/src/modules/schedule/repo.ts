import { and, asc, count, eq, gt, gte, inArray, lte, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Executor } from '../../platform/db/index.js';
import { pgCode } from '../../platform/errors.js';
import { users } from '../../platform/kernel/tables.js';
import { reservableSlots } from '../reservations/tables.js';
import { classCategories, classes, classSessions } from './tables.js';

export type CategoryRow = typeof classCategories.$inferSelect;
export type CategoryValues = Partial<Pick<CategoryRow, 'name' | 'description' | 'color'>>;
export type ClassRow = typeof classes.$inferSelect;
export type ClassValues = Partial<
  Omit<typeof classes.$inferInsert, 'id' | 'gymId' | 'createdAt' | 'updatedAt'>
>;
export type SessionRow = typeof classSessions.$inferSelect;

const classColumns = {
  cls: classes,
  categoryName: classCategories.name,
  categoryColor: classCategories.color,
  instructorName: users.name,
};
export type ClassWithRefs = {
  cls: ClassRow;
  categoryName: string | null;
  categoryColor: string | null;
  instructorName: string | null;
};

const sessionColumns = {
  s: classSessions,
  className: classes.name,
  classDescription: classes.description,
  capacity: reservableSlots.capacity,
  bookedCount: reservableSlots.bookedCount,
  waitlistCount: reservableSlots.waitlistCount,
  status: reservableSlots.status,
};
export type SessionWithSlot = {
  s: SessionRow;
  className: string;
  classDescription: string | null;
  capacity: number | null;
  bookedCount: number;
  waitlistCount: number;
  status: 'open' | 'cancelled';
};

/** A new session and its slot id (allocated beforehand, so both rows go in with one statement each). */
export interface NewSession {
  classId: number;
  date: string;
  startsAt: Date;
  durationMin: number;
  instructorId: number | null;
  room: string | null;
  capacity: number;
}

export function createScheduleRepo(db: Db) {
  const sessionsQuery = (tx: Executor) =>
    tx
      .select(sessionColumns)
      .from(classSessions)
      .innerJoin(classes, and(eq(classes.gymId, classSessions.gymId), eq(classes.id, classSessions.classId)))
      .innerJoin(
        reservableSlots,
        and(eq(reservableSlots.gymId, classSessions.gymId), eq(reservableSlots.id, classSessions.slotId)),
      );

  return {
    /** slot id → session id, for live updates of places (`platform/live.ts`). */
    async sessionsOfSlots(gymId: number, slotIds: number[], tx: Executor = db): Promise<Map<number, number>> {
      if (!slotIds.length) return new Map();
      const rows = await tx
        .select({ id: classSessions.id, slotId: classSessions.slotId })
        .from(classSessions)
        .where(and(eq(classSessions.gymId, gymId), inArray(classSessions.slotId, slotIds)));
      return new Map(rows.map((r) => [r.slotId, r.id]));
    },
    /** The gyms with a class this person instructs (their name shows in those gyms' class lists). */
    async gymsInstructedBy(userId: number, tx: Executor = db): Promise<number[]> {
      const rows = await tx
        .selectDistinct({ gymId: classes.gymId })
        .from(classes)
        .where(eq(classes.instructorId, userId));
      return rows.map((r) => r.gymId);
    },

    // ---- categories
    async listCategories(gymId: number, page: { skip: number; limit: number }, tx: Executor = db) {
      const w = eq(classCategories.gymId, gymId);
      const [rows, [total]] = await Promise.all([
        tx
          .select()
          .from(classCategories)
          .where(w)
          .orderBy(asc(classCategories.name), asc(classCategories.id))
          .offset(page.skip)
          .limit(page.limit),
        tx.select({ n: count() }).from(classCategories).where(w),
      ]);
      return { rows, total: total?.n ?? 0 };
    },
    async findCategory(gymId: number, id: number, tx: Executor = db): Promise<CategoryRow | undefined> {
      const [c] = await tx
        .select()
        .from(classCategories)
        .where(and(eq(classCategories.gymId, gymId), eq(classCategories.id, id)));
      return c;
    },
    /** null when the gym already has a category of that name. */
    async insertCategory(
      gymId: number,
      v: CategoryValues & { name: string },
      tx: Executor = db,
    ): Promise<CategoryRow | null> {
      try {
        const [c] = await tx
          .insert(classCategories)
          .values({ ...v, gymId })
          .returning();
        return c!;
      } catch (err) {
        if (pgCode(err) === '23505') return null;
        throw err;
      }
    },
    /** undefined: not found; null: the name is taken. */
    async updateCategory(
      gymId: number,
      id: number,
      v: CategoryValues,
      tx: Executor = db,
    ): Promise<CategoryRow | null | undefined> {
      try {
        const [c] = await tx
          .update(classCategories)
          .set({ ...v, updatedAt: sql`now()` })
          .where(and(eq(classCategories.gymId, gymId), eq(classCategories.id, id)))
          .returning();
        return c;
      } catch (err) {
        if (pgCode(err) === '23505') return null;
        throw err;
      }
    },
    async deleteCategory(gymId: number, id: number, tx: Executor = db): Promise<boolean> {
      const r = await tx
        .delete(classCategories)
        .where(and(eq(classCategories.gymId, gymId), eq(classCategories.id, id)))
        .returning({ id: classCategories.id });
      return r.length > 0;
    },

    // ---- classes
    async listClasses(gymId: number, tx: Executor = db): Promise<ClassWithRefs[]> {
      return tx
        .select(classColumns)
        .from(classes)
        .leftJoin(
          classCategories,
          and(eq(classCategories.id, classes.categoryId), eq(classCategories.gymId, classes.gymId)),
        )
        .leftJoin(users, eq(users.id, classes.instructorId))
        .where(eq(classes.gymId, gymId))
        .orderBy(asc(classes.name), asc(classes.id));
    },
    async findClass(gymId: number, id: number, tx: Executor = db): Promise<ClassWithRefs | undefined> {
      const [c] = await tx
        .select(classColumns)
        .from(classes)
        .leftJoin(
          classCategories,
          and(eq(classCategories.id, classes.categoryId), eq(classCategories.gymId, classes.gymId)),
        )
        .leftJoin(users, eq(users.id, classes.instructorId))
        .where(and(eq(classes.gymId, gymId), eq(classes.id, id)));
      return c;
    },
    async lockClass(gymId: number, id: number, tx: Executor): Promise<ClassRow | undefined> {
      const [c] = await tx
        .select()
        .from(classes)
        .where(and(eq(classes.gymId, gymId), eq(classes.id, id)))
        .for('update');
      return c;
    },
    async insertClass(
      gymId: number,
      v: ClassValues &
        Pick<
          typeof classes.$inferInsert,
          'name' | 'weekdays' | 'startTime' | 'durationMin' | 'capacity' | 'startDate'
        >,
      tx: Executor = db,
    ): Promise<ClassRow> {
      const [c] = await tx
        .insert(classes)
        .values({ ...v, gymId })
        .returning();
      return c!;
    },
    async updateClass(gymId: number, id: number, v: ClassValues, tx: Executor = db) {
      await tx
        .update(classes)
        .set({ ...v, updatedAt: sql`now()` })
        .where(and(eq(classes.gymId, gymId), eq(classes.id, id)));
    },
    async deleteClass(gymId: number, id: number, tx: Executor = db) {
      await tx.delete(classes).where(and(eq(classes.gymId, gymId), eq(classes.id, id)));
    },
    async templates(gymId: number, classId: number | undefined, tx: Executor = db): Promise<ClassRow[]> {
      return tx
        .select()
        .from(classes)
        .where(and(eq(classes.gymId, gymId), classId ? eq(classes.id, classId) : undefined));
    },

    // ---- sessions
    /** Serialises the making of one gym's sessions (two first readers of a window make them once). */
    async lockSessionMaking(gymId: number, tx: Executor) {
      await tx.execute(sql`select pg_advisory_xact_lock(7301, ${gymId})`);
    },
    async sessionKeys(
      gymId: number,
      classIds: number[],
      from: string,
      to: string,
      tx: Executor = db,
    ): Promise<Set<string>> {
      if (!classIds.length) return new Set();
      const r = await tx
        .select({ classId: classSessions.classId, date: classSessions.date })
        .from(classSessions)
        .where(
          and(
            eq(classSessions.gymId, gymId),
            inArray(classSessions.classId, classIds),
            gte(classSessions.date, from),
            lte(classSessions.date, to),
          ),
        );
      return new Set(r.map((x) => `${x.classId}|${x.date}`));
    },
    async insertSessions(gymId: number, list: NewSession[], tx: Executor) {
      if (!list.length) return;
      const ids = rowsOf<{ id: number }>(
        await tx.execute(
          sql`select nextval(pg_get_serial_sequence('reservable_slots', 'id'))::int as id from generate_series(1, ${list.length})`,
        ),
      ).map((r) => Number(r.id));
      await tx.insert(reservableSlots).values(
        list.map((s, i) => ({
          id: ids[i]!,
          gymId,
          kind: 'session' as const,
          capacity: s.capacity,
          startsAt: s.startsAt,
        })),
      );
      await tx.insert(classSessions).values(
        list.map((s, i) => ({
          gymId,
          classId: s.classId,
          slotId: ids[i]!,
          date: s.date,
          startsAt: s.startsAt,
          durationMin: s.durationMin,
          instructorId: s.instructorId,
          room: s.room,
        })),
      );
    },
    async sessionsInRange(
      gymId: number,
      from: string,
      to: string,
      classId: number | undefined,
      tx: Executor = db,
    ): Promise<SessionWithSlot[]> {
      return sessionsQuery(tx)
        .where(
          and(
            eq(classSessions.gymId, gymId),
            gte(classSessions.date, from),
            lte(classSessions.date, to),
            classId ? eq(classSessions.classId, classId) : undefined,
          ),
        )
        .orderBy(asc(classSessions.startsAt), asc(classSessions.id));
    },
    /** The reservable slot of a session of the gym (a session keeps its slot for life). */
    async slotOfSession(gymId: number, id: number): Promise<number | undefined> {
      const [s] = await db
        .select({ slotId: classSessions.slotId })
        .from(classSessions)
        .where(and(eq(classSessions.gymId, gymId), eq(classSessions.id, id)));
      return s?.slotId;
    },
    async findSession(gymId: number, id: number, tx: Executor = db): Promise<SessionWithSlot | undefined> {
      const [s] = await sessionsQuery(tx).where(
        and(eq(classSessions.gymId, gymId), eq(classSessions.id, id)),
      );
      return s;
    },
    async sessionsBySlots(gymId: number, slotIds: number[], tx: Executor = db) {
      if (!slotIds.length) return [];
      return tx
        .select({
          id: classSessions.id,
          slotId: classSessions.slotId,
          classId: classSessions.classId,
          className: classes.name,
        })
        .from(classSessions)
        .innerJoin(
          classes,
          and(eq(classes.gymId, classSessions.gymId), eq(classes.id, classSessions.classId)),
        )
        .where(and(eq(classSessions.gymId, gymId), inArray(classSessions.slotId, slotIds)));
    },
    async updateSession(
      gymId: number,
      id: number,
      v: Partial<Pick<SessionRow, 'startsAt' | 'durationMin' | 'instructorId' | 'room' | 'overridden'>>,
      tx: Executor,
    ) {
      await tx
        .update(classSessions)
        .set({ ...v, revision: sql`${classSessions.revision} + 1`, updatedAt: sql`now()` })
        .where(and(eq(classSessions.gymId, gymId), eq(classSessions.id, id)));
    },
    /** The class changed what its sessions show (name, description…): each session's revision moves on. */
    async bumpSessionsOfClass(gymId: number, classId: number, tx: Executor) {
      await tx
        .update(classSessions)
        .set({ revision: sql`${classSessions.revision} + 1`, updatedAt: sql`now()` })
        .where(and(eq(classSessions.gymId, gymId), eq(classSessions.classId, classId)));
    },
    /** The class's sessions that have not started yet. */
    async futureSessions(gymId: number, classId: number, now: Date, tx: Executor = db) {
      return sessionsQuery(tx).where(
        and(
          eq(classSessions.gymId, gymId),
          eq(classSessions.classId, classId),
          gt(classSessions.startsAt, now),
        ),
      );
    },
    async slotIdsOfClass(gymId: number, classId: number, tx: Executor = db): Promise<number[]> {
      const r = await tx
        .select({ slotId: classSessions.slotId })
        .from(classSessions)
        .where(and(eq(classSessions.gymId, gymId), eq(classSessions.classId, classId)));
      return r.map((x) => x.slotId);
    },
  };
}
export type ScheduleRepo = ReturnType<typeof createScheduleRepo>;
