import type { NotificationKind } from '@pulso/contracts';
import type { Lang } from '../../../platform/i18n.js';
import { zoned } from '../../../platform/message-format.js';
import { notificationsMessages as M } from '../messages.js';

/**
 * The texts of a notification, rendered from its kind and data in the reader's language. Data keys used:
 * - `name` (class or event name), `starts_at` (ISO instant), `timezone` (IANA zone of the gym, for the time shown);
 * - `what` or `slot_kind`: 'session' | 'event' (waitlist_promoted);
 * - `change`: 'time' | 'location' | 'cancelled' | 'details' (event_changed), `location`;
 * - `changes`: ('time' | 'instructor' | 'room')[], `room`, `reason`: 'timezone' (session_changed);
 * - `position`: the waitlist rank (moved_to_waitlist).
 * Missing keys degrade to generic wording, never to an error.
 */
export const hasName = (data: Record<string, unknown>) =>
  (typeof data.name === 'string' && data.name !== '') ||
  (typeof data.title === 'string' && data.title !== '');

/** The catalogue id of each kind's title: a kind added to the contracts without texts fails to compile here. */
export const NOTIFICATION_TITLE = {
  waitlist_promoted: 'waitlist_promoted.title',
  session_cancelled: 'session_cancelled.title',
  session_changed: 'session_changed.title',
  moved_to_waitlist: 'moved_to_waitlist.title',
  event_changed: 'event_changed.title',
} as const satisfies Record<NotificationKind, keyof typeof M.texts.en>;

export function renderNotification(
  kind: NotificationKind,
  data: Record<string, unknown>,
  lang: Lang,
): { title: string; body: string } {
  const str = (k: string) => (typeof data[k] === 'string' && data[k] ? data[k] : undefined);
  const name = str('name') ?? str('title') ?? M.t(lang, 'activity');
  const iso = str('starts_at');
  const startsAt = iso ? new Date(iso) : undefined;
  const at =
    startsAt && !Number.isNaN(startsAt.getTime())
      ? M.t(lang, 'at', { when: zoned(startsAt, str('timezone')) })
      : '';
  const what = str('what') ?? str('slot_kind') ?? 'session';
  const title = M.t(lang, NOTIFICATION_TITLE[kind]);
  switch (kind) {
    case 'waitlist_promoted':
      return { title, body: M.t(lang, 'waitlist_promoted.body', { what, name, at }) };
    case 'session_cancelled':
      return { title, body: M.t(lang, 'session_cancelled.body', { name, at }) };
    case 'session_changed': {
      const changes = Array.isArray(data.changes) ? (data.changes as unknown[]) : [];
      const room = str('room');
      if (changes.includes('time')) {
        const inRoom = room ? M.t(lang, 'in_room', { room }) : '';
        const reason = str('reason') ?? '';
        return { title, body: M.t(lang, 'session_changed.body_time', { name, reason, at, in_room: inRoom }) };
      }
      const what = [
        ...(changes.includes('instructor') ? [M.t(lang, 'session_changed.instructor')] : []),
        ...(changes.includes('room')
          ? [room ? M.t(lang, 'session_changed.room_to', { room }) : M.t(lang, 'session_changed.room')]
          : []),
      ];
      const list = what.length ? what : [M.t(lang, 'session_changed.other')];
      return { title, body: M.t(lang, 'session_changed.body', { name, at, changes: list }) };
    }
    case 'moved_to_waitlist': {
      const position = typeof data.position === 'number' ? data.position : 0;
      return { title, body: M.t(lang, 'moved_to_waitlist.body', { what, name, at, position }) };
    }
    case 'event_changed': {
      if (str('change') === 'cancelled')
        return {
          title: M.t(lang, 'event_cancelled.title'),
          body: M.t(lang, 'event_cancelled.body', { name, at }),
        };
      const place = str('location');
      const atPlace = place ? M.t(lang, 'at_place', { place }) : '';
      return { title, body: M.t(lang, 'event_changed.body', { name, at, at_place: atPlace }) };
    }
  }
}
