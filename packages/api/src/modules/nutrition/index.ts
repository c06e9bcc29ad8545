import { defineModule } from '../../platform/module.js';
import { aiNotifications, aiRoutes, buildAi, type AiService } from './ai/index.js';
import { createNutritionMetrics } from './metrics.js';
import { seedNutritionDemo } from './demo.js';
import { nutritionNotifications } from './notifications.js';
import { createNutritionRepo } from './repo.js';
import { nutritionRoutes } from './routes.js';
import { createNutritionService, type NutritionService } from './service.js';

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
    const running = ctx.use('running');
    const principals = ctx.principals;
    const service = createNutritionService({
      db: ctx.db,
      repo: createNutritionRepo(ctx.db, ctx.keyring),
      cache: ctx.cache,
      audit: ctx.audit,
      clock: ctx.clock,
      notify: () => ctx.notify,
      foods: null,
      body,
      heightOf: async (userId) => (await running.readModel.profile(userId))?.heightCm ?? null,
      metrics: createNutritionMetrics(),
      isMember: async (gymId, userId) => !!(await principals.get(userId))?.gyms.some((g) => g.id === gymId),
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
