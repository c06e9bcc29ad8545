import {
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { ROLES } from '@pulso/contracts';
import { citext, createdAt, updatedAt } from '../db/columns.js';

/*
 * The tenancy kernel: people, gyms and who belongs to which gym with what role. Every module keys its rows to
 * these tables, and the platform (access guard, audit, calendar feeds) reads them, so they live here rather
 * than in a module: the platform never imports a module. The accounts and gyms modules own the use cases.
 */

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  // Null only for an OpenID Connect account whose provider shared no e-mail.
  email: citext('email').unique(),
  name: text('name').notNull(),
  // Null for accounts that only sign in through the OpenID Connect provider.
  passwordHash: text('password_hash'),
  // `issuer|sub` of the external identity, when there is one.
  oidcSubject: text('oidc_subject').unique(),
  isPlatformAdmin: boolean('is_platform_admin').notNull().default(false),
  // Set when the person used the link mailed to `email`; cleared when the e-mail changes.
  emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
  // The gym seed's profile (issue 12): shown to members of a shared gym. An https URL (checked by the contract).
  avatarUrl: text('avatar_url'),
  // The language chosen for texts and mails (one of the API's `LANGS`, checked by the contract); null follows
  // each request's Accept-Language. No enum type: a language added to the catalogues needs no migration.
  language: text('language'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

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
