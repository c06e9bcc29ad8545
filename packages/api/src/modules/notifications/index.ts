import { defineModule } from '../../platform/module.js';
import { createNotificationsRepo } from './repo.js';
import { notificationsRoutes } from './routes.js';
import { createNotificationsService, type NotificationsService } from './service.js';

declare module '../../platform/module.js' {
  interface ModuleServices {
    notifications: NotificationsService;
  }
}

/** What happened to a person: stored once, rendered in the reader's language when read. */
export const notificationsModule = defineModule({
  name: 'notifications',
  build: (ctx) =>
    createNotificationsService({
      repo: createNotificationsRepo(ctx.db, ctx.keyring),
      kinds: ctx.notificationKinds,
      live: ctx.live,
    }),
  routes: (s, ctx) => notificationsRoutes(s, ctx),
  userData: (s) => [s.userData()],
});
