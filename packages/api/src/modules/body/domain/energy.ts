import type { ActivityLevel } from '@pulso/contracts/body';

export type Sex = 'male' | 'female';

/**
 * Resting energy expenditure, kcal/day: Mifflin MD, St Jeor ST et al. (1990) "A new predictive equation for
 * resting energy expenditure in healthy individuals", Am J Clin Nutr 51:241–247:
 *     10·kg + 6.25·cm − 5·years + 5 (men) | − 161 (women)
 */
export function mifflinStJeor(weightKg: number, heightCm: number, age: number, sex: Sex): number {
  return 10 * weightKg + 6.25 * heightCm - 5 * age + (sex === 'male' ? 5 : -161);
}

/**
 * Resting energy from lean body mass, kcal/day: the Katch–McArdle equation 370 + 21.6·LBM (kg), as given in
 * McArdle, Katch & Katch, "Exercise Physiology" (after Katch & McArdle's lean-mass regression). Used instead of
 * Mifflin when a body-fat measurement is known: it needs no sex or age, and follows composition rather than
 * weight (a muscular person is not under-estimated).
 */
export function katchMcArdle(weightKg: number, bodyFatPct: number): number {
  return 370 + 21.6 * weightKg * (1 - bodyFatPct / 100);
}

/**
 * Multipliers of resting energy for the day's activity apart from recorded workouts. These are the conventional
 * factors printed with Harris–Benedict and Mifflin calculators (1.2 sedentary … 1.9 extremely active); they have
 * no single primary study behind them, so treat the result as an estimate. Because the recorded workouts are
 * added on top, a person who trains should pick the level of the rest of the day, not of their sport.
 */
export const ACTIVITY_FACTOR: Record<ActivityLevel, number> = {
  sedentary: 1.2,
  light: 1.375,
  moderate: 1.55,
  active: 1.725,
  very_active: 1.9,
};

/*
 * Workouts. ACSM's metabolic equations (ACSM's Guidelines for Exercise Testing and Prescription, chapter on
 * metabolic calculations), VO2 in mL·kg⁻¹·min⁻¹ at speed S in m/min and grade G:
 *     running  VO2 = 0.2·S + 0.9·S·G + 3.5       walking  VO2 = 0.1·S + 1.8·S·G + 3.5
 * The 3.5 is rest; what the workout adds is the rest of it. Summed over the workout, S·t is the distance and
 * S·G·t the height climbed, so the net oxygen cost needs neither the speed nor a grade profile:
 *     running  0.2·distance_m + 0.9·climb_m   (mL/kg)       walking  0.1·distance_m + 1.8·climb_m
 * Descents are credited nothing (the equations are for level and uphill treadmill work). Oxygen to energy:
 * ≈ 5 kcal per litre of O2 (ACSM's convention).
 */
export const KCAL_PER_L_O2 = 5;

/** Gross VO2 of running at `speedMPerMin` on `grade` (ACSM), mL/kg/min. */
export const acsmRunningVo2 = (speedMPerMin: number, grade = 0) =>
  0.2 * speedMPerMin + 0.9 * speedMPerMin * grade + 3.5;
/** Gross VO2 of walking at `speedMPerMin` on `grade` (ACSM), mL/kg/min. */
export const acsmWalkingVo2 = (speedMPerMin: number, grade = 0) =>
  0.1 * speedMPerMin + 1.8 * speedMPerMin * grade + 3.5;

/** Energy above rest of a run or walk, kcal (ACSM, integrated as above). */
export function acsmNetKcal(
  kind: 'running' | 'walking',
  weightKg: number,
  distanceM: number,
  climbM: number,
) {
  const mlPerKg = kind === 'running' ? 0.2 * distanceM + 0.9 * climbM : 0.1 * distanceM + 1.8 * climbM;
  return ((mlPerKg * weightKg) / 1000) * KCAL_PER_L_O2;
}

/**
 * Gross energy from average heart rate, kcal/min: Keytel LR et al. (2005) "Prediction of energy expenditure from
 * heart rate monitoring during submaximal exercise", J Sports Sci 23:289–297, the equations without VO2max
 * (kJ/min, divided by 4.184):
 *     men   −55.0969 + 0.6309·HR + 0.1988·kg + 0.2017·years
 *     women −20.4022 + 0.4472·HR − 0.1263·kg + 0.0740·years
 * Validated for steady submaximal exercise (about 40–80% of VO2max); never below 0 here.
 */
export function keytelKcalPerMin(hr: number, weightKg: number, age: number, sex: Sex): number {
  const kj =
    sex === 'male'
      ? -55.0969 + 0.6309 * hr + 0.1988 * weightKg + 0.2017 * age
      : -20.4022 + 0.4472 * hr - 0.1263 * weightKg + 0.074 * age;
  return Math.max(0, kj / 4.184);
}

/**
 * Last resort, without distance or heart rate: METs of the 2011 Compendium of Physical Activities (Ainsworth BE
 * et al., Med Sci Sports Exerc 43:1575–1581), the general entry of each sport; 1 MET ≈ 1 kcal·kg⁻¹·h⁻¹, so the
 * energy above rest is (MET − 1)·kg·h.
 */
export const COMPENDIUM_MET: Record<string, number> = {
  run: 8.0,
  trail_run: 9.0,
  walk: 3.5,
  hike: 6.0,
  ride: 7.5,
  swim: 5.8,
  strength: 5.0,
  other: 4.0,
};

export interface WorkoutInput {
  sport: string;
  durationS: number;
  distanceKm: number | null;
  elevationGainM: number | null;
  avgHr: number | null;
}

export interface PersonInput {
  weightKg: number;
  age: number;
  sex: Sex;
  /** Resting energy per day: subtracted from heart-rate estimates, which are gross. */
  restingKcalPerDay: number;
}

export type WorkoutMethod = 'acsm_running' | 'acsm_walking' | 'keytel_2005_hr' | 'compendium_met';

/**
 * The energy a workout added to the day (above rest), and the method used: distance first (ACSM, for the
 * sports its equations describe), then heart rate (Keytel), then the Compendium's METs.
 */
export function workoutEnergy(w: WorkoutInput, p: PersonInput): { kcal: number; method: WorkoutMethod } {
  const minutes = w.durationS / 60;
  const distanceM = (w.distanceKm ?? 0) * 1000;
  const climb = w.elevationGainM ?? 0;
  if (distanceM > 0 && (w.sport === 'run' || w.sport === 'trail_run'))
    return { kcal: acsmNetKcal('running', p.weightKg, distanceM, climb), method: 'acsm_running' };
  if (distanceM > 0 && (w.sport === 'walk' || w.sport === 'hike'))
    return { kcal: acsmNetKcal('walking', p.weightKg, distanceM, climb), method: 'acsm_walking' };
  if (w.avgHr != null) {
    const gross = keytelKcalPerMin(w.avgHr, p.weightKg, p.age, p.sex) * minutes;
    const rest = (p.restingKcalPerDay / 1440) * minutes;
    return { kcal: Math.max(0, gross - rest), method: 'keytel_2005_hr' };
  }
  const met = COMPENDIUM_MET[w.sport] ?? COMPENDIUM_MET.other!;
  return { kcal: (met - 1) * p.weightKg * (minutes / 60), method: 'compendium_met' };
}
