import { defineModule } from '../../platform/module.js';
import { renderNotification } from '../notifications/domain/render.js';
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
      clock: ctx.clock,
    });
    // A member who leaves a gym loses their places in it, in the same transaction.
    ctx.gymHooks.memberRemoved.push(async (gymId, userId, tx) => {
      await service.cancelAllInGym(gymId, userId, tx);
    });
    return Object.assign(service, { repo });
  },
  notifications: {
    waitlist_promoted: (data, lang) => renderNotification('waitlist_promoted', data, lang),
    moved_to_waitlist: (data, lang) => renderNotification('moved_to_waitlist', data, lang),
  },
  userData: (s) => [s.userData()],
});
