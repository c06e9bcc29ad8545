import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
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

let t: TestApp;
let gymId: number;
let users: Awaited<ReturnType<typeof gymWithRoles>>['users'];

const inDays = (d: number, hour = 18) => {
  const x = new Date(testNow() + d * 86_400_000);
  x.setUTCHours(hour, 0, 0, 0);
  return x.toISOString();
};
/** The next last Sunday of October (UTC midnight) more than a day after the tests' clock. */
function nextOctoberChange(): DateTime {
  const now = DateTime.fromMillis(testNow(), { zone: 'utc' });
  for (let y = now.year; ; y++) {
    const oct31 = DateTime.utc(y, 10, 31);
    const sunday = oct31.minus({ days: oct31.weekday % 7 });
    if (sunday > now.plus({ days: 1 })) return sunday;
  }
}
const hoursAfter = (iso: string, h: number) => new Date(Date.parse(iso) + h * 3_600_000).toISOString();

async function member(name = 'Member'): Promise<TestUser> {
  const u = await registerUser(t.app, { name });
  await addMember(t.app, users.owner, gymId, u, 'member');
  return u;
}

async function createEvent(body: Record<string, unknown> = {}, as: TestUser = users.owner) {
  const starts = inDays(10);
  const res = await call(t.app, 'POST', '/api/v1/events', {
    token: as.token,
    gym: gymId,
    body: { title: 'Open day', starts_at: starts, ends_at: hoursAfter(starts, 2), ...body },
  });
  if (res.statusCode !== 201) throw new Error(`create event: ${res.statusCode} ${res.body}`);
  return res.json<{ id: number; starts_at: string; ends_at: string }>();
}

const register = (as: TestUser, eventId: number, body?: unknown) =>
  call(t.app, 'POST', `/api/v1/events/${eventId}/registrations`, { token: as.token, gym: gymId, body });

const notificationsOf = async (u: TestUser, lang = 'en', g = gymId) => {
  const res = await call(t.app, 'GET', '/api/v1/notifications', {
    token: u.token,
    gym: g,
    headers: { 'accept-language': lang },
  });
  expect(res.statusCode).toBe(200);
  return res.json<
    {
      id: number;
      kind: string;
      title: string;
      body: string;
      data: Record<string, unknown>;
      read_at: string | null;
    }[]
  >();
};

beforeAll(async () => {
  t = await createTestApp();
  ({ gymId, users } = await gymWithRoles(t.app));
  await call(t.app, 'PATCH', '/api/v1/gyms/current', {
    token: users.owner.token,
    gym: gymId,
    body: { timezone: 'Europe/Madrid' },
  });
});
afterAll(() => t.close());

