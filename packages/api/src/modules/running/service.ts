import { runningMessages as M } from './messages.js';
import type {
  AthleteProfileBody,
  AthleteProfile as ProfileDto,
  CheckInBody,
  HrvBaseline as HrvBaselineDto,
  HrvReadingBody,
  HrvReadiness,
  HrvReadingsQuery,
  OvertrainingHistory,
  OvertrainingStatus,
  Workout,
  WorkoutCreateBody,
  WorkoutPatchBody,
  WorkoutQuery,
  WorkoutTrack,
} from '@pulso/contracts';
import type { Cache } from '../../platform/cache/index.js';
import { addDays, todayOf } from '../../platform/dates.js';
import type { Db, Executor } from '../../platform/db/index.js';
import { invalid, notFound } from '../../platform/errors.js';
import type { Lang } from '../../platform/i18n.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import { checkProfile, checkRange, checkWorkout } from './checks.js';
import { hrvTrend } from './domain/hrv.js';
import { workoutLoad } from './domain/load.js';
import { hooperIndex } from './domain/wellness.js';
import { baselineDto, checkInDto, hrvDto, profileDto, toProfile, workoutDto } from './dto.js';
import { createImports } from './import.js';
import { createRunningReadModel, type AthleteProfile } from './read-model.js';
import type { RunningRepo, WorkoutValues, WorkoutWithTrack } from './repo.js';
import { createSnapshots } from './snapshot.js';
import { baselineAt, createAnalysis } from './status.js';
import type { HrvRow, WorkoutRow } from './tables.js';
import type { TrackAnalyser } from './track-pool.js';

export { LOAD_UNIT } from './status.js';

export interface RunningDeps {
  db: Db;
  repo: RunningRepo;
  cache: Cache;
  clock: () => number;
  /** Reads activity files off the event loop (worker threads). */
  tracks: TrackAnalyser;
  /** Users whose writes this process tracks to keep stale snapshots out of the cache (snapshot.ts); tests lower it. */
  trackedWriters?: number;
}

/**
 * The running use cases: profile, workouts, HRV, check-ins and their analyses, composed from the per-athlete
 * snapshots (snapshot.ts), row mapping (dto.ts), checks (checks.ts), computations (status.ts), the read model
 * other modules use (read-model.ts) and file import (import.ts).
 */
