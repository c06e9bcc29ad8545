import { z } from 'zod';
import { Id, Timestamp } from './common.js';

/** Declared by the modules that send them (their entries' `notifications`); the routes' descriptions list them. */
export const NotificationKind = z.string().max(64);

/** One notification, its title and body rendered in the caller's language (Accept-Language: en | es). */
export const Notification = z.object({
  id: Id,
  gym_id: Id.nullable().describe('The gym it happened in; null for a personal module'),
  kind: NotificationKind,
  title: z.string(),
  body: z.string(),
  data: z.record(z.string(), z.unknown()).describe('What the notification is about (ids, names, times)'),
  read_at: Timestamp.nullable(),
  created_at: Timestamp,
});
export type Notification = z.infer<typeof Notification>;

export const NotificationQuery = z.object({
  unread: z.enum(['true', 'false']).optional().describe('true: only notifications not yet read'),
});

export const ReadAllResult = z.object({ updated: z.number().int().min(0) });

/** A one-use credential for opening a stream where no Authorization header can be sent (browser EventSource). */
export const StreamTicket = z.object({
  ticket: z.string().describe('Pass as `?ticket=` to GET /notifications/stream within a minute; works once'),
  expires_at: Timestamp,
});
export type StreamTicket = z.infer<typeof StreamTicket>;

export const StreamQuery = z.object({
  ticket: z
    .string()
    .max(128)
    .optional()
    .describe('From POST /notifications/stream-ticket, instead of the Authorization header'),
  last_event_id: z.coerce
    .number()
    .int()
    .min(0)
    .max(2_147_483_647)
    .optional()
    .describe(
      'Resume after this notification id, as the Last-Event-ID header does (a new EventSource cannot send it)',
    ),
  max_seconds: z.coerce
    .number()
    .int()
    .min(0)
    .max(3600)
    .optional()
    .describe(
      'Close the stream after this many seconds (0: send what is waiting and close), for clients behind proxies that buffer streams',
    ),
});

/** The `data` of a `spots` event: the places of a class session or an event after a committed change. */
export const LiveSpots = z.object({
  gym_id: Id,
  kind: z.enum(['session', 'event']),
  id: Id.describe("The session's or the event's id"),
  capacity: z.number().int().nullable(),
  booked_count: z.number().int(),
  waitlist_count: z.number().int(),
  spots_left: z.number().int().nullable().describe('null when the capacity is unlimited'),
  status: z.enum(['open', 'cancelled']),
});
export type LiveSpots = z.infer<typeof LiveSpots>;
