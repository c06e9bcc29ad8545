import { defineMessages } from '../../../platform/catalogue.js';

/** Texts of the nutrition module's AI part: generated plans, photo analysis, the budget notice and refusals. */
export const aiMessages = defineMessages('nutrition_ai', {
  en: {
    'meal.main': 'Main meal',
    'meal.breakfast': 'Breakfast',
    'meal.morning_snack': 'Mid-morning snack',
    'meal.lunch': 'Lunch',
    'meal.afternoon_snack': 'Afternoon snack',
    'meal.dinner': 'Dinner',
    'meal.evening_snack': 'Evening snack',
    'plan.name':
      '{goal, select, weight_loss {Weight loss} muscle_gain {Muscle gain} maintenance {Maintenance} performance {Performance} other {Health}} plan, {kcal, number, ::group-off} kcal',
    'plan.description':
      'Generated {source, select, ai {with {model}} other {by Pulso from the gym’s catalogue}}.',
    'budget_spent.title': 'AI budget spent',
    'budget_spent.body':
      'This month’s AI budget ({budget} US$) is spent: nutrition plans are generated without AI until {until}.',
    not_configured: 'Photo analysis needs an AI model, and none is configured on this server',
    ai_unavailable:
      '{why, select, budget {This gym’s AI budget for the month is spent} other {The AI model did not answer usefully}}: try again later, or log the food by hand',
    catalogue_empty: 'No food of the catalogue fits these restrictions and allergens',
    macros_inconsistent:
      'protein, carbohydrate and fat add up to {kcal, number, ::group-off} kcal (4, 4 and 9 kcal per g), more than 10% away from calories',
    multipart_expected: 'Send the photo as multipart/form-data (field "photo")',
    multipart_malformed: 'The multipart body could not be read',
    photo_required: 'is required: a JPEG, PNG or WebP image',
    photo_type: 'must be a JPEG, PNG or WebP image',
    photo_too_large: 'must be at most {max, number, ::group-off} bytes',
    unknown_field: 'unknown file field; send the image as "photo"',
    'photo.allergen':
      '{food} contains {allergen, select, gluten {gluten} crustaceans {crustaceans} eggs {eggs} fish {fish} peanuts {peanuts} soybeans {soya} milk {milk} nuts {tree nuts} celery {celery} mustard {mustard} sesame {sesame} sulphites {sulphites} lupin {lupin} molluscs {molluscs} other {{allergen}}}, which you declared in your safety screening: check before logging it',
    'photo.unmatched': '{food} is not in the catalogue: pick the closest food by hand or leave it out',
  },
  es: {
    'meal.main': 'Comida principal',
    'meal.breakfast': 'Desayuno',
    'meal.morning_snack': 'Media mañana',
    'meal.lunch': 'Comida',
    'meal.afternoon_snack': 'Merienda',
    'meal.dinner': 'Cena',
    'meal.evening_snack': 'Recena',
    'plan.name':
      'Plan de {goal, select, weight_loss {pérdida de peso} muscle_gain {ganancia muscular} maintenance {mantenimiento} performance {rendimiento} other {salud}}, {kcal, number, ::group-off} kcal',
    'plan.description':
      'Generado {source, select, ai {con {model}} other {por Pulso a partir del catálogo del gimnasio}}.',
    'budget_spent.title': 'Presupuesto de IA agotado',
    'budget_spent.body':
      'El presupuesto de IA de este mes ({budget} US$) se ha agotado: los planes de nutrición se generan sin IA hasta {until}.',
    not_configured:
      'El análisis de fotos necesita un modelo de IA y este servidor no tiene ninguno configurado',
    ai_unavailable:
      '{why, select, budget {El presupuesto de IA del gimnasio para este mes se ha agotado} other {El modelo de IA no dio una respuesta útil}}: inténtalo más tarde o registra la comida a mano',
    catalogue_empty: 'Ningún alimento del catálogo cumple estas restricciones y alérgenos',
    macros_inconsistent:
      'proteínas, hidratos y grasas suman {kcal, number, ::group-off} kcal (4, 4 y 9 kcal por g), más de un 10% lejos de las calorías',
    multipart_expected: 'Envía la foto como multipart/form-data (campo "photo")',
    multipart_malformed: 'No se pudo leer el cuerpo multipart',
    photo_required: 'es obligatoria: una imagen JPEG, PNG o WebP',
    photo_type: 'debe ser una imagen JPEG, PNG o WebP',
    photo_too_large: 'debe tener como máximo {max, number, ::group-off} bytes',
    unknown_field: 'campo de archivo desconocido; envía la imagen como "photo"',
    'photo.allergen':
      '{food} contiene {allergen, select, gluten {gluten} crustaceans {crustáceos} eggs {huevo} fish {pescado} peanuts {cacahuetes} soybeans {soja} milk {leche} nuts {frutos de cáscara} celery {apio} mustard {mostaza} sesame {sésamo} sulphites {sulfitos} lupin {altramuces} molluscs {moluscos} other {{allergen}}}, que declaraste en tu evaluación de seguridad: revísalo antes de registrarlo',
    'photo.unmatched': '{food} no está en el catálogo: elige a mano el alimento más parecido o déjalo fuera',
  },
});
