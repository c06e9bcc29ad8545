import type {
  AthleteProfile as ProfileDto,
  CheckIn,
  HrvBaseline as HrvBaselineDto,
  HrvReading,
  Workout,
} from '@pulso/contracts';
import { ageOn } from '../../platform/dates.js';
import type { Lang } from '../../platform/i18n.js';
import { lnRmssd, type HrvBaseline } from './domain/hrv.js';
import { sessionRpeLoad, type Sex } from './domain/load.js';
import type { AthleteProfile, WorkoutSummary } from './read-model.js';
import type { CheckInRow, HrvRow, ProfileRow, WorkoutRow } from './tables.js';
import { hooperLevel } from './domain/wellness.js';
import { runningMessages as M } from './messages.js';

/** Rows → the API's and the read model's shapes. */

export const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
export const roundN = (x: number | null, d = 2) => (x == null ? null : round(x, d));

/** WorkoutSummary as it sits in the cache (JSON-safe). */
export type CachedSummary = Omit<WorkoutSummary, 'startedAt'> & { startedAt: string };

export function toProfile(p: ProfileRow): AthleteProfile {
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

/** `today` (YYYY-MM-DD) gives the age. */
export function profileDto(row: ProfileRow | undefined, today: string): ProfileDto {
  const bmi =
    row?.weightKg != null && row.heightCm != null ? round(row.weightKg / (row.heightCm / 100) ** 2, 1) : null;
  return {
    birth_date: row?.birthDate ?? null,
    age: row?.birthDate ? ageOn(row.birthDate, today) : null,
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

export function workoutDto(w: WorkoutRow & { hasTrack?: boolean }): Workout {
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

export function summary(w: WorkoutRow): CachedSummary {
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

export function checkInDto(c: Omit<CheckInRow, 'userId' | 'createdAt'>): CheckIn {
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

export function baselineDto(b: HrvBaseline, trend: HrvBaselineDto['trend'], lang: Lang): HrvBaselineDto {
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
    interpretation: M.t(lang, `hrv.${b.status}`),
    method:
      'ln rMSSD; 7-day rolling mean vs. normal range = 60-day mean ± 0.5 SD (Plews 2012/2013, Buchheit 2014); ≥ 3 readings in 7 days (Plews 2014)',
  };
}

export function hrvDto(r: HrvRow): HrvReading {
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
