import { index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from '../../platform/db/columns.js';
import { users } from '../../platform/kernel/tables.js';
import { gyms } from '../../platform/kernel/tables.js';

/**
 * What happened to a person in a gym. `kind` + `data` are the truth: the title and body shown are rendered in
 * the reader's language at read time; `title`/`body` keep the English text of the moment as a fallback.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: serial('id').primaryKey(),
    gymId: integer('gym_id').references(() => gyms.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_user_gym_created_idx').on(t.userId, t.gymId, t.createdAt),
    // All of a person's notifications, whatever the gym (`/users/me/notifications`).
    index('notifications_user_created_idx').on(t.userId, t.createdAt),
  ],
);
