import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarFeeds } from '../../../src/platform/calendar/tables.js';
import { writeIcs } from '../../../src/platform/calendar/ics.js';
import {
  addMember,
  call,
  createGym,
  createTestApp,
  expectProblem,
  gymWithRoles,
  registerUser,
  type TestApp,
  type TestUser,
} from '../../harness.js';

// The feeds cover 2 weeks back to 8 weeks ahead of "now": a clock five days before the October 2026 change
// (Europe/Madrid goes from CEST, UTC+2, to CET, UTC+1, on Sunday 25 October at 03:00) puts it in the window.
const NOW = Date.parse('2026-10-20T10:00:00Z');

let t: TestApp;
let gymId: number;
let users: Awaited<ReturnType<typeof gymWithRoles>>['users'];
let classId: number;

interface ParsedEvent {
  uid: string;
  summary: string;
  start: Date;
  end: Date;
  startTzid: string | null;
  startLocal: string;
  status: string | null;
  location: string | null;
}

function parse(ics: string): { events: ParsedEvent[]; zones: string[]; raw: string } {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const zones = cal.getAllSubcomponents('vtimezone').map((z) => {
    ICAL.TimezoneService.register(z);
    return String(z.getFirstPropertyValue('tzid'));
  });
  const events = cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    const dtstart = v.getFirstProperty('dtstart')!;
    return {
      uid: e.uid,
      summary: e.summary,
      start: e.startDate.toJSDate(),
      end: e.endDate.toJSDate(),
      startTzid: (dtstart.getParameter('tzid') as string | undefined) ?? null,
      startLocal: e.startDate.toString(),
      status: (v.getFirstPropertyValue('status') as string | null) ?? null,
      location: (v.getFirstPropertyValue('location') as string | null) ?? null,
    };
  });
  return { events, zones, raw: ics };
}

const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

async function feed(kind: 'timetable' | 'mine', u: TestUser, g = gymId) {
  const res =
    kind === 'timetable'
      ? await call(t.app, 'POST', '/api/v1/schedule/calendar-feed', { token: u.token, gym: g })
      : await call(t.app, 'POST', '/api/v1/users/me/calendar-feed', { token: u.token });
  expect(res.statusCode).toBe(201);
  return res.json<{ kind: string; url: string; created_at: string }>();
}

async function fetchIcs(url: string) {
  const res = await t.app.inject({ method: 'GET', url: pathOf(url) });
  return res;
}

async function sessionsOf(g: number, token: string) {
  const res = await call(t.app, 'GET', '/api/v1/schedule/sessions', {
    token,
    gym: g,
    query: { from: '2026-10-18', to: '2026-11-08' },
  });
  expect(res.statusCode).toBe(200);
  return res.json<{ id: number; starts_at: string; class_id: number }[]>();
}

beforeAll(async () => {
  t = await createTestApp({ clock: () => NOW });
  ({ gymId, users } = await gymWithRoles(t.app));
  await call(t.app, 'PATCH', '/api/v1/gyms/current', {
    token: users.owner.token,
    gym: gymId,
    body: { timezone: 'Europe/Madrid' },
  });
  const cls = await call(t.app, 'POST', '/api/v1/schedule/classes', {
    token: users.owner.token,
    gym: gymId,
    body: {
      name: 'Sunday Yoga',
      weekdays: [7],
      start_time: '09:00',
      duration_min: 60,
      capacity: 1,
      room: 'Studio 1',
      start_date: '2026-10-01',
      end_date: '2026-11-30',
    },
  });
  if (cls.statusCode !== 201) throw new Error(`class: ${cls.statusCode} ${cls.body}`);
  classId = cls.json<{ id: number }>().id;
});
afterAll(() => t.close());

