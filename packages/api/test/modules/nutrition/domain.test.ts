import { describe, expect, it } from 'vitest';
import {
  adherence,
  dayFor,
  durationOf,
  liveStatus,
  resolveTargets,
  scale,
  sum,
} from '../../../src/modules/nutrition/domain/plan.js';
import {
  bmiOf,
  isRestrictive,
  levelOf,
  scoreScreening,
} from '../../../src/modules/nutrition/domain/screening.js';

const codes = (r: { warnings: { code: string }[] }) => r.warnings.map((w) => w.code);

describe('safety screening scoring (issue 13 rules, the seed’s evaluate_user_safety)', () => {
  it('the seed’s own case: 16 years old and pregnant is CRITICAL with at least three warnings', () => {
    const r = scoreScreening({ age: 16, isPregnant: true });
    // minor +3, pregnancy +8 = 11 ≥ 8
    expect(r.riskScore).toBe(11);
    expect(r.riskLevel).toBe('CRITICAL');
    expect(r.canProceed).toBe(false);
    expect(r.requiresProfessional).toBe(true);
    expect(r.warnings.length).toBeGreaterThanOrEqual(3);
    expect(codes(r)).toEqual(expect.arrayContaining(['minor', 'pregnant', 'bmi_not_assessed']));
  });

  it('a healthy adult with weight and height is LOW and may proceed without a professional', () => {
    const r = scoreScreening({ age: 30, weightKg: 70, heightCm: 175 });
    expect(r).toMatchObject({
      riskScore: 0,
      riskLevel: 'LOW',
      canProceed: true,
      requiresProfessional: false,
    });
    expect(r.warnings).toEqual([]);
  });

  it('levels at the seed’s thresholds: ≥8 CRITICAL, ≥5 HIGH, ≥3 MEDIUM, else LOW', () => {
    expect([0, 2, 3, 4, 5, 7, 8, 20].map(levelOf)).toEqual([
      'LOW',
      'LOW',
      'MEDIUM',
      'MEDIUM',
      'HIGH',
      'HIGH',
      'CRITICAL',
      'CRITICAL',
    ]);
  });

  it('over 65 is +2 (LOW, still a warning); each critical condition +5, in English or the seed’s Spanish codes', () => {
    expect(scoreScreening({ age: 70, weightKg: 70, heightCm: 170 })).toMatchObject({
      riskScore: 2,
      riskLevel: 'LOW',
    });
    const es = scoreScreening({
      age: 40,
      weightKg: 70,
      heightCm: 170,
      medicalConditions: ['diabetes_tipo_1'],
    });
    expect(es).toMatchObject({
      riskScore: 5,
      riskLevel: 'HIGH',
      canProceed: false,
      requiresProfessional: true,
    });
    const two = scoreScreening({
      age: 40,
      weightKg: 70,
      heightCm: 170,
      medicalConditions: ['kidney_disease', 'enfermedad_renal', 'trastorno_alimenticio', 'asthma'],
    });
    // kidney disease named twice counts once; asthma is not critical
    expect(two.riskScore).toBe(10);
    expect(two.riskLevel).toBe('CRITICAL');
  });

  it('breastfeeding +3 (MEDIUM, proceeds, but requires a professional); eating-disorder history +5', () => {
    const b = scoreScreening({ age: 30, weightKg: 60, heightCm: 165, isBreastfeeding: true });
    expect(b).toMatchObject({
      riskScore: 3,
      riskLevel: 'MEDIUM',
      canProceed: true,
      requiresProfessional: true,
    });
    const ed = scoreScreening({ age: 30, weightKg: 60, heightCm: 165, hasEatingDisorderHistory: true });
    expect(ed).toMatchObject({ riskScore: 5, riskLevel: 'HIGH', canProceed: false });
  });

  it('BMI under 18.5 (WHO TRS 894, table 2.1) adds 3; 18.5 itself does not', () => {
    // 50 kg at 1.70 m: 17.3 kg/m²
    expect(bmiOf(50, 170)).toBeCloseTo(17.3, 1);
    const under = scoreScreening({ age: 25, weightKg: 50, heightCm: 170 });
    expect(under).toMatchObject({ riskScore: 3, riskLevel: 'MEDIUM' });
    expect(under.warnings[0]).toEqual({ code: 'underweight', params: { bmi: 17.3 } });
    // exactly 18.5: 18.5 × 1.7² = 53.465 kg
    expect(scoreScreening({ age: 25, weightKg: 53.465, heightCm: 170 }).riskScore).toBe(0);
  });

  it('without weight or height, BMI is not assessed and says so; minors are not scored on the adult cut-off', () => {
    expect(codes(scoreScreening({ age: 25, weightKg: 50 }))).toEqual(['bmi_not_assessed']);
    const minor = scoreScreening({ age: 15, weightKg: 40, heightCm: 165 });
    expect(minor.riskScore).toBe(3);
    expect(codes(minor)).toEqual(['minor', 'bmi_minor']);
  });

  it('a plan is restrictive under 1,500 kcal or with a weight-loss goal', () => {
    expect(isRestrictive({ targetCalories: 1499, goal: 'health' })).toBe(true);
    expect(isRestrictive({ targetCalories: 1500, goal: 'health' })).toBe(false);
    expect(isRestrictive({ targetCalories: 2500, goal: 'weight_loss' })).toBe(true);
  });
});

