/** The demo athlete has something to show on every running-coach endpoint on the first start (issue 3). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, RUNNER_EMAIL, seedDemo } from '../../../src/cli/demo.js';
import { call, createTestApp, type TestApp } from '../../harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('the demo runner has a plan in progress, load, readiness and a prediction from her own runs', async () => {
  await seedDemo(t.app.services);
  const login = await call(t.app, 'POST', '/api/v1/auth/login', {
    body: { email: RUNNER_EMAIL, password: DEMO_PASSWORD },
  });
  const as = { token: login.json<{ access_token: string }>().access_token };

  const plan = await call(t.app, 'GET', '/api/v1/training/plan', as);
  expect(plan.statusCode, plan.body).toBe(200);
  expect(plan.json<{ goal_distance_km: number }>().goal_distance_km).toBe(21.0975);
  const week = await call(t.app, 'GET', '/api/v1/training/weekly-plan', as);
  expect(week.statusCode, week.body).toBe(200);
  expect(week.json<{ workouts: unknown[] }>().workouts).toHaveLength(4);

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
