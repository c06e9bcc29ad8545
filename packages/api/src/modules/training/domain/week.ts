import type { SessionKind } from './plan.js';

/**
 * How the current week of a plan adapts to the athlete's state today: the readiness load multiplier (HRV-guided
 * training, Kiviniemi et al. 2007; Plews et al. 2013), capped by the acute:chronic workload ratio (above 1.3
 * the injury risk rises, above 1.5 it is high: Gabbett 2016, Br J Sports Med 50:273) and by the overall risk
 * level of the running module.
 */

export type RiskLevel = 'LOW' | 'MODERATE' | 'HIGH' | 'VERY_HIGH';

export interface WeekState {
  readiness: { status: string; loadMultiplier: number };
  load: { acwr: number | null; riskLevel: RiskLevel };
}

export type AdaptReason =
  | { kind: 'readiness'; status: string }
  | { kind: 'acwr'; acwr: number }
  | { kind: 'risk'; level: 'HIGH' | 'VERY_HIGH' };

const r2 = (x: number) => Math.round(x * 100) / 100;

/** The week's load multiplier (0.5–1.1, two decimals) and why it is below 1. */
export function weekMultiplier({ readiness, load }: WeekState): {
  multiplier: number;
  reasons: AdaptReason[];
} {
  const reasons: AdaptReason[] = [];
  let multiplier = Math.min(1.1, readiness.loadMultiplier);
  if (readiness.loadMultiplier < 0.95) reasons.push({ kind: 'readiness', status: readiness.status });
  if (load.acwr !== null && load.acwr > 1.5) {
    multiplier = Math.min(multiplier, 0.8);
    reasons.push({ kind: 'acwr', acwr: r2(load.acwr) });
  } else if (load.acwr !== null && load.acwr > 1.3) {
    multiplier = Math.min(multiplier, 0.9);
    reasons.push({ kind: 'acwr', acwr: r2(load.acwr) });
  }
  if (load.riskLevel === 'HIGH' || load.riskLevel === 'VERY_HIGH') {
    multiplier = Math.min(multiplier, load.riskLevel === 'HIGH' ? 0.85 : 0.7);
    reasons.push({ kind: 'risk', level: load.riskLevel });
  }
  // Planned progression already adds load: never scale a week up beyond 10%.
  return { multiplier: r2(Math.max(0.5, Math.min(1.1, multiplier))), reasons };
}

const HARD: readonly SessionKind[] = ['tempo', 'intervals', 'race_pace', 'hills'];

/**
 * One planned session under the week's multiplier: sessions from `today` on are scaled (never the race), and a
 * hard session on a bad day (multiplier under 0.8) becomes an easy one.
 */
export function adaptSession(
  s: { date: string; kind: SessionKind; distanceKm: number },
  multiplier: number | null,
  today: string,
): { kind: SessionKind; multiplier: number; distanceKm: number } {
  const m = multiplier !== null && s.date >= today && s.kind !== 'race' ? multiplier : 1;
  const kind = m < 0.8 && HARD.includes(s.kind) ? 'easy' : s.kind;
  return { kind, multiplier: m, distanceKm: Math.round(s.distanceKm * m * 10) / 10 };
}
