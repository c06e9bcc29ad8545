import { Counter } from 'prom-client';
import { defineModule } from '../../platform/module.js';
import { seedRehabDemo } from './demo.js';
import { rehabNotifications } from './notifications.js';
import { createRehabRepo } from './repo.js';
import { rehabRoutes } from './routes.js';
import { createRehabService, type RehabService } from './service.js';

declare module '../../platform/module.js' {
  interface ModuleServices {
    rehab: RehabService & { completed: Counter<'modality'> };
  }
}

/**
 * Rehabilitation (issue 14, the RehaVR seed): exercise catalogue, patients of a clinic, programmes with
 * progression rules, sessions from clinic, home and paired VR headsets, progress and alerts, the physio's
 * dashboard, and the patient's access log.
 */
export const rehabModule = defineModule({
  name: 'rehab',
  build(ctx) {
    // Registered on the app's registry by the routes; no patient label, ever (cardinality and privacy).
    const completed = new Counter({
      name: 'exercises_completed_total',
      help: 'Rehabilitation exercise sessions logged, by modality (vr, home, clinic)',
      labelNames: ['modality'] as const,
      registers: [],
    });
    const service = createRehabService({
      db: ctx.db,
      repo: createRehabRepo(ctx.db, ctx.keyring),
      cache: ctx.cache,
      clock: ctx.clock,
      notify: ctx.notify,
      completed,
      publicUrl: ctx.config.mail.publicUrl,
      log: ctx.log,
    });
    return Object.assign(service, { completed });
  },
  routes: (s, ctx) => rehabRoutes(s, ctx.config.rateLimit),
  // The seed's exercises_completed_total, on the app's Prometheus registry through the module kit.
  metrics: (s) => [s.completed],
  userData: (s) => [s.userData()],
  notifications: rehabNotifications,
  // A stopping server finishes the alert evaluations of the sessions it stored before its database closes.
  close: (s) => s.settled(),
  demo: async (s, demo) => {
    await seedRehabDemo(s, demo);
    // The demo's alerts are open and notified when seeding returns.
    await s.settled();
  },
});
