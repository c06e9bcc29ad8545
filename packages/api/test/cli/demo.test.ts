/**
 * The demo data created on the first start (src/cli/demo.ts): every module has something to show. The demo uses
 * fixed e-mails, so it is seeded once per database: on PostgreSQL all test files share one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, RUNNER_EMAIL, seedDemo } from '../../src/cli/demo.js';
import { call, createTestApp, testNow, type TestApp } from '../harness.js';
import type { ClassBody, SessionBody } from '../modules/schedule/helpers.js';

/**
 * The demo is seeded for "today" and then read as of that same instant: with a clock that moves on, a run that
 * crosses midnight would read a day the demo never wrote (no HRV reading yet, so readiness is rightly null).
 * The date itself still varies with PULSO_TEST_NOW (.ci/date-suites).
 */
const NOW = testNow();
const day = (offset = 0) => new Date(NOW + offset * 86_400_000).toISOString().slice(0, 10);

let t: TestApp;
let demo: Awaited<ReturnType<typeof seedDemo>>;
// Seeding every module's demo data is the heaviest setup of the suite; with two files on two cores and the other
// date-sensitive files around it, a minute is not always enough.
beforeAll(async () => {
  t = await createTestApp({ clock: () => NOW });
  demo = await seedDemo(t.app.services);
}, 180_000);
afterAll(() => t.close());

it('the demo gym gets categories, a weekly timetable and some bookings', async () => {
  const login = await call(t.app, 'POST', '/api/v1/auth/login', {
    body: { email: 'member1@demo.pulso.example', password: DEMO_PASSWORD },
  });
  const token = login.json<{ access_token: string }>().access_token;
  const as = { token, gym: demo.gymId };
  const classes = (await call(t.app, 'GET', '/api/v1/schedule/classes', as)).json<ClassBody[]>();
  expect(classes.map((c) => c.name).sort()).toEqual([
    'Functional training',
    'HIIT',
    'Pilates',
    'Spinning',
    'Yoga',
  ]);
  expect(classes.every((c) => c.category !== null && c.instructor?.name === 'Teresa Trainer')).toBe(true);
  const sessions = (
    await call(t.app, 'GET', '/api/v1/schedule/sessions', {
      ...as,
      query: { from: day(), to: day(6) },
    })
  ).json<SessionBody[]>();
  expect(sessions.length).toBeGreaterThanOrEqual(10);
  expect(sessions.reduce((n, s) => n + s.booked_count, 0)).toBeGreaterThanOrEqual(6);
  const mine = (await call(t.app, 'GET', '/api/v1/users/me/bookings', as)).json<unknown[]>();
  expect(mine.length).toBeGreaterThanOrEqual(3);
});

it('the demo gym gets upcoming events with registrations, and members get notifications', async () => {
  const login = async (email: string) =>
    (await call(t.app, 'POST', '/api/v1/auth/login', { body: { email, password: DEMO_PASSWORD } })).json<{
      access_token: string;
    }>().access_token;
  const member2 = { token: await login('member2@demo.pulso.example'), gym: demo.gymId };
  const events = (await call(t.app, 'GET', '/api/v1/events', member2)).json<
    { title: string; registered_count: number; waitlist_count: number }[]
  >();
  expect(events.map((e) => e.title)).toEqual(['Mobility workshop', 'Sunday 10K run', 'Open day']);
  expect(events[0]).toMatchObject({ registered_count: 2, waitlist_count: 0 });
  expect(events[1]).toMatchObject({ registered_count: 2 });
  // member2 ran and was told the run moved; member3 was promoted from the workshop's waitlist.
  const kinds = async (as: { token: string; gym: number }) =>
    (await call(t.app, 'GET', '/api/v1/notifications', as)).json<{ kind: string }[]>().map((n) => n.kind);
  expect(await kinds(member2)).toEqual(['event_changed']);
  const member3 = { token: await login('member3@demo.pulso.example'), gym: demo.gymId };
  expect(await kinds(member3)).toEqual(['waitlist_promoted']);
});

