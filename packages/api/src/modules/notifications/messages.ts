import { defineMessages } from '../../platform/catalogue.js';

/** Texts of the notifications module itself; each kind's texts live in the module that sends it. */
export const notificationsMessages = defineMessages('notifications', {
  en: {
    notification_not_found: 'Notification not found',
    stream_limit:
      'You already have {max, plural, one {# live stream} other {# live streams}} open: close one (another tab or device) and try again',
    stream_ticket_invalid: 'The stream ticket is unknown, used or expired: ask for a new one',
  },
  es: {
    notification_not_found: 'Notificación no encontrada',
    stream_limit:
      'Ya tienes {max, plural, one {# conexión en directo abierta} other {# conexiones en directo abiertas}}: cierra alguna (otra pestaña u otro dispositivo) y vuelve a intentarlo',
    stream_ticket_invalid: 'El ticket de conexión no existe, ya se usó o ha caducado: pide uno nuevo',
  },
});