describe("the gym's timetable feed", () => {
  it('is iCalendar with the gym’s zone: 09:00 local on both sides of the DST change', async () => {
    const { url, kind } = await feed('timetable', users.member);
    expect(kind).toBe('gym_timetable');
    expect(url).toMatch(/^http:\/\/[^/]+\/api\/v1\/schedule\/calendar\.ics\?token=[A-Za-z0-9_-]{43}$/);
    const ev = await call(t.app, 'POST', '/api/v1/events', {
      token: users.owner.token,
      gym: gymId,
      body: {
        title: 'Clock change party',
        starts_at: '2026-10-25T01:30:00+02:00',
        ends_at: '2026-10-25T02:30:00+01:00',
        location: 'Bar',
      },
    });
    expect(ev.statusCode).toBe(201);

    const res = await fetchIcs(url);
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/calendar/);
    const { events, zones, raw } = parse(res.body);
    expect(zones).toEqual(['Europe/Madrid']);
    expect(raw).toMatch(/^DTSTAMP:\d{8}T\d{6}Z\r?$/m);

    const yoga = events.filter((e) => e.summary === 'Sunday Yoga').sort((a, b) => +a.start - +b.start);
    // Oct 18 (CEST) .. Nov 1 (CET) are in the window at least.
    const byDate = new Map(yoga.map((e) => [e.start.toISOString(), e]));
    const before = byDate.get('2026-10-18T07:00:00.000Z');
    const after = byDate.get('2026-10-25T08:00:00.000Z');
    expect(before, 'the 18 October class at 09:00 CEST').toBeDefined();
    expect(after, 'the 25 October class at 09:00 CET').toBeDefined();
    expect(byDate.get('2026-11-01T08:00:00.000Z')).toBeDefined();
    for (const e of [before!, after!]) {
      expect(e.startTzid).toBe('Europe/Madrid');
      expect(e.startLocal).toMatch(/T09:00:00$/);
      expect(+e.end - +e.start).toBe(3_600_000);
      expect(e.location).toBe('Studio 1');
      expect(e.uid).toMatch(/^session-\d+@pulso$/);
    }
    const party = events.find((e) => e.summary === 'Clock change party')!;
    expect(party.start.toISOString()).toBe('2026-10-24T23:30:00.000Z');
    expect(party.end.toISOString()).toBe('2026-10-25T01:30:00.000Z');
    expect(party.uid).toMatch(/^event-\d+@pulso$/);

    // Stable UIDs: the same items on the next fetch.
    const again = parse((await fetchIcs(url)).body);
    expect(again.events.map((e) => e.uid).sort()).toEqual(events.map((e) => e.uid).sort());
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  });

  it('shows a cancelled session as CANCELLED', async () => {
    const { url } = await feed('timetable', users.trainer);
    const s = (await sessionsOf(gymId, users.owner.token)).find(
      (x) => x.starts_at === '2026-11-01T08:00:00.000Z',
    )!;
    const patched = await call(t.app, 'PATCH', `/api/v1/schedule/sessions/${s.id}`, {
      token: users.owner.token,
      gym: gymId,
      body: { status: 'cancelled' },
    });
    expect(patched.statusCode).toBe(200);
    const e = parse((await fetchIcs(url)).body).events.find((x) => x.uid === `session-${s.id}@pulso`);
    expect(e?.status).toBe('CANCELLED');
  });

  it('a new URL revokes the old one; DELETE revokes; unknown and malformed tokens are 404', async () => {
    const first = await feed('timetable', users.physio);
    expect((await fetchIcs(first.url)).statusCode).toBe(200);
    const second = await feed('timetable', users.physio);
    expect(second.url).not.toBe(first.url);
    expectProblem(await fetchIcs(first.url), 404);
    expect((await fetchIcs(second.url)).statusCode).toBe(200);

    const del = await call(t.app, 'DELETE', '/api/v1/schedule/calendar-feed', {
      token: users.physio.token,
      gym: gymId,
    });
    expect(del.statusCode).toBe(204);
    expectProblem(await fetchIcs(second.url), 404);
    expectProblem(
      await call(t.app, 'DELETE', '/api/v1/schedule/calendar-feed', {
        token: users.physio.token,
        gym: gymId,
      }),
      404,
    );

    const ics = (q: string) => t.app.inject({ method: 'GET', url: `/api/v1/schedule/calendar.ics${q}` });
    expectProblem(await ics('?token=' + 'A'.repeat(43)), 404);
    expectProblem(await ics('?token=short'), 404);
    expectProblem(await ics(''), 422);
    // A personal token does not open the gym timetable.
    const mine = await feed('mine', users.physio);
    expectProblem(await ics('?token=' + new URL(mine.url).searchParams.get('token')!), 404);
  });

  it('stores only the SHA-256 of the token', async () => {
    const { url } = await feed('timetable', users.admin);
    const token = new URL(url).searchParams.get('token')!;
    const rows = await t.database.db.select().from(calendarFeeds);
    const hashes = rows.map((r) => r.tokenHash);
    expect(hashes).toContain(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('shows only its own gym, and stops when the holder leaves the gym', async () => {
    const other = await registerUser(t.app);
    const otherGym = await createGym(t.app, other, 'Other gym');
    const c = await call(t.app, 'POST', '/api/v1/schedule/classes', {
      token: other.token,
      gym: otherGym,
      body: {
        name: 'Other Pilates',
        weekdays: [1, 3],
        start_time: '10:00',
        duration_min: 45,
        capacity: 5,
        start_date: '2026-10-01',
      },
    });
    expect(c.statusCode).toBe(201);
    const mine = parse((await fetchIcs((await feed('timetable', users.owner)).url)).body);
    expect(mine.events.some((e) => e.summary === 'Other Pilates')).toBe(false);
    expect(mine.events.some((e) => e.summary === 'Sunday Yoga')).toBe(true);
    const theirs = parse((await fetchIcs((await feed('timetable', other, otherGym)).url)).body);
    expect(theirs.events.length).toBeGreaterThan(0);
    expect(theirs.events.every((e) => e.summary === 'Other Pilates')).toBe(true);

    const leaver = await registerUser(t.app);
    await addMember(t.app, users.owner, gymId, leaver, 'member');
    const { url } = await feed('timetable', leaver);
    expect((await fetchIcs(url)).statusCode).toBe(200);
    const left = await call(t.app, 'DELETE', `/api/v1/members/${leaver.id}`, {
      token: leaver.token,
      gym: gymId,
    });
    expect(left.statusCode).toBe(204);
    expectProblem(await fetchIcs(url), 404);
  });
});

describe('the personal feed', () => {
  it("has my bookings and event registrations, and nobody else's", async () => {
    const me = await registerUser(t.app, { name: 'Me' });
    const someone = await registerUser(t.app, { name: 'Someone' });
    await addMember(t.app, users.owner, gymId, me, 'member');
    await addMember(t.app, users.owner, gymId, someone, 'member');
    const sessions = (await sessionsOf(gymId, me.token)).filter((s) => s.class_id === classId);
    const oct25 = sessions.find((s) => s.starts_at === '2026-10-25T08:00:00.000Z')!;
    const nov8 = sessions.find((s) => s.starts_at === '2026-11-08T08:00:00.000Z')!;
    // Capacity 1: someone takes the place on the 25th, I am waitlisted; I have the place on 8 November.
    const book = (u: TestUser, id: number) =>
      call(t.app, 'POST', `/api/v1/schedule/sessions/${id}/bookings`, { token: u.token, gym: gymId });
    expect((await book(someone, oct25.id)).json()).toMatchObject({ status: 'booked' });
    expect((await book(me, oct25.id)).json()).toMatchObject({ status: 'waitlisted', position: 1 });
    expect((await book(me, nov8.id)).json()).toMatchObject({ status: 'booked' });

    const ev = await call(t.app, 'POST', '/api/v1/events', {
      token: users.owner.token,
      gym: gymId,
      body: {
        title: 'Members dinner',
        starts_at: '2026-10-30T20:00:00+01:00',
        ends_at: '2026-10-30T23:00:00+01:00',
        location: 'Terrace',
      },
    });
    const eventId = ev.json<{ id: number }>().id;
    expect(
      (await call(t.app, 'POST', `/api/v1/events/${eventId}/registrations`, { token: me.token, gym: gymId }))
        .statusCode,
    ).toBe(201);

    const { url, kind } = await feed('mine', me);
    expect(kind).toBe('my_bookings');
    expect(url).toContain('/api/v1/users/me/calendar.ics?token=');
    const res = await fetchIcs(url);
    expect(res.statusCode).toBe(200);
    const { events, zones } = parse(res.body);
    expect(zones).toEqual(['Europe/Madrid']);
    const summaries = events.map((e) => e.summary).sort();
    expect(summaries).toEqual([
      'Members dinner · Test Gym',
      'Sunday Yoga · Test Gym',
      'Sunday Yoga · Test Gym',
    ]);
    const waitlisted = events.find((e) => e.start.toISOString() === '2026-10-25T08:00:00.000Z')!;
    expect(waitlisted.status).toBe('TENTATIVE');
    expect(waitlisted.startLocal).toMatch(/T09:00:00$/);
    const booked = events.find((e) => e.start.toISOString() === '2026-11-08T08:00:00.000Z')!;
    expect(booked.status).toBe('CONFIRMED');
    const dinner = events.find((e) => e.summary.startsWith('Members dinner'))!;
    expect(dinner.start.toISOString()).toBe('2026-10-30T19:00:00.000Z');
    expect(dinner.location).toBe('Terrace');

    // Someone else's feed has their booking only.
    const theirs = parse((await fetchIcs((await feed('mine', someone)).url)).body);
    expect(theirs.events.map((e) => e.start.toISOString())).toEqual(['2026-10-25T08:00:00.000Z']);

    // Revoked → 404.
    expect(
      (await call(t.app, 'DELETE', '/api/v1/users/me/calendar-feed', { token: me.token })).statusCode,
    ).toBe(204);
    expectProblem(await fetchIcs(url), 404);
  });
});

describe('writeIcs', () => {
  it('falls back to UTC times for a zone it has no VTIMEZONE for', () => {
    const ics = writeIcs({
      name: 'X',
      timezone: 'Not/AZone',
      events: [
        {
          uid: 'a@x',
          start: new Date('2026-10-25T08:00:00Z'),
          end: new Date('2026-10-25T09:00:00Z'),
          summary: 'A',
        },
      ],
    });
    expect(ics).toContain('DTSTART:20261025T080000Z');
    expect(ics).not.toContain('VTIMEZONE');
  });
});
