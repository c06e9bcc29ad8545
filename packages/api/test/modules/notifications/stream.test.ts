/**
 * The live stream over real HTTP: the app listens on a loopback port and the tests read the Server-Sent Events
 * with fetch, while other people act through the same app.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { book, createClass, dayFromNow, sessionOn } from '../schedule/helpers.js';
import { openSse, type SseEvent, type SseStream } from './sse.js';

let t: TestApp;
let base: string;
let gymId: number;
let users: Awaited<ReturnType<typeof gymWithRoles>>['users'];
const opened: SseStream[] = [];

async function stream(u: TestUser | null, o: { query?: string; headers?: Record<string, string> } = {}) {
  const s = await openSse(`${base}/api/v1/notifications/stream${o.query ?? ''}`, {
    ...(u ? { authorization: `Bearer ${u.token}` } : {}),
    ...o.headers,
  });
  opened.push(s);
  return s;
}
const json = <T>(e: SseEvent) => JSON.parse(e.data) as T;
interface Spots {
  gym_id: number;
  kind: string;
  id: number;
  capacity: number | null;
  booked_count: number;
  waitlist_count: number;
  spots_left: number | null;
  status: string;
}
const spotsOf = (id: number, booked: number) => (e: SseEvent) =>
  e.event === 'spots' && json<Spots>(e).id === id && json<Spots>(e).booked_count === booked;

beforeAll(async () => {
  t = await createTestApp({ env: { LIVE_HEARTBEAT_SECONDS: '1', LIVE_MAX_STREAMS_PER_USER: '2' } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  ({ gymId, users } = await gymWithRoles(t.app));
});
afterAll(async () => {
  for (const s of opened) s.close();
  await t.close();
});

describe('GET /notifications/stream', () => {
  it('refuses a request without credentials as every personal route does', async () => {
    const res = await call(t.app, 'GET', '/api/v1/notifications/stream');
    expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('opens an event stream with a retry hint and sends heartbeat comments', async () => {
    const s = await stream(users.physio);
    expect(s.status).toBe(200);
    expect(s.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(s.headers.get('cache-control')).toBe('no-store');
    expect(s.headers.get('x-accel-buffering')).toBe('no');
    // The API's security headers go out on the stream as on any other answer.
    expect(s.headers.get('x-content-type-options')).toBe('nosniff');
    const until = performance.now() + 5000;
    while (!s.comments.includes('ping') && performance.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    expect(s.retry).toBe(5000);
    expect(s.comments).toContain('ping');
    const metrics = await call(t.app, 'GET', '/metrics');
    expect(Number(/^live_streams_open (\d+)$/m.exec(metrics.body)?.[1])).toBeGreaterThanOrEqual(1);
    s.close();
  });

  it('a waitlisted member hears the places change and their promotion when someone cancels', async () => {
    const cls = await createClass(t.app, users.owner, gymId, { name: 'Live Spin', capacity: 1 });
    const session = await sessionOn(t.app, users.owner, gymId, cls.id, dayFromNow(3));
    const waiting = await registerUser(t.app, { name: 'Waiting Member' });
    await addMember(t.app, users.owner, gymId, waiting, 'member');
    const s = await stream(waiting, { headers: { 'accept-language': 'es' } });
    expect(s.status).toBe(200);

    const first = await book(t.app, users.member, gymId, session.id);
    expect(first.statusCode, first.body).toBe(201);
    const full = json<Spots>(await s.next(spotsOf(session.id, 1)));
    expect(full).toEqual({
      gym_id: gymId,
      kind: 'session',
      id: session.id,
      capacity: 1,
      booked_count: 1,
      waitlist_count: 0,
      spots_left: 0,
      status: 'open',
    });

    const second = await book(t.app, waiting, gymId, session.id);
    expect(second.json().status).toBe('waitlisted');
    expect(
      json<Spots>(await s.next((e) => e.event === 'spots' && json<Spots>(e).waitlist_count === 1)),
    ).toMatchObject({ id: session.id, spots_left: 0, booked_count: 1 });

    const cancel = await call(t.app, 'DELETE', `/api/v1/schedule/bookings/${first.json().id}`, {
      token: users.member.token,
      gym: gymId,
    });
    expect(cancel.statusCode, cancel.body).toBe(204);
    const note = await s.next((e) => e.event === 'notification');
    const n = json<{
      id: number;
      kind: string;
      title: string;
      gym_id: number;
      data: { session_id?: number };
    }>(note);
    expect(n.kind).toBe('waitlist_promoted');
    expect(n.gym_id).toBe(gymId);
    expect(note.id).toBe(String(n.id));
    // In the language the stream asked for, as the list shows it.
    const listed = await call(t.app, 'GET', '/api/v1/users/me/notifications', {
      token: waiting.token,
      headers: { 'accept-language': 'es' },
    });
    expect(listed.json()[0]).toEqual({ ...n, read_at: null });
    expect(n.title).not.toBe('You have a place');
    // The promotion moved the waiting member into the freed place: still full, nobody waiting.
    expect(
      json<Spots>(await s.next((e) => e.event === 'spots' && json<Spots>(e).waitlist_count === 0)),
    ).toMatchObject({ id: session.id, booked_count: 1, spots_left: 0 });
  });

  it('tells a person only of their own notifications and of the places in their own gyms', async () => {
    const outsider = await registerUser(t.app, { name: 'Outsider' });
    const otherGym = await createGym(t.app, outsider, 'Other Gym');
    const s = await stream(outsider);
    const cls = await createClass(t.app, users.owner, gymId, { name: 'Not Yours', capacity: 5 });
    const session = await sessionOn(t.app, users.owner, gymId, cls.id, dayFromNow(2));
    expect((await book(t.app, users.member, gymId, session.id)).statusCode).toBe(201);
    await t.app.services.notify([
      { gymId, userId: users.member.id, kind: 'event_changed', data: { name: 'Not yours', change: 'time' } },
    ]);
    // Then something of their own: it arrives, and nothing of the other gym or person came before it.
    const own = await createClass(t.app, outsider, otherGym, { name: 'Mine', capacity: 5 });
    const mine = await sessionOn(t.app, outsider, otherGym, own.id, dayFromNow(2));
    expect((await book(t.app, outsider, otherGym, mine.id)).statusCode).toBe(201);
    await s.next(spotsOf(mine.id, 1));
    expect(s.events.filter((e) => e.event === 'notification')).toEqual([]);
    expect(s.events.filter((e) => e.event === 'spots').map((e) => json<Spots>(e).gym_id)).toEqual([otherGym]);
  });

  it('resumes after Last-Event-ID with the notifications missed, oldest first', async () => {
    const u = await registerUser(t.app, { name: 'Resumer' });
    const say = (name: string) =>
      t.app.services.notify([
        { gymId: null, userId: u.id, kind: 'event_changed', data: { name, change: 'time' } },
      ]);
    await say('One');
    const [firstRow] = (await call(t.app, 'GET', '/api/v1/users/me/notifications', { token: u.token })).json<
      { id: number }[]
    >();
    await say('Two');
    await say('Three');
    const s = await stream(u, { headers: { 'last-event-id': String(firstRow!.id) } });
    const a = await s.next();
    const b = await s.next();
    expect([a, b].map((e) => json<{ data: { name: string } }>(e).data.name)).toEqual(['Two', 'Three']);
    expect(Number(a.id)).toBeGreaterThan(firstRow!.id);
    // Live after the backlog, without repeating it.
    await say('Four');
    expect(json<{ data: { name: string } }>(await s.next()).data.name).toBe('Four');
    expect(s.events).toHaveLength(3);
    s.close();

    // `?last_event_id=` does the same for a client that cannot set the header; max_seconds=0 closes after it.
    const once = await stream(u, { query: `?last_event_id=${a.id}&max_seconds=0` });
    await once.closed();
    expect(once.events.map((e) => json<{ data: { name: string } }>(e).data.name)).toEqual(['Three', 'Four']);
  });

  it('caps the open streams per person (429) and frees the place when one closes', async () => {
    const u = await registerUser(t.app, { name: 'Many Tabs' });
    const a = await stream(u);
    const b = await stream(u);
    expect([a.status, b.status]).toEqual([200, 200]);
    const third = await call(t.app, 'GET', '/api/v1/notifications/stream', { token: u.token });
    const p = expectProblem(third, 429);
    expect(p.detail).toMatch(/2 live streams/);
    expect(third.headers['retry-after']).toBe('5');
    a.close();
    let again: SseStream | undefined;
    const until = performance.now() + 5000;
    // The server sees the close when the socket does.
    while (performance.now() < until) {
      again = await stream(u);
      if (again.status === 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(again?.status).toBe(200);
  });
});

describe('POST /notifications/stream-ticket', () => {
  it('gives a one-use ticket that opens the stream without an Authorization header', async () => {
    const u = await registerUser(t.app, { name: 'Browser' });
    const res = await call(t.app, 'POST', '/api/v1/notifications/stream-ticket', { token: u.token });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { ticket, expires_at } = res.json<{ ticket: string; expires_at: string }>();
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(expires_at)).toBeGreaterThan(0);

    const s = await stream(null, { query: `?ticket=${ticket}` });
    expect(s.status).toBe(200);
    await t.app.services.notify([
      { gymId: null, userId: u.id, kind: 'event_changed', data: { name: 'By ticket', change: 'time' } },
    ]);
    expect(json<{ data: { name: string } }>(await s.next()).data.name).toBe('By ticket');

    const reused = await call(t.app, 'GET', `/api/v1/notifications/stream?ticket=${ticket}`);
    expect(expectProblem(reused, 401).detail).toMatch(/ticket/);
    const forged = await call(t.app, 'GET', `/api/v1/notifications/stream?ticket=${'x'.repeat(43)}`);
    expectProblem(forged, 401);
  });
});

describe('shutdown', () => {
  it('ends open streams when the app closes, so the drain does not wait for them', async () => {
    const own = await createTestApp({ env: { LIVE_HEARTBEAT_SECONDS: '20' } });
    await own.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (own.app.server.address() as AddressInfo).port;
    const u = await registerUser(own.app, { name: 'Leaving' });
    const s = await openSse(`http://127.0.0.1:${port}/api/v1/notifications/stream`, {
      authorization: `Bearer ${u.token}`,
    });
    expect(s.status).toBe(200);
    let done = false;
    const closing = own.close().then(() => (done = true));
    // Bounded waits, not speed targets: without the ending, close() waits for the stream forever.
    await s.closed(8000);
    await Promise.race([closing, new Promise((r) => setTimeout(r, 8000))]);
    expect(done).toBe(true);
  });
});
