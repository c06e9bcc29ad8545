import type { NotificationKinds } from '../../platform/notify.js';
import { notificationData } from '../../platform/notify.js';
import { eventsMessages as M } from './messages.js';

/**
 * What the events module tells the people holding a place or a waitlist entry. Data: `name`, `starts_at`,
 * `timezone`, `change` ('time' | 'location' | 'cancelled' | 'details') and `location`.
 */
export const eventNotifications: NotificationKinds = {
  event_changed(data, lang) {
    const { str, name, at } = notificationData(data, lang);
    if (str('change') === 'cancelled')
      return {
        title: M.t(lang, 'event_cancelled.title'),
        body: M.t(lang, 'event_cancelled.body', { name, at }),
      };
    const place = str('location');
    const atPlace = place ? M.t(lang, 'notification.at_place', { place }) : '';
    return {
      title: M.t(lang, 'event_changed.title'),
      body: M.t(lang, 'event_changed.body', { name, at, at_place: atPlace }),
    };
  },
};
