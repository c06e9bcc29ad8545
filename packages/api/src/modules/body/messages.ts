import { defineMessages } from '../../platform/catalogue.js';

/** Texts of the body module (platform/catalogue.ts), including the titles and details of its refusal reasons. */
export const bodyMessages = defineMessages('body', {
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
    // ---- refusal reasons (reasons.ts)
    'body_entry_exists.title': 'Entry exists on that day',
    'body_entry_exists.detail':
      'There is already a {metric, select, weight {weight} body_fat {body fat} lean_mass {lean mass} waist {waist} hip {hip} chest {chest} arm {arm} thigh {thigh} resting_hr {resting heart rate} blood_pressure {blood pressure} other {{metric}}} entry on {date}: edit or delete that one instead',
    'body_energy_inputs.title': 'Body data needed',
    'body_energy_inputs.detail':
      'Energy needs require {missing}: record a weight entry (POST /api/v1/body/entries) and fill in the athlete profile (PUT /api/v1/athlete/profile)',
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
    'body_entry_exists.title': 'Ya hay un registro ese día',
    'body_entry_exists.detail':
      'Ya hay un registro de {metric, select, weight {peso} body_fat {grasa corporal} lean_mass {masa magra} waist {cintura} hip {cadera} chest {pecho} arm {brazo} thigh {muslo} resting_hr {frecuencia cardiaca en reposo} blood_pressure {presión arterial} other {{metric}}} el {date}: edita o borra ese en su lugar',
    'body_energy_inputs.title': 'Faltan datos corporales',
    'body_energy_inputs.detail':
      'Para calcular la energía hacen falta {missing}: registra tu peso (POST /api/v1/body/entries) y completa el perfil de atleta (PUT /api/v1/athlete/profile)',
  },
});
