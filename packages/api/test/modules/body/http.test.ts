import { Encoder, Profile } from '@garmin/fitsdk';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** One instant for the file: "today" and "in the future" must not move under a test that crosses midnight. */
const NOW = testNow();
const today = todayOf(NOW);
const day = (n: number) => addDays(today, n);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: () => NOW });
});
afterAll(async () => {
  await t.close();
});

const post = (u: TestUser, body: object) =>
  call(t.app, 'POST', '/api/v1/body/entries', { token: u.token, body });
const fieldsOf = (p: { errors?: { field: string }[] }) => (p.errors ?? []).map((e) => e.field);
async function query<T>(text: string): Promise<T[]> {
  return rowsOf<T>(await t.database.db.execute(sql.raw(text)));
}

interface Entry {
  id: number;
  date: string;
  metric: string;
  value: number;
  diastolic: number | null;
  unit: string;
  source: string;
}

describe('body entries', () => {
  it('records a weight, lists it, and reads it back in pounds by preference or by query', async () => {
    const u = await registerUser(t.app);
    const res = await post(u, { date: day(-1), metric: 'weight', value: 72.5 });
    expect(res.statusCode).toBe(201);
    const e = res.json<Entry>();
    expect(res.headers.location).toBe(`/api/v1/body/entries/${e.id}`);
    expect(e).toMatchObject({ date: day(-1), metric: 'weight', value: 72.5, unit: 'kg', source: 'manual' });

    const lb = await call(t.app, 'GET', `/api/v1/body/entries/${e.id}?units=imperial`, { token: u.token });
    expect(lb.json<Entry>()).toMatchObject({ value: 159.84, unit: 'lb' });

    const set = await call(t.app, 'PUT', '/api/v1/body/settings', {
      token: u.token,
      body: { units: 'imperial' },
    });
    expect(set.json()).toEqual({ units: 'imperial' });
    // Input in the preferred units too: 165 lb is stored as 74.84 kg.
    const w2 = (await post(u, { date: day(-2), metric: 'weight', value: 165 })).json<Entry>();
    expect(w2).toMatchObject({ value: 165, unit: 'lb' });
    const waist = (await post(u, { date: day(-2), metric: 'waist', value: 32 })).json<Entry>();
    expect(waist).toMatchObject({ value: 32, unit: 'in' });
    const metric = await call(t.app, 'GET', '/api/v1/body/entries?units=metric&metric=weight', {
      token: u.token,
    });
    expect(metric.json<Entry[]>().map((x) => [x.date, x.value, x.unit])).toEqual([
      [day(-1), 72.5, 'kg'],
      [day(-2), 74.84, 'kg'],
    ]);
    const [stored] = await query<{ n: number }>(
      `select count(*)::int as n from body_entries where user_id = ${u.id} and metric = 'waist'`,
    );
    expect(stored!.n).toBe(1);
    // A body in metric despite the imperial preference: the answer is in the units of the request.
    const kg = (await post(u, { date: day(-3), metric: 'weight', value: 70, units: 'metric' })).json<Entry>();
    expect(kg).toMatchObject({ value: 70, unit: 'kg' });
    const back = await call(t.app, 'GET', `/api/v1/body/entries/${kg.id}`, { token: u.token });
    expect(back.json<Entry>()).toMatchObject({ value: 154.32, unit: 'lb' });
  });

  it('keeps one entry per day and metric: a second post replaces it (200, same id) and is audited', async () => {
    const u = await registerUser(t.app);
    const first = (await post(u, { date: day(0), metric: 'weight', value: 80 })).json<Entry>();
    const again = await post(u, { date: day(0), metric: 'weight', value: 79.6 });
    expect(again.statusCode).toBe(200);
    expect(again.json<Entry>()).toMatchObject({ id: first.id, value: 79.6 });
    const list = await call(t.app, 'GET', '/api/v1/body/entries', { token: u.token });
    expect(list.json<Entry[]>()).toHaveLength(1);
    const audit = await query<{ action: string; target_id: string; metadata: Record<string, unknown> }>(
      `select action, target_id, metadata from audit_logs where user_id = ${u.id} and action like 'body.%'`,
    );
    expect(audit).toEqual([
      {
        action: 'body.entry_replaced',
        target_id: String(first.id),
        metadata: { metric: 'weight', date: day(0), source: 'manual' },
      },
    ]);
  });

  it('under 30 concurrent posts of one day keeps exactly one row, holding one of the values sent', async () => {
    const u = await registerUser(t.app);
    const values = Array.from({ length: 30 }, (_, i) => 70 + i / 10);
    const res = await Promise.all(values.map((value) => post(u, { date: day(-5), metric: 'weight', value })));
    const statuses = res.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(29);
    expect(new Set(res.map((r) => r.json<Entry>().id)).size).toBe(1);
    const rows = (await call(t.app, 'GET', '/api/v1/body/entries', { token: u.token })).json<Entry[]>();
    expect(rows).toHaveLength(1);
    expect(values).toContain(rows[0]!.value);
  });

  it('refuses implausible values and future dates with a 422 naming the field', async () => {
    const u = await registerUser(t.app);
    for (const [body, field] of [
      [{ date: day(0), metric: 'weight', value: 0 }, 'value'],
      [{ date: day(0), metric: 'weight', value: 700 }, 'value'],
      [{ date: day(0), metric: 'weight', value: 1000, units: 'imperial' }, 'value'],
      [{ date: day(0), metric: 'blood_pressure', value: 300, diastolic: 20 }, 'value'],
      [{ date: day(0), metric: 'blood_pressure', value: 120, diastolic: 20 }, 'diastolic'],
      [{ date: day(0), metric: 'blood_pressure', value: 120 }, 'diastolic'],
      [{ date: day(1), metric: 'weight', value: 70 }, 'date'],
      [{ date: day(0), metric: 'height', value: 170 }, 'metric'],
      [{ date: '2026-02-30', metric: 'weight', value: 70 }, 'date'],
    ] as const) {
      const p = expectProblem(await post(u, body), 422);
      expect(fieldsOf(p), JSON.stringify(body)).toEqual([field]);
    }
    const none = await call(t.app, 'GET', '/api/v1/body/entries', { token: u.token });
    expect(none.json()).toEqual([]);
  });

  it('pages newest first with X-Total-Count and filters by metric and dates', async () => {
    const u = await registerUser(t.app);
    for (let i = 1; i <= 5; i++) await post(u, { date: day(-i), metric: 'weight', value: 70 + i });
    await post(u, { date: day(-1), metric: 'blood_pressure', value: 121, diastolic: 79 });
    const page = await call(t.app, 'GET', '/api/v1/body/entries?metric=weight&limit=2&skip=1', {
      token: u.token,
    });
    expect(page.headers['x-total-count']).toBe('5');
    expect(page.json<Entry[]>().map((e) => e.date)).toEqual([day(-2), day(-3)]);
    expect(page.headers.link).toContain('rel="next"');
    const range = await call(t.app, 'GET', `/api/v1/body/entries?from=${day(-2)}&to=${day(-1)}`, {
      token: u.token,
    });
    expect(range.json<Entry[]>().map((e) => [e.date, e.metric])).toEqual([
      [day(-1), 'blood_pressure'],
      [day(-1), 'weight'],
      [day(-2), 'weight'],
    ]);
    expect(range.json<Entry[]>()[0]).toMatchObject({ value: 121, diastolic: 79, unit: 'mmHg' });
  });

  it('patches a value or the date, refuses moving onto a taken day (409), and deletes', async () => {
    const u = await registerUser(t.app);
    const a = (await post(u, { date: day(-3), metric: 'weight', value: 70 })).json<Entry>();
    await post(u, { date: day(-2), metric: 'weight', value: 71 });
    const patched = await call(t.app, 'PATCH', `/api/v1/body/entries/${a.id}`, {
      token: u.token,
      body: { value: 69.5 },
    });
    expect(patched.json<Entry>()).toMatchObject({ id: a.id, value: 69.5, date: day(-3) });
    const clash = await call(t.app, 'PATCH', `/api/v1/body/entries/${a.id}`, {
      token: u.token,
      body: { date: day(-2) },
    });
    expect(expectProblem(clash, 409).type).toBe('urn:pulso:problem:body-entry-exists');
    const moved = await call(t.app, 'PATCH', `/api/v1/body/entries/${a.id}`, {
      token: u.token,
      body: { date: day(-4) },
    });
    expect(moved.json<Entry>()).toMatchObject({ date: day(-4), value: 69.5 });
    expect(
      fieldsOf(
        expectProblem(
          await call(t.app, 'PATCH', `/api/v1/body/entries/${a.id}`, {
            token: u.token,
            body: { value: 700 },
          }),
          422,
        ),
      ),
    ).toEqual(['value']);
    expect(
      fieldsOf(
        expectProblem(
          await call(t.app, 'PATCH', `/api/v1/body/entries/${a.id}`, {
            token: u.token,
            body: { date: day(1) },
          }),
          422,
        ),
      ),
    ).toEqual(['date']);

    // Another person's entry does not exist for me.
    const other = await registerUser(t.app);
    expectProblem(await call(t.app, 'GET', `/api/v1/body/entries/${a.id}`, { token: other.token }), 404);
    expectProblem(
      await call(t.app, 'PATCH', `/api/v1/body/entries/${a.id}`, { token: other.token, body: { value: 60 } }),
      404,
    );
    expectProblem(await call(t.app, 'DELETE', `/api/v1/body/entries/${a.id}`, { token: other.token }), 404);

    expect((await call(t.app, 'DELETE', `/api/v1/body/entries/${a.id}`, { token: u.token })).statusCode).toBe(
      204,
    );
    expectProblem(await call(t.app, 'GET', `/api/v1/body/entries/${a.id}`, { token: u.token }), 404);
  });

  it('stores every value encrypted (the column holds ciphertext)', async () => {
    const u = await registerUser(t.app);
    await post(u, { date: day(0), metric: 'body_fat', value: 18.4 });
    await post(u, { date: day(0), metric: 'blood_pressure', value: 118, diastolic: 77 });
    const rows = await query<{ value: string; diastolic: string | null }>(
      `select value, diastolic from body_entries where user_id = ${u.id}`,
    );
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.value).toMatch(/^v1:/);
      expect(r.value).not.toContain('18.4');
    }
    expect(rows.find((r) => r.diastolic)!.diastolic).toMatch(/^v1:/);
  });
});

