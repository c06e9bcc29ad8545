import { defineModule } from '../../platform/module.js';
import { calendarsRoutes } from './routes.js';
import { createCalendarsService, type CalendarsService } from './service.js';

declare module '../../platform/module.js' {
  interface ModuleServices {
    calendars: CalendarsService;
  }
}

/** Subscribable `.ics` feeds of a gym's timetable and of a person's bookings. */
export const calendarsModule = defineModule({
  name: 'calendars',
  build: (ctx) =>
    createCalendarsService({
      feeds: ctx.feeds,
      schedule: ctx.use('schedule'),
      events: ctx.use('events'),
      reservations: ctx.use('reservations'),
      gyms: ctx.use('gyms').repo,
      clock: ctx.clock,
    }),
  routes: (s) => calendarsRoutes(s),
  userData: (s) => [s.userData()],
});
