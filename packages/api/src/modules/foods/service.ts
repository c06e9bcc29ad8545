import {
  ALLERGENS,
  type Allergen,
  type Food,
  type FoodCreateBody,
  type FoodPatchBody,
  type FoodQuery,
  type NutrientsIn,
  type Recipe,
  type RecipeCreateBody,
  type RecipePatchBody,
  type RecipeQuery,
} from '@pulso/contracts/foods';
import type { GymActor } from '../../platform/auth/access.js';
import type { Db, Executor } from '../../platform/db/index.js';
import { invalid, notFound, pgCode } from '../../platform/errors.js';
import { BASE_LICENCE, BASE_SOURCE, baseCatalogue } from './catalogue.js';
import { checkEnergy, checkMasses, rounded, scale, type Nutrients } from './domain/nutrients.js';
import { dishPer100, recipeTotals } from './domain/recipe.js';
import { foodsMessages as M } from './messages.js';
import { importOpenFoodFacts, type ImportReport } from './import-off.js';
import { refuse } from './reasons.js';
import {
  columnsOf,
  nutrientsOfRow,
  type FoodRow,
  type FoodsRepo,
  type FoodValues,
  type RecipeRow,
} from './repo.js';

export type { Nutrients } from './domain/nutrients.js';
export { scale, sum, rounded, atwaterKcal } from './domain/nutrients.js';

/** An amount of a food or of a recipe, as meal items and diary entries name them. */
export interface FoodRef {
  food_id?: number | undefined;
  recipe_id?: number | undefined;
  grams: number;
}

/** What `nutrientsOf` answers for one ref: exact (unrounded) nutrients of its grams, to be summed then rounded. */
export interface RefNutrients {
  food_id: number | null;
  recipe_id: number | null;
  grams: number;
  name_en: string;
  name_es: string;
  nutrients: Nutrients;
  allergens: Allergen[];
  vegan: boolean;
  vegetarian: boolean;
}

/** A food for a plan generator: its per-100 g nutrients and what restrictions it meets. */
export interface CandidateFood {
  id: number;
  name_en: string;
  name_es: string;
  per_100g: Nutrients;
  servings: { unit: string; grams: number }[];
  allergens: Allergen[];
  vegan: boolean;
  vegetarian: boolean;
}

export interface FoodsDeps {
  db: Db;
  repo: FoodsRepo;
}

export const GYM_SOURCE = 'gym';
export const GYM_LICENCE = 'Gym data';

export const toFoodDto = (r: FoodRow): Food => ({
  id: r.id,
  scope: r.gymId === null ? 'base' : 'gym',
  name_en: r.nameEn,
  name_es: r.nameEs,
  per_100g: nutrientsOfRow(r),
  servings: r.servings,
  barcode: r.barcode,
  vegan: r.vegan,
  vegetarian: r.vegetarian,
  allergens: r.allergens as Allergen[],
  source: r.source,
  licence: r.licence,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
});

const toCandidate = (r: FoodRow): CandidateFood => ({
  id: r.id,
  name_en: r.nameEn,
  name_es: r.nameEs,
  per_100g: nutrientsOfRow(r),
  servings: r.servings,
  allergens: r.allergens as Allergen[],
  vegan: r.vegan,
  vegetarian: r.vegetarian,
});

const sortedAllergens = (a: readonly string[]) => [...new Set(a)].sort() as Allergen[];

/**
 * The nutrients a gym enters must be possible (parts within wholes) and agree with the Atwater estimate
 * (domain/nutrients.ts); otherwise a 422 names the field.
 */
function checkNutrients(n: NutrientsIn, path = 'per_100g') {
  const m = checkMasses(n);
  if (!m.ok) throw invalid(`${path}.${m.field}`, M.msg(`masses.${m.field}`));
  const e = checkEnergy(n);
  if (!e.ok)
    throw refuse('food_energy_implausible', { kcal: n.kcal, expected: e.expected }, [
      { field: `${path}.kcal`, message: M.msg('energy_mismatch', { expected: e.expected }) },
    ]);
}

