import { minutesFor, paceRange } from './pace.js';
import { SESSION_INTENSITY, type SessionKind } from './plan.js';

export interface Segment {
  type: 'warmup' | 'main' | 'cooldown';
  distanceKm: number;
  durationMin: number | null;
  pace: string | null;
  zone: string;
}

/** Sessions whose main set is hard: they open with a warm-up and close with a cool-down. */
const WITH_WARMUP: readonly SessionKind[] = ['tempo', 'intervals', 'race_pace', 'hills'];

const half = (x: number) => Math.round(x * 2) / 2;
const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * A session as warm-up, main set and cool-down. Before hard work 10–20 min of easy running raises muscle
 * temperature and VO2 kinetics (Bishop, D. (2003). Warm up II: performance changes following active warm up and
 * how to structure the warm up. Sports Med 33(6), 483–498); we take about a fifth of the session, 1–3 km, and a
 * cool-down of about a seventh, 1–2 km, both at easy pace. Steady runs (easy, long, recovery, strides, the race)
 * are one main segment. The segments add up to the session's distance.
 */
export function segmentsOf(kind: SessionKind, km: number, vdot: number | null, goalKm: number): Segment[] {
  const easy = (type: 'warmup' | 'cooldown', d: number): Segment => ({
    type,
    distanceKm: d,
    durationMin: minutesFor('easy', d, vdot, goalKm),
    pace: paceRange('easy', vdot, goalKm),
    zone: SESSION_INTENSITY.easy.zone,
  });
  const main = (d: number): Segment => ({
    type: 'main',
    distanceKm: r1(d),
    durationMin: minutesFor(kind, d, vdot, goalKm),
    pace: paceRange(kind, vdot, goalKm),
    zone: SESSION_INTENSITY[kind].zone,
  });
  if (km <= 0) return [];
  if (!WITH_WARMUP.includes(kind) || km < 3) return [main(km)];
  const warm = Math.min(3, Math.max(1, half(km * 0.2)));
  const cool = Math.min(2, Math.max(1, half(km * 0.15)));
  return [easy('warmup', warm), main(Math.max(0, km - warm - cool)), easy('cooldown', cool)];
}
