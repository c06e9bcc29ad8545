import type { Allergen } from '@pulso/contracts/foods';
import type { CandidateFood as CatalogueFood, FoodsService } from '../../foods/service.js';
import type { ModuleContext } from '../../../platform/module.js';
import type { NotificationKinds } from '../../../platform/notify.js';
import type { NutritionService } from '../service.js';
import type { CandidateFood } from './generator.js';
import { aiMessages as M } from './messages.js';
import { createAiMetrics } from './metrics.js';
import { createAiRepo } from './repo.js';
import { createAiService, type AiFoods, type AiService } from './service.js';

export { aiRoutes } from './routes.js';
export type { AiService };

const toCandidate = (f: CatalogueFood): CandidateFood => ({
  id: f.id,
  name: f.name_en,
  altName: f.name_es,
  per100: {
    kcal: f.per_100g.kcal,
    protein: f.per_100g.protein_g,
    carbs: f.per_100g.carbs_g,
    fat: f.per_100g.fat_g,
  },
  allergens: f.allergens,
  vegan: f.vegan,
  vegetarian: f.vegetarian,
});

/** The foods module's catalogue as the AI part reads it. */
export function aiFoodsOf(foods: FoodsService): AiFoods {
  return {
    async candidates(gymId, q) {
      const rows = await foods.candidates(gymId, {
        ...q,
        excludeAllergens: q.excludeAllergens as Allergen[],
      });
      return rows.map(toCandidate);
    },
    async findByNames(gymId, names) {
      const found = await foods.findByNames(gymId, names);
      const out = new Map<string, CandidateFood>();
      found.forEach((f, i) => {
        if (f) out.set(names[i]!, toCandidate(f));
      });
      return out;
    },
  };
}

/**
 * The AI part of the nutrition module, built with it: plan generation and photo analysis over the foods
 * catalogue, its series joined to the module's metrics, its usage figures to the module's analytics.
 */
export function buildAi(ctx: ModuleContext, nutrition: NutritionService): AiService {
  const foods = aiFoodsOf(ctx.use('foods'));
  const metrics = createAiMetrics();
  for (const m of metrics.all()) nutrition.metrics.add(m);
  const ai = createAiService({
    repo: createAiRepo(ctx.db),
    config: ctx.config.ai,
    clock: ctx.clock,
    cache: ctx.cache,
    log: ctx.log,
    notify: () => ctx.notify,
    metrics,
    foods: () => foods,
    nutrition,
  });
  nutrition.setAiUsageSource((gymId) => ai.usage(gymId));
  return ai;
}

/** Data: `budget_usd`, `month` (YYYY-MM), `until` (ISO time AI comes back). */
export const aiNotifications: NotificationKinds = {
  nutrition_ai_budget_spent(data, lang) {
    const until = typeof data.until === 'string' ? data.until.slice(0, 16).replace('T', ' ') + ' UTC' : '—';
    const budget = typeof data.budget_usd === 'number' ? String(data.budget_usd) : '—';
    return {
      title: M.t(lang, 'budget_spent.title'),
      body: M.t(lang, 'budget_spent.body', { budget, until }),
    };
  },
};
