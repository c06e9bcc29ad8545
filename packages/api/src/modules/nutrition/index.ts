import { defineModule } from '../../platform/module.js';
import { aiNotifications, aiRoutes, buildAi, type AiService } from './ai/index.js';
import { createNutritionMetrics } from './metrics.js';
import { seedNutritionDemo } from './demo.js';
import { nutritionNotifications } from './notifications.js';
import { createNutritionRepo } from './repo.js';
import { nutritionRoutes } from './routes.js';
import { createNutritionService, type FoodInfo, type FoodsLookup, type NutritionService } from './service.js';
import type { FoodsService } from '../foods/service.js';
import { afterCommit } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';

/**
 * The catalogue through the foods module: per-100 g values of every distinct food and recipe in one call. The
 * foods module refuses an unknown id (a recipe deleted after it was planned); then each id is asked alone, so a
 * plan that names one keeps its other totals and shows that item as unknown (zero) rather than failing.
 */
function foodsLookup(foods: FoodsService): FoodsLookup {
  type Ref = { food_id?: number; recipe_id?: number; grams: number };
  const info = (r: Awaited<ReturnType<FoodsService['nutrientsOf']>>[number]): FoodInfo => ({
    kcal: r.nutrients.kcal,
    protein_g: r.nutrients.protein_g,
    carbs_g: r.nutrients.carbs_g,
    fat_g: r.nutrients.fat_g,
    fiber_g: r.nutrients.fibre_g,
    name: r.name_en,
    name_es: r.name_es,
  });
  return {
    async nutrientsOf(gymId, { foods: foodIds, recipes }) {
      const refs: Ref[] = [
        ...foodIds.map((id) => ({ food_id: id, grams: 100 })),
        ...recipes.map((id) => ({ recipe_id: id, grams: 100 })),
      ];
      let rows: (Awaited<ReturnType<FoodsService['nutrientsOf']>>[number] | null)[];
      try {
        rows = await foods.nutrientsOf(gymId, refs);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        rows = await Promise.all(
          refs.map((r) =>
            foods.nutrientsOf(gymId, [r]).then(
              (x) => x[0]!,
              (err: unknown) => {
                if (err instanceof AppError) return null;
                throw err;
              },
            ),
          ),
        );
      }
      const out = { foods: new Map<number, FoodInfo>(), recipes: new Map<number, FoodInfo>() };
      rows.forEach((r, i) => {
        if (!r) return;
        if (refs[i]!.food_id !== undefined) out.foods.set(refs[i]!.food_id, info(r));
        else out.recipes.set(refs[i]!.recipe_id!, info(r));
      });
      return out;
    },
  };
}

declare module '../../platform/module.js' {
  interface ModuleServices {
    nutrition: NutritionService & { ai: AiService };
  }
}

/**
 * Nutrition (issue 13): plans of a gym, the medical safety screening and its gate, following, meals, diary,
 * progress, live plans and analytics. Uses the body module for weights and the energy budget, and the running
 * module's athlete profile for height.
 */
export const nutritionModule = defineModule({
  name: 'nutrition',
  build(ctx) {
    const body = ctx.use('body');
    const foods = ctx.use('foods');
    const running = ctx.use('running');
    const principals = ctx.principals;
    const service = createNutritionService({
      db: ctx.db,
      repo: createNutritionRepo(ctx.db, ctx.keyring),
      cache: ctx.cache,
      audit: ctx.audit,
      clock: ctx.clock,
      notify: () => ctx.notify,
      foods: foodsLookup(foods),
      body,
      heightOf: async (userId) => (await running.readModel.profile(userId))?.heightCm ?? null,
      metrics: createNutritionMetrics(),
      isMember: async (gymId, userId) => !!(await principals.get(userId))?.gyms.some((g) => g.id === gymId),
    });
    foods.onCatalogueChange((gymId, change) => service.catalogueChanged(gymId, change));
    // The gym's "today" follows its zone: retired once the change has committed (a reader before the commit
    // would otherwise cache the old zone again).
    ctx.gymHooks.timezoneChanged.push((gymId, _tz, tx) => {
      afterCommit(tx, () => void service.zoneChanged(gymId).catch(() => {}));
      return Promise.resolve();
    });
    return Object.assign(service, { ai: buildAi(ctx, service) });
  },
  routes: (s) => async (app) => {
    await app.register(nutritionRoutes(s));
    await app.register(aiRoutes(s.ai));
  },
  metrics: (s) => s.metrics.all(),
  userData: (s) => [s.userData(), s.ai.userData()],
  notifications: { ...nutritionNotifications, ...aiNotifications },
  demo: (s, demo) => seedNutritionDemo(s, demo),
});
