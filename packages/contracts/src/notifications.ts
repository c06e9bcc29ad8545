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
