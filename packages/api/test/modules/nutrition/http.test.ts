import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNutritionRepo } from '../../../src/modules/nutrition/repo.js';
import { groupWrite, rowAtFault } from '../../../src/platform/group-write.js';
import {
  nutritionCompletionsSealed,
  type nutritionCompletions,
} from '../../../src/modules/nutrition/tables.js';
import { createKeyring } from '../../../src/platform/crypto/keyring.js';
import { addDays, todayOf } from '../../../src/platform/dates.js';
import { rowsOf } from '../../../src/platform/db/index.js';
import {
  addMember,
  call,
  createGym,
  createTestApp,
  expectProblem,
  gymWithRoles,
  registerUser,
  testNow,
  type TestApp,
  type TestUser,
} from '../../harness.js';

/** One instant for the file: "today" must not move under a test that crosses midnight. */
const NOW = testNow();
const today = todayOf(NOW);

let t: TestApp;
let gymId: number;
let users: Awaited<ReturnType<typeof gymWithRoles>>['users'];
let extraTrainer: TestUser;
/** A food of the base catalogue (USDA FoodData Central) with its per-100 g values. */
let food: { id: number; per_100g: { kcal: number; protein_g: number; fat_g: number; carbs_g: number } };
beforeAll(async () => {
  t = await createTestApp({ clock: () => NOW });
  ({ gymId, users } = await gymWithRoles(t.app));
  extraTrainer = await registerUser(t.app, { name: 'Second trainer' });
  await addMember(t.app, users.owner, gymId, extraTrainer, 'trainer');
  const [f] = await t.app.services.foods.findByNames(gymId, [
    'Chicken, broilers or fryers, breast, meat only, roasted',
  ]);
  food = f!;
  // A bound on waiting for six accounts' password hashes on a shared machine, not a speed target.
}, 400_000);
afterAll(async () => {
  await t.close();
});

async function query<T>(text: string): Promise<T[]> {
  return rowsOf<T>(await t.database.db.execute(sql.raw(text)));
}
const api = (
  u: TestUser,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body?: object,
  headers?: Record<string, string>,
) =>
  call(t.app, method, `/api/v1/nutrition${url}`, {
    token: u.token,
    gym: gymId,
    ...(body ? { body } : {}),
    ...(headers ? { headers } : {}),
  });

async function newMember(name = 'Member') {
  const u = await registerUser(t.app, { name });
  await addMember(t.app, users.owner, gymId, u, 'member');
  return u;
}

const week = (meals = ['Breakfast', 'Lunch', 'Dinner']) =>
  [1, 2, 3, 4, 5, 6, 7].map((n) => ({
    day_number: n,
    meals: meals.map((name) => ({ name, items: [{ food_id: food.id, grams: 150 }] })),
  }));

interface Plan {
  id: number;
  name: string;
  restrictive: boolean;
  followers: number;
  duration_days: number;
  live_status: string | null;
  archived: boolean;
  days: { id: number; day_number: number | null; meals: { id: number; name: string; items: unknown[] }[] }[];
}

