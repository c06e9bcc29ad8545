import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../../src/cli/demo.js';
import { call, createTestApp, type TestApp } from '../../harness.js';
import type { ClassBody, SessionBody } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('the demo gym gets categories, a weekly timetable and some bookings', async () => {
  const demo = await seedDemo(t.app.services);
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
  const today = new Date().toISOString().slice(0, 10);
  const week = new Date(Date.now() + 6 * 86_400_000).toISOString().slice(0, 10);
  const sessions = (
    await call(t.app, 'GET', '/api/v1/schedule/sessions', { ...as, query: { from: today, to: week } })
  ).json<SessionBody[]>();
  expect(sessions.length).toBeGreaterThanOrEqual(10);
  expect(sessions.reduce((n, s) => n + s.booked_count, 0)).toBeGreaterThanOrEqual(6);
  const mine = (await call(t.app, 'GET', '/api/v1/users/me/bookings', as)).json<unknown[]>();
  expect(mine.length).toBeGreaterThanOrEqual(3);
});