it('the demo runner has a plan in progress, load, readiness and a prediction from her own runs', async () => {
  const login = await call(t.app, 'POST', '/api/v1/auth/login', {
    body: { email: RUNNER_EMAIL, password: DEMO_PASSWORD },
  });
  const as = { token: login.json<{ access_token: string }>().access_token };

  const plan = await call(t.app, 'GET', '/api/v1/training/plan', as);
  expect(plan.statusCode, plan.body).toBe(200);
  expect(plan.json<{ goal_distance_km: number }>().goal_distance_km).toBe(21.0975);
  const week = await call(t.app, 'GET', '/api/v1/training/weekly-plan', as);
  expect(week.statusCode, week.body).toBe(200);
  // The plan starts on this week's Monday, so the current week holds all four runs whatever today's weekday;
  // the week lists all seven days, the other three as rest.
  expect(week.json<{ week: number }>()).toMatchObject({ week: 1 });
  const days = week.json<{ workouts: { type: string }[] }>().workouts;
  expect(days).toHaveLength(7);
  expect(days.filter((d) => d.type !== 'rest')).toHaveLength(4);

  const status = await call(t.app, 'GET', '/api/v1/overtraining/status', as);
  expect(status.statusCode, status.body).toBe(200);
  expect(status.json<{ acwr: { value: number | null } }>().acwr.value).not.toBeNull();

  const readiness = await call(t.app, 'GET', '/api/v1/hrv/readiness', as);
  expect(readiness.json<{ score: number | null }>().score).not.toBeNull();

  const predict = await call(t.app, 'POST', '/api/v1/race/predict', {
    ...as,
    body: { distance_km: 21.0975 },
  });
  expect(predict.statusCode, predict.body).toBe(200);
  expect(predict.json<{ base_time_s: number }>().base_time_s).toBeGreaterThan(3600);
});

it('the demo runner has twelve weeks of body entries: a falling weight trend, BMI and energy with her workouts', async () => {
  const login = await call(t.app, 'POST', '/api/v1/auth/login', {
    body: { email: RUNNER_EMAIL, password: DEMO_PASSWORD },
  });
  const as = { token: login.json<{ access_token: string }>().access_token };
  const trend = await call(
    t.app,
    'GET',
    `/api/v1/body/trends?metric=weight&from=${day(-84)}&to=${day()}`,
    as,
  );
  expect(trend.statusCode, trend.body).toBe(200);
  const b = trend.json<{ points: unknown[]; weekly_change: number; bmi: { points: unknown[] } | null }>();
  expect(b.points.length).toBeGreaterThan(50);
  // Seeded at −0.25 kg a week under ±0.6 kg of noise.
  expect(b.weekly_change).toBeLessThan(-0.1);
  expect(b.weekly_change).toBeGreaterThan(-0.4);
  expect(b.bmi?.points.length).toBe(b.points.length);
  const energy = await call(t.app, 'GET', '/api/v1/body/energy', as);
  expect(energy.statusCode, energy.body).toBe(200);
  expect(energy.json<{ resting: { used: string } }>().resting.used).toBe('katch_mcardle');
});

it('the demo has public segments along the sample run with road quality, and one shared with the gym', async () => {
  const login = async (email: string) =>
    (await call(t.app, 'POST', '/api/v1/auth/login', { body: { email, password: DEMO_PASSWORD } })).json<{
      access_token: string;
    }>().access_token;
  const member3 = await login('member3@demo.pulso.example');
  // The demo's segments are the runner's and the trainer's: on a shared database other files add their own.
  const idOf = async (email: string) =>
    (await call(t.app, 'GET', '/api/v1/users/me', { token: await login(email) })).json<{ id: number }>().id;
  const owners = new Set([await idOf(RUNNER_EMAIL), await idOf('trainer@demo.pulso.example')]);
  type Seg = { name: string; visibility: string; owner_id: number; quality: { reports: number } };
  const list = await call(t.app, 'GET', '/api/v1/segments', { token: member3, query: { limit: '100' } });
  expect(list.statusCode, list.body).toBe(200);
  const segments = list.json<Seg[]>().filter((s) => owners.has(s.owner_id));
  // Public and gym segments are visible to another member of the demo gym.
  expect(segments.map((s) => s.visibility).sort()).toEqual(['gym', 'public', 'public']);
  const reported = segments.filter((s) => s.quality.reports > 0);
  expect(reported).toHaveLength(2);
  // Near the sample run's start (Retiro, Madrid), nearest first.
  const near = await call(t.app, 'GET', '/api/v1/segments', {
    token: member3,
    query: { near: '40.4135,-3.677', radius_m: '500', limit: '100' },
  });
  expect(near.statusCode, near.body).toBe(200);
  const ours = near.json<Seg[]>().filter((s) => owners.has(s.owner_id));
  expect(ours[0]!.name).toMatch(/Paseo de Coches/);
});