describe('trends', () => {
  it('gives the series, the 10% trend, the weekly change and BMI from the profile height', async () => {
    const u = await registerUser(t.app);
    await call(t.app, 'PUT', '/api/v1/athlete/profile', {
      token: u.token,
      body: { height_cm: 175, birth_date: '1990-01-01', sex: 'male' },
    });
    // 0.1 kg a day down for 15 days: the trend lags the readings and its slope is a loss.
    for (let i = 14; i >= 0; i--)
      await post(u, { date: day(-i), metric: 'weight', value: 80 - 0.1 * (14 - i) });
    const res = await call(t.app, 'GET', `/api/v1/body/trends?metric=weight&from=${day(-30)}`, {
      token: u.token,
    });
    expect(res.statusCode).toBe(200);
    const b = res.json<{
      points: { date: string; value: number; trend: number }[];
      weekly_change: number;
      method: { smoothing_factor: number };
      bmi: { height_cm: number; points: { bmi: number }[]; latest_category: string };
      unit: string;
    }>();
    expect(b.method.smoothing_factor).toBe(0.1);
    expect(b.points).toHaveLength(15);
    expect(b.points[0]).toEqual({ date: day(-14), value: 80, diastolic: null, trend: 80 });
    expect(b.points[1]!.trend).toBeCloseTo(79.99, 2);
    expect(b.points.at(-1)!.trend).toBeGreaterThan(b.points.at(-1)!.value);
    expect(b.weekly_change).toBeLessThan(0);
    expect(b.bmi.height_cm).toBe(175);
    expect(b.bmi.points[0]!.bmi).toBe(26.1); // 80 / 1.75²
    expect(b.bmi.latest_category).toBe('overweight');

    const lb = await call(t.app, 'GET', `/api/v1/body/trends?metric=weight&from=${day(-30)}&units=imperial`, {
      token: u.token,
    });
    expect(lb.json<{ unit: string; points: { value: number }[] }>()).toMatchObject({ unit: 'lb' });
    expect(lb.json<{ points: { value: number }[] }>().points[0]!.value).toBe(176.37);
  });

  it('has no BMI without a height, and refuses a reversed range', async () => {
    const u = await registerUser(t.app);
    await post(u, { date: day(0), metric: 'weight', value: 70 });
    const res = await call(t.app, 'GET', '/api/v1/body/trends', { token: u.token });
    expect(res.json()).toMatchObject({ bmi: null, weekly_change: null, points: [{ value: 70, trend: 70 }] });
    const bad = await call(t.app, 'GET', `/api/v1/body/trends?from=${day(0)}&to=${day(-1)}`, {
      token: u.token,
    });
    expect(fieldsOf(expectProblem(bad, 422))).toEqual(['query.from']);
  });
});

