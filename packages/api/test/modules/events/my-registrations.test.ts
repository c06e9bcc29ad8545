/** GET /users/me/registrations: a member's own event registrations, for the web app's "My events" page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  call,
  createTestApp,
  expectProblem,
  gymWithRoles,
  registerUser,
  testNow,
  type TestApp,
  type TestUser,
} from '../../harness.js';

let t: TestApp;
let gymId: number;
let users: Awaited<ReturnType<typeof gymWithRoles>>['users'];

const at = (days: number) => new Date(testNow() + days * 86_400_000).toISOString();

interface Mine {
  id: number;
  event_id: number;
  user_id: number;
  status: string;
  position: number | null;
  title: string;
  starts_at: string;
  event_status: string;
}

async function createEvent(title: string, startDays: number, capacity: number | null = null) {
  const res = await call(t.app, 'POST', '/api/v1/events', {
    token: users.owner.token,
    gym: gymId,
    body: { title, starts_at: at(startDays), ends_at: at(startDays + 0.1), capacity },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: number }>().id;
}

async function member(name: string): Promise<TestUser> {
  const u = await registerUser(t.app, { name });
  await addMember(t.app, users.owner, gymId, u, 'member');
  return u;
}

const register = async (u: TestUser, eventId: number) => {
  const res = await call(t.app, 'POST', `/api/v1/events/${eventId}/registrations`, {
    token: u.token,
    gym: gymId,
    body: {},
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: number; status: string }>();
};

const mine = (u: TestUser, query: Record<string, string> = {}) =>
  call(t.app, 'GET', '/api/v1/users/me/registrations', { token: u.token, gym: gymId, query });

beforeAll(async () => {
  t = await createTestApp();
  ({ gymId, users } = await gymWithRoles(t.app));
});
afterAll(() => t.close());

describe('GET /users/me/registrations', () => {
  it('lists only my registrations, upcoming soonest first, with title, start and waitlist position', async () => {
    const ana = await member('Ana');
    const ben = await member('Ben');
    const later = await createEvent('Later race', 20);
    const soon = await createEvent('Soon talk', 3, 1);
    await register(ben, soon); // Ben takes the one place: Ana waits.
    await register(ana, later);
    const waiting = await register(ana, soon);
    expect(waiting.status).toBe('waitlisted');

    const res = await mine(ana, { when: 'upcoming' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-total-count']).toBe('2');
    const rows = res.json<Mine[]>();
    expect(rows.map((r) => [r.title, r.status, r.position])).toEqual([
      ['Soon talk', 'waitlisted', 1],
      ['Later race', 'booked', null],
    ]);
    expect(rows.every((r) => r.user_id === ana.id)).toBe(true);
    expect(rows[0]!.event_id).toBe(soon);
    expect(Math.abs(Date.parse(rows[0]!.starts_at) - Date.parse(at(3)))).toBeLessThan(1000);
    expect(rows[0]!.event_status).toBe('scheduled');

    // Paginated: the second page holds the later one.
    const page2 = (await mine(ana, { when: 'upcoming', skip: '1', limit: '1' })).json<Mine[]>();
    expect(page2.map((r) => r.title)).toEqual(['Later race']);

    // Ben's place is promoted to Ana when he cancels: her row says booked.
    const bens = (await mine(ben)).json<Mine[]>();
    expect(bens.map((r) => r.title)).toEqual(['Soon talk']);
    const del = await call(t.app, 'DELETE', `/api/v1/events/registrations/${bens[0]!.id}`, {
      token: ben.token,
      gym: gymId,
    });
    expect(del.statusCode).toBe(204);
    const after = (await mine(ana, { when: 'upcoming' })).json<Mine[]>();
    expect(after.find((r) => r.event_id === soon)?.status).toBe('booked');
    // A cancelled registration stays listed as cancelled, so the page can say so.
    expect((await mine(ben)).json<Mine[]>().map((r) => r.status)).toEqual(['cancelled']);
  });

  it('lists past ones separately and nothing of another gym', async () => {
    const cara = await member('Cara');
    expect((await mine(cara, { when: 'past' })).json()).toEqual([]);
    const other = await call(t.app, 'GET', '/api/v1/users/me/registrations', {
      token: cara.token,
      gym: gymId + 100_000,
    });
    expect(other.statusCode).toBeGreaterThanOrEqual(400);
    expect(other.statusCode).toBeLessThan(500);
  });

  it('refuses an unknown `when` with a problem naming the field', async () => {
    const res = await mine(users.member, { when: 'soon' });
    const p = expectProblem(res, 422) as unknown as { errors: { field: string }[] };
    expect(p.errors.map((e) => e.field)).toEqual(['query.when']);
  });
});
