import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_FACTOR,
  acsmNetKcal,
  acsmRunningVo2,
  acsmWalkingVo2,
  katchMcArdle,
  keytelKcalPerMin,
  mifflinStJeor,
  workoutEnergy,
} from '../../../src/modules/body/domain/energy.js';
import {
  checkValues,
  CM_PER_IN,
  fromMetric,
  KG_PER_LB,
  toMetric,
} from '../../../src/modules/body/domain/metrics.js';
import { bmi, bmiCategory, smoothed, weeklyChange } from '../../../src/modules/body/domain/trend.js';
import { addDays } from '../../../src/platform/dates.js';

describe('units', () => {
  it('uses the exact 1959 definitions, both ways', () => {
    expect(toMetric('weight', 'imperial', 100)).toBeCloseTo(45.359237, 9);
    expect(fromMetric('weight', 'imperial', 45.359237)).toBe(100);
    expect(toMetric('waist', 'imperial', 10)).toBeCloseTo(25.4, 9);
    expect(fromMetric('waist', 'imperial', 25.4)).toBe(10);
    expect(KG_PER_LB).toBe(0.45359237);
    expect(CM_PER_IN).toBe(2.54);
  });

  it('leaves %, bpm and mmHg alone in either system', () => {
    for (const m of ['body_fat', 'resting_hr', 'blood_pressure'] as const) {
      expect(toMetric(m, 'imperial', 42)).toBe(42);
      expect(fromMetric(m, 'imperial', 42)).toBe(42);
    }
  });

  it('a weight given in pounds comes back in pounds unchanged (two decimals)', () => {
    for (const lb of [99.8, 154.3, 220.45, 331.2]) {
      expect(fromMetric('weight', 'imperial', toMetric('weight', 'imperial', lb))).toBe(lb);
    }
  });
});

describe('plausibility', () => {
  it('refuses a weight of 0 or 700 kg, and 1,000 lb, naming the range in the units used', () => {
    expect(checkValues('weight', 'metric', 0, undefined)).toMatchObject({ field: 'value' });
    expect(checkValues('weight', 'metric', 700, undefined)).toMatchObject({
      field: 'value',
      why: 'out_of_range',
      min: 20,
      max: 300,
      unit: 'kg',
    });
    expect(checkValues('weight', 'imperial', 1000, undefined)).toMatchObject({
      field: 'value',
      unit: 'lb',
    });
    expect(checkValues('weight', 'imperial', 165, undefined)).toEqual({
      value: 165 * KG_PER_LB,
      diastolic: null,
    });
  });

  it('refuses blood pressure 300/20, a diastolic above the systolic, and a missing diastolic', () => {
    expect(checkValues('blood_pressure', 'metric', 300, 20)).toMatchObject({ field: 'value' });
    expect(checkValues('blood_pressure', 'metric', 120, 20)).toMatchObject({ field: 'diastolic' });
    expect(checkValues('blood_pressure', 'metric', 90, 95)).toMatchObject({ field: 'diastolic' });
    expect(checkValues('blood_pressure', 'metric', 120, undefined)).toMatchObject({ field: 'diastolic' });
    expect(checkValues('blood_pressure', 'metric', 120, 80)).toEqual({ value: 120, diastolic: 80 });
    expect(checkValues('weight', 'metric', 70, 80)).toMatchObject({ field: 'diastolic' });
  });
});

describe("trend (The Hacker's Diet, 10% EMA)", () => {
  it('starts at the first reading and moves 10% of the way each day', () => {
    const d0 = '2026-03-01';
    const t = smoothed([
      { date: d0, value: 80 },
      { date: addDays(d0, 1), value: 70 },
      { date: addDays(d0, 2), value: 70 },
    ]);
    expect(t[0]).toBe(80);
    expect(t[1]).toBeCloseTo(79, 10);
    expect(t[2]).toBeCloseTo(78.1, 10);
  });

  it('a gap of n days weighs as n daily readings of the new value (1 − 0.9^n)', () => {
    const d0 = '2026-03-01';
    const daily = smoothed(
      Array.from({ length: 8 }, (_, i) => ({ date: addDays(d0, i), value: i === 0 ? 80 : 70 })),
    );
    const weekly = smoothed([
      { date: d0, value: 80 },
      { date: addDays(d0, 7), value: 70 },
    ]);
    expect(weekly[1]).toBeCloseTo(daily[7]!, 10);
    expect(weekly[1]).toBeCloseTo(80 - 10 * (1 - 0.9 ** 7), 10);
  });

  it('weekly change is the least-squares slope of the trend × 7', () => {
    const d0 = '2026-03-01';
    const dates = Array.from({ length: 10 }, (_, i) => addDays(d0, i));
    expect(
      weeklyChange(
        dates,
        dates.map((_, i) => 80 - 0.1 * i),
      ),
    ).toBeCloseTo(-0.7, 10);
    expect(weeklyChange([d0], [80])).toBeNull();
    // Through a real smoothing: a steady loss of 0.5 kg/week shows as a loss (lagging, never a gain).
    const t = smoothed(dates.map((d, i) => ({ date: d, value: 80 - (0.5 / 7) * i })));
    const w = weeklyChange(dates, t)!;
    expect(w).toBeLessThan(0);
    expect(w).toBeGreaterThan(-0.5);
  });

  it('BMI and the WHO classes (TRS 894): 70 kg at 175 cm is 22.9, normal', () => {
    expect(bmi(70, 175)).toBeCloseTo(22.857, 3);
    expect(bmiCategory(18.49)).toBe('underweight');
    expect(bmiCategory(18.5)).toBe('normal');
    expect(bmiCategory(24.99)).toBe('normal');
    expect(bmiCategory(25)).toBe('overweight');
    expect(bmiCategory(30)).toBe('obese');
  });
});

