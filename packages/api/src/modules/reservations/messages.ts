import { defineMessages } from '../../platform/catalogue.js';

/** Texts of the booking engine: error details (its refusals are reasons in platform/problems.ts). */
export const reservationsMessages = defineMessages('reservations', {
  en: {
    slot_not_found: 'Slot not found',
    booking_not_found: 'Booking not found',
    capacity_below: 'below the {booked, number} places taken',
    demote_count:
      'name exactly {n, plural, one {# booking} other {# bookings}} of this {kind, select, event {event} other {session}} (the places lost)',
    demote_ids: 'each id must be a booked place of this {kind, select, event {event} other {session}}',
  },
  es: {
    slot_not_found: 'Plaza no encontrada',
    booking_not_found: 'Reserva no encontrada',
    capacity_below: 'por debajo de las {booked, number} plazas ocupadas',
    demote_count:
      'indica exactamente {n, plural, one {# reserva} other {# reservas}} {kind, select, event {del evento} other {de la sesión}} (las plazas perdidas)',
    demote_ids:
      'cada id debe ser una plaza reservada {kind, select, event {del evento} other {de la sesión}}',
  },
});