describe('events: create, read, change, delete', () => {
  it('creates an event (201 + Location) and reads it back', async () => {
    const starts = inDays(5);
    const res = await call(t.app, 'POST', '/api/v1/events', {
      token: users.trainer.token,
      gym: gymId,
      body: {
        title: 'Trail run',
        description: 'Bring water',
        starts_at: starts,
        ends_at: hoursAfter(starts, 3),
        location: 'Park gate',
        capacity: 12,
      },
    });
    expect(res.statusCode).toBe(201);
    const e = res.json<{ id: number }>();
    expect(res.headers.location).toBe(`/api/v1/events/${e.id}`);
    expect(res.json()).toMatchObject({
      title: 'Trail run',
      capacity: 12,
      status: 'scheduled',
      registered_count: 0,
      waitlist_count: 0,
      spots_left: 12,
      starts_at: starts,
    });
    const got = await call(t.app, 'GET', `/api/v1/events/${e.id}`, { token: users.member.token, gym: gymId });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ id: e.id, location: 'Park gate', description: 'Bring water' });
  });

  it('refuses bad input with 422 naming the field', async () => {
    const starts = inDays(3);
    const post = (body: Record<string, unknown>) =>
      call(t.app, 'POST', '/api/v1/events', {
        token: users.owner.token,
        gym: gymId,
        body: { title: 'X', starts_at: starts, ends_at: hoursAfter(starts, 1), ...body },
      });
    const fields = async (body: Record<string, unknown>) =>
      expectProblem(await post(body), 422).errors?.map((e) => e.field);
    expect(await fields({ ends_at: hoursAfter(starts, -1) })).toEqual(['ends_at']);
    expect(await fields({ ends_at: starts })).toEqual(['ends_at']);
    expect(await fields({ capacity: 0 })).toEqual(['capacity']);
    expect(await fields({ capacity: -3 })).toEqual(['capacity']);
    expect(await fields({ starts_at: 'tomorrow' })).toEqual(['starts_at']);
    expect(await fields({ title: '' })).toEqual(['title']);
    expect(await fields({ colour: 'red' })).toEqual(['colour']);

    const e = await createEvent();
    const patch = (body: Record<string, unknown>) =>
      call(t.app, 'PATCH', `/api/v1/events/${e.id}`, { token: users.owner.token, gym: gymId, body });
    expect(expectProblem(await patch({ ends_at: hoursAfter(e.starts_at, -2) }), 422).errors?.[0]?.field).toBe(
      'ends_at',
    );
    expect(expectProblem(await patch({ starts_at: hoursAfter(e.ends_at, 1) }), 422).errors?.[0]?.field).toBe(
      'starts_at',
    );
    expect(expectProblem(await patch({ capacity: 0 }), 422).errors?.[0]?.field).toBe('capacity');
    expectProblem(await patch({}), 422);
    expectProblem(
      await call(t.app, 'GET', '/api/v1/events/abc', { token: users.owner.token, gym: gymId }),
      422,
    );
  });

  it('404 for an unknown event and for another gym’s event', async () => {
    const e = await createEvent();
    const other = await registerUser(t.app);
    const otherGym = await createGym(t.app, other, 'Other');
    expectProblem(
      await call(t.app, 'GET', `/api/v1/events/${e.id}`, { token: other.token, gym: otherGym }),
      404,
    );
    expectProblem(
      await call(t.app, 'PATCH', `/api/v1/events/${e.id}`, {
        token: other.token,
        gym: otherGym,
        body: { title: 'Mine' },
      }),
      404,
    );
    expectProblem(
      await call(t.app, 'DELETE', `/api/v1/events/${e.id}`, { token: other.token, gym: otherGym }),
      404,
    );
    const list = await call(t.app, 'GET', '/api/v1/events', { token: other.token, gym: otherGym });
    expect(list.json()).toEqual([]);
    expect(list.headers['x-total-count']).toBe('0');
    expectProblem(
      await call(t.app, 'GET', '/api/v1/events/999999', { token: users.owner.token, gym: gymId }),
      404,
    );
  });

  it('lists upcoming events soonest first, paginated, and shows every change on the very next read', async () => {
    const owner = await registerUser(t.app);
    const g = await createGym(t.app, owner, 'List gym');
    const list = async (query: Record<string, string> = {}) => {
      const res = await call(t.app, 'GET', '/api/v1/events', { token: owner.token, gym: g, query });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
      return { rows: res.json<{ id: number; title: string; registered_count: number }[]>(), res };
    };
    expect((await list()).rows).toEqual([]);
    const mk = async (title: string, day: number) => {
      const starts = inDays(day);
      const r = await call(t.app, 'POST', '/api/v1/events', {
        token: owner.token,
        gym: g,
        body: { title, starts_at: starts, ends_at: hoursAfter(starts, 1), capacity: 5 },
      });
      return r.json<{ id: number }>().id;
    };
    const b = await mk('B', 4);
    expect((await list()).rows.map((r) => r.title)).toEqual(['B']);
    const a = await mk('A', 2);
    await mk('Past', -3);
    expect((await list()).rows.map((r) => r.title)).toEqual(['A', 'B']);
    expect((await list({ when: 'past' })).rows.map((r) => r.title)).toEqual(['Past']);
    expect((await list({ when: 'all' })).rows.map((r) => r.title)).toEqual(['Past', 'A', 'B']);
    const page = await list({ limit: '1' });
    expect(page.rows.map((r) => r.title)).toEqual(['A']);
    expect(page.res.headers['x-total-count']).toBe('2');
    expect(page.res.headers.link).toContain('rel="next"');

    await call(t.app, 'PATCH', `/api/v1/events/${a}`, { token: owner.token, gym: g, body: { title: 'A2' } });
    expect((await list()).rows.map((r) => r.title)).toEqual(['A2', 'B']);
    await call(t.app, 'POST', `/api/v1/events/${b}/registrations`, { token: owner.token, gym: g });
    expect((await list()).rows.find((r) => r.id === b)?.registered_count).toBe(1);
    const del = await call(t.app, 'DELETE', `/api/v1/events/${a}`, { token: owner.token, gym: g });
    expect(del.statusCode).toBe(204);
    expect((await list()).rows.map((r) => r.title)).toEqual(['B']);
    expectProblem(await call(t.app, 'GET', `/api/v1/events/${a}`, { token: owner.token, gym: g }), 404);
  });

  it('the cached list counts places given up by a member who leaves or erases their account, on the very next read', async () => {
    const owner = await registerUser(t.app);
    const g = await createGym(t.app, owner, 'Leavers gym');
    const starts = inDays(6);
    const ev = (
      await call(t.app, 'POST', '/api/v1/events', {
        token: owner.token,
        gym: g,
        body: { title: 'Open day', starts_at: starts, ends_at: hoursAfter(starts, 2), capacity: 1 },
      })
    ).json<{ id: number }>().id;
    const leaver = await registerUser(t.app, { name: 'Leaver' });
    const eraser = await registerUser(t.app, { name: 'Eraser' });
    const waiting = await registerUser(t.app, { name: 'Waiting' });
    for (const u of [leaver, eraser, waiting]) await addMember(t.app, owner, g, u, 'member');
    const counts = async () => {
      const res = await call(t.app, 'GET', '/api/v1/events', { token: owner.token, gym: g });
      expect(res.statusCode).toBe(200);
      const row = res.json<{ id: number; registered_count: number; waitlist_count: number }[]>()[0]!;
      expect(row.id).toBe(ev);
      return [row.registered_count, row.waitlist_count];
    };
    for (const u of [leaver, eraser, waiting]) {
      const r = await call(t.app, 'POST', `/api/v1/events/${ev}/registrations`, { token: u.token, gym: g });
      expect(r.statusCode).toBe(201);
    }
    expect(await counts()).toEqual([1, 2]);

    // Leaving the gym gives the place to the first on the waitlist (the eraser).
    const left = await call(t.app, 'DELETE', `/api/v1/members/${leaver.id}`, { token: leaver.token, gym: g });
    expect(left.statusCode).toBe(204);
    expect(await counts()).toEqual([1, 1]);

    // Erasing the account gives it on again.
    expect((await call(t.app, 'DELETE', '/api/v1/users/me', { token: eraser.token })).statusCode).toBe(204);
    expect(await counts()).toEqual([1, 0]);
  });

  it('lets trainers edit but only managers delete; physios and members do neither', async () => {
    const e = await createEvent();
    const patch = (u: TestUser) =>
      call(t.app, 'PATCH', `/api/v1/events/${e.id}`, {
        token: u.token,
        gym: gymId,
        body: { title: 'Edited' },
      });
    expect((await patch(users.trainer)).statusCode).toBe(200);
    expectProblem(await patch(users.physio), 403);
    expectProblem(await patch(users.member), 403);
    expectProblem(
      await call(t.app, 'DELETE', `/api/v1/events/${e.id}`, { token: users.trainer.token, gym: gymId }),
      403,
    );
    expect(
      (await call(t.app, 'DELETE', `/api/v1/events/${e.id}`, { token: users.admin.token, gym: gymId }))
        .statusCode,
    ).toBe(204);
  });
});

