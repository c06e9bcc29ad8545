import { defineMessages } from './catalogue.js';

/**
 * Titles and details of the domain refusals of `problems.ts`, as `<reason>.title` and `<reason>.detail`.
 * Spanish needs the gender of the noun ("esta sesión está cancelada", "este evento está cancelado"), hence the
 * `select` on `kind` rather than a noun pasted into one sentence.
 */
export const problemMessages = defineMessages('problems', {
  en: {
    'self_only.title': 'Members act only for themselves',
    'self_only.detail':
      '{act, select, see_membership {Members can only see their own membership} book {Members can only book for themselves} other {Members can only register themselves}}',
    'plan_exists.title': 'Training plan exists',
    'plan_exists.detail': 'A training plan already exists; delete it first (DELETE /api/v1/training/plan)',
    'max_hr_needed.title': 'Maximum heart rate needed',
    'max_hr_needed.detail': 'max_hr or birth_date is needed in the athlete profile (or max_hr in the query)',
    'reference_needed.title': 'Reference performance needed',
    'reference_needed.detail':
      'A reference performance is needed: send reference (distance_km and time_s of a recent race or all-out effort), or record running workouts of at least 3 km in the last 90 days.',
  },
  es: {
    'self_only.title': 'Los socios solo actúan por sí mismos',
    'self_only.detail':
      '{act, select, see_membership {Un socio solo puede ver su propia membresía} book {Un socio solo puede reservar para sí mismo} other {Un socio solo puede inscribirse a sí mismo}}',
    'plan_exists.title': 'Ya hay un plan de entrenamiento',
    'plan_exists.detail':
      'Ya existe un plan de entrenamiento; bórralo primero (DELETE /api/v1/training/plan)',
    'max_hr_needed.title': 'Falta la frecuencia cardiaca máxima',
    'max_hr_needed.detail':
      'hace falta max_hr o birth_date en el perfil del atleta (o max_hr en la consulta)',
    'reference_needed.title': 'Falta una marca de referencia',
    'reference_needed.detail':
      'Hace falta una marca de referencia: envía reference (distance_km y time_s de una carrera o esfuerzo máximo reciente), o registra entrenamientos de carrera de al menos 3 km en los últimos 90 días.',
  },
});