function parseAllergens(list: string | undefined): Allergen[] | undefined {
  if (list === undefined) return undefined;
  const out: Allergen[] = [];
  for (const raw of list.split(',')) {
    const v = raw.trim();
    if (!v) continue;
    if (!(ALLERGENS as readonly string[]).includes(v))
      throw invalid(
        'allergen_free',
        M.msg('allergen_free.unknown', { value: v, allergens: ALLERGENS.join(', ') }),
      );
    out.push(v as Allergen);
  }
  return out;
}

/** What changed in a gym's catalogue: foods edited and recipes edited or deleted (directly or via a food). */
export interface CatalogueChange {
  foodIds: number[];
  recipeIds: number[];
}
/** `gymId` null: the shared foods changed (`pulso import-foods` without --gym), so any gym's plans may use them. */
export type CatalogueListener = (gymId: number | null, change: CatalogueChange) => Promise<void>;

export function createFoodsService(d: FoodsDeps) {
  let loading: Promise<void> | undefined;
  const listeners: CatalogueListener[] = [];
  /**
   * Tells the modules that cache what they computed from the catalogue (nutrition's plan details) after the
   * change committed; a recipe made with an edited food changed too.
   */
  async function changed(gymId: number | null, foodIds: number[], recipeIds: number[] = []) {
    if (!listeners.length) return;
    const viaFoods = await d.repo.recipeIdsUsing(gymId, foodIds);
    const change = { foodIds, recipeIds: [...new Set([...recipeIds, ...viaFoods])] };
    for (const l of listeners) await l(gymId, change);
  }
  /**
   * The base catalogue is in the database before the first read of foods (after each start, once: an upsert
   * by stable key that rewrites only rows whose data changed, so a new release's corrections arrive and a
   * second node starting at the same time is harmless).
   */
  const ready = (): Promise<void> =>
    (loading ??= d.repo.upsertBase(baseCatalogue(), BASE_SOURCE, BASE_LICENCE).catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));

  async function visibleFood(gymId: number, id: number, tx?: Executor): Promise<FoodRow> {
    await ready();
    const f = await d.repo.find(gymId, id, tx);
    if (!f) throw notFound(M.msg('food_not_found'));
    return f;
  }

  const barcodeTaken = (err: unknown, barcode: string | null | undefined) => {
    if (pgCode(err) === '23505' && barcode) return refuse('food_barcode_taken', { barcode });
    return err;
  };

  // ---- recipes: rows to answers, with their ingredients read in one query for any number of recipes

  async function recipeDtos(rows: RecipeRow[], tx?: Executor): Promise<Recipe[]> {
    const ings = await d.repo.ingredientsOf(
      rows.map((r) => r.id),
      tx,
    );
    const by = new Map<number, typeof ings>();
    for (const i of ings) {
      const l = by.get(i.recipeId) ?? [];
      l.push(i);
      by.set(i.recipeId, l);
    }
    return rows.map((r) => {
      const list = by.get(r.id) ?? [];
      const t = recipeTotals(
        list.map((i) => ({ grams: i.grams, per100: nutrientsOfRow(i.food) })),
        r.portions,
      );
      return {
        id: r.id,
        name: r.name,
        description: r.description,
        portions: r.portions,
        ingredients: list.map((i, k) => ({
          food_id: i.food.id,
          name_en: i.food.nameEn,
          name_es: i.food.nameEs,
          grams: i.grams,
          nutrients: t.parts[k]!,
          allergens: i.food.allergens as Allergen[],
        })),
        total_grams: t.total_grams,
        portion_grams: t.portion_grams,
        totals: t.totals,
        per_portion: t.per_portion,
        per_100g: t.per_100g,
        vegan: list.length > 0 && list.every((i) => i.food.vegan),
        vegetarian: list.length > 0 && list.every((i) => i.food.vegetarian),
        allergens: sortedAllergens(list.flatMap((i) => i.food.allergens)),
        created_at: r.createdAt.toISOString(),
        updated_at: r.updatedAt.toISOString(),
      };
    });
  }

  /** Every ingredient's food must be one the gym sees; the 422 names the first that is not. */
  async function checkIngredients(gymId: number, items: { food_id: number }[], tx: Executor) {
    const found = new Set(
      (await d.repo.byIds(gymId, [...new Set(items.map((i) => i.food_id))], tx)).map((f) => f.id),
    );
    items.forEach((it, i) => {
      if (!found.has(it.food_id)) throw refUnknown(`ingredients[${i}].food_id`, it.food_id, 'food');
    });
  }

  const refUnknown = (field: string, id: number, kind: 'food' | 'recipe') =>
    refuse('food_ref_unknown', { field, id, kind }, [{ field, message: M.msg('ref_unknown', { id, kind }) }]);

  return {
    ready,

    /** Registers a module to be told of catalogue edits (at build time). */
    onCatalogueChange(l: CatalogueListener) {
      listeners.push(l);
    },

    /**
     * `pulso import-foods`: imports an Open Food Facts export and, after each batch commits, tells the listeners
     * which existing foods it changed, through the configured cache store (Redis: every API process), so cached
     * plan details that use them are rebuilt on their next read rather than after their TTL.
     */
    importOpenFoodFacts(
      file: string,
      o: { gymId: number | null; batchSize?: number; onProgress?: (r: ImportReport) => void },
    ): Promise<ImportReport> {
      return importOpenFoodFacts(d.repo, file, { ...o, onUpdated: (ids) => changed(o.gymId, ids) });
    },

    // ---- foods (HTTP)

    async search(gymId: number, q: FoodQuery): Promise<{ rows: Food[]; total: number }> {
      const allergenFree = parseAllergens(q.allergen_free);
      await ready();
      const { rows, total } = await d.repo.search(
        gymId,
        {
          q: q.q,
          barcode: q.barcode,
          vegan: q.vegan === 'true',
          vegetarian: q.vegetarian === 'true',
          allergenFree,
        },
        q,
      );
      return { rows: rows.map(toFoodDto), total };
    },

    async get(gymId: number, id: number): Promise<Food> {
      return toFoodDto(await visibleFood(gymId, id));
    },

    async byBarcode(gymId: number, code: string): Promise<Food> {
      await ready();
      const f = await d.repo.findByBarcode(gymId, code);
      if (!f) throw notFound(M.msg('food_not_found'));
      return toFoodDto(f);
    },

    async create(actor: GymActor, b: FoodCreateBody): Promise<Food> {
      checkNutrients(b.per_100g);
      const v: FoodValues = {
        nameEn: (b.name_en ?? b.name_es)!,
        nameEs: (b.name_es ?? b.name_en)!,
        ...columnsOf(b.per_100g),
        servings: b.servings,
        barcode: b.barcode,
        vegan: b.vegan,
        vegetarian: b.vegetarian || b.vegan,
        allergens: sortedAllergens(b.allergens),
      };
      await ready();
      try {
        return toFoodDto(await d.repo.insert(actor.gymId, v, actor.userId, GYM_SOURCE, GYM_LICENCE));
      } catch (err) {
        throw barcodeTaken(err, b.barcode);
      }
    },

    async update(actor: GymActor, id: number, b: FoodPatchBody): Promise<Food> {
      const cur = await visibleFood(actor.gymId, id);
      if (cur.gymId === null) throw refuse('food_read_only', { id });
      if (b.per_100g) checkNutrients(b.per_100g);
      const vegan = b.vegan ?? cur.vegan;
      const v: Partial<FoodValues> = {
        ...(b.name_en !== undefined ? { nameEn: b.name_en } : {}),
        ...(b.name_es !== undefined ? { nameEs: b.name_es } : {}),
        ...(b.per_100g ? columnsOf(b.per_100g) : {}),
        ...(b.servings !== undefined ? { servings: b.servings } : {}),
        ...(b.barcode !== undefined ? { barcode: b.barcode } : {}),
        vegan,
        vegetarian: (b.vegetarian ?? cur.vegetarian) || vegan,
        ...(b.allergens !== undefined ? { allergens: sortedAllergens(b.allergens) } : {}),
      };
      try {
        const r = await d.repo.update(actor.gymId, id, v);
        if (!r) throw notFound(M.msg('food_not_found'));
        await changed(actor.gymId, [id]);
        return toFoodDto(r);
      } catch (err) {
        throw barcodeTaken(err, b.barcode);
      }
    },

    // ---- recipes (HTTP)

    async listRecipes(gymId: number, q: RecipeQuery): Promise<{ rows: Recipe[]; total: number }> {
      const { rows, total } = await d.repo.listRecipes(gymId, q.q, q);
      return { rows: await recipeDtos(rows), total };
    },

    async getRecipe(gymId: number, id: number): Promise<Recipe> {
      const r = await d.repo.findRecipe(gymId, id);
      if (!r) throw notFound(M.msg('recipe_not_found'));
      return (await recipeDtos([r]))[0]!;
    },

    async createRecipe(actor: GymActor, b: RecipeCreateBody): Promise<Recipe> {
      await ready();
      return d.db.transaction(async (tx) => {
        await checkIngredients(actor.gymId, b.ingredients, tx);
        const r = await d.repo.insertRecipe(
          {
            gymId: actor.gymId,
            name: b.name,
            description: b.description,
            portions: b.portions,
            createdBy: actor.userId,
          },
          tx,
        );
        await d.repo.setIngredients(
          r.id,
          b.ingredients.map((i) => ({ foodId: i.food_id, grams: i.grams })),
          tx,
        );
        return (await recipeDtos([r], tx))[0]!;
      });
    },

    async updateRecipe(actor: GymActor, id: number, b: RecipePatchBody): Promise<Recipe> {
      await ready();
      const recipe = await d.db.transaction(async (tx) => {
        if (b.ingredients) await checkIngredients(actor.gymId, b.ingredients, tx);
        const r = await d.repo.updateRecipe(
          actor.gymId,
          id,
          {
            ...(b.name !== undefined ? { name: b.name } : {}),
            ...(b.description !== undefined ? { description: b.description } : {}),
            ...(b.portions !== undefined ? { portions: b.portions } : {}),
          },
          tx,
        );
        if (!r) throw notFound(M.msg('recipe_not_found'));
        if (b.ingredients)
          await d.repo.setIngredients(
            id,
            b.ingredients.map((i) => ({ foodId: i.food_id, grams: i.grams })),
            tx,
          );
        return (await recipeDtos([r], tx))[0]!;
      });
      await changed(actor.gymId, [], [id]);
      return recipe;
    },

    async deleteRecipe(actor: GymActor, id: number): Promise<void> {
      if (!(await d.repo.deleteRecipe(actor.gymId, id))) throw notFound(M.msg('recipe_not_found'));
      await changed(actor.gymId, [], [id]);
    },

    // ---- the public API for other modules (nutrition plans, the diary, plan generators)

    /**
     * The nutrients of each ref's grams, in the order given, read in at most two queries whatever the number of
     * refs (the foods, and the recipes' ingredients with their foods; both at once). A ref names exactly one of
     * `food_id` and `recipe_id`, visible in the gym (a base food, or the gym's own food or recipe); otherwise a
     * 422 naming the field: `field(i, key)` gives its name in the caller's request (default `refs[i].key`).
     * A recipe's grams are grams of the dish: its nutrients per 100 g times grams / 100.
     */
    async nutrientsOf(
      gymId: number,
      refs: readonly FoodRef[],
      opts: { field?: (index: number, key: 'food_id' | 'recipe_id' | 'grams') => string; tx?: Executor } = {},
    ): Promise<RefNutrients[]> {
      const field = opts.field ?? ((i, k) => `refs[${i}].${k}`);
      refs.forEach((r, i) => {
        const hasFood = r.food_id !== undefined && r.food_id !== null;
        const hasRecipe = r.recipe_id !== undefined && r.recipe_id !== null;
        if (hasFood === hasRecipe) throw invalid(field(i, 'food_id'), M.msg('ref_one_of'));
        if (!Number.isFinite(r.grams) || r.grams <= 0)
          throw invalid(field(i, 'grams'), M.msg('grams_positive'));
      });
      const foodIds = [...new Set(refs.flatMap((r) => (r.food_id != null ? [r.food_id] : [])))];
      const recipeIds = [...new Set(refs.flatMap((r) => (r.recipe_id != null ? [r.recipe_id] : [])))];
      await ready();
      const [foodRows, ingredientRows] = await Promise.all([
        d.repo.byIds(gymId, foodIds, opts.tx),
        d.repo.ingredientsOfGym(gymId, recipeIds, opts.tx),
      ]);
      const food = new Map(foodRows.map((f) => [f.id, f]));
      const dish = new Map<number, { name: string; parts: { grams: number; food: FoodRow }[] }>();
      for (const row of ingredientRows) {
        const e = dish.get(row.recipeId) ?? { name: row.recipeName, parts: [] };
        e.parts.push({ grams: row.grams, food: row.food });
        dish.set(row.recipeId, e);
      }
      return refs.map((r, i) => {
        if (r.food_id != null) {
          const f = food.get(r.food_id);
          if (!f) throw refUnknown(field(i, 'food_id'), r.food_id, 'food');
          return {
            food_id: f.id,
            recipe_id: null,
            grams: r.grams,
            name_en: f.nameEn,
            name_es: f.nameEs,
            nutrients: scale(nutrientsOfRow(f), r.grams),
            allergens: f.allergens as Allergen[],
            vegan: f.vegan,
            vegetarian: f.vegetarian,
          };
        }
        const e = dish.get(r.recipe_id!);
        if (!e) throw refUnknown(field(i, 'recipe_id'), r.recipe_id!, 'recipe');
        const per100 = dishPer100(e.parts.map((p) => ({ grams: p.grams, per100: nutrientsOfRow(p.food) })));
        return {
          food_id: null,
          recipe_id: r.recipe_id!,
          grams: r.grams,
          name_en: e.name,
          name_es: e.name,
          nutrients: scale(per100, r.grams),
          allergens: sortedAllergens(e.parts.flatMap((p) => p.food.allergens)),
          vegan: e.parts.every((p) => p.food.vegan),
          vegetarian: e.parts.every((p) => p.food.vegetarian),
        };
      });
    },

    /**
     * Foods a plan generator may use in a gym: none holding an excluded allergen, only vegan or vegetarian
     * ones when asked; the gym's own first, then the base catalogue, then imported foods; at most `limit`
     * (default 500, at most 5,000).
     */
    async candidates(
      gymId: number,
      o: {
        excludeAllergens?: readonly Allergen[];
        vegan?: boolean;
        vegetarian?: boolean;
        limit?: number;
      } = {},
    ): Promise<CandidateFood[]> {
      await ready();
      const limit = Math.max(1, Math.min(5000, Math.floor(o.limit ?? 500)));
      const rows = await d.repo.candidates(
        gymId,
        {
          vegan: o.vegan,
          vegetarian: o.vegetarian,
          allergenFree: o.excludeAllergens ? [...o.excludeAllergens] : undefined,
        },
        limit,
      );
      return rows.map(toCandidate);
    },

    /**
     * The best catalogue match of each name (English or Spanish, accents and case ignored; exact, then prefix,
     * word prefix, contains, then the shorter name), or null; in the order given, in one query.
     */
    async findByNames(gymId: number, names: readonly string[]): Promise<(CandidateFood | null)[]> {
      await ready();
      const found = await d.repo.bestMatches(gymId, [...names]);
      return found.map((f) => (f ? toCandidate(f) : null));
    },

    /** Rounds totals for display (energy and sodium to the unit, masses to 0.1 g). */
    rounded,
  };
}
export type FoodsService = ReturnType<typeof createFoodsService>;
