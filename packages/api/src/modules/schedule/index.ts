import { defineModule } from '../../platform/module.js';
import { scheduleNotifications } from './notifications.js';
import { seedSchedule } from './demo.js';
import { createScheduleRepo } from './repo.js';
import { scheduleRoutes } from './routes.js';
import { createScheduleService, type ScheduleService } from './service.js';

declare module '../../platform/module.js' {
  interface ModuleServices {
    schedule: ScheduleService;
  }
}

/** The gym's timetable: categories, recurring classes, their sessions, bookings and attendance. */
export const scheduleModule = defineModule({
  name: 'schedule',
  build(ctx) {
    const repo = createScheduleRepo(ctx.db);
    // Live places name the session, not the booking engine's slot.
    ctx.live.slotOwners.session = (gymId, slotIds) => repo.sessionsOfSlots(gymId, slotIds);
    const service = createScheduleService({
      db: ctx.db,
      repo,
      gyms: ctx.use('gyms').repo,
      reservations: ctx.use('reservations'),
      notify: () => ctx.notify,
      cache: ctx.cache,
      audit: ctx.audit,
      clock: ctx.clock,
    });
    // Future sessions keep their local wall-clock time when the gym moves to another time zone.
    ctx.gymHooks.timezoneChanged.push((gymId, timezone, tx) => service.retime(gymId, timezone, tx));
    return service;
  },
  routes: (s) => scheduleRoutes(s),
  notifications: scheduleNotifications,
  userData: (s) => [s.userData()],
  demo: seedSchedule,
});