describe('energy', () => {
  it("adds the day's workouts to resting energy × the activity factor, naming each method", async () => {
    const u = await registerUser(t.app);
    await call(t.app, 'PUT', '/api/v1/athlete/profile', {
      token: u.token,
      body: { height_cm: 180, birth_date: '1990-01-01', sex: 'male' },
    });
    await post(u, { date: day(-3), metric: 'weight', value: 70 });
    // Both start in the first minutes of today (UTC), so neither is in the future whatever the hour of the run.
    const w1 = await call(t.app, 'POST', '/api/v1/workouts', {
      token: u.token,
      body: { started_at: `${day(0)}T00:00:00Z`, sport: 'run', duration_s: 3000, distance_km: 10, rpe: 5 },
    });
    expect(w1.statusCode, w1.body).toBe(201);
    const w2 = await call(t.app, 'POST', '/api/v1/workouts', {
      token: u.token,
      body: { started_at: `${day(0)}T00:05:00Z`, sport: 'strength', duration_s: 1800, rpe: 6 },
    });
    expect(w2.statusCode, w2.body).toBe(201);
    const res = await call(t.app, 'GET', `/api/v1/body/energy?date=${day(0)}&activity=light`, {
      token: u.token,
    });
    expect(res.statusCode, res.body).toBe(200);
    const e = res.json<{
      inputs: { weight_kg: number; weight_date: string; age: number };
      resting: { used: string; kcal: number; mifflin_st_jeor_kcal: number };
      activity: { factor: number; kcal: number };
      workouts: { kcal: number; method: string }[];
      workouts_kcal: number;
      budget_kcal: number;
    }>();
    expect(e.inputs).toMatchObject({ weight_kg: 70, weight_date: day(-3) });
    const msj = 10 * 70 + 6.25 * 180 - 5 * e.inputs.age + 5;
    expect(e.resting).toMatchObject({ used: 'mifflin_st_jeor', kcal: Math.round(msj) });
    expect(e.activity).toMatchObject({ factor: 1.375, kcal: Math.round(msj * 1.375) });
    expect(e.workouts.map((w) => [w.method, w.kcal])).toEqual([
      ['acsm_running', 700],
      ['compendium_met', 140], // (5 − 1) MET · 70 kg · 0.5 h
    ]);
    expect(e.budget_kcal).toBe(e.activity.kcal + 840);

    // The notes follow the request's language.
    const es = await call(t.app, 'GET', `/api/v1/body/energy?date=${day(0)}`, {
      token: u.token,
      headers: { 'accept-language': 'es' },
    });
    expect(es.headers['content-language']).toBe('es');
    expect(es.json<{ notes: string[] }>().notes).toContain(
      'Aquí no se descuenta lo comido: el progreso de nutrición del día lo compara con este presupuesto.',
    );

    // A body-fat reading of the last 30 days switches resting energy to Katch–McArdle.
    await post(u, { date: day(-10), metric: 'body_fat', value: 15 });
    const km = await call(t.app, 'GET', `/api/v1/body/energy?date=${day(0)}`, { token: u.token });
    expect(km.json()).toMatchObject({
      resting: { used: 'katch_mcardle', katch_mcardle_kcal: Math.round(370 + 21.6 * 70 * 0.85) },
      inputs: { body_fat_pct: 15, body_fat_date: day(-10) },
    });
  });

  it('names what is missing (422) and refuses a future day', async () => {
    const u = await registerUser(t.app);
    const p = expectProblem(await call(t.app, 'GET', '/api/v1/body/energy', { token: u.token }), 422);
    expect(p.type).toBe('urn:pulso:problem:body-energy-inputs');
    expect(p.detail).toContain('weight');
    expect(p.detail).toContain('birth_date');
    const f = await call(t.app, 'GET', `/api/v1/body/energy?date=${day(1)}`, { token: u.token });
    expect(fieldsOf(expectProblem(f, 422))).toEqual(['query.date']);
  });
});

