/**
 * The nutrition screens' logic, apart from React so it can be tested: live totals of a plan being built
 * against its targets, how a safety screening's result is presented, and barcode entry.
 */

import { hasGs1CheckDigit } from '@pulso/contracts/gtin';
import { ALLERGENS } from '@pulso/contracts/allergens';

export { ALLERGENS };

/** The contracts' enums, repeated so these pages need not load Zod (test/nutrition.test.ts checks they agree). */
export const NUTRITION_GOALS = [
  'weight_loss',
  'muscle_gain',
  'maintenance',
  'performance',
  'health',
] as const;
export const PLAN_TYPES = ['template', 'regular', 'live'] as const;
export const MEAL_TYPES = ['breakfast', 'mid_morning', 'lunch', 'snack', 'dinner', 'other'] as const;
export type Allergen = (typeof ALLERGENS)[number];

export interface Macros {
  kcal: number;
  protein_g: number;
  carbs_g: number;
  fat_g: number;
}

export const ZERO: Macros = { kcal: 0, protein_g: 0, carbs_g: 0, fat_g: 0 };
export const MACRO_KEYS = ['kcal', 'protein_g', 'carbs_g', 'fat_g'] as const;
export type MacroKey = (typeof MACRO_KEYS)[number];

const round1 = (n: number) => Math.round(n * 10) / 10;

/** What `grams` of a food with these values per 100 g gives (as the API computes an item's totals). */
export function itemTotals(per100g: Macros, grams: number): Macros {
  const f = Number.isFinite(grams) && grams > 0 ? grams / 100 : 0;
  return {
    kcal: round1(per100g.kcal * f),
    protein_g: round1(per100g.protein_g * f),
    carbs_g: round1(per100g.carbs_g * f),
    fat_g: round1(per100g.fat_g * f),
  };
}

export function sumMacros(list: readonly Macros[]): Macros {
  const s = list.reduce(
    (a, m) => ({
      kcal: a.kcal + m.kcal,
      protein_g: a.protein_g + m.protein_g,
      carbs_g: a.carbs_g + m.carbs_g,
      fat_g: a.fat_g + m.fat_g,
    }),
    ZERO,
  );
  return {
    kcal: round1(s.kcal),
    protein_g: round1(s.protein_g),
    carbs_g: round1(s.carbs_g),
    fat_g: round1(s.fat_g),
  };
}

/**
 * ±5 %: the band the API's own plan generator must land in (issue 13), so a hand-built day "on target" means
 * the same as a generated one.
 */
export const TARGET_TOLERANCE = 0.05;

export type TargetStatus = 'under' | 'on' | 'over' | 'none';

export interface TargetRow {
  key: MacroKey;
  actual: number;
  target: number | null;
  /** actual / target (0 when there is no target), for a bar that may pass 100 %. */
  ratio: number;
  status: TargetStatus;
}

export function compareToTarget(actual: number, target: number | null | undefined): TargetRow['status'] {
  if (target === null || target === undefined || target <= 0) return 'none';
  const lo = target * (1 - TARGET_TOLERANCE);
  const hi = target * (1 + TARGET_TOLERANCE);
  return actual < lo ? 'under' : actual > hi ? 'over' : 'on';
}

/** One row per macro: the day's total against the plan's target. */
export function totalsVsTargets(
  totals: Macros,
  targets: { kcal: number | null; protein_g?: number | null; carbs_g?: number | null; fat_g?: number | null },
): TargetRow[] {
  return MACRO_KEYS.map((key) => {
    const target = targets[key] ?? null;
    const actual = totals[key];
    return {
      key,
      actual,
      target,
      ratio: target && target > 0 ? actual / target : 0,
      status: compareToTarget(actual, target),
    };
  });
}

// ---- Screening

export type RiskLevel = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

export interface ScreeningResult {
  risk_level: RiskLevel;
  can_proceed: boolean;
  requires_professional: boolean;
  warnings: readonly string[];
}

/**
 * How a result is shown. The wording is calm on purpose (issue 17): a result is a next step, never an alarm,
 * so no level maps to red or to "danger"; a pause names who can help instead.
 */
export interface ScreeningView {
  /** The i18n key of the headline (namespace nutrition). */
  headline: string;
  /** The key of what to do next. */
  next: string;
  /** Muted colours by tone: 'go' teal, 'care' sky, 'pause' amber. */
  tone: 'go' | 'care' | 'pause';
  /** Say plainly that a professional should be involved (and why that is normal). */
  professional: boolean;
  /** The reasons to list: the API's warnings (already in the reader's language), or one calm key. */
  reasons: { text?: string; key?: string }[];
}

export function screeningView(s: ScreeningResult): ScreeningView {
  const tone = !s.can_proceed ? 'pause' : s.risk_level === 'LOW' && !s.requires_professional ? 'go' : 'care';
  return {
    headline: `screening.headline_${s.risk_level}`,
    next: !s.can_proceed
      ? 'screening.next_pause'
      : s.requires_professional
        ? 'screening.next_care'
        : 'screening.next_go',
    tone,
    professional: s.requires_professional,
    reasons: s.warnings.length ? s.warnings.map((text) => ({ text })) : [{ key: 'screening.no_reasons' }],
  };
}

