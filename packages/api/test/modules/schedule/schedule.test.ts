import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import {
  book,
  createClass,
  dayFromNow,
  sessionOn,
  sessionsOf,
  setGym,
  type BookingBody,
  type ClassBody,
  type SessionBody,
} from './helpers.js';

let t: TestApp;
let gymId: number;
let users: Record<'owner' | 'admin' | 'trainer' | 'physio' | 'member', TestUser>;
let other: { gymId: number; owner: TestUser };

beforeAll(async () => {
  t = await createTestApp();
  ({ gymId, users } = await gymWithRoles(t.app));
  await setGym(t.app, users.owner, gymId, { timezone: 'Europe/Madrid' });
  const o = await registerUser(t.app, { name: 'Other owner' });
  other = { owner: o, gymId: await createGym(t.app, o, 'Other Gym') };
});
afterAll(() => t.close());

const as = (u: TestUser, g = gymId) => ({ token: u.token, gym: g });

describe('gym settings', () => {
  it('time zone and cancellation cut-off are settable, validated and shown', async () => {
    const owner = await registerUser(t.app);
    const g = await createGym(t.app, owner);
    const cur = await call(t.app, 'GET', '/api/v1/gyms/current', as(owner, g));
    expect(cur.json()).toMatchObject({ timezone: 'UTC', cancellation_cutoff_min: 60 });
    const ok = await call(t.app, 'PATCH', '/api/v1/gyms/current', {
      ...as(owner, g),
      body: { timezone: 'America/Bogota', cancellation_cutoff_min: 120 },
    });
    expect(ok.json()).toMatchObject({ timezone: 'America/Bogota', cancellation_cutoff_min: 120 });
    const bad = expectProblem(
      await call(t.app, 'PATCH', '/api/v1/gyms/current', {
        ...as(owner, g),
        body: { timezone: 'Mars/Olympus', cancellation_cutoff_min: -1 },
      }),
      422,
    );
    expect(bad.errors!.map((e) => e.field).sort()).toEqual(['cancellation_cutoff_min', 'timezone']);
  });
});

describe('categories', () => {
  it('CRUD, unique names per gym, and another gym cannot see them', async () => {
    const res = await call(t.app, 'POST', '/api/v1/schedule/categories', {
      ...as(users.admin),
      body: { name: 'Cardio', color: '#ff0000' },
    });
    expect(res.statusCode).toBe(201);
    const cat = res.json<{ id: number; name: string; color: string }>();
    expect(res.headers.location).toBe(`/api/v1/schedule/categories/${cat.id}`);
    expectProblem(
      await call(t.app, 'POST', '/api/v1/schedule/categories', {
        ...as(users.owner),
        body: { name: 'cardio' },
      }),
      409,
    );
    // The same name in another gym is fine.
    expect(
      (
        await call(t.app, 'POST', '/api/v1/schedule/categories', {
          ...as(other.owner, other.gymId),
          body: { name: 'Cardio' },
        })
      ).statusCode,
    ).toBe(201);

    const list = await call(t.app, 'GET', '/api/v1/schedule/categories', as(users.member));
    expect(list.json<{ id: number }[]>().map((c) => c.id)).toContain(cat.id);
    expect(Number(list.headers['x-total-count'])).toBeGreaterThanOrEqual(1);

    const patched = await call(t.app, 'PATCH', `/api/v1/schedule/categories/${cat.id}`, {
      ...as(users.owner),
      body: { name: 'Cardio+' },
    });
    expect(patched.json()).toMatchObject({ id: cat.id, name: 'Cardio+' });
    expectProblem(
      await call(t.app, 'PATCH', `/api/v1/schedule/categories/${cat.id}`, { ...as(users.owner), body: {} }),
      422,
    );
    expectProblem(
      await call(t.app, 'POST', '/api/v1/schedule/categories', {
        ...as(users.owner),
        body: { name: 'X', color: 'red' },
      }),
      422,
    );

    // Another gym's id is not found, through every route.
    expectProblem(
      await call(t.app, 'GET', `/api/v1/schedule/categories/${cat.id}`, as(other.owner, other.gymId)),
      404,
    );
    expectProblem(
      await call(t.app, 'PATCH', `/api/v1/schedule/categories/${cat.id}`, {
        ...as(other.owner, other.gymId),
        body: { name: 'Mine' },
      }),
      404,
    );
    expectProblem(
      await call(t.app, 'DELETE', `/api/v1/schedule/categories/${cat.id}`, as(other.owner, other.gymId)),
      404,
    );

    expect(
      (await call(t.app, 'DELETE', `/api/v1/schedule/categories/${cat.id}`, as(users.owner))).statusCode,
    ).toBe(204);
    expectProblem(await call(t.app, 'GET', `/api/v1/schedule/categories/${cat.id}`, as(users.owner)), 404);
    const audit = await call(t.app, 'GET', '/api/v1/audit-logs', {
      ...as(users.owner),
      query: { action: 'category.deleted' },
    });
    expect(audit.json<{ target_id: string }[]>().map((a) => a.target_id)).toContain(String(cat.id));
  });
});

