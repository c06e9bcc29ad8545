/**
 * Nutrients of an amount of food, and the arithmetic on them. Per 100 g in the catalogue; `scale` turns them
 * into an amount's, `sum` adds amounts (a meal, a recipe).
 */
export interface Nutrients {
  kcal: number;
  protein_g: number;
  carbs_g: number;
  sugars_g: number;
  fat_g: number;
  saturated_fat_g: number;
  fibre_g: number;
  sodium_mg: number;
}

export const NUTRIENT_KEYS = [
  'kcal',
  'protein_g',
  'carbs_g',
  'sugars_g',
  'fat_g',
  'saturated_fat_g',
  'fibre_g',
  'sodium_mg',
] as const satisfies readonly (keyof Nutrients)[];

export const ZERO: Readonly<Nutrients> = Object.freeze({
  kcal: 0,
  protein_g: 0,
  carbs_g: 0,
  sugars_g: 0,
  fat_g: 0,
  saturated_fat_g: 0,
  fibre_g: 0,
  sodium_mg: 0,
});

const map = (f: (k: keyof Nutrients) => number): Nutrients =>
  Object.fromEntries(NUTRIENT_KEYS.map((k) => [k, f(k)])) as unknown as Nutrients;

/** The nutrients of `grams` of a food given per 100 g. */
export const scale = (per100: Nutrients, grams: number): Nutrients => map((k) => (per100[k] * grams) / 100);

/** The nutrients of several amounts together. */
export const sum = (parts: readonly Nutrients[]): Nutrients =>
  map((k) => parts.reduce((acc, p) => acc + p[k], 0));

/** Rounded for display: energy and sodium to the unit, masses to 0.1 g (EU 1169/2011 Annex XV practice). */
export const rounded = (n: Nutrients): Nutrients =>
  map((k) => (k === 'kcal' || k === 'sodium_mg' ? Math.round(n[k]) : Math.round(n[k] * 10) / 10));

/**
 * Energy from the macronutrients with the general Atwater factors: 4 kcal/g protein, 4 kcal/g carbohydrate,
 * 9 kcal/g fat (FAO 2003, "Food energy – methods of analysis and conversion factors", FAO Food and Nutrition
 * Paper 77, ch. 3). With `fibreApart`, fibre is taken out of the carbohydrate and counted at 2 kcal/g, the
 * factor the same report proposes for dietary fibre, which is how labels in the EU count it (1169/2011 Annex XIV).
 */
export function atwaterKcal(
  n: Pick<Nutrients, 'protein_g' | 'carbs_g' | 'fat_g' | 'fibre_g'>,
  fibreApart = false,
): number {
  const carbs = fibreApart ? Math.max(0, n.carbs_g - n.fibre_g) : n.carbs_g;
  return 4 * n.protein_g + 4 * carbs + 9 * n.fat_g + (fibreApart ? 2 * n.fibre_g : 0);
}

/**
 * How far the stated energy may lie from the Atwater estimate. Food tables use food-specific factors
 * (Atwater's specific factors, FAO 2003 §3.2: nuts, cereals and vegetables differ from the general 4-4-9 by
 * up to about a tenth), carbohydrate "by difference" includes fibre or not, and labels round: 15 % or 12 kcal,
 * whichever is more, lets all of that through and still catches a row whose energy is in kJ or whose macros
 * are per serving.
 */
export const ENERGY_TOLERANCE = { relative: 0.15, absoluteKcal: 12 } as const;

export type EnergyCheck = { ok: true } | { ok: false; expected: number };

/** Whether the stated energy agrees with the macronutrients (either way of counting fibre). */
export function checkEnergy(
  n: Pick<Nutrients, 'kcal' | 'protein_g' | 'carbs_g' | 'fat_g' | 'fibre_g'>,
): EnergyCheck {
  const a = atwaterKcal(n, false);
  const b = atwaterKcal(n, true);
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const tol = Math.max(ENERGY_TOLERANCE.absoluteKcal, ENERGY_TOLERANCE.relative * hi);
  if (n.kcal >= lo - tol && n.kcal <= hi + tol) return { ok: true };
  return { ok: false, expected: Math.round(a) };
}

export type MassCheck = { ok: true } | { ok: false; field: 'sugars_g' | 'saturated_fat_g' | 'carbs_g' };

/**
 * The masses of 100 g must fit in 100 g and their parts in their wholes: sugars are carbohydrate, saturated
 * fat is fat. A small slack (0.5 g) keeps analysed tables, where parts and wholes are measured separately
 * (whole milk: 4.80 g carbohydrate, 5.05 g sugars in SR Legacy), from failing the check.
 */
export function checkMasses(n: Nutrients): MassCheck {
  const slack = 0.5;
  if (n.sugars_g > n.carbs_g + slack) return { ok: false, field: 'sugars_g' };
  if (n.saturated_fat_g > n.fat_g + slack) return { ok: false, field: 'saturated_fat_g' };
  if (n.protein_g + n.carbs_g + n.fat_g + n.sodium_mg / 1000 > 100 + slack)
    return { ok: false, field: 'carbs_g' };
  return { ok: true };
}
