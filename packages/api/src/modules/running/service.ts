import type {
  AthleteProfile as ProfileDto,
  AthleteProfileBody,
  CheckIn,
  CheckInBody,
  HrvBaseline as HrvBaselineDto,
  HrvReading,
  HrvReadingBody,
  HrvReadiness,
  HrvReadingsQuery,
  OvertrainingHistory,
  OvertrainingStatus,
  RunningFactor,
  Workout,
  WorkoutCreateBody,
  WorkoutImportResult,
  WorkoutPatchBody,
  WorkoutQuery,
  WorkoutTrack,
} from '@pulso/contracts';
import type { Cache } from '../../platform/cache/index.js';
import type { Sealed } from '../../platform/crypto/columns.js';
import type { Db, Executor } from '../../platform/db/index.js';
import { AppError, invalid, notFound, refuse } from '../../platform/errors.js';
import type { Lang } from '../../platform/i18n.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import { addDays, dayNumber, mondayOf, todayOf } from './domain/dates.js';
import {
  hrvBaseline,
  hrvTrend,
  readinessScore,
  readinessStatus,
  lnRmssd,
  type HrvBaseline,
  type HrvPoint,
} from './domain/hrv.js';
import {
  ACWR_EWMA_METHOD,
  ACWR_METHOD,
  acwrEwma,
  acwrRolling,
  monotonyStrain,
  pmcSeries,
  sessionRpeLoad,
  workoutLoad,
  type PmcPoint,
  type Sex,
} from './domain/load.js';
import { assessRisk } from './domain/risk.js';
import { hooperIndex, hooperLevel } from './domain/wellness.js';
import { TrackFileError } from './parse.js';
import type {
  AthleteProfile,
  LoadStatus,
  Readiness,
  RunningReadModel,
  WeekSummary,
  WorkoutSummary,
} from './read-model.js';
import type { DailyLoad, RunningRepo, WorkoutValues, WorkoutWithTrack } from './repo.js';
import { BUSY_DETAIL, type TrackAnalyser } from './track-pool.js';
import type { CheckInRow, HrvRow, ProfileRow, WorkoutRow } from './tables.js';
import {
  HRV_STATUS_TEXT,
  NO_DATA_ADVICE,
  READINESS_FACTOR_TEXT,
  RISK_GENERAL,
  RISK_TEXT,
  SESSION_TEXT,
  type Session,
} from './texts.js';

export interface RunningDeps {
  db: Db;
  repo: RunningRepo;
  cache: Cache;
  clock: () => number;
  /** Reads activity files off the event loop (worker threads). */
  tracks: TrackAnalyser;
}

/**
 * What the status and readiness computations read: one snapshot per athlete, cached until their next write. It
 * sits in the platform cache, which may be Redis: HRV values and check-in answers are in it as numbers (the
 * formulas need them), check-in notes stay sealed (ARCHITECTURE.md, "Encryption at rest").
 */
interface Inputs {
  userId: number;
  from: string;
  loads: DailyLoad[];
  hrv: HrvLite[];
  checkIns: CheckInLite[];
}
interface HrvLite extends HrvPoint {
  restingHr: number | null;
  sleepHours: number | null;
  sleepQuality: number | null;
  fatigue: number | null;
  stress: number | null;
  soreness: number | null;
}
type CheckInLite = Omit<CheckInRow, 'userId' | 'createdAt' | 'notes'> & { notes: Sealed<string> | null };
/** WorkoutSummary as it sits in the cache (JSON-safe). */
type CachedSummary = Omit<WorkoutSummary, 'startedAt'> & { startedAt: string };

/** How far back the snapshot reaches: 52 weeks of history + the 60-day HRV baseline + PMC warm-up. */
const WINDOW_DAYS = 800;
const RECENT_DAYS = 400;
const CACHE_TTL_S = 600;
const MAX_AVG_SPEED_MS: Record<string, number> = {
  run: 7,
  trail_run: 7,
  walk: 4,
  hike: 4,
  ride: 30,
  swim: 3,
};
export const LOAD_UNIT = 'session-RPE arbitrary units (RPE × minutes, Foster 2001)';

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const roundN = (x: number | null, d = 2) => (x == null ? null : round(x, d));

