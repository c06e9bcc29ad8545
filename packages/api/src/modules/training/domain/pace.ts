import { formatDuration } from '../../race/domain/predict.js';
import { SESSION_INTENSITY, type SessionKind } from './plan.js';
import { paceAtFraction, racePace } from './zones.js';

/**
 * Paces and durations of a session kind at a VDOT. The kinds' bands are fractions of VO2max (SESSION_INTENSITY,
 * Daniels' Running Formula, 3rd ed., ch. 4); a pace at a fraction is the velocity whose oxygen cost is that
 * fraction (Daniels & Gilbert 1979, zones.ts).
 */

/** `s` seconds (per km) as "m:ss". */
export const paceStr = (s: number): string => formatDuration(s);

/** Paces for a session kind at a VDOT, as "m:ss-m:ss" (slower first); null without a VDOT or a band. */
export function paceRange(kind: SessionKind, vdot: number | null, goalKm: number): string | null {
  if (vdot === null) return null;
  const band = SESSION_INTENSITY[kind].vo2;
  if (band) return `${paceStr(paceAtFraction(vdot, band[0]))}-${paceStr(paceAtFraction(vdot, band[1]))}`;
  if (kind === 'race_pace' || kind === 'race') return paceStr(racePace(vdot, goalKm * 1000));
  return null;
}

/** Minutes a session of `km` takes at its kind's mean pace; null without a VDOT or distance. */
export function minutesFor(
  kind: SessionKind,
  km: number,
  vdot: number | null,
  goalKm: number,
): number | null {
  if (vdot === null || km <= 0) return null;
  const band = SESSION_INTENSITY[kind].vo2;
  const pace = band
    ? (paceAtFraction(vdot, band[0]) + paceAtFraction(vdot, band[1])) / 2
    : kind === 'race' || kind === 'race_pace'
      ? // race pace blocks sit inside an easy run: average of the two
        kind === 'race'
        ? racePace(vdot, goalKm * 1000)
        : (racePace(vdot, goalKm * 1000) + paceAtFraction(vdot, 0.68)) / 2
      : paceAtFraction(vdot, 0.7); // hills: the run around the repeats
  return Math.round((km * pace) / 60);
}
