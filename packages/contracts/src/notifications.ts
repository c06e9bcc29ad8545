import { z } from 'zod';
import { Id, Timestamp } from './common.js';

export const NOTIFICATION_KINDS = [
  'waitlist_promoted',
  'session_cancelled',
  'event_changed',
  'session_changed',
  'moved_to_waitlist',
] as const;
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** One notification, its title and body rendered in the caller's language (Accept-Language: en | es). */
export const Notification = z.object({
  id: Id,
  gym_id: Id,
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
