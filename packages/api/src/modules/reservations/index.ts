import { Histogram } from 'prom-client';
import { defineModule } from '../../platform/module.js';
import { reservationNotifications } from './notifications.js';
import { createReservationsRepo, type ReservationsRepo } from './repo.js';
import { createReservationsService, type ReservationsService } from './service.js';

export type ReservationsModule = ReservationsService & {
  repo: ReservationsRepo;
  bookingsPerStatement: Histogram;
};

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
    // How many bookings each booking statement carried: above 1 when bookings of a slot queued (batch.ts).
    const bookingsPerStatement = new Histogram({
      name: 'reservation_bookings_per_statement',
      help: 'Bookings decided by one booking statement outside a transaction (1 = alone, more = a batch of one slot).',
      buckets: [1, 2, 4, 8, 16, 32, 50],
      registers: [],
    });
    const service = createReservationsService({
      db: ctx.db,
      repo,
      notify: ctx.notify,
      live: ctx.live,
      clock: ctx.clock,
      bookingsPerStatement: (n) => bookingsPerStatement.observe(n),
    });
    // A member who leaves a gym loses their places in it, in the same transaction.
    ctx.gymHooks.memberRemoved.push(async (gymId, userId, tx) => {
      await service.cancelAllInGym(gymId, userId, tx);
    });
    return Object.assign(service, { repo, bookingsPerStatement });
  },
  metrics: (s) => [s.bookingsPerStatement],
  notifications: reservationNotifications,
  userData: (s) => [s.userData()],
});
