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
beforeAll(async () => {
  t = await createTestApp();
  const g = await gymWithRoles(t.app);
  gym = g.gymId;
  member = g.users.member;
});
afterAll(async () => {
  await t.close();
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
      barcode: '8410000000024',
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
      code: '4000000000000',
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
    expect(fromOff({ code: '4000000000000', product_name: 'X' })).toEqual({
      ok: false,
      reason: 'energy_missing',
    });
  });
});
