import { rounded, scale, sum, ZERO, type Nutrients } from './nutrients.js';

export interface RecipePart {
  grams: number;
  per100: Nutrients;
}

export interface RecipeTotals {
  total_grams: number;
  portion_grams: number;
  /** Each ingredient's share, in the order given. */
  parts: Nutrients[];
  totals: Nutrients;
  per_portion: Nutrients;
  /** Of the dish as it is weighed raw (no cooking losses or water uptake are modelled). */
  per_100g: Nutrients;
}

/**
 * A recipe's nutrients: each ingredient scaled by its grams, the sum for the whole dish, divided by the
 * portions for one serving, and per 100 g of the dish (the sum of its ingredients' weights), which is what a
 * recipe used as a meal item by weight needs. Rounded only at the end, so per-portion figures do not carry the
 * rounding of the totals.
 */
export function recipeTotals(parts: readonly RecipePart[], portions: number): RecipeTotals {
  const exact = parts.map((p) => scale(p.per100, p.grams));
  const totals = sum(exact);
  const grams = parts.reduce((a, p) => a + p.grams, 0);
  // scale(n, g) is n·g/100: multiplying by f is scale(n, 100·f).
  const times = (n: Nutrients, f: number) => scale(n, 100 * f);
  return {
    total_grams: Math.round(grams * 10) / 10,
    portion_grams: Math.round((grams / portions) * 10) / 10,
    parts: exact.map(rounded),
    totals: rounded(totals),
    per_portion: rounded(times(totals, 1 / portions)),
    per_100g: grams > 0 ? rounded(times(totals, 100 / grams)) : { ...ZERO },
  };
}

/** Exact (unrounded) nutrients per 100 g of a dish made of `parts`: what a recipe weighed as a meal item gives. */
export function dishPer100(parts: readonly RecipePart[]): Nutrients {
  const grams = parts.reduce((a, p) => a + p.grams, 0);
  if (!(grams > 0)) return { ...ZERO };
  return scale(sum(parts.map((p) => scale(p.per100, p.grams))), 10_000 / grams);
}
