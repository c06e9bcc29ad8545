import { defineMessages } from '../../platform/catalogue.js';

/** Texts of the calendar feeds: error details. */
export const calendarsMessages = defineMessages('calendars', {
  en: {
    calendar_not_found: 'Calendar not found',
    feed_not_found: 'Calendar feed not found',
  },
  es: {
    calendar_not_found: 'Calendario no encontrado',
    feed_not_found: 'Suscripción de calendario no encontrada',
  },
});
