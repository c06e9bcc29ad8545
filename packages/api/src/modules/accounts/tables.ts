import { boolean, index, integer, pgEnum, pgTable, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { citext, createdAt, updatedAt } from '../../platform/db/columns.js';

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
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Refresh tokens are opaque; only their SHA-256 is stored. Each login starts a family; every refresh uses up
 * one token and issues the next of the same family, so presenting a used token again reveals a theft and
 * revokes the family (OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('refresh_tokens_family_idx').on(t.familyId), index('refresh_tokens_user_idx').on(t.userId)],
);

export const accountTokenPurpose = pgEnum('account_token_purpose', ['password_reset', 'email_verification']);

/**
 * One-time tokens sent by mail (password reset, e-mail verification). Only the SHA-256 is kept, as for
 * refresh tokens: a copy of the table opens no account. `email` is the address the token was sent to, so a
 * verification link proves only that address, not one the account changed to since.
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: accountTokenPurpose('purpose').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    email: citext('email').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('account_tokens_user_idx').on(t.userId)],
);
