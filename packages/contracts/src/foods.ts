import { z } from 'zod';
import { ALLERGENS } from './allergens.js';
import { Id, Pagination, Text, Timestamp } from './common.js';
import { hasGs1CheckDigit } from './gtin.js';

export { ALLERGENS };
export const Allergen = z.enum(ALLERGENS);
export type Allergen = z.infer<typeof Allergen>;

const grams = (max: number) => z.number().min(0).max(max);

/** Nutrients of an amount of food: per 100 g in a food, per amount in totals. */
export const Nutrients = z.object({
  kcal: z.number(),
  protein_g: z.number(),
  carbs_g: z.number(),
  sugars_g: z.number(),
  fat_g: z.number(),
  saturated_fat_g: z.number(),
  fibre_g: z.number(),
  sodium_mg: z.number(),
});
export type Nutrients = z.infer<typeof Nutrients>;

/**
 * What a gym enters per 100 g. Pure fat has 900 kcal per 100 g (9 kcal/g), so nothing has more; the masses
 * of 100 g cannot exceed 100 g, and sodium not 40 g (pure salt is 39.3 % sodium).
 */
export const NutrientsIn = z
  .object({
    kcal: z.number().min(0).max(900).describe('Energy, kcal per 100 g (at most 900, pure fat)'),
    protein_g: grams(100),
    carbs_g: grams(100).describe('Available carbohydrates, g per 100 g, sugars included'),
    sugars_g: grams(100).default(0),
    fat_g: grams(100),
    saturated_fat_g: grams(100).default(0),
    fibre_g: grams(100).default(0),
    sodium_mg: z.number().min(0).max(40_000).default(0),
  })
  .strict();
export type NutrientsIn = z.infer<typeof NutrientsIn>;

export const Serving = z
  .object({
    unit: Text.trim().min(1).max(40).describe('e.g. slice, cup, piece'),
    grams: z.number().positive().max(5000),
  })
  .strict();
export type Serving = z.infer<typeof Serving>;

/**
 * GTIN-8, UPC-A (12), EAN-13 or GTIN-14: the lengths a retail barcode has, and its check digit, which every
 * printed barcode carries and every scanner verifies; a code failing it was mistyped, and stored it could
 * never be found by a scan.
 */
export const Barcode = z
  .string()
  .regex(/^(?:\d{8}|\d{12,14})$/, { message: 'Must be 8, 12, 13 or 14 digits', abort: true })
  .refine(hasGs1CheckDigit, {
    message: 'The last digit is not the GS1 check digit of the others: a digit is probably mistyped',
  })
  .describe('GTIN: 8, 12, 13 or 14 digits, the last one its GS1 check digit');

const FoodFields = {
  name_en: Text.trim().min(1).max(200),
  name_es: Text.trim().min(1).max(200),
  per_100g: NutrientsIn,
  servings: z.array(Serving).max(20),
  barcode: Barcode.nullable(),
  vegan: z.boolean(),
  vegetarian: z.boolean(),
  allergens: z.array(Allergen).max(ALLERGENS.length),
};

export const FoodCreateBody = z
  .object({
    name_en: FoodFields.name_en.optional().describe('English name; at least one of name_en and name_es'),
    name_es: FoodFields.name_es.optional().describe('Spanish name; the other name when absent'),
    per_100g: FoodFields.per_100g,
    servings: FoodFields.servings.default([]),
    barcode: FoodFields.barcode.default(null),
    vegan: FoodFields.vegan.default(false),
    vegetarian: FoodFields.vegetarian.default(false).describe('Vegan food is vegetarian whatever this says'),
    allergens: FoodFields.allergens.default([]),
  })
  .strict()
  .refine((o) => o.name_en !== undefined || o.name_es !== undefined, {
    message: 'Give name_en or name_es',
    path: ['name_en'],
    params: { msg: 'one_field' },
    when: (payload) => payload.issues.length === 0,
  });
export type FoodCreateBody = z.infer<typeof FoodCreateBody>;

