import type { UserDataContributor } from '../../platform/user-data.js';
import { createBookings } from './bookings.js';
import { createScheduleContext, type ScheduleDeps } from './context.js';
import { createSessionGeneration } from './generation.js';
import { createTimetable } from './timetable.js';

export type { ScheduleDeps } from './context.js';
export type { FeedSession } from './dto.js';

/**
 * The schedule's use cases, composed from the timetable (timetable.ts: categories, classes, sessions), the
 * making and syncing of sessions with their notices (generation.ts), bookings and attendance (bookings.ts), row
 * mapping (dto.ts) and the helpers they share (context.ts).
 */
export function createScheduleService(d: ScheduleDeps) {
  const ctx = createScheduleContext(d);
  const { dropClasses } = ctx;
  return {
    /** Class lists name their instructor: a rename or an erased account drops those gyms' cached lists. */
    userData(): UserDataContributor {
      return {
        name: 'schedule',
        async nameChanged(userId, tx) {
          for (const gymId of await d.repo.gymsInstructedBy(userId, tx)) await dropClasses(gymId);
        },
      };
    },

    ...createTimetable(ctx, createSessionGeneration(ctx)),

    // ---- bookings
    ...createBookings(ctx),
  };
}
export type ScheduleService = ReturnType<typeof createScheduleService>;
