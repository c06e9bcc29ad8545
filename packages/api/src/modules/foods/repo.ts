import { and, asc, count, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/index.js';
import { rowsOf } from '../../platform/db/index.js';
import type { BaseFood } from './catalogue.js';
import { normalise } from './domain/search.js';
import { foods, recipeIngredients, recipes, type FoodRow, type RecipeRow } from './tables.js';

export type { FoodRow, RecipeRow };

/** What a write sets on a food (names are normalised into the search columns here, never elsewhere). */
export interface FoodValues {
  nameEn: string;
  nameEs: string;
  kcal: number;
  proteinG: number;
  carbsG: number;
  sugarsG: number;
  fatG: number;
  saturatedFatG: number;
  fibreG: number;
  sodiumMg: number;
  servings: { unit: string; grams: number }[];
  barcode: string | null;
  vegan: boolean;
  vegetarian: boolean;
  allergens: string[];
}

export interface FoodFilters {
  q?: string | undefined;
  barcode?: string | undefined;
  vegan?: boolean | undefined;
  vegetarian?: boolean | undefined;
  allergenFree?: string[] | undefined;
}

/** A full row's names with their search columns. */
const withSearch = <T extends { nameEn: string; nameEs: string }>(v: T) => ({
  ...v,
  searchEn: normalise(v.nameEn),
  searchEs: normalise(v.nameEs),
});
/** A change's names, if any, with their search columns. */
const withSearchPart = <T extends Partial<FoodValues>>(v: T) => ({
  ...v,
  ...(v.nameEn !== undefined ? { searchEn: normalise(v.nameEn) } : {}),
  ...(v.nameEs !== undefined ? { searchEs: normalise(v.nameEs) } : {}),
});

/** LIKE pattern text: the query's own %, _ and \ are literal. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Base foods and the gym's own: what a gym sees. */
const visibleIn = (gymId: number) => or(isNull(foods.gymId), eq(foods.gymId, gymId))!;

/**
 * Rank of a food for a normalised query: 0 exact, 1 prefix, 2 word prefix, 3 contains (domain/search.ts
 * matchRank, here in SQL), in either language.
 */
function rankOf(q: string): { rank: SQL<number>; matches: SQL; length: SQL<number> } {
  const e = likeEscape(q);
  const contains = `%${e}%`;
  const prefix = `${e}%`;
  const word = `% ${e}%`;
  const en = foods.searchEn;
  const es = foods.searchEs;
  return {
    rank: sql<number>`case when ${en} = ${q} or ${es} = ${q} then 0
      when ${en} like ${prefix} or ${es} like ${prefix} then 1
      when ${en} like ${word} or ${es} like ${word} then 2 else 3 end`,
    matches: sql`(${en} like ${contains} or ${es} like ${contains})`,
    // Among equals, the shorter name is the closer one ("apple" before "apple juice").
    length: sql<number>`case when ${en} like ${contains} then length(${en}) else length(${es}) end`,
  };
}

function filtersOf(gymId: number, f: FoodFilters): SQL {
  const q = f.q !== undefined ? normalise(f.q) : '';
  return and(
    visibleIn(gymId),
    q ? rankOf(q).matches : undefined,
    f.barcode !== undefined ? eq(foods.barcode, f.barcode) : undefined,
    f.vegan ? eq(foods.vegan, true) : undefined,
    f.vegetarian ? eq(foods.vegetarian, true) : undefined,
    f.allergenFree?.length
      ? sql`not (${foods.allergens} && ${sql.param(f.allergenFree)}::text[])`
      : undefined,
  )!;
}

export function createFoodsRepo(db: Db) {
  return {
    /** Inserts or refreshes the base catalogue by its stable keys: running it again changes nothing. */
    async upsertBase(rows: BaseFood[], source: string, licence: string, tx: Executor = db) {
      if (!rows.length) return;
      await tx
        .insert(foods)
        .values(
          rows.map((r) => ({
            gymId: null,
            key: r.key,
            ...withSearch({ nameEn: r.nameEn, nameEs: r.nameEs }),
            ...columnsOf(r.per100),
            servings: r.servings,
            vegan: r.vegan,
            vegetarian: r.vegetarian,
            allergens: r.allergens,
            source,
            licence,
          })),
        )
        .onConflictDoUpdate({
          target: foods.key,
          targetWhere: sql`${foods.gymId} is null`,
          set: {
            nameEn: sql`excluded.name_en`,
            nameEs: sql`excluded.name_es`,
            searchEn: sql`excluded.search_en`,
            searchEs: sql`excluded.search_es`,
            kcal: sql`excluded.kcal`,
            proteinG: sql`excluded.protein_g`,
            carbsG: sql`excluded.carbs_g`,
            sugarsG: sql`excluded.sugars_g`,
            fatG: sql`excluded.fat_g`,
            saturatedFatG: sql`excluded.saturated_fat_g`,
            fibreG: sql`excluded.fibre_g`,
            sodiumMg: sql`excluded.sodium_mg`,
            servings: sql`excluded.servings`,
            vegan: sql`excluded.vegan`,
            vegetarian: sql`excluded.vegetarian`,
            allergens: sql`excluded.allergens`,
            source: sql`excluded.source`,
            licence: sql`excluded.licence`,
          },
          // Unchanged rows are not rewritten (no dead tuples, updated_at kept) on every start.
          setWhere: sql`(${foods.nameEn}, ${foods.nameEs}, ${foods.kcal}, ${foods.proteinG}, ${foods.carbsG}, ${foods.sugarsG}, ${foods.fatG}, ${foods.saturatedFatG}, ${foods.fibreG}, ${foods.sodiumMg}, ${foods.servings}, ${foods.vegan}, ${foods.vegetarian}, ${foods.allergens}) is distinct from (excluded.name_en, excluded.name_es, excluded.kcal, excluded.protein_g, excluded.carbs_g, excluded.sugars_g, excluded.fat_g, excluded.saturated_fat_g, excluded.fibre_g, excluded.sodium_mg, excluded.servings, excluded.vegan, excluded.vegetarian, excluded.allergens)`,
        });
    },

    async countBase(tx: Executor = db): Promise<number> {
      const [r] = await tx
        .select({ n: count() })
        .from(foods)
        .where(and(isNull(foods.gymId), sql`${foods.key} is not null`));
      return r?.n ?? 0;
    },

    async search(gymId: number, f: FoodFilters, page: { skip: number; limit: number }, tx: Executor = db) {
      const where = filtersOf(gymId, f);
      const q = f.q !== undefined ? normalise(f.q) : '';
      const order = q
        ? (() => {
            const r = rankOf(q);
            return [asc(r.rank), asc(r.length), asc(foods.searchEn), asc(foods.id)];
          })()
        : [asc(foods.searchEn), asc(foods.id)];
      const [rows, [total]] = await Promise.all([
        tx
          .select()
          .from(foods)
          .where(where)
          .orderBy(...order)
          .offset(page.skip)
          .limit(page.limit),
        tx.select({ n: count() }).from(foods).where(where),
      ]);
      return { rows, total: total?.n ?? 0 };
    },

    async find(gymId: number, id: number, tx: Executor = db): Promise<FoodRow | undefined> {
      const [r] = await tx
        .select()
        .from(foods)
        .where(and(eq(foods.id, id), visibleIn(gymId)));
      return r;
    },

    /** The food with this barcode: the gym's own before a shared one. */
    async findByBarcode(gymId: number, code: string, tx: Executor = db): Promise<FoodRow | undefined> {
      const [r] = await tx
        .select()
        .from(foods)
        .where(and(eq(foods.barcode, code), visibleIn(gymId)))
        .orderBy(sql`${foods.gymId} is null`)
        .limit(1);
      return r;
    },

    async byIds(gymId: number, ids: number[], tx: Executor = db): Promise<FoodRow[]> {
      if (!ids.length) return [];
      return tx
        .select()
        .from(foods)
        .where(and(inArray(foods.id, ids), visibleIn(gymId)));
    },

    async insert(
      gymId: number,
      v: FoodValues,
      createdBy: number | null,
      source: string,
      licence: string,
      tx: Executor = db,
    ) {
      const [r] = await tx
        .insert(foods)
        .values({ gymId, ...withSearch(v), source, licence, createdBy })
        .returning();
      return r!;
    },

    /** Changes one of the gym's own foods; undefined when it has none by that id. */
    async update(gymId: number, id: number, v: Partial<FoodValues>, tx: Executor = db) {
      const [r] = await tx
        .update(foods)
        .set({ ...withSearchPart(v), updatedAt: sql`now()` })
        .where(and(eq(foods.id, id), eq(foods.gymId, gymId)))
        .returning();
      return r;
    },

    /** Foods for a plan generator: per-100 g values of the visible foods that pass the filters. */
    async candidates(gymId: number, f: FoodFilters, limit: number, tx: Executor = db): Promise<FoodRow[]> {
      return (
        tx
          .select()
          .from(foods)
          .where(filtersOf(gymId, f))
          // The gym's own foods first (its members buy them), then the base catalogue, then imports.
          .orderBy(sql`${foods.gymId} is null`, sql`${foods.key} is null`, asc(foods.id))
          .limit(limit)
      );
    },

    /**
     * The best visible match of each name (rank as in search, then the shorter name), in one query: the names
     * are an array parameter, each matched by a lateral subquery. Names that normalise to nothing match
     * nothing.
     */
    async bestMatches(gymId: number, names: string[], tx: Executor = db): Promise<(FoodRow | undefined)[]> {
      const qs = names.map(normalise);
      if (!qs.some(Boolean)) return names.map(() => undefined);
      const es = qs.map(likeEscape);
      const res = await tx.execute(sql`
        select n.i::int as i, m.id
        from unnest(${sql.param(qs)}::text[], ${sql.param(es)}::text[]) with ordinality as n(q, e, i)
        cross join lateral (
          select f.id from foods f
          where n.q <> '' and (f.gym_id is null or f.gym_id = ${gymId})
            and (f.search_en like '%' || n.e || '%' or f.search_es like '%' || n.e || '%')
          order by
            case when f.search_en = n.q or f.search_es = n.q then 0
              when f.search_en like n.e || '%' or f.search_es like n.e || '%' then 1
              when f.search_en like '% ' || n.e || '%' or f.search_es like '% ' || n.e || '%' then 2
              else 3 end,
            least(length(f.search_en), length(f.search_es)),
            (f.gym_id is null), f.id
          limit 1
        ) m`);
      const found = rowsOf<{ i: number; id: number }>(res);
      const rows = await this.byIds(gymId, [...new Set(found.map((r) => r.id))], tx);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const at = new Map(found.map((r) => [r.i - 1, byId.get(r.id)]));
      return names.map((_, i) => at.get(i));
    },

    /**
     * Upserts imported foods by barcode in their scope (`gymId` null: shared by every gym). A row whose
     * barcode a base-catalogue food holds is not overwritten: the key column stays that food's.
     */
    async upsertImported(
      gymId: number | null,
      rows: (FoodValues & { barcode: string })[],
      source: string,
      licence: string,
      tx: Executor = db,
    ): Promise<{ inserted: number; updated: number; updatedIds: number[] }> {
      if (!rows.length) return { inserted: 0, updated: 0, updatedIds: [] };
      const res = await tx
        .insert(foods)
        .values(rows.map((v) => ({ gymId, ...withSearch(v), source, licence })))
        .onConflictDoUpdate({
          target: gymId === null ? [foods.barcode] : [foods.gymId, foods.barcode],
          targetWhere: gymId === null ? sql`${foods.gymId} is null` : sql`${foods.gymId} is not null`,
          set: {
            nameEn: sql`excluded.name_en`,
            nameEs: sql`excluded.name_es`,
            searchEn: sql`excluded.search_en`,
            searchEs: sql`excluded.search_es`,
            kcal: sql`excluded.kcal`,
            proteinG: sql`excluded.protein_g`,
            carbsG: sql`excluded.carbs_g`,
            sugarsG: sql`excluded.sugars_g`,
            fatG: sql`excluded.fat_g`,
            saturatedFatG: sql`excluded.saturated_fat_g`,
            fibreG: sql`excluded.fibre_g`,
            sodiumMg: sql`excluded.sodium_mg`,
            vegan: sql`excluded.vegan`,
            vegetarian: sql`excluded.vegetarian`,
            allergens: sql`excluded.allergens`,
            source: sql`excluded.source`,
            licence: sql`excluded.licence`,
            updatedAt: sql`now()`,
          },
          setWhere: sql`${foods.key} is null`,
        })
        .returning({ id: foods.id, inserted: sql<boolean>`(xmax = 0)` });
      const updatedIds = res.filter((r) => !r.inserted).map((r) => r.id);
      return { inserted: res.length - updatedIds.length, updated: updatedIds.length, updatedIds };
    },

    // ---- recipes

    async insertRecipe(
      v: { gymId: number; name: string; description: string | null; portions: number; createdBy: number },
      tx: Executor,
    ): Promise<RecipeRow> {
      const [r] = await tx
        .insert(recipes)
        .values({ ...v, search: normalise(v.name) })
        .returning();
      return r!;
    },

    async updateRecipe(
      gymId: number,
      id: number,
      v: Partial<{ name: string; description: string | null; portions: number }>,
      tx: Executor,
    ): Promise<RecipeRow | undefined> {
      const [r] = await tx
        .update(recipes)
        .set({ ...v, ...(v.name !== undefined ? { search: normalise(v.name) } : {}), updatedAt: sql`now()` })
        .where(and(eq(recipes.gymId, gymId), eq(recipes.id, id)))
        .returning();
      return r;
    },

    async setIngredients(recipeId: number, items: { foodId: number; grams: number }[], tx: Executor) {
      await tx.delete(recipeIngredients).where(eq(recipeIngredients.recipeId, recipeId));
      if (items.length)
        await tx
          .insert(recipeIngredients)
          .values(items.map((it, position) => ({ recipeId, position, foodId: it.foodId, grams: it.grams })));
    },

    async findRecipe(gymId: number, id: number, tx: Executor = db): Promise<RecipeRow | undefined> {
      const [r] = await tx
        .select()
        .from(recipes)
        .where(and(eq(recipes.gymId, gymId), eq(recipes.id, id)));
      return r;
    },

    async recipesByIds(gymId: number, ids: number[], tx: Executor = db): Promise<RecipeRow[]> {
      if (!ids.length) return [];
      return tx
        .select()
        .from(recipes)
        .where(and(eq(recipes.gymId, gymId), inArray(recipes.id, ids)));
    },

    async listRecipes(
      gymId: number,
      q: string | undefined,
      page: { skip: number; limit: number },
      tx: Executor = db,
    ) {
      const nq = q !== undefined ? normalise(q) : '';
      const where = and(
        eq(recipes.gymId, gymId),
        nq ? sql`${recipes.search} like ${`%${likeEscape(nq)}%`}` : undefined,
      );
      const [rows, [total]] = await Promise.all([
        tx.select().from(recipes).where(where).orderBy(desc(recipes.id)).offset(page.skip).limit(page.limit),
        tx.select({ n: count() }).from(recipes).where(where),
      ]);
      return { rows, total: total?.n ?? 0 };
    },

    /** The gym's recipes that have any of `foodIds` among their ingredients. */
    /** Recipes made with these foods: the gym's, or every gym's (`gymId` null, for the shared foods). */
    async recipeIdsUsing(gymId: number | null, foodIds: number[], tx: Executor = db): Promise<number[]> {
      if (!foodIds.length) return [];
      const used = inArray(recipeIngredients.foodId, foodIds);
      const rows = await tx
        .selectDistinct({ id: recipes.id })
        .from(recipes)
        .innerJoin(recipeIngredients, eq(recipeIngredients.recipeId, recipes.id))
        .where(gymId === null ? used : and(eq(recipes.gymId, gymId), used));
      return rows.map((r) => r.id);
    },

    async deleteRecipe(gymId: number, id: number, tx: Executor = db): Promise<boolean> {
      const r = await tx
        .delete(recipes)
        .where(and(eq(recipes.gymId, gymId), eq(recipes.id, id)))
        .returning({ id: recipes.id });
      return r.length > 0;
    },

    /**
     * The ingredients, with their foods and the recipe's name, of those of `recipeIds` that are the gym's, in
     * one query (a recipe always has an ingredient, so a recipe absent here is not the gym's).
     */
    async ingredientsOfGym(gymId: number, recipeIds: number[], tx: Executor = db) {
      if (!recipeIds.length) return [];
      return tx
        .select({
          recipeId: recipeIngredients.recipeId,
          recipeName: recipes.name,
          grams: recipeIngredients.grams,
          food: foods,
        })
        .from(recipeIngredients)
        .innerJoin(recipes, eq(recipes.id, recipeIngredients.recipeId))
        .innerJoin(foods, eq(foods.id, recipeIngredients.foodId))
        .where(and(eq(recipes.gymId, gymId), inArray(recipeIngredients.recipeId, recipeIds)))
        .orderBy(asc(recipeIngredients.recipeId), asc(recipeIngredients.position));
    },

    /** The ingredients of several recipes with their foods, in one query, in each recipe's order. */
    async ingredientsOf(recipeIds: number[], tx: Executor = db) {
      if (!recipeIds.length) return [];
      return tx
        .select({ recipeId: recipeIngredients.recipeId, grams: recipeIngredients.grams, food: foods })
        .from(recipeIngredients)
        .innerJoin(foods, eq(foods.id, recipeIngredients.foodId))
        .where(inArray(recipeIngredients.recipeId, recipeIds))
        .orderBy(asc(recipeIngredients.recipeId), asc(recipeIngredients.position));
    },
  };
}
export type FoodsRepo = ReturnType<typeof createFoodsRepo>;

/** Per-100 g nutrients as the table's columns. */
export function columnsOf(n: {
  kcal: number;
  protein_g: number;
  carbs_g: number;
  sugars_g: number;
  fat_g: number;
  saturated_fat_g: number;
  fibre_g: number;
  sodium_mg: number;
}) {
  return {
    kcal: n.kcal,
    proteinG: n.protein_g,
    carbsG: n.carbs_g,
    sugarsG: n.sugars_g,
    fatG: n.fat_g,
    saturatedFatG: n.saturated_fat_g,
    fibreG: n.fibre_g,
    sodiumMg: n.sodium_mg,
  };
}

/** A food row's per-100 g nutrients. */
export function nutrientsOfRow(r: FoodRow) {
  return {
    kcal: r.kcal,
    protein_g: r.proteinG,
    carbs_g: r.carbsG,
    sugars_g: r.sugarsG,
    fat_g: r.fatG,
    saturated_fat_g: r.saturatedFatG,
    fibre_g: r.fibreG,
    sodium_mg: r.sodiumMg,
  };
}