export const FoodPatchBody = z
  .object({
    name_en: FoodFields.name_en.optional(),
    name_es: FoodFields.name_es.optional(),
    per_100g: FoodFields.per_100g.optional().describe('All nutrients at once: they are checked together'),
    servings: FoodFields.servings.optional(),
    barcode: FoodFields.barcode.optional(),
    vegan: FoodFields.vegan.optional(),
    vegetarian: FoodFields.vegetarian.optional(),
    allergens: FoodFields.allergens.optional(),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, {
    message: 'Give at least one field to change',
    params: { msg: 'one_field' },
    when: (payload) => payload.issues.length === 0,
  });
export type FoodPatchBody = z.infer<typeof FoodPatchBody>;

export const Food = z.object({
  id: Id,
  scope: z.enum(['base', 'gym']).describe("base: Pulso's shipped catalogue (read-only); gym: this gym's own"),
  name_en: z.string(),
  name_es: z.string(),
  per_100g: Nutrients,
  servings: z.array(z.object({ unit: z.string(), grams: z.number() })),
  barcode: z.string().nullable(),
  vegan: z.boolean(),
  vegetarian: z.boolean(),
  allergens: z.array(Allergen),
  source: z.string().describe('e.g. USDA FoodData Central, Open Food Facts, gym'),
  licence: z.string().describe('e.g. Public domain (CC0 1.0), ODbL 1.0'),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Food = z.infer<typeof Food>;

const Bool = z.enum(['true', 'false']);

export const FoodQuery = Pagination.extend({
  q: Text.trim()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'Name, in English or Spanish, accents and case ignored; exact > prefix > word prefix > contains',
    ),
  barcode: Barcode.optional(),
  vegan: Bool.optional().describe('true: only vegan foods'),
  vegetarian: Bool.optional().describe('true: only vegetarian foods'),
  allergen_free: z
    .string()
    .max(200)
    .optional()
    .describe(`Comma-separated allergen codes the foods must not contain: ${ALLERGENS.join(', ')}`),
});
export type FoodQuery = z.infer<typeof FoodQuery>;

export const BarcodeParams = z.object({ code: Barcode });

// ---- recipes

export const Ingredient = z
  .object({
    food_id: Id,
    grams: z.number().positive().max(10_000).describe('Grams of the food in the whole recipe'),
  })
  .strict();

export const RecipeCreateBody = z
  .object({
    name: Text.trim().min(1).max(200),
    description: Text.max(5000).nullable().default(null),
    portions: z.number().int().min(1).max(100).describe('How many servings the recipe makes'),
    ingredients: z.array(Ingredient).min(1).max(100),
  })
  .strict();
export type RecipeCreateBody = z.infer<typeof RecipeCreateBody>;

export const RecipePatchBody = z
  .object({
    name: RecipeCreateBody.shape.name.optional(),
    description: Text.max(5000).nullable().optional(),
    portions: RecipeCreateBody.shape.portions.optional(),
    ingredients: RecipeCreateBody.shape.ingredients.optional().describe('Replaces all ingredients'),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, {
    message: 'Give at least one field to change',
    params: { msg: 'one_field' },
    when: (payload) => payload.issues.length === 0,
  });
export type RecipePatchBody = z.infer<typeof RecipePatchBody>;

export const RecipeIngredient = z.object({
  food_id: Id,
  name_en: z.string(),
  name_es: z.string(),
  grams: z.number(),
  nutrients: Nutrients,
  allergens: z.array(Allergen),
});

export const Recipe = z.object({
  id: Id,
  name: z.string(),
  description: z.string().nullable(),
  portions: z.number().int(),
  ingredients: z.array(RecipeIngredient),
  total_grams: z.number(),
  portion_grams: z.number(),
  totals: Nutrients.describe('The whole recipe'),
  per_portion: Nutrients,
  per_100g: Nutrients,
  vegan: z.boolean(),
  vegetarian: z.boolean(),
  allergens: z.array(Allergen).describe('Every allergen of any ingredient'),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Recipe = z.infer<typeof Recipe>;

export const RecipeQuery = Pagination.extend({
  q: Text.trim().min(1).max(100).optional().describe('Part of the name, accents and case ignored'),
});
export type RecipeQuery = z.infer<typeof RecipeQuery>;
