import { defineModule } from '../../platform/module.js';
import { seedFoodsDemo } from './demo.js';
import { createFoodsRepo } from './repo.js';
import { foodsRoutes } from './routes.js';
import { createFoodsService, type FoodsService } from './service.js';

declare module '../../platform/module.js' {
  interface ModuleServices {
    foods: FoodsService;
  }
}

/**
 * Foods and recipes (issue 13): the shipped base catalogue (USDA FoodData Central), each gym's own foods,
 * Open Food Facts imports (`pulso import-foods`), ranked search, and recipes with computed totals. Other
 * modules use `nutrientsOf`, `candidates` and `findByNames` (service.ts).
 */
export const foodsModule = defineModule({
  name: 'foods',
  build(ctx) {
    return createFoodsService({ db: ctx.db, repo: createFoodsRepo(ctx.db) });
  },
  routes: (s) => foodsRoutes(s),
  demo: async (s, demo) => {
    await seedFoodsDemo(s, demo);
  },
});