describe('CSV import', () => {
  const csv = (u: TestUser, body: string, q = '') =>
    call(t.app, 'POST', `/api/v1/body/entries/import${q}`, {
      token: u.token,
      body,
      headers: { 'content-type': 'text/csv' },
    });

  it('reads long and wide files, replaces same-day values and is all or nothing', async () => {
    const u = await registerUser(t.app);
    await post(u, { date: day(-2), metric: 'weight', value: 75 });
    const long = await csv(
      u,
      `date,metric,value,diastolic\n${day(-2)},weight,74.2,\n${day(-2)},blood_pressure,122,81\n`,
    );
    expect(long.json()).toEqual({ created: 1, replaced: 1 });
    const wide = await csv(
      u,
      `\uFEFFdate,weight,waist,blood_pressure\r\n${day(-1)},160,33,118/76\r\n${day(0)},159.5,,\r\n`,
      '?units=imperial',
    );
    expect(wide.json()).toEqual({ created: 4, replaced: 0 });
    const w = (await call(t.app, 'GET', '/api/v1/body/entries?metric=weight', { token: u.token })).json<
      Entry[]
    >();
    expect(w.map((e) => [e.value, e.source])).toEqual([
      [72.35, 'csv'],
      [72.57, 'csv'],
      [74.2, 'csv'],
    ]);
    const bad = await csv(u, `date,weight\n${day(-9)},70\n${day(-8)},700\n`);
    expect(fieldsOf(expectProblem(bad, 422))).toEqual(['line 3.weight']);
    const future = await csv(u, `date,weight\n${day(1)},70\n`);
    expect(fieldsOf(expectProblem(future, 422))).toEqual(['line 2.weight']);
    const all = await call(t.app, 'GET', `/api/v1/body/entries?from=${day(-9)}&to=${day(-8)}`, {
      token: u.token,
    });
    expect(all.json()).toEqual([]);
    expectProblem(
      await call(t.app, 'POST', '/api/v1/body/entries/import', { token: u.token, body: { a: 1 } }),
      415,
    );
  });
});

