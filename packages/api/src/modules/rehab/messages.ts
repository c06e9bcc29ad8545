import { defineMessages } from '../../platform/catalogue.js';

/** Texts of the rehabilitation module (platform/catalogue.ts), including its refusal reasons and notifications. */
export const rehabMessages = defineMessages('rehab', {
  en: {
    exercise_not_found: 'Exercise not found',
    patient_not_found: 'Patient not found',
    program_not_found: 'Programme not found',
    device_not_found: 'Device not found',
    not_a_patient: 'You have no rehabilitation record in this gym',
    no_active_program: 'You have no active programme',
    in_future: 'is in the future (now is {now, date, ::yMMMdjmm} UTC)',
    from_after_to: 'must not be after to',
    not_a_member: 'is not a member of this gym',
    not_a_physio: 'must be a physio, owner or admin of this gym',
    patient_id_required: 'is required when staff log a session',
    exercise_not_usable: 'is not an exercise of this gym or the base catalogue',
    program_empty: 'give the exercises or end the programme',
    user_code_unknown: 'is not a code waiting for confirmation, or it has expired',
    code_attempts: 'Too many wrong codes: try again in {seconds, number} seconds',
    device_token_invalid: 'The device token is missing, unknown or revoked',
    'token.authorization_pending': 'The user has not yet confirmed the code',
    'token.slow_down': 'Polling too fast: wait {interval, number} seconds between requests',
    'token.expired_token': 'The device code has expired: request a new one',
    'token.access_denied': 'The user refused the pairing',
    'token.invalid_grant': 'Unknown or already used device code',
    'alert.pain_rising': 'Pain went from {from, number} to {to, number} over the last three sessions',
    'alert.pain_high':
      'Pain after exercise was {min, number} or more in each of the last three sessions (above the acceptable 5 of 10)',
    'alert.low_adherence':
      'Only {done, number} of {prescribed, number} prescribed sessions were done last week ({adherence, number, ::percent})',
    'alert.rom_regression': 'Range of motion dropped {lost, number, ::.0} degrees over the last sessions',
    'alert.inactive': 'No session for {days, plural, one {# day} other {# days}}',
    'rehab_alert.title': 'Rehabilitation alert',
    'rehab_alert.body':
      '{type, select, pain_rising {Pain is rising} pain_high {Pain stays high} low_adherence {Adherence fell below half} rom_regression {Range of motion is going backwards} inactive {No sessions for a week} other {Something needs a look}} for {name}',
    'rehab_alert.someone': 'a patient',
    // ---- refusal reasons (reasons.ts)
    'rehab_patient_exists.title': 'Already a patient',
    'rehab_patient_exists.detail':
      'This member already has a rehabilitation record in this gym (patient {id, number, ::group-off})',
    'rehab_base_exercise.title': 'Base catalogue exercise',
    'rehab_base_exercise.detail':
      'Exercises of the base catalogue cannot be changed: add your own version with POST /api/v1/rehab/exercises',
    'rehab_program_ended.title': 'Programme ended',
    'rehab_program_ended.detail': 'An ended programme cannot be changed: create a new one',
  },
  es: {
    exercise_not_found: 'Ejercicio no encontrado',
    patient_not_found: 'Paciente no encontrado',
    program_not_found: 'Programa no encontrado',
    device_not_found: 'Dispositivo no encontrado',
    not_a_patient: 'No tienes historia de rehabilitación en este gimnasio',
    no_active_program: 'No tienes ningún programa activo',
    in_future: 'está en el futuro (ahora son las {now, date, ::yMMMdjmm} UTC)',
    from_after_to: 'no puede ser posterior a to',
    not_a_member: 'no es miembro de este gimnasio',
    not_a_physio: 'debe ser fisioterapeuta, propietario o administrador de este gimnasio',
    patient_id_required: 'es obligatorio cuando el personal registra una sesión',
    exercise_not_usable: 'no es un ejercicio de este gimnasio ni del catálogo base',
    program_empty: 'indica los ejercicios o finaliza el programa',
    user_code_unknown: 'no es un código pendiente de confirmar, o ha caducado',
    code_attempts: 'Demasiados códigos erróneos: vuelve a intentarlo dentro de {seconds, number} segundos',
    device_token_invalid: 'El token del dispositivo falta, es desconocido o está revocado',
    'token.authorization_pending': 'El usuario aún no ha confirmado el código',
    'token.slow_down': 'Consultas demasiado seguidas: espera {interval, number} segundos entre peticiones',
    'token.expired_token': 'El código del dispositivo ha caducado: pide uno nuevo',
    'token.access_denied': 'El usuario ha rechazado la vinculación',
    'token.invalid_grant': 'Código de dispositivo desconocido o ya usado',
    'alert.pain_rising': 'El dolor pasó de {from, number} a {to, number} en las tres últimas sesiones',
    'alert.pain_high':
      'El dolor tras el ejercicio fue de {min, number} o más en cada una de las tres últimas sesiones (por encima del 5 de 10 aceptable)',
    'alert.low_adherence':
      'Sólo se hicieron {done, number} de {prescribed, number} sesiones prescritas la semana pasada ({adherence, number, ::percent})',
    'alert.rom_regression': 'El rango de movimiento bajó {lost, number, ::.0} grados en las últimas sesiones',
    'alert.inactive': 'Sin sesiones desde hace {days, plural, one {# día} other {# días}}',
    'rehab_alert.title': 'Alerta de rehabilitación',
    'rehab_alert.body':
      '{type, select, pain_rising {El dolor está aumentando} pain_high {El dolor sigue alto} low_adherence {La adherencia bajó de la mitad} rom_regression {El rango de movimiento retrocede} inactive {Una semana sin sesiones} other {Algo requiere atención}} en {name}',
    'rehab_alert.someone': 'un paciente',
    'rehab_patient_exists.title': 'Ya es paciente',
    'rehab_patient_exists.detail':
      'Este miembro ya tiene historia de rehabilitación en este gimnasio (paciente {id, number, ::group-off})',
    'rehab_base_exercise.title': 'Ejercicio del catálogo base',
    'rehab_base_exercise.detail':
      'Los ejercicios del catálogo base no se pueden cambiar: añade tu propia versión con POST /api/v1/rehab/exercises',
    'rehab_program_ended.title': 'Programa finalizado',
    'rehab_program_ended.detail': 'Un programa finalizado no se puede cambiar: crea uno nuevo',
  },
});