// Plan creation is limited to 10 an hour per author: the plans of this file are spread over four authors (the
// limit itself is tested with an author of its own).
let turn = 0;
const author = () => [users.trainer, users.admin, users.owner, extraTrainer][turn++ % 4]!;
async function createPlan(body: object, by: TestUser = author()): Promise<Plan> {
  const res = await api(by, 'POST', '/plans', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Plan>();
}
const maintenance = (name = 'Maintenance') =>
  createPlan({ name, goal: 'maintenance', target_calories: 2200, days: week() });
const restrictive = (name = 'Cut') =>
  createPlan({ name, goal: 'weight_loss', target_calories: 1800, days: week() });
const screen = (u: TestUser, body: object, headers?: Record<string, string>) =>
  api(u, 'POST', '/safety/screenings', body, headers);

describe('plans', () => {
  it('creates a nested plan (days → meals → items), lists it and reads it back', async () => {
    const res = await api(extraTrainer, 'POST', '/plans', {
      name: 'Lean week',
      description: 'Three meals a day',
      goal: 'maintenance',
      target_calories: 2100,
      protein_g: 140,
      days: week(),
    });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json<Plan>();
    expect(res.headers.location).toBe(`/api/v1/nutrition/plans/${p.id}`);
    expect(p).toMatchObject({
      name: 'Lean week',
      restrictive: false,
      duration_days: 7,
      followers: 0,
      type: 'regular',
    });
    expect(p.days).toHaveLength(7);
    expect(p.days[0]!.meals.map((m) => m.name)).toEqual(['Breakfast', 'Lunch', 'Dinner']);
    expect(p.days[0]!.meals[0]!.items).toHaveLength(1);
    // 150 g of the catalogue's food: 1.5 × its per-100 g values; a day is three such meals, the plan seven days.
    const kcal150 = Math.round(food.per_100g.kcal * 1.5);
    const t = p as unknown as {
      days: { totals: { kcal: number }; meals: { totals: { kcal: number } }[] }[];
      totals: { kcal: number };
    };
    expect(t.days[0]!.meals[0]!.totals.kcal).toBe(kcal150);
    expect(t.days[0]!.totals.kcal).toBe(Math.round(food.per_100g.kcal * 4.5));
    expect(t.totals.kcal).toBe(Math.round(food.per_100g.kcal * 31.5));
    expect((p.days[0]!.meals[0]!.items[0] as { name: string }).name).toMatch(/chicken/i);

    const got = await api(users.member, 'GET', `/plans/${p.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json<Plan>()).toEqual(p);

    const list = await api(users.member, 'GET', '/plans?goal=maintenance&q=lean');
    expect(list.statusCode).toBe(200);
    expect(list.json<Plan[]>().map((x) => x.id)).toContain(p.id);
    expect(Number(list.headers['x-total-count'])).toBeGreaterThanOrEqual(1);
    const other = await api(users.member, 'GET', '/plans?goal=performance');
    expect(other.json<Plan[]>().map((x) => x.id)).not.toContain(p.id);
  });

  it('a change is seen on the very next read of the detail and the list (cache invalidated)', async () => {
    const p = await maintenance('Before');
    expect((await api(users.member, 'GET', `/plans/${p.id}`)).json<Plan>().name).toBe('Before');
    await api(users.member, 'GET', '/plans');
    const patched = await api(users.trainer, 'PATCH', `/plans/${p.id}`, {
      name: 'After',
      days: [{ day_number: 1, meals: [{ name: 'Only meal', items: [] }] }],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const again = (await api(users.member, 'GET', `/plans/${p.id}`)).json<Plan>();
    expect(again.name).toBe('After');
    expect(again.days.map((d) => d.meals.map((m) => m.name))).toEqual([['Only meal']]);
    expect(again.duration_days).toBe(1);
    const list = (await api(users.member, 'GET', '/plans')).json<Plan[]>();
    expect(list.find((x) => x.id === p.id)?.name).toBe('After');
  });

  it('a large cached detail is sent gzipped to a client that accepts it, the same JSON; plain otherwise', async () => {
    const p = await createPlan({
      name: 'Large plan',
      goal: 'maintenance',
      target_calories: 2200,
      days: week(['Breakfast', 'Snack', 'Lunch', 'Snack 2', 'Dinner']).map((d) => ({
        ...d,
        meals: d.meals.map((m) => ({ ...m, items: [1, 2, 3].map(() => ({ food_id: food.id, grams: 50 })) })),
      })),
    });
    const read = (acceptEncoding?: string) =>
      api(
        users.member,
        'GET',
        `/plans/${p.id}`,
        undefined,
        acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
      );
    const plain = await read();
    expect(plain.statusCode, plain.body).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(8 * 1024);
    expect(String(plain.headers.vary)).toMatch(/accept-encoding/i);
    for (const accept of ['gzip, deflate, br', 'br;q=1, GZIP;q=0.5', '*']) {
      const zipped = await read(accept);
      expect(zipped.statusCode).toBe(200);
      expect(zipped.headers['content-encoding'], accept).toBe('gzip');
      expect(zipped.headers['content-type']).toMatch(/^application\/json/);
      expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
      expect(gunzipSync(zipped.rawPayload).equals(plain.rawPayload)).toBe(true);
    }
    for (const accept of ['gzip;q=0', 'br', 'identity'])
      expect((await read(accept)).headers['content-encoding'], accept).toBeUndefined();
    // A small cached body (the week) stays plain.
    expect(
      (await api(users.member, 'GET', '/progress/weekly', undefined, { 'accept-encoding': 'gzip' })).headers[
        'content-encoding'
      ],
    ).toBeUndefined();
  });

  it('an edit of a gym food or recipe a plan uses is seen on the very next read of its detail', async () => {
    const gymCall = (method: 'POST' | 'PATCH' | 'DELETE', url: string, body?: object) =>
      call(t.app, method, `/api/v1/nutrition${url}`, {
        token: users.trainer.token,
        gym: gymId,
        ...(body ? { body } : {}),
      });
    // 200 kcal per 100 g: 20 g protein, 10 g carbohydrate, 8.9 g fat (Atwater 80 + 40 + 80).
    const per = (kcal: number, protein_g: number, carbs_g: number, fat_g: number) => ({
      kcal,
      protein_g,
      carbs_g,
      fat_g,
    });
    const f = await gymCall('POST', '/foods', {
      name_en: 'House stew base',
      per_100g: per(200, 20, 10, 8.9),
    });
    expect(f.statusCode, f.body).toBe(201);
    const foodId = f.json<{ id: number }>().id;
    const r = await gymCall('POST', '/recipes', {
      name: 'House stew',
      portions: 2,
      ingredients: [{ food_id: foodId, grams: 200 }],
    });
    expect(r.statusCode, r.body).toBe(201);
    const recipeId = r.json<{ id: number }>().id;
    const p = await createPlan({
      name: 'House plan',
      goal: 'maintenance',
      target_calories: 2000,
      days: [
        {
          day_number: 1,
          meals: [
            { name: 'Lunch', items: [{ food_id: foodId, grams: 100 }] },
            { name: 'Dinner', items: [{ recipe_id: recipeId, grams: 100 }] },
          ],
        },
      ],
    });
    type Detail = { totals: { kcal: number }; days: { meals: { totals: { kcal: number } }[] }[] };
    const read = async () => {
      const res = await api(users.member, 'GET', `/plans/${p.id}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Detail>();
    };
    // Warm the cache: 100 g of the food (200 kcal) and 100 g of the dish (200 kcal per 100 g).
    expect((await read()).totals.kcal).toBe(400);
    expect((await read()).totals.kcal).toBe(400);
    // The food's values change: both the item and the dish made with it follow on the next read.
    const e1 = await gymCall('PATCH', `/foods/${foodId}`, { per_100g: per(300, 30, 15, 13.3) });
    expect(e1.statusCode, e1.body).toBe(200);
    const d1 = await read();
    expect(d1.days[0]!.meals.map((m) => m.totals.kcal)).toEqual([300, 300]);
    expect(d1.totals.kcal).toBe(600);
    // The recipe is diluted to half (100 g of the food in 200 g of dish with a zero-energy ingredient).
    const water = await gymCall('POST', '/foods', { name_en: 'House stock', per_100g: per(0, 0, 0, 0) });
    expect(water.statusCode, water.body).toBe(201);
    const e2 = await gymCall('PATCH', `/recipes/${recipeId}`, {
      ingredients: [
        { food_id: foodId, grams: 100 },
        { food_id: water.json<{ id: number }>().id, grams: 100 },
      ],
    });
    expect(e2.statusCode, e2.body).toBe(200);
    expect((await read()).days[0]!.meals.map((m) => m.totals.kcal)).toEqual([300, 150]);
    // A deleted recipe reads as unknown (zero) at once.
    const e3 = await gymCall('DELETE', `/recipes/${recipeId}`);
    expect(e3.statusCode, e3.body).toBe(204);
    expect((await read()).days[0]!.meals.map((m) => m.totals.kcal)).toEqual([300, 0]);
  });

  it('members cannot author; bad input is a 422 naming the field; mixed day keys are refused', async () => {
    expectProblem(
      await api(users.member, 'POST', '/plans', { name: 'x', goal: 'health', target_calories: 2000 }),
      403,
    );
    const bad = expectProblem(
      await api(users.trainer, 'POST', '/plans', { name: 'x', goal: 'keto', target_calories: 2000 }),
      422,
    );
    expect(bad.errors?.map((e) => e.field)).toContain('goal');
    const both = expectProblem(
      await api(users.trainer, 'POST', '/plans', {
        name: 'x',
        goal: 'health',
        target_calories: 2000,
        days: [{ day_number: 1, meals: [{ name: 'm', items: [{ grams: 10 }] }] }],
      }),
      422,
    );
    expect(both.errors?.[0]?.field).toMatch(/days\.0\.meals\.0\.items\.0\.food_id/);
    const unknown = expectProblem(
      await api(users.trainer, 'POST', '/plans', {
        name: 'x',
        goal: 'health',
        target_calories: 2000,
        days: [{ day_number: 1, meals: [{ name: 'm', items: [{ food_id: 2_000_000_000, grams: 10 }] }] }],
      }),
      422,
    );
    expect(unknown.errors?.[0]?.field).toBe('days.0.meals.0.items.0.food_id');
    const mixed = expectProblem(
      await api(users.trainer, 'POST', '/plans', {
        name: 'x',
        goal: 'health',
        target_calories: 2000,
        days: [{ day_number: 1 }, { weekday: 2 }],
      }),
      422,
    );
    expect(mixed.errors?.[0]?.field).toBe('days');
    const live = expectProblem(
      await api(users.trainer, 'POST', '/plans', {
        name: 'x',
        goal: 'health',
        type: 'live',
        target_calories: 2000,
      }),
      422,
    );
    expect(live.errors?.[0]?.field).toBe('start_date');
  });

  it('a plan nobody followed is deleted; one with followers is archived', async () => {
    const a = await maintenance('Delete me');
    const del = await api(users.admin, 'DELETE', `/plans/${a.id}`);
    expect(del.json()).toEqual({ archived: false });
    expectProblem(await api(users.member, 'GET', `/plans/${a.id}`), 404);

    const b = await maintenance('Keep me');
    const m = await newMember();
    expect((await api(m, 'POST', `/plans/${b.id}/follow`)).statusCode).toBe(201);
    expect((await api(users.admin, 'DELETE', `/plans/${b.id}`)).json()).toEqual({ archived: true });
    expect((await api(users.member, 'GET', `/plans/${b.id}`)).json<Plan>().archived).toBe(true);
    expect((await api(users.member, 'GET', '/plans')).json<Plan[]>().map((x) => x.id)).not.toContain(b.id);
    expect(
      (await api(users.member, 'GET', '/plans?archived=true')).json<Plan[]>().map((x) => x.id),
    ).toContain(b.id);
    const other = await newMember();
    const refused = expectProblem(await api(other, 'POST', `/plans/${b.id}/follow`), 409);
    expect(refused.type).toMatch(/plan-archived$/);
  });

  it('duplicates a plan with its tree', async () => {
    const a = await maintenance('Original');
    const res = await api(users.trainer, 'POST', `/plans/${a.id}/duplicate`);
    expect(res.statusCode).toBe(201);
    const b = res.json<Plan>();
    expect(b.id).not.toBe(a.id);
    expect(b.days.map((d) => d.meals.map((m) => m.name))).toEqual(
      a.days.map((d) => d.meals.map((m) => m.name)),
    );
  });

  it('10 plan creations an hour per author, then 429 with Retry-After (keyed by the user, not the IP)', async () => {
    const author = await registerUser(t.app, { name: 'Busy trainer' });
    await addMember(t.app, users.owner, gymId, author, 'trainer');
    for (let i = 0; i < 10; i++)
      expect(
        (await api(author, 'POST', '/plans', { name: `P${i}`, goal: 'health', target_calories: 2000 }))
          .statusCode,
      ).toBe(201);
    const res = await api(author, 'POST', '/plans', { name: 'P10', goal: 'health', target_calories: 2000 });
    expectProblem(res, 429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // Another author from the same IP is not limited.
    expect(
      (await api(users.admin, 'POST', '/plans', { name: 'Other', goal: 'health', target_calories: 2000 }))
        .statusCode,
    ).toBe(201);
  });
});

describe('safety screening', () => {
  it('answers the contract; the seed’s 16-year-old pregnant case is CRITICAL with ≥3 warnings, in Spanish on request', async () => {
    const m = await newMember();
    const res = await screen(m, { age: 16, is_pregnant: true }, { 'accept-language': 'es' });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json<{
      id: number;
      screening_id: number;
      risk_score: number;
      risk_level: string;
      can_proceed: boolean;
      requires_professional: boolean;
      warnings: string[];
      expires_at: string;
    }>();
    expect(s.screening_id).toBe(s.id);
    expect(s).toMatchObject({
      risk_score: 11,
      risk_level: 'CRITICAL',
      can_proceed: false,
      requires_professional: true,
    });
    expect(s.warnings.length).toBeGreaterThanOrEqual(3);
    expect(s.warnings.join(' ')).toMatch(/Embarazo/);
    expect(s.expires_at).toBe(new Date(NOW + 24 * 3_600_000).toISOString());
    const cur = await api(m, 'GET', '/safety/screenings/current');
    expect(cur.json()).toMatchObject({ id: s.id, risk_level: 'CRITICAL' });
  });

  it('stores the answers and warnings encrypted; staff see only level, can_proceed, professional and validity', async () => {
    const m = await newMember();
    const s = (
      await screen(m, { age: 40, medical_conditions: ['kidney_disease'], weight_kg: 70, height_cm: 170 })
    ).json<{
      id: number;
    }>();
    const [row] = await query<{ answers: string; warnings: string; risk_level: string }>(
      `select answers, warnings, risk_level from nutrition_screenings where id = ${s.id}`,
    );
    expect(row!.answers).toMatch(/^v1:/);
    expect(row!.warnings).toMatch(/^v1:/);
    expect(row!.answers).not.toMatch(/kidney/);
    expect(row!.risk_level).toBe('HIGH');

    const staff = await api(users.trainer, 'GET', `/members/${m.id}/screening`);
    expect(staff.statusCode).toBe(200);
    expect(Object.keys(staff.json()).sort()).toEqual([
      'can_proceed',
      'expires_at',
      'guardian_consent',
      'requires_professional',
      'risk_level',
      'user_id',
      'valid',
    ]);
    expect(staff.body).not.toMatch(/kidney|warning|risk_score/);
    expectProblem(await api(users.member, 'GET', `/members/${m.id}/screening`), 403);
  });

  it('the audit trail has a reason code and never a medical detail', async () => {
    const m = await newMember();
    await screen(m, {
      age: 30,
      is_pregnant: true,
      medical_conditions: ['diabetes_tipo_1'],
      medication_list: 'insulin',
    });
    const rows = await query<{ action: string; metadata: unknown }>(
      `select action, metadata from audit_logs where user_id = ${m.id} and action like 'nutrition.%'`,
    );
    expect(rows.map((r) => r.action)).toEqual(['nutrition.safety_evaluation']);
    const text = JSON.stringify(rows);
    expect(text).toMatch(/"reason":"risk_critical"/);
    expect(text).toMatch(/"allowed":false/);
    expect(text).not.toMatch(/pregn|diabet|insulin|Embarazo|warning/i);
  });

  it('takes weight from the latest body entry and height from the athlete profile when not sent, and says so', async () => {
    const m = await newMember();
    const w = await call(t.app, 'POST', '/api/v1/body/entries', {
      token: m.token,
      body: { date: addDays(today, -1), metric: 'weight', value: 48 },
    });
    expect(w.statusCode, w.body).toBe(201);
    const p = await call(t.app, 'PUT', '/api/v1/athlete/profile', {
      token: m.token,
      body: { height_cm: 170 },
    });
    expect(p.statusCode, p.body).toBe(200);
    const s = (await screen(m, { age: 30 })).json<{
      risk_score: number;
      measurements_source: object;
      warnings: string[];
    }>();
    expect(s.measurements_source).toEqual({ weight: 'body_entries', height: 'athlete_profile' });
    // 48 kg at 1.70 m: BMI 16.6 < 18.5
    expect(s.risk_score).toBe(3);
    expect(s.warnings[0]).toMatch(/16\.6/);
    const sent = (await screen(m, { age: 30, weight_kg: 70, height_cm: 175 })).json<{
      measurements_source: object;
    }>();
    expect(sent.measurements_source).toEqual({ weight: 'request', height: 'request' });
  });

  it('3 screenings a day per user, then 429 with Retry-After', async () => {
    const m = await newMember();
    for (let i = 0; i < 3; i++) expect((await screen(m, { age: 30 })).statusCode).toBe(201);
    const res = await screen(m, { age: 30 });
    expectProblem(res, 429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(3600);
  });

  it('bad answers are 422 naming the field', async () => {
    const m = await newMember();
    const p = expectProblem(await screen(m, { weight_kg: 70 }), 422);
    expect(p.errors?.map((e) => e.field)).toContain('age');
  });
});

describe('following behind the screening', () => {
  it('a restrictive plan needs a valid screening: required, blocked, then allowed; a plain plan does not', async () => {
    const cut = await restrictive();
    expect(cut.restrictive).toBe(true);
    const m = await newMember();
    const req = expectProblem(await api(m, 'POST', `/plans/${cut.id}/follow`), 403);
    expect(req.type).toMatch(/screening-required$/);

    await screen(m, { age: 30, has_eating_disorder_history: true });
    const blocked = expectProblem(await api(m, 'POST', `/plans/${cut.id}/follow`), 403);
    expect(blocked.type).toMatch(/screening-blocked$/);
    expect(blocked.detail).toMatch(/HIGH/);

    await screen(m, { age: 30, weight_kg: 70, height_cm: 175 });
    const ok = await api(m, 'POST', `/plans/${cut.id}/follow`);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ plan_id: cut.id, user_id: m.id, started_on: today });

    const plain = await maintenance();
    const other = await newMember();
    expect((await api(other, 'POST', `/plans/${plain.id}/follow`)).statusCode).toBe(201);

    const audit = await query<{ metadata: { allowed: boolean; reason: string } }>(
      `select metadata from audit_logs where user_id = ${m.id} and action = 'nutrition.plan_follow' order by id`,
    );
    expect(audit.map((a) => [a.metadata.allowed, a.metadata.reason])).toEqual([
      [false, 'screening_required'],
      [false, 'screening_blocked'],
      [true, 'risk_low'],
    ]);
    // The plain plan's follow is decided and audited in one statement: its row names the plan and the reason.
    const plainAudit = await query<{ target_id: string; metadata: { allowed: boolean; reason: string } }>(
      `select target_id, metadata from audit_logs where user_id = ${other.id} and action = 'nutrition.plan_follow'`,
    );
    expect(plainAudit.map((a) => [a.target_id, a.metadata.allowed, a.metadata.reason])).toEqual([
      [String(plain.id), true, 'not_restrictive'],
    ]);
    expectProblem(await api(other, 'POST', '/plans/999999999/follow'), 404);
  });

  it('a screening older than 24 hours no longer opens the gate', async () => {
    const cut = await restrictive();
    const m = await newMember();
    const s = (await screen(m, { age: 30, weight_kg: 70, height_cm: 175 })).json<{ id: number }>();
    await t.database.db.execute(
      sql.raw(
        `update nutrition_screenings set expires_at = '${new Date(NOW - 1000).toISOString()}' where id = ${s.id}`,
      ),
    );
    expect(expectProblem(await api(m, 'POST', `/plans/${cut.id}/follow`), 403).type).toMatch(
      /screening-required$/,
    );
  });

  it('under 18 a restrictive plan also needs a guardian’s consent recorded by staff', async () => {
    const cut = await restrictive();
    const kid = await newMember('Teen');
    const s = (await screen(kid, { age: 16, weight_kg: 55, height_cm: 165 })).json<{ risk_level: string }>();
    expect(s.risk_level).toBe('MEDIUM');
    const p = expectProblem(await api(kid, 'POST', `/plans/${cut.id}/follow`), 403);
    expect(p.type).toMatch(/guardian-consent-required$/);
    expectProblem(
      await api(kid, 'POST', '/safety/consents', { user_id: kid.id, guardian_name: 'Parent' }),
      403,
    );
    const c = await api(users.trainer, 'POST', '/safety/consents', {
      user_id: kid.id,
      guardian_name: 'Ana Pérez',
      relationship: 'mother',
    });
    expect(c.statusCode, c.body).toBe(201);
    expect((await api(kid, 'POST', `/plans/${cut.id}/follow`)).statusCode).toBe(201);
    const audit = await query<{ n: number }>(
      `select count(*)::int as n from audit_logs where action = 'nutrition.guardian_consent' and target_id = '${kid.id}'`,
    );
    expect(audit[0]!.n).toBe(1);
    const stranger = await registerUser(t.app);
    expectProblem(
      await api(users.trainer, 'POST', '/safety/consents', { user_id: stranger.id, guardian_name: 'X' }),
      404,
    );
  });

  it('one follow per user and plan, held by the database under concurrent requests', async () => {
    const p = await maintenance('Popular');
    const m = await newMember();
    const res = await Promise.all(Array.from({ length: 8 }, () => api(m, 'POST', `/plans/${p.id}/follow`)));
    const codes = res.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const [row] = await query<{ n: number }>(
      `select count(*)::int as n from nutrition_follows where plan_id = ${p.id} and user_id = ${m.id}`,
    );
    expect(row!.n).toBe(1);
  });

  it('following, followers and unfollow; my following list is fresh after each change', async () => {
    const p = await maintenance('Followed');
    const m = await newMember('Follower Name');
    expect((await api(m, 'GET', '/following')).json()).toEqual([]);
    await api(m, 'POST', `/plans/${p.id}/follow`);
    const mine = (await api(m, 'GET', '/following')).json<
      { plan_id: number; plan: { followers: number } }[]
    >();
    expect(mine.map((x) => x.plan_id)).toEqual([p.id]);
    expect(mine[0]!.plan.followers).toBe(1);
    const fl = await api(users.trainer, 'GET', `/plans/${p.id}/followers`);
    expect(fl.json()).toEqual([expect.objectContaining({ user_id: m.id, name: 'Follower Name' })]);
    expectProblem(await api(m, 'GET', `/plans/${p.id}/followers`), 403);
    expect((await api(m, 'GET', `/plans/${p.id}`)).json<Plan>().followers).toBe(1);
    expect(
      (await api(m, 'GET', '/plans?q=Followed')).json<Plan[]>().find((x) => x.id === p.id)?.followers,
    ).toBe(1);
    expect((await api(m, 'DELETE', `/plans/${p.id}/follow`)).statusCode).toBe(204);
    expect((await api(m, 'GET', '/following')).json()).toEqual([]);
    expect((await api(m, 'GET', `/plans/${p.id}`)).json<Plan>().followers).toBe(0);
    expectProblem(await api(m, 'DELETE', `/plans/${p.id}/follow`), 404);
  });
});

describe('meals, diary and progress', () => {
  it('completes a meal once per day (201, then 200), only on a followed plan, and counts it in progress', async () => {
    const p = await maintenance('Progress plan');
    const m = await newMember();
    const meal = p.days[0]!.meals[0]!;
    expect(expectProblem(await api(m, 'POST', `/meals/${meal.id}/complete`, {}), 403).type).toMatch(
      /not-following$/,
    );
    await api(m, 'POST', `/plans/${p.id}/follow`);
    const first = await api(m, 'POST', `/meals/${meal.id}/complete`, { satisfaction: 4, notes: 'good' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ meal_id: meal.id, date: today, satisfaction: 4, notes: 'good' });
    // The meal's totals as the plan's detail gives them, stored with the completion.
    const planned = (await api(m, 'GET', `/plans/${p.id}`)).json<{
      days: { meals: { id: number; totals: object }[] }[];
    }>();
    expect(first.json<{ totals: object }>().totals).toEqual(planned.days[0]!.meals[0]!.totals);
    const [sealed] = await query<{ notes: string }>(
      `select notes from nutrition_completions where user_id = ${m.id}`,
    );
    expect(sealed!.notes).not.toContain('good');
    const again = await api(m, 'POST', `/meals/${meal.id}/complete`, { satisfaction: 5 });
    expect(again.statusCode).toBe(200);
    // A repeat is the same completion, its satisfaction and notes replaced (no notes sent: none kept).
    expect(again.json()).toMatchObject({ satisfaction: 5, notes: null, created_at: first.json().created_at });
    const [row] = await query<{ notes: string | null; n: number }>(
      `select min(notes) as notes, count(*)::int as n from nutrition_completions where user_id = ${m.id}`,
    );
    expect(row!.n).toBe(1);
    expect(row!.notes).toBeNull();
    expectProblem(await api(m, 'POST', `/meals/${meal.id}/complete`, { satisfaction: 6 }), 422);
    expectProblem(await api(m, 'POST', `/meals/${meal.id}/complete`, { date: addDays(today, 1) }), 422);

    const td = (await api(m, 'GET', '/progress/today')).json<{
      plan_id: number;
      meals_planned: number;
      meals_completed: number;
      adherence: number;
      meals: { meal_id: number; completed: boolean }[];
      targets: { kcal: number };
    }>();
    expect(td).toMatchObject({
      plan_id: p.id,
      meals_planned: 3,
      meals_completed: 1,
      targets: { kcal: 2200 },
    });
    expect(td.adherence).toBeCloseTo(1 / 3, 5);
    expect(td.meals.find((x) => x.meal_id === meal.id)?.completed).toBe(true);

    const wk = (await api(m, 'GET', '/progress/weekly')).json<{
      days: { date: string; meals_planned: number }[];
      adherence: number;
    }>();
    expect(wk.days).toHaveLength(7);
    expect(wk.days.at(-1)!.date).toBe(today);
    // Followed today: the days before it plan nothing.
    expect(wk.days.slice(0, 6).every((x) => x.meals_planned === 0)).toBe(true);
    expect(wk.adherence).toBeCloseTo(1 / 3, 5);

    const from = addDays(today, -2);
    const rg = await api(m, 'GET', `/progress?from=${from}&to=${today}`);
    expect(rg.json<{ days: unknown[] }>().days).toHaveLength(3);
    const csv = await api(m, 'GET', `/progress/export?from=${from}&to=${today}`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^date,planned_kcal,eaten_kcal/);
    const mealKcal = Math.round(food.per_100g.kcal * 1.5);
    expect(lines.at(-1)).toMatch(
      new RegExp(`^${today},${3 * mealKcal},${mealKcal},[0-9.]+,[0-9.]+,[0-9.]+,3,1,0\\.333$`),
    );
    expect(
      expectProblem(await api(m, 'GET', `/progress?from=${today}&to=${from}`), 422).errors?.[0]?.field,
    ).toBe('query.from');
  });

  // After a meal's first completion the process knows its plan and checks and writes in one statement: every
  // answer must stay what the two-step path gives.
  it('a meal completed before keeps its answers: 403 unfollowed, 404 in another gym or once the plan changed', async () => {
    const p = await maintenance('Known meal');
    const a = await newMember('Known A');
    const b = await newMember('Known B');
    const meal = p.days[0]!.meals[0]!;
    expect((await api(a, 'POST', `/plans/${p.id}/follow`)).statusCode).toBe(201);
    const first = await api(a, 'POST', `/meals/${meal.id}/complete`, { satisfaction: 3 });
    expect(first.statusCode, first.body).toBe(201);

    const refused = expectProblem(await api(b, 'POST', `/meals/${meal.id}/complete`, {}), 403);
    expect(refused.type).toMatch(/not-following$/);
    expect(await query(`select 1 from nutrition_completions where user_id = ${b.id}`)).toHaveLength(0);
    expect((await api(b, 'POST', `/plans/${p.id}/follow`)).statusCode).toBe(201);
    const past = await api(b, 'POST', `/meals/${meal.id}/complete`, {
      date: addDays(today, -1),
      notes: 'late',
    });
    expect(past.statusCode, past.body).toBe(201);
    expect(past.json()).toMatchObject({
      meal_id: meal.id,
      plan_id: p.id,
      date: addDays(today, -1),
      notes: 'late',
    });
    expect(past.json<{ totals: object }>().totals).toEqual(first.json<{ totals: object }>().totals);
    expectProblem(await api(b, 'POST', `/meals/${meal.id}/complete`, { date: addDays(today, 1) }), 422);

    // A member of another gym names the same meal: not found there.
    const owner2 = await registerUser(t.app, { name: 'Other gym owner' });
    const gym2 = await createGym(t.app, owner2, 'Other gym');
    const elsewhere = await call(t.app, 'POST', `/api/v1/nutrition/meals/${meal.id}/complete`, {
      token: owner2.token,
      gym: gym2,
      body: {},
    });
    expectProblem(elsewhere, 404);

    // The plan's days replaced: its old meals are gone.
    const patched = await api(users.trainer, 'PATCH', `/plans/${p.id}`, {
      days: [{ day_number: 1, meals: [{ name: 'New meal', items: [] }] }],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expectProblem(await api(a, 'POST', `/meals/${meal.id}/complete`, {}), 404);

    // A plan nobody followed, deleted after one of its meals was seen: its meals are not found either.
    const gone = await maintenance('Deleted after');
    const goneMeal = gone.days[0]!.meals[0]!;
    expectProblem(await api(a, 'POST', `/meals/${goneMeal.id}/complete`, {}), 403);
    expect((await api(users.admin, 'DELETE', `/plans/${gone.id}`)).json()).toEqual({ archived: false });
    const missing = expectProblem(await api(a, 'POST', `/meals/${goneMeal.id}/complete`, {}), 404);
    expect(missing.type).toMatch(/not-found$/);
  });

  it('records food eaten outside a plan and adds it to today', async () => {
    const m = await newMember();
    const d = await api(m, 'POST', '/diary', {
      name: 'Tostada con aceite',
      kcal: 250,
      fat_g: 12,
      meal_type: 'breakfast',
    });
    expect(d.statusCode, d.body).toBe(201);
    expect(d.json()).toMatchObject({ name: 'Tostada con aceite', totals: { kcal: 250, fat_g: 12 } });
    const td = (await api(m, 'GET', '/progress/today')).json<{
      eaten: { kcal: number };
      diary: unknown[];
      plan_id: null;
    }>();
    expect(td.eaten.kcal).toBe(250);
    expect(td.diary).toHaveLength(1);
    expect(td.plan_id).toBeNull();
    // Yesterday's entry counts on its own day of the week, and another member's entries count nowhere.
    await api(m, 'POST', '/diary', {
      name: 'Cena',
      kcal: 600,
      meal_type: 'dinner',
      date: addDays(today, -1),
    });
    await api(await newMember(), 'POST', '/diary', { name: 'Not mine', kcal: 999, meal_type: 'snack' });
    const wk = (await api(m, 'GET', '/progress/weekly')).json<{
      days: { date: string; eaten: { kcal: number; fat_g: number } }[];
      average_eaten_kcal: number;
    }>();
    expect(wk.days.map((x) => x.eaten.kcal)).toEqual([0, 0, 0, 0, 0, 600, 250]);
    expect(wk.days.at(-1)!.eaten.fat_g).toBe(12);
    expect(wk.average_eaten_kcal).toBe(Math.round(850 / 7));
    const bad = expectProblem(await api(m, 'POST', '/diary', { kcal: 100 }), 422);
    expect(bad.errors?.[0]?.field).toBe('food_id');
  });

  it('today includes the body module’s energy budget against what was eaten', async () => {
    const m = await newMember();
    await call(t.app, 'PUT', '/api/v1/athlete/profile', {
      token: m.token,
      body: { height_cm: 180, sex: 'male', birth_date: '1990-01-01' },
    });
    await call(t.app, 'POST', '/api/v1/body/entries', {
      token: m.token,
      body: { date: today, metric: 'weight', value: 80 },
    });
    await api(m, 'POST', '/diary', { name: 'Lunch', kcal: 900 });
    const energy = (await call(t.app, 'GET', `/api/v1/body/energy?date=${today}`, { token: m.token })).json<{
      budget_kcal: number;
    }>();
    const td = (await api(m, 'GET', '/progress/today')).json<{
      energy: { budget_kcal: number; eaten_kcal: number; balance_kcal: number };
    }>();
    expect(td.energy.budget_kcal).toBe(energy.budget_kcal);
    expect(td.energy).toMatchObject({ eaten_kcal: 900, balance_kcal: 900 - energy.budget_kcal });
  });

  it('per-kg protein targets resolve against the follower’s latest weight', async () => {
    const p = await createPlan({
      name: 'Per kg',
      goal: 'muscle_gain',
      target_calories: 2800,
      protein_g_per_kg: 2,
      days: week(),
    });
    const m = await newMember();
    await call(t.app, 'POST', '/api/v1/body/entries', {
      token: m.token,
      body: { date: today, metric: 'weight', value: 75 },
    });
    await api(m, 'POST', `/plans/${p.id}/follow`);
    const pt = (await api(m, 'GET', `/plans/${p.id}/today`)).json<{
      targets: { protein_g: number; weight_kg: number };
    }>();
    expect(pt.targets).toMatchObject({ protein_g: 150, weight_kg: 75 });
  });

  it('the dashboard has the current plan, today, the week and recommendations in the caller’s language', async () => {
    const m = await newMember();
    const none = (await api(m, 'GET', '/dashboard', undefined, { 'accept-language': 'es' })).json<{
      current_plan: null;
      recommendations: { code: string; text: string }[];
    }>();
    expect(none.current_plan).toBeNull();
    expect(none.recommendations.map((r) => r.code)).toEqual(['no_plan', 'screening']);
    expect(none.recommendations[0]!.text).toMatch(/Sigue un plan/);
    const p = await maintenance('Dash');
    await api(m, 'POST', `/plans/${p.id}/follow`);
    const d = (await api(m, 'GET', '/dashboard')).json<{
      current_plan: { id: number };
      recommendations: { code: string }[];
    }>();
    expect(d.current_plan.id).toBe(p.id);
    expect(d.recommendations.map((r) => r.code)).toContain('log_meals');
  });
});

describe('live plans', () => {
  it('share one start date, show today’s day and status, and notify followers of a change at once', async () => {
    const start = addDays(today, -2);
    const p = await createPlan({
      name: 'Live 5 days',
      goal: 'performance',
      type: 'live',
      target_calories: 2600,
      start_date: start,
      days: [1, 2, 3, 4, 5].map((n) => ({ day_number: n, meals: [{ name: `Day ${n} lunch`, items: [] }] })),
    });
    expect(p.live_status).toBe('running');
    const m = await newMember();
    await api(m, 'POST', `/plans/${p.id}/follow`);
    const td = (await api(m, 'GET', `/plans/${p.id}/today`)).json<{
      live_status: string;
      day: { day_number: number };
    }>();
    // Started two days ago: today is day 3 for everyone, whenever they joined.
    expect(td).toMatchObject({ live_status: 'running', day: { day_number: 3 } });

    const patched = await api(users.trainer, 'PATCH', `/plans/${p.id}`, { name: 'Live 5 days (v2)' });
    expect(patched.statusCode).toBe(200);
    const notes = await call(t.app, 'GET', '/api/v1/notifications', { token: m.token, gym: gymId });
    const list = notes.json<{ kind: string; body: string; data: { plan_id: number } }[]>();
    expect(list[0]).toMatchObject({ kind: 'nutrition_plan_changed', data: { plan_id: p.id } });
    expect(list[0]!.body).toMatch(/Live 5 days \(v2\)/);

    const future = await createPlan({
      name: 'Next month',
      goal: 'performance',
      type: 'live',
      target_calories: 2600,
      start_date: addDays(today, 10),
      days: [{ day_number: 1 }],
    });
    expect(future.live_status).toBe('not_started');
    expect((await api(m, 'GET', `/plans/${future.id}/today`)).json<{ day: null }>().day).toBeNull();
  });
});

describe('analytics', () => {
  it('counts followers per plan, screenings by level and plans created today; AI zeros without the AI part', async () => {
    const before = (await api(users.admin, 'GET', '/analytics')).json<{
      screenings_by_level: Record<string, number>;
      plans: { created_today: number };
    }>();
    const p = await maintenance('Analytics plan');
    const m = await newMember();
    await api(m, 'POST', `/plans/${p.id}/follow`);
    await screen(m, { age: 70, weight_kg: 70, height_cm: 170 });
    const a = await api(users.admin, 'GET', '/analytics');
    expect(a.statusCode).toBe(200);
    const body = a.json<{
      plans: { created_today: number; followers: { plan_id: number; followers: number }[] };
      screenings_by_level: Record<string, number>;
      ai: Record<string, number>;
      adherence_distribution: Record<string, number>;
    }>();
    expect(body.plans.created_today).toBe(before.plans.created_today + 1);
    expect(body.plans.followers).toContainEqual(expect.objectContaining({ plan_id: p.id, followers: 1 }));
    expect(body.screenings_by_level.LOW).toBe((before.screenings_by_level.LOW ?? 0) + 1);
    expect(body.ai).toEqual({
      generations_today: 0,
      generations_month: 0,
      cost_today_usd: 0,
      cost_month_usd: 0,
      cost_per_active_user_usd: 0,
    });
    expect(Object.values(body.adherence_distribution).reduce((s, x) => s + x, 0)).toBeGreaterThan(0);
    expectProblem(await api(users.member, 'GET', '/analytics'), 403);
  });

  it('Prometheus counts screenings by level', async () => {
    const m = await newMember();
    await screen(m, { age: 16, is_pregnant: true });
    const res = await call(t.app, 'GET', '/metrics', {
      headers: { authorization: `Bearer ${t.config.metricsToken ?? ''}` },
    });
    expect(res.body).toMatch(/nutrition_screenings_total\{level="CRITICAL"\} [1-9]/);
  });
});

// Follows and completions that arrive while one is being written share the next statement and its commit
// (platform/group-write.ts): every request must still get the answer it gets alone.
describe('writes grouped under load', () => {
  /** Accounts written in SQL: the repo's statements need only their rows (no password hash to wait for). */
  async function accounts(n: number, tag: string): Promise<number[]> {
    const rows = await query<{ id: number }>(
      `insert into users (email, name)
       select '${tag}-' || g || '-' || ${Date.now()} || '@test.pulso.example', '${tag} ' || g
         from generate_series(1, ${n}) g returning id`,
    );
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  }
  /**
   * A plan of the gym written in SQL, with one day of one meal: plan creation through the API is limited to 10
   * an hour per author, and these tests need only the rows.
   */
  async function sqlPlan(name: string, goal = 'maintenance', kcal = 2200) {
    const [r] = await query<{ id: number; meal_id: number }>(
      `with p as (
         insert into nutrition_plans (gym_id, author_id, name, goal, type, target_calories)
         values (${gymId}, ${users.owner.id}, '${name}', '${goal}', 'regular', ${kcal}) returning id),
       d as (insert into nutrition_days (plan_id, day_number, position) select id, 1, 0 from p returning id, plan_id)
       insert into nutrition_meals (plan_id, day_id, name, meal_type, position)
       select plan_id, id, 'Only meal', 'lunch', 0 from d returning plan_id as id, id as meal_id`,
    );
    return { id: Number(r!.id), mealId: Number(r!.meal_id) };
  }
  /** The owner authors this block's plans: the author with room left under that limit. */
  const plan = (name: string) =>
    createPlan({ name, goal: 'maintenance', target_calories: 2200, days: week() }, users.owner);
  const xmins = async (table: string, where: string) =>
    new Set(
      (await query<{ x: string }>(`select xmin::text as x from ${table} where ${where}`)).map((r) => r.x),
    );

  it('a group of follows in one statement answers each its own: new, repeated, already followed, archived, restrictive, missing', async () => {
    const repo = createNutritionRepo(t.database.db, createKeyring(randomBytes(32)));
    const p1 = await plan('Group A');
    const [p2, archived, cut] = [
      await sqlPlan('Group B'),
      await sqlPlan('Group archived'),
      await sqlPlan('Group cut', 'weight_loss', 1800),
    ];
    await query(`update nutrition_plans set archived_at = now() where id = ${archived.id}`);
    const [u1, u2, u3] = await accounts(3, 'group-follow');
    const follow = (ord: number, userId: number, planId: number, gym = gymId) => ({
      value: {
        gymId: gym,
        planId,
        userId,
        startedOn: addDays(today, -ord),
        createdAt: new Date(NOW - ord * 60_000),
      },
      audit: {
        gymId: gym,
        userId,
        action: 'nutrition.plan_follow',
        targetType: 'nutrition_plan',
        targetId: planId,
        ip: `10.9.0.${ord + 1}`,
        metadata: { allowed: true, reason: 'not_restrictive', user_agent: `agent-${ord}` },
      },
    });
    const [before] = await repo.followOpen([follow(0, u3!, p2.id)]);
    expect(before?.row).not.toBeNull();

    const r = await repo.followOpen([
      follow(0, u1!, p1.id), // new
      follow(1, u2!, p1.id), // new
      follow(2, u1!, p1.id), // the same user and plan as the first, in the same group
      follow(3, u3!, p2.id), // followed before the group
      follow(4, u1!, archived.id),
      follow(5, u2!, cut.id),
      follow(6, u1!, 999_999_999), // no such plan
      follow(7, u1!, p1.id, 987_654), // not a plan of that gym
      follow(8, u2!, p2.id), // new
    ]);
    expect(r.map((x) => (x === null ? null : [x.archived, x.goal, x.row !== null]))).toEqual([
      [false, 'maintenance', true],
      [false, 'maintenance', true],
      [false, 'maintenance', false],
      [false, 'maintenance', false],
      [true, 'maintenance', false],
      [false, 'weight_loss', false],
      null,
      null,
      [false, 'maintenance', true],
    ]);
    expect(r[5]!.targetCalories).toBe(1800);
    // Each new follow is its own request's: its user, plan, day and clock.
    for (const [i, userId, planId] of [
      [0, u1, p1.id],
      [1, u2, p1.id],
      [8, u2, p2.id],
    ] as const)
      expect(r[i]!.row).toMatchObject({
        userId,
        planId,
        startedOn: addDays(today, -i),
        createdAt: new Date(NOW - i * 60_000),
      });
    expect(new Set([r[0], r[1], r[8]].map((x) => x!.row!.id)).size).toBe(3);

    // One row per user and plan; nothing for the archived or restrictive plan.
    const stored = await query<{ user_id: number; plan_id: number; n: number }>(
      `select user_id, plan_id, count(*)::int as n from nutrition_follows
        where user_id in (${u1}, ${u2}, ${u3}) group by 1, 2 order by 1, 2`,
    );
    expect(stored.map((s) => [Number(s.user_id), Number(s.plan_id), s.n])).toEqual(
      [
        [u1, p1.id, 1],
        [u2, p1.id, 1],
        [u2, p2.id, 1],
        [u3, p2.id, 1],
      ].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!),
    );
    // An audit row for each follow written, each with its own request's address and user agent.
    const audit = await query<{
      user_id: number;
      target_id: string;
      ip: string;
      metadata: { user_agent: string };
    }>(
      `select user_id, target_id, host(ip) as ip, metadata from audit_logs
        where action = 'nutrition.plan_follow' and user_id in (${u1}, ${u2}) order by ip`,
    );
    expect(audit.map((a) => [Number(a.user_id), a.target_id, a.ip, a.metadata.user_agent])).toEqual([
      [u1, String(p1.id), '10.9.0.1', 'agent-0'],
      [u2, String(p1.id), '10.9.0.2', 'agent-1'],
      [u2, String(p2.id), '10.9.0.9', 'agent-8'],
    ]);
    // The group was one statement: its follows and their audit rows share one transaction.
    const groupIds = [r[0], r[1], r[8]].map((x) => x!.row!.id).join(', ');
    const tx = await xmins('nutrition_follows', `id in (${groupIds})`);
    expect(tx.size).toBe(1);
    expect(
      await xmins('audit_logs', `action = 'nutrition.plan_follow' and user_id in (${u1}, ${u2})`),
    ).toEqual(tx);
  });

  it('a group of completions in one statement: repeats of a day end as one row, the last one’s answers kept, each answering its own', async () => {
    const kr = createKeyring(randomBytes(32));
    const repo = createNutritionRepo(t.database.db, kr);
    const p = await plan('Group meals');
    const other = await sqlPlan('Group other meals');
    const [a, b] = [p.days[0]!.meals[0]!.id, p.days[0]!.meals[1]!.id];
    const c = other.mealId;
    const [u1, u2, u3] = await accounts(3, 'group-complete');
    await query(
      `insert into nutrition_follows (gym_id, plan_id, user_id, started_on) values
         (${gymId}, ${p.id}, ${u1}, '${today}'), (${gymId}, ${p.id}, ${u2}, '${today}'),
         (${gymId}, ${other.id}, ${u3}, '${today}')`,
    );
    const yesterday = addDays(today, -1);
    const completion = (
      ord: number,
      userId: number,
      mealId: number,
      o: {
        planId?: number;
        date?: string;
        satisfaction?: number | null;
        notes?: string | null;
        gym?: number;
      } = {},
    ) => ({
      gymId: o.gym ?? gymId,
      userId,
      planId: o.planId ?? p.id,
      mealId,
      date: o.date ?? today,
      satisfaction: o.satisfaction ?? null,
      notes: o.notes ?? null,
      kcal: 100 + ord,
      proteinG: 10,
      carbsG: 20,
      fatG: 5,
      fiberG: 1,
      createdAt: new Date(NOW - (10 - ord) * 1000),
    });
    const [first] = await repo.complete([
      { values: completion(0, u2!, a, { satisfaction: 2 }), check: true },
    ]);
    expect(first?.done?.created).toBe(true);

    const r = await repo.complete([
      { values: completion(0, u1!, a, { satisfaction: 3, notes: 'first' }), check: true },
      { values: completion(1, u1!, a, { satisfaction: 5 }), check: true }, // same user, meal and day
      { values: completion(2, u1!, a, { satisfaction: 4, notes: 'last' }), check: true }, // and again
      { values: completion(3, u2!, a, { satisfaction: 1 }), check: true }, // completed before the group
      { values: completion(4, u3!, a), check: true }, // does not follow the plan
      { values: completion(5, u3!, c), check: true }, // the meal is of another plan than the one named
      { values: completion(6, u1!, 999_999_999), check: true }, // no such meal
      { values: completion(7, u1!, a, { gym: 987_654 }), check: true }, // not a meal of that gym
      { values: completion(8, u1!, b), check: false }, // checked by the caller
      { values: completion(9, u1!, a, { date: yesterday, notes: 'other day' }), check: true },
    ]);
    const summary = r.map((x) =>
      x === null
        ? null
        : [
            x.planId,
            x.following,
            x.done ? [x.done.created, x.done.row.satisfaction, x.done.row.notes] : null,
          ],
    );
    expect(summary).toEqual([
      [p.id, true, [true, 3, 'first']],
      [p.id, true, [false, 5, null]],
      [p.id, true, [false, 4, 'last']],
      [p.id, true, [false, 1, null]],
      [p.id, false, null],
      [other.id, true, null],
      null,
      null,
      [p.id, true, [true, null, null]],
      [p.id, true, [true, null, 'other day']],
    ]);
    // The repeats are the first one's completion (its energy and instant, as if written one after the other);
    // the one completed before keeps its own.
    for (const i of [1, 2]) {
      expect(r[i]!.done!.row.id).toBe(r[0]!.done!.row.id);
      expect(r[i]!.done!.row.createdAt).toEqual(completion(0, u1!, a).createdAt);
      expect(r[i]!.done!.row.kcal).toBe(100);
    }
    expect(r[3]!.done!.row).toMatchObject({
      id: first!.done!.row.id,
      kcal: 100,
      createdAt: first!.done!.row.createdAt,
    });
    expect(r[9]!.done!.row).toMatchObject({ date: yesterday, kcal: 109 });

    const stored = await query<{
      user_id: number;
      meal_id: number;
      date: string;
      n: number;
      satisfaction: number | null;
      notes: string | null;
      kcal: number;
    }>(
      `select user_id, meal_id, date::text as date, count(*) over (partition by user_id, meal_id, date)::int as n,
              satisfaction, notes, kcal
         from nutrition_completions where user_id in (${u1}, ${u2}, ${u3}) order by user_id, meal_id, date`,
    );
    // (The accounts' ids and the meals' ids ascend as listed.)
    expect(
      stored.map((s) => [Number(s.user_id), Number(s.meal_id), s.date, s.n, s.satisfaction, s.kcal]),
    ).toEqual([
      [u1, a, yesterday, 1, null, 109],
      [u1, a, today, 1, 4, 100],
      [u1, b, today, 1, null, 108],
      [u2, a, today, 1, 1, 100],
    ]);
    // The stored row has the last repeat's notes (sealed for its owner).
    const row = stored.find((s) => Number(s.user_id) === u1 && Number(s.meal_id) === a && s.date === today)!;
    expect(
      nutritionCompletionsSealed.open(kr, {
        userId: u1!,
        notes: row.notes as (typeof nutritionCompletions.$inferSelect)['notes'],
      }).notes,
    ).toBe('last');
    // One statement: what it wrote (the new rows and the update) shares one transaction.
    expect((await xmins('nutrition_completions', `user_id in (${u1}, ${u2})`)).size).toBe(1);
  });

  it('a follow the database refuses (an account erased meanwhile) fails alone: the rest of its group is written', async () => {
    const repo = createNutritionRepo(t.database.db, createKeyring(randomBytes(32)));
    const p = await sqlPlan('Group refused');
    const [u1, u2] = await accounts(2, 'group-refused');
    const gone = u2! + 1_000_000;
    const follow = (userId: number) => ({
      value: { gymId, planId: p.id, userId, startedOn: today, createdAt: new Date(NOW) },
      audit: { gymId, userId, action: 'nutrition.plan_follow', metadata: {} },
    });
    // In a statement with others, the missing account fails it all with a constraint violation: a row at fault.
    const err = await repo.followOpen([follow(u1!), follow(gone)]).catch((e: unknown) => e);
    expect(rowAtFault(err)).toBe(true);
    expect(await query(`select 1 from nutrition_follows where plan_id = ${p.id}`)).toHaveLength(0);
    // So the service's group writes its rows again one by one: only that one fails.
    const add = groupWrite((list: Parameters<typeof repo.followOpen>[0]) => repo.followOpen(list), {
      retryAlone: rowAtFault,
    });
    const first = add(follow(u2!));
    const group = [add(follow(u1!)), add(follow(gone)).catch(() => 'refused')] as const;
    expect((await first)?.row?.userId).toBe(u2);
    const [ok, refused] = await Promise.all(group);
    expect(ok?.row?.userId).toBe(u1);
    expect(refused).toBe('refused');
    const stored = await query<{ user_id: number }>(
      `select user_id from nutrition_follows where plan_id = ${p.id} order by user_id`,
    );
    expect(stored.map((r) => Number(r.user_id))).toEqual([u1, u2]);
  });

  it('concurrent follows: each request its own status, audit row and one stored follow per member and plan', async () => {
    const p = await plan('Rush');
    const cut = await sqlPlan('Rush cut', 'weight_loss', 1800);
    const old = await sqlPlan('Rush archived');
    const members = await Promise.all([1, 2, 3, 4, 5].map((i) => newMember(`Rush ${i}`)));
    await query(`update nutrition_plans set archived_at = now() where id = ${old.id}`);
    const follow = (u: TestUser, planId: number, i: number) =>
      call(t.app, 'POST', `/api/v1/nutrition/plans/${planId}/follow`, {
        token: u.token,
        gym: gymId,
        ip: `10.8.0.${i}`,
        headers: { 'user-agent': `rush-agent-${i}` },
      });
    const [m0, m1, m2, m3] = members as [TestUser, TestUser, TestUser, TestUser];
    // Member 0's three come last: the first request is written alone, so they share a group.
    const res = await Promise.all([
      ...members.slice(1).map((m, i) => follow(m, p.id, i + 1)),
      follow(m1, old.id, 11),
      follow(m2, cut.id, 12),
      follow(m3, 999_999_999, 13),
      follow(m0, p.id, 0),
      follow(m0, p.id, 0),
      follow(m0, p.id, 0),
    ]);
    const mine = res.slice(7);
    expect(mine.map((x) => x.statusCode).sort()).toEqual([201, 409, 409]);
    for (const x of mine.filter((y) => y.statusCode === 409))
      expect(expectProblem(x, 409).type).toMatch(/already-following$/);
    for (const i of [0, 1, 2, 3]) {
      expect(res[i]!.statusCode, res[i]!.body).toBe(201);
      expect(res[i]!.json()).toMatchObject({ plan_id: p.id, user_id: members[i + 1]!.id, started_on: today });
    }
    expect(expectProblem(res[4], 409).type).toMatch(/plan-archived$/);
    expect(expectProblem(res[5], 403).type).toMatch(/screening-required$/);
    expectProblem(res[6]!, 404);

    const ids = members.map((m) => m.id).join(', ');
    const stored = await query<{ user_id: number; plan_id: number; n: number }>(
      `select user_id, plan_id, count(*)::int as n from nutrition_follows where user_id in (${ids}) group by 1, 2`,
    );
    expect(
      stored.map((s) => [Number(s.user_id), Number(s.plan_id), s.n]).sort((a, b) => a[0]! - b[0]!),
    ).toEqual(members.map((m) => [m.id, p.id, 1]).sort((a, b) => a[0]! - b[0]!));
    const audit = await query<{
      user_id: number;
      ip: string;
      metadata: { allowed: boolean; reason: string; user_agent: string };
    }>(
      `select user_id, host(ip) as ip, metadata from audit_logs
        where action = 'nutrition.plan_follow' and user_id in (${ids}) order by user_id, id`,
    );
    expect(
      audit.map((a) => [
        Number(a.user_id),
        a.ip,
        a.metadata.allowed,
        a.metadata.reason,
        a.metadata.user_agent,
      ]),
    ).toEqual(
      [
        ...members.map((m, i) => [m.id, `10.8.0.${i}`, true, 'not_restrictive', `rush-agent-${i}`]),
        [m2.id, '10.8.0.12', false, 'screening_required', 'rush-agent-12'],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
  });

  it('concurrent completions: one 201 per member, meal and day, the repeats 200 with their own answers, one row each', async () => {
    const p = await plan('Rush meals');
    const members = await Promise.all([1, 2, 3].map((i) => newMember(`Meal rush ${i}`)));
    const outsider = await newMember('Meal rush outsider');
    for (const m of members) expect((await api(m, 'POST', `/plans/${p.id}/follow`)).statusCode).toBe(201);
    const [meal, meal2] = [p.days[0]!.meals[0]!.id, p.days[0]!.meals[1]!.id];
    const [m0, m1, m2] = members as [TestUser, TestUser, TestUser];
    const done = (u: TestUser, mealId: number, body: object) =>
      api(u, 'POST', `/meals/${mealId}/complete`, body);
    // Twice: the first round finds the meal unknown (checked, then written), the second known (checked and
    // written in the statement).
    for (const date of [addDays(today, -2), addDays(today, -1)]) {
      // Member 0's three repeats come last: the first request is written alone, so they share a group.
      const res = await Promise.all([
        done(m1, meal, { date, satisfaction: 3 }),
        done(m2, meal, { date, satisfaction: 3 }),
        done(m0, meal2, { date }),
        done(outsider, meal, { date }),
        done(m1, meal, { date: addDays(date, -7) }),
        done(m0, meal, { date, satisfaction: 3 }),
        done(m0, meal, { date, satisfaction: 4, notes: 'again' }),
        done(m0, meal, { date, satisfaction: 5 }),
      ]);
      const mine = res.slice(5);
      expect(mine.map((x) => x.statusCode).sort()).toEqual([200, 200, 201]);
      // Each answers what it sent, all of the same completion.
      expect(
        mine.map((x) => [
          x.json<{ satisfaction: number }>().satisfaction,
          x.json<{ notes: string | null }>().notes,
        ]),
      ).toEqual([
        [3, null],
        [4, 'again'],
        [5, null],
      ]);
      expect(new Set(mine.map((x) => x.json<{ created_at: string }>().created_at)).size).toBe(1);
      // In whatever order they were written, the one that created the row came first, so a repeat came last:
      // the row holds a repeat's satisfaction.
      const [kept] = await query<{ satisfaction: number }>(
        `select satisfaction from nutrition_completions where user_id = ${m0.id} and meal_id = ${meal} and date = '${date}'`,
      );
      expect(
        mine.filter((x) => x.statusCode === 200).map((x) => x.json<{ satisfaction: number }>().satisfaction),
      ).toContain(kept!.satisfaction);
      for (const i of [0, 1, 2, 4]) expect(res[i]!.statusCode, res[i]!.body).toBe(201);
      expect(expectProblem(res[3], 403).type).toMatch(/not-following$/);
    }
    const ids = [...members, outsider].map((m) => m.id).join(', ');
    const stored = await query<{ user_id: number; meal_id: number; date: string; n: number }>(
      `select user_id, meal_id, date::text as date, count(*)::int as n from nutrition_completions
        where user_id in (${ids}) group by 1, 2, 3`,
    );
    // 3 members × 2 days on the meal, member 0's second meal on both days, member 1's week-earlier ones.
    expect(stored).toHaveLength(3 * 2 + 2 + 2);
    expect(stored.every((s) => s.n === 1)).toBe(true);
    expect(stored.some((s) => Number(s.user_id) === outsider.id)).toBe(false);
  });
});
