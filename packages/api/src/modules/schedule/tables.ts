import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../platform/db/columns.js';
import { users } from '../../platform/kernel/tables.js';
import { gyms } from '../../platform/kernel/tables.js';
import { reservableSlots } from '../reservations/tables.js';

export const classCategories = pgTable(
  'class_categories',
  {
    id: serial('id'),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    color: text('color'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    uniqueIndex('class_categories_gym_name_uq').on(t.gymId, sql`lower(${t.name})`),
  ],
);

/** A recurring class: the template its sessions are made from. Times are wall-clock in the gym's zone. */
export const classes = pgTable(
  'classes',
  {
    id: serial('id'),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    categoryId: integer('category_id'),
    instructorId: integer('instructor_id').references(() => users.id, { onDelete: 'set null' }),
    weekdays: integer('weekdays').array().notNull(),
    startTime: text('start_time').notNull(),
    durationMin: integer('duration_min').notNull(),
    room: text('room'),
    capacity: integer('capacity').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    // Migration 0022 writes this one as SET NULL (category_id): a plain SET NULL would also null gym_id.
    foreignKey({
      name: 'classes_category_fk',
      columns: [t.gymId, t.categoryId],
      foreignColumns: [classCategories.gymId, classCategories.id],
    }).onDelete('set null'),
    check('classes_capacity_check', sql`${t.capacity} >= 1`),
    check('classes_dates_check', sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate}`),
  ],
);

/**
 * A dated occurrence of a class, made when first asked for (lazily, per requested window). Its places live in
 * its reservable slot. `starts_at` is the UTC instant; `date` the local date it belongs to.
 */
export const classSessions = pgTable(
  'class_sessions',
  {
    id: serial('id'),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    classId: integer('class_id').notNull(),
    slotId: integer('slot_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    durationMin: integer('duration_min').notNull(),
    instructorId: integer('instructor_id').references(() => users.id, { onDelete: 'set null' }),
    room: text('room'),
    /** Changed for this date: later edits of the template leave it alone. */
    overridden: boolean('overridden').notNull().default(false),
    /**
     * Bumped by every change a calendar shows (time, room, instructor, status, the class's name or description):
     * the feeds' SEQUENCE (RFC 5545 §3.8.7.4), so subscribed calendars take the new version.
     */
    revision: integer('revision').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    foreignKey({
      name: 'class_sessions_class_fk',
      columns: [t.gymId, t.classId],
      foreignColumns: [classes.gymId, classes.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'class_sessions_slot_fk',
      columns: [t.gymId, t.slotId],
      foreignColumns: [reservableSlots.gymId, reservableSlots.id],
    }).onDelete('cascade'),
    uniqueIndex('class_sessions_class_date_uq').on(t.gymId, t.classId, t.date),
    uniqueIndex('class_sessions_slot_uq').on(t.slotId),
    index('class_sessions_gym_date_idx').on(t.gymId, t.date),
  ],
);
