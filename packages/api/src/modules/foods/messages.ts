import { defineMessages } from '../../platform/catalogue.js';

/** Texts of the foods module (platform/catalogue.ts), including its refusal reasons' titles and details. */
export const foodsMessages = defineMessages('foods', {
  en: {
    food_not_found: 'Food not found',
    recipe_not_found: 'Recipe not found',
    'masses.sugars_g': 'sugars cannot exceed the carbohydrates they are part of',
    'masses.saturated_fat_g': 'saturated fat cannot exceed the fat it is part of',
    'masses.carbs_g': 'protein, carbohydrates, fat and sodium add up to more than 100 g per 100 g',
    energy_mismatch: 'does not agree with protein, carbohydrates and fat (about {expected, number} kcal)',
    ref_unknown:
      'there is no {kind, select, recipe {recipe} other {food}} {id, number, ::group-off} in this gym',
    ref_one_of: 'give exactly one of food_id and recipe_id',
    grams_positive: 'must be a number of grams above 0',
    'allergen_free.unknown': 'unknown allergen {value}; expected a comma-separated list of {allergens}',
    // ---- refusal reasons (reasons.ts)
    'food_read_only.title': 'Food is read-only',
    'food_read_only.detail':
      'Food {id, number, ::group-off} belongs to the shared catalogue and cannot be changed; add the gym’s own food instead',
    'food_barcode_taken.title': 'Barcode in use',
    'food_barcode_taken.detail': 'Another food of this gym already has the barcode {barcode}',
    'food_energy_implausible.title': 'Energy does not match the nutrients',
    'food_energy_implausible.detail':
      '{kcal, number} kcal per 100 g does not agree with the protein, carbohydrates and fat given (about {expected, number} kcal by the Atwater factors)',
    'food_ref_unknown.title': 'Unknown food or recipe',
    'food_ref_unknown.detail':
      '{field}: there is no {kind, select, recipe {recipe} other {food}} {id, number, ::group-off} in this gym',
  },
  es: {
    food_not_found: 'Alimento no encontrado',
    recipe_not_found: 'Receta no encontrada',
    'masses.sugars_g': 'los azúcares no pueden superar los hidratos de carbono de los que forman parte',
    'masses.saturated_fat_g': 'las grasas saturadas no pueden superar las grasas de las que forman parte',
    'masses.carbs_g': 'proteínas, hidratos de carbono, grasas y sodio suman más de 100 g por cada 100 g',
    energy_mismatch:
      'no concuerda con proteínas, hidratos de carbono y grasas (unas {expected, number} kcal)',
    ref_unknown:
      'no hay {kind, select, recipe {ninguna receta} other {ningún alimento}} {id, number, ::group-off} en este gimnasio',
    ref_one_of: 'indica exactamente uno de food_id y recipe_id',
    grams_positive: 'debe ser un número de gramos mayor que 0',
    'allergen_free.unknown':
      'alérgeno desconocido {value}; se espera una lista separada por comas de {allergens}',
    'food_read_only.title': 'Alimento de solo lectura',
    'food_read_only.detail':
      'El alimento {id, number, ::group-off} pertenece al catálogo común y no se puede modificar; añade uno propio del gimnasio',
    'food_barcode_taken.title': 'Código de barras en uso',
    'food_barcode_taken.detail': 'Otro alimento de este gimnasio ya tiene el código de barras {barcode}',
    'food_energy_implausible.title': 'La energía no cuadra con los nutrientes',
    'food_energy_implausible.detail':
      '{kcal, number} kcal por 100 g no concuerda con las proteínas, hidratos de carbono y grasas indicados (unas {expected, number} kcal según los factores de Atwater)',
    'food_ref_unknown.title': 'Alimento o receta desconocidos',
    'food_ref_unknown.detail':
      '{field}: no hay {kind, select, recipe {ninguna receta} other {ningún alimento}} {id, number, ::group-off} en este gimnasio',
  },
});
