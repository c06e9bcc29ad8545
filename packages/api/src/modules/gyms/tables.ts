import { index, integer, pgEnum, pgTable, primaryKey, serial, text } from 'drizzle-orm/pg-core';
import { ROLES } from '@pulso/contracts';
import { citext, createdAt, updatedAt } from '../../platform/db/columns.js';
import { users } from '../accounts/tables.js';

export const gymRole = pgEnum('gym_role', ROLES);

export const gyms = pgTable('gyms', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull().default('UTC'),
  /** Members may cancel a booked class place up to this many minutes before it starts (staff always may). */
  cancellationCutoffMin: integer('cancellation_cutoff_min').notNull().default(60),
  description: text('description'),
  address: text('address'),
  phone: text('phone'),
  email: citext('email'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const gymMembers = pgTable(
  'gym_members',
  {
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: gymRole('role').notNull().default('member'),
    createdAt: createdAt(),
  },
  // gym_id leads the key: one gym's rows sit together, and a tenant-sharded PostgreSQL can split on it.
  (t) => [primaryKey({ columns: [t.gymId, t.userId] }), index('gym_members_user_idx').on(t.userId)],
);
