import { defineMessages } from './catalogue.js';

/**
 * Titles and details of the domain refusals of `problems.ts`, as `<reason>.title` and `<reason>.detail`.
 * Spanish needs the gender of the noun ("esta sesión está cancelada", "este evento está cancelado"), hence the
 * `select` on `kind` rather than a noun pasted into one sentence.
 */
export const problemMessages = defineMessages('problems', {
  en: {
    'email_unverified.title': 'E-mail not confirmed',
    'email_unverified.detail':
      'Confirm your e-mail first: invitations are shown to the confirmed owner of the address',
    'owner_only.title': 'Only an owner can do this',
    'owner_only.detail':
      '{act, select, grant {Only an owner can make someone an owner} other {Only an owner can change or remove an owner}}',
    'self_only.title': 'Members act only for themselves',
    'self_only.detail':
      '{act, select, see_membership {Members can only see their own membership} book {Members can only book for themselves} other {Members can only register themselves}}',
    'last_owner.title': 'Last owner',
    'last_owner.detail':
      '{count, plural, =0 {A gym must keep at least one owner; make someone else owner first} other {You are the last owner of {gyms}; make another member owner first}}',
    'invitation_expired.title': 'Invitation expired',
    'invitation_expired.detail': 'This invitation has expired; ask the gym to invite you again',
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
    'category_name_taken.title': 'Category name taken',
    'category_name_taken.detail': 'This gym already has a category with that name',
    'activity_imported.title': 'Activity already imported',
    'activity_imported.detail':
      'This activity (started {startedAt, date, ::yMMMMdjjmmz}) has already been imported',
    'plan_exists.title': 'Training plan exists',
    'plan_exists.detail': 'A training plan already exists; delete it first (DELETE /api/v1/training/plan)',
    'email_taken.title': 'E-mail already registered',
    'email_taken.detail':
      'An account with this e-mail already exists{signIn, select, yes {; sign in with its password} other {}}',
    'max_hr_needed.title': 'Maximum heart rate needed',
    'max_hr_needed.detail': 'max_hr or birth_date is needed in the athlete profile (or max_hr in the query)',
    'reference_needed.title': 'Reference performance needed',
    'reference_needed.detail':
      'A reference performance is needed: send reference (distance_km and time_s of a recent race or all-out effort), or record running workouts of at least 3 km in the last 90 days.',
    'user_not_found.title': 'User not found',
    'user_not_found.detail': 'User not found: no such user shares a gym with you',
  },
  es: {
    'email_unverified.title': 'Correo electrónico sin confirmar',
    'email_unverified.detail':
      'Confirma primero tu correo electrónico: las invitaciones solo se muestran a quien ha confirmado la dirección',
    'owner_only.title': 'Solo un propietario puede hacerlo',
    'owner_only.detail':
      '{act, select, grant {Solo un propietario puede hacer propietario a alguien} other {Solo un propietario puede cambiar o quitar a un propietario}}',
    'self_only.title': 'Los socios solo actúan por sí mismos',
    'self_only.detail':
      '{act, select, see_membership {Un socio solo puede ver su propia membresía} book {Un socio solo puede reservar para sí mismo} other {Un socio solo puede inscribirse a sí mismo}}',
    'last_owner.title': 'Último propietario',
    'last_owner.detail':
      '{count, plural, =0 {Un gimnasio debe conservar al menos un propietario; haz propietario antes a otra persona} other {Eres el último propietario de {gyms}; haz propietario antes a otro socio}}',
    'invitation_expired.title': 'Invitación caducada',
    'invitation_expired.detail': 'Esta invitación ha caducado; pide al gimnasio que te invite de nuevo',
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
    'category_name_taken.title': 'Nombre de categoría en uso',
    'category_name_taken.detail': 'Este gimnasio ya tiene una categoría con ese nombre',
    'activity_imported.title': 'Actividad ya importada',
    'activity_imported.detail':
      'Esta actividad (iniciada el {startedAt, date, ::yMMMMdjjmmz}) ya se ha importado',
    'plan_exists.title': 'Ya hay un plan de entrenamiento',
    'plan_exists.detail':
      'Ya existe un plan de entrenamiento; bórralo primero (DELETE /api/v1/training/plan)',
    'email_taken.title': 'Correo electrónico ya registrado',
    'email_taken.detail':
      'Ya existe una cuenta con este correo electrónico{signIn, select, yes {; inicia sesión con su contraseña} other {}}',
    'max_hr_needed.title': 'Falta la frecuencia cardiaca máxima',
    'max_hr_needed.detail':
      'hace falta max_hr o birth_date en el perfil del atleta (o max_hr en la consulta)',
    'reference_needed.title': 'Falta una marca de referencia',
    'reference_needed.detail':
      'Hace falta una marca de referencia: envía reference (distance_km y time_s de una carrera o esfuerzo máximo reciente), o registra entrenamientos de carrera de al menos 3 km en los últimos 90 días.',
    'user_not_found.title': 'Usuario no encontrado',
    'user_not_found.detail': 'Usuario no encontrado: ningún usuario con ese id comparte un gimnasio contigo',
  },
});