describe('event registrations (the shared reservation engine)', () => {
  it('gives places up to the capacity, then a waitlist in order, and promotes on cancellation', async () => {
    const e = await createEvent({ capacity: 2, title: 'Workshop' });
    const [m1, m2, m3, m4] = [await member('M1'), await member('M2'), await member('M3'), await member('M4')];
    const r1 = await register(m1, e.id);
    expect(r1.statusCode).toBe(201);
    expect(r1.json()).toEqual({ id: expect.any(Number), status: 'booked' });
    expect(r1.headers.location).toBe(`/api/v1/events/registrations/${r1.json<{ id: number }>().id}`);
    // The Location answers: the member's own and staff read it; another member gets 404.
    const own = await call(t.app, 'GET', String(r1.headers.location), { token: m1.token, gym: gymId });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({
      id: r1.json<{ id: number }>().id,
      event_id: e.id,
      user_id: m1.id,
      status: 'booked',
      position: null,
      cancelled_at: null,
    });
    const byStaff = await call(t.app, 'GET', String(r1.headers.location), {
      token: users.physio.token,
      gym: gymId,
    });
    expect(byStaff.statusCode).toBe(200);
    expectProblem(
      await call(t.app, 'GET', String(r1.headers.location), { token: m2.token, gym: gymId }),
      404,
    );
    expect((await register(m2, e.id)).json()).toMatchObject({ status: 'booked' });
    expect((await register(m3, e.id)).json()).toMatchObject({ status: 'waitlisted', position: 1 });
    expect((await register(m4, e.id)).json()).toMatchObject({ status: 'waitlisted', position: 2 });
    expect(expectProblem(await register(m1, e.id), 409).type).toBe('urn:pulso:problem:already-booked');

    const ev = await call(t.app, 'GET', `/api/v1/events/${e.id}`, { token: m1.token, gym: gymId });
    expect(ev.json()).toMatchObject({ registered_count: 2, waitlist_count: 2, spots_left: 0 });

    const roster = await call(t.app, 'GET', `/api/v1/events/${e.id}/registrations`, {
      token: users.physio.token,
      gym: gymId,
    });
    expect(roster.statusCode).toBe(200);
    expect(
      roster
        .json<{ user_id: number; status: string; position: number | null }[]>()
        .map((r) => [r.user_id, r.status, r.position]),
    ).toEqual([
      [m1.id, 'booked', null],
      [m2.id, 'booked', null],
      [m3.id, 'waitlisted', 1],
      [m4.id, 'waitlisted', 2],
    ]);
    expectProblem(
      await call(t.app, 'GET', `/api/v1/events/${e.id}/registrations`, { token: m1.token, gym: gymId }),
      403,
    );

    // Another member cannot cancel m1's registration; m1 can.
    const id1 = r1.json<{ id: number }>().id;
    expectProblem(
      await call(t.app, 'DELETE', `/api/v1/events/registrations/${id1}`, { token: m2.token, gym: gymId }),
      404,
    );
    const del = await call(t.app, 'DELETE', `/api/v1/events/registrations/${id1}`, {
      token: m1.token,
      gym: gymId,
    });
    expect(del.statusCode).toBe(204);
    expectProblem(
      await call(t.app, 'DELETE', `/api/v1/events/registrations/${id1}`, { token: m1.token, gym: gymId }),
      409,
    );

    const after = await call(t.app, 'GET', `/api/v1/events/${e.id}/registrations`, {
      token: users.owner.token,
      gym: gymId,
    });
    const live = after
      .json<{ user_id: number; status: string; position: number | null }[]>()
      .filter((r) => r.status !== 'cancelled');
    expect(live.map((r) => [r.user_id, r.status, r.position])).toEqual([
      [m2.id, 'booked', null],
      [m3.id, 'booked', null],
      [m4.id, 'waitlisted', 1],
    ]);

    const n3 = await notificationsOf(m3);
    expect(n3.map((n) => n.kind)).toEqual(['waitlist_promoted']);
    expect(n3[0]!.data).toMatchObject({ slot_kind: 'event' });
    expect(n3[0]!.read_at).toBeNull();
    expect(await notificationsOf(m4)).toEqual([]);
  });

  it('lets staff register a member, refuses members registering others and non-members', async () => {
    const e = await createEvent();
    const m = await member();
    const other = await member();
    expectProblem(await register(m, e.id, { user_id: other.id }), 403);
    const byStaff = await register(users.trainer, e.id, { user_id: other.id });
    expect(byStaff.statusCode).toBe(201);
    const stranger = await registerUser(t.app);
    const p = expectProblem(await register(users.owner, e.id, { user_id: stranger.id }), 422);
    expect(p.errors?.[0]?.field).toBe('user_id');
    expectProblem(await register(m, 999_999), 404);
    // Staff cancel anyone's registration.
    const id = byStaff.json<{ id: number }>().id;
    expect(
      (
        await call(t.app, 'DELETE', `/api/v1/events/registrations/${id}`, {
          token: users.admin.token,
          gym: gymId,
        })
      ).statusCode,
    ).toBe(204);
  });

  it('keeps the capacity under concurrent registrations, with a gapless waitlist', async () => {
    const e = await createEvent({ capacity: 3 });
    const people = await Promise.all(Array.from({ length: 10 }, (_, i) => member(`C${i}`)));
    const res = await Promise.all(people.map((p) => register(p, e.id)));
    expect(res.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
    const bodies = res.map((r) => r.json<{ status: string; position?: number }>());
    expect(bodies.filter((b) => b.status === 'booked')).toHaveLength(3);
    expect(
      bodies
        .filter((b) => b.status === 'waitlisted')
        .map((b) => b.position)
        .sort((a, b) => a! - b!),
    ).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses registration for a cancelled or past event (409)', async () => {
    const e = await createEvent();
    await call(t.app, 'PATCH', `/api/v1/events/${e.id}`, {
      token: users.owner.token,
      gym: gymId,
      body: { status: 'cancelled' },
    });
    expect(expectProblem(await register(await member(), e.id), 409).type).toBe(
      'urn:pulso:problem:slot-cancelled',
    );
    const starts = inDays(-2);
    const past = await createEvent({ starts_at: starts, ends_at: hoursAfter(starts, 1) });
    expect(expectProblem(await register(await member(), past.id), 409).type).toBe(
      'urn:pulso:problem:slot-started',
    );
  });
});

describe('event changes notify the people registered', () => {
  it('a new time, a new place and a cancellation each notify, in English or Spanish', async () => {
    const e = await createEvent({ capacity: 1, title: 'Yoga al aire libre', location: 'Roof' });
    const booked = await member();
    const waiting = await member();
    const gone = await member();
    await register(booked, e.id);
    await register(waiting, e.id);
    const r = await register(gone, e.id);
    await call(t.app, 'DELETE', `/api/v1/events/registrations/${r.json<{ id: number }>().id}`, {
      token: gone.token,
      gym: gymId,
    });

    // A title change alone tells nobody.
    await call(t.app, 'PATCH', `/api/v1/events/${e.id}`, {
      token: users.owner.token,
      gym: gymId,
      body: { description: 'New text' },
    });
    expect(await notificationsOf(booked)).toEqual([]);

    // 09:00 in Madrid on the next morning the clocks go back (EU rule: last Sunday of October, 01:00 UTC).
    const newStart = nextOctoberChange().set({ hour: 8 }).toISO()!;
    const moved = await call(t.app, 'PATCH', `/api/v1/events/${e.id}`, {
      token: users.owner.token,
      gym: gymId,
      body: { starts_at: newStart, ends_at: hoursAfter(newStart, 1) },
    });
    expect(moved.statusCode).toBe(200);
    for (const u of [booked, waiting]) {
      const [n] = await notificationsOf(u);
      expect(n).toMatchObject({ kind: 'event_changed', title: 'Event changed' });
      expect(n!.data).toMatchObject({
        event_id: e.id,
        change: 'time',
        starts_at: newStart,
        timezone: 'Europe/Madrid',
      });
      expect(n!.body).toContain('Yoga al aire libre');
      expect(n!.body).toContain('9:00');
    }
    expect(await notificationsOf(gone)).toEqual([]);
    const [es] = await notificationsOf(booked, 'es-ES,es;q=0.9');
    expect(es!.title).toBe('Evento modificado');
    expect(es!.body).toContain('«Yoga al aire libre»');

    await call(t.app, 'PATCH', `/api/v1/events/${e.id}`, {
      token: users.owner.token,
      gym: gymId,
      body: { location: 'Hall' },
    });
    expect((await notificationsOf(booked))[0]!.data).toMatchObject({ change: 'location', location: 'Hall' });

    await call(t.app, 'PATCH', `/api/v1/events/${e.id}`, {
      token: users.owner.token,
      gym: gymId,
      body: { status: 'cancelled' },
    });
    const [c] = await notificationsOf(waiting);
    expect(c).toMatchObject({ kind: 'event_changed', title: 'Event cancelled' });
    expect((await notificationsOf(waiting, 'es'))[0]!.title).toBe('Evento cancelado');
    expect((await notificationsOf(booked)).map((n) => n.data.change)).toEqual([
      'cancelled',
      'location',
      'time',
    ]);
  });

  it('deleting an event notifies its registered people', async () => {
    const e = await createEvent({ title: 'Gone soon' });
    const m = await member();
    await register(m, e.id);
    expect(
      (await call(t.app, 'DELETE', `/api/v1/events/${e.id}`, { token: users.owner.token, gym: gymId }))
        .statusCode,
    ).toBe(204);
    const [n] = await notificationsOf(m);
    expect(n).toMatchObject({ kind: 'event_changed', data: { change: 'cancelled', name: 'Gone soon' } });
  });
});
