import { z } from 'zod';
import { Text, Timestamp } from './common.js';

export const CalendarFeed = z.object({
  kind: z.string().describe('gym_timetable, my_bookings, …'),
  url: z
    .string()
    .describe('Secret iCalendar URL to subscribe to; issuing a new one revokes the previous one'),
  created_at: Timestamp,
});
export type CalendarFeed = z.infer<typeof CalendarFeed>;

export const FeedTokenQuery = z.object({ token: Text.max(200) });

export const PlanFeedQuery = FeedTokenQuery.extend({
  lang: z.enum(['en', 'es']).default('en').describe('Language of the entries (set in the issued URL)'),
});
