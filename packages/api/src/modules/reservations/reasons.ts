import { defineReasons, reason } from '../../platform/errors.js';
import { zoned } from '../../platform/message-format.js';
import { reservationsMessages } from './messages.js';
import type { SlotKind } from './repo.js';

/** The reservations module's domain refusals: each its own problem type, its texts in messages.ts. */
export const { refuse } = defineReasons(reservationsMessages, {
  capacity_below_bookings: reason<{ kind: SlotKind; booked: number; capacity: number; moved: number }>({
    status: 409,
    args: (p) => p,
    example: { kind: 'session', booked: 12, capacity: 10, moved: 2 },
  }),
  too_few_to_demote: reason<{ movable: number }>({ status: 409, args: (p) => p, example: { movable: 1 } }),
  slot_cancelled: reason<{ kind: SlotKind }>({ status: 409, args: (p) => p, example: { kind: 'session' } }),
  slot_started: reason<{ kind: SlotKind; act: 'book' | 'cancel_booking' | 'cancel' }>({
    status: 409,
    args: (p) => p,
    example: { kind: 'session', act: 'book' },
  }),
  already_booked: reason<{ kind: SlotKind }>({ status: 409, args: (p) => p, example: { kind: 'session' } }),
  booking_cancelled: reason({ status: 409, example: {} }),
  attendance_recorded: reason<{ kind: SlotKind }>({
    status: 409,
    args: (p) => p,
    example: { kind: 'event' },
  }),
  cancellation_closed: reason<{ minutes: number }>({
    status: 409,
    args: (p) => p,
    example: { minutes: 120 },
  }),
  booking_not_markable: reason<{ status: 'cancelled' | 'waitlisted' }>({
    status: 409,
    args: (p) => p,
    example: { status: 'waitlisted' },
  }),
  attendance_too_early: reason<{ kind: SlotKind; startsAt: Date; timeZone?: string }>({
    status: 409,
    args: (p) => ({ kind: p.kind, startsAt: zoned(p.startsAt, p.timeZone) }),
    example: { kind: 'session', startsAt: new Date(Date.UTC(2026, 2, 2, 18, 30)) },
  }),
});
