import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  call,
  createGym,
  createTestApp,
  expectProblem,
  registerUser,
  type TestApp,
  type TestUser,
} from '../../harness.js';
import { book, createClass, sessionOn, setGym, type BookingBody, type SessionBody } from './helpers.js';

// The app's clock; each test moves it where it needs it (never the wall clock).
const START = Date.parse('2026-12-01T08:00:00Z');
let now = START;
let t: TestApp;
let gymId: number;
let owner: TestUser;
const members: TestUser[] = [];

const day = (n: number) => new Date(START + n * 86_400_000).toISOString().slice(0, 10);

async function notes(u: TestUser, lang = 'en') {
  const res = await call(t.app, 'GET', '/api/v1/notifications', {
    token: u.token,
    gym: gymId,
    headers: { 'accept-language': lang },
  });
  expect(res.statusCode).toBe(200);
  return res.json<{ kind: string; title: string; body: string; data: Record<string, unknown> }[]>();
}

async function roster(sessionId: number) {
  const res = await call(t.app, 'GET', `/api/v1/schedule/sessions/${sessionId}/bookings`, {
    token: owner.token,
    gym: gymId,
  });
  expect(res.statusCode).toBe(200);
  return res.json<BookingBody[]>();
}

const patchSession = (id: number, body: Record<string, unknown>) =>
  call(t.app, 'PATCH', `/api/v1/schedule/sessions/${id}`, { token: owner.token, gym: gymId, body });
const patchClass = (id: number, body: Record<string, unknown>) =>
  call(t.app, 'PATCH', `/api/v1/schedule/classes/${id}`, { token: owner.token, gym: gymId, body });

/** A one-date class with its session booked by the first `n` members, in order. */
async function bookedSession(n: number, body: Record<string, unknown> = {}, date = day(3)) {
  const cls = await createClass(t.app, owner, gymId, {
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    start_date: date,
    end_date: date,
    capacity: n,
    ...body,
  });
  const s = await sessionOn(t.app, owner, gymId, cls.id, date);
  const ids: number[] = [];
  for (const m of members.slice(0, n)) {
    now += 1000;
    const r = await book(t.app, m, gymId, s.id);
    expect(r.statusCode).toBe(201);
    ids.push(r.json<{ id: number }>().id);
  }
  return { cls, s, ids };
}

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  owner = await registerUser(t.app, { name: 'Owner' });
  gymId = await createGym(t.app, owner);
  await setGym(t.app, owner, gymId, { timezone: 'Europe/Madrid' });
  for (let i = 0; i < 5; i++) {
    const m = await registerUser(t.app, { name: `Member ${i}` });
    await addMember(t.app, owner, gymId, m, 'member');
    members.push(m);
  }
});
afterAll(() => t.close());

