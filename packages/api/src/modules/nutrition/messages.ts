import { defineMessages } from '../../platform/catalogue.js';

/** Texts of the nutrition module, including its refusal reasons, screening warnings and notifications. */
export const nutritionMessages = defineMessages('nutrition', {
  en: {
    // ---- screening warnings (codes stored sealed, rendered for their owner)
    'warning.minor': 'Under 18: a restrictive plan also needs a guardian’s consent',
    'warning.over_65': 'Over 65: extra care is advised',
    'warning.critical_condition':
      'Critical condition: {condition, select, type_1_diabetes {type 1 diabetes} kidney_disease {kidney disease} eating_disorder {eating disorder} other {{condition}}}',
    'warning.pregnant': 'Pregnancy: needs medical supervision',
    'warning.breastfeeding': 'Breastfeeding: energy needs are higher; ask a professional',
    'warning.eating_disorder_history': 'History of eating disorders: a restrictive plan needs a professional',
    'warning.underweight': 'BMI {bmi, number} is under 18.5 (WHO underweight)',
    'warning.bmi_not_assessed': 'BMI was not assessed: weight or height is unknown',
    'warning.bmi_minor': 'Under 18, BMI is read on BMI-for-age charts: it was not scored',
    'warning.medications': 'Medication can interact with diet changes: check with a professional',
    // ---- recommendations of the dashboard
    'rec.no_plan': 'Follow a plan of your gym to get daily targets',
    'rec.log_meals': 'Mark the meals you eat to see your adherence',
    'rec.low_adherence': 'Your adherence this week is {pct, number, percent}: try to prepare meals ahead',
    'rec.good_adherence': 'Great adherence this week ({pct, number, percent}): keep it up',
    'rec.over_budget': 'Today you ate {kcal, number} kcal over your energy budget',
    'rec.under_budget': 'Today you are {kcal, number} kcal under your energy budget',
    'rec.screening': 'Complete the safety screening before starting a restrictive plan',
    // ---- notifications
    'plan_changed.title': 'Nutrition plan changed',
    'plan_changed.body': 'The live plan “{name}” you follow has changed',
    // ---- errors
    plan_not_found: 'Nutrition plan not found',
    meal_not_found: 'Meal not found',
    member_not_found: 'Member not found',
    follow_not_found: 'You do not follow this plan',
    screening_not_found: 'No screening found',
    date_in_future: 'is in the future (today is {today}, UTC)',
    from_after_to: 'must not be after to',
    range_too_long: 'the range may span at most {max, number, ::group-off} days',
    'live.start_required': 'a live plan needs a start_date',
    'days.repeated': 'day {day} is given twice',
    'days.mixed': 'give all days by day_number or all by weekday, not both',
    'meal.not_today': 'this meal is not on the plan’s day for {date}',
    'food.unknown': 'unknown food or recipe {id}',
    'grams.required': 'is required with food_id or recipe_id',
    // ---- refusal reasons
    'screening_required.title': 'Safety screening required',
    'screening_required.detail':
      'This needs a valid safety screening (less than 24 hours old): POST /api/v1/nutrition/safety/screenings first',
    'screening_blocked.title': 'Not safe without a professional',
    'screening_blocked.detail':
      'Your latest screening came out {level}: a restrictive plan, an AI plan or a meal-photo analysis needs a health professional',
    'guardian_consent_required.title': 'Guardian’s consent required',
    'guardian_consent_required.detail':
      'Members under 18 need a guardian’s consent, recorded by the gym’s staff, to follow a restrictive plan',
    'already_following.title': 'Already following',
    'already_following.detail': 'You already follow plan {plan_id}',
    'plan_archived.title': 'Plan archived',
    'plan_archived.detail': 'Plan {plan_id} is archived: it cannot be followed or changed',
    'not_following.title': 'Not following the plan',
    'not_following.detail': 'Follow plan {plan_id} to complete its meals',
  },
  es: {
    'warning.minor': 'Menor de 18 años: un plan restrictivo necesita además el consentimiento de un tutor',
    'warning.over_65': 'Mayor de 65 años: se aconseja precaución adicional',
    'warning.critical_condition':
      'Condición crítica: {condition, select, type_1_diabetes {diabetes tipo 1} kidney_disease {enfermedad renal} eating_disorder {trastorno alimenticio} other {{condition}}}',
    'warning.pregnant': 'Embarazo: requiere supervisión médica',
    'warning.breastfeeding': 'Lactancia: las necesidades de energía son mayores; consulta a un profesional',
    'warning.eating_disorder_history':
      'Antecedentes de trastornos alimenticios: un plan restrictivo necesita un profesional',
    'warning.underweight': 'El IMC {bmi, number} es menor de 18,5 (bajo peso según la OMS)',
    'warning.bmi_not_assessed': 'No se ha evaluado el IMC: falta el peso o la altura',
    'warning.bmi_minor': 'Con menos de 18 años el IMC se lee en tablas por edad: no se ha puntuado',
    'warning.medications':
      'La medicación puede interactuar con cambios en la dieta: consúltalo con un profesional',
    'rec.no_plan': 'Sigue un plan de tu gimnasio para tener objetivos diarios',
    'rec.log_meals': 'Marca las comidas que haces para ver tu adherencia',
    'rec.low_adherence':
      'Tu adherencia esta semana es del {pct, number, percent}: prueba a preparar las comidas con antelación',
    'rec.good_adherence': 'Muy buena adherencia esta semana ({pct, number, percent}): sigue así',
    'rec.over_budget': 'Hoy has comido {kcal, number} kcal por encima de tu presupuesto de energía',
    'rec.under_budget': 'Hoy estás {kcal, number} kcal por debajo de tu presupuesto de energía',
    'rec.screening': 'Completa la evaluación de seguridad antes de empezar un plan restrictivo',
    'plan_changed.title': 'Plan de nutrición modificado',
    'plan_changed.body': 'El plan en directo «{name}» que sigues ha cambiado',
    plan_not_found: 'Plan de nutrición no encontrado',
    meal_not_found: 'Comida no encontrada',
    member_not_found: 'Miembro no encontrado',
    follow_not_found: 'No sigues este plan',
    screening_not_found: 'No hay ninguna evaluación',
    date_in_future: 'está en el futuro (hoy es {today}, UTC)',
    from_after_to: 'no debe ser posterior a to',
    range_too_long: 'el intervalo puede abarcar como máximo {max, number, ::group-off} días',
    'live.start_required': 'un plan en directo necesita start_date',
    'days.repeated': 'el día {day} aparece dos veces',
    'days.mixed': 'da todos los días por day_number o todos por weekday, no ambos',
    'meal.not_today': 'esta comida no está en el día del plan del {date}',
    'food.unknown': 'alimento o receta desconocido {id}',
    'grams.required': 'es obligatorio con food_id o recipe_id',
    'screening_required.title': 'Evaluación de seguridad necesaria',
    'screening_required.detail':
      'Hace falta una evaluación de seguridad válida (de menos de 24 horas): primero POST /api/v1/nutrition/safety/screenings',
    'screening_blocked.title': 'No es seguro sin un profesional',
    'screening_blocked.detail':
      'Tu última evaluación ha dado {level}: un plan restrictivo, un plan de IA o el análisis de fotos de comidas necesita un profesional sanitario',
    'guardian_consent_required.title': 'Consentimiento del tutor necesario',
    'guardian_consent_required.detail':
      'Los menores de 18 años necesitan el consentimiento de un tutor, registrado por el personal del gimnasio, para seguir un plan restrictivo',
    'already_following.title': 'Ya lo sigues',
    'already_following.detail': 'Ya sigues el plan {plan_id}',
    'plan_archived.title': 'Plan archivado',
    'plan_archived.detail': 'El plan {plan_id} está archivado: no se puede seguir ni modificar',
    'not_following.title': 'No sigues el plan',
    'not_following.detail': 'Sigue el plan {plan_id} para completar sus comidas',
  },
});
