import {
  altitudeMultiplier,
  altitudeVo2maxLoss,
  heatMultiplier,
  hillMultiplier,
  SURFACE_PERCENT,
  TYPICAL_GAIN_M_PER_KM,
  wbgtFrom,
  windMultiplier,
  type Terrain,
  type WindDirection,
} from './conditions.js';
import { riegelTime, timeForVdot, vdotOf } from './equivalence.js';

export interface Conditions {
  temperatureC?: number;
  humidityPct?: number;
  windKmh?: number;
  windDirection?: WindDirection;
  terrain?: Terrain;
  elevationGainM?: number;
  altitudeM?: number;
}

export type FactorName = 'heat' | 'wind' | 'altitude' | 'hills' | 'surface';
export interface Factor {
  name: FactorName;
  multiplier: number;
  impactPercent: number;
  model: string;
  detail: Record<string, number | string | null>;
}

export interface Prediction {
  distanceM: number;
  riegelS: number;
  vdot: number;
  vdotS: number;
  baseS: number;
  adjustedS: number;
  factors: Factor[];
  rangeS: { low: number; high: number };
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Each condition's multiplier on a neutral time; only the conditions given are applied. */
export function conditionFactors(c: Conditions, distanceM: number, baseS: number, vdot: number): Factor[] {
  const out: Factor[] = [];
  const push = (name: FactorName, multiplier: number, model: string, detail: Factor['detail']) =>
    out.push({ name, multiplier, impactPercent: round((multiplier - 1) * 100), model, detail });
  if (c.temperatureC !== undefined) {
    const humidity = c.humidityPct ?? 50;
    const wbgt = wbgtFrom(c.temperatureC, humidity);
    push('heat', heatMultiplier(wbgt, vdot, baseS), 'Ely et al. 2007 (WBGT: Australian BoM approximation)', {
      wbgt_c: round(wbgt, 1),
      humidity_pct: humidity,
    });
  }
  if (c.windKmh !== undefined && c.windKmh > 0) {
    const dir = c.windDirection ?? 'headwind';
    push('wind', windMultiplier(distanceM / baseS, c.windKmh, dir), 'Pugh 1971; Davies 1980', {
      direction: dir,
      wind_kmh: c.windKmh,
    });
  }
  if (c.altitudeM !== undefined) {
    push(
      'altitude',
      altitudeMultiplier(c.altitudeM, vdot, distanceM),
      'Wehrlin & Hallén 2006; Daniels & Gilbert 1979',
      {
        vo2max_loss_percent: round(altitudeVo2maxLoss(c.altitudeM) * 100, 1),
      },
    );
  }
  const gain =
    c.elevationGainM ?? (c.terrain ? (TYPICAL_GAIN_M_PER_KM[c.terrain] * distanceM) / 1000 : undefined);
  if (gain !== undefined) {
    push('hills', hillMultiplier(gain, distanceM), 'Minetti et al. 2002', {
      elevation_gain_m: round(gain, 0),
      assumed: c.elevationGainM === undefined ? 'typical gain for the terrain' : null,
    });
  }
  if (c.terrain) {
    push('surface', 1 + SURFACE_PERCENT[c.terrain] / 100, 'Voloshina & Ferris 2015 (estimate)', {
      terrain: c.terrain,
    });
  }
  return out;
}

/**
 * Neutral predictions by Riegel and by VDOT, their mean as the base, then the conditions. The range widens
 * with the distance ratio: equivalence models err more the further they extrapolate (±2% plus 1.5% per
 * e-fold of distance), and always covers both methods' adjusted times.
 */
export function predict(
  distanceM: number,
  ref: { distanceM: number; timeS: number },
  c: Conditions = {},
): Prediction {
  const riegelS = riegelTime(ref.distanceM, ref.timeS, distanceM);
  const vdot = vdotOf(ref.distanceM, ref.timeS);
  const vdotS = timeForVdot(vdot, distanceM);
  const baseS = (riegelS + vdotS) / 2;
  const factors = conditionFactors(c, distanceM, baseS, vdot);
  const multiplier = factors.reduce((m, f) => m * f.multiplier, 1);
  const adjustedS = baseS * multiplier;
  const spread = 0.02 + 0.015 * Math.abs(Math.log(distanceM / ref.distanceM));
  const low = Math.min(riegelS, vdotS) * multiplier;
  const high = Math.max(riegelS, vdotS) * multiplier;
  return {
    distanceM,
    riegelS,
    vdot,
    vdotS,
    baseS,
    adjustedS,
    factors,
    rangeS: { low: Math.min(low, adjustedS * (1 - spread)), high: Math.max(high, adjustedS * (1 + spread)) },
  };
}

/** Even pace per km; the last split is the remaining fraction of a km. */
export function evenSplits(distanceM: number, timeS: number) {
  const pace = timeS / (distanceM / 1000);
  const out: { km: number; distance_km: number; split_s: number; cumulative_s: number }[] = [];
  let done = 0;
  for (let km = 1; done < distanceM - 1e-6; km++) {
    const d = Math.min(1000, distanceM - done);
    done += d;
    out.push({
      km,
      distance_km: round(done / 1000, 3),
      split_s: round((pace * d) / 1000, 1),
      cumulative_s: round((pace * done) / 1000, 1),
    });
  }
  return out;
}

export function formatDuration(s: number): string {
  const neg = s < 0;
  let x = Math.round(Math.abs(s));
  const h = Math.floor(x / 3600);
  x -= h * 3600;
  const m = Math.floor(x / 60);
  const sec = x - m * 60;
  const body = h
    ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`
    : `${m}:${String(sec).padStart(2, '0')}`;
  return neg ? `-${body}` : body;
}

export const formatPace = (sPerKm: number) => `${formatDuration(sPerKm)} min/km`;
