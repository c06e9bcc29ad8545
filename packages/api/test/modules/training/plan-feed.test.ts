/** The training plan as an iCalendar feed at a secret, revocable URL (issue 3: GET /training/plan.ics). */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, mondayOf, todayOf } from '../../../src/modules/training/domain/dates.js';
import {
  call,
  createTestApp,
  expectProblem,
  registerUser,
  testNow,
  type TestApp,
  type TestUser,
} from '../../harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const raceDate = () => addDays(mondayOf(todayOf(testNow())), 12 * 7 + 6); // a Sunday, 12 weeks on

async function planFor(u: TestUser) {
  const res = await call(t.app, 'POST', '/api/v1/training/plan', {
    token: u.token,
    body: { goal_distance_km: 21.0975, race_date: raceDate(), days_per_week: 4, long_run_day: 'sunday' },
  });
  expect(res.statusCode, res.body).toBe(201);
}

/** Issues a feed URL and returns the path + query a calendar app would fetch. */
async function issue(u: TestUser, lang = 'en') {
  const res = await call(t.app, 'POST', '/api/v1/training/plan-feed', {
    token: u.token,
    headers: { 'accept-language': lang },
  });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json<{ kind: string; url: string }>();
  expect(body.kind).toBe('training_plan');
  const url = new URL(body.url);
  expect(url.pathname).toBe('/api/v1/training/plan.ics');
  return `${url.pathname}${url.search}`;
}

function vevents(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return { uid: e.uid, summary: e.summary, start: e.startDate, end: e.endDate };
  });
}

describe('training plan calendar feed', () => {
  it('serves every session of the plan as a whole-day entry, without a bearer token', async () => {
    const u = await registerUser(t.app);
    await planFor(u);
    const path = await issue(u);
    const res = await call(t.app, 'GET', path, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const events = vevents(res.body);
    const sessions = await t.app.services.training.sessionsBetween(u.id, '0001-01-01', '9999-12-31');
    expect(events).toHaveLength(sessions.length);
    const race = events.find((e) => e.start.toString() === raceDate())!;
    expect(race.summary).toMatch(/^Race day · 21\.1 km$/);
    expect(race.start.isDate).toBe(true); // DTSTART;VALUE=DATE: the same day in every time zone
    expect(race.end.toString()).toBe(addDays(raceDate(), 1));
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  });

  it('writes the entries in the language the URL was issued in', async () => {
    const u = await registerUser(t.app);
    await planFor(u);
    const res = await call(t.app, 'GET', await issue(u, 'es-ES,es;q=0.9'), {});
    expect(res.statusCode).toBe(200);
    expect(vevents(res.body).find((e) => e.start.toString() === raceDate())!.summary).toMatch(
      /^Día de carrera · /,
    );
  });

  it('a new URL revokes the old one; DELETE revokes the live one (404 after); unknown tokens are 404', async () => {
    const u = await registerUser(t.app);
    await planFor(u);
    const first = await issue(u);
    const second = await issue(u);
    expectProblem(await call(t.app, 'GET', first, {}), 404);
    expect((await call(t.app, 'GET', second, {})).statusCode).toBe(200);
    expect((await call(t.app, 'DELETE', '/api/v1/training/plan-feed', { token: u.token })).statusCode).toBe(
      204,
    );
    expectProblem(await call(t.app, 'GET', second, {}), 404);
    const none = expectProblem(
      await call(t.app, 'DELETE', '/api/v1/training/plan-feed', {
        token: u.token,
        headers: { 'accept-language': 'es' },
      }),
      404,
    );
    expect(none.detail).toMatch(/enlace de calendario/);
    const unknown = expectProblem(
      await call(t.app, 'GET', `/api/v1/training/plan.ics?token=${'x'.repeat(43)}`, {
        headers: { 'accept-language': 'es' },
      }),
      404,
    );
    // A sentence in the asker's language, not a bare English noun.
    expect(unknown.detail).toMatch(/^Calendario no encontrado/);
    expectProblem(await call(t.app, 'GET', '/api/v1/training/plan.ics', {}), 422);
  });

  it("shows only its owner's plan, empties when the plan is deleted, and dies with the account", async () => {
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    await planFor(a);
    const path = await issue(b); // b has no plan
    expect(vevents((await call(t.app, 'GET', path, {})).body)).toEqual([]);
    const pathA = await issue(a);
    expect(vevents((await call(t.app, 'GET', pathA, {})).body).length).toBeGreaterThan(40);
    expect((await call(t.app, 'DELETE', '/api/v1/training/plan', { token: a.token })).statusCode).toBe(204);
    expect(vevents((await call(t.app, 'GET', pathA, {})).body)).toEqual([]);
    expect((await call(t.app, 'DELETE', '/api/v1/users/me', { token: a.token })).statusCode).toBe(204);
    expectProblem(await call(t.app, 'GET', pathA, {}), 404);
  });
});
