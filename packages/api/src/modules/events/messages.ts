import { defineMessages } from '../../platform/catalogue.js';

/** Texts of the events module: error details (its refusals are reasons in platform/problems.ts). */
export const eventsMessages = defineMessages('events', {
  en: {
    event_not_found: 'Event not found',
    registration_not_found: 'Registration not found',
    ends_after_start: 'Must be after starts_at',
    starts_before_end: 'Must be before ends_at',
    not_member: 'Not a member of this gym',
    // ---- notifications this module sends (its entry's `notifications`)
    'event_changed.title': 'Event changed',
    'event_changed.body': 'The event "{name}" has changed: it is now{at}{at_place}.',
    'event_cancelled.title': 'Event cancelled',
    'event_cancelled.body': 'The event "{name}"{at} has been cancelled.',
    'notification.at_place': ' at {place}',
  },
  es: {
    event_not_found: 'Evento no encontrado',
    registration_not_found: 'Inscripción no encontrada',
    ends_after_start: 'Debe ser posterior a starts_at',
    starts_before_end: 'Debe ser anterior a ends_at',
    not_member: 'No es socio de este gimnasio',
    'event_changed.title': 'Evento modificado',
    'event_changed.body': 'El evento «{name}» ha cambiado: ahora es{at}{at_place}.',
    'event_cancelled.title': 'Evento cancelado',
    'event_cancelled.body': 'El evento «{name}»{at} se ha cancelado.',
    'notification.at_place': ' en {place}',
  },
});
