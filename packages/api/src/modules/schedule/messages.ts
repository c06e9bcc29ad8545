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
  },
});
