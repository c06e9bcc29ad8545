import { defineModule } from '../../platform/module.js';
import { raceRoutes } from './routes.js';
import { createRaceService, type RaceService } from './service.js';

declare module '../../platform/module.js' {
  interface ModuleServices {
    race: RaceService;
  }
}

/** Race prediction, conditions and terrain: reads the athlete only through the running read model. */
export const raceModule = defineModule({
  name: 'race',
  build: (ctx) => createRaceService({ running: ctx.use('running').readModel, clock: ctx.clock }),
  routes: (s) => raceRoutes(s),
});
