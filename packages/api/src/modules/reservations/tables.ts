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
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../platform/db/columns.js';
import { users } from '../../platform/kernel/tables.js';
import { gyms } from '../../platform/kernel/tables.js';

export const SLOT_KINDS = ['session', 'event'] as const;
export const SLOT_STATUSES = ['open', 'cancelled'] as const;
export const RESERVATION_STATUSES = ['booked', 'waitlisted', 'cancelled', 'attended', 'no_show'] as const;

export const slotKind = pgEnum('slot_kind', SLOT_KINDS);
export const slotStatus = pgEnum('slot_status', SLOT_STATUSES);
export const reservationStatus = pgEnum('reservation_status', RESERVATION_STATUSES);

/**
 * Something with places that people reserve: a class session or an event. The counters are the truth the
 * engine decides from, read and written only while the row is locked (`SELECT … FOR UPDATE`).
 */
export const reservableSlots = pgTable(
  'reservable_slots',
  {
    id: serial('id'),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    kind: slotKind('kind').notNull(),
    /** null: no limit (nobody is ever waitlisted). */
    capacity: integer('capacity'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    status: slotStatus('status').notNull().default('open'),
    /** booked + attended + no_show: the places taken. */
    bookedCount: integer('booked_count').notNull().default(0),
    waitlistCount: integer('waitlist_count').notNull().default(0),
    /** Last waitlist ticket handed out; tickets only grow, so arrival order survives departures. */
    waitlistSeq: integer('waitlist_seq').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    index('reservable_slots_gym_starts_idx').on(t.gymId, t.startsAt),
    check('reservable_slots_capacity_check', sql`${t.capacity} is null or ${t.capacity} >= 0`),
    check('reservable_slots_counts_check', sql`${t.bookedCount} >= 0 and ${t.waitlistCount} >= 0`),
  ],
);

export const reservations = pgTable(
  'reservations',
  {
    id: serial('id'),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    slotId: integer('slot_id').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: reservationStatus('status').notNull(),
    /** Waitlist ticket (arrival order) while waitlisted; the shown position is the rank among those left. */
    position: integer('position'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    promotedAt: timestamp('promoted_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    foreignKey({
      name: 'reservations_slot_fk',
      columns: [t.gymId, t.slotId],
      foreignColumns: [reservableSlots.gymId, reservableSlots.id],
    }).onDelete('cascade'),
    // One active reservation per person and slot; a cancelled one does not block reserving again.
    uniqueIndex('reservations_active_uq')
      .on(t.gymId, t.slotId, t.userId)
      .where(sql`${t.status} <> 'cancelled'`),
    index('reservations_slot_idx').on(t.gymId, t.slotId, t.status, t.position),
    index('reservations_user_idx').on(t.gymId, t.userId, t.createdAt),
    index('reservations_user_only_idx').on(t.userId),
  ],
);