describe('capacity below the places taken', () => {
  it('is a 409 unless the request says who goes to the waitlist; they go first and are told', async () => {
    now = START;
    const { s, ids } = await bookedSession(3);
    now += 1000;
    expect((await book(t.app, members[3]!, gymId, s.id)).json()).toMatchObject({ status: 'waitlisted' });

    const refused = expectProblem(await patchSession(s.id, { capacity: 1 }), 409);
    expect(refused.type).toBe('urn:pulso:problem:capacity-below-bookings');
    expect((refused as typeof refused & { code: string }).code).toBe('capacity_below_bookings');
    expect(refused.errors).toEqual([{ field: 'capacity', message: 'below the 3 places taken' }]);
    expect(refused.detail).toContain('demote');
    expect((await roster(s.id)).filter((b) => b.status === 'booked')).toHaveLength(3);

    const few = expectProblem(await patchSession(s.id, { capacity: 1, demote: [ids[0]] }), 422);
    expect(few.errors?.[0]?.field).toBe('demote');
    const notMine = expectProblem(await patchSession(s.id, { capacity: 1, demote: [ids[0], 999_999] }), 422);
    expect(notMine.errors?.[0]?.field).toBe('demote');

    const ok = await patchSession(s.id, { capacity: 1, demote: [ids[2], ids[0]] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<SessionBody>()).toMatchObject({ capacity: 1, booked_count: 1, waitlist_count: 3 });
    // The demoted first, in their booking order, then who was already waiting.
    expect((await roster(s.id)).map((b) => [b.user_id, b.status, b.position])).toEqual([
      [members[1]!.id, 'booked', null],
      [members[0]!.id, 'waitlisted', 1],
      [members[2]!.id, 'waitlisted', 2],
      [members[3]!.id, 'waitlisted', 3],
    ]);
    const [note] = (await notes(members[0]!, 'es')).filter((n) => n.data.session_id === undefined);
    expect(note).toMatchObject({ kind: 'moved_to_waitlist', title: 'Pasas a la lista de espera' });
    expect(note!.body).toContain('puesto 1');
    expect((await notes(members[1]!)).some((n) => n.kind === 'moved_to_waitlist')).toBe(false);
  });

  it('a class edit takes "demote": "latest": the last to get a place move to the waitlist', async () => {
    now = START;
    const { cls, s } = await bookedSession(3);
    expect(expectProblem(await patchClass(cls.id, { capacity: 2 }), 409).type).toBe(
      'urn:pulso:problem:capacity-below-bookings',
    );
    const ok = await patchClass(cls.id, { capacity: 2, demote: 'latest' });
    expect(ok.statusCode).toBe(200);
    expect((await roster(s.id)).map((b) => [b.user_id, b.status])).toEqual([
      [members[0]!.id, 'booked'],
      [members[1]!.id, 'booked'],
      [members[2]!.id, 'waitlisted'],
    ]);
    expect((await notes(members[2]!)).filter((n) => n.kind === 'moved_to_waitlist').at(0)?.body).toContain(
      'has fewer places now',
    );
  });
});

describe('attendance and cancelling against the clock', () => {
  it('records attendance only from the start; a started session cannot be cancelled', async () => {
    now = START;
    // Twenty minutes after the clock (09:00 in Madrid): the tokens, on the same clock, live 30 minutes.
    const { s, ids } = await bookedSession(1, { start_time: '09:20' }, day(0));
    now += 1000;
    const waiting = (await book(t.app, members[1]!, gymId, s.id)).json<{ id: number; status: string }>();
    expect(waiting.status).toBe('waitlisted');
    const mark = (id = ids[0], status = 'attended') =>
      call(t.app, 'PATCH', `/api/v1/schedule/bookings/${id}`, {
        token: owner.token,
        gym: gymId,
        body: { status },
      });
    expect(expectProblem(await mark(), 409).detail).toContain('from the start');
    now = Date.parse(s.starts_at) - 1000;
    expect(expectProblem(await mark(), 409).type).toBe('urn:pulso:problem:attendance-too-early');
    now = Date.parse(s.starts_at);
    expect((await mark()).json()).toMatchObject({ id: ids[0], status: 'attended', session_id: s.id });
    expect((await mark(ids[0], 'no_show')).json()).toMatchObject({ status: 'no_show' });
    expect(expectProblem(await mark(waiting.id), 409).type).toBe('urn:pulso:problem:booking-not-markable');
    // Attendance recorded: the booking cannot be cancelled anymore; the place still counts.
    expect(
      expectProblem(
        await call(t.app, 'DELETE', `/api/v1/schedule/bookings/${ids[0]}`, {
          token: owner.token,
          gym: gymId,
        }),
        409,
      ).type,
    ).toBe('urn:pulso:problem:attendance-recorded');
    expect((await mark()).statusCode).toBe(200);

    const started = expectProblem(await patchSession(s.id, { status: 'cancelled' }), 409);
    expect(started.detail).toContain('cannot be cancelled');
    expect(started.type).toBe('urn:pulso:problem:slot-started');
    expect((await roster(s.id))[0]).toMatchObject({ status: 'attended', session_status: 'open' });
  });
});

describe('members are told when their class moves', () => {
  it('one session: new time, room or instructor (English and Spanish)', async () => {
    now = START;
    const { s } = await bookedSession(2, { start_time: '18:00', room: 'Studio 1' });
    expect((await patchSession(s.id, { start_time: '19:30' })).statusCode).toBe(200);
    const [moved] = await notes(members[1]!);
    expect(moved).toMatchObject({ kind: 'session_changed', data: { changes: ['time'], session_id: s.id } });
    expect(moved!.body).toContain('has moved');
    const [es] = await notes(members[1]!, 'es');
    expect(es!.title).toBe('Clase modificada');
    expect(es!.body).toMatch(/cambia de hora: ahora es .*19:30/);

    expect((await patchSession(s.id, { room: 'Studio 2' })).statusCode).toBe(200);
    const [room] = await notes(members[0]!);
    expect(room).toMatchObject({ kind: 'session_changed', data: { changes: ['room'], room: 'Studio 2' } });
    expect(room!.body).toContain('is now in Studio 2');
    const trainer = await registerUser(t.app, { name: 'Trainer' });
    await addMember(t.app, owner, gymId, trainer, 'trainer');
    expect((await patchSession(s.id, { instructor_id: trainer.id })).statusCode).toBe(200);
    const [coach] = await notes(members[0]!, 'es');
    expect(coach).toMatchObject({ kind: 'session_changed', data: { changes: ['instructor'] } });
    expect(coach!.body).toContain('tiene otro instructor');
    // A change of nothing that moves it (duration) tells nobody.
    const before = (await notes(members[0]!)).length;
    expect((await patchSession(s.id, { duration_min: 50 })).statusCode).toBe(200);
    expect(await notes(members[0]!)).toHaveLength(before);
  });

  it('the class: a new start time or room reaches its future sessions’ people', async () => {
    now = START;
    const { cls, s } = await bookedSession(1, { start_time: '07:00' });
    expect((await patchClass(cls.id, { start_time: '08:00', room: 'Hall' })).statusCode).toBe(200);
    const [n] = (await notes(members[0]!)).filter((x) => x.data.session_id === s.id);
    expect(n).toMatchObject({
      kind: 'session_changed',
      data: { changes: ['time', 'room'], previous_starts_at: s.starts_at, room: 'Hall' },
    });
    expect(Date.parse(String(n!.data.starts_at)) - Date.parse(s.starts_at)).toBe(3_600_000);
  });

  it('the gym changes time zone: same wall time, a new instant, and the people are told why', async () => {
    now = START;
    const { s } = await bookedSession(1, { start_time: '10:00' });
    await setGym(t.app, owner, gymId, { timezone: 'US/Pacific' });
    const gym = await call(t.app, 'GET', '/api/v1/gyms/current', { token: owner.token, gym: gymId });
    // Stored (and shown) under its canonical name.
    expect(gym.json()).toMatchObject({ timezone: 'America/Los_Angeles' });
    const [n] = (await notes(members[0]!)).filter((x) => x.data.session_id === s.id);
    expect(n).toMatchObject({ kind: 'session_changed', data: { reason: 'timezone', changes: ['time'] } });
    expect(n!.body).toContain('the gym changed its time zone');
    const [es] = (await notes(members[0]!, 'es')).filter((x) => x.data.session_id === s.id);
    expect(es!.body).toContain('zona horaria');
    // An alias of the zone it already has is no change (nobody is told again).
    const count = (await notes(members[0]!)).length;
    await setGym(t.app, owner, gymId, { timezone: 'America/Los_Angeles' });
    expect(await notes(members[0]!)).toHaveLength(count);
    await setGym(t.app, owner, gymId, { timezone: 'Europe/Madrid' });
  });
});

describe('the timetable feed', () => {
  it('is exact over HTTP in an alias zone; editing a class bumps SEQUENCE; descriptions go in', async () => {
    now = START;
    await setGym(t.app, owner, gymId, { timezone: 'US/Pacific' });
    const { cls, s } = await bookedSession(1, { start_time: '06:30', description: 'Bring a mat' });
    const issued = await call(t.app, 'POST', '/api/v1/schedule/calendar-feed', {
      token: owner.token,
      gym: gymId,
    });
    expect(issued.statusCode).toBe(201);
    const url = new URL(issued.json<{ url: string }>().url);
    const read = async () => {
      const res = await t.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
      expect(res.statusCode).toBe(200);
      const cal = new ICAL.Component(ICAL.parse(res.body));
      const zones = cal.getAllSubcomponents('vtimezone').map((z) => String(z.getFirstPropertyValue('tzid')));
      const v = cal
        .getAllSubcomponents('vevent')
        .find((e) => e.getFirstPropertyValue('uid') === `session-${s.id}@pulso`)!;
      const dtstart = v.getFirstProperty('dtstart')!;
      return {
        zones,
        tzid: dtstart.getParameter('tzid'),
        start: (dtstart.getFirstValue() as ICAL.Time).toUnixTime() * 1000,
        sequence: Number(v.getFirstPropertyValue('sequence')),
        description: v.getFirstPropertyValue('description'),
      };
    };
    const first = await read();
    expect(first.zones).toEqual(['America/Los_Angeles']);
    expect(first.tzid).toBe('America/Los_Angeles');
    expect(first.start).toBe(Date.parse(s.starts_at));
    expect(first.description).toBe('Bring a mat');

    expect((await patchClass(cls.id, { description: 'Bring a mat and water' })).statusCode).toBe(200);
    const second = await read();
    expect(second.sequence).toBeGreaterThan(first.sequence);
    expect(second.description).toBe('Bring a mat and water');
    expect((await patchSession(s.id, { start_time: '07:15' })).statusCode).toBe(200);
    const third = await read();
    expect(third.sequence).toBeGreaterThan(second.sequence);
    expect(third.start).toBe(Date.parse(s.starts_at) + 45 * 60_000);
    await setGym(t.app, owner, gymId, { timezone: 'Europe/Madrid' });
  });
});
