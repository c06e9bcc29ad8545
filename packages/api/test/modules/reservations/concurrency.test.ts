/**
 * The engine's invariants under real concurrency: 200 members book a 20-place session at once (200 parallel
 * requests through the app). Runs on PGlite by default and on PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  addMember,
  call,
  createTestApp,
  gymWithRoles,
  registerUser,
  type TestApp,
  type TestUser,
} from '../../harness.js';
import { book, createClass, dayFromNow, sessionOn, type BookingBody } from '../schedule/helpers.js';

let t: TestApp;
let gymId: number;
let staff: TestUser;
let members: TestUser[];

beforeAll(async () => {
  t = await createTestApp();
  const g = await gymWithRoles(t.app);
  gymId = g.gymId;
  staff = g.users.owner;
  members = [];
  for (let i = 0; i < 200; i += 20) {
    members.push(
      ...(await Promise.all(
        Array.from({ length: 20 }, (_, j) => registerUser(t.app, { name: `M${i + j}` })),
      )),
    );
  }
  for (const m of members) await addMember(t.app, staff, gymId, m, 'member');
}, 240_000);
afterAll(() => t.close());

async function roster(sessionId: number): Promise<BookingBody[]> {
  const out: BookingBody[] = [];
  for (let skip = 0; ; skip += 100) {
    const res = await call(t.app, 'GET', `/api/v1/schedule/sessions/${sessionId}/bookings`, {
      token: staff.token,
      gym: gymId,
      query: { skip: String(skip), limit: '100' },
    });
    const page = res.json<BookingBody[]>();
    out.push(...page);
    if (page.length < 100) return out;
  }
}

it('200 simultaneous bookings of 20 places: exactly 20 booked, 180 waitlisted in arrival order, no duplicates', async () => {
  const c = await createClass(t.app, staff, gymId, {
    name: 'Burst',
    capacity: 20,
    start_date: dayFromNow(-1),
  });
  const s = await sessionOn(t.app, staff, gymId, c.id, dayFromNow(2));

  const results = await Promise.all(members.map((m) => book(t.app, m, gymId, s.id)));
  expect(results.map((r) => r.statusCode)).toEqual(members.map(() => 201));
  const bodies = results.map((r) => r.json<{ id: number; status: string; position?: number }>());
  expect(bodies.filter((b) => b.status === 'booked')).toHaveLength(20);
  const waitlisted = bodies.filter((b) => b.status === 'waitlisted');
  expect(waitlisted).toHaveLength(180);
  // Positions 1..180, no gaps, no repeats, and in arrival order (the order the slot lock admitted them,
  // which is also the order their rows were numbered).
  const byArrival = [...waitlisted].sort((a, b) => a.id - b.id);
  expect(byArrival.map((b) => b.position)).toEqual(Array.from({ length: 180 }, (_, i) => i + 1));
  expect(new Set(bodies.map((b) => b.id)).size).toBe(200);
  // Every booked place was handed out before the first waitlist entry.
  const lastBooked = Math.max(...bodies.filter((b) => b.status === 'booked').map((b) => b.id));
  expect(lastBooked).toBeLessThan(byArrival[0]!.id);

  expect(await sessionOn(t.app, staff, gymId, c.id, dayFromNow(2))).toMatchObject({
    booked_count: 20,
    spots_left: 0,
    waitlist_count: 180,
  });
  const all = await roster(s.id);
  expect(all).toHaveLength(200);
  expect(new Set(all.map((b) => b.user_id)).size).toBe(200);

  // The same 200 again, at once: every one is a 409 and nothing changes.
  const again = await Promise.all(members.map((m) => book(t.app, m, gymId, s.id)));
  expect(again.map((r) => r.statusCode)).toEqual(members.map(() => 409));
  expect(await sessionOn(t.app, staff, gymId, c.id, dayFromNow(2))).toMatchObject({
    booked_count: 20,
    waitlist_count: 180,
  });

  // Five booked people cancel at once: the first five of the waitlist get their places, in order.
  const booked = bodies.filter((b) => b.status === 'booked').slice(0, 5);
  const owners = booked.map((b) => members[bodies.indexOf(b)]!);
  const cancels = await Promise.all(
    booked.map((b, i) =>
      call(t.app, 'DELETE', `/api/v1/schedule/bookings/${b.id}`, { token: owners[i]!.token, gym: gymId }),
    ),
  );
  expect(cancels.map((r) => r.statusCode)).toEqual([204, 204, 204, 204, 204]);
  const after = await roster(s.id);
  const promotedIds = new Set(byArrival.slice(0, 5).map((b) => b.id));
  expect(after.filter((b) => promotedIds.has(b.id)).map((b) => b.status)).toEqual(Array(5).fill('booked'));
  const left = after.filter((b) => b.status === 'waitlisted');
  expect(left.map((b) => b.id)).toEqual(byArrival.slice(5).map((b) => b.id));
  expect(left.map((b) => b.position)).toEqual(Array.from({ length: 175 }, (_, i) => i + 1));
  expect(await sessionOn(t.app, staff, gymId, c.id, dayFromNow(2))).toMatchObject({
    booked_count: 20,
    waitlist_count: 175,
  });
}, 120_000);
