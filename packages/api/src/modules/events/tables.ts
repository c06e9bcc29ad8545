import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { EVENT_STATUSES } from '@pulso/contracts';
import { createdAt, updatedAt } from '../../platform/db/columns.js';
import { users } from '../../platform/kernel/tables.js';
import { gyms } from '../../platform/kernel/tables.js';
import { reservableSlots } from '../reservations/tables.js';

export const eventStatus = pgEnum('event_status', EVENT_STATUSES);

/** A gym's one-off event. Its places and waitlist live in the reservation engine's slot (`slot_id`). */
export const events = pgTable(
  'events',
  {
    id: serial('id'),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    slotId: integer('slot_id').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    location: text('location'),
    capacity: integer('capacity'),
    status: eventStatus('status').notNull().default('scheduled'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** Bumped on every change (iCalendar SEQUENCE). */
    revision: integer('revision').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    foreignKey({
      name: 'events_slot_fk',
      columns: [t.gymId, t.slotId],
      foreignColumns: [reservableSlots.gymId, reservableSlots.id],
    }).onDelete('cascade'),
    index('events_gym_starts_idx').on(t.gymId, t.startsAt),
    index('events_slot_idx').on(t.slotId),
    check('events_time_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('events_capacity_check', sql`${t.capacity} is null or ${t.capacity} > 0`),
  ],
);
