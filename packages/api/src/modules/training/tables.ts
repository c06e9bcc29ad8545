import {
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt } from '../../platform/db/columns.js';
import { users } from '../../platform/kernel/tables.js';

/** One active plan per user (unique user_id); its weeks are derived data kept for reading. */
export const trainingPlans = pgTable(
  'training_plans',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    goalDistanceKm: doublePrecision('goal_distance_km').notNull(),
    raceDate: date('race_date').notNull(),
    startDate: date('start_date').notNull(),
    daysPerWeek: integer('days_per_week').notNull(),
    longRunDay: text('long_run_day').notNull(),
    startVolumeKm: doublePrecision('start_volume_km').notNull(),
    peakVolumeKm: doublePrecision('peak_volume_km').notNull(),
    /** PlannedWeek[] as generated (phase, start date, volume, recovery flag). */
    weeks: text('weeks').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('training_plans_user_uq').on(t.userId)],
);

/** The plan's sessions, one row per day, so they can be read by date range (a calendar feed, the week view). */
export const trainingSessions = pgTable(
  'training_sessions',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => trainingPlans.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    date: date('date').notNull(),
    week: integer('week').notNull(),
    phase: text('phase').notNull(),
    kind: text('kind').notNull(),
    distanceKm: doublePrecision('distance_km').notNull(),
  },
  (t) => [index('training_sessions_user_date_idx').on(t.userId, t.date)],
);
