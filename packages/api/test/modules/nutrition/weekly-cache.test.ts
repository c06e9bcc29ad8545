import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, call, createTestApp, registerUser, type TestApp, type TestUser } from '../../harness.js';

/**
 * GET /nutrition/progress/weekly is cached per gym and member as the route's bytes (issue 13's p99). The first
 * test shows a repeat read is served from the cache (a row changed behind the service's back is not seen), so
 * that every later "seen on the very next read" is the invalidation at work, not a fresh query.
 *
 * The clock is this file's own: 23:50 on the 14th in Madrid (22:50Z), moved to 00:10 on the 15th (23:10Z) for
 * the midnight test, within the 30 minutes the access tokens last.
 */
const BEFORE_MIDNIGHT = Date.parse('2027-01-14T22:50:00Z');
const AFTER_MIDNIGHT = Date.parse('2027-01-14T23:10:00Z');
let now = BEFORE_MIDNIGHT;

let t: TestApp;
let gymA: number;
let gymB: number;
let owner: TestUser;
let ownerB: TestUser;
let member: TestUser;
let other: TestUser;

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  owner = await registerUser(t.app, { name: 'Week owner' });
  ownerB = await registerUser(t.app, { name: 'Week owner B' });
  member = await registerUser(t.app, { name: 'Week member' });
  other = await registerUser(t.app, { name: 'Week other' });
  const gym = async (u: TestUser, name: string) => {
    const g = await call(t.app, 'POST', '/api/v1/gyms', {
      token: u.token,
      body: { name, timezone: 'Europe/Madrid' },
    });
    expect(g.statusCode, g.body).toBe(201);
    return g.json<{ id: number }>().id;
  };
  gymA = await gym(owner, 'Weekly gym A');
  gymB = await gym(ownerB, 'Weekly gym B');
  await addMember(t.app, owner, gymA, member, 'member');
  await addMember(t.app, owner, gymA, other, 'member');
  await addMember(t.app, ownerB, gymB, member, 'member');
  // A bound on waiting for four accounts' password hashes on a shared machine, not a speed target.
}, 400_000);
afterAll(async () => {
  await t.close();
});

const api = (
  u: TestUser,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body?: object,
  gym = gymA,
) => call(t.app, method, `/api/v1/nutrition${url}`, { token: u.token, gym, ...(body ? { body } : {}) });

interface Week {
  from: string;
  to: string;
  days: {
    date: string;
    meals_planned: number;
    meals_completed: number;
    planned: { kcal: number };
    eaten: { kcal: number };
  }[];
}
async function week(u: TestUser, gym = gymA): Promise<Week> {
  const res = await api(u, 'GET', '/progress/weekly', undefined, gym);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  return res.json<Week>();
}
const last = (w: Week) => w.days.at(-1)!;

/** A plan of 7 days, `meals` meals a day, each 100 g of `foodId` (or nothing). */
async function plan(name: string, meals: number, foodId?: number, gym = gymA, by = owner) {
  const res = await api(
    by,
    'POST',
    '/plans',
    {
      name,
      goal: 'maintenance',
      target_calories: 2000,
      days: [1, 2, 3, 4, 5, 6, 7].map((n) => ({
        day_number: n,
        meals: Array.from({ length: meals }, (_, i) => ({
          name: `Meal ${i + 1}`,
          items: foodId ? [{ food_id: foodId, grams: 100 }] : [],
        })),
      })),
    },
    gym,
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number; days: { meals: { id: number }[] }[] }>();
}

