import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { encrypted, encryptedTable, type Opened } from '../../platform/crypto/columns.js';
import { createdAt } from '../../platform/db/columns.js';
import { users } from '../../platform/kernel/tables.js';
import { gyms } from '../../platform/kernel/tables.js';

/**
 * What happened to a person in a gym. `kind` + `data` are the truth: the title and body shown are rendered in
 * the reader's language at read time; `title`/`body` keep the English text of the moment as a fallback.
 * Those three are encrypted at rest (owner: the recipient): a notice can be health data, e.g. a physio's "pain
 * is rising for <patient>" (rehab alerts) names a person and a clinical sign. Nothing filters on them in SQL.
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
    title: encrypted<string>('title').notNull(),
    body: encrypted<string>('body').notNull(),
    data: encrypted<Record<string, unknown>>('data').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_user_gym_created_idx').on(t.userId, t.gymId, t.createdAt),
    // All of a person's notifications, whatever the gym (`/users/me/notifications`).
    index('notifications_user_created_idx').on(t.userId, t.createdAt),
  ],
);

export const notificationsSealed = encryptedTable(notifications, {
  owner: 'userId',
  fields: { title: 'text', body: 'text', data: 'json' },
});
export type NotificationRow = Opened<typeof notifications.$inferSelect>;