export function createRunningService(d: RunningDeps) {
  const today = () => todayOf(d.clock());
  const snap = createSnapshots(d);
  const analysis = createAnalysis(snap.memoized, (u, note) => d.repo.openCheckInNote(u, note));
  /** Modules told of each imported track (read model's `onTrackImported`). */
  const trackListeners: ((userId: number, workoutId: number) => void)[] = [];
  const readModel = createRunningReadModel(d.repo, snap, analysis, trackListeners);

  /** Loads depend on the profile's HRs when a workout has no RPE: recompute them all after a change. */
  async function recomputeLoads(userId: number, p: AthleteProfile | null, tx: Executor) {
    const { rows } = await d.repo.workouts(userId, {}, null, tx);
    const changed = rows
      .map((w) => ({ w, l: workoutLoad(w, p) }))
      .filter(({ w, l }) => w.load !== l.load || w.trimp !== l.trimp)
      .map(({ w, l }) => ({ id: w.id, load: l.load, trimp: l.trimp }));
    if (changed.length) await d.repo.setLoads(changed, tx);
  }

  async function withLoad(userId: number, v: WorkoutValues): Promise<WorkoutValues> {
    const l = workoutLoad(
      { durationS: v.durationS, rpe: v.rpe ?? null, avgHr: v.avgHr ?? null },
      await snap.profile(userId),
    );
    return { ...v, load: l.load, trimp: l.trimp };
  }

  const imports = createImports({
    ...d,
    withLoad,
    invalidate: snap.invalidate,
    trackImported: (userId, workoutId) => {
      for (const l of trackListeners) l(userId, workoutId);
    },
  });
  /** Called in the profile's transaction with the weight it was given (the body module keeps its history). */
  const weightHooks: ((userId: number, weightKg: number | null, tx: Executor) => Promise<void>)[] = [];

  return {
    readModel,

    // ----- profile -----
    /**
     * The body module's side of "the profile weight is the latest weight entry" (issue 20): `onWeight` hooks run
     * inside every profile PUT; `setWeight` writes the weight alone, in the caller's transaction, and the
     * caller calls `invalidate` after its commit (weights are not in the load formulas: no recompute).
     */
    onWeight(h: (userId: number, weightKg: number | null, tx: Executor) => Promise<void>) {
      weightHooks.push(h);
    },
    setWeight: (userId: number, weightKg: number, tx: Executor) =>
      d.repo.setProfileWeight(userId, weightKg, tx),
    invalidate: (userId: number) => snap.invalidate(userId),
    async getProfile(userId: number): Promise<ProfileDto> {
      return profileDto(await d.repo.profile(userId), today());
    },
    async putProfile(userId: number, b: AthleteProfileBody): Promise<ProfileDto> {
      checkProfile(b, today());
      const row = await d.db.transaction(async (tx) => {
        const r = await d.repo.upsertProfile(
          userId,
          {
            birthDate: b.birth_date ?? null,
            sex: b.sex ?? null,
            weightKg: b.weight_kg ?? null,
            heightCm: b.height_cm ?? null,
            maxHr: b.max_hr ?? null,
            restingHr: b.resting_hr ?? null,
            thresholdPaceSPerKm: b.threshold_pace_s_per_km ?? null,
            weeklyVolumeKm: b.weekly_volume_km ?? null,
            goalDistanceKm: b.goal_race?.distance_km ?? null,
            goalDate: b.goal_race?.date ?? null,
            goalTargetTimeS: b.goal_race?.target_time_s ?? null,
            experienceLevel: b.experience_level ?? null,
          },
          tx,
        );
        await recomputeLoads(userId, toProfile(r), tx);
        for (const h of weightHooks) await h(userId, b.weight_kg ?? null, tx);
        // A hook may have set the weight from the latest body entry.
        return weightHooks.length ? ((await d.repo.profile(userId, tx)) ?? r) : r;
      });
      await snap.invalidate(userId);
      return profileDto(row, today());
    },

    // ----- workouts -----
    async listWorkouts(userId: number, q: WorkoutQuery) {
      checkRange(q.from, q.to);
      const { rows, total } = await d.repo.workouts(
        userId,
        {
          from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
          to: q.to ? new Date(`${addDays(q.to, 1)}T00:00:00Z`) : undefined,
          sport: q.sport,
        },
        q,
      );
      return { rows: rows.map(workoutDto), total };
    },
    async getWorkout(userId: number, id: number): Promise<Workout> {
      const w = await d.repo.workout(userId, id);
      if (!w) throw notFound(M.msg('workout_not_found'));
      return workoutDto(w);
    },
    async createWorkout(userId: number, b: WorkoutCreateBody): Promise<Workout> {
      const v: WorkoutValues = {
        userId,
        startedAt: new Date(b.started_at),
        sport: b.sport,
        distanceKm: b.distance_km ?? null,
        durationS: b.duration_s,
        movingTimeS: b.moving_time_s ?? null,
        elevationGainM: b.elevation_gain_m ?? null,
        avgHr: b.avg_hr ?? null,
        maxHr: b.max_hr ?? null,
        rpe: b.rpe ?? null,
        notes: b.notes ?? null,
        source: 'manual',
      };
      checkWorkout(
        {
          ...v,
          distanceKm: v.distanceKm ?? null,
          movingTimeS: v.movingTimeS ?? null,
          avgHr: v.avgHr ?? null,
          maxHr: v.maxHr ?? null,
        },
        d.clock(),
      );
      const w = await d.repo.insertWorkout(await withLoad(userId, v));
      await snap.invalidate(userId);
      return workoutDto(w!);
    },
    async patchWorkout(userId: number, id: number, b: WorkoutPatchBody): Promise<Workout> {
      const cur = await d.repo.workout(userId, id);
      if (!cur) throw notFound(M.msg('workout_not_found'));
      const patch: Partial<WorkoutValues> = {};
      if (b.started_at !== undefined) patch.startedAt = new Date(b.started_at);
      if (b.sport !== undefined) patch.sport = b.sport;
      if (b.distance_km !== undefined) patch.distanceKm = b.distance_km;
      if (b.duration_s !== undefined) patch.durationS = b.duration_s;
      if (b.moving_time_s !== undefined) patch.movingTimeS = b.moving_time_s;
      if (b.elevation_gain_m !== undefined) patch.elevationGainM = b.elevation_gain_m;
      if (b.avg_hr !== undefined) patch.avgHr = b.avg_hr;
      if (b.max_hr !== undefined) patch.maxHr = b.max_hr;
      if (b.rpe !== undefined) patch.rpe = b.rpe;
      if (b.notes !== undefined) patch.notes = b.notes;
      const merged = { ...cur, ...patch } as WorkoutRow;
      checkWorkout(merged, d.clock());
      const l = workoutLoad(merged, await snap.profile(userId));
      const w = await d.repo.updateWorkout(userId, id, { ...patch, load: l.load, trimp: l.trimp });
      if (!w) throw notFound(M.msg('workout_not_found'));
      await snap.invalidate(userId);
      return workoutDto({ ...w, hasTrack: cur.hasTrack });
    },
    async deleteWorkout(userId: number, id: number): Promise<void> {
      if (!(await d.repo.deleteWorkout(userId, id))) throw notFound(M.msg('workout_not_found'));
      await snap.invalidate(userId);
    },
    async track(userId: number, id: number): Promise<WorkoutTrack> {
      const w = await d.repo.workout(userId, id);
      if (!w) throw notFound(M.msg('workout_not_found'));
      const t = await d.repo.track(id);
      if (!t) throw notFound(M.msg('track_not_found'));
      return {
        type: 'Feature',
        // RFC 7946 positions are numbers only: a point without elevation is [lon, lat].
        geometry: {
          type: 'LineString',
          coordinates: t.coordinates.map(([lon, lat, ele]) => (ele == null ? [lon, lat] : [lon, lat, ele])),
        },
        properties: {
          workout_id: id,
          sport: w.sport as WorkoutTrack['properties']['sport'],
          started_at: w.startedAt.toISOString(),
          coordinate_properties: { times: t.times, heart_rates: t.heartRates ?? null },
          points_original: t.pointsOriginal,
        },
      };
    },
    ...imports,

    // ----- HRV -----
    async putHrv(userId: number, b: HrvReadingBody) {
      if (b.date > addDays(today(), 1)) throw invalid('date', M.msg('in_future'));
      const { row, created } = await d.repo.upsertHrv({
        userId,
        date: b.date,
        rmssdMs: b.rmssd_ms,
        restingHr: b.resting_hr ?? null,
        sleepHours: b.sleep_hours ?? null,
        sleepQuality: b.sleep_quality ?? null,
        fatigue: b.fatigue ?? null,
        stress: b.stress ?? null,
        soreness: b.soreness ?? null,
      });
      await snap.invalidate(userId);
      return { reading: hrvDto(row), created };
    },
    async listHrv(userId: number, q: HrvReadingsQuery) {
      checkRange(q.from, q.to);
      const { rows, total } = await d.repo.hrvReadings(userId, { from: q.from, to: q.to }, q);
      return { rows: rows.map(hrvDto), total };
    },
    async hrvBaseline(userId: number, lang: Lang): Promise<HrvBaselineDto> {
      const inp = await snap.inputs(userId);
      const date = today();
      const b = baselineAt(inp, date);
      return baselineDto(b, hrvTrend(b, baselineAt(inp, addDays(date, -7))), lang);
    },
    async readiness(userId: number, lang: Lang): Promise<HrvReadiness> {
      return analysis.readinessAt(await snap.inputs(userId), today(), lang);
    },

    // ----- overtraining -----
    async status(userId: number, lang: Lang): Promise<OvertrainingStatus> {
      return analysis.statusAt(await snap.inputs(userId), today(), lang);
    },
    async history(userId: number, weeks: number): Promise<OvertrainingHistory> {
      const inp = await snap.inputs(userId);
      const date = today();
      return analysis.historyAt(inp, date, weeks);
    },
    async checkIn(userId: number, b: CheckInBody) {
      const date = b.date ?? today();
      if (date > addDays(today(), 1)) throw invalid('date', M.msg('in_future'));
      const { row, created } = await d.repo.upsertCheckIn({
        userId,
        date,
        sleep: b.sleep,
        stress: b.stress,
        fatigue: b.fatigue,
        soreness: b.soreness,
        hooperIndex: hooperIndex(b),
        notes: b.notes ?? null,
      });
      await snap.invalidate(userId);
      return { checkIn: checkInDto(row), created };
    },

    /** Health data (special-category personal data, GDPR art. 9): exported in full; rows cascade on erasure. */
    userData(): UserDataContributor {
      return {
        name: 'running',
        async export(userId, tx) {
          const p = await d.repo.profile(userId, tx);
          const w = await d.repo.workouts(userId, {}, null, tx);
          const tracks = [];
          for (const x of w.rows.filter((r) => r.hasTrack)) {
            const t = await d.repo.track(x.id, tx);
            if (t)
              tracks.push({
                workout_id: x.id,
                coordinates: t.coordinates,
                times: t.times,
                heart_rates: t.heartRates,
              });
          }
          const h = await d.repo.hrvReadings(userId, {}, null, tx);
          const c = await d.repo.checkIns(userId, null, tx);
          return {
            profile: p ? profileDto(p, today()) : null,
            workouts: w.rows.map(workoutDto),
            tracks,
            hrv_readings: h.rows.map(hrvDto),
            check_ins: c.map(checkInDto),
          };
        },
        async beforeErase(userId) {
          // The rows go with the account (ON DELETE CASCADE); the cached snapshots must not outlive them.
          await snap.invalidate(userId);
        },
      };
    },

    /** Demo data: bulk inserts, bypassing the per-row checks (the generator is ours). */
    async seedBulk(
      userId: number,
      ws: Omit<WorkoutValues, 'userId'>[],
      hrv: Omit<HrvRow, 'userId' | 'createdAt' | 'updatedAt'>[],
    ) {
      const p = await snap.profile(userId);
      await d.db.transaction(async (tx) => {
        await d.repo.insertWorkouts(
          ws.map((w) => {
            const l = workoutLoad({ durationS: w.durationS, rpe: w.rpe ?? null, avgHr: w.avgHr ?? null }, p);
            return { ...w, userId, load: l.load, trimp: l.trimp };
          }),
          tx,
        );
        await d.repo.insertHrvMany(
          hrv.map((h) => ({ ...h, userId })),
          tx,
        );
      });
      await snap.invalidate(userId);
    },
  };
}
export type RunningService = ReturnType<typeof createRunningService>;
export type { WorkoutWithTrack };