const mesgNum = (name: string): number => {
  const n = Profile.MesgNum[name];
  if (n === undefined) throw new Error(`no FIT message ${name}`);
  return n;
};

describe('FIT weight-scale import', () => {
  /** A scale's file, written with Garmin's SDK: FILE_ID of type weight, then one WEIGHT_SCALE message a weighing. */
  function scaleFile(weighings: { at: string; weight: number; percentFat?: number }[]): Buffer {
    const e = new Encoder();
    const put = (name: string, m: Record<string, unknown>) => e.onMesg(mesgNum(name), m);
    put('FILE_ID', {
      type: 'weight',
      manufacturer: 'development',
      product: 1,
      serialNumber: 7,
      timeCreated: new Date(weighings[0]!.at),
    });
    for (const w of weighings)
      put('WEIGHT_SCALE', {
        timestamp: new Date(w.at),
        weight: w.weight,
        percentFat: w.percentFat,
      });
    return Buffer.from(e.close());
  }
  const fit = (u: TestUser, body: Buffer, type = 'application/vnd.ant.fit') =>
    call(t.app, 'POST', '/api/v1/body/entries/import', {
      token: u.token,
      body,
      headers: { 'content-type': type },
    });

  it('keeps the last weighing of each day, with body fat, in kg whatever my units', async () => {
    const u = await registerUser(t.app);
    await call(t.app, 'PUT', '/api/v1/body/settings', { token: u.token, body: { units: 'imperial' } });
    const file = scaleFile([
      { at: `${day(-1)}T06:30:00Z`, weight: 72.4, percentFat: 18.5 },
      { at: `${day(-1)}T21:10:00Z`, weight: 73.1, percentFat: 18.9 },
      { at: `${day(0)}T00:01:00Z`, weight: 72.2 },
    ]);
    const res = await fit(u, file, 'application/octet-stream');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 3, replaced: 0 });
    const rows = (await call(t.app, 'GET', '/api/v1/body/entries?units=metric', { token: u.token })).json<
      Entry[]
    >();
    expect(rows.map((e) => [e.date, e.metric, e.value, e.source])).toEqual([
      [day(0), 'weight', 72.2, 'fit'],
      [day(-1), 'body_fat', 18.9, 'fit'],
      [day(-1), 'weight', 73.1, 'fit'],
    ]);
  });

  it('refuses an implausible reading, a file that is not FIT, and one without weighings (422, nothing written)', async () => {
    const u = await registerUser(t.app);
    const bad = await fit(
      u,
      scaleFile([
        { at: `${day(-2)}T07:00:00Z`, weight: 72 },
        { at: `${day(-1)}T07:00:00Z`, weight: 500 },
      ]),
    );
    expect(fieldsOf(expectProblem(bad, 422))).toEqual(['reading 2.weight']);
    expect(fieldsOf(expectProblem(await fit(u, Buffer.from('not a fit file at all')), 422))).toEqual([
      'body',
    ]);
    const e = new Encoder();
    const fileId: Record<string, unknown> = { type: 'weight', manufacturer: 'development' };
    e.onMesg(mesgNum('FILE_ID'), fileId);
    expect(fieldsOf(expectProblem(await fit(u, Buffer.from(e.close())), 422))).toEqual(['body']);
    expect((await call(t.app, 'GET', '/api/v1/body/entries', { token: u.token })).json()).toEqual([]);
  });
});

