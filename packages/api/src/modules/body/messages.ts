/**
 * Texts of the body module, en + es, keyed by id (plugged into the platform's i18n catalogue at merge time).
 * `{name}` placeholders are filled by `text()`.
 */
export const messages = {
  en: {
    'metric.weight': 'weight',
    'metric.body_fat': 'body fat',
    'metric.lean_mass': 'lean mass',
    'metric.waist': 'waist',
    'metric.hip': 'hip',
    'metric.chest': 'chest',
    'metric.arm': 'arm',
    'metric.thigh': 'thigh',
    'metric.resting_hr': 'resting heart rate',
    'metric.blood_pressure': 'blood pressure',
    'energy.weight_from_profile': 'No weight entry on or before {date}: the athlete profile weight was used.',
    'energy.katch_mcardle':
      'Body fat of {date} is known: resting energy by Katch–McArdle (lean mass) rather than Mifflin–St Jeor.',
    'energy.factor':
      'The activity level describes the day apart from the recorded workouts, which are added separately.',
    'energy.no_nutrition': 'Food eaten is not subtracted: there is no nutrition log yet.',
    'trend.bmi_minor': 'Under 18 years BMI is read against BMI-for-age charts: no adult class is given.',
  },
  es: {
    'metric.weight': 'peso',
    'metric.body_fat': 'grasa corporal',
    'metric.lean_mass': 'masa magra',
    'metric.waist': 'cintura',
    'metric.hip': 'cadera',
    'metric.chest': 'pecho',
    'metric.arm': 'brazo',
    'metric.thigh': 'muslo',
    'metric.resting_hr': 'frecuencia cardiaca en reposo',
    'metric.blood_pressure': 'presión arterial',
    'energy.weight_from_profile':
      'No hay registro de peso hasta el {date}: se ha usado el peso del perfil de atleta.',
    'energy.katch_mcardle':
      'Se conoce la grasa corporal del {date}: energía en reposo por Katch–McArdle (masa magra) en lugar de Mifflin–St Jeor.',
    'energy.factor':
      'El nivel de actividad describe el día sin los entrenamientos registrados, que se suman aparte.',
    'energy.no_nutrition': 'No se descuenta lo comido: aún no hay registro de nutrición.',
    'trend.bmi_minor':
      'Por debajo de 18 años el IMC se interpreta con tablas por edad: no se da clase de adulto.',
  },
} as const;

export type MessageId = keyof (typeof messages)['en'];
export type Lang = keyof typeof messages;

export function text(lang: Lang, id: MessageId, params: Record<string, string | number> = {}): string {
  return messages[lang][id].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}
