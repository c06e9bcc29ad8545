import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../platform/db/columns.js';
import { gyms, users } from '../../platform/kernel/tables.js';
import { workouts } from '../running/tables.js';

/**
 * A route segment (issue 15). `longitude`/`latitude` is its start (the first position of `geometry` when it
 * has one); `min_*`/`max_*` its extent, for the bounding-box search. Nearby search uses the column `earth`
 * (`ll_to_earth(latitude, longitude)`, generated and stored) and its GiST index (earthdistance over cube:
 * design §6, no PostGIS), both written by hand in migration 0007 since drizzle-kit has no type for an
 * extension's domain; they are not declared here, so no insert or select of Drizzle's names them.
 */
export const segments = pgTable(
  'segments',
  {
    id: serial('id').primaryKey(),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // A gym that goes takes its shares with it: the segment falls back to private (its owner keeps it).
    gymId: integer('gym_id').references(() => gyms.id, { onDelete: 'set null' }),
    visibility: text('visibility').notNull().default('private'),
    name: text('name').notNull(),
    description: text('description'),
    location: text('location'),
    longitude: doublePrecision('longitude').notNull(),
    latitude: doublePrecision('latitude').notNull(),
    /** [[lon, lat(, ele)], …] as sent (GeoJSON order), or null for a point-only RecWay segment. */
    coordinates: jsonb('coordinates').$type<number[][]>(),
    lengthM: doublePrecision('length_m'),
    minLon: doublePrecision('min_lon').notNull(),
    minLat: doublePrecision('min_lat').notNull(),
    maxLon: doublePrecision('max_lon').notNull(),
    maxLat: doublePrecision('max_lat').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('segments_owner_idx').on(t.ownerId, t.id),
    index('segments_public_idx')
      .on(t.id)
      .where(sql`${t.visibility} = 'public'`),
    index('segments_gym_idx')
      .on(t.gymId, t.id)
      .where(sql`${t.visibility} = 'gym'`),
    index('segments_bbox_idx').on(t.minLat, t.maxLat),
    check('segments_visibility_ck', sql`${t.visibility} in ('private', 'gym', 'public')`),
    check('segments_lon_ck', sql`${t.longitude} between -180 and 180`),
    check('segments_lat_ck', sql`${t.latitude} between -90 and 90`),
  ],
);

/** One road-quality report per person, segment and UTC day (a second one the same day replaces the first). */
export const segmentQualityReports = pgTable(
  'segment_quality_reports',
  {
    id: serial('id').primaryKey(),
    segmentId: integer('segment_id')
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    rating: smallint('rating').notNull(),
    surface: text('surface'),
    smoothness: text('smoothness'),
    hazards: jsonb('hazards').$type<string[]>().notNull().default([]),
    comment: text('comment'),
    /** The app's clock at the report (the recency weight is computed from it). */
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('segment_quality_reports_one_a_day_uq').on(t.segmentId, t.userId, t.day),
    index('segment_quality_reports_user_idx').on(t.userId),
    check('segment_quality_reports_rating_ck', sql`${t.rating} between 1 and 5`),
  ],
);

/** The best pass of one workout over one segment. Goes with the workout, the segment or the person. */
export const segmentEfforts = pgTable(
  'segment_efforts',
  {
    id: serial('id').primaryKey(),
    segmentId: integer('segment_id')
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    workoutId: integer('workout_id')
      .notNull()
      .references(() => workouts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    elapsedS: doublePrecision('elapsed_s').notNull(),
    paceSPerKm: doublePrecision('pace_s_per_km'),
    avgHr: doublePrecision('avg_hr'),
  },
  (t) => [
    uniqueIndex('segment_efforts_segment_workout_uq').on(t.segmentId, t.workoutId),
    index('segment_efforts_segment_elapsed_idx').on(t.segmentId, t.elapsedS),
    index('segment_efforts_user_idx').on(t.userId, t.segmentId),
    index('segment_efforts_workout_idx').on(t.workoutId),
  ],
);

/** A person's choice to keep their efforts off every leaderboard (they still see them). */
export const segmentEffortPrefs = pgTable('segment_effort_prefs', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  hideEfforts: boolean('hide_efforts').notNull().default(false),
});

/** Progress of matching a new or reshaped segment against the workouts already imported. */
export const segmentMatching = pgTable('segment_matching', {
  segmentId: integer('segment_id')
    .primaryKey()
    .references(() => segments.id, { onDelete: 'cascade' }),
  state: text('state').notNull(),
  workoutsTotal: integer('workouts_total').notNull().default(0),
  workoutsDone: integer('workouts_done').notNull().default(0),
  effortsFound: integer('efforts_found').notNull().default(0),
  /** The last workout id matched: a matching cut short by a restart resumes after it. */
  afterWorkoutId: integer('after_workout_id').notNull().default(0),
  /**
   * Until when the process working on it holds it (renewed after every batch). A running matching whose lease
   * has passed was left by a process that stopped, and the next process to sweep takes it over.
   */
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  /** Which run owns the row: a reshape starts a new run, and the old one stops at its next batch. */
  runId: text('run_id'),
  updatedAt: updatedAt(),
});

/**
 * Imported workouts not yet matched against the segments: written when the import is announced, deleted once
 * matched, so a workout whose matching a restart cut short is matched by the next sweep.
 */
export const segmentWorkoutQueue = pgTable('segment_workout_queue', {
  workoutId: integer('workout_id')
    .primaryKey()
    .references(() => workouts.id, { onDelete: 'cascade' }),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
});
