import { defineModule } from '../../platform/module.js';
import { eventNotifications } from './notifications.js';
import { seedEvents } from './demo.js';
import { createEventsRepo } from './repo.js';
import { eventsRoutes } from './routes.js';
import { createEventsService, type EventsService } from './service.js';

declare module '../../platform/module.js' {
  interface ModuleServices {
    events: EventsService;
  }
}

/** Gym events (workshops, runs, open days) with registrations and a waitlist. */
export const eventsModule = defineModule({
  name: 'events',
  build(ctx) {
    const reservations = ctx.use('reservations');
    const repo = createEventsRepo(ctx.db);
    // Live places name the event, not the booking engine's slot.
    ctx.live.slotOwners.event = (gymId, slotIds) => repo.eventsOfSlots(gymId, slotIds);
    const service = createEventsService({
      db: ctx.db,
      repo,
      reservations,
      reservationsRepo: reservations.repo,
      notify: ctx.notify,
      gyms: ctx.use('gyms').repo,
      cache: ctx.cache,
      audit: ctx.audit,
      clock: ctx.clock,
    });
    // Cached event lists counted the places of a member who has left.
    ctx.gymHooks.afterMemberRemoved.push((gymId) => service.invalidate(gymId));
    return service;
  },
  routes: (s) => eventsRoutes(s),
  notifications: eventNotifications,
  userData: (s) => [s.userData()],
  demo: seedEvents,
});
