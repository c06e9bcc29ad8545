import type { NotificationKinds } from '../../platform/notify.js';
import { notificationData } from '../../platform/notify.js';
import { reservationsMessages as M } from './messages.js';

/**
 * What the booking engine tells people, for class sessions and events alike. Data: `name`, `starts_at`,
 * `timezone`, `what` or `slot_kind` ('session' | 'event'), and `position` (the waitlist rank) when moved.
 */
export const reservationNotifications: NotificationKinds = {
  waitlist_promoted(data, lang) {
    const { str, name, at } = notificationData(data, lang);
    const what = str('what') ?? str('slot_kind') ?? 'session';
    return {
      title: M.t(lang, 'waitlist_promoted.title'),
      body: M.t(lang, 'waitlist_promoted.body', { what, name, at }),
    };
  },
  moved_to_waitlist(data, lang) {
    const { str, name, at } = notificationData(data, lang);
    const what = str('what') ?? str('slot_kind') ?? 'session';
    const position = typeof data.position === 'number' ? data.position : 0;
    return {
      title: M.t(lang, 'moved_to_waitlist.title'),
      body: M.t(lang, 'moved_to_waitlist.body', { what, name, at, position }),
    };
  },
};