describe('classes', () => {
  it('creates a class with category and instructor embedded (the fixed contract)', async () => {
    const cat = (
      await call(t.app, 'POST', '/api/v1/schedule/categories', {
        ...as(users.owner),
        body: { name: 'Mind & body' },
      })
    ).json<{ id: number }>();
    const res = await call(t.app, 'POST', '/api/v1/schedule/classes', {
      ...as(users.owner),
      body: {
        name: 'Yoga',
        weekdays: [5, 1],
        start_time: '07:00',
        duration_min: 60,
        capacity: 12,
        start_date: '2026-09-01',
        end_date: '2027-06-30',
        instructor_id: users.trainer.id,
        category_id: cat.id,
        room: 'Studio 1',
      },
    });
    expect(res.statusCode).toBe(201);
    const c = res.json<ClassBody>();
    expect(res.headers.location).toBe(`/api/v1/schedule/classes/${c.id}`);
    expect(c).toMatchObject({
      name: 'Yoga',
      weekdays: [1, 5],
      start_time: '07:00',
      capacity: 12,
      instructor: { id: users.trainer.id, name: 'trainer' },
      category: { id: cat.id, name: 'Mind & body' },
      end_date: '2027-06-30',
    });
    const one = await call(t.app, 'GET', `/api/v1/schedule/classes/${c.id}`, as(users.member));
    expect(one.json()).toMatchObject({ id: c.id, name: 'Yoga' });
    expectProblem(
      await call(t.app, 'GET', `/api/v1/schedule/classes/${c.id}`, as(other.owner, other.gymId)),
      404,
    );
    expectProblem(
      await call(t.app, 'PATCH', `/api/v1/schedule/classes/${c.id}`, {
        ...as(other.owner, other.gymId),
        body: { name: 'Mine' },
      }),
      404,
    );
    expectProblem(
      await call(t.app, 'DELETE', `/api/v1/schedule/classes/${c.id}`, as(other.owner, other.gymId)),
      404,
    );
  });

  it('refuses bad input with 422 naming the field', async () => {
    const base = {
      name: 'Bad',
      weekdays: [1],
      start_time: '07:00',
      duration_min: 30,
      capacity: 5,
      start_date: '2026-12-01',
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ end_date: '2026-11-30' }, 'end_date'],
      [{ capacity: 0 }, 'capacity'],
      [{ capacity: -3 }, 'capacity'],
      [{ weekdays: [0] }, 'weekdays.0'],
      [{ weekdays: [8] }, 'weekdays.0'],
      [{ weekdays: [] }, 'weekdays'],
      [{ start_time: '25:00' }, 'start_time'],
      [{ start_time: '7:00' }, 'start_time'],
      [{ start_date: '2026-02-30' }, 'start_date'],
      [{ duration_min: 0 }, 'duration_min'],
      [{ instructor_id: 999_999_999 }, 'instructor_id'],
      [{ instructor_id: users.member.id }, 'instructor_id'],
      [{ instructor_id: other.owner.id }, 'instructor_id'],
      [{ category_id: 999_999_999 }, 'category_id'],
      [{ surprise: true }, 'surprise'],
    ];
    for (const [extra, field] of cases) {
      const p = expectProblem(
        await call(t.app, 'POST', '/api/v1/schedule/classes', {
          ...as(users.owner),
          body: { ...base, ...extra },
        }),
        422,
      );
      expect(
        p.errors?.map((e) => e.field),
        JSON.stringify(extra),
      ).toContain(field);
    }
    const c = await createClass(t.app, users.owner, gymId, {
      start_date: '2026-12-01',
      end_date: '2026-12-31',
    });
    const p = expectProblem(
      await call(t.app, 'PATCH', `/api/v1/schedule/classes/${c.id}`, {
        ...as(users.owner),
        body: { end_date: '2026-11-01' },
      }),
      422,
    );
    expect(p.errors?.[0]?.field).toBe('end_date');
    const p2 = expectProblem(
      await call(t.app, 'PATCH', `/api/v1/schedule/classes/${c.id}`, {
        ...as(users.owner),
        body: { start_date: '2027-01-05' },
      }),
      422,
    );
    expect(p2.errors?.[0]?.field).toBe('start_date');
  });

  it('the cached list shows every change on the very next read', async () => {
    const { gymId: g, users: u } = await gymWithRoles(t.app);
    const list = async () =>
      (await call(t.app, 'GET', '/api/v1/schedule/classes', as(u.member, g))).json<ClassBody[]>();
    expect(await list()).toEqual([]);
    const c = await createClass(t.app, u.owner, g, { name: 'Boxing', instructor_id: u.trainer.id });
    expect((await list()).map((x) => x.name)).toEqual(['Boxing']);
    expect((await list())[0]!.instructor).toEqual({ id: u.trainer.id, name: 'trainer' });

    await call(t.app, 'PATCH', `/api/v1/schedule/classes/${c.id}`, {
      ...as(u.admin, g),
      body: { name: 'Kickboxing', capacity: 8 },
    });
    expect((await list()).map((x) => [x.name, x.capacity])).toEqual([['Kickboxing', 8]]);

    const cat = (
      await call(t.app, 'POST', '/api/v1/schedule/categories', {
        ...as(u.owner, g),
        body: { name: 'Combat' },
      })
    ).json<{ id: number }>();
    await call(t.app, 'PATCH', `/api/v1/schedule/classes/${c.id}`, {
      ...as(u.owner, g),
      body: { category_id: cat.id },
    });
    expect((await list())[0]!.category?.name).toBe('Combat');
    await call(t.app, 'PATCH', `/api/v1/schedule/categories/${cat.id}`, {
      ...as(u.owner, g),
      body: { name: 'Martial arts' },
    });
    expect((await list())[0]!.category?.name).toBe('Martial arts');
    await call(t.app, 'DELETE', `/api/v1/schedule/categories/${cat.id}`, as(u.owner, g));
    expect((await list())[0]!.category).toBeNull();

    // Filters and paging over the cached list.
    await createClass(t.app, u.owner, g, { name: 'Aerobics' });
    const page = await call(t.app, 'GET', '/api/v1/schedule/classes', {
      ...as(u.member, g),
      query: { limit: '1' },
    });
    expect(page.json<ClassBody[]>().map((x) => x.name)).toEqual(['Aerobics']);
    expect(page.headers['x-total-count']).toBe('2');
    expect(page.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(page.headers.link).toBe('</api/v1/schedule/classes?limit=1&skip=1>; rel="next"');
    const byInstructor = async () =>
      (
        await call(t.app, 'GET', '/api/v1/schedule/classes', {
          ...as(u.member, g),
          query: { instructor_id: String(u.trainer.id) },
        })
      ).json<ClassBody[]>();
    expect((await byInstructor()).map((x) => x.name)).toEqual(['Kickboxing']);
    // A cached filtered page is retired with the rest of the gym's list.
    await call(t.app, 'PATCH', `/api/v1/schedule/classes/${c.id}`, {
      ...as(u.owner, g),
      body: { name: 'Muay thai' },
    });
    expect((await byInstructor()).map((x) => x.name)).toEqual(['Muay thai']);
    await call(t.app, 'PATCH', `/api/v1/schedule/classes/${c.id}`, {
      ...as(u.owner, g),
      body: { instructor_id: null },
    });
    expect(await byInstructor()).toEqual([]);

    expect((await call(t.app, 'DELETE', `/api/v1/schedule/classes/${c.id}`, as(u.owner, g))).statusCode).toBe(
      204,
    );
    expect((await list()).map((x) => x.name)).toEqual(['Aerobics']);
    // The same URL as the paged read above: one class left, so no next page (the Link header is not stale).
    const last = await call(t.app, 'GET', '/api/v1/schedule/classes', {
      ...as(u.member, g),
      query: { limit: '1' },
    });
    expect(last.headers['x-total-count']).toBe('1');
    expect(last.headers.link).toBeUndefined();
    // Another gym's list is its own.
    expect(
      (await call(t.app, 'GET', '/api/v1/schedule/classes', as(other.owner, other.gymId))).json(),
    ).toEqual([]);
  });

  it("an instructor's new name, or their erased account, shows in the cached list on the very next read", async () => {
    const { gymId: g, users: u } = await gymWithRoles(t.app);
    await createClass(t.app, u.owner, g, { name: 'Yoga', instructor_id: u.trainer.id });
    const instructor = async () =>
      (await call(t.app, 'GET', '/api/v1/schedule/classes', as(u.member, g))).json<ClassBody[]>()[0]!
        .instructor;
    expect(await instructor()).toEqual({ id: u.trainer.id, name: 'trainer' });
    const rename = await call(t.app, 'PATCH', '/api/v1/users/me', {
      token: u.trainer.token,
      body: { name: 'Tere' },
    });
    expect(rename.statusCode, rename.body).toBe(200);
    expect(await instructor()).toEqual({ id: u.trainer.id, name: 'Tere' });
    expect((await call(t.app, 'DELETE', '/api/v1/users/me', { token: u.trainer.token })).statusCode).toBe(
      204,
    );
    expect(await instructor()).toBeNull();
  });
});

