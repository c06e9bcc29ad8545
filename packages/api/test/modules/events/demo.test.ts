import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../../src/cli/demo.js';
import { call, createTestApp, type TestApp } from '../../harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('the demo gym gets upcoming events with registrations, and members get notifications', async () => {
  const demo = await seedDemo(t.app.services);
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
