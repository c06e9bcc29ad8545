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
    // ---- notifications this module sends (its entry's `notifications`)
    'waitlist_promoted.title': "You're in",
    'waitlist_promoted.body':
      'A place opened up: you are now booked for {what, select, event {the event} other {the class}} "{name}"{at}.',
    'moved_to_waitlist.title': 'Moved to the waitlist',
    'moved_to_waitlist.body':
      '{what, select, event {The event} other {The class}} "{name}"{at} has fewer places now: you are on its waitlist{position, plural, =0 {} other { (number #)}}.',
  },
  es: {
    slot_not_found: 'Plaza no encontrada',
    booking_not_found: 'Reserva no encontrada',
    capacity_below: 'por debajo de las {booked, number} plazas ocupadas',
    demote_count:
      'indica exactamente {n, plural, one {# reserva} other {# reservas}} {kind, select, event {del evento} other {de la sesión}} (las plazas perdidas)',
    demote_ids:
      'cada id debe ser una plaza reservada {kind, select, event {del evento} other {de la sesión}}',
    'waitlist_promoted.title': 'Tienes plaza',
    'waitlist_promoted.body':
      'Se ha liberado una plaza y ya estás inscrito en {what, select, event {el evento} other {la clase}} «{name}»{at}.',
    'moved_to_waitlist.title': 'Pasas a la lista de espera',
    'moved_to_waitlist.body':
      '{what, select, event {El evento} other {La clase}} «{name}»{at} tiene ahora menos plazas: pasas a la lista de espera{position, plural, =0 {} other { (puesto #)}}.',
  },
});
