import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../../src/platform/db/index.js';
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
} from '../../../harness.js';
import { startStub, type Stub } from './stub.js';

/**
 * The AI routes over real HTTP and storage, against the OpenAI-compatible stub on loopback: good answers, 5xx,
 * 429 with Retry-After, a hanging server, invalid JSON, answers out of schema or naming unknown foods, the
 * month's budget cut-off, and the routes without AI configured.
 */

let offset = 0;
const NOW = testNow();
const clock = () => NOW + offset;

let stub: Stub;
let ai: TestApp; // AI configured, generous budget
let tight: TestApp; // AI configured, a budget of one call
let none: TestApp; // no AI
let gymId: number;
let users: Awaited<ReturnType<typeof gymWithRoles>>['users'];
let catalogue: { id: number; name: string; allergens: string[] }[];

beforeAll(async () => {
  stub = await startStub();
  // One encryption key for the three apps: they share the database and read each other's screenings.
  const key = { DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex') };
  // The deadline bounds the hanging-server case; 5 s leaves a loaded CI machine room for the answered ones.
  const env = { ...key, AI_API_KEY: 'sk-test', AI_BASE_URL: stub.url, AI_DEADLINE_MS: '5000' };
  ai = await createTestApp({ clock, env: { ...env, AI_MONTHLY_BUDGET_USD: '100' } });
  tight = await createTestApp({ clock, env: { ...env, AI_MONTHLY_BUDGET_USD: '0.01' } });
  none = await createTestApp({ clock, env: key });
  ({ gymId, users } = await gymWithRoles(ai.app));
  const foods = await ai.app.services.foods.candidates(gymId, { limit: 400 });
  catalogue = foods.map((f) => ({ id: f.id, name: f.name_en, allergens: [...f.allergens] }));
  // A bound on waiting for the accounts' password hashes on a shared machine, not a speed target.
}, 400_000);
afterAll(async () => {
  await Promise.all([ai?.close(), tight?.close(), none?.close()]);
  await stub?.close();
});
beforeEach(() => {
  stub.requests.length = 0;
  stub.script();
});

const api = (t: TestApp, u: TestUser, method: 'GET' | 'POST', url: string, body?: object) =>
  call(t.app, method, `/api/v1/nutrition${url}`, { token: u.token, gym: gymId, ...(body ? { body } : {}) });

async function query<T>(text: string): Promise<T[]> {
  return rowsOf<T>(await ai.database.db.execute(sql.raw(text)));
}

/** A member with a valid, low-risk screening (3 screenings a day per person: one each here). */
async function screenedMember(name = 'Member') {
  const u = await registerUser(ai.app, { name });
  await addMember(ai.app, users.owner, gymId, u, 'member');
  const s = await api(ai, u, 'POST', '/safety/screenings', { age: 30, weight_kg: 70, height_cm: 175 });
  expect(s.statusCode, s.body).toBe(201);
  return u;
}

const request = (over: object = {}) => ({
  goal: 'maintenance',
  calories: 2000,
  meals_per_day: 3,
  days: 2,
  ...over,
});

const named = (n: string) => catalogue.find((f) => f.name.toLowerCase().startsWith(n.toLowerCase()))!;
/**
 * A model answer naming catalogue foods (by their English names) for `days` days: a plausible day of about
 * 1,830 kcal, 105 g protein, 241 g carbohydrate and 52 g fat (USDA values of the base catalogue) — short of the
 * 2,000 kcal and 67 g fat asked, as models often are, and close enough for portion scaling to fix.
 */
function draft(days = 2) {
  const n = (prefix: string) => {
    const f = named(prefix);
    expect(f, prefix).toBeDefined();
    return f.name;
  };
  const [chicken, rice, oil, oats, milk, banana, lentils, broccoli] = [
    'Chicken, broilers or fryers, breast, meat only, roasted',
    'Rice, white, long-grain, regular, cooked',
    'Oil, olive',
    'Oats, raw',
    'Milk, whole',
    'Banana, raw',
    'Lentils, mature seeds, cooked',
    'Broccoli, cooked',
  ].map(n) as [string, string, string, string, string, string, string, string];
  return {
    days: Array.from({ length: days }, (_, i) => ({
      day: i + 1,
      meals: [
        {
          name: 'Breakfast',
          meal_type: 'breakfast',
          items: [
            { food: oats, grams: 80 },
            { food: milk, grams: 250 },
            { food: banana, grams: 118 },
          ],
        },
        {
          name: 'Lunch',
          meal_type: 'lunch',
          items: [
            { food: chicken, grams: 150 },
            { food: rice, grams: 300 },
            { food: oil, grams: 15 },
          ],
        },
        {
          name: 'Dinner',
          meal_type: 'dinner',
          items: [
            { food: lentils, grams: 250 },
            { food: broccoli, grams: 200 },
            { food: oil, grams: 15 },
          ],
        },
      ],
    })),
  };
}

interface Generated {
  source: 'ai' | 'fallback';
  fallback_reason: string | null;
  model: string | null;
  cost_usd: number;
  within_targets: boolean;
  plan: {
    id: number;
    name: string;
    target_calories: number;
    protein_g: number;
    carbs_g: number;
    fat_g: number;
    days: {
      day_number: number;
      totals: { kcal: number; protein_g: number; carbs_g: number; fat_g: number };
      meals: { name: string; items: { food_id: number; grams: number }[] }[];
    }[];
  };
}

/** Every day of a generated plan within ±5% of its energy and macro targets (the bound). */
function expectWithinTargets(p: Generated['plan']) {
  const near = (x: number, t: number) => Math.abs(x - t) <= 0.05 * t + 0.5;
  for (const d of p.days) {
    expect(near(d.totals.kcal, p.target_calories), `day ${d.day_number} kcal ${d.totals.kcal}`).toBe(true);
    expect(near(d.totals.protein_g, p.protein_g), `day ${d.day_number} protein`).toBe(true);
    expect(near(d.totals.carbs_g, p.carbs_g), `day ${d.day_number} carbohydrate`).toBe(true);
    expect(near(d.totals.fat_g, p.fat_g), `day ${d.day_number} fat`).toBe(true);
  }
}

describe('POST /nutrition/plans/generate', () => {
  it('needs a valid screening that can proceed, and audits the refusal without medical detail', async () => {
    const u = await registerUser(ai.app, { name: 'Unscreened' });
    await addMember(ai.app, users.owner, gymId, u, 'member');
    const res = await api(ai, u, 'POST', '/plans/generate', request());
    expectProblem(res, 403);
    expect(res.json<{ type: string }>().type).toMatch(/screening-required$/);
    const [row] = await query<{ metadata: { allowed: boolean; reason: string } }>(
      `select metadata from audit_logs where user_id = ${u.id} and action = 'nutrition.ai_generation'`,
    );
    expect(row?.metadata).toMatchObject({ allowed: false, reason: 'screening_required' });
    expect(stub.requests).toHaveLength(0);
  });

  it('saves the model’s plan mapped to the catalogue, with its model, tokens and cost recorded', async () => {
    const u = await screenedMember('AI eater');
    stub.script({ kind: 'json', content: draft(2), usage: { prompt: 2000, completion: 1000 } });
    const res = await api(ai, u, 'POST', '/plans/generate', request());
    expect(res.statusCode, res.body).toBe(201);
    const g = res.json<Generated>();
    expect(g).toMatchObject({ source: 'ai', fallback_reason: null, model: 'gpt-4o-mini' });
    // gpt-4o-mini: 2,000 prompt tokens × $0.15/M + 1,000 completion tokens × $0.60/M = $0.0009.
    expect(g.cost_usd).toBeCloseTo(0.0009, 9);
    expect(res.headers.location).toBe(`/api/v1/nutrition/plans/${g.plan.id}`);
    expect(g.plan.days).toHaveLength(2);
    const chicken = named(draft().days[0]!.meals[1]!.items[0]!.food);
    // The model's foods, its portions scaled (a third to three times) so that every day lands within ±5%.
    const item = g.plan.days[0]!.meals[1]!.items[0]!;
    expect(item.food_id).toBe(chicken.id);
    expect(item.grams).toBeGreaterThanOrEqual(50);
    expect(item.grams).toBeLessThanOrEqual(450);
    // The olive oil of lunch grew: the draft was 15 g of fat short.
    expect(g.plan.days[0]!.meals[1]!.items[2]!.grams).toBeGreaterThan(15);
    expect(g.within_targets).toBe(true);
    expectWithinTargets(g.plan);
    // What was asked: structured output against the draft's schema, the catalogue in the prompt.
    const sent = stub.requests[0]!.body;
    expect(sent.response_format?.type).toBe('json_schema');
    expect(JSON.stringify(sent.messages)).toContain('Catalogue (per 100 g');
    expect(JSON.stringify(sent.messages)).toContain(catalogue[0]!.name);
    const [log] = await query<{
      source: string;
      outcome: string;
      prompt_tokens: number;
      cost_micros: string;
    }>(`select source, outcome, prompt_tokens, cost_micros from ai_generations where user_id = ${u.id}`);
    expect(log).toMatchObject({ source: 'ai', outcome: 'ok', prompt_tokens: 2000 });
    expect(Number(log!.cost_micros)).toBe(900);
    const [audit] = await query<{ metadata: Record<string, unknown> }>(
      `select metadata from audit_logs where user_id = ${u.id} and action = 'nutrition.ai_generation'`,
    );
    expect(audit?.metadata).toMatchObject({ allowed: true, ai_model: 'gpt-4o-mini', ai_cost_usd: 0.0009 });
    // The plan is readable through the nutrition module.
    const read = await api(ai, u, 'GET', `/plans/${g.plan.id}`);
    expect(read.statusCode).toBe(200);
  });

  it('retries after a 429 with Retry-After and answers from the model', async () => {
    const u = await screenedMember('Patient');
    stub.script({ kind: 'status', status: 429, retryAfter: 1 }, { kind: 'json', content: draft(2) });
    const res = await api(ai, u, 'POST', '/plans/generate', request());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Generated>().source).toBe('ai');
    expect(stub.requests).toHaveLength(2);
  });

  const failing: [string, Parameters<Stub['script']>, string][] = [
    [
      'three 500s',
      [
        { kind: 'status', status: 500 },
        { kind: 'status', status: 502 },
        { kind: 'status', status: 503 },
      ],
      'failed',
    ],
    [
      'invalid JSON',
      [
        { kind: 'text', content: 'not json' },
        { kind: 'text', content: '{' },
        { kind: 'text', content: '' },
      ],
      'invalid',
    ],
    [
      'answers that break the schema',
      Array.from({ length: 3 }, () => ({ kind: 'json' as const, content: { days: 'none' } })),
      'invalid',
    ],
    [
      'unknown foods',
      Array.from({ length: 3 }, () => ({
        kind: 'json' as const,
        content: {
          days: [
            {
              day: 1,
              meals: [
                {
                  name: 'Lunch',
                  meal_type: 'lunch',
                  items: [{ food: 'Dragon fruit pie with unobtainium', grams: 100 }],
                },
              ],
            },
          ],
        },
      })),
      'unknown_foods',
    ],
    ['a server that hangs past the deadline', [{ kind: 'hang' }], 'failed'],
  ];
  it.each(failing)(
    'falls back to the generator on %s, within ±5%% of the targets',
    async (_what, steps, reason) => {
      const u = await screenedMember('Fallback');
      stub.script(...steps);
      const res = await api(ai, u, 'POST', '/plans/generate', request({ days: 3, meals_per_day: 4 }));
      expect(res.statusCode, res.body).toBe(201);
      const g = res.json<Generated>();
      expect(g).toMatchObject({ source: 'fallback', fallback_reason: reason, within_targets: true });
      expect(g.plan.days).toHaveLength(3);
      for (const d of g.plan.days) expect(d.meals).toHaveLength(4);
      expect(stub.requests.length).toBeGreaterThanOrEqual(1);
      expect(stub.requests.length).toBeLessThanOrEqual(3);
      const [log] = await query<{ source: string; outcome: string }>(
        `select source, outcome from ai_generations where user_id = ${u.id}`,
      );
      expect(log).toEqual({ source: 'fallback', outcome: reason });
    },
  );

  it('sends the model a correction after unknown foods', async () => {
    const u = await screenedMember('Corrected');
    const bad = {
      days: [
        {
          day: 1,
          meals: [{ name: 'Lunch', meal_type: 'lunch', items: [{ food: 'Unicorn steak', grams: 100 }] }],
        },
      ],
    };
    stub.script({ kind: 'json', content: bad }, { kind: 'json', content: draft(2) });
    const res = await api(ai, u, 'POST', '/plans/generate', request());
    expect(res.json<Generated>().source).toBe('ai');
    expect(JSON.stringify(stub.requests[1]!.body.messages.at(-1))).toContain('Unicorn steak');
  });

  /** A day of broccoli only: no portion scaling gets it near 2,000 kcal. */
  const broccoliOnly = (days = 2) => ({
    days: Array.from({ length: days }, (_, i) => ({
      day: i + 1,
      meals: ['breakfast', 'lunch', 'dinner'].map((meal_type) => ({
        name: meal_type,
        meal_type,
        items: [{ food: named('Broccoli').name, grams: 200 }],
      })),
    })),
  });

  it('sends a day off the targets back with its totals, and keeps the next draft that can be fitted', async () => {
    const u = await screenedMember('Off then on');
    stub.script({ kind: 'json', content: broccoliOnly() }, { kind: 'json', content: draft(2) });
    const res = await api(ai, u, 'POST', '/plans/generate', request());
    expect(res.statusCode, res.body).toBe(201);
    const g = res.json<Generated>();
    expect(g).toMatchObject({ source: 'ai', fallback_reason: null, within_targets: true });
    expectWithinTargets(g.plan);
    expect(stub.requests).toHaveLength(2);
    const correction = JSON.stringify(stub.requests[1]!.body.messages.at(-1));
    expect(correction).toContain('miss the daily targets (2000 kcal');
    expect(correction).toContain('day 1:');
  });

  it('falls back to the generator when no draft can be brought within ±5% (never keeps one outside)', async () => {
    const u = await screenedMember('Always off');
    stub.script(...Array.from({ length: 3 }, () => ({ kind: 'json' as const, content: broccoliOnly() })));
    const res = await api(ai, u, 'POST', '/plans/generate', request());
    expect(res.statusCode, res.body).toBe(201);
    const g = res.json<Generated>();
    expect(g).toMatchObject({ source: 'fallback', fallback_reason: 'off_targets', within_targets: true });
    expectWithinTargets(g.plan);
    expect(stub.requests).toHaveLength(3);
    const [log] = await query<{ source: string; outcome: string; attempts: number }>(
      `select source, outcome, attempts from ai_generations where user_id = ${u.id}`,
    );
    expect(log).toEqual({ source: 'fallback', outcome: 'off_targets', attempts: 3 });
  });

  it('never uses a non-vegan food or an excluded allergen, from the model or the generator', async () => {
    const u = await screenedMember('Vegan');
    // The model proposes chicken (not vegan): refused three times, the generator answers.
    stub.script(...Array.from({ length: 3 }, () => ({ kind: 'json' as const, content: draft(1) })));
    const res = await api(
      ai,
      u,
      'POST',
      '/plans/generate',
      request({ days: 2, restrictions: ['vegan'], allergens: ['soybeans', 'nuts'] }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const g = res.json<Generated>();
    expect(g.source).toBe('fallback');
    const ids = g.plan.days.flatMap((d) => d.meals.flatMap((m) => m.items.map((i) => i.food_id)));
    expect(ids.length).toBeGreaterThan(0);
    const rows = await query<{ id: number; vegan: boolean; allergens: string[] }>(
      `select id, vegan, allergens from foods where id in (${ids.join(',')})`,
    );
    for (const r of rows) {
      expect(r.vegan, `food ${r.id}`).toBe(true);
      expect(r.allergens.filter((a) => a === 'soybeans' || a === 'nuts')).toEqual([]);
    }
  });

  it('answers from the generator, in the request’s language, when no AI is configured', async () => {
    const u = await screenedMember('No AI');
    const res = await call(none.app, 'POST', '/api/v1/nutrition/plans/generate', {
      token: u.token,
      gym: gymId,
      body: request({ goal: 'weight_loss', calories: 1800, days: 1 }),
      headers: { 'accept-language': 'es' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const g = res.json<Generated>();
    expect(g).toMatchObject({
      source: 'fallback',
      fallback_reason: 'not_configured',
      model: null,
      cost_usd: 0,
      within_targets: true,
    });
    expect(g.plan.name).toBe('Plan de pérdida de peso, 1800 kcal');
    expect(g.plan.days[0]!.meals.map((m) => m.name)).toEqual(['Desayuno', 'Comida', 'Cena']);
    expect(stub.requests).toHaveLength(0);
  });

  it('refuses bad input with a 422 naming the field', async () => {
    const u = await screenedMember('Sloppy');
    const r1 = await api(ai, u, 'POST', '/plans/generate', request({ calories: 'lots' }));
    expectProblem(r1, 422);
    expect(r1.body).toContain('calories');
    const r2 = await api(ai, u, 'POST', '/plans/generate', request({ meals_per_day: 9 }));
    expectProblem(r2, 422);
    expect(r2.body).toContain('meals_per_day');
    // 300 g protein is 1,200 kcal on its own: far from 2,000 kcal with the rest.
    const r3 = await api(
      ai,
      u,
      'POST',
      '/plans/generate',
      request({ protein_g: 300, carbs_g: 300, fat_g: 100 }),
    );
    expectProblem(r3, 422);
    expect(r3.body).toContain('calories');
    const r4 = await api(ai, u, 'POST', '/plans/generate', request({ allergens: ['kryptonite'] }));
    expectProblem(r4, 422);
    expect(stub.requests).toHaveLength(0);
  });

  it('allows 5 generations an hour per person, then 429 with Retry-After', async () => {
    const u = await screenedMember('Busy');
    for (let i = 0; i < 5; i++) {
      const r = await call(none.app, 'POST', '/api/v1/nutrition/plans/generate', {
        token: u.token,
        gym: gymId,
        body: request({ days: 1 }),
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const res = await call(none.app, 'POST', '/api/v1/nutrition/plans/generate', {
      token: u.token,
      gym: gymId,
      body: request({ days: 1 }),
    });
    expectProblem(res, 429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('GET /nutrition/ai/status', () => {
  it('says whether AI is configured, for any role of the gym', async () => {
    for (const role of ['member', 'trainer', 'owner'] as const) {
      const on = await api(ai, users[role], 'GET', '/ai/status');
      expect(on.statusCode, on.body).toBe(200);
      expect(on.json()).toEqual({ photo_analysis: true, plan_generation: true });
    }
    const off = await api(none, users.member, 'GET', '/ai/status');
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toEqual({ photo_analysis: false, plan_generation: false });
    expect(stub.requests).toHaveLength(0);
  });

  it('is gym-scoped: someone outside the gym is refused', async () => {
    const outsider = await registerUser(ai.app, { name: 'Outsider' });
    const r = await api(ai, outsider, 'GET', '/ai/status');
    expect(r.statusCode, r.body).toBe(403);
  });
});

describe('the monthly budget', () => {
  afterEach(() => {
    offset = 0;
  });
  it('reserves before each call; once spent, AI is off for 24 h, the admins are told once, the generator answers', async () => {
    // A gym of its own: the budget is per gym and month, and the other tests spend the shared gym's.
    const gym2 = await createGym(tight.app, users.owner, 'Budget gym');
    await addMember(tight.app, users.owner, gym2, users.admin, 'admin');
    const u = await registerUser(tight.app, { name: 'Budget' });
    await addMember(tight.app, users.owner, gym2, u, 'member');
    // Mid-month, so that 24 h later is the same budget month whatever instant the suite runs at (the month
    // change has its own test below); tokens and screenings are dated by the clock, so sign in again here.
    offset = Date.parse('2027-06-10T12:00:00Z') - NOW;
    const login0 = await call(tight.app, 'POST', '/api/v1/auth/login', {
      body: { email: u.email, password: u.password },
    });
    expect(login0.statusCode, login0.body).toBe(200);
    const atMid = { ...u, token: login0.json<{ access_token: string }>().access_token };
    const s = await call(tight.app, 'POST', '/api/v1/nutrition/safety/screenings', {
      token: atMid.token,
      gym: gym2,
      body: { age: 30 },
    });
    expect(s.statusCode, s.body).toBe(201);
    const api2 = (who: TestUser, body: object) =>
      call(tight.app, 'POST', '/api/v1/nutrition/plans/generate', { token: who.token, gym: gym2, body });
    const status = async () => {
      const r = await call(tight.app, 'GET', '/api/v1/nutrition/ai/status', {
        token: atMid.token,
        gym: gym2,
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ photo_analysis: boolean; plan_generation: boolean }>();
    };
    expect(await status()).toEqual({ photo_analysis: true, plan_generation: true });
    // First call fits the $0.01 budget and costs $0.009 (10,000 prompt + 12,500 completion tokens).
    stub.script({ kind: 'json', content: draft(1), usage: { prompt: 10_000, completion: 12_500 } });
    const r1 = await api2(atMid, request({ days: 1 }));
    expect(r1.json<Generated>().source).toBe('ai');
    // The next call's worst case no longer fits: no call is made, AI goes off, owners and admins are told.
    stub.script({ kind: 'json', content: draft(1) });
    const r2 = await api2(atMid, request({ days: 1 }));
    expect(r2.json<Generated>()).toMatchObject({
      source: 'fallback',
      fallback_reason: 'budget',
      within_targets: true,
    });
    expect(stub.requests).toHaveLength(1);
    const r3 = await api2(atMid, request({ days: 1 }));
    expect(r3.json<Generated>()).toMatchObject({ source: 'fallback', fallback_reason: 'disabled' });
    // While AI is off for the gym, apps are told not to offer a meal photo.
    expect(await status()).toEqual({ photo_analysis: false, plan_generation: false });
    const notes = await query<{ user_id: number }>(
      `select user_id from notifications where gym_id = ${gym2} and kind = 'nutrition_ai_budget_spent' order by user_id`,
    );
    expect(notes.map((n) => n.user_id)).toEqual([users.owner.id, users.admin.id].sort((a, b) => a - b));
    // 24 hours later AI is tried again; the budget is still spent, so it stays off, without a second notice.
    offset += 24 * 3600_000 + 1000;
    // A day later the access token has expired: sign in again.
    const login = await call(tight.app, 'POST', '/api/v1/auth/login', {
      body: { email: u.email, password: u.password },
    });
    expect(login.statusCode, login.body).toBe(200);
    const fresh = { ...u, token: login.json<{ access_token: string }>().access_token };
    // The screening is valid for 24 h too: a new one.
    const s2 = await call(tight.app, 'POST', '/api/v1/nutrition/safety/screenings', {
      token: fresh.token,
      gym: gym2,
      body: { age: 30 },
    });
    expect(s2.statusCode, s2.body).toBe(201);
    const r4 = await api2(fresh, request({ days: 1 }));
    expect(r4.json<Generated>()).toMatchObject({ source: 'fallback', fallback_reason: 'budget' });
    expect(stub.requests).toHaveLength(1);
    const again = await query<{ n: number }>(
      `select count(*)::int as n from notifications where gym_id = ${gym2} and kind = 'nutrition_ai_budget_spent'`,
    );
    expect(again[0]!.n).toBe(2);
    const [b] = await query<{ reserved_micros: string; spent_micros: string }>(
      `select reserved_micros, spent_micros from ai_budgets where gym_id = ${gym2}`,
    );
    expect(Number(b!.reserved_micros)).toBe(0);
    expect(Number(b!.spent_micros)).toBe(9000);
    offset = 0;
  });

  it('counts the gym’s own calendar month, and a cut-off near its end holds 24 h across the change', async () => {
    // A Madrid gym (UTC+1 in winter): its February starts at 2027-01-31T23:00Z.
    const g = await call(tight.app, 'POST', '/api/v1/gyms', {
      token: users.owner.token,
      body: { name: 'Madrid budget gym', timezone: 'Europe/Madrid' },
    });
    expect(g.statusCode, g.body).toBe(201);
    const gym3 = g.json<{ id: number }>().id;
    const u = await registerUser(tight.app, { name: 'Month end' });
    await addMember(tight.app, users.owner, gym3, u, 'member');
    // 00:30 on 1 February in Madrid, still 31 January in UTC (absolute instants: this test pins its own dates).
    const T0 = Date.parse('2027-01-31T23:30:00Z');
    const at = async (ms: number) => {
      offset = ms - NOW;
      // Tokens and screenings are dated by the clock: sign in and screen again at each instant.
      const login = await call(tight.app, 'POST', '/api/v1/auth/login', {
        body: { email: u.email, password: u.password },
      });
      expect(login.statusCode, login.body).toBe(200);
      const token = login.json<{ access_token: string }>().access_token;
      const s = await call(tight.app, 'POST', '/api/v1/nutrition/safety/screenings', {
        token,
        gym: gym3,
        body: { age: 30 },
      });
      expect(s.statusCode, s.body).toBe(201);
      return (body: object) =>
        call(tight.app, 'POST', '/api/v1/nutrition/plans/generate', { token, gym: gym3, body });
    };
    let gen = await at(T0);
    stub.script({ kind: 'json', content: draft(1), usage: { prompt: 10_000, completion: 12_500 } });
    expect((await gen(request({ days: 1 }))).json<Generated>().source).toBe('ai');
    const months = await query<{ month: string; spent_micros: string }>(
      `select month, spent_micros from ai_budgets where gym_id = ${gym3}`,
    );
    expect(months.map((m) => [m.month, Number(m.spent_micros)])).toEqual([['2027-02', 9000]]);
    // The budget is spent: AI off until T0 + 24 h.
    expect((await gen(request({ days: 1 }))).json<Generated>().fallback_reason).toBe('budget');
    // One hour later UTC's month has changed too: AI stays off (before, the new month's row re-enabled it).
    gen = await at(T0 + 3600_000);
    const r3 = await gen(request({ days: 1 }));
    expect(r3.json<Generated>()).toMatchObject({ source: 'fallback', fallback_reason: 'disabled' });
    expect(stub.requests).toHaveLength(1);
    const [row] = await query<{ disabled_until: Date }>(
      `select disabled_until from ai_budgets where gym_id = ${gym3} and month = '2027-02'`,
    );
    expect(new Date(row!.disabled_until).toISOString()).toBe('2027-02-01T23:30:00.000Z');
    offset = 0;
  });

  it('reports the analytics’ cost today and this month in the gym’s time zone, not UTC’s', async () => {
    // A Madrid gym (UTC+1 in winter): 22:30 on 31 January and 00:30 on 1 February, local time, are both
    // 31 January in UTC. Counted by UTC day or month, the second instant would see both generations.
    const g = await call(ai.app, 'POST', '/api/v1/gyms', {
      token: users.owner.token,
      body: { name: 'Madrid analytics gym', timezone: 'Europe/Madrid' },
    });
    expect(g.statusCode, g.body).toBe(201);
    const gym4 = g.json<{ id: number }>().id;
    const u = await registerUser(ai.app, { name: 'Analytics month end' });
    await addMember(ai.app, users.owner, gym4, u, 'member');
    const signIn = async (who: TestUser) => {
      const login = await call(ai.app, 'POST', '/api/v1/auth/login', {
        body: { email: who.email, password: who.password },
      });
      expect(login.statusCode, login.body).toBe(200);
      return login.json<{ access_token: string }>().access_token;
    };
    const generateAt = async (ms: number) => {
      offset = ms - NOW;
      const token = await signIn(u);
      const s = await call(ai.app, 'POST', '/api/v1/nutrition/safety/screenings', {
        token,
        gym: gym4,
        body: { age: 30 },
      });
      expect(s.statusCode, s.body).toBe(201);
      // gpt-4o-mini at $0.15 / $0.60 per million tokens: 100,000 + 125,000 tokens cost $0.09.
      stub.script({ kind: 'json', content: draft(1), usage: { prompt: 100_000, completion: 125_000 } });
      const r = await call(ai.app, 'POST', '/api/v1/nutrition/plans/generate', {
        token,
        gym: gym4,
        body: request({ days: 1 }),
      });
      expect(r.json<Generated>().source, r.body).toBe('ai');
    };
    const analyticsAt = async (ms: number) => {
      offset = ms - NOW;
      const a = await call(ai.app, 'GET', '/api/v1/nutrition/analytics', {
        token: await signIn(users.owner),
        gym: gym4,
      });
      expect(a.statusCode, a.body).toBe(200);
      return a.json<{ ai: Record<string, number> }>().ai;
    };
    await generateAt(Date.parse('2027-01-31T21:30:00Z'));
    await generateAt(Date.parse('2027-01-31T23:30:00Z'));
    expect(await analyticsAt(Date.parse('2027-01-31T23:45:00Z'))).toMatchObject({
      generations_today: 1,
      generations_month: 1,
      cost_today_usd: 0.09,
      cost_month_usd: 0.09,
    });
    offset = 0;
  });
});

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
function multipart(field: string, data: Buffer, type: string) {
  const boundary = '----pulso-test-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="meal"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const photo = (t: TestApp, u: TestUser, field = 'photo', data = PNG, type = 'image/png', lang = 'en') => {
  const m = multipart(field, data, type);
  return call(t.app, 'POST', '/api/v1/nutrition/diary/photo', {
    token: u.token,
    gym: gymId,
    body: m.body,
    headers: { ...m.headers, 'accept-language': lang },
  });
};

describe('POST /nutrition/diary/photo', () => {
  it('sends the image to the vision model and proposes catalogue items with grams', async () => {
    const u = users.member;
    const rice = catalogue.find((f) => f.name.toLowerCase().includes('rice'))!;
    stub.script({
      kind: 'json',
      content: {
        items: [
          { food: rice.name, grams: 150, confidence: 0.8 },
          { food: 'Mystery sauce', grams: 30, confidence: 0.3 },
        ],
      },
    });
    const res = await photo(ai, u);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      model: string;
      items: { name: string; grams: number; food_id: number | null; kcal: number | null }[];
    }>();
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.items[0]).toMatchObject({ name: rice.name, grams: 150, food_id: rice.id });
    expect(body.items[0]!.kcal).toBeGreaterThan(0);
    expect(body.items[1]).toMatchObject({ food_id: null, kcal: null });
    const content = JSON.stringify(stub.requests[0]!.body.messages);
    expect(content).toContain('data:image/png;base64,');
  });

  it('answers 503 problem+json in the request’s language without AI configured', async () => {
    const en = await photo(none, users.member);
    expectProblem(en, 503);
    expect(en.json<{ detail: string }>().detail).toMatch(/not configured|none is configured/);
    const es = await photo(none, users.member, 'photo', PNG, 'image/png', 'es');
    expectProblem(es, 503);
    expect(es.json<{ detail: string }>().detail).toContain('ninguno configurado');
  });

  it('refuses what is not an image, or a wrong field, with a 422 naming it', async () => {
    const r1 = await photo(ai, users.trainer, 'photo', Buffer.from('hello'), 'image/png');
    expectProblem(r1, 422);
    expect(r1.body).toContain('photo');
    const r2 = await photo(ai, users.trainer, 'picture');
    expectProblem(r2, 422);
    expect(stub.requests).toHaveLength(0);
  });

  it('refuses when my latest screening cannot proceed, audited, before any call is made', async () => {
    const u = await registerUser(ai.app, { name: 'Blocked eater' });
    await addMember(ai.app, users.owner, gymId, u, 'member');
    // The seed's case: 16 and pregnant comes out CRITICAL.
    const s = await api(ai, u, 'POST', '/safety/screenings', { age: 16, is_pregnant: true });
    expect(s.statusCode, s.body).toBe(201);
    const res = await photo(ai, u);
    expectProblem(res, 403);
    expect(res.json<{ type: string }>().type).toMatch(/screening-blocked$/);
    expect(stub.requests).toHaveLength(0);
    const [row] = await query<{ metadata: Record<string, unknown> }>(
      `select metadata from audit_logs where user_id = ${u.id} and action = 'nutrition.ai_generation'`,
    );
    expect(row?.metadata).toMatchObject({ allowed: false, reason: 'photo_screening_blocked' });
    expect(JSON.stringify(row?.metadata)).not.toMatch(/pregnan|embaraz/i);
    // Once expired, it still blocks: only a screening that can proceed lifts it.
    offset = 25 * 3600_000;
    try {
      const login = await call(ai.app, 'POST', '/api/v1/auth/login', {
        body: { email: u.email, password: u.password },
      });
      const fresh = { ...u, token: login.json<{ access_token: string }>().access_token };
      expectProblem(await photo(ai, fresh), 403);
      expect(stub.requests).toHaveLength(0);
    } finally {
      offset = 0;
    }
  });

  it('flags proposed foods with an allergen my screening declared, with warnings in my language', async () => {
    const u = await registerUser(ai.app, { name: 'Allergic eater' });
    await addMember(ai.app, users.owner, gymId, u, 'member');
    const bad = await api(ai, u, 'POST', '/safety/screenings', { age: 30, allergies: ['kryptonite'] });
    expectProblem(bad, 422);
    expect(bad.body).toContain('allergies');
    const s = await api(ai, u, 'POST', '/safety/screenings', { age: 30, allergies: ['milk', 'peanuts'] });
    expect(s.statusCode, s.body).toBe(201);
    const milk = catalogue.find((f) => f.name.startsWith('Milk') && f.allergens.includes('milk'))!;
    const rice = catalogue.find((f) => f.name.toLowerCase().includes('rice') && !f.allergens.length)!;
    stub.script({
      kind: 'json',
      content: {
        items: [
          { food: milk.name, grams: 200, confidence: 0.9 },
          { food: rice.name, grams: 150, confidence: 0.8 },
          { food: 'Mystery sauce', grams: 30, confidence: 0.3 },
        ],
      },
    });
    const res = await photo(ai, u, 'photo', PNG, 'image/png', 'es');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      items: { food_id: number | null; allergens: string[]; declared_allergens: string[] }[];
      warnings: string[];
    }>();
    expect(body.items[0]).toMatchObject({ food_id: milk.id, declared_allergens: ['milk'] });
    expect(body.items[0]!.allergens).toContain('milk');
    expect(body.items[1]).toMatchObject({ food_id: rice.id, allergens: [], declared_allergens: [] });
    expect(body.items[2]).toMatchObject({ food_id: null, allergens: [], declared_allergens: [] });
    expect(body.warnings).toHaveLength(2);
    expect(body.warnings[0]).toContain('leche');
    expect(body.warnings[0]).toContain('evaluación de seguridad');
    expect(body.warnings[1]).toContain('Mystery sauce');
    // Without a screening nothing is declared: the same photo proposes the same items, unflagged.
    stub.script({ kind: 'json', content: { items: [{ food: milk.name, grams: 200, confidence: 0.9 }] } });
    const plain = await photo(ai, users.trainer);
    expect(plain.statusCode, plain.body).toBe(200);
    expect(plain.json<{ items: { declared_allergens: string[] }[]; warnings: string[] }>()).toMatchObject({
      items: [{ declared_allergens: [] }],
      warnings: [],
    });
  });

  it('answers 503 when the model fails, and the analytics count the generations', async () => {
    stub.script(
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
    );
    const res = await photo(ai, users.admin);
    expectProblem(res, 503);
    const a = await api(ai, users.owner, 'GET', '/analytics');
    expect(a.statusCode, a.body).toBe(200);
    const stats = a.json<{ ai: { generations_today: number; cost_today_usd: number } }>().ai;
    expect(stats.generations_today).toBeGreaterThan(5);
    expect(stats.cost_today_usd).toBeGreaterThan(0);
  });
});
