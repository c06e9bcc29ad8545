import { defineMessages } from '../../platform/catalogue.js';

/**
 * The notification texts, per kind (`<kind>.title`, `<kind>.body…`; the kinds list stays in
 * `@pulso/contracts` NOTIFICATION_KINDS, and `domain/render.ts` maps every kind to its title here). The pieces
 * `at`, `in_room`, `at_place` are pasted into a body only when the notification's data has the value.
 */
export const notificationsMessages = defineMessages('notifications', {
  en: {
    notification_not_found: 'Notification not found',
    activity: 'the activity',
    at: ' on {when, datetime}',
    in_room: ' in {room}',
    at_place: ' at {place}',
    'waitlist_promoted.title': "You're in",
    'waitlist_promoted.body':
      'A place opened up: you are now booked for {what, select, event {the event} other {the class}} "{name}"{at}.',
    'session_cancelled.title': 'Class cancelled',
    'session_cancelled.body': 'The class "{name}"{at} has been cancelled.',
    'session_changed.title': 'Class changed',
    'session_changed.body_time':
      'The class "{name}" has moved{reason, select, timezone { (the gym changed its time zone)} other {}}: it is now{at}{in_room}.',
    'session_changed.body': 'The class "{name}"{at} {changes}.',
    'session_changed.instructor': 'has a new instructor',
    'session_changed.room_to': 'is now in {room}',
    'session_changed.room': 'changes room',
    'session_changed.other': 'has changed',
    'moved_to_waitlist.title': 'Moved to the waitlist',
    'moved_to_waitlist.body':
      '{what, select, event {The event} other {The class}} "{name}"{at} has fewer places now: you are on its waitlist{position, plural, =0 {} other { (number #)}}.',
    'event_changed.title': 'Event changed',
    'event_changed.body': 'The event "{name}" has changed: it is now{at}{at_place}.',
    'event_cancelled.title': 'Event cancelled',
    'event_cancelled.body': 'The event "{name}"{at} has been cancelled.',
  },
  es: {
    notification_not_found: 'Notificación no encontrada',
    activity: 'la actividad',
    at: ' del {when, datetime}',
    in_room: ' en {room}',
    at_place: ' en {place}',
    'waitlist_promoted.title': 'Tienes plaza',
    'waitlist_promoted.body':
      'Se ha liberado una plaza y ya estás inscrito en {what, select, event {el evento} other {la clase}} «{name}»{at}.',
    'session_cancelled.title': 'Clase cancelada',
    'session_cancelled.body': 'La clase «{name}»{at} se ha cancelado.',
    'session_changed.title': 'Clase modificada',
    'session_changed.body_time':
      'La clase «{name}» cambia de hora{reason, select, timezone { (el gimnasio ha cambiado de zona horaria)} other {}}: ahora es{at}{in_room}.',
    'session_changed.body': 'La clase «{name}»{at} {changes}.',
    'session_changed.instructor': 'tiene otro instructor',
    'session_changed.room_to': 'ahora es en {room}',
    'session_changed.room': 'cambia de sala',
    'session_changed.other': 'ha cambiado',
    'moved_to_waitlist.title': 'Pasas a la lista de espera',
    'moved_to_waitlist.body':
      '{what, select, event {El evento} other {La clase}} «{name}»{at} tiene ahora menos plazas: pasas a la lista de espera{position, plural, =0 {} other { (puesto #)}}.',
    'event_changed.title': 'Evento modificado',
    'event_changed.body': 'El evento «{name}» ha cambiado: ahora es{at}{at_place}.',
    'event_cancelled.title': 'Evento cancelado',
    'event_cancelled.body': 'El evento «{name}»{at} se ha cancelado.',
  },
});
