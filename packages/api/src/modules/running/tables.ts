import { sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { encrypted, encryptedTable, type Opened } from '../../platform/crypto/columns.js';
import { createdAt, updatedAt } from '../../platform/db/columns.js';
import { users } from '../../platform/kernel/tables.js';

/** One profile per athlete (health data: special-category personal data, goes with the account). */
export const athleteProfiles = pgTable('athlete_profiles', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  birthDate: date('birth_date'),
  sex: text('sex'),
  weightKg: doublePrecision('weight_kg'),
  heightCm: doublePrecision('height_cm'),
  maxHr: smallint('max_hr'),
  restingHr: smallint('resting_hr'),
  thresholdPaceSPerKm: doublePrecision('threshold_pace_s_per_km'),
  weeklyVolumeKm: doublePrecision('weekly_volume_km'),
  goalDistanceKm: doublePrecision('goal_distance_km'),
  goalDate: date('goal_date'),
  goalTargetTimeS: integer('goal_target_time_s'),
  experienceLevel: text('experience_level'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const workouts = pgTable(
  'workouts',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    sport: text('sport').notNull(),
    distanceKm: doublePrecision('distance_km'),
    durationS: integer('duration_s').notNull(),
    movingTimeS: integer('moving_time_s'),
    elevationGainM: doublePrecision('elevation_gain_m'),
    avgHr: smallint('avg_hr'),
    maxHr: smallint('max_hr'),
    rpe: smallint('rpe'),
    /** Free text about a session (injuries, how it felt): encrypted. */
    notes: encrypted<string>('notes'),
    /** 'manual' | 'gpx' | 'tcx' | 'fit' */
    source: text('source').notNull().default('manual'),
    /** Imported activities only: sport + start second; unique per user, so a re-import is a 409. */
    fingerprint: text('fingerprint'),
    /** Load in arbitrary units used by the ACWR/PMC (domain/load.ts workoutLoad); recomputed on profile change. */
    load: doublePrecision('load'),
    trimp: doublePrecision('trimp'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Lists and the daily-load aggregate read one user's rows by time.
    index('workouts_user_started_idx').on(t.userId, t.startedAt),
    uniqueIndex('workouts_user_fingerprint_uq').on(t.userId, t.fingerprint),
    check('workouts_duration_ck', sql`${t.durationS} > 0`),
    check('workouts_rpe_ck', sql`${t.rpe} between 1 and 10`),
  ],
);

/** The simplified track of an imported workout (Douglas–Peucker), kept apart so lists stay light. */
export const workoutTracks = pgTable('workout_tracks', {
  workoutId: integer('workout_id')
    .primaryKey()
    .references(() => workouts.id, { onDelete: 'cascade' }),
  /** [[lon, lat, ele|null], …] (GeoJSON order) */
  coordinates: jsonb('coordinates').$type<[number, number, number | null][]>().notNull(),
  /** ISO times, one per coordinate */
  times: jsonb('times').$type<string[]>().notNull(),
  heartRates: jsonb('heart_rates').$type<(number | null)[]>(),
  pointsOriginal: integer('points_original').notNull(),
});

/** One morning HRV reading per athlete and day (upsert). */
export const hrvReadings = pgTable(
  'hrv_readings',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    date: date('date').notNull(),
    rmssdMs: encrypted<number>('rmssd_ms').notNull(),
    restingHr: encrypted<number>('resting_hr'),
    sleepHours: encrypted<number>('sleep_hours'),
    sleepQuality: encrypted<number>('sleep_quality'),
    fatigue: encrypted<number>('fatigue'),
    stress: encrypted<number>('stress'),
    soreness: encrypted<number>('soreness'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.date] })],
);

/** Wellness questionnaire (Hooper & Mackinnon 1995), one per athlete and day (upsert). */
export const wellnessCheckIns = pgTable(
  'wellness_check_ins',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    date: date('date').notNull(),
    sleep: encrypted<number>('sleep').notNull(),
    stress: encrypted<number>('stress').notNull(),
    fatigue: encrypted<number>('fatigue').notNull(),
    soreness: encrypted<number>('soreness').notNull(),
    hooperIndex: encrypted<number>('hooper_index').notNull(),
    notes: encrypted<string>('notes'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.date] })],
);

/*
 * Special-category health data encrypted at rest (platform/crypto/columns.ts): workout notes, every value of an
 * HRV reading and every answer of a check-in. Dates, times and training load stay clear: the lists, the daily
 * load aggregate and the snapshot windows select and sum by them in SQL.
 */
export const workoutsSealed = encryptedTable(workouts, { owner: 'userId', fields: { notes: 'text' } });
export const hrvSealed = encryptedTable(hrvReadings, {
  owner: 'userId',
  fields: {
    rmssdMs: 'number',
    restingHr: 'number',
    sleepHours: 'number',
    sleepQuality: 'number',
    fatigue: 'number',
    stress: 'number',
    soreness: 'number',
  },
});
export const checkInsSealed = encryptedTable(wellnessCheckIns, {
  owner: 'userId',
  fields: {
    sleep: 'number',
    stress: 'number',
    fatigue: 'number',
    soreness: 'number',
    hooperIndex: 'number',
    notes: 'text',
  },
});

/** Rows as the repo hands them out: decrypted. */
export type WorkoutRow = Opened<typeof workouts.$inferSelect>;
export type ProfileRow = typeof athleteProfiles.$inferSelect;
export type HrvRow = Opened<typeof hrvReadings.$inferSelect>;
export type CheckInRow = Opened<typeof wellnessCheckIns.$inferSelect>;