describe('energy', () => {
  it('Mifflin–St Jeor 1990: 10·kg + 6.25·cm − 5·y + 5 | −161', () => {
    // Worked by hand from the published equation.
    expect(mifflinStJeor(80, 180, 30, 'male')).toBe(800 + 1125 - 150 + 5); // 1780
    // The worked example of qaicalculator.com's calorie calculator: a 28-year-old woman, 65 kg, 165 cm.
    expect(mifflinStJeor(65, 165, 28, 'female')).toBeCloseTo(1380.25, 10);
  });

  it('Katch–McArdle: 370 + 21.6·LBM; 80 kg at 20% fat has 64 kg lean → 1752.4 kcal', () => {
    expect(katchMcArdle(80, 20)).toBeCloseTo(1752.4, 10);
  });

  it('activity factors are the conventional 1.2 … 1.9', () => {
    expect(Object.values(ACTIVITY_FACTOR)).toEqual([1.2, 1.375, 1.55, 1.725, 1.9]);
  });

  it('ACSM running and walking equations', () => {
    // The textbook inversion (ACSM running equation, studylib "To estimate how fast a woman should jog..."):
    // 8 METs = 28 mL/kg/min is jogging at 122.5 m/min on the level.
    expect(acsmRunningVo2(122.5)).toBeCloseTo(28, 10);
    // Walking 80.4 m/min (3 mph) up a 5% grade: 0.1·80.4 + 1.8·80.4·0.05 + 3.5 = 18.776.
    expect(acsmWalkingVo2(80.4, 0.05)).toBeCloseTo(18.776, 10);
    // Net energy of 10 km level running at 70 kg: 0.2 mL/kg/m · 10,000 m · 70 kg = 140 L O2 → 700 kcal
    // (the familiar ~1 kcal per kg per km).
    expect(acsmNetKcal('running', 70, 10_000, 0)).toBeCloseTo(700, 10);
    // Climbing adds 0.9 mL/kg per metre: 200 m up → +63 kcal at 70 kg.
    expect(acsmNetKcal('running', 70, 10_000, 200) - 700).toBeCloseTo(63, 10);
  });

  it('Keytel 2005 against published calculator examples', () => {
    // webtoolsguru.com: man 30 y, 75 kg, 140 bpm, 30 min ≈ 388.55 kcal; woman 30 y, 65 kg ≈ 259.68 kcal.
    expect(keytelKcalPerMin(140, 75, 30, 'male') * 30).toBeCloseTo(388.55, 1);
    expect(keytelKcalPerMin(140, 65, 30, 'female') * 30).toBeCloseTo(259.68, 1);
    // clevercalculator.com: man 35 y, 75 kg, 150 bpm, 30 min ≈ 441 kcal.
    expect(Math.round(keytelKcalPerMin(150, 75, 35, 'male') * 30)).toBe(441);
    expect(keytelKcalPerMin(20, 60, 20, 'male')).toBe(0);
  });

  it('picks distance for runs and walks, heart rate otherwise, METs last; always above rest only', () => {
    const p = { weightKg: 70, age: 30, sex: 'male' as const, restingKcalPerDay: 1440 };
    const run = { sport: 'run', durationS: 3000, distanceKm: 10, elevationGainM: null, avgHr: 150 };
    expect(workoutEnergy(run, p)).toEqual({ kcal: 700, method: 'acsm_running' });
    expect(workoutEnergy({ ...run, sport: 'hike', distanceKm: 5 }, p).method).toBe('acsm_walking');
    const ride = { sport: 'ride', durationS: 1800, distanceKm: 15, elevationGainM: null, avgHr: 140 };
    const r = workoutEnergy(ride, p);
    expect(r.method).toBe('keytel_2005_hr');
    // Gross Keytel minus 1 kcal/min of rest (1440 kcal/day).
    expect(r.kcal).toBeCloseTo(keytelKcalPerMin(140, 70, 30, 'male') * 30 - 30, 10);
    const lift = { sport: 'strength', durationS: 3600, distanceKm: null, elevationGainM: null, avgHr: null };
    expect(workoutEnergy(lift, p)).toEqual({ kcal: (5 - 1) * 70, method: 'compendium_met' });
  });
});
