import { defineModule } from '../../platform/module.js';
import { reservationNotifications } from './notifications.js';
import { createReservationsRepo, type ReservationsRepo } from './repo.js';
import { createReservationsService, type ReservationsService } from './service.js';

export type ReservationsModule = ReservationsService & { repo: ReservationsRepo };

declare module '../../platform/module.js' {
  interface ModuleServices {
    reservations: ReservationsModule;
  }
}

/** The reservation engine shared by classes and events: places, waitlists, promotions. No routes of its own. */
export const reservationsModule = defineModule({
  name: 'reservations',
  build(ctx) {
    const repo = createReservationsRepo(ctx.db);
    const service = createReservationsService({
      db: ctx.db,
      repo,
      notify: ctx.notify,
      live: ctx.live,
      clock: ctx.clock,
    });
    // A member who leaves a gym loses their places in it, in the same transaction.
    ctx.gymHooks.memberRemoved.push(async (gymId, userId, tx) => {
      await service.cancelAllInGym(gymId, userId, tx);
    });
    return Object.assign(service, { repo });
  },
  notifications: reservationNotifications,
  userData: (s) => [s.userData()],
});
