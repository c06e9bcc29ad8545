/**
 * Heart-rate variability: the log-transformed rMSSD of a morning reading, its 7-day rolling mean compared with
 * the athlete's own normal range, its weekly coefficient of variation, and a daily readiness score.
 *
 * Sources:
 * - Plews D.J. et al., "Heart rate variability in elite triathletes, is variation in variability the key to
 *   effective training?", Eur J Appl Physiol 2012;112:3729–3741 — ln rMSSD, its 7-day rolling mean and the
 *   weekly coefficient of variation (lnRMSSDcv).
 * - Plews D.J. et al., "Training adaptation and heart rate variability in elite endurance athletes: opening the
 *   door to effective monitoring", Sports Med 2013;43:773–781, and "Monitoring training with heart rate
 *   variability: how much compliance is needed for valid assessment?", Int J Sports Physiol Perform
 *   2014;9:783–790 — at least 3 (better 5) readings a week for a valid weekly mean.
 * - Smallest worthwhile change = 0.5 × SD of the baseline (Plews 2012; Buchheit M., "Monitoring training status
 *   with HR measures: do all roads lead to Rome?", Front Physiol 2014;5:73): the normal range is the 60-day
 *   baseline mean ± 0.5 SD of the daily ln rMSSD values.
 * - Kiviniemi A.M. et al., "Endurance training guided individually by daily heart rate variability
 *   measurements", Eur J Appl Physiol 2007;101:743–751 — train hard when HRV is at or above its reference,
 *   easy or rest when it falls below.
 */

export interface HrvPoint {
  date: string; // YYYY-MM-DD
  rmssdMs: number;
}

export const lnRmssd = (rmssdMs: number) => Math.log(rmssdMs);

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Sample standard deviation (n − 1), as in the HRV monitoring literature. */
export const sampleSd = (xs: readonly number[]) => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

/** Coefficient of variation in percent (SD / mean × 100); null with fewer than 2 values. */
export function coefficientOfVariation(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs);
  return m === 0 ? null : (sampleSd(xs) / m) * 100;
}

/** Mean of the values whose day lies in [from, to] (inclusive, YYYY-MM-DD strings compare as dates). */
function window(points: readonly HrvPoint[], from: string, to: string): number[] {
  const out: number[] = [];
  for (const p of points) if (p.date >= from && p.date <= to) out.push(lnRmssd(p.rmssdMs));
  return out;
}

export const MIN_WEEKLY_READINGS = 3;
export const MIN_BASELINE_READINGS = 14;
export const BASELINE_DAYS = 60;

export type HrvStatus = 'balanced' | 'low' | 'high' | 'insufficient_data';

export interface HrvBaseline {
  date: string;
  today_ln_rmssd: number | null;
  rolling_mean_7d: number | null;
  readings_7d: number;
  baseline_mean: number | null;
  baseline_sd: number | null;
  readings_60d: number;
  normal_range: { low: number; high: number } | null;
  cv_7d_pct: number | null;
  status: HrvStatus;
}

/**
 * The baseline as of `date`: 7-day window = date−6 … date; 60-day window = date−59 … date. `addDays` is passed
 * in so this file stays free of date libraries.
 */
export function hrvBaseline(
  points: readonly HrvPoint[],
  date: string,
  addDays: (d: string, n: number) => string,
): HrvBaseline {
  const week = window(points, addDays(date, -6), date);
  const base = window(points, addDays(date, -(BASELINE_DAYS - 1)), date);
  const today = points.find((p) => p.date === date);
  const rolling = week.length ? mean(week) : null;
  const bMean = base.length ? mean(base) : null;
  const bSd = base.length >= 2 ? sampleSd(base) : null;
  const range =
    bMean != null && bSd != null && base.length >= MIN_BASELINE_READINGS
      ? { low: bMean - 0.5 * bSd, high: bMean + 0.5 * bSd }
      : null;
  let status: HrvStatus = 'insufficient_data';
  if (week.length >= MIN_WEEKLY_READINGS && range && rolling != null)
    status = rolling < range.low ? 'low' : rolling > range.high ? 'high' : 'balanced';
  return {
    date,
    today_ln_rmssd: today ? lnRmssd(today.rmssdMs) : null,
    rolling_mean_7d: rolling,
    readings_7d: week.length,
    baseline_mean: bMean,
    baseline_sd: bSd,
    readings_60d: base.length,
    normal_range: range,
    cv_7d_pct: coefficientOfVariation(week),
    status,
  };
}

/** Trend of the 7-day rolling mean against the one a week earlier, in SWC units (0.5 SD). */
export function hrvTrend(
  current: HrvBaseline,
  weekBefore: HrvBaseline,
): 'rising' | 'stable' | 'falling' | 'insufficient_data' {
  if (current.rolling_mean_7d == null || weekBefore.rolling_mean_7d == null || current.baseline_sd == null)
    return 'insufficient_data';
  const swc = 0.5 * current.baseline_sd;
  const d = current.rolling_mean_7d - weekBefore.rolling_mean_7d;
  if (swc > 0 && d > swc) return 'rising';
  if (swc > 0 && d < -swc) return 'falling';
  return 'stable';
}

