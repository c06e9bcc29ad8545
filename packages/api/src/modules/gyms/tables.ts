import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
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

// 'expired' is not stored: a pending invitation past `expires_at` reads as expired.
export const invitationStatus = pgEnum('invitation_status', ['pending', 'accepted', 'declined', 'revoked']);

/**
 * An invitation to join a gym, addressed to an e-mail (with or without an account yet): nobody becomes a member
 * without accepting. One pending invitation per (gym, e-mail); inviting again renews it.
 */
export const gymInvitations = pgTable(
  'gym_invitations',
  {
    id: serial('id').primaryKey(),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    email: citext('email').notNull(),
    role: gymRole('role').notNull(),
    invitedBy: integer('invited_by').references(() => users.id, { onDelete: 'set null' }),
    status: invitationStatus('status').notNull().default('pending'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('gym_invitations_gym_created_idx').on(t.gymId, t.createdAt),
    index('gym_invitations_email_idx').on(t.email),
    uniqueIndex('gym_invitations_pending_uq')
      .on(t.gymId, t.email)
      .where(sql`${t.status} = 'pending'`),
  ],
);