describe('sessions', () => {
  it('a 07:00 Madrid class keeps 07:00 local across the end of summer time (05:00Z, then 06:00Z)', async () => {
    const c = await createClass(t.app, users.owner, gymId, {
      name: 'DST',
      weekdays: [5],
      start_date: '2026-10-01',
      end_date: '2026-11-30',
    });
    const s = await sessionsOf(t.app, users.member, gymId, '2026-10-19', '2026-11-01', c.id);
    expect(s.map((x) => [x.date, x.starts_at, x.local_starts_at.slice(11, 16)])).toEqual([
      ['2026-10-23', '2026-10-23T05:00:00.000Z', '07:00'],
      ['2026-10-30', '2026-10-30T06:00:00.000Z', '07:00'],
    ]);
    expect(s[1]!.local_starts_at).toBe('2026-10-30T07:00:00.000+01:00');
    expect(s[0]!.ends_at).toBe('2026-10-23T05:45:00.000Z');
  });

  it('Bogotá (no summer time) is UTC-5 all year; a class follows the gym zone', async () => {
    const { gymId: g, users: u } = await gymWithRoles(t.app);
    await setGym(t.app, u.owner, g, { timezone: 'America/Bogota' });
    const c = await createClass(t.app, u.owner, g, {
      weekdays: [5],
      start_time: '18:30',
      start_date: '2026-10-01',
    });
    const s = await sessionsOf(t.app, u.member, g, '2026-10-23', '2026-10-30', c.id);
    expect(s.map((x) => x.starts_at)).toEqual(['2026-10-23T23:30:00.000Z', '2026-10-30T23:30:00.000Z']);
  });

  it('changing the gym time zone keeps future sessions at their wall-clock time', async () => {
    const { gymId: g, users: u } = await gymWithRoles(t.app);
    const c = await createClass(t.app, u.owner, g, { start_time: '07:00', start_date: dayFromNow(-1) });
    const day = dayFromNow(3);
    const before = await sessionOn(t.app, u.member, g, c.id, day);
    expect(before.starts_at).toBe(`${day}T07:00:00.000Z`);
    await setGym(t.app, u.owner, g, { timezone: 'America/Bogota' });
    const after = await sessionOn(t.app, u.member, g, c.id, day);
    expect(after).toMatchObject({ id: before.id, starts_at: `${day}T12:00:00.000Z` });
    expect(after.local_starts_at).toBe(`${day}T07:00:00.000-05:00`);
  });

  it('returns the fixed fields with stable ids, and bounds the window', async () => {
    const c = await createClass(t.app, users.owner, gymId, {
      name: 'Pilates',
      capacity: 15,
      start_date: dayFromNow(-3),
      end_date: dayFromNow(20),
    });
    const from = dayFromNow(1);
    const to = dayFromNow(7);
    const a = await sessionsOf(t.app, users.member, gymId, from, to, c.id);
    expect(a).toHaveLength(7);
    expect(a[0]).toMatchObject({
      class_id: c.id,
      capacity: 15,
      booked_count: 0,
      spots_left: 15,
      waitlist_count: 0,
      status: 'open',
      overridden: false,
    });
    const b = await sessionsOf(t.app, users.member, gymId, from, to, c.id);
    expect(b.map((x) => x.id)).toEqual(a.map((x) => x.id));
    // Whole-gym listing includes this class's sessions too, and nothing past end_date.
    const all = await sessionsOf(t.app, users.member, gymId, dayFromNow(19), dayFromNow(25));
    expect(all.filter((x) => x.class_id === c.id).map((x) => x.date)).toEqual([
      dayFromNow(19),
      dayFromNow(20),
    ]);

    const one = await call(t.app, 'GET', `/api/v1/schedule/sessions/${a[0]!.id}`, as(users.member));
    expect(one.json()).toMatchObject({ id: a[0]!.id, class_name: 'Pilates' });
    expectProblem(
      await call(t.app, 'GET', `/api/v1/schedule/sessions/${a[0]!.id}`, as(other.owner, other.gymId)),
      404,
    );

    const q = (query: Record<string, string>) =>
      call(t.app, 'GET', '/api/v1/schedule/sessions', { ...as(users.member), query });
    expect(expectProblem(await q({ from: '2026-01-01', to: '2026-03-05' }), 422).errors?.[0]?.field).toBe(
      'query.to',
    );
    expect(expectProblem(await q({ from: '2026-01-10', to: '2026-01-09' }), 422).errors?.[0]?.field).toBe(
      'query.to',
    );
    expect(expectProblem(await q({ to: '2026-01-09' }), 422).errors?.[0]?.field).toBe('query.from');
    expectProblem(await q({ from: '2026-13-01', to: '2026-13-02' }), 422);
    expect((await q({ from: '2026-01-01', to: '2026-03-03' })).statusCode).toBe(200);
    expectProblem(await q({ from, to, class_id: '999999999' }), 404);
  });

  it('a per-date override changes one session and not the template; template edits leave it alone', async () => {
    const c = await createClass(t.app, users.owner, gymId, {
      name: 'HIIT',
      capacity: 10,
      start_date: dayFromNow(-1),
    });
    const [d1, d2] = [dayFromNow(3), dayFromNow(4)];
    const s1 = await sessionOn(t.app, users.member, gymId, c.id, d1);
    const s2 = await sessionOn(t.app, users.member, gymId, c.id, d2);
    const patched = await call(t.app, 'PATCH', `/api/v1/schedule/sessions/${s1.id}`, {
      ...as(users.trainer),
      body: { start_time: '09:30', capacity: 4, instructor_id: users.admin.id, room: 'Hall B' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json<SessionBody>()).toMatchObject({
      capacity: 4,
      instructor_id: users.admin.id,
      room: 'Hall B',
      overridden: true,
    });
    expect(patched.json<SessionBody>().local_starts_at.slice(11, 16)).toBe('09:30');

    // Template edit: capacity and time follow on other dates, not on the overridden one.
    await call(t.app, 'PATCH', `/api/v1/schedule/classes/${c.id}`, {
      ...as(users.owner),
      body: { capacity: 25, start_time: '08:00' },
    });
    const after1 = await sessionOn(t.app, users.member, gymId, c.id, d1);
    const after2 = await sessionOn(t.app, users.member, gymId, c.id, d2);
    expect(after1).toMatchObject({ id: s1.id, capacity: 4 });
    expect(after1.local_starts_at.slice(11, 16)).toBe('09:30');
    expect(after2).toMatchObject({ id: s2.id, capacity: 25 });
    expect(after2.local_starts_at.slice(11, 16)).toBe('08:00');

    // A member cannot override; an unknown instructor is a 422; another gym's session a 404.
    expectProblem(
      await call(t.app, 'PATCH', `/api/v1/schedule/sessions/${s2.id}`, {
        ...as(users.member),
        body: { capacity: 1 },
      }),
      403,
    );
    expect(
      expectProblem(
        await call(t.app, 'PATCH', `/api/v1/schedule/sessions/${s2.id}`, {
          ...as(users.owner),
          body: { instructor_id: users.physio.id },
        }),
        422,
      ).errors?.[0]?.field,
    ).toBe('instructor_id');
    expectProblem(
      await call(t.app, 'PATCH', `/api/v1/schedule/sessions/${s2.id}`, {
        ...as(other.owner, other.gymId),
        body: { capacity: 1 },
      }),
      404,
    );
    expectProblem(
      await call(t.app, 'PATCH', `/api/v1/schedule/sessions/${s2.id}`, {
        ...as(users.owner),
        body: { capacity: 0 },
      }),
      422,
    );
  });

  it('dropping a weekday removes empty future sessions and cancels booked ones (people are told)', async () => {
    const c = await createClass(t.app, users.owner, gymId, {
      name: 'Zumba',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      start_date: dayFromNow(-1),
    });
    const from = dayFromNow(1);
    const to = dayFromNow(7);
    const before = await sessionsOf(t.app, users.member, gymId, from, to, c.id);
    const booked = before[0]!;
    const bookedWeekday = new Date(`${booked.date}T12:00:00Z`).getUTCDay() || 7;
    expect((await book(t.app, users.member, gymId, booked.id)).statusCode).toBe(201);
    await call(t.app, 'PATCH', `/api/v1/schedule/classes/${c.id}`, {
      ...as(users.owner),
      body: { weekdays: [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== bookedWeekday) },
    });
    const after = await sessionsOf(t.app, users.member, gymId, from, to, c.id);
    expect(after).toHaveLength(7);
    expect(after.find((x) => x.id === booked.id)).toMatchObject({ status: 'cancelled' });
    const notes = await call(t.app, 'GET', '/api/v1/notifications', as(users.member));
    expect(notes.json<{ kind: string; data: { session_id?: number } }[]>()).toContainEqual(
      expect.objectContaining({
        kind: 'session_cancelled',
        data: expect.objectContaining({ session_id: booked.id }),
      }),
    );
  });
});

describe('bookings', () => {
  it('books, refuses a second booking, waitlists when full and promotes in order on cancel', async () => {
    const { gymId: g, users: u } = await gymWithRoles(t.app);
    const c = await createClass(t.app, u.owner, g, { capacity: 2, start_date: dayFromNow(-1) });
    const s = await sessionOn(t.app, u.member, g, c.id, dayFromNow(5));
    const people: TestUser[] = [u.member];
    for (let i = 0; i < 4; i++) {
      const p = await registerUser(t.app, { name: `P${i}` });
      await addMember(t.app, u.owner, g, p, 'member');
      people.push(p);
    }
    const results = [];
    for (const p of people) {
      const r = await book(t.app, p, g, s.id);
      expect(r.statusCode).toBe(201);
      expect(r.headers.location).toBe(`/api/v1/schedule/bookings/${r.json<{ id: number }>().id}`);
      results.push(r.json<{ id: number; status: string; position?: number }>());
    }
    expect(results.map((r) => [r.status, r.position])).toEqual([
      ['booked', undefined],
      ['booked', undefined],
      ['waitlisted', 1],
      ['waitlisted', 2],
      ['waitlisted', 3],
    ]);
    const dup = expectProblem(await book(t.app, u.member, g, s.id), 409);
    expect(dup.detail).toMatch(/Already reserved/);
    expect(dup.type).toBe('urn:pulso:problem:already-booked');

    const counts = await sessionOn(t.app, u.member, g, c.id, dayFromNow(5));
    expect(counts).toMatchObject({ booked_count: 2, spots_left: 0, waitlist_count: 3 });

    // The second in the waitlist leaves: the third moves to position 2.
    expect(
      (await call(t.app, 'DELETE', `/api/v1/schedule/bookings/${results[3]!.id}`, as(people[3]!, g)))
        .statusCode,
    ).toBe(204);
    const mine = async (p: TestUser) =>
      (await call(t.app, 'GET', '/api/v1/users/me/bookings', as(p, g))).json<BookingBody[]>();
    expect((await mine(people[4]!))[0]).toMatchObject({
      status: 'waitlisted',
      position: 2,
      session_id: s.id,
    });

    // A booked member cancels: the first of the waitlist gets the place and is notified.
    expect(
      (await call(t.app, 'DELETE', `/api/v1/schedule/bookings/${results[0]!.id}`, as(u.member, g)))
        .statusCode,
    ).toBe(204);
    expect((await mine(people[2]!))[0]).toMatchObject({ status: 'booked', position: null });
    expect((await mine(people[4]!))[0]).toMatchObject({ status: 'waitlisted', position: 1 });
    const notes = await call(t.app, 'GET', '/api/v1/notifications', as(people[2]!, g));
    expect(notes.json<{ kind: string }[]>().map((n) => n.kind)).toContain('waitlist_promoted');
    expect((await call(t.app, 'GET', '/api/v1/notifications', as(people[4]!, g))).json()).toEqual([]);
    expect(await sessionOn(t.app, u.member, g, c.id, dayFromNow(5))).toMatchObject({
      booked_count: 2,
      waitlist_count: 1,
    });

    // Cancelled twice → 409; after cancelling, booking again works (goes to the waitlist).
    expectProblem(
      await call(t.app, 'DELETE', `/api/v1/schedule/bookings/${results[0]!.id}`, as(u.member, g)),
      409,
    );
    expect((await book(t.app, u.member, g, s.id)).json()).toMatchObject({
      status: 'waitlisted',
      position: 2,
    });

    // Roster (staff): places first, then the waitlist in order.
    const roster = await call(t.app, 'GET', `/api/v1/schedule/sessions/${s.id}/bookings`, as(u.trainer, g));
    expect(roster.json<BookingBody[]>().map((b) => [b.user_id, b.status])).toEqual([
      [people[1]!.id, 'booked'],
      [people[2]!.id, 'booked'],
      [people[4]!.id, 'waitlisted'],
      [u.member.id, 'waitlisted'],
      [u.member.id, 'cancelled'],
      [people[3]!.id, 'cancelled'],
    ]);
    expectProblem(
      await call(t.app, 'GET', `/api/v1/schedule/sessions/${s.id}/bookings`, as(u.member, g)),
      403,
    );
  });

  it('members book for themselves; staff for any member; other gyms see nothing', async () => {
    const c = await createClass(t.app, users.owner, gymId, {
      name: 'Staff-booked',
      start_date: dayFromNow(-1),
    });
    const s = await sessionOn(t.app, users.member, gymId, c.id, dayFromNow(6));
    expectProblem(await book(t.app, users.member, gymId, s.id, { user_id: users.physio.id }), 403);
    const byStaff = await book(t.app, users.physio, gymId, s.id, { user_id: users.member.id });
    expect(byStaff.statusCode).toBe(201);
    const roster = await call(t.app, 'GET', `/api/v1/schedule/sessions/${s.id}/bookings`, as(users.owner));
    expect(roster.json<BookingBody[]>().map((b) => b.user_id)).toEqual([users.member.id]);
    expect(
      expectProblem(await book(t.app, users.owner, gymId, s.id, { user_id: other.owner.id }), 422).errors?.[0]
        ?.field,
    ).toBe('user_id');
    expectProblem(await book(t.app, users.owner, gymId, s.id, { user_id: 'x' }), 422);
    expectProblem(await book(t.app, other.owner, other.gymId, s.id), 404);
    const bid = byStaff.json<{ id: number }>().id;
    expectProblem(
      await call(t.app, 'DELETE', `/api/v1/schedule/bookings/${bid}`, as(other.owner, other.gymId)),
      404,
    );
    expectProblem(
      await call(t.app, 'PATCH', `/api/v1/schedule/bookings/${bid}`, {
        ...as(other.owner, other.gymId),
        body: { status: 'attended' },
      }),
      404,
    );
    // The Location of a new booking answers: the member's own and staff read it, nobody else.
    const loc = String(byStaff.headers.location);
    const read = await call(t.app, 'GET', loc, as(users.member));
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      id: bid,
      session_id: s.id,
      user_id: users.member.id,
      status: 'booked',
    });
    expect((await call(t.app, 'GET', loc, as(users.physio))).statusCode).toBe(200);
    expectProblem(await call(t.app, 'GET', loc, as(other.owner, other.gymId)), 404);
    // Another member of the same gym cannot read or cancel it (it is not theirs): 404.
    const m2 = await registerUser(t.app);
    await addMember(t.app, users.owner, gymId, m2, 'member');
    expectProblem(await call(t.app, 'GET', loc, as(m2)), 404);
    expectProblem(await call(t.app, 'DELETE', `/api/v1/schedule/bookings/${bid}`, as(m2)), 404);
    // Staff can, and an audit row says who.
    expect(
      (await call(t.app, 'DELETE', `/api/v1/schedule/bookings/${bid}`, as(users.trainer))).statusCode,
    ).toBe(204);
    const audit = await call(t.app, 'GET', '/api/v1/audit-logs', {
      ...as(users.owner),
      query: { action: 'booking.cancelled' },
    });
    expect(audit.json<{ target_id: string }[]>().map((a) => a.target_id)).toContain(String(bid));
  });

  it('no booking once started or when cancelled; the cut-off binds members, not staff', async () => {
    const { gymId: g, users: u } = await gymWithRoles(t.app);
    const c = await createClass(t.app, u.owner, g, { start_date: dayFromNow(-5) });
    const past = await sessionOn(t.app, u.member, g, c.id, dayFromNow(-2));
    const started = expectProblem(await book(t.app, u.member, g, past.id), 409);
    expect(started.detail).toMatch(/already started/);
    expect(started.type).toBe('urn:pulso:problem:slot-started');

    const soon = await sessionOn(t.app, u.member, g, c.id, dayFromNow(2));
    await call(t.app, 'PATCH', `/api/v1/schedule/sessions/${soon.id}`, {
      ...as(u.owner, g),
      body: { status: 'cancelled' },
    });
    const closed = expectProblem(await book(t.app, u.member, g, soon.id), 409);
    expect(closed.detail).toMatch(/cancelled/);
    expect(closed.type).toBe('urn:pulso:problem:slot-cancelled');
    // Reopened, it can be booked again.
    await call(t.app, 'PATCH', `/api/v1/schedule/sessions/${soon.id}`, {
      ...as(u.owner, g),
      body: { status: 'open' },
    });
    const b = (await book(t.app, u.member, g, soon.id)).json<{ id: number; status: string }>();
    expect(b.status).toBe('booked');

    // Cut-off of 7 days: a member can no longer cancel a session in 2 days; staff still can.
    await setGym(t.app, u.owner, g, { cancellation_cutoff_min: 10_080 });
    const p = expectProblem(
      await call(t.app, 'DELETE', `/api/v1/schedule/bookings/${b.id}`, as(u.member, g)),
      409,
    );
    // The count is formatted for the language (Intl.NumberFormat): "10,080" in English.
    expect(p.detail).toMatch(/10,080 minutes before/);
    expect(p.type).toBe('urn:pulso:problem:cancellation-closed');
    expect(
      (await call(t.app, 'DELETE', `/api/v1/schedule/bookings/${b.id}`, as(u.admin, g))).statusCode,
    ).toBe(204);
  });

  it('cancelling a session tells the people booked and waitlisted', async () => {
    const { gymId: g, users: u } = await gymWithRoles(t.app);
    const c = await createClass(t.app, u.owner, g, { capacity: 1, start_date: dayFromNow(-1) });
    const s = await sessionOn(t.app, u.member, g, c.id, dayFromNow(3));
    await book(t.app, u.member, g, s.id);
    await book(t.app, u.physio, g, s.id);
    const res = await call(t.app, 'PATCH', `/api/v1/schedule/sessions/${s.id}`, {
      ...as(u.trainer, g),
      body: { status: 'cancelled' },
    });
    expect(res.json()).toMatchObject({ status: 'cancelled' });
    for (const p of [u.member, u.physio]) {
      const notes = (await call(t.app, 'GET', '/api/v1/notifications', as(p, g))).json<{ kind: string }[]>();
      expect(notes.map((n) => n.kind)).toEqual(['session_cancelled']);
    }
    expect((await call(t.app, 'GET', '/api/v1/notifications', as(u.owner, g))).json()).toEqual([]);
    // Raising capacity on a reopened session promotes the waitlist.
    await call(t.app, 'PATCH', `/api/v1/schedule/sessions/${s.id}`, {
      ...as(u.trainer, g),
      body: { status: 'open', capacity: 2 },
    });
    expect(await sessionOn(t.app, u.member, g, c.id, dayFromNow(3))).toMatchObject({
      booked_count: 2,
      waitlist_count: 0,
    });
  });

  it('a member who leaves the gym gives up their places to the waitlist', async () => {
    const { gymId: g, users: u } = await gymWithRoles(t.app);
    const c = await createClass(t.app, u.owner, g, { capacity: 1, start_date: dayFromNow(-1) });
    const s = await sessionOn(t.app, u.member, g, c.id, dayFromNow(2));
    await book(t.app, u.member, g, s.id);
    await book(t.app, u.physio, g, s.id);
    const left = await call(t.app, 'DELETE', `/api/v1/members/${u.member.id}`, as(u.member, g));
    expect(left.statusCode).toBe(204);
    const roster = await call(t.app, 'GET', `/api/v1/schedule/sessions/${s.id}/bookings`, as(u.owner, g));
    expect(roster.json<BookingBody[]>().map((b) => [b.user_id, b.status])).toEqual([
      [u.physio.id, 'booked'],
      [u.member.id, 'cancelled'],
    ]);
  });

  it('staff record attendance; members cannot; not before the start, nor for waitlisted entries', async () => {
    const { gymId: g, users: u } = await gymWithRoles(t.app);
    const c = await createClass(t.app, u.owner, g, { capacity: 1, start_date: dayFromNow(-1) });
    const s = await sessionOn(t.app, u.member, g, c.id, dayFromNow(1));
    const b1 = (await book(t.app, u.member, g, s.id)).json<{ id: number }>();
    const b2 = (await book(t.app, u.physio, g, s.id)).json<{ id: number }>();
    const mark = (who: TestUser, id: number, status: string) =>
      call(t.app, 'PATCH', `/api/v1/schedule/bookings/${id}`, { ...as(who, g), body: { status } });
    expectProblem(await mark(u.member, b1.id, 'attended'), 403);
    // Tomorrow's session: attendance is recorded from its start (test/modules/schedule/hardening.test.ts
    // records it then, on an app whose clock it sets).
    const early = expectProblem(await mark(u.trainer, b1.id, 'attended'), 409);
    expect(early.detail).toContain('from the start');
    expect(early.type).toBe('urn:pulso:problem:attendance-too-early');
    // b2 is on the waitlist (capacity 1): it has no place to mark, whatever the time.
    expect(expectProblem(await mark(u.trainer, b2.id, 'attended'), 409).type).toBe(
      'urn:pulso:problem:booking-not-markable',
    );
    expectProblem(await mark(u.trainer, b1.id, 'cancelled'), 422);
  });

  it('GET /users/me/bookings: upcoming soonest first, past latest first, paginated, per gym', async () => {
    const { gymId: g, users: u } = await gymWithRoles(t.app);
    const c = await createClass(t.app, u.owner, g, { name: 'Mine', start_date: dayFromNow(-5) });
    const ids: number[] = [];
    for (const day of [3, 1, 2]) {
      const s = await sessionOn(t.app, u.member, g, c.id, dayFromNow(day));
      ids.push((await book(t.app, u.member, g, s.id)).json<{ id: number }>().id);
    }
    const res = await call(t.app, 'GET', '/api/v1/users/me/bookings', {
      ...as(u.member, g),
      query: { when: 'upcoming', limit: '2' },
    });
    expect(res.headers['x-total-count']).toBe('3');
    expect(res.headers.link).toContain('rel="next"');
    const rows = res.json<BookingBody[]>();
    expect(rows.map((r) => r.id)).toEqual([ids[1], ids[2]]);
    expect(rows[0]).toMatchObject({ class_name: 'Mine', status: 'booked', user_id: u.member.id });
    expect(
      (
        await call(t.app, 'GET', '/api/v1/users/me/bookings', { ...as(u.member, g), query: { when: 'past' } })
      ).json(),
    ).toEqual([]);
    expectProblem(
      await call(t.app, 'GET', '/api/v1/users/me/bookings', { ...as(u.member, g), query: { when: 'soon' } }),
      422,
    );
    // The owner's bookings in this gym: none.
    expect((await call(t.app, 'GET', '/api/v1/users/me/bookings', as(u.owner, g))).json()).toEqual([]);

    // Ten days later (an app whose clock is ahead, on the same database) they are all past, latest first.
    const later = await createTestApp({ clock: () => testNow() + 10 * 86_400_000 });
    try {
      const login = await call(later.app, 'POST', '/api/v1/auth/login', {
        body: { email: u.member.email, password: u.member.password },
      });
      const token = login.json<{ access_token: string }>().access_token;
      const past = await call(later.app, 'GET', '/api/v1/users/me/bookings', {
        token,
        gym: g,
        query: { when: 'past' },
      });
      expect(past.json<BookingBody[]>().map((r) => r.id)).toEqual([ids[0], ids[2], ids[1]]);
      const upcoming = await call(later.app, 'GET', '/api/v1/users/me/bookings', {
        token,
        gym: g,
        query: { when: 'upcoming' },
      });
      expect(upcoming.json()).toEqual([]);
    } finally {
      await later.close();
    }
  });
});
