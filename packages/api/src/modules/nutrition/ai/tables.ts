import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { createdAt } from '../../../platform/db/columns.js';
import { gyms, users } from '../../../platform/kernel/tables.js';

/**
 * A gym's AI spend in one calendar month (UTC), in micro-dollars (integers: sums of many small costs stay
 * exact). `reserved` holds the worst case of the calls in flight: a call first moves its worst case into
 * `reserved` with one conditional UPDATE (so concurrent calls can never together pass the budget), then moves
 * its actual cost into `spent`. `disabled_until` turns AI off for the gym once the month's budget is spent;
 * `notified_at` makes the admins' notice once a month.
 */
export const aiBudgets = pgTable(
  'ai_budgets',
  {
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    /** YYYY-MM */
    month: text('month').notNull(),
    reservedMicros: bigint('reserved_micros', { mode: 'number' }).notNull().default(0),
    spentMicros: bigint('spent_micros', { mode: 'number' }).notNull().default(0),
    disabledUntil: timestamp('disabled_until', { withTimezone: true }),
    notifiedAt: timestamp('notified_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.month] }),
    check('ai_budgets_nonneg_ck', sql`${t.reservedMicros} >= 0 and ${t.spentMicros} >= 0`),
  ],
);

/**
 * One generation (a plan or a photo analysis): which model, how many calls and tokens, its cost, how it ended
 * and who answered (`ai` or the deterministic `fallback`). No prompt, answer or health detail is kept.
 */
export const aiGenerations = pgTable(
  'ai_generations',
  {
    id: serial('id'),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** 'plan' | 'photo' */
    kind: text('kind').notNull(),
    model: text('model'),
    /** 'ai' | 'fallback' | 'none' (a photo analysis that failed) */
    source: text('source').notNull(),
    /** 'ok' | 'not_configured' | 'disabled' | 'budget' | 'failed' | 'invalid' | 'unknown_foods' */
    outcome: text('outcome').notNull(),
    attempts: integer('attempts').notNull().default(0),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    completionTokens: integer('completion_tokens').notNull().default(0),
    costMicros: bigint('cost_micros', { mode: 'number' }).notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    index('ai_generations_gym_created_idx').on(t.gymId, t.createdAt),
    index('ai_generations_user_idx').on(t.userId),
  ],
);
