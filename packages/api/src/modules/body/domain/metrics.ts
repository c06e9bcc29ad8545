import type { BodyMetric, UnitSystem } from '@pulso/contracts/body';

/*
 * Units. Both factors are exact by definition: the international yard and pound agreement of 1959 (NIST
 * Handbook 44, Appendix C) fixes 1 lb = 0.45359237 kg and 1 in = 2.54 cm.
 */
export const KG_PER_LB = 0.45359237;
export const CM_PER_IN = 2.54;

type Dimension = 'mass' | 'length' | 'percent' | 'rate' | 'pressure';

export const DIMENSION: Record<BodyMetric, Dimension> = {
  weight: 'mass',
  lean_mass: 'mass',
  body_fat: 'percent',
  waist: 'length',
  hip: 'length',
  chest: 'length',
  arm: 'length',
  thigh: 'length',
  resting_hr: 'rate',
  blood_pressure: 'pressure',
};

const UNIT: Record<Dimension, Record<UnitSystem, string>> = {
  mass: { metric: 'kg', imperial: 'lb' },
  length: { metric: 'cm', imperial: 'in' },
  percent: { metric: '%', imperial: '%' },
  rate: { metric: 'bpm', imperial: 'bpm' },
  // mmHg is what clinicians in both systems use.
  pressure: { metric: 'mmHg', imperial: 'mmHg' },
};

const PER_IMPERIAL: Record<Dimension, number> = {
  mass: KG_PER_LB,
  length: CM_PER_IN,
  percent: 1,
  rate: 1,
  pressure: 1,
};

export const unitOf = (m: BodyMetric, u: UnitSystem) => UNIT[DIMENSION[m]][u];

/** A value in `u` to the stored (metric) unit. */
export function toMetric(m: BodyMetric, u: UnitSystem, v: number): number {
  return u === 'metric' ? v : v * PER_IMPERIAL[DIMENSION[m]];
}

/** A stored (metric) value to `u`, rounded to what the metric is measured to. */
export function fromMetric(m: BodyMetric, u: UnitSystem, v: number): number {
  const x = u === 'metric' ? v : v / PER_IMPERIAL[DIMENSION[m]];
  return round(x, DECIMALS[DIMENSION[m]]);
}

// Scales show 0.1 kg / 0.2 lb, tapes 0.1 cm / 1/8 in; two decimals keep a converted value from drifting when it
// goes out in pounds and comes back.
const DECIMALS: Record<Dimension, number> = { mass: 2, length: 2, percent: 1, rate: 0, pressure: 0 };

export const round = (x: number, d: number) => {
  const f = 10 ** d;
  return Math.round(x * f) / f;
};

/**
 * What a person can plausibly measure, in metric units: our own plausibility bounds, not a clinical standard.
 * Wide enough for children over ~5 and for extreme but real adults, narrow enough to refuse a 0 or a 700 kg
 * typo. Blood pressure: systolic 60–260 and diastolic 30–160 mmHg cover what a home monitor reads on a living
 * person (300/20 is a typo or a faulty cuff), and systolic must be above diastolic.
 */
export const RANGE: Record<BodyMetric, { min: number; max: number }> = {
  // Same bounds as the athlete profile's weight_kg, which follows the latest entry.
  weight: { min: 20, max: 300 },
  lean_mass: { min: 10, max: 200 },
  body_fat: { min: 2, max: 75 },
  waist: { min: 30, max: 250 },
  hip: { min: 40, max: 250 },
  chest: { min: 40, max: 250 },
  arm: { min: 10, max: 100 },
  thigh: { min: 20, max: 150 },
  resting_hr: { min: 25, max: 150 },
  blood_pressure: { min: 60, max: 260 },
};
export const DIASTOLIC = { min: 30, max: 160 };

export interface Checked {
  value: number;
  diastolic: number | null;
}

/** The first thing wrong with an entry's values; its text is in the module's catalogue (`value.*`, `diastolic.*`). */
export type Problem =
  | { field: 'value'; why: 'out_of_range'; min: number; max: number; unit: string; metric: BodyMetric }
  | { field: 'diastolic'; why: 'not_bp' | 'required' | 'not_lower' }
  | { field: 'diastolic'; why: 'out_of_range'; min: number; max: number };

/**
 * Converts an entry's values to metric and checks them. Returns the stored values or the first problem, with
 * the range stated in the units the client used.
 */
export function checkValues(
  metric: BodyMetric,
  units: UnitSystem,
  value: number,
  diastolic: number | undefined | null,
): Checked | Problem {
  const r = RANGE[metric];
  const v = toMetric(metric, units, value);
  if (!(v >= r.min && v <= r.max)) {
    return {
      field: 'value',
      why: 'out_of_range',
      min: fromMetric(metric, units, r.min),
      max: fromMetric(metric, units, r.max),
      unit: unitOf(metric, units),
      metric,
    };
  }
  if (metric !== 'blood_pressure') {
    if (diastolic != null) return { field: 'diastolic', why: 'not_bp' };
    return { value: v, diastolic: null };
  }
  if (diastolic == null) return { field: 'diastolic', why: 'required' };
  if (!(diastolic >= DIASTOLIC.min && diastolic <= DIASTOLIC.max))
    return { field: 'diastolic', why: 'out_of_range', min: DIASTOLIC.min, max: DIASTOLIC.max };
  if (diastolic >= v) return { field: 'diastolic', why: 'not_lower' };
  return { value: v, diastolic };
}
