import { defineMessages } from '../../platform/catalogue.js';

/** Texts of the notifications module itself; each kind's texts live in the module that sends it. */
export const notificationsMessages = defineMessages('notifications', {
  en: {
    notification_not_found: 'Notification not found',
  },
  es: {
    notification_not_found: 'Notificación no encontrada',
  },
});
