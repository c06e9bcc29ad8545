import { describe, expect, it } from 'vitest';
import { ALLERGENS } from '@pulso/contracts/foods';
import { baseCatalogue } from '../../../src/modules/foods/catalogue.js';
import {
  atwaterKcal,
  checkEnergy,
  checkMasses,
  rounded,
  scale,
  sum,
} from '../../../src/modules/foods/domain/nutrients.js';
import { dishPer100, recipeTotals } from '../../../src/modules/foods/domain/recipe.js';
import { matchRank, normalise } from '../../../src/modules/foods/domain/search.js';

const n = (o: Partial<Record<string, number>>) => ({
  kcal: 0,
  protein_g: 0,
  carbs_g: 0,
  sugars_g: 0,
  fat_g: 0,
  saturated_fat_g: 0,
  fibre_g: 0,
  sodium_mg: 0,
  ...o,
});

describe('the base catalogue (USDA FoodData Central, SR Legacy)', () => {
  const foods = baseCatalogue();

  it('has at least 150 foods, each with a unique key and both names', () => {
    expect(foods.length).toBeGreaterThanOrEqual(150);
    expect(new Set(foods.map((f) => f.key)).size).toBe(foods.length);
    expect(new Set(foods.map((f) => f.nameEn)).size).toBe(foods.length);
    for (const f of foods) {
      expect(f.nameEn.length, f.key).toBeGreaterThan(1);
      expect(f.nameEs.length, f.key).toBeGreaterThan(1);
    }
  });

  it('every row passes the Atwater check: energy agrees with 4 P + 4 C + 9 F (FAO 2003, FNP 77 ch. 3)', () => {
    const bad = foods.filter((f) => !checkEnergy(f.per100).ok).map((f) => `${f.key} ${f.per100.kcal}`);
    expect(bad).toEqual([]);
  });

  it('every row is physically possible: parts within wholes, at most 100 g of matter in 100 g', () => {
    const bad = foods.filter((f) => !checkMasses(f.per100).ok).map((f) => f.key);
    expect(bad).toEqual([]);
    for (const f of foods) expect(f.per100.kcal, f.key).toBeLessThanOrEqual(900);
  });

  it('flags are coherent: vegan foods are vegetarian, allergens are EU Annex II codes', () => {
    for (const f of foods) {
      if (f.vegan) expect(f.vegetarian, f.key).toBe(true);
      for (const a of f.allergens) expect(ALLERGENS).toContain(a);
    }
    // Spot checks against the foods' nature: milk in cheese, fish in salmon, none in an apple.
    const by = new Map(foods.map((f) => [f.key, f]));
    expect(by.get('cheese_cheddar')!.allergens).toContain('milk');
    expect(by.get('salmon_raw')!.allergens).toEqual(['fish']);
    expect(by.get('shrimp_cooked')!.allergens).toEqual(['crustaceans']);
    expect(by.get('apple_raw')!.allergens).toEqual([]);
    expect(by.get('chicken_breast_raw')!.vegetarian).toBe(false);
  });

  it('carries FDC SR Legacy values: raw banana is 89 kcal, 1.09 g protein, 22.84 g carbohydrate per 100 g', () => {
    // FoodData Central, SR Legacy "Bananas, raw" (NDB 09040).
    const banana = foods.find((f) => f.key === 'banana_raw')!;
    expect(banana.per100).toMatchObject({ kcal: 89, protein_g: 1.09, carbs_g: 22.84, fat_g: 0.33 });
  });
});

