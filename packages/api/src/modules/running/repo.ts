import { and, asc, count, desc, eq, getTableColumns, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Opened, Sealed } from '../../platform/crypto/columns.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { rowsOf, type Db, type Executor } from '../../platform/db/index.js';
import {
  athleteProfiles,
  checkInsSealed,
  hrvReadings,
  hrvSealed,
  wellnessCheckIns,
  workouts,
  workoutsSealed,
  workoutTracks,
  type CheckInRow,
  type HrvRow,
  type ProfileRow,
  type WorkoutRow,
} from './tables.js';

export type ProfileValues = Omit<typeof athleteProfiles.$inferInsert, 'userId' | 'createdAt' | 'updatedAt'>;
export type WorkoutValues = Opened<Omit<typeof workouts.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>>;
export type TrackValues = typeof workoutTracks.$inferInsert;
export type HrvValues = Opened<Omit<typeof hrvReadings.$inferInsert, 'createdAt' | 'updatedAt'>>;
export type CheckInValues = Opened<Omit<typeof wellnessCheckIns.$inferInsert, 'createdAt'>>;
export type WorkoutWithTrack = WorkoutRow & { hasTrack: boolean };

export interface DailyLoad {
  day: string;
  load: number;
  distanceKm: number;
  durationS: number;
  workouts: number;
}

const hasTrack = sql<boolean>`exists (select 1 from ${workoutTracks} where ${workoutTracks.workoutId} = ${workouts.id})`;
const utcDay = sql`(${workouts.startedAt} at time zone 'UTC')::date`;

/**
 * The encrypted columns (tables.ts) are sealed here on the way in and opened on the way out, with the keyring
 * of the running process: services and everything above them see plain values, the database never does.
 */
