import { defineMessages } from '../../platform/catalogue.js';

/** Texts of the class schedule: error details (its refusals are reasons in platform/problems.ts). */
export const scheduleMessages = defineMessages('schedule', {
  en: {
    gym_not_found: 'Gym not found',
    class_not_found: 'Class not found',
    category_not_found: 'Category not found',
    session_not_found: 'Session not found',
    booking_not_found: 'Booking not found',
    not_instructor: 'Not a trainer, admin or owner of this gym',
    no_category: 'No such category in this gym',
    not_member: 'Not a member of this gym',
    end_before_start: 'end_date must be on or after start_date',
    // ---- notifications this module sends (its entry's `notifications`)
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
    'notification.in_room': ' in {room}',
    // ---- refusal reasons (reasons.ts): <id>.title, <id>.detail
    'category_name_taken.title': 'Category name taken',
    'category_name_taken.detail': 'This gym already has a category with that name',
  },
  es: {
    gym_not_found: 'Gimnasio no encontrado',
    class_not_found: 'Clase no encontrada',
    category_not_found: 'Categoría no encontrada',
    session_not_found: 'Sesión no encontrada',
    booking_not_found: 'Reserva no encontrada',
    not_instructor: 'No es entrenador, administrador ni propietario de este gimnasio',
    no_category: 'Esta categoría no existe en este gimnasio',
    not_member: 'No es socio de este gimnasio',
    end_before_start: 'end_date debe ser igual o posterior a start_date',
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
    'notification.in_room': ' en {room}',
    'category_name_taken.title': 'Nombre de categoría en uso',
    'category_name_taken.detail': 'Este gimnasio ya tiene una categoría con ese nombre',
  },
});
