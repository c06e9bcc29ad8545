import { z } from 'zod';
import { Id, IsoDateTime, Text, Timestamp } from './common.js';

export const EVENT_STATUSES = ['scheduled', 'cancelled'] as const;
export const EventStatus = z.enum(EVENT_STATUSES);

const Instant = IsoDateTime.describe(
  'ISO 8601 date-time with an offset or Z (1900–2200), e.g. 2026-10-25T09:00:00+01:00',
);

const EventFields = {
  title: Text.trim().min(1).max(200),
  description: Text.max(5000).nullable(),
  starts_at: Instant,
  ends_at: Instant.describe('After starts_at'),
  location: Text.trim().max(300).nullable(),
  capacity: z.number().int().min(1).max(100_000).nullable().describe('Places; null = no limit'),
};

export const EventCreateBody = z
  .object({
    title: EventFields.title,
    description: EventFields.description.optional(),
    starts_at: EventFields.starts_at,
    ends_at: EventFields.ends_at,
    location: EventFields.location.optional(),
    capacity: EventFields.capacity.default(null),
  })
  .strict();
export type EventCreateBody = z.infer<typeof EventCreateBody>;

export const EventPatchBody = z
  .object({
    title: EventFields.title.optional(),
    description: EventFields.description.optional(),
    starts_at: EventFields.starts_at.optional(),
    ends_at: EventFields.ends_at.optional(),
    location: EventFields.location.optional(),
    capacity: EventFields.capacity.optional(),
    status: EventStatus.optional().describe('cancelled: registered people are told; scheduled: reopens'),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, {
    message: 'Give at least one field to change',
    params: { msg: 'one_field' },
    when: (payload) => payload.issues.length === 0,
  });
export type EventPatchBody = z.infer<typeof EventPatchBody>;

export const Event = z.object({
  id: Id,
  title: z.string(),
  description: z.string().nullable(),
  starts_at: Timestamp,
  ends_at: Timestamp,
  location: z.string().nullable(),
  capacity: z.number().int().nullable(),
  status: EventStatus,
  registered_count: z.number().int(),
  waitlist_count: z.number().int(),
  spots_left: z.number().int().nullable().describe('null when there is no limit'),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Event = z.infer<typeof Event>;

export const EventQuery = z.object({
  when: z
    .enum(['upcoming', 'past', 'all'])
    .default('upcoming')
    .describe('upcoming (default): not yet ended, soonest first; past: ended, latest first'),
});

export const RegistrationCreateBody = z
  .object({ user_id: Id.optional().describe('Staff only: register this member') })
  .strict()
  .nullish();

export const RegistrationResult = z.object({
  id: Id,
  status: z.enum(['booked', 'waitlisted']),
  position: z.number().int().optional().describe('Rank in the waitlist (1 = next)'),
});

export const Registration = z.object({
  id: Id,
  event_id: Id,
  user_id: Id,
  status: z.enum(['booked', 'waitlisted', 'cancelled', 'attended', 'no_show']),
  position: z.number().int().nullable(),
  created_at: Timestamp,
  cancelled_at: Timestamp.nullable(),
});

export const MyRegistrationsQuery = z.object({
  when: z.enum(['upcoming', 'past']).optional().describe('Upcoming (soonest first) or past (latest first)'),
});

/** One of my registrations, with what a list needs to show of its event. */
export const MyRegistration = Registration.extend({
  title: z.string(),
  starts_at: Timestamp,
  event_status: EventStatus,
});
export type MyRegistration = z.infer<typeof MyRegistration>;