describe('the athlete profile weight', () => {
  it('follows the latest weight entry, and a weight typed into the profile is recorded as an entry', async () => {
    const u = await registerUser(t.app);
    const profile = async () =>
      (await call(t.app, 'GET', '/api/v1/athlete/profile', { token: u.token })).json<{
        weight_kg: number | null;
      }>().weight_kg;
    const put = (body: object) => call(t.app, 'PUT', '/api/v1/athlete/profile', { token: u.token, body });
    const weights = async () =>
      (await call(t.app, 'GET', '/api/v1/body/entries?metric=weight', { token: u.token }))
        .json<Entry[]>()
        .map((e) => [e.date, e.value, e.source]);

    expect((await put({ weight_kg: 65, height_cm: 170 })).json()).toMatchObject({ weight_kg: 65 });
    expect(await weights()).toEqual([[day(0), 65, 'athlete_profile']]);

    await post(u, { date: day(0), metric: 'weight', value: 64 });
    expect(await profile()).toBe(64);
    // An older entry is history, not the current weight.
    await post(u, { date: day(-5), metric: 'weight', value: 70 });
    expect(await profile()).toBe(64);
    expect(await t.app.services.body.latestWeight(u.id)).toEqual({ kg: 64, date: day(0) });
    // The race and training models read the profile through the running read model: same value.
    expect((await t.app.services.running.readModel.profile(u.id))?.weightKg).toBe(64);

    const today = (
      await call(t.app, 'GET', `/api/v1/body/entries?metric=weight&from=${day(0)}`, { token: u.token })
    ).json<Entry[]>()[0]!;
    await call(t.app, 'DELETE', `/api/v1/body/entries/${today.id}`, { token: u.token });
    expect(await profile()).toBe(70);

    // A PUT without weight keeps the latest entry's; one with the same weight writes nothing new.
    expect((await put({ height_cm: 171 })).json()).toMatchObject({ weight_kg: 70, height_cm: 171 });
    await put({ weight_kg: 70, height_cm: 171 });
    expect(await weights()).toEqual([[day(-5), 70, 'manual']]);
  });
});