export type FactorCode =
  | 'hrv_today'
  | 'hrv_trend'
  | 'resting_hr'
  | 'sleep_hours'
  | 'sleep_quality'
  | 'fatigue'
  | 'stress'
  | 'soreness'
  | 'form';

export interface ReadinessInputs {
  baseline: HrvBaseline;
  /** Today's reading, if any. */
  today: {
    restingHr: number | null;
    sleepHours: number | null;
    sleepQuality: number | null;
    fatigue: number | null;
    stress: number | null;
    soreness: number | null;
  } | null;
  /** Mean resting HR of the 60-day baseline readings (null when unknown). */
  restingHrBaseline: number | null;
  /** TSB (form) from the PMC, or null without load history. */
  tsb: number | null;
  ctl: number | null;
}

export interface ReadinessFactor {
  code: FactorCode;
  value: number;
  /** −1 (strongly against training hard) … +1 (strongly for). */
  effect: number;
  weight: number;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * Readiness 0–100: a weighted mean of factor effects (each −1…+1) mapped to 0–100 (effect 0 → 60, the middle
 * of "moderate"). The HRV factor dominates (weight 3): today's ln rMSSD in SWC units against the baseline,
 * after Kiviniemi 2007 and Plews 2013. The other factors follow common monitoring practice: resting HR
 * ≥ 5 bpm above its baseline, less than 7 h of sleep, Hooper-scale items (1–7, 4 = normal) and a deeply
 * negative TSB (< −30, Coggan's "high risk" zone). Null without a valid HRV baseline and today's reading.
 */
export function readinessScore(inp: ReadinessInputs): { score: number | null; factors: ReadinessFactor[] } {
  const factors: ReadinessFactor[] = [];
  const b = inp.baseline;
  if (
    b.today_ln_rmssd != null &&
    b.baseline_mean != null &&
    b.baseline_sd &&
    b.baseline_sd > 0 &&
    b.normal_range
  ) {
    const swcUnits = (b.today_ln_rmssd - b.baseline_mean) / (0.5 * b.baseline_sd);
    factors.push({
      code: 'hrv_today',
      value: round(swcUnits, 2),
      effect: clamp(swcUnits / 3, -1, 0.5),
      weight: 3,
    });
  }
  if (b.status === 'low' || b.status === 'high') {
    // A rolling mean outside the normal range either way signals a perturbed autonomic balance (Plews 2013).
    factors.push({
      code: 'hrv_trend',
      value: round(b.rolling_mean_7d ?? 0, 3),
      effect: b.status === 'low' ? -0.6 : -0.2,
      weight: 1.5,
    });
  }
  const t = inp.today;
  if (t?.restingHr != null && inp.restingHrBaseline != null) {
    const d = t.restingHr - inp.restingHrBaseline;
    factors.push({ code: 'resting_hr', value: round(d, 1), effect: clamp(-d / 8, -1, 0.3), weight: 1 });
  }
  if (t?.sleepHours != null)
    factors.push({
      code: 'sleep_hours',
      value: t.sleepHours,
      effect: clamp((t.sleepHours - 7) / 2, -1, 0.4),
      weight: 1,
    });
  for (const code of ['sleepQuality', 'fatigue', 'stress', 'soreness'] as const) {
    const v = t?.[code];
    if (v == null) continue;
    factors.push({
      code: code === 'sleepQuality' ? 'sleep_quality' : code,
      value: v,
      effect: clamp((4 - v) / 3, -1, 1),
      weight: 0.75,
    });
  }
  if (inp.tsb != null && inp.ctl != null && inp.ctl > 0) {
    // Form relative to fitness, so the cut-offs scale with the athlete's load units.
    const rel = inp.tsb / inp.ctl;
    factors.push({ code: 'form', value: round(inp.tsb, 1), effect: clamp(rel * 2, -1, 0.3), weight: 1 });
  }
  if (!factors.some((f) => f.code === 'hrv_today')) return { score: null, factors };
  const w = factors.reduce((a, f) => a + f.weight, 0);
  const e = factors.reduce((a, f) => a + f.effect * f.weight, 0) / w;
  const score = e >= 0 ? 60 + (e * 40) / 0.5 : 60 + e * 60;
  return { score: Math.round(clamp(score, 0, 100)), factors };
}

export type ReadinessStatus = 'ready' | 'moderate' | 'low' | 'insufficient_data';

/** Status and the suggested load multiplier (0.5–1.2) for today's session. */
export function readinessStatus(score: number | null): { status: ReadinessStatus; loadMultiplier: number } {
  if (score == null) return { status: 'insufficient_data', loadMultiplier: 1 };
  if (score >= 85) return { status: 'ready', loadMultiplier: 1.1 };
  if (score >= 70) return { status: 'ready', loadMultiplier: 1 };
  if (score >= 50) return { status: 'moderate', loadMultiplier: 0.8 };
  if (score >= 30) return { status: 'low', loadMultiplier: 0.6 };
  return { status: 'low', loadMultiplier: 0.5 };
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
