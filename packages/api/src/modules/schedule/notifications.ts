import type { NotificationKinds } from '../../platform/notify.js';
import { notificationData } from '../../platform/notify.js';
import { scheduleMessages as M } from './messages.js';

/**
 * What the class schedule tells the people booked. Data: `name`, `starts_at`, `timezone`; for a change,
 * `changes` (('time' | 'instructor' | 'room')[]), `room`, and `reason: 'timezone'` when the gym moved zone.
 */
export const scheduleNotifications: NotificationKinds = {
  session_cancelled(data, lang) {
    const { name, at } = notificationData(data, lang);
    return {
      title: M.t(lang, 'session_cancelled.title'),
      body: M.t(lang, 'session_cancelled.body', { name, at }),
    };
  },
  session_changed(data, lang) {
    const { str, name, at } = notificationData(data, lang);
    const title = M.t(lang, 'session_changed.title');
    const changes = Array.isArray(data.changes) ? (data.changes as unknown[]) : [];
    const room = str('room');
    if (changes.includes('time')) {
      const inRoom = room ? M.t(lang, 'notification.in_room', { room }) : '';
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
  },
};
