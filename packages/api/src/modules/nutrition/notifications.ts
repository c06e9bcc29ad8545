import type { NotificationKinds } from '../../platform/notify.js';
import { notificationData } from '../../platform/notify.js';
import { nutritionMessages as M } from './messages.js';

/** What the nutrition module tells people. Data: `name` (the plan's), `plan_id`. */
export const nutritionNotifications: NotificationKinds = {
  nutrition_plan_changed(data, lang) {
    const { name } = notificationData(data, lang);
    return { title: M.t(lang, 'plan_changed.title'), body: M.t(lang, 'plan_changed.body', { name }) };
  },
};