/** The screening form's answers to the API's body: empty numbers left out, conditions from the ticked boxes. */
export function screeningBody(f: {
  age: string;
  weight_kg: string;
  height_cm: string;
  conditions: readonly string[];
  is_pregnant: boolean;
  is_breastfeeding: boolean;
  takes_medications: boolean;
  has_eating_disorder_history: boolean;
  allergies?: readonly Allergen[];
}) {
  const num = (v: string) => (v.trim() === '' ? undefined : Number(v.replace(',', '.')));
  const ticked = new Set(f.allergies ?? []);
  return {
    age: num(f.age) as number,
    ...(num(f.weight_kg) !== undefined ? { weight_kg: num(f.weight_kg) } : {}),
    ...(num(f.height_cm) !== undefined ? { height_cm: num(f.height_cm) } : {}),
    medical_conditions: [...f.conditions],
    is_pregnant: f.is_pregnant,
    is_breastfeeding: f.is_breastfeeding,
    takes_medications: f.takes_medications,
    has_eating_disorder_history: f.has_eating_disorder_history,
    // Once each, in the catalogue's order, however the boxes were ticked and unticked.
    allergies: ALLERGENS.filter((a) => ticked.has(a)),
  };
}

// ---- Meal photo proposals

export interface PhotoProposal {
  food_id: number | null;
  grams: number;
  declared_allergens: readonly string[];
}

/**
 * Whether a proposed food starts ticked. Only catalogue foods can be logged by grams; one holding an allergen
 * the person declared starts unticked, so logging it is their own decision rather than a default they missed.
 */
export function proposalTicked(p: PhotoProposal): boolean {
  return p.food_id !== null && p.grams > 0 && p.declared_allergens.length === 0;
}

// ---- Plan generation

export type PlanGenerator = 'ai' | 'catalogue';

/**
 * Which generator will answer a plan generation, from the gym's AI status, or null while that is unknown (still
 * loading, or it failed): the card then says nothing rather than guess, and still reports the answer's source.
 * Without AI the generate route still answers, from the catalogue generator, so the form is never withheld.
 */
export function planGenerator(status: { plan_generation: boolean } | undefined): PlanGenerator | null {
  if (!status) return null;
  return status.plan_generation ? 'ai' : 'catalogue';
}

// ---- Barcodes

export type BarcodeParse =
  { ok: true; code: string } | { ok: false; reason: 'empty' | 'digits' | 'length' | 'check_digit' };

/**
 * A typed or scanned barcode: spaces and dashes (as printed under the bars) dropped, then a GTIN of 8, 12, 13
 * or 14 digits (the lengths the API accepts) whose last digit is its GS1 check digit, so a mistyped digit is
 * caught here with its reason rather than searched for.
 */
export function parseBarcode(raw: string): BarcodeParse {
  const code = raw.replace(/[\s-]/g, '');
  if (!code) return { ok: false, reason: 'empty' };
  if (!/^\d+$/.test(code)) return { ok: false, reason: 'digits' };
  if (![8, 12, 13, 14].includes(code.length)) return { ok: false, reason: 'length' };
  if (!hasGs1CheckDigit(code)) return { ok: false, reason: 'check_digit' };
  return { ok: true, code };
}

/** Formats the Barcode Detection API may report for food packaging (retail GTINs). */
export const RETAIL_FORMATS = ['ean_13', 'ean_8', 'upc_a', 'upc_e'] as const;

// ---- Adherence

/** Weekly adherence (0–1 or null per day) as whole percentages for a chart; a day with no plan stays a gap. */
export function adherencePercent(days: readonly { adherence: number | null }[]): (number | null)[] {
  return days.map((d) => (d.adherence === null ? null : Math.round(d.adherence * 100)));
}

// ---- Weekly macros

export const MACRO_GRAMS = ['protein_g', 'carbs_g', 'fat_g'] as const;
export type MacroGram = (typeof MACRO_GRAMS)[number];

/** What the macro chart needs of a day of `GET /nutrition/progress/weekly` (or of any range). */
export interface MacroProgressDay {
  date: string;
  meals_planned: number;
  eaten: Record<MacroGram, number>;
  planned: Record<MacroGram, number>;
}

export interface MacroWeekRow {
  date: string;
  eaten: Record<MacroGram, number>;
  /** Null on a day with no meal planned. */
  planned: Record<MacroGram, number | null>;
}

export interface MacroWeek {
  rows: MacroWeekRow[];
  /** Per macro, eaten and planned grams in the days' order: the chart's columns. */
  series: Record<MacroGram, { eaten: number[]; planned: (number | null)[] }>;
}

/**
 * Protein, carbohydrate and fat eaten against planned per day, in whole grams so that the chart and its table
 * say the same figures. A day without a planned meal has no planned grams (a gap in the line, a dash in the
 * table): the API reports it as 0 g, which would read as a plan to eat nothing.
 */
export function weeklyMacros(days: readonly MacroProgressDay[]): MacroWeek {
  const rows = days.map((d): MacroWeekRow => {
    const eaten = {} as MacroWeekRow['eaten'];
    const planned = {} as MacroWeekRow['planned'];
    for (const k of MACRO_GRAMS) {
      eaten[k] = Math.round(d.eaten[k]);
      planned[k] = d.meals_planned > 0 ? Math.round(d.planned[k]) : null;
    }
    return { date: d.date, eaten, planned };
  });
  const series = {} as MacroWeek['series'];
  for (const k of MACRO_GRAMS)
    series[k] = { eaten: rows.map((r) => r.eaten[k]), planned: rows.map((r) => r.planned[k]) };
  return { rows, series };
}