export function createRunningService(d: RunningDeps) {
  const today = () => todayOf(d.clock());
  const key = {
    inputs: (u: number) => `running:inputs:${u}`,
    profile: (u: number) => `running:profile:${u}`,
    recent: (u: number) => `running:recent:${u}`,
  };
  /**
   * Writes per user in this process: a snapshot read from the database while a write of the same user committed
   * is not cached (it may predate the write and would outlive the invalidation). Across processes the TTL bounds
   * the same window (ARCHITECTURE.md, Cache).
   */
  const epochs = new Map<number, number>();
  const epoch = (u: number) => epochs.get(u) ?? 0;
  const invalidate = async (u: number) => {
    epochs.set(u, epoch(u) + 1);
    if (epochs.size > 10_000) epochs.clear();
    await d.cache.del(key.inputs(u), key.profile(u), key.recent(u));
    epochs.set(u, epoch(u) + 1);
  };
  async function cached<T>(u: number, k: string, load: () => Promise<T>): Promise<T> {
    const hit = await d.cache.get<{ v: T }>(k);
    if (hit) return hit.v;
    const before = epoch(u);
    const v = await load();
    if (epoch(u) === before) await d.cache.set(k, { v }, CACHE_TTL_S);
    return v;
  }

  /**
   * Results computed from one snapshot (`inputs` or `recent`), kept with it: the cache hands every request the
   * same snapshot object until a write invalidates it (the in-process layer stores the object itself), so a
   * repeated status, readiness or workout window costs a map lookup. A write drops the snapshot, and with it
   * every result derived from it; the next request builds a new snapshot and starts an empty memo. When a
   * snapshot comes back from Redis it is a new object, so the memo simply starts again. Callers never mutate.
   */
  const memo = new WeakMap<object, Map<string, unknown>>();
  function memoized<T>(snapshot: object, k: string, f: () => T): T {
    let m = memo.get(snapshot);
    if (!m) memo.set(snapshot, (m = new Map<string, unknown>()));
    if (m.has(k)) return m.get(k) as T;
    const v = f();
    if (m.size > 64) m.clear();
    m.set(k, v);
    return v;
  }

  // ---------- profile ----------

  function toProfile(p: ProfileRow): AthleteProfile {
    return {
      userId: p.userId,
      birthDate: p.birthDate,
      sex: (p.sex as Sex | null) ?? null,
      weightKg: p.weightKg,
      heightCm: p.heightCm,
      maxHr: p.maxHr,
      restingHr: p.restingHr,
      thresholdPaceSPerKm: p.thresholdPaceSPerKm,
      weeklyVolumeKm: p.weeklyVolumeKm,
      goalRace:
        p.goalDistanceKm != null && p.goalDate != null
          ? { distanceKm: p.goalDistanceKm, date: p.goalDate, targetTimeS: p.goalTargetTimeS }
          : null,
      experienceLevel: (p.experienceLevel as AthleteProfile['experienceLevel']) ?? null,
    };
  }

  async function profile(userId: number): Promise<AthleteProfile | null> {
    return cached(userId, key.profile(userId), async () => {
      const row = await d.repo.profile(userId);
      return row ? toProfile(row) : null;
    });
  }

  function ageOn(birth: string, on: string): number {
    const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
    const [y, m, dd] = on.split('-').map(Number) as [number, number, number];
    return y - by - (m < bm || (m === bm && dd < bd) ? 1 : 0);
  }

  function profileDto(row: ProfileRow | undefined): ProfileDto {
    const bmi =
      row?.weightKg != null && row.heightCm != null
        ? round(row.weightKg / (row.heightCm / 100) ** 2, 1)
        : null;
    return {
      birth_date: row?.birthDate ?? null,
      age: row?.birthDate ? ageOn(row.birthDate, today()) : null,
      sex: (row?.sex as Sex | null) ?? null,
      weight_kg: row?.weightKg ?? null,
      height_cm: row?.heightCm ?? null,
      bmi,
      max_hr: row?.maxHr ?? null,
      resting_hr: row?.restingHr ?? null,
      threshold_pace_s_per_km: row?.thresholdPaceSPerKm ?? null,
      weekly_volume_km: row?.weeklyVolumeKm ?? null,
      goal_race:
        row?.goalDistanceKm != null && row.goalDate != null
          ? { distance_km: row.goalDistanceKm, date: row.goalDate, target_time_s: row.goalTargetTimeS }
          : null,
      experience_level: (row?.experienceLevel as ProfileDto['experience_level']) ?? null,
      updated_at: row?.updatedAt.toISOString() ?? null,
    };
  }

  function checkProfile(b: AthleteProfileBody) {
    const now = today();
    if (b.birth_date != null) {
      if (b.birth_date >= now) throw invalid('birth_date', 'must be in the past');
      const age = ageOn(b.birth_date, now);
      if (age < 10 || age > 110) throw invalid('birth_date', `gives an age of ${age}; expected 10–110 years`);
    }
    if (b.resting_hr != null && b.max_hr != null && b.resting_hr >= b.max_hr)
      throw invalid('resting_hr', 'must be lower than max_hr');
    if (b.resting_hr != null && b.max_hr != null && b.max_hr - b.resting_hr < 40)
      throw invalid(
        'max_hr',
        'must be at least 40 bpm above resting_hr (heart-rate reserve too small to be real)',
      );
    if (b.goal_race) {
      if (b.goal_race.date < now) throw invalid('goal_race.date', 'must be today or later');
      const t = b.goal_race.target_time_s;
      // 100 s/km is faster than any world record from 1 km up.
      if (t != null && t / b.goal_race.distance_km < 100)
        throw invalid('goal_race.target_time_s', 'implies a pace faster than 1:40 per km');
    }
  }

  /** Loads depend on the profile's HRs when a workout has no RPE: recompute them all after a change. */
  async function recomputeLoads(userId: number, p: AthleteProfile | null, tx: Executor) {
    const { rows } = await d.repo.workouts(userId, {}, null, tx);
    const changed = rows
      .map((w) => ({ w, l: workoutLoad(w, p) }))
      .filter(({ w, l }) => w.load !== l.load || w.trimp !== l.trimp)
      .map(({ w, l }) => ({ id: w.id, load: l.load, trimp: l.trimp }));
    if (changed.length) await d.repo.setLoads(changed, tx);
  }

  // ---------- workouts ----------

  function workoutDto(w: WorkoutRow & { hasTrack?: boolean }): Workout {
    const srpe = w.rpe != null ? round(sessionRpeLoad(w.rpe, w.durationS), 1) : null;
    const time = w.movingTimeS ?? w.durationS;
    return {
      id: w.id,
      started_at: w.startedAt.toISOString(),
      sport: w.sport as Workout['sport'],
      distance_km: w.distanceKm,
      duration_s: w.durationS,
      moving_time_s: w.movingTimeS,
      elevation_gain_m: w.elevationGainM,
      avg_hr: w.avgHr,
      max_hr: w.maxHr,
      rpe: w.rpe,
      notes: w.notes,
      source: w.source as Workout['source'],
      has_track: w.hasTrack ?? false,
      pace_s_per_km: w.distanceKm ? round(time / w.distanceKm, 1) : null,
      training_load: {
        srpe,
        trimp: roundN(w.trimp, 1),
        load: roundN(w.load, 1),
        load_source: w.rpe != null ? 'srpe' : w.load != null ? 'hr_estimated' : 'none',
      },
      created_at: w.createdAt.toISOString(),
      updated_at: w.updatedAt.toISOString(),
    };
  }

  interface WorkoutShape {
    startedAt: Date;
    sport: string;
    distanceKm: number | null;
    durationS: number;
    movingTimeS: number | null;
    avgHr: number | null;
    maxHr: number | null;
  }
  function checkWorkout(w: WorkoutShape) {
    if (w.startedAt.getTime() > d.clock() + 10 * 60_000) throw invalid('started_at', 'is in the future');
    if (w.startedAt.getTime() < Date.UTC(1990, 0, 1)) throw invalid('started_at', 'is before 1990');
    if (w.movingTimeS != null && w.movingTimeS > w.durationS)
      throw invalid('moving_time_s', 'must not exceed duration_s');
    if (w.avgHr != null && w.maxHr != null && w.avgHr > w.maxHr)
      throw invalid('avg_hr', 'must not exceed max_hr');
    const cap = MAX_AVG_SPEED_MS[w.sport];
    if (cap && w.distanceKm) {
      const speed = (w.distanceKm * 1000) / (w.movingTimeS || w.durationS);
      if (speed > cap)
        throw invalid(
          'distance_km',
          `implies an average speed of ${round(speed * 3.6, 1)} km/h, not plausible for ${w.sport}`,
        );
    }
  }

  async function withLoad(userId: number, v: WorkoutValues): Promise<WorkoutValues> {
    const l = workoutLoad(
      { durationS: v.durationS, rpe: v.rpe ?? null, avgHr: v.avgHr ?? null },
      await profile(userId),
    );
    return { ...v, load: l.load, trimp: l.trimp };
  }

  function summary(w: WorkoutRow): CachedSummary {
    return {
      id: w.id,
      startedAt: w.startedAt.toISOString(),
      sport: w.sport,
      distanceKm: w.distanceKm,
      durationS: w.durationS,
      movingTimeS: w.movingTimeS,
      elevationGainM: w.elevationGainM,
      avgHr: w.avgHr,
      rpe: w.rpe,
      srpeLoad: w.rpe != null ? sessionRpeLoad(w.rpe, w.durationS) : null,
      trimp: w.trimp,
    };
  }

  /** The last RECENT_DAYS of workouts, newest first: one snapshot per athlete, cached until their next write. */
  interface Recent {
    from: string;
    rows: CachedSummary[];
  }
  async function recent(userId: number): Promise<Recent> {
    return cached(userId, key.recent(userId), async () => {
      const from = addDays(today(), -RECENT_DAYS);
      const { rows } = await d.repo.workouts(userId, { from: new Date(`${from}T00:00:00Z`) }, null);
      return { from, rows: rows.map(summary) };
    });
  }

  function windowOf(r: Recent, from: string, to: string): readonly WorkoutSummary[] {
    const out: WorkoutSummary[] = [];
    for (const w of r.rows) {
      const day = w.startedAt.slice(0, 10);
      if (day >= from && day < to) out.push(Object.freeze({ ...w, startedAt: new Date(w.startedAt) }));
    }
    return Object.freeze(out);
  }

  // ---------- the analysis snapshot ----------

  function inputs(userId: number): Promise<Inputs> {
    return cached(userId, key.inputs(userId), async () => {
      const from = addDays(today(), -WINDOW_DAYS);
      const [loads, hrv, checkIns] = await Promise.all([
        d.repo.dailyLoads(userId, from),
        d.repo.hrvReadings(userId, { from }, null),
        d.repo.checkInsForAnalysis(userId, from),
      ]);
      const v: Inputs = {
        userId,
        from,
        loads,
        hrv: hrv.rows.map((r) => ({
          date: r.date,
          rmssdMs: r.rmssdMs,
          restingHr: r.restingHr,
          sleepHours: r.sleepHours,
          sleepQuality: r.sleepQuality,
          fatigue: r.fatigue,
          stress: r.stress,
          soreness: r.soreness,
        })),
        checkIns: checkIns.map(({ userId: _u, createdAt: _c, ...c }) => c),
      };
      return v;
    });
  }

  /** Daily loads from the snapshot's first day to `to`, rest days as 0, with the PMC over them. */
  function series(inp: Inputs, to: string) {
    const start = dayNumber(inp.from);
    const n = Math.max(0, dayNumber(to) - start + 1);
    const loads = new Array<number>(n).fill(0);
    const dist = new Array<number>(n).fill(0);
    const dur = new Array<number>(n).fill(0);
    const count = new Array<number>(n).fill(0);
    for (const l of inp.loads) {
      const i = dayNumber(l.day) - start;
      if (i < 0 || i >= n) continue;
      loads[i] = l.load;
      dist[i] = l.distanceKm;
      dur[i] = l.durationS;
      count[i] = l.workouts;
    }
    return { start, loads, dist, dur, count, pmc: pmcSeries(loads) };
  }
  type Series = ReturnType<typeof series>;

  function metricsAt(s: Series, i: number) {
    const upto = s.loads.slice(0, i + 1);
    const rolling = acwrRolling(upto);
    const ewma = acwrEwma(upto);
    const week = upto.slice(-7);
    while (week.length < 7) week.unshift(0);
    const ms = monotonyStrain(week);
    const p: PmcPoint = s.pmc[i] ?? { ctl: 0, atl: 0, tsb: 0 };
    return {
      acwr: {
        value: roundN(rolling.acwr),
        method: ACWR_METHOD,
        acute_load: round(rolling.acute, 1),
        chronic_load: round(rolling.chronic, 1),
        ewma: { value: roundN(ewma.acwr), method: ACWR_EWMA_METHOD },
      },
      weekly_load: round(ms.weeklyLoad, 1),
      monotony: roundN(ms.monotony),
      strain: roundN(ms.strain, 1),
      ctl: round(p.ctl, 1),
      atl: round(p.atl, 1),
      tsb: round(p.tsb, 1),
    };
  }

  const baselineAt = (inp: Inputs, date: string) => hrvBaseline(inp.hrv, date, addDays);

  function latestCheckIn(inp: Inputs, date: string, maxAgeDays: number): CheckInLite | null {
    for (let i = inp.checkIns.length - 1; i >= 0; i--) {
      const c = inp.checkIns[i]!;
      if (c.date > date) continue;
      return c.date >= addDays(date, -maxAgeDays) ? c : null;
    }
    return null;
  }

  function checkInDto(c: Omit<CheckInRow, 'userId' | 'createdAt'>): CheckIn {
    return {
      date: c.date,
      sleep: c.sleep,
      stress: c.stress,
      fatigue: c.fatigue,
      soreness: c.soreness,
      hooper_index: c.hooperIndex,
      level: hooperLevel(c.hooperIndex),
      notes: c.notes,
    };
  }

  function statusAt(inp: Inputs, date: string, lang: Lang): OvertrainingStatus {
    return memoized(inp, `status:${date}:${lang}`, () => computeStatus(inp, date, lang));
  }
  function computeStatus(inp: Inputs, date: string, lang: Lang): OvertrainingStatus {
    const s = series(inp, date);
    const i = s.loads.length - 1;
    const m = metricsAt(s, i);
    const b = baselineAt(inp, date);
    const trend = hrvTrend(b, baselineAt(inp, addDays(date, -7)));
    const check = latestCheckIn(inp, date, 3);
    const risk = assessRisk({
      acwr: m.acwr.value,
      monotony: m.monotony,
      tsb: m.tsb,
      ctl: m.ctl,
      hrvStatus: b.status,
      hrvTrend: trend,
      hooper: check?.hooperIndex ?? null,
    });
    const factors: RunningFactor[] = risk.factors.map((f) => ({
      code: f.code,
      value: roundN(f.value),
      effect: round(-f.points / 3, 2),
      message: RISK_TEXT[lang][f.code](f.value).message,
    }));
    const recommendations = [
      RISK_GENERAL[lang][risk.level],
      ...risk.factors.map((f) => RISK_TEXT[lang][f.code](f.value).advice),
    ];
    if (m.acwr.value == null && b.status === 'insufficient_data') recommendations.push(NO_DATA_ADVICE[lang]);
    const last = inp.checkIns.filter((c) => c.date <= date).at(-1);
    return {
      date,
      load_unit: LOAD_UNIT,
      ...m,
      hrv: {
        status: b.status,
        trend,
        rolling_mean_7d: roundN(b.rolling_mean_7d, 3),
        normal_range: b.normal_range
          ? { low: round(b.normal_range.low, 3), high: round(b.normal_range.high, 3) }
          : null,
      },
      latest_check_in: last
        ? checkInDto({ ...last, notes: d.repo.openCheckInNote(inp.userId, last.notes) })
        : null,
      risk_level: risk.level,
      risk_score: risk.score,
      factors,
      recommendations,
    };
  }

  function readinessAt(inp: Inputs, date: string, lang: Lang): HrvReadiness {
    return memoized(inp, `readiness:${date}:${lang}`, () => computeReadiness(inp, date, lang));
  }
  function computeReadiness(inp: Inputs, date: string, lang: Lang): HrvReadiness {
    const b = baselineAt(inp, date);
    const today = inp.hrv.find((h) => h.date === date) ?? null;
    const from60 = addDays(date, -59);
    const rhr = inp.hrv.filter((h) => h.date >= from60 && h.date < date && h.restingHr != null);
    const rhrBase = rhr.length >= 7 ? rhr.reduce((a, h) => a + h.restingHr!, 0) / rhr.length : null;
    const s = series(inp, date);
    const p = s.pmc.at(-1);
    // A same-day check-in stands in for the reading's questionnaire fields.
    const ci = inp.checkIns.find((c) => c.date === date);
    const t = today
      ? {
          ...today,
          sleepQuality: today.sleepQuality ?? ci?.sleep ?? null,
          fatigue: today.fatigue ?? ci?.fatigue ?? null,
          stress: today.stress ?? ci?.stress ?? null,
          soreness: today.soreness ?? ci?.soreness ?? null,
        }
      : null;
    const { score, factors } = readinessScore({
      baseline: b,
      today: t,
      restingHrBaseline: rhrBase,
      tsb: p ? p.tsb : null,
      ctl: p ? p.ctl : null,
    });
    const st = readinessStatus(score);
    let session: Session = 'as_planned_no_hrv';
    if (score != null) {
      if (score >= 85 && b.status !== 'low') session = 'high_intensity';
      else if (score >= 70) session = 'as_planned';
      else if (score >= 50) session = 'easy_aerobic';
      else session = 'recovery_or_rest';
    }
    return {
      date,
      score,
      status: st.status,
      load_multiplier: st.loadMultiplier,
      hrv_status: b.status,
      recommendation: { session, text: SESSION_TEXT[lang][session] },
      factors: factors.map((f) => ({
        code: f.code,
        value: f.value,
        effect: round(f.effect, 2),
        message: READINESS_FACTOR_TEXT[lang][f.code](f.value),
      })),
    };
  }

  function baselineDto(b: HrvBaseline, trend: HrvBaselineDto['trend'], lang: Lang): HrvBaselineDto {
    return {
      date: b.date,
      today_ln_rmssd: roundN(b.today_ln_rmssd, 3),
      rolling_mean_7d: roundN(b.rolling_mean_7d, 3),
      readings_7d: b.readings_7d,
      baseline_mean: roundN(b.baseline_mean, 3),
      baseline_sd: roundN(b.baseline_sd, 3),
      readings_60d: b.readings_60d,
      normal_range: b.normal_range
        ? { low: round(b.normal_range.low, 3), high: round(b.normal_range.high, 3) }
        : null,
      cv_7d_pct: roundN(b.cv_7d_pct, 2),
      status: b.status,
      trend,
      interpretation: HRV_STATUS_TEXT[lang][b.status],
      method:
        'ln rMSSD; 7-day rolling mean vs. normal range = 60-day mean ± 0.5 SD (Plews 2012/2013, Buchheit 2014); ≥ 3 readings in 7 days (Plews 2014)',
    };
  }

  function hrvDto(r: HrvRow): HrvReading {
    return {
      date: r.date,
      rmssd_ms: r.rmssdMs,
      ln_rmssd: round(lnRmssd(r.rmssdMs), 4),
      resting_hr: r.restingHr,
      sleep_hours: r.sleepHours,
      sleep_quality: r.sleepQuality,
      fatigue: r.fatigue,
      stress: r.stress,
      soreness: r.soreness,
      updated_at: r.updatedAt.toISOString(),
    };
  }

  function checkRange(from: string | undefined, to: string | undefined) {
    if (from && to && from > to) throw invalid('query.from', 'must not be after query.to');
  }

  function computeHistory(inp: Inputs, date: string, weeks: number): OvertrainingHistory {
    const s = series(inp, date);
    const firstMonday = addDays(mondayOf(date), -7 * (weeks - 1));
    const out: OvertrainingHistory['weeks'] = [];
    for (let k = 0; k < weeks; k++) {
      const ws = addDays(firstMonday, 7 * k);
      const weekEnd = addDays(ws, 6);
      const end = weekEnd < date ? weekEnd : date;
      const i = dayNumber(end) - s.start;
      const i0 = Math.max(0, dayNumber(ws) - s.start);
      const m = metricsAt(s, i);
      let workouts = 0,
        dist = 0,
        dur = 0;
      for (let j = i0; j <= i; j++) {
        workouts += s.count[j] ?? 0;
        dist += s.dist[j] ?? 0;
        dur += s.dur[j] ?? 0;
      }
      const b = baselineAt(inp, end);
      const hrvWeek = inp.hrv.filter((h) => h.date >= ws && h.date <= end).map((h) => lnRmssd(h.rmssdMs));
      const checks = inp.checkIns.filter((c) => c.date >= ws && c.date <= end);
      const hooper = checks.length ? checks.reduce((a, c) => a + c.hooperIndex, 0) / checks.length : null;
      const risk = assessRisk({
        acwr: m.acwr.value,
        monotony: m.monotony,
        tsb: m.tsb,
        ctl: m.ctl,
        hrvStatus: b.status,
        hrvTrend: hrvTrend(b, baselineAt(inp, addDays(end, -7))),
        hooper,
      });
      out.push({
        week_start: ws,
        week_end: weekEnd,
        ...m,
        workouts,
        distance_km: round(dist, 2),
        duration_s: dur,
        hrv_mean_ln_rmssd: hrvWeek.length
          ? round(hrvWeek.reduce((a, x) => a + x, 0) / hrvWeek.length, 3)
          : null,
        hrv_status: b.status,
        hooper_mean: roundN(hooper, 1),
        risk_level: risk.level,
      });
    }
    return { weeks: out, acwr_method: ACWR_METHOD, load_unit: LOAD_UNIT };
  }

  const readModel: RunningReadModel = {
    profile,
    async workoutsBetween(userId, from, to) {
      const r = await recent(userId);
      // The same window of the same snapshot gives the same (frozen) array: race/service.ts memoises the best
      // effort on it. Windows are dates, so a caller asking for "the last 90 days" hits all day long.
      if (from >= r.from) return memoized(r, `between:${from}:${to}`, () => windowOf(r, from, to));
      const { rows } = await d.repo.workouts(
        userId,
        { from: new Date(`${from}T00:00:00Z`), to: new Date(`${to}T00:00:00Z`) },
        null,
      );
      return rows.map((w) => ({ ...summary(w), startedAt: w.startedAt }));
    },
    async readiness(userId, date): Promise<Readiness> {
      const r = readinessAt(await inputs(userId), date, 'en');
      return { date, score: r.score, status: r.status, loadMultiplier: r.load_multiplier };
    },
    async loadStatus(userId, date): Promise<LoadStatus> {
      const s = statusAt(await inputs(userId), date, 'en');
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
    async weeklySummaries(userId, date, weeks): Promise<WeekSummary[]> {
      const inp = await inputs(userId);
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
        out.push({
          weekStart: ws,
          workouts,
          distanceKm: round(distanceKm, 2),
          durationS,
          load: round(load, 1),
        });
      }
      return out;
    },
  };

  return {
    readModel,

    // ----- profile -----
    async getProfile(userId: number): Promise<ProfileDto> {
      return profileDto(await d.repo.profile(userId));
    },
    async putProfile(userId: number, b: AthleteProfileBody): Promise<ProfileDto> {
      checkProfile(b);
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
        return r;
      });
      await invalidate(userId);
      return profileDto(row);
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
      if (!w) throw notFound('Workout');
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
      checkWorkout({
        ...v,
        distanceKm: v.distanceKm ?? null,
        movingTimeS: v.movingTimeS ?? null,
        avgHr: v.avgHr ?? null,
        maxHr: v.maxHr ?? null,
      });
      const w = await d.repo.insertWorkout(await withLoad(userId, v));
      await invalidate(userId);
      return workoutDto(w!);
    },
    async patchWorkout(userId: number, id: number, b: WorkoutPatchBody): Promise<Workout> {
      const cur = await d.repo.workout(userId, id);
      if (!cur) throw notFound('Workout');
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
      checkWorkout(merged);
      const l = workoutLoad(merged, await profile(userId));
      const w = await d.repo.updateWorkout(userId, id, { ...patch, load: l.load, trimp: l.trimp });
      if (!w) throw notFound('Workout');
      await invalidate(userId);
      return workoutDto({ ...w, hasTrack: cur.hasTrack });
    },
    async deleteWorkout(userId: number, id: number): Promise<void> {
      if (!(await d.repo.deleteWorkout(userId, id))) throw notFound('Workout');
      await invalidate(userId);
    },
    async track(userId: number, id: number): Promise<WorkoutTrack> {
      const w = await d.repo.workout(userId, id);
      if (!w) throw notFound('Workout');
      const t = await d.repo.track(id);
      if (!t) throw notFound('Track (this workout was not imported from a file)');
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
    /** Refuses an import before its upload is read when no worker could take it (503, Retry-After). */
    importCapacity() {
      if (d.tracks.full()) throw new AppError('unavailable', BUSY_DETAIL, { retryAfter: 5 });
    },
    async importFile(
      userId: number,
      file: { data: Buffer; filename?: string },
      opts: { sport?: string; rpe?: number; notes?: string },
    ): Promise<WorkoutImportResult> {
      let a;
      try {
        a = await d.tracks.analyse(file, { sport: opts.sport });
      } catch (err) {
        if (err instanceof TrackFileError) throw invalid('file', err.message);
        throw err;
      }
      const sum = a.summary;
      const v: WorkoutValues = {
        userId,
        startedAt: sum.startedAt,
        sport: a.sport,
        distanceKm: sum.distanceKm,
        durationS: Math.max(1, sum.durationS),
        movingTimeS: sum.movingTimeS,
        elevationGainM: sum.elevationGainM,
        avgHr: sum.avgHr,
        maxHr: sum.maxHr,
        rpe: opts.rpe ?? null,
        notes: opts.notes ?? null,
        source: a.format,
        // The same activity — whatever file it comes in — starts at the same second.
        fingerprint: `start:${sum.startedAt.toISOString().slice(0, 19)}`,
      };
      try {
        checkWorkout({
          ...v,
          distanceKm: sum.distanceKm,
          movingTimeS: sum.movingTimeS,
          avgHr: sum.avgHr,
          maxHr: sum.maxHr,
        });
      } catch (err) {
        if (err instanceof AppError)
          throw invalid('file', `the recorded activity is not plausible: ${err.detail}`);
        throw err;
      }
      const withL = await withLoad(userId, v);
      const w = await d.db.transaction(async (tx) => {
        const row = await d.repo.insertWorkout(withL, tx);
        if (!row) return null;
        await d.repo.insertTrack({ workoutId: row.id, ...a.track }, tx);
        return row;
      });
      if (!w) throw refuse('activity_imported', { startedAt: sum.startedAt });
      await invalidate(userId);
      return {
        ...workoutDto({ ...w, hasTrack: true }),
        import: {
          format: a.format,
          points: a.track.pointsOriginal,
          points_simplified: a.track.coordinates.length,
        },
      };
    },

    // ----- HRV -----
    async putHrv(userId: number, b: HrvReadingBody) {
      if (b.date > addDays(today(), 1)) throw invalid('date', 'is in the future');
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
      await invalidate(userId);
      return { reading: hrvDto(row), created };
    },
    async listHrv(userId: number, q: HrvReadingsQuery) {
      checkRange(q.from, q.to);
      const { rows, total } = await d.repo.hrvReadings(userId, { from: q.from, to: q.to }, q);
      return { rows: rows.map(hrvDto), total };
    },
    async hrvBaseline(userId: number, lang: Lang): Promise<HrvBaselineDto> {
      const inp = await inputs(userId);
      const date = today();
      const b = baselineAt(inp, date);
      return baselineDto(b, hrvTrend(b, baselineAt(inp, addDays(date, -7))), lang);
    },
    async readiness(userId: number, lang: Lang): Promise<HrvReadiness> {
      return readinessAt(await inputs(userId), today(), lang);
    },

    // ----- overtraining -----
    async status(userId: number, lang: Lang): Promise<OvertrainingStatus> {
      return statusAt(await inputs(userId), today(), lang);
    },
    async history(userId: number, weeks: number): Promise<OvertrainingHistory> {
      const inp = await inputs(userId);
      const date = today();
      return memoized(inp, `history:${date}:${weeks}`, () => computeHistory(inp, date, weeks));
    },
    async checkIn(userId: number, b: CheckInBody) {
      const date = b.date ?? today();
      if (date > addDays(today(), 1)) throw invalid('date', 'is in the future');
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
      await invalidate(userId);
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
            profile: p ? profileDto(p) : null,
            workouts: w.rows.map(workoutDto),
            tracks,
            hrv_readings: h.rows.map(hrvDto),
            check_ins: c.map(checkInDto),
          };
        },
        async beforeErase(userId) {
          // The rows go with the account (ON DELETE CASCADE); the cached snapshots must not outlive them.
          await invalidate(userId);
        },
      };
    },

    /** Demo data: bulk inserts, bypassing the per-row checks (the generator is ours). */
    async seedBulk(
      userId: number,
      ws: Omit<WorkoutValues, 'userId'>[],
      hrv: Omit<HrvRow, 'userId' | 'createdAt' | 'updatedAt'>[],
    ) {
      const p = await profile(userId);
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
      await invalidate(userId);
    },
  };
}
export type RunningService = ReturnType<typeof createRunningService>;
export type { WorkoutWithTrack };
