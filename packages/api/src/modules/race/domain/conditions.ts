/**
 * How race-day conditions change a neutral (flat, cool, still, sea-level) time. Each model returns a
 * multiplier on time (1.02 = 2% slower) and is named in the factor's `model` field.
 */
import { timeForVdot } from './equivalence.js';

export type Terrain = 'flat_road' | 'rolling_hills' | 'mountain' | 'technical_trail';
export type WindDirection = 'headwind' | 'tailwind' | 'crosswind' | 'variable';
export const TERRAINS: readonly Terrain[] = ['flat_road', 'rolling_hills', 'mountain', 'technical_trail'];
export const WIND_DIRECTIONS: readonly WindDirection[] = ['headwind', 'tailwind', 'crosswind', 'variable'];

/**
 * Wet-bulb globe temperature estimated from air temperature and relative humidity — Australian Bureau of
 * Meteorology approximation for moderate sun and light wind: WBGT = 0.567·Ta + 0.393·e + 3.94, with the
 * water vapour pressure e = RH/100 · 6.105 · exp(17.27·Ta / (237.7 + Ta)) hPa. Rises with both inputs.
 */
export function wbgtFrom(temperatureC: number, humidityPct: number): number {
  const e = (humidityPct / 100) * 6.105 * Math.exp((17.27 * temperatureC) / (237.7 + temperatureC));
  return 0.567 * temperatureC + 0.393 * e + 3.94;
}

/**
 * The air temperature at which `wbgtFrom` gives `wbgt` for a humidity (wbgtFrom rises with temperature, so
 * bisection converges; 50 halvings over −40…60 °C are far below 0.01 °C).
 */
