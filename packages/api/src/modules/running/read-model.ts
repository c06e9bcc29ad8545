import { jsonOf } from '../../platform/db/index.js';
import { addDays, mondayOf } from '../../platform/dates.js';
import { round, summary } from './dto.js';
import type { RunningRepo } from './repo.js';
import type { Recent, Snapshots } from './snapshot.js';
import type { Analysis } from './status.js';

// Obtain it with `buildServices(deps).running.readModel` (src/services.ts); results are cached per athlete and
// invalidated on every workout, profile, HRV or check-in write.
/**
 * What the running module offers the race and training modules: the athlete's profile, recent efforts,
 * readiness and load. The running module implements it (service.ts); race/ and training/ depend only on
 * this interface, so each side can change its internals freely.
 */
export type Sex = 'male' | 'female';
export type ExperienceLevel = 'beginner' | 'intermediate' | 'advanced' | 'elite';

export interface AthleteProfile {
  userId: number;
  birthDate: string | null; // YYYY-MM-DD
  sex: Sex | null;
  weightKg: number | null;
  heightCm: number | null;
  maxHr: number | null;
  restingHr: number | null;
  thresholdPaceSPerKm: number | null;
  weeklyVolumeKm: number | null;
  goalRace: { distanceKm: number; date: string; targetTimeS: number | null } | null;
  experienceLevel: ExperienceLevel | null;
}

/**
 * One workout as the other modules need it (running workouts only where `sport` says so: 'run' | 'trail_run' |
 * 'walk' | 'hike' | 'ride' | 'swim' | 'strength' | 'other').
 */
export interface WorkoutSummary {
  id: number;
  startedAt: Date;
  sport: string;
  distanceKm: number | null;
  durationS: number;
  movingTimeS: number | null;
  elevationGainM: number | null;
  avgHr: number | null;
  rpe: number | null;
  /** session-RPE load (Foster 2001), RPE × minutes; null without RPE. */
  srpeLoad: number | null;
  /** Banister TRIMP; null without HR data or profile HRs. */
  trimp: number | null;
}

export interface Readiness {
  date: string;
  score: number | null; // 0–100; null when there is not enough data
  status: string; // e.g. 'ready' | 'moderate' | 'low' | 'insufficient_data'
  /** Suggested load multiplier for today's session, 0.5–1.2. */
  loadMultiplier: number;
}

export interface LoadStatus {
  date: string;
  acwr: number | null;
  acwrMethod: string;
  ctl: number;
  atl: number;
  tsb: number;
  monotony: number | null;
  strain: number | null;
  riskLevel: 'LOW' | 'MODERATE' | 'HIGH' | 'VERY_HIGH';
}

export interface WeekSummary {
  weekStart: string; // Monday, YYYY-MM-DD
  workouts: number;
  distanceKm: number;
  durationS: number;
  load: number;
  /** rMSSD of the week's HRV readings, ms: the geometric mean (the mean of ln rMSSD, Plews et al. 2012); null without readings. */
  hrvMs: number | null;
}

/** An imported workout's stored (simplified) track, for matching against route segments. */
export interface WorkoutTrackData {
  workoutId: number;
  userId: number;
  /** [lon, lat, ele|null] per point (GeoJSON order). */
  coordinates: [number, number, number | null][];
  /** Epoch milliseconds per point. */
  times: number[];
  heartRates: (number | null)[] | null;
}

export interface RunningReadModel {
  profile(userId: number): Promise<AthleteProfile | null>;
  /**
   * Workouts in [from, to) (dates YYYY-MM-DD), newest first. Within the last 400 days, the same (user, from, to)
   * gives the same frozen array until the athlete's next write, so a caller may memoise its work on the array
   * (a WeakMap keyed by it); a write gives a new array on the very next call.
   */
  workoutsBetween(userId: number, from: string, to: string): Promise<readonly WorkoutSummary[]>;
  readiness(userId: number, date: string): Promise<Readiness>;
  loadStatus(userId: number, date: string): Promise<LoadStatus>;
  /** The last `weeks` calendar weeks ending with the week of `date`, oldest first. */
  weeklySummaries(userId: number, date: string, weeks: number): Promise<WeekSummary[]>;
  /** One workout's track, or null (no such workout, or not imported from a file). */
  trackOf(workoutId: number): Promise<WorkoutTrackData | null>;
  /**
   * Tracks of these people (null: everyone) with workout id > `afterWorkoutId`, by id; `total` (counted on the
   * first page only, `afterWorkoutId` 0) is how many there are in all. `bbox` leaves out tracks that do not
   * reach it (still counted as read).
   */
  tracksPage(q: {
    userIds: readonly number[] | null;
    afterWorkoutId: number;
    limit: number;
    bbox?: { minLon: number; minLat: number; maxLon: number; maxLat: number };
  }): Promise<{ tracks: WorkoutTrackData[]; total: number; lastWorkoutId: number | null; read: number }>;
  /** Called after each committed import of a workout with a track (segment matching listens). */
  onTrackImported(listener: (userId: number, workoutId: number) => void): void;
}

