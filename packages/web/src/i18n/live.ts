import i18n from 'i18next';

/** Texts of the live pieces (bell), in their own namespace so they stay apart from the shell's catalogue. */
const en = {
  bell: 'Notifications',
  unread_one: '{{count}} unread notification',
  unread_other: '{{count}} unread notifications',
};
const es: typeof en = {
  bell: 'Notificaciones',
  unread_one: '{{count}} notificación sin leer',
  unread_other: '{{count}} notificaciones sin leer',
};
i18n.addResourceBundle('en', 'live', en);
i18n.addResourceBundle('es', 'live', es);
