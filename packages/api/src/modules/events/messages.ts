import { defineMessages } from '../../platform/catalogue.js';

/** Texts of the events module: error details (its refusals are reasons in platform/problems.ts). */
export const eventsMessages = defineMessages('events', {
  en: {
    event_not_found: 'Event not found',
    registration_not_found: 'Registration not found',
    ends_after_start: 'Must be after starts_at',
    starts_before_end: 'Must be before ends_at',
    not_member: 'Not a member of this gym',
  },
  es: {
    event_not_found: 'Evento no encontrado',
    registration_not_found: 'Inscripción no encontrada',
    ends_after_start: 'Debe ser posterior a starts_at',
    starts_before_end: 'Debe ser anterior a ends_at',
    not_member: 'No es socio de este gimnasio',
  },
});
