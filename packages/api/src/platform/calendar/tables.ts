import { sql } from 'drizzle-orm';
import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../kernel/tables.js';
import { gyms } from '../kernel/tables.js';
import { createdAt } from '../db/columns.js';

/**
 * Secret calendar-feed URLs. Only the SHA-256 of a token is stored; a person has at most one live token per
 * (kind, gym) — issuing a new one revokes the old. `kind` is free text so other modules add feeds of their own
 * ('gym_timetable', 'my_bookings', 'training_plan', …); `gym_id` is null for feeds that are not a gym's.
 */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    gymId: integer('gym_id').references(() => gyms.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('calendar_feeds_token_hash_uq').on(t.tokenHash),
    uniqueIndex('calendar_feeds_live_uq')
      .on(t.userId, t.kind, sql`coalesce(${t.gymId}, 0)`)
      .where(sql`${t.revokedAt} is null`),
    index('calendar_feeds_gym_idx').on(t.gymId),
  ],
);