it('the demo gym has its own foods and two recipes made from the base catalogue', async () => {
  const login = await call(t.app, 'POST', '/api/v1/auth/login', {
    body: { email: 'member1@demo.pulso.example', password: DEMO_PASSWORD },
  });
  const as = { token: login.json<{ access_token: string }>().access_token, gym: demo.gymId };
  const bar = await call(t.app, 'GET', '/api/v1/nutrition/foods/barcode/20000011', as);
  expect(bar.json<{ scope: string; allergens: string[] }>()).toMatchObject({
    scope: 'gym',
    allergens: ['milk', 'nuts', 'soybeans'],
  });
  const recipes = (await call(t.app, 'GET', '/api/v1/nutrition/recipes', as)).json<
    { name: string; portions: number; per_portion: { kcal: number } }[]
  >();
  expect(recipes.map((r) => r.name).sort()).toEqual([
    'Chicken, rice and broccoli bowl',
    'Overnight oats with banana',
  ]);
  expect(recipes.every((r) => r.per_portion.kcal > 200)).toBe(true);
});

it('the demo gym has a clinic side: the physio’s two patients with programmes, four weeks of sessions and an open alert', async () => {
  const login = async (email: string) =>
    (await call(t.app, 'POST', '/api/v1/auth/login', { body: { email, password: DEMO_PASSWORD } })).json<{
      access_token: string;
    }>().access_token;
  const physio = { token: await login('physio@demo.pulso.example'), gym: demo.gymId };
  type Row = { patient_id: number; name: string; adherence_last_week: number | null; alerts: string[] };
  const dash = await call(t.app, 'GET', '/api/v1/rehab/dashboard', physio);
  expect(dash.statusCode, dash.body).toBe(200);
  const rows = dash.json<Row[]>();
  expect(rows.map((r) => r.name).sort()).toEqual(['Lucía Member', 'Mateo Member']);
  // Sorted by need: the shoulder patient, whose range of motion goes backwards, comes first.
  expect(rows[0]!.name).toBe('Lucía Member');
  expect(rows[0]!.alerts).toContain('rom_regression');
  // The programmes started with the history, so last week's adherence is measured.
  expect(rows.every((r) => r.adherence_last_week !== null)).toBe(true);

  const knee = rows.find((r) => r.name === 'Mateo Member')!;
  const progress = await call(t.app, 'GET', `/api/v1/rehab/patients/${knee.patient_id}/progress`, physio);
  expect(progress.statusCode, progress.body).toBe(200);
  const p = progress.json<{ sessions_total: number; weeks: { prescribed: number; done: number }[] }>();
  expect(p.sessions_total).toBe(72); // 24 days × 3 exercises
  expect(p.weeks.filter((w) => w.prescribed > 0 && w.done > 0).length).toBeGreaterThanOrEqual(3);

  // Logging the history oldest first told the physio of each alert once: no "inactive" for a patient who was
  // only being backfilled.
  const notes = (
    await call(t.app, 'GET', '/api/v1/notifications', { ...physio, query: { limit: '100' } })
  ).json<{ kind: string; data: { type: string; patient_id: number } }[]>();
  const alerts = notes.filter((n) => n.kind === 'rehab_alert');
  expect(alerts.some((n) => n.data.type === 'rom_regression')).toBe(true);
  expect(alerts.filter((n) => n.data.type === 'inactive')).toEqual([]);

  // The knee patient's programme has progressed (+10% reps a week while pain after ≤ 3), and she sees the
  // physio's look in her access log.
  const mateo = { token: await login('member2@demo.pulso.example'), gym: demo.gymId };
  const mine = await call(t.app, 'GET', '/api/v1/rehab/my-program', mateo);
  expect(mine.statusCode, mine.body).toBe(200);
  expect(mine.json<{ today: { reps: number | null }[] }>().today.every((e) => (e.reps ?? 0) > 10)).toBe(true);
  const log = await call(t.app, 'GET', '/api/v1/rehab/my-record/access-log', mateo);
  expect(log.json<{ actor_role: string }[]>().some((a) => a.actor_role === 'physio')).toBe(true);
});
