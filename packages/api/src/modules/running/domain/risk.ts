import type { RiskLevel } from './load.js';

/**
 * Overtraining / injury-risk screen: a points score over the monitored markers, each threshold from its source.
 * - ACWR: 0.8–1.3 is the "sweet spot", > 1.5 the "danger zone" (Gabbett T.J., "The training–injury prevention
 *   paradox: should athletes be training smarter and harder?", Br J Sports Med 2016;50:273–280); < 0.8 means
 *   the athlete is under-prepared for a return to the usual load.
 * - Monotony > 2.0 together with high strain preceded illness and overtraining (Foster 1998).
 * - Form: Coggan's PMC reads TSB below about −30 TSS/day as a high-risk zone for a chronic load of ~100 TSS/day;
 *   our loads are session-RPE units, so the cut-offs are taken relative to CTL (TSB/CTL < −0.3 and < −0.5).
 * - HRV: a 7-day ln rMSSD mean below the normal range (Plews 2012/2013) or falling by more than the SWC; a mean
 *   above it during heavy training can also mark overreaching (parasympathetic hyperactivity: Le Meur Y. et al.,
 *   Med Sci Sports Exerc 2013;45:2061–2071).
 * - Hooper index ≥ 20 (warning) / ≥ 14 (watch) from a check-in of the last 3 days (Hooper & Mackinnon 1995).
 * Levels: 0–1 LOW, 2–3 MODERATE, 4–5 HIGH, ≥ 6 VERY_HIGH.
 */
export interface RiskInputs {
  acwr: number | null;
  monotony: number | null;
  tsb: number;
  ctl: number;
  hrvStatus: 'balanced' | 'low' | 'high' | 'insufficient_data';
  hrvTrend: 'rising' | 'stable' | 'falling' | 'insufficient_data';
  hooper: number | null;
}

export type RiskCode =
  | 'acwr_danger'
  | 'acwr_high'
  | 'acwr_low'
  | 'monotony_high'
  | 'form_very_negative'
  | 'form_negative'
  | 'hrv_low'
  | 'hrv_high'
  | 'hrv_falling'
  | 'hooper_warning'
  | 'hooper_watch';

export interface RiskFactor {
  code: RiskCode;
  value: number | null;
  points: number;
}

export function assessRisk(r: RiskInputs): { level: RiskLevel; score: number; factors: RiskFactor[] } {
  const f: RiskFactor[] = [];
  if (r.acwr != null) {
    if (r.acwr > 1.5) f.push({ code: 'acwr_danger', value: r.acwr, points: 3 });
    else if (r.acwr > 1.3) f.push({ code: 'acwr_high', value: r.acwr, points: 2 });
    else if (r.acwr < 0.8) f.push({ code: 'acwr_low', value: r.acwr, points: 1 });
  }
  if (r.monotony != null && r.monotony > 2) f.push({ code: 'monotony_high', value: r.monotony, points: 2 });
  if (r.ctl > 0) {
    const rel = r.tsb / r.ctl;
    if (rel < -0.5) f.push({ code: 'form_very_negative', value: r.tsb, points: 2 });
    else if (rel < -0.3) f.push({ code: 'form_negative', value: r.tsb, points: 1 });
  }
  if (r.hrvStatus === 'low') f.push({ code: 'hrv_low', value: null, points: 2 });
  if (r.hrvStatus === 'high') f.push({ code: 'hrv_high', value: null, points: 1 });
  if (r.hrvTrend === 'falling') f.push({ code: 'hrv_falling', value: null, points: 1 });
  if (r.hooper != null) {
    if (r.hooper >= 20) f.push({ code: 'hooper_warning', value: r.hooper, points: 2 });
    else if (r.hooper >= 14) f.push({ code: 'hooper_watch', value: r.hooper, points: 1 });
  }
  const score = f.reduce((a, x) => a + x.points, 0);
  const level: RiskLevel = score >= 6 ? 'VERY_HIGH' : score >= 4 ? 'HIGH' : score >= 2 ? 'MODERATE' : 'LOW';
  return { level, score, factors: f };
}
