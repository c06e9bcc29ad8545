import i18n from 'i18next';

/** The namespace; pages import it (not the bare module) so the texts load with the page's own chunk. */
export const LIVE = 'live';

/** Texts of the live pieces (bell), in their own namespace so they stay apart from the shell's catalogue. */
const en = {
  bell: 'Notifications',
  unread_one: '{{count}} unread notification',
  unread_other: '{{count}} unread notifications',
  timetable: 'Timetable',
  previous_week: 'Previous week',
  next_week: 'Next week',
  no_sessions: 'No classes this week. Try the next week, or ask your gym to publish its timetable.',
  spots_left_one: '{{count}} place left',
  spots_left_other: '{{count}} places left',
  full_one: 'Full · {{count}} waiting',
  full_other: 'Full · {{count}} waiting',
  cancelled: 'Cancelled',
  book: 'Book',
  join_waitlist: 'Join the waitlist',
  booked: 'Booked: your place is kept.',
  waitlisted:
    'Full: you are number {{position}} on the waitlist. You will be told here if a place comes free.',
};
const es: typeof en = {
  bell: 'Notificaciones',
  unread_one: '{{count}} notificación sin leer',
  unread_other: '{{count}} notificaciones sin leer',
  timetable: 'Horario',
  previous_week: 'Semana anterior',
  next_week: 'Semana siguiente',
  no_sessions: 'No hay clases esta semana. Mira la siguiente o pide a tu gimnasio que publique su horario.',
  spots_left_one: 'Queda {{count}} plaza',
  spots_left_other: 'Quedan {{count}} plazas',
  full_one: 'Completa · {{count}} en espera',
  full_other: 'Completa · {{count}} en espera',
  cancelled: 'Cancelada',
  book: 'Reservar',
  join_waitlist: 'Apuntarme a la lista de espera',
  booked: 'Reservada: tienes tu plaza.',
  waitlisted:
    'Completa: eres el número {{position}} de la lista de espera. Te avisaremos aquí si queda una plaza libre.',
};
i18n.addResourceBundle('en', 'live', en);
i18n.addResourceBundle('es', 'live', es);
