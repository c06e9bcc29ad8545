/**
 * Heart-rate and pace zones.
 */
import { timeForVdot, velocityAtVo2, vdotOf } from '../../race/domain/equivalence.js';

/** Tanaka, H., Monahan, K. D. & Seals, D. R. (2001). Age-predicted maximal heart rate revisited. J Am Coll Cardiol 37(1), 153–156: HRmax = 208 − 0.7 × age (SD ≈ 10 bpm). */
export const tanakaMaxHr = (ageYears: number) => 208 - 0.7 * ageYears;

/**
 * Karvonen, M. J., Kentala, E. & Mustala, O. (1957). The effects of training on heart rate; a longitudinal
 * study. Ann Med Exp Biol Fenn 35(3), 307–315: target HR = HRrest + intensity × (HRmax − HRrest).
 */
export const karvonen = (restingHr: number, maxHr: number, intensity: number) =>
  restingHr + intensity * (maxHr - restingHr);

/** The five zones: 50–60–70–80–90–100 % of heart-rate reserve (or of HRmax without a resting HR). */
export const ZONE_BOUNDS = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0] as const;

export function hrZones(maxHr: number, restingHr: number | null) {
  const at = (f: number) => Math.round(restingHr === null ? f * maxHr : karvonen(restingHr, maxHr, f));
  return [0, 1, 2, 3, 4].map((i) => ({
    zone: i + 1,
    hrMin: at(ZONE_BOUNDS[i]!),
    hrMax: at(ZONE_BOUNDS[i + 1]!),
    pctMin: ZONE_BOUNDS[i]! * 100,
    pctMax: ZONE_BOUNDS[i + 1]! * 100,
  }));
}

/**
 * Pace (s/km) at a fraction of VDOT: the velocity whose oxygen cost (Daniels & Gilbert 1979) is that fraction
 * of VO2max. Daniels' training intensities: easy 59–74 %, marathon ~75–84 %, threshold 83–88 %, interval
 * 95–100 % (Daniels' Running Formula, 3rd ed., ch. 4).
 */
export const paceAtFraction = (vdot: number, fraction: number) => 60_000 / velocityAtVo2(vdot * fraction);

/** Pace bands per HR zone, in fractions of VO2max (the slower bound first). */
export const ZONE_VO2_FRACTIONS: [number, number][] = [
  [0.55, 0.65],
  [0.65, 0.75],
  [0.75, 0.84],
  [0.84, 0.9],
  [0.95, 1.0],
];

/**
 * The threshold (T) pace is ~88% of VO2max (Daniels), so a known threshold pace gives a VDOT:
 * VO2(v_T) / 0.88.
 */
export function vdotFromThresholdPace(sPerKm: number): number {
  const v = 60_000 / sPerKm; // m/min
  return (-4.6 + 0.182258 * v + 0.000104 * v * v) / 0.88;
}

/** Race pace (s/km) over a distance at a VDOT. */
export const racePace = (vdot: number, distanceM: number) =>
  timeForVdot(vdot, distanceM) / (distanceM / 1000);

export { vdotOf };
