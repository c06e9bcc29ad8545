import { defineModule } from '../../platform/module.js';
import { createGymsRepo, type GymsRepo } from './repo.js';
import { gymsRoutes } from './routes.js';
import { createGymsService, type GymsService } from './service.js';

export type GymsModule = GymsService & { repo: GymsRepo };

declare module '../../platform/module.js' {
  interface ModuleServices {
    gyms: GymsModule;
  }
}

/** Gyms as tenants: the gym, its members and roles, invitations, the audit log. */
export const gymsModule = defineModule({
  name: 'gyms',
  build(ctx) {
    const repo = createGymsRepo(ctx.db);
    const accounts = ctx.use('accounts');
    const hooks = ctx.gymHooks;
    const service = createGymsService({
      db: ctx.db,
      repo,
      walkIns: accounts,
      mail: accounts.deliver,
      publicUrl: ctx.config.mail.publicUrl,
      clock: ctx.clock,
      auditRepo: ctx.auditRepo,
      audit: ctx.audit,
      principals: ctx.principals,
      // Subscribers register in their own `build`, after this one: read the lists when the change happens.
      onTimezoneChange: async (gymId, timezone, tx) => {
        for (const h of hooks.timezoneChanged) await h(gymId, timezone, tx);
      },
      onMemberRemoved: async (gymId, userId, tx) => {
        for (const h of hooks.memberRemoved) await h(gymId, userId, tx);
      },
      afterMemberRemoved: async (gymId) => {
        for (const h of hooks.afterMemberRemoved) await h(gymId);
      },
    });
    return Object.assign(service, { repo });
  },
  routes: (s, ctx) => gymsRoutes(s, ctx.config.rateLimit),
  userData: (s) => [s.userData()],
});
