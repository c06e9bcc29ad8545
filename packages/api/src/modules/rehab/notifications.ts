import type { NotificationKinds } from '../../platform/notify.js';
import { rehabMessages as M } from './messages.js';

/** What the rehabilitation module tells a physio. Data: `type` (the alert), `name` (the patient), `patient_id`. */
export const rehabNotifications: NotificationKinds = {
  rehab_alert(data, lang) {
    const type = typeof data.type === 'string' ? data.type : 'other';
    const name = typeof data.name === 'string' && data.name ? data.name : M.t(lang, 'rehab_alert.someone');
    return { title: M.t(lang, 'rehab_alert.title'), body: M.t(lang, 'rehab_alert.body', { type, name }) };
  },
};
