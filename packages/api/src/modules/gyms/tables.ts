import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { citext, createdAt } from '../../platform/db/columns.js';
import { gymRole, gyms, users } from '../../platform/kernel/tables.js';

// 'expired' is not stored: a pending invitation past `expires_at` reads as expired.
export const invitationStatus = pgEnum('invitation_status', ['pending', 'accepted', 'declined', 'revoked']);

/**
 * An invitation to join a gym, addressed to an e-mail (with or without an account yet): nobody becomes a member
 * without accepting. One pending invitation per (gym, e-mail); inviting again renews it.
 */
export const gymInvitations = pgTable(
  'gym_invitations',
  {
    id: serial('id'),
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
    primaryKey({ columns: [t.gymId, t.id] }),
    index('gym_invitations_gym_created_idx').on(t.gymId, t.createdAt),
    index('gym_invitations_email_idx').on(t.email),
    uniqueIndex('gym_invitations_pending_uq')
      .on(t.gymId, t.email)
      .where(sql`${t.status} = 'pending'`),
  ],
);