export function createRunningRepo(db: Db, kr: Keyring) {
  const sealWorkout = <V extends Partial<WorkoutValues>>(userId: number, v: V) =>
    workoutsSealed.seal(kr, userId, v);
  const openWorkout = <R extends typeof workouts.$inferSelect>(w: R) => workoutsSealed.open(kr, w);
  return {
    async profile(userId: number, tx: Executor = db): Promise<ProfileRow | undefined> {
      const [p] = await tx.select().from(athleteProfiles).where(eq(athleteProfiles.userId, userId));
      return p;
    },
    async upsertProfile(userId: number, v: ProfileValues, tx: Executor = db): Promise<ProfileRow> {
      const [p] = await tx
        .insert(athleteProfiles)
        .values({ ...v, userId })
        .onConflictDoUpdate({ target: athleteProfiles.userId, set: { ...v, updatedAt: sql`now()` } })
        .returning();
      return p!;
    },

    async setProfileWeight(userId: number, weightKg: number, tx: Executor = db): Promise<void> {
      await tx
        .insert(athleteProfiles)
        .values({ userId, weightKg })
        .onConflictDoUpdate({ target: athleteProfiles.userId, set: { weightKg, updatedAt: sql`now()` } });
    },

    /** Inserts a workout; returns null when the user already has one with the same fingerprint. */
    async insertWorkout(v: WorkoutValues, tx: Executor = db): Promise<WorkoutRow | null> {
      // DO NOTHING rather than catching 23505: a failed statement would abort the surrounding transaction.
      const [w] = await tx
        .insert(workouts)
        .values(sealWorkout(v.userId, v))
        .onConflictDoNothing({ target: [workouts.userId, workouts.fingerprint] })
        .returning();
      return w ? openWorkout(w) : null;
    },
    async insertWorkouts(vs: WorkoutValues[], tx: Executor = db): Promise<void> {
      for (let i = 0; i < vs.length; i += 500)
        await tx.insert(workouts).values(vs.slice(i, i + 500).map((v) => sealWorkout(v.userId, v)));
    },
    async workout(userId: number, id: number, tx: Executor = db): Promise<WorkoutWithTrack | undefined> {
      const [w] = await tx
        .select({ w: workouts, hasTrack })
        .from(workouts)
        .where(and(eq(workouts.userId, userId), eq(workouts.id, id)));
      return w && { ...openWorkout(w.w), hasTrack: w.hasTrack };
    },
    async workouts(
      userId: number,
      f: { from?: Date; to?: Date; sport?: string },
      page: { skip: number; limit: number } | null,
      tx: Executor = db,
    ): Promise<{ rows: WorkoutWithTrack[]; total: number }> {
      const conds: SQL[] = [eq(workouts.userId, userId)];
      if (f.from) conds.push(gte(workouts.startedAt, f.from));
      if (f.to) conds.push(lt(workouts.startedAt, f.to));
      if (f.sport) conds.push(eq(workouts.sport, f.sport));
      const where = and(...conds);
      const q = tx
        .select({ w: workouts, hasTrack })
        .from(workouts)
        .where(where)
        .orderBy(desc(workouts.startedAt), desc(workouts.id));
      const rows = page ? await q.offset(page.skip).limit(page.limit) : await q;
      const total = page
        ? ((await tx.select({ n: count() }).from(workouts).where(where))[0]?.n ?? 0)
        : rows.length;
      return { rows: rows.map((r) => ({ ...openWorkout(r.w), hasTrack: r.hasTrack })), total };
    },
    async updateWorkout(
      userId: number,
      id: number,
      v: Partial<WorkoutValues>,
      tx: Executor = db,
    ): Promise<WorkoutRow | undefined> {
      const [w] = await tx
        .update(workouts)
        .set({ ...sealWorkout(userId, v), updatedAt: sql`now()` })
        .where(and(eq(workouts.userId, userId), eq(workouts.id, id)))
        .returning();
      return w && openWorkout(w);
    },
    async deleteWorkout(userId: number, id: number, tx: Executor = db): Promise<boolean> {
      const r = await tx
        .delete(workouts)
        .where(and(eq(workouts.userId, userId), eq(workouts.id, id)))
        .returning({ id: workouts.id });
      return r.length > 0;
    },
    /** Rewrites load and TRIMP of many workouts in one statement (after a profile change). */
    async setLoads(rows: { id: number; load: number | null; trimp: number | null }[], tx: Executor = db) {
      for (let i = 0; i < rows.length; i += 1000) {
        const chunk = rows.slice(i, i + 1000);
        const values = sql.join(
          chunk.map((r) => sql`(${r.id}::int, ${r.load}::float8, ${r.trimp}::float8)`),
          sql`, `,
        );
        await tx.execute(
          sql`update ${workouts} set load = v.load, trimp = v.trimp from (values ${values}) as v(id, load, trimp) where ${workouts.id} = v.id`,
        );
      }
    },
    /** Per UTC day: summed load, distance, duration and count, from `from` (inclusive) on; one indexed scan. */
    async dailyLoads(userId: number, from: string, tx: Executor = db): Promise<DailyLoad[]> {
      const res = await tx.execute(sql`
        select to_char(${utcDay}, 'YYYY-MM-DD') as day, coalesce(sum(${workouts.load}), 0)::float8 as load,
               coalesce(sum(${workouts.distanceKm}), 0)::float8 as distance_km,
               sum(${workouts.durationS})::int as duration_s, count(*)::int as n
        from ${workouts}
        where ${workouts.userId} = ${userId} and ${workouts.startedAt} >= ${from}::date
        group by 1 order by 1`);
      return rowsOf<{ day: string; load: number; distance_km: number; duration_s: number; n: number }>(
        res,
      ).map((r) => ({
        day: r.day,
        load: Number(r.load),
        distanceKm: Number(r.distance_km),
        durationS: Number(r.duration_s),
        workouts: Number(r.n),
      }));
    },

    async insertTrack(v: TrackValues, tx: Executor = db) {
      await tx.insert(workoutTracks).values(v);
    },
    async track(workoutId: number, tx: Executor = db) {
      const [t] = await tx.select().from(workoutTracks).where(eq(workoutTracks.workoutId, workoutId));
      return t;
    },

    /**
     * Tracks with their workout's owner and start, by workout id, for modules that read many (segment
     * matching): `userIds` null for everyone's. `total` only when `withTotal`.
     */
    async trackRows(q: {
      userIds: readonly number[] | null;
      afterWorkoutId: number;
      limit: number;
      withTotal?: boolean;
    }) {
      const who =
        q.userIds === null
          ? sql`true`
          : q.userIds.length
            ? sql`w.user_id in (${sql.join(
                q.userIds.map((u) => sql`${u}`),
                sql`, `,
              )})`
            : sql`false`;
      const rows = rowsOf<Record<string, unknown>>(
        await db.execute(sql`select w.id, w.user_id, t.coordinates, t.times, t.heart_rates
            from ${workoutTracks} t join ${workouts} w on w.id = t.workout_id
           where w.id > ${q.afterWorkoutId} and ${who} order by w.id limit ${q.limit}`),
      );
      let total = 0;
      if (q.withTotal) {
        const [c] = rowsOf<{ n: number }>(
          await db.execute(sql`select count(*)::int as n from ${workoutTracks} t join ${workouts} w on w.id = t.workout_id
             where w.id > ${q.afterWorkoutId} and ${who}`),
        );
        total = Number(c?.n ?? 0);
      }
      return { rows, total };
    },
    async trackOwner(workoutId: number, tx: Executor = db) {
      const [w] = await tx
        .select({ userId: workouts.userId })
        .from(workouts)
        .where(eq(workouts.id, workoutId));
      return w?.userId;
    },

    async upsertHrv(v: HrvValues, tx: Executor = db): Promise<{ row: HrvRow; created: boolean }> {
      const sealed = hrvSealed.seal(kr, v.userId, v);
      const { userId: _u, date: _d, ...set } = sealed;
      const [r] = await tx
        .insert(hrvReadings)
        .values(sealed)
        .onConflictDoUpdate({
          target: [hrvReadings.userId, hrvReadings.date],
          set: { ...set, updatedAt: sql`now()` },
        })
        .returning({ ...getTableColumns(hrvReadings), created: sql<boolean>`(xmax = 0)` });
      const { created, ...row } = r!;
      return { row: hrvSealed.open(kr, row), created };
    },
    async insertHrvMany(vs: HrvValues[], tx: Executor = db) {
      for (let i = 0; i < vs.length; i += 500)
        await tx.insert(hrvReadings).values(vs.slice(i, i + 500).map((v) => hrvSealed.seal(kr, v.userId, v)));
    },
    async hrvReadings(
      userId: number,
      f: { from?: string; to?: string },
      page: { skip: number; limit: number } | null,
      tx: Executor = db,
    ): Promise<{ rows: HrvRow[]; total: number }> {
      const conds: SQL[] = [eq(hrvReadings.userId, userId)];
      if (f.from) conds.push(gte(hrvReadings.date, f.from));
      if (f.to) conds.push(lte(hrvReadings.date, f.to));
      const where = and(...conds);
      const q = tx.select().from(hrvReadings).where(where);
      const rows = page
        ? await q.orderBy(desc(hrvReadings.date)).offset(page.skip).limit(page.limit)
        : await q.orderBy(asc(hrvReadings.date));
      const total = page
        ? ((await tx.select({ n: count() }).from(hrvReadings).where(where))[0]?.n ?? 0)
        : rows.length;
      return { rows: rows.map((r) => hrvSealed.open(kr, r)), total };
    },

    async upsertCheckIn(v: CheckInValues, tx: Executor = db): Promise<{ row: CheckInRow; created: boolean }> {
      const sealed = checkInsSealed.seal(kr, v.userId, v);
      const { userId: _u, date: _d, ...set } = sealed;
      const [r] = await tx
        .insert(wellnessCheckIns)
        .values(sealed)
        .onConflictDoUpdate({ target: [wellnessCheckIns.userId, wellnessCheckIns.date], set })
        .returning({ ...getTableColumns(wellnessCheckIns), created: sql<boolean>`(xmax = 0)` });
      const { created, ...row } = r!;
      return { row: checkInsSealed.open(kr, row), created };
    },
    async checkIns(userId: number, from: string | null, tx: Executor = db): Promise<CheckInRow[]> {
      const conds: SQL[] = [eq(wellnessCheckIns.userId, userId)];
      if (from) conds.push(gte(wellnessCheckIns.date, from));
      const rows = await tx
        .select()
        .from(wellnessCheckIns)
        .where(and(...conds))
        .orderBy(asc(wellnessCheckIns.date));
      return rows.map((r) => checkInsSealed.open(kr, r));
    },
    /**
     * Check-ins for the analysis snapshot, which the platform cache (possibly Redis) keeps: the numbers the
     * formulas need are opened, the free-text notes stay sealed until `openCheckInNote` shows one to its owner.
     */
    async checkInsForAnalysis(userId: number, from: string, tx: Executor = db) {
      const rows = await tx
        .select()
        .from(wellnessCheckIns)
        .where(and(eq(wellnessCheckIns.userId, userId), gte(wellnessCheckIns.date, from)))
        .orderBy(asc(wellnessCheckIns.date));
      return rows.map((r) => ({ ...checkInsSealed.open(kr, { ...r, notes: null }), notes: r.notes }));
    },
    openCheckInNote(userId: number, notes: Sealed<string> | null): string | null {
      return checkInsSealed.open(kr, { userId, notes }).notes;
    },
  };
}
export type RunningRepo = ReturnType<typeof createRunningRepo>;
