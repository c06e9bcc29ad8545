import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { encrypted, encryptedTable, type Opened } from '../../platform/crypto/columns.js';
import { createdAt, updatedAt } from '../../platform/db/columns.js';
import { gyms, users } from '../../platform/kernel/tables.js';

/**
 * One measurement of one metric on one day (issue 20). Values are stored in metric units (kg, %, cm, bpm, mmHg)
 * and, like every body measurement, are health data (GDPR art. 9): encrypted, so the database, its backups and
 * replicas hold ciphertext only. The keys (user, metric, date) stay clear: lists and the one-per-day rule
 * filter on them in SQL.
 */
export const bodyEntries = pgTable(
  'body_entries',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    date: date('date').notNull(),
    metric: text('metric').notNull(),
    /** kg | % | cm | bpm | systolic mmHg */
    value: encrypted<number>('value').notNull(),
    /** Blood pressure only. */
    diastolic: encrypted<number>('diastolic'),
    /** 'manual' | 'csv' | 'athlete_profile' | 'demo' */
    source: text('source').notNull().default('manual'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The one-entry-per-day-and-metric rule: a second POST is an upsert on this index (no read-then-write race).
    uniqueIndex('body_entries_user_metric_date_uq').on(t.userId, t.metric, t.date),
    // Newest-first lists of all metrics.
    index('body_entries_user_date_idx').on(t.userId, t.date),
    check(
      'body_entries_metric_ck',
      sql`${t.metric} in ('weight','body_fat','lean_mass','waist','hip','chest','arm','thigh','resting_hr','blood_pressure')`,
    ),
  ],
);

/** A person's unit preference: values go out (and come in, unless the request says) in these units. */
export const bodySettings = pgTable('body_settings', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  units: text('units').notNull().default('metric'),
  updatedAt: updatedAt(),
});

export const bodyEntriesSealed = encryptedTable(bodyEntries, {
  owner: 'userId',
  fields: { value: 'number', diastolic: 'number' },
});

export type BodyEntryRow = Opened<typeof bodyEntries.$inferSelect>;

/**
 * A member's consent for the staff of one gym to see their body trends (issue 20: "only with the member's
 * consent for that gym"). gym_id leads the key, as in every gym table. Withdrawn by deleting the row, and
 * dropped when the person leaves the gym (gym hook memberRemoved).
 */
export const bodyShares = pgTable(
  'body_shares',
  {
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Progress photos too (a separate yes: they are more intimate than numbers). */
    photos: boolean('photos').notNull().default(false),
    /**
     * With photos: the staff members (user ids) the person chose to see them; null means every staff member of
     * the gym. Checked against the gym's staff when saved, and again at each look (a viewer who is no longer
     * staff is refused by the route's access rule).
     */
    photoViewers: integer('photo_viewers').array(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.gymId, t.userId] }), index('body_shares_user_idx').on(t.userId)],
);

/**
 * Progress photos: re-encoded as JPEG with no metadata at all (EXIF, GPS, XMP, ICC dropped by sharp), and
 * encrypted at rest as base64 text (the `encrypted` column type), so `pulso rotate-key` and backups treat them as
 * any other sealed value. Size after re-encoding is capped (photo.ts), so a row stays around a megabyte.
 */
export const bodyPhotos = pgTable(
  'body_photos',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    date: date('date').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    /** base64 of the JPEG */
    image: encrypted<string>('image').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('body_photos_user_date_idx').on(t.userId, t.date)],
);

export const bodyPhotosSealed = encryptedTable(bodyPhotos, { owner: 'userId', fields: { image: 'text' } });
