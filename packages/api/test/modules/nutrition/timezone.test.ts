import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, call, createTestApp, registerUser, type TestApp, type TestUser } from '../../harness.js';

/**
 * "Today" in nutrition is the gym's calendar day (issue 13). This file pins its own instants around midnight in
 * a Madrid gym (UTC+1 in January): 22:30Z is still the 14th there, 23:30Z already the 15th, while UTC says the
 * 14th for both. Every figure below that names the 15th would name the 14th if the module used UTC.
 */
const LOCAL_14TH = Date.parse('2027-01-14T22:30:00Z'); // 23:30 on the 14th in Madrid
const LOCAL_15TH = Date.parse('2027-01-14T23:30:00Z'); // 00:30 on the 15th in Madrid
let now = LOCAL_14TH - 10 * 60_000;

let t: TestApp;
let gymId: number;
let owner: TestUser;
let member: TestUser;

// Access tokens last 30 minutes by the app's clock: every user signs in again at each instant.
async function signIn(u: TestUser) {
  const res = await call(t.app, 'POST', '/api/v1/auth/login', {
    body: { email: u.email, password: u.password },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ access_token: string }>().access_token;
}
async function at(ms: number) {
  now = ms;
  owner.token = await signIn(owner);
  member.token = await signIn(member);
}
const api = (u: TestUser, method: 'GET' | 'POST', url: string, body?: object) =>
  call(t.app, method, `/api/v1/nutrition${url}`, { token: u.token, gym: gymId, ...(body ? { body } : {}) });

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  owner = await registerUser(t.app, { name: 'Madrid owner' });
  const g = await call(t.app, 'POST', '/api/v1/gyms', {
    token: owner.token,
    body: { name: 'Madrid nutrition gym', timezone: 'Europe/Madrid' },
  });
  expect(g.statusCode, g.body).toBe(201);
  gymId = g.json<{ id: number }>().id;
  member = await registerUser(t.app, { name: 'Madrid member' });
  await addMember(t.app, owner, gymId, member, 'member');
}, 400_000);
afterAll(async () => {
  await t.close();
});

const days = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    day_number: i + 1,
    meals: [{ name: `Day ${i + 1} lunch`, items: [] }],
  }));

describe('nutrition in a gym east of UTC, around its midnight', () => {
  it('dates live status, follows, completions, progress and "created today" by the gym’s day', async () => {
    await at(LOCAL_14TH);
    const older = await api(owner, 'POST', '/plans', {
      name: 'Planned at 23:30 local',
      goal: 'maintenance',
      target_calories: 2200,
      days: days(3),
    });
    expect(older.statusCode, older.body).toBe(201);
    // A live plan that starts on the 15th, read on the 14th (local): not started yet, in the list and detail.
    const live = await api(owner, 'POST', '/plans', {
      name: 'Live from the 15th',
      goal: 'performance',
      type: 'live',
      target_calories: 2600,
      start_date: '2027-01-15',
      days: days(3),
    });
    expect(live.statusCode, live.body).toBe(201);
    const liveId = live.json<{ id: number }>().id;
    expect(live.json<{ live_status: string }>().live_status).toBe('not_started');
    const listed = async () =>
      (await api(member, 'GET', '/plans')).json<{ id: number; live_status: string | null }[]>();
    expect((await listed()).find((p) => p.id === liveId)?.live_status).toBe('not_started');

    // One hour later it is the 15th in Madrid (still the 14th in UTC): the cached pages are not served stale.
    await at(LOCAL_15TH);
    const detail = await api(member, 'GET', `/plans/${liveId}`);
    expect(detail.json<{ live_status: string }>().live_status).toBe('running');
    expect((await listed()).find((p) => p.id === liveId)?.live_status).toBe('running');

    const follow = await api(member, 'POST', `/plans/${liveId}/follow`);
    expect(follow.statusCode, follow.body).toBe(201);
    expect(follow.json<{ started_on: string }>().started_on).toBe('2027-01-15');
    const today = await api(member, 'GET', `/plans/${liveId}/today`);
    expect(today.json()).toMatchObject({
      date: '2027-01-15',
      live_status: 'running',
      day: { day_number: 1 },
    });

    const mealId = detail.json<{ days: { meals: { id: number }[] }[] }>().days[0]!.meals[0]!.id;
    // Without a date the completion is the gym's today; the 15th named explicitly is not "in the future".
    const done = await api(member, 'POST', `/meals/${mealId}/complete`, { satisfaction: 4 });
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json<{ date: string }>().date).toBe('2027-01-15');
    const again = await api(member, 'POST', `/meals/${mealId}/complete`, { date: '2027-01-15' });
    expect(again.statusCode, again.body).toBe(200);
    const future = await api(member, 'POST', `/meals/${mealId}/complete`, { date: '2027-01-16' });
    expect(future.statusCode).toBe(422);

    const diary = await api(member, 'POST', '/diary', { meal_type: 'snack', name: 'Turrón', kcal: 120 });
    expect(diary.statusCode, diary.body).toBe(201);
    expect(diary.json<{ date: string }>().date).toBe('2027-01-15');

    const day = (await api(member, 'GET', '/progress/today')).json<{
      date: string;
      meals_completed: number;
      eaten: { kcal: number };
    }>();
    expect(day).toMatchObject({ date: '2027-01-15', meals_completed: 1 });
    expect(day.eaten.kcal).toBe(120);
    const week = (await api(member, 'GET', '/progress/weekly')).json<{
      from: string;
      to: string;
      days: { date: string; meals_completed: number }[];
    }>();
    expect(week).toMatchObject({ from: '2027-01-09', to: '2027-01-15' });
    expect(week.days.at(-1)).toMatchObject({ date: '2027-01-15', meals_completed: 1 });
    expect((await api(member, 'GET', '/progress?from=2027-01-15&to=2027-01-15')).statusCode).toBe(200);

    // Plans created today (the 15th, local): neither plan, both made at 23:30 on the 14th local time.
    const created = await api(owner, 'POST', '/plans', {
      name: 'Planned at 00:30 local',
      goal: 'maintenance',
      target_calories: 2200,
      days: days(1),
    });
    expect(created.statusCode, created.body).toBe(201);
    const a = await api(owner, 'GET', '/analytics');
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json<{ plans: { created_today: number; total: number } }>().plans).toMatchObject({
      created_today: 1,
      total: 3,
    });

    // The gym moves to New York, where it is still the 14th (18:30): the very next reads of the list, the detail
    // and the week are dated by the new zone, though each was just read (and cached) on the Madrid date.
    const moved = await call(t.app, 'PATCH', '/api/v1/gyms/current', {
      token: owner.token,
      gym: gymId,
      body: { timezone: 'America/New_York' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await listed()).find((p) => p.id === liveId)?.live_status).toBe('not_started');
    const movedDetail = await api(member, 'GET', `/plans/${liveId}`);
    expect(movedDetail.json<{ live_status: string }>().live_status).toBe('not_started');
    const movedWeek = (await api(member, 'GET', '/progress/weekly')).json<{ from: string; to: string }>();
    expect(movedWeek).toMatchObject({ from: '2027-01-08', to: '2027-01-14' });
  });
});