describe('plan arithmetic', () => {
  it('scales per-100 g values and sums them', () => {
    // USDA FoodData Central, SR Legacy 05062 chicken breast, raw: 120 kcal, 22.5 g protein, 2.62 g fat per 100 g
    const chicken = { kcal: 120, protein_g: 22.5, carbs_g: 0, fat_g: 2.62, fiber_g: 0 };
    expect(scale(chicken, 150)).toEqual({ kcal: 180, protein_g: 33.75, carbs_g: 0, fat_g: 3.93, fiber_g: 0 });
    expect(sum([scale(chicken, 50), scale(chicken, 50)]).kcal).toBe(120);
  });

  it('numbered plans cycle from the start; live plans end; weekday plans follow the calendar', () => {
    const days = [1, 2, 3].map((n) => ({ dayNumber: n, weekday: null }));
    expect(durationOf(days)).toBe(3);
    expect(dayFor(days, '2026-03-01', '2026-03-01', false)?.dayNumber).toBe(1);
    expect(dayFor(days, '2026-03-01', '2026-03-04', false)?.dayNumber).toBe(1);
    expect(dayFor(days, '2026-03-01', '2026-03-04', true)).toBeNull();
    expect(dayFor(days, '2026-03-01', '2026-02-28', false)).toBeNull();
    const week = [1, 2, 3, 4, 5, 6, 7].map((w) => ({ dayNumber: null, weekday: w }));
    // 2026-03-02 is a Monday
    expect(dayFor(week, '2026-01-01', '2026-03-02', false)?.weekday).toBe(1);
    expect(dayFor(week, '2026-01-01', '2026-03-08', false)?.weekday).toBe(7);
  });

  it('live status: not started, running through its last day, finished after', () => {
    expect(liveStatus('2026-03-10', 7, '2026-03-09')).toBe('not_started');
    expect(liveStatus('2026-03-10', 7, '2026-03-16')).toBe('running');
    expect(liveStatus('2026-03-10', 7, '2026-03-17')).toBe('finished');
  });

  it('per-kg targets resolve against the weight, else fall back to the grams', () => {
    const p = {
      targetCalories: 2000,
      proteinG: 120,
      carbsG: null,
      fatG: 60,
      proteinGPerKg: 2,
      carbsGPerKg: null,
      fatGPerKg: null,
    };
    expect(resolveTargets(p, 72.5)).toEqual({
      kcal: 2000,
      protein_g: 145,
      carbs_g: null,
      fat_g: 60,
      weight_kg: 72.5,
    });
    expect(resolveTargets(p, null).protein_g).toBe(120);
    expect(adherence(4, 3)).toBe(0.75);
    expect(adherence(0, 0)).toBeNull();
  });
});
