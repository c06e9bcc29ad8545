import { ALL, createIn, defineMatrix, takeSpare, type RoleName } from '../../access-matrix.js';

/** Access-matrix cases of the foods module: members read foods and recipes, trainers and managers write. */
const EDITORS: RoleName[] = ['owner', 'admin', 'trainer'];
const FOOD = {
  name_en: 'Matrix food',
  per_100g: { kcal: 100, protein_g: 10, carbs_g: 10, fat_g: 2 },
};
const fx = { food: 0, recipe: 0 };
const spareRecipes: number[] = [];

export default defineMatrix({
  async setup(ctx) {
    fx.food = await createIn(ctx, '/api/v1/nutrition/foods', { ...FOOD, barcode: '40170725' });
    const recipe = { name: 'Matrix recipe', portions: 2, ingredients: [{ food_id: fx.food, grams: 100 }] };
    fx.recipe = await createIn(ctx, '/api/v1/nutrition/recipes', recipe);
    for (let i = 0; i < 24; i++) spareRecipes.push(await createIn(ctx, '/api/v1/nutrition/recipes', recipe));
  },

  gym: [
    {
      method: 'GET',
      pattern: '/api/v1/nutrition/foods',
      ok: 200,
      url: '/api/v1/nutrition/foods',
      access: ALL,
    },
    {
      method: 'POST',
      pattern: '/api/v1/nutrition/foods',
      ok: 201,
      url: '/api/v1/nutrition/foods',
      body: FOOD,
      access: EDITORS,
    },
    {
      method: 'GET',
      pattern: '/api/v1/nutrition/foods/barcode/:code',
      ok: 200,
      url: '/api/v1/nutrition/foods/barcode/40170725',
      access: ALL,
    },
    {
      method: 'GET',
      pattern: '/api/v1/nutrition/foods/:id',
      ok: 200,
      url: () => `/api/v1/nutrition/foods/${fx.food}`,
      access: ALL,
    },
    {
      method: 'PATCH',
      pattern: '/api/v1/nutrition/foods/:id',
      ok: 200,
      url: () => `/api/v1/nutrition/foods/${fx.food}`,
      body: { name_es: 'Alimento de la matriz' },
      access: EDITORS,
    },
    {
      method: 'GET',
      pattern: '/api/v1/nutrition/recipes',
      ok: 200,
      url: '/api/v1/nutrition/recipes',
      access: ALL,
    },
    {
      method: 'POST',
      pattern: '/api/v1/nutrition/recipes',
      ok: 201,
      url: '/api/v1/nutrition/recipes',
      body: () => ({ name: 'Matrix recipe', portions: 1, ingredients: [{ food_id: fx.food, grams: 50 }] }),
      access: EDITORS,
    },
    {
      method: 'GET',
      pattern: '/api/v1/nutrition/recipes/:id',
      ok: 200,
      url: () => `/api/v1/nutrition/recipes/${fx.recipe}`,
      access: ALL,
    },
    {
      method: 'PATCH',
      pattern: '/api/v1/nutrition/recipes/:id',
      ok: 200,
      url: () => `/api/v1/nutrition/recipes/${fx.recipe}`,
      body: { portions: 3 },
      access: EDITORS,
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/nutrition/recipes/:id',
      ok: 204,
      url: () => `/api/v1/nutrition/recipes/${takeSpare(spareRecipes, 'recipes')}`,
      access: EDITORS,
    },
  ],
});
