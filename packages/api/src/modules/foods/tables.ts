import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../platform/db/columns.js';
import { gyms, users } from '../../platform/kernel/tables.js';

/**
 * Foods, their nutrients per 100 g. `gym_id` null: Pulso's base catalogue (shipped, read-only through the API)
 * and foods imported for every gym (`pulso import-foods` without --gym); otherwise the owning gym's own food.
 * Not personal data: a food says nothing about who eats it.
 */
export const foods = pgTable(
  'foods',
  {
    id: serial('id').primaryKey(),
    gymId: integer('gym_id').references(() => gyms.id, { onDelete: 'cascade' }),
    /** The base catalogue's stable key (data/base-foods.csv): what its loader upserts by. */
    key: text('key'),
    nameEn: text('name_en').notNull(),
    nameEs: text('name_es').notNull(),
    /** normalise(name_en) and normalise(name_es) (domain/search.ts), written with the names. */
    searchEn: text('search_en').notNull(),
    searchEs: text('search_es').notNull(),
    kcal: doublePrecision('kcal').notNull(),
    proteinG: doublePrecision('protein_g').notNull(),
    carbsG: doublePrecision('carbs_g').notNull(),
    sugarsG: doublePrecision('sugars_g').notNull().default(0),
    fatG: doublePrecision('fat_g').notNull(),
    saturatedFatG: doublePrecision('saturated_fat_g').notNull().default(0),
    fibreG: doublePrecision('fibre_g').notNull().default(0),
    sodiumMg: doublePrecision('sodium_mg').notNull().default(0),
    servings: jsonb('servings').$type<{ unit: string; grams: number }[]>().notNull().default([]),
    barcode: text('barcode'),
    vegan: boolean('vegan').notNull().default(false),
    vegetarian: boolean('vegetarian').notNull().default(false),
    allergens: text('allergens')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    source: text('source').notNull(),
    licence: text('licence').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('foods_base_key_uq')
      .on(t.key)
      .where(sql`${t.gymId} is null`),
    // A barcode names one product in its scope: once among the shared foods, once in each gym.
    uniqueIndex('foods_base_barcode_uq')
      .on(t.barcode)
      .where(sql`${t.gymId} is null`),
    uniqueIndex('foods_gym_barcode_uq')
      .on(t.gymId, t.barcode)
      .where(sql`${t.gymId} is not null`),
    index('foods_gym_idx').on(t.gymId),
    check('foods_kcal_ck', sql`${t.kcal} >= 0 and ${t.kcal} <= 900`),
    check(
      'foods_masses_ck',
      sql`${t.proteinG} >= 0 and ${t.carbsG} >= 0 and ${t.sugarsG} >= 0 and ${t.fatG} >= 0 and ${t.saturatedFatG} >= 0 and ${t.fibreG} >= 0 and ${t.sodiumMg} >= 0`,
    ),
    check('foods_barcode_ck', sql`${t.barcode} is null or ${t.barcode} ~ '^([0-9]{8}|[0-9]{12,14})$'`),
  ],
);
export type FoodRow = typeof foods.$inferSelect;

/** A gym's reusable dish: ingredients by weight, and how many portions it makes. */
export const recipes = pgTable(
  'recipes',
  {
    id: serial('id'),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    search: text('search').notNull(),
    description: text('description'),
    portions: integer('portions').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    // recipe_ingredients has no gym_id and references the recipe by id alone: docs/scaling.md.
    uniqueIndex('recipes_id_uq').on(t.id),
    check('recipes_portions_ck', sql`${t.portions} between 1 and 100`),
  ],
);
export type RecipeRow = typeof recipes.$inferSelect;

export const recipeIngredients = pgTable(
  'recipe_ingredients',
  {
    recipeId: integer('recipe_id')
      .notNull()
      .references(() => recipes.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    // A food in a recipe cannot go away under it.
    foodId: integer('food_id')
      .notNull()
      .references(() => foods.id, { onDelete: 'restrict' }),
    grams: doublePrecision('grams').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.recipeId, t.position] }),
    index('recipe_ingredients_food_idx').on(t.foodId),
    check('recipe_ingredients_grams_ck', sql`${t.grams} > 0`),
  ],
);
