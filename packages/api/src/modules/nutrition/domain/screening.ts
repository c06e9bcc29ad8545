/**
 * The medical safety screening's scoring (issue 13), a pure function of the answers.
 *
 * The seed's rules: under 18 +3, over 65 +2, each critical condition +5, pregnancy +8; levels ≥ 8 CRITICAL,
 * ≥ 5 HIGH, ≥ 3 MEDIUM, else LOW; HIGH and CRITICAL cannot proceed. The issue adds: a history of eating
 * disorders +5, breastfeeding +3 and a BMI under 18.5 +3 (when weight and height are known; otherwise a warning
 * that BMI was not assessed), and `requires_professional` for HIGH and CRITICAL, any critical condition,
 * pregnancy, breastfeeding or an age under 18.
 *
 * BMI cut-off: WHO, "Obesity: preventing and managing the global epidemic", Technical Report Series 894 (2000),
 * table 2.1: underweight is BMI < 18.50 kg/m². It is an adult classification: under 18 the BMI is read on
 * BMI-for-age charts (WHO Growth Reference 2007), so minors get the "not assessed" warning instead of a score.
 *
 * Warnings are codes with parameters, rendered in the reader's language (messages.ts `warning.*`).
 */

export type RiskLevel = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

export interface ScreeningAnswers {
  age: number;
  weightKg?: number | null | undefined;
  heightCm?: number | null | undefined;
  medicalConditions?: readonly string[] | undefined;
  isPregnant?: boolean | undefined;
  isBreastfeeding?: boolean | undefined;
  takesMedications?: boolean | undefined;
  hasEatingDisorderHistory?: boolean | undefined;
}

export interface Warning {
  code: string;
  params?: Record<string, string | number>;
}

export interface ScreeningResult {
  riskScore: number;
  riskLevel: RiskLevel;
  canProceed: boolean;
  requiresProfessional: boolean;
  warnings: Warning[];
  bmi: number | null;
}

/** Condition codes that score as critical: the English codes and the seed's Spanish ones. */
export const CRITICAL_CONDITIONS: Readonly<Record<string, string>> = {
  type_1_diabetes: 'type_1_diabetes',
  diabetes_tipo_1: 'type_1_diabetes',
  kidney_disease: 'kidney_disease',
  enfermedad_renal: 'kidney_disease',
  eating_disorder: 'eating_disorder',
  trastorno_alimenticio: 'eating_disorder',
};

export const WHO_UNDERWEIGHT_BMI = 18.5;
export const SCREENING_VALID_HOURS = 24;

export const bmiOf = (weightKg: number, heightCm: number) => weightKg / (heightCm / 100) ** 2;

export function levelOf(score: number): RiskLevel {
  if (score >= 8) return 'CRITICAL';
  if (score >= 5) return 'HIGH';
  if (score >= 3) return 'MEDIUM';
  return 'LOW';
}

export function scoreScreening(a: ScreeningAnswers): ScreeningResult {
  let score = 0;
  const warnings: Warning[] = [];
  const minor = a.age < 18;
  if (minor) {
    score += 3;
    warnings.push({ code: 'minor' });
  } else if (a.age > 65) {
    score += 2;
    warnings.push({ code: 'over_65' });
  }

  // A condition named twice (or in both languages) counts once.
  const critical = new Set<string>();
  for (const c of a.medicalConditions ?? []) {
    const key = CRITICAL_CONDITIONS[c.trim().toLowerCase()];
    if (key) critical.add(key);
  }
  for (const c of critical) {
    score += 5;
    warnings.push({ code: 'critical_condition', params: { condition: c } });
  }

  if (a.isPregnant) {
    score += 8;
    warnings.push({ code: 'pregnant' });
  }
  if (a.isBreastfeeding) {
    score += 3;
    warnings.push({ code: 'breastfeeding' });
  }
  // The history counts on its own; when the same disorder is also listed as a current condition both apply:
  // the seed scores the condition, the issue adds the history.
  if (a.hasEatingDisorderHistory) {
    score += 5;
    warnings.push({ code: 'eating_disorder_history' });
  }

  let bmi: number | null = null;
  if (a.weightKg && a.heightCm && !minor) {
    bmi = bmiOf(a.weightKg, a.heightCm);
    if (bmi < WHO_UNDERWEIGHT_BMI) {
      score += 3;
      warnings.push({ code: 'underweight', params: { bmi: Math.round(bmi * 10) / 10 } });
    }
  } else warnings.push({ code: minor && a.weightKg && a.heightCm ? 'bmi_minor' : 'bmi_not_assessed' });

  if (a.takesMedications) warnings.push({ code: 'medications' });

  const riskLevel = levelOf(score);
  const canProceed = riskLevel === 'LOW' || riskLevel === 'MEDIUM';
  const requiresProfessional =
    !canProceed || critical.size > 0 || !!a.isPregnant || !!a.isBreastfeeding || minor;
  return { riskScore: score, riskLevel, canProceed, requiresProfessional, warnings, bmi };
}

/**
 * A plan is restrictive when its daily target is under 1,500 kcal or its goal is weight loss (issue 13). The
 * repo's one-statement follow (`followOpen`) states the same rule in SQL with these two constants.
 */
export const RESTRICTIVE_KCAL = 1500;
export const RESTRICTIVE_GOAL = 'weight_loss';
export const isRestrictive = (p: { targetCalories: number; goal: string }) =>
  p.targetCalories < RESTRICTIVE_KCAL || p.goal === RESTRICTIVE_GOAL;
