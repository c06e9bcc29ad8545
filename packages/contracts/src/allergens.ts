// No Zod here: the web app's screens import this list without loading the schemas.
/**
 * The 14 allergens whose presence must be declared in the EU (Regulation (EU) No 1169/2011, Annex II), by
 * short code: cereals containing gluten, crustaceans, eggs, fish, peanuts, soybeans, milk, nuts (tree nuts),
 * celery, mustard, sesame, sulphur dioxide and sulphites, lupin, molluscs.
 */
export const ALLERGENS = [
  'gluten',
  'crustaceans',
  'eggs',
  'fish',
  'peanuts',
  'soybeans',
  'milk',
  'nuts',
  'celery',
  'mustard',
  'sesame',
  'sulphites',
  'lupin',
  'molluscs',
] as const;
