/**
 * Today's load multiplier from how the athlete is: each factor is a multiplier (1 = as planned).
 *
 * - HRV: a day's rMSSD well below the athlete's baseline signals incomplete recovery; HRV-guided training
 *   lowers intensity on those days (Kiviniemi, A. M. et al. (2007). Endurance training guided individually by
 *   daily heart rate variability measurements. Eur J Appl Physiol 101, 743–751; Plews, D. J. et al. (2013).
 *   Training adaptation and heart rate variability in elite endurance athletes. Sports Med 43, 773–781).
 * - Sleep under ~7 h impairs endurance performance and recovery, increasingly under 6 h (Fullagar, H. H. K.
 *   et al. (2015). Sleep and athletic performance. Sports Med 45, 161–186).
 * - Perceived fatigue and stress: wellness items track training load more sensitively than most objective
 *   markers (Saw, A. E., Main, L. C. & Gastin, P. B. (2016). Br J Sports Med 50, 281–291).
 * - Recent volume against the usual: a sharp rise (acute:chronic above ~1.3–1.5) raises injury risk
 *   (Gabbett, T. J. (2016). The training–injury prevention paradox. Br J Sports Med 50, 273–280).
 *
 * The factors are combined by a weighted mean, but the worst factor wins when it is a red flag (< 0.75):
 * one very bad signal should not be averaged away by good ones.
 */
export interface AdaptiveInput {
  hrvCurrent?: number;
  hrvBaseline?: number;
  sleepHours?: number;
  fatigueRating?: number; // 1–10
  stressLevel?: number; // 1–10
  recentVolumeKm?: number;
  usualVolumeKm?: number;
}

export type AdjustmentLevel =
  'INCREASE' | 'MAINTAIN' | 'SLIGHT_REDUCE' | 'MODERATE_REDUCE' | 'MAJOR_REDUCE' | 'REST';

export interface AdaptiveResult {
  multiplier: number;
  level: AdjustmentLevel;
  factors: {
    hrv: number | null;
    sleep: number | null;
    fatigue: number | null;
    stress: number | null;
    volume: number | null;
  };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const r2 = (x: number) => Math.round(x * 100) / 100;

export const hrvFactor = (current: number, baseline: number) =>
  // ln rMSSD is what varies linearly (Plews 2012); −10% rMSSD ≈ −0.105 in ln → −8%.
  r2(clamp(1 + 0.75 * Math.log(current / baseline), 0.6, 1.05));

export function sleepFactor(h: number): number {
  if (h >= 7) return 1;
  if (h >= 6) return 0.9;
  if (h >= 5) return 0.8;
  return 0.65;
}

/** 1–10 fatigue: ≤3 fresh (+5%), 4–5 normal, then −10% per point. */
export const fatigueFactor = (r: number) =>
  r <= 3 ? 1.05 : r <= 5 ? 1 : r2(clamp(1 - 0.1 * (r - 5), 0.5, 1));

export const stressFactor = (s: number) => (s <= 4 ? 1 : s <= 6 ? 0.95 : s <= 8 ? 0.85 : 0.75);

export function volumeFactor(recent: number, usual: number): number {
  if (usual <= 0) return 1;
  const ratio = recent / usual;
  if (ratio > 1.5) return 0.75;
  if (ratio > 1.3) return 0.85;
  if (ratio > 1.1) return 0.95;
  return 1;
}

const WEIGHTS = { hrv: 0.3, sleep: 0.2, fatigue: 0.25, stress: 0.1, volume: 0.15 };

export function levelOf(m: number): AdjustmentLevel {
  if (m >= 1.05) return 'INCREASE';
  if (m >= 0.95) return 'MAINTAIN';
  if (m >= 0.85) return 'SLIGHT_REDUCE';
  if (m >= 0.7) return 'MODERATE_REDUCE';
  if (m > 0.5) return 'MAJOR_REDUCE';
  return 'REST';
}

export function adaptiveAdjustment(i: AdaptiveInput): AdaptiveResult {
  const factors = {
    hrv:
      i.hrvCurrent !== undefined && i.hrvBaseline !== undefined
        ? hrvFactor(i.hrvCurrent, i.hrvBaseline)
        : null,
    sleep: i.sleepHours !== undefined ? sleepFactor(i.sleepHours) : null,
    fatigue: i.fatigueRating !== undefined ? fatigueFactor(i.fatigueRating) : null,
    stress: i.stressLevel !== undefined ? stressFactor(i.stressLevel) : null,
    volume:
      i.recentVolumeKm !== undefined && i.usualVolumeKm !== undefined
        ? volumeFactor(i.recentVolumeKm, i.usualVolumeKm)
        : null,
  };
  let sum = 0;
  let weight = 0;
  let worst = 1;
  for (const [k, v] of Object.entries(factors) as [keyof typeof WEIGHTS, number | null][]) {
    if (v === null) continue;
    sum += WEIGHTS[k] * v;
    weight += WEIGHTS[k];
    worst = Math.min(worst, v);
  }
  const mean = weight ? sum / weight : 1;
  const multiplier = r2(clamp(worst < 0.75 ? Math.min(mean, worst) : mean, 0.5, 1.2));
  return { multiplier, level: levelOf(multiplier), factors };
}