describe('nutrient arithmetic', () => {
  it('scales per-100 g values to an amount and sums amounts', () => {
    const oats = n({ kcal: 389, protein_g: 16.89, carbs_g: 66.27, fat_g: 6.9, fibre_g: 10.6 });
    const s = scale(oats, 50);
    expect(s.kcal).toBeCloseTo(194.5, 6);
    expect(s.protein_g).toBeCloseTo(8.445, 6);
    const total = sum([s, scale(n({ kcal: 50, protein_g: 3.3 }), 200)]);
    expect(total.kcal).toBeCloseTo(294.5, 6);
    expect(total.protein_g).toBeCloseTo(15.045, 6);
    expect(rounded(total)).toMatchObject({ kcal: 295, protein_g: 15 });
  });

  it('estimates energy by the general Atwater factors (FAO 2003: 4, 4, 9 kcal/g; fibre 2 kcal/g)', () => {
    // 10 g protein, 20 g carbohydrate of which 5 g fibre, 5 g fat.
    const x = { protein_g: 10, carbs_g: 20, fat_g: 5, fibre_g: 5 };
    expect(atwaterKcal(x)).toBe(40 + 80 + 45);
    expect(atwaterKcal(x, true)).toBe(40 + 60 + 10 + 45);
  });

  it('refuses energy stated in kJ or macros per serving', () => {
    // Cheddar's 403 kcal written as its 1 686 kJ would exceed 900; 403 with the macros of a 30 g serving fails.
    expect(checkEnergy(n({ kcal: 403, protein_g: 7.5, carbs_g: 0.4, fat_g: 9.9 })).ok).toBe(false);
    expect(checkEnergy(n({ kcal: 403, protein_g: 24.9, carbs_g: 1.28, fat_g: 33.14 })).ok).toBe(true);
    expect(checkEnergy(n({ kcal: 1, protein_g: 0.12, fat_g: 0.02 })).ok).toBe(true);
  });

  it('refuses parts larger than their wholes', () => {
    expect(checkMasses(n({ carbs_g: 10, sugars_g: 20 }))).toEqual({ ok: false, field: 'sugars_g' });
    expect(checkMasses(n({ fat_g: 1, saturated_fat_g: 5 }))).toEqual({ ok: false, field: 'saturated_fat_g' });
    expect(checkMasses(n({ protein_g: 60, carbs_g: 60 }))).toEqual({ ok: false, field: 'carbs_g' });
  });
});

describe('recipe totals', () => {
  it('totals per recipe, per portion and per 100 g of the dish', () => {
    const rice = n({ kcal: 130, protein_g: 2.69, carbs_g: 28.17, fat_g: 0.28 });
    const chicken = n({ kcal: 165, protein_g: 31.02, fat_g: 3.57, sodium_mg: 74 });
    const t = recipeTotals(
      [
        { grams: 400, per100: rice },
        { grams: 200, per100: chicken },
      ],
      4,
    );
    expect(t.total_grams).toBe(600);
    expect(t.portion_grams).toBe(150);
    expect(t.totals.kcal).toBe(850); // 520 + 330
    expect(t.totals.protein_g).toBe(72.8); // 10.76 + 62.04
    expect(t.per_portion.kcal).toBe(213); // 212.5
    expect(t.per_portion.protein_g).toBe(18.2);
    expect(t.per_100g.kcal).toBe(142); // 850 / 6 = 141.67
    expect(t.parts.map((p) => p.kcal)).toEqual([520, 330]);
    expect(dishPer100([{ grams: 400, per100: rice }]).kcal).toBeCloseTo(130, 9);
  });
});

describe('search normalisation', () => {
  it('drops accents, case and punctuation', () => {
    expect(normalise('Plátano  CRUDO')).toBe('platano crudo');
    expect(normalise('Rice, white, long-grain')).toBe('rice white long grain');
    expect(normalise('Piña')).toBe('pina');
    expect(normalise('  ')).toBe('');
  });

  it('ranks exact over prefix over word prefix over contains', () => {
    expect(matchRank('pina', 'pina')).toBe(0);
    expect(matchRank('pina cruda', 'pina')).toBe(1);
    expect(matchRank('zumo de pina', 'pina')).toBe(2);
    expect(matchRank('espinacas', 'pina')).toBe(3);
    expect(matchRank('manzana', 'pina')).toBeNull();
  });
});