export function airTempForWbgt(wbgt: number, humidityPct: number): number {
  let lo = -40;
  let hi = 60;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (wbgtFrom(mid, humidityPct) < wbgt) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Ely et al. (2007) saw the best marathon times at a WBGT of about 5–10 °C: its middle. */
export const OPTIMAL_WBGT_C = 7.5;

/**
 * Heat — Ely, M. R., Cheuvront, S. N., Roberts, W. O. & Montain, S. J. (2007). Impact of weather on marathon-
 * running performance. Med Sci Sports Exerc 39(3), 487–493. Marathon times were best at a WBGT of about
 * 5–10 °C and slowed progressively above it, much more for slower runners (a few % for the winners at WBGT
 * ~25 °C, ~10% or more further back). We use a linear slowing above 10 °C WBGT whose slope falls from
 * 0.7 %/°C at VDOT 35 to 0.2 %/°C at VDOT 75, and scale it down for races shorter than ~2 h (less heat
 * stored: the dose grows with time). Cold: Ely saw no benefit below 5 °C; a small 0.15 %/°C below a WBGT of
 * 5 °C stands for cold stiffness and extra clothing (an estimate, not from Ely).
 */
export function heatMultiplier(wbgt: number, vdot: number, durationS: number): number {
  const level = Math.min(1, Math.max(0, (vdot - 35) / 40));
  const slopePct = 0.7 - 0.5 * level;
  const dose = Math.min(1, Math.sqrt(durationS / 7200));
  const hot = Math.max(0, wbgt - 10) * slopePct * dose;
  const cold = Math.max(0, 5 - wbgt) * 0.15;
  return 1 + (hot + cold) / 100;
}

/**
 * Wind — Pugh, L. G. C. E. (1971). The influence of wind resistance in running and walking and the mechanical
 * efficiency of work against horizontal or vertical forces. J Physiol 213, 255–276: overcoming air resistance
 * costs about 2% of the energy at marathon speed (5 m/s) in still air, rising with the square of the speed
 * relative to the air. Davies, C. T. M. (1980). Effects of wind assistance and resistance on the forward
 * motion of a runner. J Appl Physiol 48(4), 702–709: a tailwind gives back only about half of what the same
 * headwind costs — which the quadratic drag reproduces by itself ((v+w)² − v² > v² − (v−w)²), so no extra
 * discount is applied. We keep the runner's metabolic power constant and solve for the speed it buys:
 * P = v · (1 + k · v · |v_air|), k = 0.02 / 25 (s²/m²), v_air the air speed along the motion.
 */
const AIR_K = 0.02 / 25;
function speedAtPower(power: number, cost: (v: number) => number): number {
  let lo = 0.1;
  let hi = 15;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (mid * cost(mid) < power) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
export function windMultiplier(speedMS: number, windKmh: number, direction: WindDirection): number {
  const w = Math.max(0, windKmh) / 3.6;
  if (w < 1e-6) return 1;
  const power = speedMS * (1 + AIR_K * speedMS * speedMS);
  const head = () => speedMS / speedAtPower(power, (v) => 1 + AIR_K * (v + w) * (v + w));
  const tail = () => {
    // The air speed along the motion is v − w; past v, the wind pushes (negative drag).
    return speedMS / speedAtPower(power, (v) => 1 + AIR_K * (v - w) * Math.abs(v - w));
  };
  switch (direction) {
    case 'headwind':
      return head();
    case 'tailwind':
      return tail();
    case 'crosswind':
      // The apparent wind is larger; its drag along the motion is v·|v_apparent|.
      return speedMS / speedAtPower(power, (v) => 1 + AIR_K * v * Math.hypot(v, w));
    case 'variable':
      // A loop or out-and-back course: half into the wind, half with it — a net cost.
      return (head() + tail()) / 2;
  }
}

/**
 * Altitude — VO2max falls about 6.3% per 1000 m above ~300 m in endurance-trained athletes (Wehrlin, J. P. &
 * Hallén, J. (2006). Linear decrease in VO2max and performance with increasing altitude in endurance
 * athletes. Eur J Appl Physiol 96, 404–412). We lower VDOT by that much and re-solve the time with Daniels &
 * Gilbert's curves. The thinner air's lower drag (Péronnet, Thibault & Cousineau 1991, J Appl Physiol 70,
 * 399–404) gives back under 0.3% per 1000 m at distance-running speeds and is left out: above ~800 m
 * events the aerobic loss dominates (Péronnet 1991), and leaving it out keeps "higher is never faster".
 */
export function altitudeVo2maxLoss(altitudeM: number): number {
  return Math.min(0.5, (0.063 * Math.max(0, altitudeM - 300)) / 1000);
}
export function altitudeMultiplier(altitudeM: number, vdot: number, distanceM: number): number {
  const loss = altitudeVo2maxLoss(altitudeM);
  if (loss === 0) return 1;
  return timeForVdot(vdot * (1 - loss), distanceM) / timeForVdot(vdot, distanceM);
}

/**
 * Gradients — Minetti, A. E., Moia, C., Roi, G. S., Susta, D. & Ferretti, G. (2002). Energy cost of walking
 * and running at extreme uphill and downhill slopes. J Appl Physiol 93, 1039–1046:
 * C(i) = 155.4i⁵ − 30.4i⁴ − 43.3i³ + 46.3i² + 19.5i + 3.6 J/kg/m, for gradients −0.45 ≤ i ≤ 0.45.
 */
export function minettiCost(i: number): number {
  return 155.4 * i ** 5 - 30.4 * i ** 4 - 43.3 * i ** 3 + 46.3 * i ** 2 + 19.5 * i + 3.6;
}
export const MAX_GRADIENT = 0.45;

/**
 * A course with `gainM` of climbing over `distanceM`, and as much descent (a loop or an out-and-back). We
 * assume the climbing fills a third of the course, the descent another third and the rest is flat (wider
 * when that would exceed Minetti's ±45% range), and that time follows energy cost at constant metabolic
 * power. Cost per metre rises with the gradient because C(i) + C(−i) grows for |i| < 0.87, so more climbing
 * is never faster. Gradients of one course are not uniform; the real cost is somewhat higher.
 */
export function hillMultiplier(gainM: number, distanceM: number): number {
  if (gainM <= 0) return 1;
  const share = Math.min(0.5, Math.max(1 / 3, gainM / (MAX_GRADIENT * distanceM)));
  const i = Math.min(MAX_GRADIENT, gainM / (share * distanceM));
  const c0 = minettiCost(0);
  const cost = share * minettiCost(i) + share * minettiCost(-i) + (1 - 2 * share) * c0;
  return cost / c0;
}
/** The steepest course the hill model accepts: all of it at ±45%, half up and half down. */
export const maxGainFor = (distanceM: number) => 0.5 * MAX_GRADIENT * distanceM;

/**
 * Surface and footing, beyond the climbing itself. Uneven ground raises the energy cost of running by about
 * 5% (Voloshina, A. S. & Ferris, D. P. (2015). Biomechanics and energetics of running on uneven terrain.
 * J Exp Biol 218, 711–719); technical trails also limit speed by footing, not energy. Rolling hills are
 * road (0); mountain courses mix paths (3%); technical trails 10% (an estimate on top of Voloshina's 5%).
 */
export const SURFACE_PERCENT: Record<Terrain, number> = {
  flat_road: 0,
  rolling_hills: 0,
  mountain: 3,
  technical_trail: 10,
};
/** Typical climbing per km when a course's elevation gain is not given. */
export const TYPICAL_GAIN_M_PER_KM: Record<Terrain, number> = {
  flat_road: 0,
  rolling_hills: 10,
  mountain: 30,
  technical_trail: 40,
};
