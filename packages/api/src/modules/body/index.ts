import { defineModule } from '../../platform/module.js';
import { seedBodyDemo } from './demo.js';
import { createBodyRepo } from './repo.js';
import { bodyRoutes } from './routes.js';
import { createBodyService, type BodyService } from './service.js';

declare module '../../platform/module.js' {
  interface ModuleServices {
    body: BodyService;
  }
}

/**
 * Body metrics (issue 20): dated entries of weight, composition, circumferences, resting HR and blood pressure,
 * their trend with BMI, and the day's energy needs with the recorded workouts. Reads the athlete profile and the
 * workouts through the running module's read model.
 */
export const bodyModule = defineModule({
  name: 'body',
  build(ctx) {
    const running = ctx.use('running');
    const service = createBodyService({
      db: ctx.db,
      repo: createBodyRepo(ctx.db, ctx.keyring),
      audit: ctx.audit,
      clock: ctx.clock,
      running: running.readModel,
      profileWeight: { set: running.setWeight, invalidate: running.invalidate },
    });
    // The athlete profile's weight is the latest weight entry; a weight typed into the profile is an entry.
    running.onWeight((userId, kg, tx) => service.profileWeightWritten(userId, kg, tx));
    // Consent given to a gym's staff ends with the membership.
    ctx.gymHooks.memberRemoved.push((gymId, userId, tx) => service.memberRemoved(gymId, userId, tx));
    return service;
  },
  routes: (s) => bodyRoutes(s),
  userData: (s) => [s.userData()],
  demo: async (s, demo) => {
    await seedBodyDemo(s, demo.memberIds[0]!, demo.now);
  },
});
