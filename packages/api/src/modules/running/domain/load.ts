/**
 * Training load: per-session load, daily-load series, acute:chronic workload ratio, Foster's monotony and
 * strain, and the Banister/Coggan performance-management chart. Pure functions; loads are arbitrary units.
 */

export type Sex = 'male' | 'female';

/**
 * Session-RPE load (Foster C. et al., "A new approach to monitoring exercise training", J Strength Cond Res
 * 2001;15(1):109–115): CR-10 RPE of the whole session × its duration in minutes.
 */
export function sessionRpeLoad(rpe: number, durationS: number): number {
  return rpe * (durationS / 60);
}

/**
 * Banister TRIMP (Banister E.W., "Modeling elite athletic performance", in Physiological Testing of Elite
 * Athletes, 1991; the weighting as given by Morton, Fitz-Clarke & Banister, J Appl Physiol 1990;69:1171):
 * TRIMP = minutes × ΔHR × y, ΔHR = (HRavg − HRrest)/(HRmax − HRrest), y = 0.64·e^(1.92·ΔHR) for men and
 * 0.86·e^(1.67·ΔHR) for women. Null when the heart rates make no sense (ΔHR outside 0–1).
 */
export function banisterTrimp(
  durationS: number,
  avgHr: number,
  restingHr: number,
  maxHr: number,
  sex: Sex,
): number | null {
  if (maxHr <= restingHr) return null;
  const x = (avgHr - restingHr) / (maxHr - restingHr);
  if (!(x >= 0 && x <= 1)) return null;
  const y = sex === 'female' ? 0.86 * Math.exp(1.67 * x) : 0.64 * Math.exp(1.92 * x);
  return (durationS / 60) * x * y;
}

/**
 * When a session has no RPE but has heart rate, its RPE is estimated from the heart-rate reserve: CR-10 ≈
 * 10 × %HRR, rounded, 1–10. An approximation in line with the ACSM intensity table (ACSM's Guidelines for
 * Exercise Testing and Prescription, 10th ed., Table 6.1: 40–59 %HRR "moderate", 60–89 % "vigorous") and with
 * Foster 2001's finding that session-RPE tracks HR-based load; it keeps every session in one unit (sRPE AU)
 * so the ratios below never mix sRPE with TRIMP.
 */
export function estimatedRpe(avgHr: number, restingHr: number, maxHr: number): number | null {
  if (maxHr <= restingHr) return null;
  const x = (avgHr - restingHr) / (maxHr - restingHr);
  if (!Number.isFinite(x)) return null;
  return Math.min(10, Math.max(1, Math.round(x * 10)));
}

export interface LoadInputs {
  durationS: number;
  rpe: number | null;
  avgHr: number | null;
}
export interface HrProfile {
  restingHr: number | null;
  maxHr: number | null;
  sex: Sex | null;
}

