import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Food, Recipe } from '@pulso/contracts/foods';
import {
  call,
  createTestApp,
  expectProblem,
  gymWithRoles,
  type TestApp,
  type TestUser,
} from '../../harness.js';

let t: TestApp;
let gym: number;
let other: number;
let u: Record<'owner' | 'admin' | 'trainer' | 'physio' | 'member', TestUser>;
let otherOwner: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  ({ gymId: gym, users: u } = await gymWithRoles(t.app));
  const o = await gymWithRoles(t.app);
  other = o.gymId;
  otherOwner = o.users.owner;
});
afterAll(async () => {
  await t.close();
});

const get = (url: string, who: TestUser = u.member, g = gym) =>
  call(t.app, 'GET', url, { token: who.token, gym: g });
const send = (
  method: 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body: unknown,
  who: TestUser = u.trainer,
  g = gym,
) => call(t.app, method, url, { token: who.token, gym: g, body });
const search = async (q: Record<string, string>, who: TestUser = u.member, g = gym) => {
  const res = await call(t.app, 'GET', '/api/v1/nutrition/foods', { token: who.token, gym: g, query: q });
  expect(res.statusCode, res.body).toBe(200);
  return { rows: res.json<Food[]>(), total: Number(res.headers['x-total-count']), res };
};
const fieldsOf = (body: string) =>
  ((JSON.parse(body) as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field);

const BAR = {
  name_en: 'House protein bar',
  name_es: 'Barrita de proteínas de la casa',
  per_100g: {
    kcal: 370,
    protein_g: 33,
    carbs_g: 35,
    sugars_g: 8,
    fat_g: 11,
    saturated_fat_g: 5,
    fibre_g: 6,
    sodium_mg: 240,
  },
  servings: [{ unit: 'bar', grams: 60 }],
  barcode: '4006381333931',
  vegetarian: true,
  allergens: ['milk', 'soybeans'],
};

describe('the base catalogue and search', () => {
  it('is loaded on first use: at least 150 base foods, paginated', async () => {
    const { rows, total, res } = await search({ limit: '5' });
    expect(total).toBeGreaterThanOrEqual(150);
    expect(rows).toHaveLength(5);
    expect(rows[0]!.scope).toBe('base');
    expect(rows[0]!.source).toMatch(/FoodData Central/);
    expect(res.headers.link).toContain('rel="next"');
  });

  it('finds by name in either language, ignoring accents and case, best match first', async () => {
    const pl = await search({ q: 'PLATANO' });
    expect(pl.rows[0]!.name_en).toBe('Banana, raw');
    const es = await search({ q: 'pina' });
    expect(es.rows[0]!.name_es).toBe('Piña cruda');
    // Exact (after normalisation) before prefix before word prefix before contains.
    const egg = await search({ q: 'huevo duro' });
    expect(egg.rows[0]!.name_es).toBe('Huevo duro');
    const rice = await search({ q: 'arroz' });
    expect(rice.rows.length).toBeGreaterThanOrEqual(3);
    expect(rice.rows.every((r) => r.name_es.toLowerCase().includes('arroz'))).toBe(true);
    const word = await search({ q: 'integral' });
    // "Pan integral de molde" (word prefix) ranks before nothing that merely contains it; every hit has the word.
    expect(word.rows.length).toBeGreaterThan(0);
    const contains = await search({ q: 'spinach' });
    expect(contains.rows.map((r) => r.name_en)).toContain('Spinach, raw');
    const none = await search({ q: 'zzqx' });
    expect(none.total).toBe(0);
  });

  it('ranks exact, prefix, word prefix and contains in that order', async () => {
    // Four gym foods built so that each matches "kiwa" one way.
    for (const [en, es] of [
      ['xx kiwabar contains', 'xxkiwa'],
      ['Kiwa', 'kiwa exacto'],
      ['Kiwa drink', 'bebida kiwa'],
      ['Fresh kiwa salad', 'ensalada'],
    ])
      expect(
        (await send('POST', '/api/v1/nutrition/foods', { ...BAR, name_en: en, name_es: es, barcode: null }))
          .statusCode,
      ).toBe(201);
    const { rows } = await search({ q: 'kiwá' });
    expect(rows.map((r) => r.name_en)).toEqual([
      'Kiwa',
      'Kiwa drink',
      'Fresh kiwa salad',
      'xx kiwabar contains',
    ]);
  });

  it('filters vegan and allergen-free foods', async () => {
    const vegan = await search({ vegan: 'true', limit: '100' });
    expect(vegan.rows.every((r) => r.vegan)).toBe(true);
    const free = await search({ q: 'cheese', allergen_free: 'milk' });
    expect(free.total).toBe(0);
    const nutsFree = await search({ allergen_free: 'nuts,peanuts', limit: '100', skip: '0' });
    expect(nutsFree.rows.some((r) => r.allergens.includes('nuts') || r.allergens.includes('peanuts'))).toBe(
      false,
    );
    const bad = await call(t.app, 'GET', '/api/v1/nutrition/foods', {
      token: u.member.token,
      gym,
      query: { allergen_free: 'milk,chocolate' },
    });
    expectProblem(bad, 422);
    expect(fieldsOf(bad.body)).toEqual(['allergen_free']);
  });
});

describe("a gym's own foods", () => {
  let bar: Food;

  it('staff who cook add them (201); members and physios may not (403)', async () => {
    const res = await send('POST', '/api/v1/nutrition/foods', BAR);
    expect(res.statusCode, res.body).toBe(201);
    bar = res.json<Food>();
    expect(res.headers.location).toBe(`/api/v1/nutrition/foods/${bar.id}`);
    expect(bar).toMatchObject({
      scope: 'gym',
      vegetarian: true,
      vegan: false,
      allergens: ['milk', 'soybeans'],
    });
    expectProblem(await send('POST', '/api/v1/nutrition/foods', { ...BAR, barcode: null }, u.member), 403);
    expectProblem(await send('POST', '/api/v1/nutrition/foods', { ...BAR, barcode: null }, u.physio), 403);
  });

  it('are found by barcode and by name in their gym only', async () => {
    const res = await get(`/api/v1/nutrition/foods/barcode/${BAR.barcode}`);
    expect(res.statusCode).toBe(200);
    expect(res.json<Food>().id).toBe(bar.id);
    expectProblem(await get(`/api/v1/nutrition/foods/barcode/${BAR.barcode}`, otherOwner, other), 404);
    expectProblem(await get(`/api/v1/nutrition/foods/${bar.id}`, otherOwner, other), 404);
    expect((await search({ q: 'house protein' }, otherOwner, other)).total).toBe(0);
    expect((await search({ barcode: BAR.barcode })).rows.map((r) => r.id)).toEqual([bar.id]);
    expectProblem(await get('/api/v1/nutrition/foods/barcode/12345'), 422);
    // One digit of BAR's EAN-13 mistyped: its check digit (GS1 General Specifications §7.9) no longer agrees.
    const typo = `${BAR.barcode.slice(0, 5)}4${BAR.barcode.slice(6)}`;
    const looked = expectProblem(await get(`/api/v1/nutrition/foods/barcode/${typo}`), 422);
    expect(JSON.stringify(looked)).toContain('check digit');
  });

  it('refuses a barcode the gym already uses (409), but another gym may use it', async () => {
    const dup = await send('POST', '/api/v1/nutrition/foods', BAR);
    const p = expectProblem(dup, 409);
    expect(p.type).toMatch(/food-barcode-taken$/);
    expect((await send('POST', '/api/v1/nutrition/foods', BAR, otherOwner, other)).statusCode).toBe(201);
  });

  it('refuses impossible nutrients with a 422 naming the field', async () => {
    const cases: [object, string][] = [
      [{ ...BAR, barcode: null, per_100g: { ...BAR.per_100g, kcal: 950 } }, 'per_100g.kcal'],
      [{ ...BAR, barcode: null, per_100g: { ...BAR.per_100g, protein_g: -1 } }, 'per_100g.protein_g'],
      [{ ...BAR, barcode: '1234567' }, 'barcode'],
      [{ ...BAR, barcode: '12345678901' }, 'barcode'],
      // Published EAN-13 and EAN-8 with their last digit changed (4006381333931 and 96385074 are valid).
      [{ ...BAR, barcode: '4006381333932' }, 'barcode'],
      [{ ...BAR, barcode: '96385075' }, 'barcode'],
      [{ ...BAR, barcode: null, per_100g: { ...BAR.per_100g, sugars_g: 50 } }, 'per_100g.sugars_g'],
      // 1 548 kJ typed as kcal: the Atwater check refuses it.
      [{ ...BAR, barcode: null, per_100g: { ...BAR.per_100g, kcal: 800 } }, 'per_100g.kcal'],
      [{ ...BAR, barcode: null, allergens: ['chocolate'] }, 'allergens.0'],
      [{ ...BAR, barcode: null, name_en: undefined, name_es: undefined }, 'name_en'],
    ];
    for (const [body, field] of cases) {
      const res = await send('POST', '/api/v1/nutrition/foods', body);
      expectProblem(res, 422);
      expect(fieldsOf(res.body), `${field}: ${res.body}`).toContain(field);
    }
    const kcal = await send('POST', '/api/v1/nutrition/foods', {
      ...BAR,
      barcode: null,
      per_100g: { ...BAR.per_100g, kcal: 800 },
    });
    expect(expectProblem(kcal, 422).type).toMatch(/food-energy-implausible$/);
  });

  it('are changed by staff; base foods are read-only (403) and another gym’s are not found', async () => {
    const res = await send('PATCH', `/api/v1/nutrition/foods/${bar.id}`, {
      name_es: 'Barrita casera',
      vegan: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Food>()).toMatchObject({ name_es: 'Barrita casera', vegan: true, vegetarian: true });
    expect((await search({ q: 'barrita casera' })).rows[0]!.id).toBe(bar.id);
    const base = (await search({ q: 'banana raw' })).rows[0]!;
    const ro = await send('PATCH', `/api/v1/nutrition/foods/${base.id}`, { name_es: 'Banana' });
    expect(expectProblem(ro, 403).type).toMatch(/food-read-only$/);
    expectProblem(
      await send('PATCH', `/api/v1/nutrition/foods/${bar.id}`, { name_es: 'x' }, otherOwner, other),
      404,
    );
    expectProblem(await send('PATCH', `/api/v1/nutrition/foods/${bar.id}`, { name_es: 'x' }, u.member), 403);
  });

  it('answers in Spanish when asked', async () => {
    const res = await call(t.app, 'GET', '/api/v1/nutrition/foods/2147483000', {
      token: u.member.token,
      gym,
      headers: { 'accept-language': 'es' },
    });
    expect(expectProblem(res, 404).detail).toBe('Alimento no encontrado');
  });
});

describe('the service API for other modules', () => {
  it('nutrientsOf: each ref scaled by its grams, foods and recipes, in one or two queries', async () => {
    const svc = t.app.services.foods;
    const [banana, oats] = await svc.findByNames(gym, ['Banana, raw', 'Copos de avena']);
    expect(banana!.name_en).toBe('Banana, raw');
    expect(oats!.name_es).toBe('Copos de avena');
    const recipe = await send('POST', '/api/v1/nutrition/recipes', {
      name: 'Banana oats',
      portions: 2,
      ingredients: [
        { food_id: banana!.id, grams: 100 },
        { food_id: oats!.id, grams: 100 },
      ],
    });
    expect(recipe.statusCode, recipe.body).toBe(201);
    const r = recipe.json<Recipe>();
    const out = await svc.nutrientsOf(gym, [
      { food_id: banana!.id, grams: 150 },
      { recipe_id: r.id, grams: 100 },
    ]);
    // SR Legacy: banana 89 kcal/100 g; oats 389 kcal/100 g. 150 g banana = 133.5; 100 g of the 1:1 dish = 239.
    expect(out[0]!.nutrients.kcal).toBeCloseTo(133.5, 6);
    expect(out[1]!.nutrients.kcal).toBeCloseTo(239, 6);
    expect(out[1]!.allergens).toEqual(['gluten']);
    expect(out[1]!.recipe_id).toBe(r.id);
  });

  it("nutrientsOf refuses unknown or another gym's ids naming the field", async () => {
    const svc = t.app.services.foods;
    const mine = (await search({ q: 'barrita casera' })).rows[0]!;
    await expect(
      svc.nutrientsOf(other, [
        { food_id: 1, grams: 10 },
        { food_id: mine.id, grams: 10 },
      ]),
    ).rejects.toMatchObject({
      status: 422,
      extra: { errors: [{ field: 'refs[1].food_id' }], reason: { id: 'food_ref_unknown' } },
    });
    await expect(
      svc.nutrientsOf(gym, [{ recipe_id: 2147483000, grams: 10 }], { field: (i, k) => `items[${i}].${k}` }),
    ).rejects.toMatchObject({ extra: { errors: [{ field: 'items[0].recipe_id' }] } });
    await expect(svc.nutrientsOf(gym, [{ food_id: 1, grams: -5 }])).rejects.toMatchObject({
      extra: { errors: [{ field: 'refs[0].grams' }] },
    });
    await expect(svc.nutrientsOf(gym, [{ grams: 5 }])).rejects.toMatchObject({
      extra: { errors: [{ field: 'refs[0].food_id' }] },
    });
  });

  it('candidates honour allergens and diets; findByNames gives null for no match', async () => {
    const svc = t.app.services.foods;
    const c = await svc.candidates(gym, { excludeAllergens: ['gluten', 'milk'], vegan: true, limit: 1000 });
    expect(c.length).toBeGreaterThan(50);
    expect(c.every((f) => f.vegan && !f.allergens.includes('gluten') && !f.allergens.includes('milk'))).toBe(
      true,
    );
    expect((await svc.candidates(gym, { limit: 3 })).length).toBe(3);
    const found = await svc.findByNames(gym, ['pechuga de pollo asada', 'qqqzzz', 'salmon']);
    expect(found[0]!.name_en).toMatch(/^Chicken, broilers or fryers, breast, meat only, roasted$/);
    expect(found[1]).toBeNull();
    expect(found[2]!.allergens).toEqual(['fish']);
  });
});

describe('recipes', () => {
  it('computes totals per recipe, per portion and per 100 g from the ingredients (SR Legacy values)', async () => {
    const svc = t.app.services.foods;
    const [rice, chicken] = await svc.findByNames(gym, [
      'Rice, white, long-grain, regular, cooked, enriched',
      'Chicken, broilers or fryers, breast, meat only, roasted',
    ]);
    const res = await send('POST', '/api/v1/nutrition/recipes', {
      name: 'Pollo con arroz',
      portions: 4,
      ingredients: [
        { food_id: rice!.id, grams: 400 },
        { food_id: chicken!.id, grams: 200 },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json<Recipe>();
    expect(res.headers.location).toBe(`/api/v1/nutrition/recipes/${r.id}`);
    // Rice 130 kcal, 2.69 g protein; chicken 165 kcal, 31.02 g protein per 100 g.
    expect(r.totals).toMatchObject({ kcal: 850, protein_g: 72.8 });
    expect(r.per_portion).toMatchObject({ kcal: 213, protein_g: 18.2 });
    expect(r.per_100g.kcal).toBe(142);
    expect(r).toMatchObject({
      total_grams: 600,
      portion_grams: 150,
      vegan: false,
      vegetarian: false,
      allergens: [],
    });
    expect(r.ingredients.map((i) => i.nutrients.kcal)).toEqual([520, 330]);

    const changed = await send('PATCH', `/api/v1/nutrition/recipes/${r.id}`, {
      portions: 2,
      ingredients: [{ food_id: rice!.id, grams: 200 }],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<Recipe>()).toMatchObject({
      portions: 2,
      totals: { kcal: 260 },
      per_portion: { kcal: 130 },
    });
    const list = await call(t.app, 'GET', '/api/v1/nutrition/recipes', {
      token: u.member.token,
      gym,
      query: { q: 'POLLO' },
    });
    expect(list.json<Recipe[]>().map((x) => x.id)).toEqual([r.id]);
    expect(list.headers['x-total-count']).toBe('1');
    expectProblem(await get(`/api/v1/nutrition/recipes/${r.id}`, otherOwner, other), 404);
    expectProblem(await send('DELETE', `/api/v1/nutrition/recipes/${r.id}`, undefined, u.member), 403);
    expect((await send('DELETE', `/api/v1/nutrition/recipes/${r.id}`, undefined)).statusCode).toBe(204);
    expectProblem(await get(`/api/v1/nutrition/recipes/${r.id}`), 404);
  });

  it("refuses bad input and another gym's foods, naming the field", async () => {
    const theirs = await send(
      'POST',
      '/api/v1/nutrition/foods',
      { ...BAR, barcode: null },
      otherOwner,
      other,
    );
    const theirId = theirs.json<Food>().id;
    const base = (await search({ q: 'manzana' })).rows[0]!.id;
    const cases: [object, string][] = [
      [{ name: 'x', portions: 1, ingredients: [{ food_id: base, grams: -5 }] }, 'ingredients.0.grams'],
      [{ name: 'x', portions: 0, ingredients: [{ food_id: base, grams: 5 }] }, 'portions'],
      [{ name: 'x', portions: 1, ingredients: [] }, 'ingredients'],
      [{ name: '', portions: 1, ingredients: [{ food_id: base, grams: 5 }] }, 'name'],
      [
        {
          name: 'x',
          portions: 1,
          ingredients: [
            { food_id: base, grams: 5 },
            { food_id: theirId, grams: 5 },
          ],
        },
        'ingredients[1].food_id',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await send('POST', '/api/v1/nutrition/recipes', body);
      expectProblem(res, 422);
      expect(fieldsOf(res.body), `${field}: ${res.body}`).toContain(field);
    }
  });
});