describe('the cached week', () => {
  it('a repeat read is served from the cache; a completion and a diary entry show on the very next read', async () => {
    const p = await plan('Cached week', 3);
    expect((await api(member, 'POST', `/plans/${p.id}/follow`)).statusCode).toBe(201);
    const first = await week(member);
    expect(first).toMatchObject({ from: '2027-01-08', to: '2027-01-14' });
    expect(last(first)).toMatchObject({ date: '2027-01-14', meals_planned: 3, meals_completed: 0 });

    const done = await api(member, 'POST', `/meals/${p.days[0]!.meals[0]!.id}/complete`, {});
    expect(done.statusCode, done.body).toBe(201);
    expect(last(await week(member)).meals_completed).toBe(1);

    // Changed in the database behind the service: the cached week does not see it (this is what the cache saves).
    await t.database.db.execute(
      sql`update nutrition_completions set kcal = kcal + 1000 where user_id = ${member.id}`,
    );
    expect(last(await week(member)).eaten.kcal).toBe(0);

    // A diary entry retires the week: the next read has the entry and the row changed above.
    const d = await api(member, 'POST', '/diary', { meal_type: 'snack', name: 'Turrón', kcal: 120 });
    expect(d.statusCode, d.body).toBe(201);
    expect(last(await week(member)).eaten.kcal).toBe(1120);
    // Yesterday's entry lands on its own day.
    await api(member, 'POST', '/diary', { meal_type: 'dinner', name: 'Cena', kcal: 600, date: '2027-01-13' });
    expect((await week(member)).days.map((x) => x.eaten.kcal)).toEqual([0, 0, 0, 0, 0, 600, 1120]);
    // Another completion retires it as well: the row put back above shows with it.
    await t.database.db.execute(
      sql`update nutrition_completions set kcal = kcal - 1000 where user_id = ${member.id}`,
    );
    const again = await api(member, 'POST', `/meals/${p.days[0]!.meals[1]!.id}/complete`, {});
    expect(again.statusCode, again.body).toBe(201);
    expect(last(await week(member))).toMatchObject({ meals_completed: 2, eaten: { kcal: 120 } });
    expect((await api(member, 'DELETE', `/plans/${p.id}/follow`)).statusCode).toBe(204);
  });

  it('an edit of a followed plan, and of a gym food it uses, show on the very next read', async () => {
    const f = await api(owner, 'POST', '/foods', {
      name_en: 'Weekly stew base',
      per_100g: { kcal: 200, protein_g: 20, carbs_g: 10, fat_g: 8.9 },
    });
    expect(f.statusCode, f.body).toBe(201);
    const foodId = f.json<{ id: number }>().id;
    const p = await plan('Edited week', 2, foodId);
    expect((await api(member, 'POST', `/plans/${p.id}/follow`)).statusCode).toBe(201);
    expect(last(await week(member))).toMatchObject({ meals_planned: 2, planned: { kcal: 400 } });

    const edited = await api(owner, 'PATCH', `/plans/${p.id}`, {
      days: [
        {
          day_number: 1,
          meals: ['A', 'B', 'C', 'D'].map((name) => ({ name, items: [{ food_id: foodId, grams: 100 }] })),
        },
      ],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(last(await week(member))).toMatchObject({ meals_planned: 4, planned: { kcal: 800 } });

    const changed = await api(owner, 'PATCH', `/foods/${foodId}`, {
      per_100g: { kcal: 300, protein_g: 30, carbs_g: 15, fat_g: 13.3 },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(last(await week(member))).toMatchObject({ meals_planned: 4, planned: { kcal: 1200 } });
    expect((await api(member, 'DELETE', `/plans/${p.id}/follow`)).statusCode).toBe(204);
  });

  it('follow and unfollow show on the very next read; another member and another gym never see the week', async () => {
    const p = await plan('Followed week', 5);
    const b = await plan('Gym B week', 1, undefined, gymB, ownerB);
    const empty = await week(member);
    expect(last(empty).meals_planned).toBe(0);
    expect((await api(member, 'POST', `/plans/${p.id}/follow`)).statusCode).toBe(201);
    expect(last(await week(member)).meals_planned).toBe(5);
    const meal = p.days[0]!.meals[0]!.id;
    expect((await api(member, 'POST', `/meals/${meal}/complete`, {})).statusCode).toBe(201);
    expect(last(await week(member)).meals_completed).toBe(1);

    // Same gym, another member: their own (empty) week, before and after the member's reads.
    expect(last(await week(other))).toMatchObject({ meals_planned: 0, meals_completed: 0 });
    // Same member, another gym: that gym's plan only.
    expect(last(await week(member, gymB))).toMatchObject({ meals_planned: 0, meals_completed: 0 });
    expect((await api(member, 'POST', `/plans/${b.id}/follow`, undefined, gymB)).statusCode).toBe(201);
    expect(last(await week(member, gymB))).toMatchObject({ meals_planned: 1, meals_completed: 0 });
    expect(last(await week(member))).toMatchObject({ meals_planned: 5, meals_completed: 1 });
    // Another member's completion in the same gym leaves the member's week as it was, and theirs shows it.
    expect((await api(other, 'POST', `/plans/${p.id}/follow`)).statusCode).toBe(201);
    expect((await api(other, 'POST', `/meals/${p.days[0]!.meals[1]!.id}/complete`, {})).statusCode).toBe(201);
    expect(last(await week(other))).toMatchObject({ meals_planned: 5, meals_completed: 1 });
    expect(last(await week(member))).toMatchObject({ meals_planned: 5, meals_completed: 1 });

    expect((await api(member, 'DELETE', `/plans/${p.id}/follow`)).statusCode).toBe(204);
    // Unfollowed: the plan no longer plans the day (its completion is still eaten food, not a planned meal).
    expect(last(await week(member))).toMatchObject({ meals_planned: 0, meals_completed: 0 });
    expect(last(await week(member, gymB)).meals_planned).toBe(1);
    expect((await api(member, 'DELETE', `/plans/${b.id}/follow`, undefined, gymB)).statusCode).toBe(204);
    expect((await api(other, 'DELETE', `/plans/${p.id}/follow`)).statusCode).toBe(204);
  });

  it('the gym’s midnight starts a new week at once', async () => {
    const p = await plan('Midnight week', 2);
    expect((await api(member, 'POST', `/plans/${p.id}/follow`)).statusCode).toBe(201);
    expect((await api(member, 'POST', `/meals/${p.days[0]!.meals[0]!.id}/complete`, {})).statusCode).toBe(
      201,
    );
    const before = await week(member);
    expect(before).toMatchObject({ from: '2027-01-08', to: '2027-01-14' });
    expect(last(before)).toMatchObject({ date: '2027-01-14', meals_completed: 1 });
    // 00:10 in Madrid (23:10 UTC, still the 14th there): the 15th ends the week, with nothing done yet.
    now = AFTER_MIDNIGHT;
    const after = await week(member);
    expect(after).toMatchObject({ from: '2027-01-09', to: '2027-01-15' });
    expect(after.days.at(-2)).toMatchObject({ date: '2027-01-14', meals_completed: 1 });
    expect(last(after)).toMatchObject({ date: '2027-01-15', meals_planned: 2, meals_completed: 0 });
  });
});
