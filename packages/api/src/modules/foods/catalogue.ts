import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { ALLERGENS, type Allergen } from '@pulso/contracts/foods';
import type { Nutrients } from './domain/nutrients.js';

/** One food of the shipped base catalogue (data/base-foods.csv). */
export interface BaseFood {
  key: string;
  nameEn: string;
  nameEs: string;
  per100: Nutrients;
  vegan: boolean;
  vegetarian: boolean;
  allergens: Allergen[];
  servings: { unit: string; grams: number }[];
}

export const BASE_SOURCE = 'USDA FoodData Central (SR Legacy)';
export const BASE_LICENCE = 'Public domain (CC0 1.0)';

// The data file stays in the source tree (the compiler copies no CSV): found next to this file when run from
// source, and from dist/ through the source tree that ships with the package.
const CANDIDATES = ['./data/base-foods.csv', '../../../src/modules/foods/data/base-foods.csv'];

export function baseCataloguePath(): string {
  for (const c of CANDIDATES) {
    const p = fileURLToPath(new URL(c, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error('the base food catalogue (src/modules/foods/data/base-foods.csv) is missing');
}

const num = (row: Record<string, string>, k: string): number => {
  const v = Number(row[k]);
  if (row[k] === '' || !Number.isFinite(v) || v < 0) throw new Error(`base foods: ${row.key}: bad ${k}`);
  return v;
};

/** Parses the catalogue; throws on a malformed row (a packaging error, never a user's). */
export function parseBaseCatalogue(text: string): BaseFood[] {
  const rows = parse<Record<string, string>>(text, {
    columns: true,
    comment: '#',
    skip_empty_lines: true,
    trim: true,
  });
  return rows.map((r) => {
    const allergens = (r.allergens ?? '').split('|').filter(Boolean);
    for (const a of allergens)
      if (!(ALLERGENS as readonly string[]).includes(a))
        throw new Error(`base foods: ${r.key}: allergen ${a}`);
    const servings = (r.servings ?? '')
      .split('|')
      .filter(Boolean)
      .map((s) => {
        const [unit, g] = s.split(':');
        const grams = Number(g);
        if (!unit || !(grams > 0)) throw new Error(`base foods: ${r.key}: serving ${s}`);
        return { unit, grams };
      });
    if (!r.key || !r.name_en || !r.name_es) throw new Error(`base foods: a row without key or names`);
    return {
      key: r.key,
      nameEn: r.name_en,
      nameEs: r.name_es,
      per100: {
        kcal: num(r, 'kcal'),
        protein_g: num(r, 'protein_g'),
        carbs_g: num(r, 'carbs_g'),
        sugars_g: num(r, 'sugars_g'),
        fat_g: num(r, 'fat_g'),
        saturated_fat_g: num(r, 'saturated_fat_g'),
        fibre_g: num(r, 'fibre_g'),
        sodium_mg: num(r, 'sodium_mg'),
      },
      vegan: r.vegan === '1',
      vegetarian: r.vegetarian === '1' || r.vegan === '1',
      allergens: allergens as Allergen[],
      servings,
    };
  });
}

let cached: BaseFood[] | undefined;
export function baseCatalogue(): BaseFood[] {
  cached ??= parseBaseCatalogue(readFileSync(baseCataloguePath(), 'utf8'));
  return cached;
}
