import { z } from 'zod';
import { Id, IsoDate, Pagination, Text, Timestamp } from './common.js';

/** A calendar date, YYYY-MM-DD (checked to exist: 2026-02-30 is refused; years 1900–2200). */
export const LocalDate = IsoDate;
/** A wall-clock time in the gym's time zone. */
export const LocalTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (00:00–23:59)')
  .describe("Wall-clock time HH:MM in the gym's time zone");
const Color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'Use #RRGGBB')
  .describe('Display colour, #RRGGBB');

// ---- Categories -------------------------------------------------------------------------------------------
export const CategoryCreateBody = z
  .object({
    name: Text.trim().min(1).max(80),
    description: Text.max(2000).nullable().optional(),
    color: Color.nullable().optional(),
  })
  .strict();
export type CategoryCreateBody = z.infer<typeof CategoryCreateBody>;

export const CategoryPatchBody = CategoryCreateBody.partial()
  .strict()
  .refine((o) => Object.keys(o).length > 0, {
    message: 'Give at least one field to change',
    params: { msg: 'one_field' },
    when: (p) => p.issues.length === 0,
  });
export type CategoryPatchBody = z.infer<typeof CategoryPatchBody>;

export const Category = z.object({
  id: Id,
  name: z.string(),
  description: z.string().nullable(),
  color: z.string().nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Category = z.infer<typeof Category>;

// ---- Classes (recurring templates) ------------------------------------------------------------------------
const Weekdays = z
  .array(z.number().int().min(1).max(7))
  .min(1)
  .max(7)
  .refine((a) => new Set(a).size === a.length, 'Each weekday at most once')
  .describe('ISO weekdays, Monday = 1 … Sunday = 7');

const ClassFields = {
  name: Text.trim().min(1).max(120),
  description: Text.max(4000).nullable(),
  category_id: Id.nullable(),
  instructor_id: Id.nullable().describe('A trainer, admin or owner of the gym'),
  weekdays: Weekdays,
  start_time: LocalTime,
  duration_min: z.number().int().min(5).max(1440),
  room: Text.trim().max(80).nullable(),
  capacity: z.number().int().min(1).max(10_000),
  start_date: LocalDate,
  end_date: LocalDate.nullable().describe('Last date (inclusive); null = open-ended'),
};

export const ClassCreateBody = z
  .object({
    name: ClassFields.name,
    description: ClassFields.description.optional(),
    category_id: ClassFields.category_id.optional(),
    instructor_id: ClassFields.instructor_id.optional(),
    weekdays: ClassFields.weekdays,
    start_time: ClassFields.start_time,
    duration_min: ClassFields.duration_min,
    room: ClassFields.room.optional(),
    capacity: ClassFields.capacity,
    start_date: ClassFields.start_date,
    end_date: ClassFields.end_date.optional(),
  })
  .strict()
  .refine((o) => !o.end_date || o.end_date >= o.start_date, {
    message: 'end_date must be on or after start_date',
    params: { msg: 'not_before', field: 'end_date', other: 'start_date' },
    path: ['end_date'],
    when: (p) => p.issues.length === 0,
  });
export type ClassCreateBody = z.infer<typeof ClassCreateBody>;

/**
 * Who goes to the waitlist when a new capacity is below the places already booked: the bookings named (ids of
 * `booked` reservations of the session, as many as the places lost) or the latest to get their place. They go
 * to the head of the waitlist, in their booking order, and are told. Without it such a change is a 409
 * (`urn:pulso:problem:capacity-below-bookings`).
 */
export const Demote = z
  .union([z.literal('latest'), z.array(Id).min(1).max(1000)])
  .describe(
    'When the new capacity is below the booked places: "latest" (the last to get a place go to the waitlist) or the booking ids to move',
  );

export const ClassPatchBody = z
  .object({
    demote: z
      .literal('latest')
      .optional()
      .describe(
        'When the new capacity is below the booked places of a future session: the last to get a place there go to the head of its waitlist (else 409)',
      ),
    name: ClassFields.name.optional(),
    description: ClassFields.description.optional(),
    category_id: ClassFields.category_id.optional(),
    instructor_id: ClassFields.instructor_id.optional(),
    weekdays: ClassFields.weekdays.optional(),
    start_time: ClassFields.start_time.optional(),
    duration_min: ClassFields.duration_min.optional(),
    room: ClassFields.room.optional(),
    capacity: ClassFields.capacity.optional(),
    start_date: ClassFields.start_date.optional(),
    end_date: ClassFields.end_date.optional(),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, {
    message: 'Give at least one field to change',
    params: { msg: 'one_field' },
    when: (p) => p.issues.length === 0,
  });
export type ClassPatchBody = z.infer<typeof ClassPatchBody>;

/**
 * The gym seed's `get_classes_async(skip=0, limit=100)`: the class list's page is 100 by default (other lists
 * keep design §4's 20); the bound stays 100 so one request cannot ask for every row.
 */
export const ClassPagination = z.object({
  skip: Pagination.shape.skip,
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(100)
    .describe('Rows to return (1–100, default 100 as in the gym seed)'),
});

export const ClassQuery = z.object({
  category_id: Id.optional(),
  instructor_id: Id.optional(),
});

const ClassCategoryRef = z.object({ id: Id, name: z.string(), color: z.string().nullable() });

export const GymClass = z.object({
  id: Id,
  name: z.string(),
  description: z.string().nullable(),
  category_id: Id.nullable(),
  category: ClassCategoryRef.nullable(),
  custom_category: ClassCategoryRef.nullable().describe(
    'The gym seed’s name for `category` (the same object)',
  ),
  instructor_id: Id.nullable(),
  instructor: z.object({ id: Id, name: z.string() }).nullable(),
  weekdays: z.array(z.number().int()),
  start_time: z.string().describe("HH:MM in the gym's time zone"),
  duration_min: z.number().int(),
  room: z.string().nullable(),
  capacity: z.number().int(),
  start_date: z.string(),
  end_date: z.string().nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type GymClass = z.infer<typeof GymClass>;

// ---- Sessions (dated occurrences) -------------------------------------------------------------------------
export const SESSION_WINDOW_MAX_DAYS = 62;

export const SessionQuery = z
  .object({
    from: LocalDate.describe("First date (inclusive), in the gym's time zone"),
    to: LocalDate.describe('Last date (inclusive)'),
    class_id: Id.optional(),
  })
  .refine((q) => q.to >= q.from, {
    message: 'to must be on or after from',
    params: { msg: 'not_before', field: 'to', other: 'from' },
    path: ['to'],
    when: (p) => p.issues.length === 0,
  })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < SESSION_WINDOW_MAX_DAYS, {
    message: `At most ${SESSION_WINDOW_MAX_DAYS} days per request`,
    params: { msg: 'max_days', days: SESSION_WINDOW_MAX_DAYS },
    path: ['to'],
    when: (p) => p.issues.length === 0,
  });
export type SessionQuery = z.infer<typeof SessionQuery>;

export const SessionStatus = z.enum(['open', 'cancelled']);

export const Session = z.object({
  id: Id,
  class_id: Id,
  class_name: z.string(),
  date: z.string().describe("The session's date in the gym's time zone"),
  starts_at: Timestamp,
  ends_at: Timestamp,
  local_starts_at: z.string().describe("Start in the gym's time zone, ISO 8601 with offset"),
  capacity: z.number().int(),
  booked_count: z.number().int(),
  spots_left: z.number().int(),
  waitlist_count: z.number().int(),
  status: SessionStatus,
  instructor_id: Id.nullable(),
  room: z.string().nullable(),
  overridden: z.boolean().describe('Changed for this date; template edits leave it alone'),
});
export type Session = z.infer<typeof Session>;

export const SessionPatchBody = z
  .object({
    status: SessionStatus.optional(),
    start_time: LocalTime.optional().describe('New wall-clock start on the same date'),
    duration_min: ClassFields.duration_min.optional(),
    capacity: ClassFields.capacity.optional(),
    instructor_id: ClassFields.instructor_id.optional(),
    room: ClassFields.room.optional(),
    demote: Demote.optional(),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, {
    message: 'Give at least one field to change',
    params: { msg: 'one_field' },
    when: (p) => p.issues.length === 0,
  });
export type SessionPatchBody = z.infer<typeof SessionPatchBody>;

// ---- Bookings ---------------------------------------------------------------------------------------------
export const BookingStatus = z.enum(['booked', 'waitlisted', 'cancelled', 'attended', 'no_show']);

export const BookingCreateBody = z
  .object({ user_id: Id.optional().describe('Staff only: book for this member') })
  .strict()
  .nullish();

export const BookingCreated = z.object({
  id: Id,
  status: z.enum(['booked', 'waitlisted']),
  position: z.number().int().optional().describe('Waitlist position, 1 = next to get a place'),
});
export type BookingCreated = z.infer<typeof BookingCreated>;

export const BookingPatchBody = z.object({ status: z.enum(['attended', 'no_show', 'booked']) }).strict();

export const Booking = z.object({
  id: Id,
  session_id: Id,
  class_id: Id,
  class_name: z.string(),
  user_id: Id,
  user_name: z.string().optional(),
  starts_at: Timestamp,
  status: BookingStatus,
  position: z.number().int().nullable(),
  session_status: SessionStatus,
  created_at: Timestamp,
  cancelled_at: Timestamp.nullable(),
});
export type Booking = z.infer<typeof Booking>;

export const MyBookingsQuery = z.object({
  when: z.enum(['upcoming', 'past']).optional().describe('Upcoming (soonest first) or past (latest first)'),
});
