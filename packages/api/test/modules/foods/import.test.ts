import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Food } from '@pulso/contracts/foods';
import { fromOff, importOpenFoodFacts, type ImportReport } from '../../../src/modules/foods/import-off.js';
import { createFoodsRepo } from '../../../src/modules/foods/repo.js';
import { call, createTestApp, gymWithRoles, type TestApp, type TestUser } from '../../harness.js';

const sample = (name: string) => fileURLToPath(new URL(`./samples/${name}`, import.meta.url));

let t: TestApp;
let gym: number;
let member: TestUser;
let owner: TestUser;
const tmp = mkdtempSync(path.join(tmpdir(), 'pulso-foods-import-'));
beforeAll(async () => {
  t = await createTestApp();
  const g = await gymWithRoles(t.app);
  gym = g.gymId;
  member = g.users.member;
  owner = g.users.owner;
});
afterAll(async () => {
  await t.close();
  rmSync(tmp, { recursive: true, force: true });
});

const find = async (q: string) => {
  const res = await call(t.app, 'GET', '/api/v1/nutrition/foods', { token: member.token, gym, query: { q } });
  return res.json<Food[]>();
};

describe('pulso import-foods (Open Food Facts)', () => {
  it('imports the JSONL export, skipping and counting implausible rows by reason', async () => {
    const progress: number[] = [];
    const repo = createFoodsRepo(t.database.db);
    const r = await importOpenFoodFacts(repo, sample('off-sample.jsonl'), {
      gymId: gym,
      batchSize: 1,
      onProgress: (p) => progress.push(p.inserted + p.updated),
    });
    expect(r).toEqual<ImportReport>({
      format: 'jsonl',
      read: 10,
      inserted: 2,
      updated: 0,
      skipped: 8,
      reasons: {
        out_of_range: 1,
        energy_mismatch: 1,
        barcode: 1,
        name: 1,
        macros_missing: 1,
        unreadable: 1,
        masses: 1,
        energy_missing: 1,
      },
    });
    // One progress report per batch written.
    expect(progress).toEqual([1, 2]);
    const [oat] = await find('oat drink');
    // 192 kJ / 4.184 = 45.9 kcal; sodium from salt: 0.1 g / 2.5 = 40 mg.
    expect(oat).toMatchObject({
      scope: 'gym',
      barcode: '8410000000023',
      vegan: true,
      vegetarian: true,
      allergens: ['gluten'],
      source: 'Open Food Facts',
      licence: 'ODbL 1.0',
      per_100g: { kcal: 45.9, sodium_mg: 40 },
    });
    const [yogurt] = await find('yogur estilo griego');
    expect(yogurt).toMatchObject({
      name_en: 'Greek style yogurt',
      allergens: ['milk'],
      vegetarian: true,
      vegan: false,
    });
  });

  it('is idempotent by barcode: a second run updates and adds nothing', async () => {
    const repo = createFoodsRepo(t.database.db);
    const r = await importOpenFoodFacts(repo, sample('off-sample.jsonl'), { gymId: gym });
    expect(r).toMatchObject({ read: 10, inserted: 0, updated: 2, skipped: 8 });
    expect(await find('oat drink')).toHaveLength(1);
  });

  it('imports the tab-separated CSV export; a barcode already there is updated', async () => {
    const repo = createFoodsRepo(t.database.db);
    const r = await importOpenFoodFacts(repo, sample('off-sample.csv'), { gymId: gym });
    expect(r).toEqual<ImportReport>({
      format: 'csv',
      read: 6,
      inserted: 2,
      updated: 1,
      skipped: 3,
      reasons: { energy_missing: 2, out_of_range: 1 },
    });
    const [yogurt] = await find('greek style yogurt');
    expect(yogurt).toMatchObject({
      name_en: 'Greek style yogurt, 2nd edition',
      name_es: 'Yogur griego "cremoso"',
    });
    const [spread] = await find('crema de avellanas');
    expect(spread!.allergens).toEqual(['milk', 'nuts', 'soybeans']);
    const res = await call(t.app, 'GET', '/api/v1/nutrition/foods/barcode/96385074', {
      token: member.token,
      gym,
    });
    expect(res.json<Food>().name_es).toBe('Pan crujiente');
  });

  it('maps one product: kJ when kcal is absent, salt to sodium, OFF allergen tags to EU codes', () => {
    const r = fromOff({
      code: '4000000000006',
      product_name: 'X',
      nutriments: {
        'energy-kj_100g': 418.4,
        proteins_100g: 5,
        carbohydrates_100g: 15,
        fat_100g: 2,
        salt_100g: 1,
      },
      allergens_tags: ['en:sesame-seeds', 'en:sulphur-dioxide-and-sulphites', 'en:unknown'],
    });
    expect(r.ok && r.food).toMatchObject({ kcal: 100, sodiumMg: 400, allergens: ['sesame', 'sulphites'] });
    expect(fromOff({ code: '4000000000006', product_name: 'X' })).toEqual({
      ok: false,
      reason: 'energy_missing',
    });
  });

  it('retires the cached details of plans using a changed shared food, so the next read has the new values', async () => {
    // A product of the shared foods (no gym), then the same barcode with new values; kcal agree with the
    // macros by the Atwater factors (4/4/9 kcal per g): 3.5·4 + 4.5·4 + 10·9 = 122 and 10·4 + 4·4 + 5·9 = 101.
    const product = (kcal: number, protein: number, carbs: number, fat: number) =>
      JSON.stringify({
        code: '8410000009996',
        product_name: 'Cache check yogurt',
        nutriments: {
          'energy-kcal_100g': kcal,
          proteins_100g: protein,
          carbohydrates_100g: carbs,
          sugars_100g: 3,
          fat_100g: fat,
          'saturated-fat_100g': 1,
        },
      });
    const file = path.join(tmp, 'cache-check.jsonl');
    writeFileSync(file, `${product(122, 3.5, 4.5, 10)}\n`);
    const first = await t.app.services.foods.importOpenFoodFacts(file, { gymId: null });
    expect(first).toMatchObject({ inserted: 1, updated: 0 });
    const [food] = await find('cache check yogurt');
    expect(food).toMatchObject({ barcode: '8410000009996', per_100g: { kcal: 122 } });
    const created = await call(t.app, 'POST', '/api/v1/nutrition/plans', {
      token: owner.token,
      gym,
      body: {
        name: 'Yogurt plan',
        goal: 'maintenance',
        target_calories: 2000,
        days: [{ day_number: 1, meals: [{ name: 'Snack', items: [{ food_id: food!.id, grams: 200 }] }] }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: number }>().id;
    const kcalOf = async () => {
      const res = await call(t.app, 'GET', `/api/v1/nutrition/plans/${id}`, { token: member.token, gym });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ totals: { kcal: number } }>().totals.kcal;
    };
    expect(await kcalOf()).toBe(244);
    expect(await kcalOf()).toBe(244); // now cached
    writeFileSync(file, `${product(101, 10, 4, 5)}\n`);
    const second = await t.app.services.foods.importOpenFoodFacts(file, { gymId: null });
    expect(second).toMatchObject({ inserted: 0, updated: 1 });
    expect(await kcalOf()).toBe(202);
  });
});
