import type { CandidateFood } from '../../../../src/modules/nutrition/ai/generator.js';

/**
 * A small catalogue for the generator's tests: energy and macros per 100 g as listed by USDA FoodData Central
 * (SR Legacy and Foundation Foods, public domain; values rounded to one decimal), allergens by EU Regulation
 * 1169/2011 Annex II.
 */
type Row = [string, number, number, number, number, string[], 'vegan' | 'vegetarian' | 'omnivore'];
const ROWS: Row[] = [
  ['Chicken breast, roasted', 165, 31.0, 0, 3.6, [], 'omnivore'],
  ['Turkey breast, roasted', 147, 30.1, 0, 2.1, [], 'omnivore'],
  ['Beef, ground 95% lean, cooked', 171, 26.1, 0, 6.6, [], 'omnivore'],
  ['Salmon, Atlantic, cooked', 206, 22.1, 0, 12.4, ['fish'], 'omnivore'],
  ['Tuna, canned in water', 116, 25.5, 0, 0.8, ['fish'], 'omnivore'],
  ['Egg, whole, boiled', 155, 12.6, 1.1, 10.6, ['eggs'], 'vegetarian'],
  ['Egg white, raw', 52, 10.9, 0.7, 0.2, ['eggs'], 'vegetarian'],
  ['Greek yogurt, nonfat, plain', 59, 10.2, 3.6, 0.4, ['milk'], 'vegetarian'],
  ['Cottage cheese, 2% fat', 84, 11.0, 4.3, 2.3, ['milk'], 'vegetarian'],
  ['Milk, 2% fat', 50, 3.3, 4.8, 2.0, ['milk'], 'vegetarian'],
  ['Cheddar cheese', 409, 23.3, 2.4, 34.0, ['milk'], 'vegetarian'],
  ['Tofu, firm', 144, 17.3, 2.8, 8.7, ['soybeans'], 'vegan'],
  ['Tempeh', 192, 20.3, 7.6, 10.8, ['soybeans'], 'vegan'],
  ['Edamame, prepared', 121, 11.9, 8.9, 5.2, ['soybeans'], 'vegan'],
  ['Seitan (vital wheat gluten)', 370, 75.2, 13.8, 1.9, ['gluten'], 'vegan'],
  ['Lentils, boiled', 116, 9.0, 20.1, 0.4, [], 'vegan'],
  ['Chickpeas, boiled', 164, 8.9, 27.4, 2.6, [], 'vegan'],
  ['Black beans, boiled', 132, 8.9, 23.7, 0.5, [], 'vegan'],
  ['Rice, white, cooked', 130, 2.7, 28.2, 0.3, [], 'vegan'],
  ['Quinoa, cooked', 120, 4.4, 21.3, 1.9, [], 'vegan'],
  ['Oats, rolled', 379, 13.2, 67.7, 6.5, ['gluten'], 'vegan'],
  ['Bread, whole wheat', 252, 12.4, 42.7, 3.5, ['gluten'], 'vegan'],
  ['Pasta, cooked', 158, 5.8, 30.9, 0.9, ['gluten'], 'vegan'],
  ['Potato, boiled', 87, 1.9, 20.1, 0.1, [], 'vegan'],
  ['Sweet potato, baked', 90, 2.0, 20.7, 0.2, [], 'vegan'],
  ['Banana', 89, 1.1, 22.8, 0.3, [], 'vegan'],
  ['Apple', 52, 0.3, 13.8, 0.2, [], 'vegan'],
  ['Broccoli, boiled', 35, 2.4, 7.2, 0.4, [], 'vegan'],
  ['Spinach, raw', 23, 2.9, 3.6, 0.4, [], 'vegan'],
  ['Tomato, raw', 18, 0.9, 3.9, 0.2, [], 'vegan'],
  ['Olive oil', 884, 0, 0, 100, [], 'vegan'],
  ['Almonds', 579, 21.2, 21.6, 49.9, ['nuts'], 'vegan'],
  ['Peanut butter', 588, 25.1, 20.0, 50.4, ['peanuts'], 'vegan'],
  ['Avocado', 160, 2.0, 8.5, 14.7, [], 'vegan'],
  ['Sunflower seeds', 584, 20.8, 20.0, 51.5, [], 'vegan'],
];

export const TEST_FOODS: CandidateFood[] = ROWS.map(
  ([name, kcal, protein, carbs, fat, allergens, diet], i) => ({
    id: i + 1,
    name,
    per100: { kcal, protein, carbs, fat },
    allergens,
    vegan: diet === 'vegan',
    vegetarian: diet !== 'omnivore',
  }),
);
