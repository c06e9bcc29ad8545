/**
 * Equivalent race performances: what a time over one distance says about another distance, in neutral
 * conditions (flat road, cool, still air, sea level).
 */

/**
 * Riegel, P. S. (1981). Athletic records and human endurance. American Scientist 69(3), 285–290:
 * t2 = t1 · (d2 / d1)^1.06 — an empirical power law fitted to world records from ~3.5 min to ~4 h.
 */
export const RIEGEL_EXPONENT = 1.06;

export function riegelTime(
  refDistanceM: number,
  refTimeS: number,
  targetDistanceM: number,
  exponent = RIEGEL_EXPONENT,
) {
  return refTimeS * Math.pow(targetDistanceM / refDistanceM, exponent);
}

/**
 * Daniels, J. & Gilbert, J. (1979). Oxygen Power: Performance Tables for Distance Runners.
 * Oxygen cost of running at v m/min: VO2 = −4.60 + 0.182258·v + 0.000104·v² (ml/kg/min).
 */
export function vo2AtVelocity(vMPerMin: number): number {
  return -4.6 + 0.182258 * vMPerMin + 0.000104 * vMPerMin * vMPerMin;
}

/**
 * Daniels & Gilbert (1979): the fraction of VO2max sustainable for t minutes,
 * %max = 0.8 + 0.1894393·e^(−0.012778·t) + 0.2989558·e^(−0.1932605·t).
 */
export function fractionOfVo2max(tMin: number): number {
  return 0.8 + 0.1894393 * Math.exp(-0.012778 * tMin) + 0.2989558 * Math.exp(-0.1932605 * tMin);
}

/** VDOT (Daniels & Gilbert 1979): the VO2max a performance implies, VO2(v) / %max(t). */
export function vdotOf(distanceM: number, timeS: number): number {
  const tMin = timeS / 60;
  return vo2AtVelocity(distanceM / tMin) / fractionOfVo2max(tMin);
}

/**
 * The time over `distanceM` whose VDOT equals `vdot`. vdotOf(d, t) falls strictly as t grows (slower is a
 * lower VDOT over any realistic range), so bisection on t converges; 60 halvings give sub-millisecond
 * precision from a bracket of 1 s to 7 days.
 */
export function timeForVdot(vdot: number, distanceM: number): number {
  let lo = 1;
  let hi = 7 * 24 * 3600;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (vdotOf(distanceM, mid) > vdot) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Running velocity (m/min) at which VO2 equals `vo2` (the positive root of Daniels & Gilbert's quadratic);
 * used for training paces at a fraction of VDOT.
 */
export function velocityAtVo2(vo2: number): number {
  const a = 0.000104;
  const b = 0.182258;
  const c = -4.6 - vo2;
  return (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
}