/** The running module's implementation, over its snapshots (snapshot.ts) and computations (status.ts). */
export function createRunningReadModel(
  repo: RunningRepo,
  snap: Snapshots,
  analysis: Analysis,
  trackListeners: ((userId: number, workoutId: number) => void)[] = [],
): RunningReadModel {
  function windowOf(r: Recent, from: string, to: string): readonly WorkoutSummary[] {
    const out: WorkoutSummary[] = [];
    for (const w of r.rows) {
      const day = w.startedAt.slice(0, 10);
      if (day >= from && day < to) out.push(Object.freeze({ ...w, startedAt: new Date(w.startedAt) }));
    }
    return Object.freeze(out);
  }

  return {
    profile: snap.profile,
    async workoutsBetween(userId, from, to) {
      const r = await snap.recent(userId);
      // The same window of the same snapshot gives the same (frozen) array: race/service.ts memoises the best
      // effort on it. Windows are dates, so a caller asking for "the last 90 days" hits all day long.
      if (from >= r.from) return snap.memoized(r, `between:${from}:${to}`, () => windowOf(r, from, to));
      const { rows } = await repo.workouts(
        userId,
        { from: new Date(`${from}T00:00:00Z`), to: new Date(`${to}T00:00:00Z`) },
        null,
      );
      return rows.map((w) => ({ ...summary(w), startedAt: w.startedAt }));
    },
    async readiness(userId, date): Promise<Readiness> {
      const r = analysis.readinessAt(await snap.inputs(userId), date, 'en');
      return { date, score: r.score, status: r.status, loadMultiplier: r.load_multiplier };
    },
    async loadStatus(userId, date): Promise<LoadStatus> {
      const s = analysis.statusAt(await snap.inputs(userId), date, 'en');
      return {
        date,
        acwr: s.acwr.value,
        acwrMethod: s.acwr.method,
        ctl: s.ctl,
        atl: s.atl,
        tsb: s.tsb,
        monotony: s.monotony,
        strain: s.strain,
        riskLevel: s.risk_level,
      };
    },
    async trackOf(workoutId) {
      const t = await repo.track(workoutId);
      const userId = t && (await repo.trackOwner(workoutId));
      if (!t || userId === undefined) return null;
      return {
        workoutId,
        userId,
        coordinates: t.coordinates,
        times: t.times.map((x) => Date.parse(x)),
        heartRates: t.heartRates ?? null,
      };
    },
    async tracksPage(q) {
      const { rows, total } = await repo.trackRows({ ...q, withTotal: q.afterWorkoutId === 0 });
      const tracks: WorkoutTrackData[] = [];
      for (const r of rows) {
        const coordinates = jsonOf<[number, number, number | null][]>(r.coordinates);
        const b = q.bbox;
        if (
          b &&
          !coordinates.some(
            ([lon, lat]) => lon >= b.minLon && lon <= b.maxLon && lat >= b.minLat && lat <= b.maxLat,
          )
        )
          continue;
        tracks.push({
          workoutId: Number(r.id),
          userId: Number(r.user_id),
          coordinates,
          times: jsonOf<string[]>(r.times).map((x) => Date.parse(x)),
          heartRates: r.heart_rates == null ? null : jsonOf<(number | null)[]>(r.heart_rates),
        });
      }
      return {
        tracks,
        total,
        lastWorkoutId: rows.length ? Number(rows.at(-1)!.id) : null,
        read: rows.length,
      };
    },
    onTrackImported(listener) {
      trackListeners.push(listener);
    },
    async weeklySummaries(userId, date, weeks): Promise<WeekSummary[]> {
      const inp = await snap.inputs(userId);
      const lastMonday = mondayOf(date);
      const out: WeekSummary[] = [];
      for (let k = weeks - 1; k >= 0; k--) {
        const ws = addDays(lastMonday, -7 * k);
        const we = addDays(ws, 7);
        let workouts = 0,
          distanceKm = 0,
          durationS = 0,
          load = 0;
        for (const l of inp.loads)
          if (l.day >= ws && l.day < we) {
            workouts += l.workouts;
            distanceKm += l.distanceKm;
            durationS += l.durationS;
            load += l.load;
          }
        let lnSum = 0;
        let readings = 0;
        for (const h of inp.hrv)
          if (h.date >= ws && h.date < we && h.rmssdMs > 0) {
            lnSum += Math.log(h.rmssdMs);
            readings++;
          }
        out.push({
          weekStart: ws,
          workouts,
          distanceKm: round(distanceKm, 2),
          durationS,
          load: round(load, 1),
          hrvMs: readings ? round(Math.exp(lnSum / readings), 1) : null,
        });
      }
      return out;
    },
  };
}