describe("gym staff and the member's consent", () => {
  it('staff see a member trend only with consent for their gym; others, and after withdrawal, get 404', async () => {
    const g = await gymWithRoles(t.app);
    const m = g.users.member;
    await post(m, { date: day(-1), metric: 'weight', value: 66 });
    const trendOf = (who: TestUser, gym: number, member = m) =>
      call(t.app, 'GET', `/api/v1/members/${member.id}/body/trends?metric=weight&from=${day(-10)}`, {
        token: who.token,
        gym,
      });
    // No consent yet: every role of the gym gets 404, as for someone who is not a member.
    for (const role of ['owner', 'admin', 'trainer', 'physio'] as const)
      expectProblem(await trendOf(g.users[role], g.gymId), 404);

    const shared = await call(t.app, 'PUT', `/api/v1/body/shares/${g.gymId}`, { token: m.token });
    expect(shared.statusCode, shared.body).toBe(200);
    expect(shared.json()).toMatchObject({ gym_id: g.gymId });
    // Sharing again keeps the first consent.
    expect((await call(t.app, 'PUT', `/api/v1/body/shares/${g.gymId}`, { token: m.token })).json()).toEqual(
      shared.json(),
    );
    const seen = await trendOf(g.users.trainer, g.gymId);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ unit: 'kg', points: [{ date: day(-1), value: 66 }] });
    // A member is not staff (403); the staff of another gym, even with the member in it, see nothing.
    expectProblem(await trendOf(g.users.member, g.gymId), 403);
    const other = await registerUser(t.app);
    const otherGym = await createGym(t.app, other);
    await addMember(t.app, other, otherGym, m, 'member');
    expectProblem(await trendOf(other, otherGym), 404);
    // Consent for a gym I am not in: 404.
    const stranger = await registerUser(t.app);
    const strangerGym = await createGym(t.app, stranger);
    expectProblem(await call(t.app, 'PUT', `/api/v1/body/shares/${strangerGym}`, { token: m.token }), 404);
    expect((await call(t.app, 'GET', '/api/v1/body/shares', { token: m.token })).json()).toEqual([
      shared.json(),
    ]);

    const audit = await query<{ action: string; user_id: number }>(
      `select action, user_id from audit_logs where gym_id = ${g.gymId} and action like 'body.%' order by id`,
    );
    expect(audit).toEqual([
      { action: 'body.shared', user_id: m.id },
      { action: 'body.trend_viewed', user_id: g.users.trainer.id },
    ]);

    expect(
      (await call(t.app, 'DELETE', `/api/v1/body/shares/${g.gymId}`, { token: m.token })).statusCode,
    ).toBe(204);
    expectProblem(await trendOf(g.users.trainer, g.gymId), 404);
  });

  it('ends with the membership', async () => {
    const g = await gymWithRoles(t.app);
    const m = g.users.member;
    await call(t.app, 'PUT', `/api/v1/body/shares/${g.gymId}`, { token: m.token });
    const gone = await call(t.app, 'DELETE', `/api/v1/members/${m.id}`, {
      token: g.users.owner.token,
      gym: g.gymId,
    });
    expect(gone.statusCode, gone.body).toBe(204);
    expect((await call(t.app, 'GET', '/api/v1/body/shares', { token: m.token })).json()).toEqual([]);
    await addMember(t.app, g.users.owner, g.gymId, m, 'member');
    expectProblem(
      await call(t.app, 'GET', `/api/v1/members/${m.id}/body/trends`, {
        token: g.users.trainer.token,
        gym: g.gymId,
      }),
      404,
    );
  });
});