/** The load a workout contributes: sRPE; else sRPE from an HR-estimated RPE; else unknown (null). */
export function workoutLoad(w: LoadInputs, p: HrProfile | null) {
  const trimp =
    w.avgHr != null && p?.restingHr != null && p.maxHr != null
      ? banisterTrimp(w.durationS, w.avgHr, p.restingHr, p.maxHr, p.sex ?? 'male')
      : null;
  if (w.rpe != null) return { load: sessionRpeLoad(w.rpe, w.durationS), source: 'srpe' as const, trimp };
  if (w.avgHr != null && p?.restingHr != null && p.maxHr != null) {
    const rpe = estimatedRpe(w.avgHr, p.restingHr, p.maxHr);
    if (rpe != null)
      return { load: sessionRpeLoad(rpe, w.durationS), source: 'hr_estimated' as const, trimp };
  }
  return { load: null, source: 'none' as const, trimp };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Population standard deviation (Foster 1998 divides by the SD of the week's seven daily loads). */
const sd = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
};

/**
 * Foster C., "Monitoring training in athletes with reference to overtraining syndrome", Med Sci Sports Exerc
 * 1998;30(7):1164–1168: monotony = mean daily load / SD of daily load over a week (rest days count as 0);
 * strain = weekly load × monotony. Monotony is undefined (null) when every day had the same load.
 */
export function monotonyStrain(week: readonly number[]): {
  weeklyLoad: number;
  monotony: number | null;
  strain: number | null;
} {
  const weeklyLoad = week.reduce((a, b) => a + b, 0);
  const s = sd(week);
  if (s === 0 || week.length === 0) return { weeklyLoad, monotony: null, strain: null };
  const monotony = mean(week) / s;
  return { weeklyLoad, monotony, strain: weeklyLoad * monotony };
}

export const ACWR_METHOD = 'rolling_average_uncoupled_7_28';
export const ACWR_EWMA_METHOD = 'ewma_7_28_williams_2017';

/**
 * Acute:chronic workload ratio, rolling averages, *uncoupled* (Windt J. & Gabbett T.J., "Is it all for naught?
 * What does mathematical coupling mean for acute:chronic workload ratios?", Br J Sports Med 2019;53:988–990;
 * Lolli L. et al., Br J Sports Med 2019;53:921–922): acute = the load of the last 7 days; chronic = the mean
 * weekly load of the 21 days before them (days 8–28), so the acute week is not part of its own denominator.
 * `daily` ends with the day of interest. Null without 28 days of history or with no chronic load.
 */
export function acwrRolling(daily: readonly number[]): {
  acwr: number | null;
  acute: number;
  chronic: number;
} {
  const n = daily.length;
  let acute = 0;
  for (let i = Math.max(0, n - 7); i < n; i++) acute += daily[i]!;
  let prior = 0;
  for (let i = Math.max(0, n - 28); i < n - 7; i++) prior += daily[i]!;
  const chronic = prior / 3;
  if (n < 28 || chronic <= 0) return { acwr: null, acute, chronic };
  return { acwr: acute / chronic, acute, chronic };
}

/**
 * Exponentially weighted moving averages (Williams S. et al., "Better way to determine the acute:chronic
 * workload ratio?", Br J Sports Med 2017;51:209–210): EWMA_t = load_t·λ + (1 − λ)·EWMA_(t−1), λ = 2/(N + 1),
 * N = 7 (acute) and 28 (chronic). Returns the ratio of the two daily averages (null until 28 days of data).
 */
export function acwrEwma(daily: readonly number[]): { acwr: number | null; acute: number; chronic: number } {
  const la = 2 / (7 + 1);
  const lc = 2 / (28 + 1);
  let a = 0;
  let c = 0;
  for (const x of daily) {
    a = x * la + (1 - la) * a;
    c = x * lc + (1 - lc) * c;
  }
  return { acwr: daily.length >= 28 && c > 0 ? a / c : null, acute: a, chronic: c };
}

/** λ = 1 − e^(−1/τ): the daily weight of an exponentially weighted average with time constant τ days. */
export const pmcLambda = (tau: number) => 1 - Math.exp(-1 / tau);
export const CTL_TAU = 42;
export const ATL_TAU = 7;

export interface PmcPoint {
  ctl: number;
  atl: number;
  tsb: number;
}

/**
 * One day of the performance-management chart (Banister's impulse–response model as simplified by Coggan:
 * Allen & Coggan, "Training and Racing with a Power Meter", 2010): CTL_t = CTL_(t−1) + λ42·(load_t − CTL_(t−1)),
 * ATL likewise with τ = 7; TSB (form) = CTL − ATL of the day before, i.e. the freshness going into day t.
 */
export function pmcStep(prev: { ctl: number; atl: number }, load: number): PmcPoint {
  const ctl = prev.ctl + pmcLambda(CTL_TAU) * (load - prev.ctl);
  const atl = prev.atl + pmcLambda(ATL_TAU) * (load - prev.atl);
  return { ctl, atl, tsb: prev.ctl - prev.atl };
}

/** The chart over a whole series, starting from zero fitness and fatigue. */
export function pmcSeries(daily: readonly number[]): PmcPoint[] {
  const out: PmcPoint[] = [];
  let prev = { ctl: 0, atl: 0 };
  for (const x of daily) {
    const p = pmcStep(prev, x);
    out.push(p);
    prev = p;
  }
  return out;
}

export type RiskLevel = 'LOW' | 'MODERATE' | 'HIGH' | 'VERY_HIGH';
