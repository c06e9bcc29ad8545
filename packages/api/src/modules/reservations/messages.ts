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
    // ---- refusal reasons (reasons.ts): <id>.title, <id>.detail
    'capacity_below_bookings.title': 'Capacity below the booked places',
    'capacity_below_bookings.detail':
      '{booked, number} places of this {kind, select, event {event} other {session}} are taken; a capacity of {capacity, number} moves {moved, number} of them to the waitlist: name the bookings in "demote" or send "demote": "latest"',
    'too_few_to_demote.title': 'Not enough bookings to move',
    'too_few_to_demote.detail':
      'Only {movable, number} of the places taken are bookings that can go to the waitlist',
    'slot_cancelled.title': 'Cancelled by the gym',
    'slot_cancelled.detail':
      'This {kind, select, event {event} other {session}} is cancelled; it cannot be booked',
    'slot_started.title': 'Already started',
    'slot_started.detail':
      'This {kind, select, event {event} other {session}} has already started; {act, select, book {it cannot be booked} cancel_booking {the booking can no longer be cancelled} other {it cannot be cancelled}}',
    'already_booked.title': 'Already booked',
    'already_booked.detail':
      'Already reserved: this person already has a place or waitlist entry for this {kind, select, event {event} other {session}}',
    'booking_cancelled.title': 'Booking already cancelled',
    'booking_cancelled.detail': 'This booking is already cancelled',
    'attendance_recorded.title': 'Attendance already recorded',
    'attendance_recorded.detail':
      'Attendance has been recorded for this {kind, select, event {event} other {session}}; it cannot be cancelled',
    'cancellation_closed.title': 'Cancellation closed',
    'cancellation_closed.detail':
      'Cancellation closed: bookings can be cancelled up to {minutes, plural, one {# minute} other {# minutes}} before the start',
    'booking_not_markable.title': 'Booking has no place',
    'booking_not_markable.detail':
      'Only a booking with a place can be marked; this one is {status, select, cancelled {cancelled} other {on the waitlist}}',
    'attendance_too_early.title': 'Too early to record attendance',
    'attendance_too_early.detail':
      'Attendance can be recorded from the start of the {kind, select, event {event} other {session}} ({startsAt, date, ::yMMMMdjjmmz}), not before',
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
    'capacity_below_bookings.title': 'Aforo por debajo de las plazas reservadas',
    'capacity_below_bookings.detail':
      '{kind, select, event {Este evento} other {Esta sesión}} tiene {booked, number} plazas ocupadas; un aforo de {capacity, number} pasa {moved, number} a la lista de espera: indica las reservas en "demote" o envía "demote": "latest"',
    'too_few_to_demote.title': 'No hay reservas suficientes que mover',
    'too_few_to_demote.detail':
      'Solo {movable, number} de las plazas ocupadas son reservas que pueden pasar a la lista de espera',
    'slot_cancelled.title': 'Cancelado por el gimnasio',
    'slot_cancelled.detail':
      '{kind, select, event {Este evento está cancelado} other {Esta sesión está cancelada}}; no se puede reservar',
    'slot_started.title': 'Ya ha empezado',
    'slot_started.detail':
      '{kind, select, event {Este evento} other {Esta sesión}} ya ha empezado; {act, select, book {no se puede reservar} cancel_booking {la reserva ya no se puede cancelar} other {no se puede cancelar}}',
    'already_booked.title': 'Ya reservado',
    'already_booked.detail':
      'Ya reservado: esta persona ya tiene plaza o puesto en la lista de espera {kind, select, event {del evento} other {de la sesión}}',
    'booking_cancelled.title': 'Reserva ya cancelada',
    'booking_cancelled.detail': 'Esta reserva ya está cancelada',
    'attendance_recorded.title': 'Asistencia ya registrada',
    'attendance_recorded.detail':
      'Ya se ha registrado la asistencia {kind, select, event {del evento} other {de la sesión}}; no se puede cancelar',
    'cancellation_closed.title': 'Cancelación cerrada',
    'cancellation_closed.detail':
      'Cancelación cerrada: las reservas se pueden cancelar hasta {minutes, plural, one {# minuto} other {# minutos}} antes del inicio',
    'booking_not_markable.title': 'La reserva no tiene plaza',
    'booking_not_markable.detail':
      'Solo se puede marcar una reserva con plaza; esta está {status, select, cancelled {cancelada} other {en la lista de espera}}',
    'attendance_too_early.title': 'Demasiado pronto para registrar la asistencia',
    'attendance_too_early.detail':
      'La asistencia se puede registrar desde el inicio {kind, select, event {del evento} other {de la sesión}} ({startsAt, date, ::yMMMMdjjmmz}), no antes',
  },
});