describe('personal data', () => {
  it('exports every entry and the settings, and erases them with the account', async () => {
    const u = await registerUser(t.app);
    await call(t.app, 'PUT', '/api/v1/body/settings', { token: u.token, body: { units: 'imperial' } });
    await post(u, { date: day(-1), metric: 'weight', value: 150 });
    await post(u, { date: day(-1), metric: 'blood_pressure', value: 119, diastolic: 78 });
    const exp = (await call(t.app, 'GET', '/api/v1/users/me/export', { token: u.token })).json<{
      body: { settings: { units: string }; entries: Entry[] };
    }>();
    expect(exp.body.settings).toEqual({ units: 'imperial' });
    expect(exp.body.entries.map((e) => [e.metric, e.value, e.unit])).toEqual([
      ['blood_pressure', 119, 'mmHg'],
      ['weight', 68.04, 'kg'],
    ]);
    expect((await call(t.app, 'DELETE', '/api/v1/users/me', { token: u.token })).statusCode).toBe(204);
    const [left] = await query<{ n: number }>(
      `select (select count(*) from body_entries where user_id = ${u.id})::int + (select count(*) from body_settings where user_id = ${u.id})::int as n`,
    );
    expect(left!.n).toBe(0);
  });
});

describe('body errors in the request language', () => {
  const es = { 'accept-language': 'es' };
  it('names the field and says it in Spanish with Accept-Language: es; English texts unchanged', async () => {
    const u = await registerUser(t.app, { ip: '10.41.7.1' });
    const heavy = (headers: Record<string, string>) =>
      call(t.app, 'POST', '/api/v1/body/entries', {
        token: u.token,
        headers,
        body: { date: day(-1), metric: 'weight', value: 700 },
      });
    let p = expectProblem(await heavy(es), 422);
    expect(p.errors).toEqual([{ field: 'value', message: 'debe estar entre 20 y 300 kg para weight' }]);
    expect(p.detail).toBe('value: debe estar entre 20 y 300 kg para weight');
    p = expectProblem(await heavy({}), 422);
    expect(p.errors).toEqual([{ field: 'value', message: 'must be between 20 and 300 kg for weight' }]);

    p = expectProblem(
      await call(t.app, 'POST', '/api/v1/body/entries/import', {
        token: u.token,
        body: `date,weight\n2026-13-40,70\n`,
        headers: { ...es, 'content-type': 'text/csv' },
      }),
      422,
    );
    expect(p.errors).toEqual([{ field: 'line 2.date', message: 'debe ser una fecha, AAAA-MM-DD' }]);

    p = expectProblem(
      await call(t.app, 'GET', '/api/v1/body/entries/99999999', { token: u.token, headers: es }),
      404,
    );
    expect(p.detail).toBe('Registro corporal no encontrado');

    p = expectProblem(
      await call(t.app, 'GET', `/api/v1/body/trends?from=${day(-1)}&to=${day(-2)}`, {
        token: u.token,
        headers: es,
      }),
      422,
    );
    expect(p.errors).toEqual([{ field: 'query.from', message: 'no puede ser posterior a to' }]);
  });
});
