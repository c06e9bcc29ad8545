/**
 * Tenancy and access rules across the whole API (design §5): the access matrix for every protected route,
 * a guard that no /api/ route can exist without an access rule, and proof that one gym's data never shows
 * through another gym's header.
 */
import type * as FastifyModule from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROLES } from '@pulso/contracts';
import { buildApp } from '../../src/app.js';
import { accessMatrix, type MatrixContext, type ProtectedRoute, type RoleName } from '../access-matrix.js';
import {
  addMember,
  call,
  createGym,
  createTestApp,
  expectProblem,
  gymWithRoles,
  registerUser,
  sharedDatabase,
  silentLogger,
  testCache,
  testConfig,
  testDay,
  testIso,
  uniqueEmail,
  type TestApp,
  type TestUser,
} from '../harness.js';
import * as segmentsMatrix from '../modules/segments/matrix.js';

/**
 * Every Fastify instance built in this file records the routes it is given, with their config, through an
 * onRoute hook added before any other (the app's own access hook cannot hide a route from it).
 */
interface RecordedRoute {
  method: string;
  url: string;
  config: { access?: unknown } | undefined;
}
const recorder = vi.hoisted(() => ({ routes: [] as RecordedRoute[] }));
vi.mock('fastify', async (importOriginal) => {
  const real = await importOriginal<typeof FastifyModule>();
  const create = real.default as unknown as (opts?: unknown) => FastifyInstance;
  const recording = (opts?: unknown) => {
    const app = create(opts);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat())
        recorder.routes.push({
          method: String(method),
          url: route.url,
          config: route.config,
        });
    });
    return app;
  };
  return { ...real, default: recording, fastify: recording };
});

const ALL: RoleName[] = ['owner', 'admin', 'trainer', 'physio', 'member'];
const STAFF: RoleName[] = ['owner', 'admin', 'trainer', 'physio'];
const MANAGERS: RoleName[] = ['owner', 'admin'];

let t: TestApp;
let ctx: MatrixContext;
/** A member of the gym whose role the PATCH matrix may change. */
let patchTarget: TestUser;
/** Members the DELETE matrix may remove: one per request it sends (a granted delete really deletes). */
const spares: number[] = [];
/** Already a member of the gym: a granted POST /members renews one invitation (202) and adds nobody. */
const ALREADY_MEMBER = uniqueEmail('already-member');

function nextSpare(): number {
  const id = spares.shift();
  if (id === undefined) throw new Error('the DELETE /members matrix ran out of spare members; add more');
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  const { gymId, users } = await gymWithRoles(t.app);
  const outsider = await registerUser(t.app, { name: 'Outsider' });
  const outsiderGymId = await createGym(t.app, outsider, 'Outsider Gym');
  ctx = { app: t.app, gymId, users, outsider, outsiderGymId };

  const already = await registerUser(t.app, { email: ALREADY_MEMBER, name: 'Already' });
  await addMember(t.app, users.owner, gymId, already, 'member');
  patchTarget = await registerUser(t.app, { name: 'Patch target' });
  await addMember(t.app, users.owner, gymId, patchTarget, 'member');
  const pool = await Promise.all(
    Array.from({ length: 24 }, (_, i) => registerUser(t.app, { name: `Spare ${i}` })),
  );
  for (const u of pool) {
    await addMember(t.app, users.owner, gymId, u, 'member');
    spares.push(u.id);
  }
  // Pending invitations the DELETE /invitations matrix may withdraw (a granted delete really withdraws).
  for (let i = 0; i < 24; i++) {
    const res = await call(t.app, 'POST', '/api/v1/members', {
      token: users.owner.token,
      gym: gymId,
      body: { email: uniqueEmail(`spare-invite-${i}`) },
    });
    spareInvitations.push(res.json<{ invitation: { id: number } }>().invitation.id);
  }
});
const spareInvitations: number[] = [];
afterAll(() => t.close());

/** Schedule fixtures in the matrix gym: one of each, plus spares for the DELETE routes (a granted delete deletes). */
const sched = { category: 0, cls: 0, session: 0, bookable: 0, memberBooking: 0, physioBooking: 0 };
/** The member's bookings the DELETE matrix cancels, one per request (a granted cancel really cancels). */
const memberBookings: number[] = [];
let categoryN = 0;
const spareCategories: number[] = [];
const spareClasses: number[] = [];
const nextOf = (pool: number[], what: string) => {
  const id = pool.shift();
  if (id === undefined) throw new Error(`the matrix ran out of spare ${what}; add more`);
  return id;
};
const SCHED_DAY = testDay(3);
beforeAll(async () => {
  const { app, gymId, users } = ctx;
  const post = async (url: string, body: unknown, token = users.owner.token) => {
    const res = await call(app, 'POST', url, { token, gym: gymId, body });
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json<{ id: number }>().id;
  };
  sched.category = await post('/api/v1/schedule/categories', { name: 'Matrix category' });
  const cls = {
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    start_time: '10:00',
    duration_min: 60,
    capacity: 10,
    start_date: SCHED_DAY,
  };
  sched.cls = await post('/api/v1/schedule/classes', { name: 'Matrix class', ...cls });
  for (let i = 0; i < 30; i++) {
    spareCategories.push(await post('/api/v1/schedule/categories', { name: `Spare category ${i}` }));
    spareClasses.push(await post('/api/v1/schedule/classes', { name: `Spare class ${i}`, ...cls }));
  }
  const sessions = await call(app, 'GET', '/api/v1/schedule/sessions', {
    token: users.owner.token,
    gym: gymId,
    query: { from: SCHED_DAY, to: SCHED_DAY, class_id: String(sched.cls) },
  });
  sched.session = sessions.json<{ id: number }[]>()[0]!.id;
  sched.memberBooking = await post(
    `/api/v1/schedule/sessions/${sched.session}/bookings`,
    {},
    users.member.token,
  );
  sched.physioBooking = await post(
    `/api/v1/schedule/sessions/${sched.session}/bookings`,
    {},
    users.physio.token,
  );
  // Later sessions of the class: one nobody has booked (every role books it), and one per DELETE request.
  const later = await call(app, 'GET', '/api/v1/schedule/sessions', {
    token: users.owner.token,
    gym: gymId,
    query: { from: testDay(4), to: testDay(40), class_id: String(sched.cls) },
  });
  const [bookable, ...rest] = later.json<{ id: number }[]>();
  sched.bookable = bookable!.id;
  for (const x of rest.slice(0, 24))
    memberBookings.push(await post(`/api/v1/schedule/sessions/${x.id}/bookings`, {}, users.member.token));
});

/** Events, notifications and calendar fixtures in the matrix gym (spares for DELETE: a granted delete deletes). */
const gymops = { event: 0, openEvent: 0, memberRegistration: 0, memberNotification: 0 };
const spareEvents: number[] = [];
/** The member's registrations the DELETE matrix cancels, one per request. */
const memberRegistrations: number[] = [];
const EDITORS: RoleName[] = ['owner', 'admin', 'trainer'];
const EVENT_BODY = {
  title: 'Matrix event',
  starts_at: testIso(7 * 86_400_000),
  ends_at: testIso(7 * 86_400_000 + 3_600_000),
};
beforeAll(async () => {
  const { app, gymId, users } = ctx;
  const post = async (url: string, body: unknown, token = users.owner.token) => {
    const res = await call(app, 'POST', url, { token, gym: gymId, body });
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json<{ id: number }>().id;
  };
  gymops.event = await post('/api/v1/events', EVENT_BODY);
  for (let i = 0; i < 24; i++)
    spareEvents.push(await post('/api/v1/events', { ...EVENT_BODY, title: `Spare ${i}` }));
  gymops.memberRegistration = await post(
    `/api/v1/events/${gymops.event}/registrations`,
    {},
    users.member.token,
  );
  gymops.openEvent = await post('/api/v1/events', { ...EVENT_BODY, title: 'Open to all' });
  for (let i = 0; i < 24; i++) {
    const e = await post('/api/v1/events', { ...EVENT_BODY, title: `Registered ${i}` });
    memberRegistrations.push(await post(`/api/v1/events/${e}/registrations`, {}, users.member.token));
  }
  await app.services.notifications.notify([
    {
      gymId,
      userId: users.member.id,
      kind: 'event_changed',
      data: { name: 'Matrix event', change: 'location' },
    },
  ]);
  const list = await call(app, 'GET', '/api/v1/notifications', { token: users.member.token, gym: gymId });
  gymops.memberNotification = list.json<{ id: number }[]>()[0]!.id;
});

interface MatrixEntry extends ProtectedRoute {
  /** The route as registered (Fastify's pattern), to tie the matrix to the router. */
  pattern: string;
  /** Personal routes that change or erase the caller run with a fresh user as the "member". */
  freshUser?: boolean;
  /** Routes on the caller's own rows (a notification): every role is played by the member who owns them. */
  ownRows?: boolean;
}

const GYM_ROUTES: MatrixEntry[] = [
  { method: 'GET', pattern: '/api/v1/gyms/current', ok: 200, url: '/api/v1/gyms/current', access: ALL },
  {
    method: 'PATCH',
    pattern: '/api/v1/gyms/current',
    ok: 200,
    url: '/api/v1/gyms/current',
    body: { description: 'Edited by the access matrix' },
    access: MANAGERS,
  },
  { method: 'GET', pattern: '/api/v1/members', ok: 200, url: '/api/v1/members', access: STAFF },
  {
    // An invitation answers alike whether or not the address has an account (or a membership): no enumeration.
    method: 'POST',
    pattern: '/api/v1/members',
    ok: 202,
    url: '/api/v1/members',
    body: { email: ALREADY_MEMBER, role: 'member' },
    access: MANAGERS,
  },
  {
    method: 'GET',
    pattern: '/api/v1/members/:user_id',
    ok: 200,
    url: (c) => `/api/v1/members/${c.users.member.id}`,
    access: ALL,
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/members/:user_id',
    ok: 200,
    url: () => `/api/v1/members/${patchTarget.id}`,
    body: { role: 'trainer' },
    access: MANAGERS,
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/members/:user_id',
    ok: { owner: 204, admin: 204, trainer: 403, physio: 403, member: 403 },
    url: () => `/api/v1/members/${nextSpare()}`,
    access: ALL,
  },
  { method: 'GET', pattern: '/api/v1/audit-logs', ok: 200, url: '/api/v1/audit-logs', access: MANAGERS },
  { method: 'GET', pattern: '/api/v1/invitations', ok: 200, url: '/api/v1/invitations', access: STAFF },
  {
    method: 'DELETE',
    pattern: '/api/v1/invitations/:id',
    ok: 204,
    url: () => `/api/v1/invitations/${nextOf(spareInvitations, 'invitations')}`,
    access: MANAGERS,
  },
  // schedule
  {
    method: 'GET',
    pattern: '/api/v1/schedule/categories',
    ok: 200,
    url: '/api/v1/schedule/categories',
    access: ALL,
  },
  {
    method: 'POST',
    pattern: '/api/v1/schedule/categories',
    ok: 201,
    url: '/api/v1/schedule/categories',
    body: () => ({ name: `Matrix category ${++categoryN}` }),
    access: MANAGERS,
  },
  {
    method: 'GET',
    pattern: '/api/v1/schedule/categories/:id',
    ok: 200,
    url: () => `/api/v1/schedule/categories/${sched.category}`,
    access: ALL,
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/schedule/categories/:id',
    ok: 200,
    url: () => `/api/v1/schedule/categories/${sched.category}`,
    body: { description: 'Edited by the matrix' },
    access: MANAGERS,
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/schedule/categories/:id',
    ok: 204,
    url: () => `/api/v1/schedule/categories/${nextOf(spareCategories, 'categories')}`,
    access: MANAGERS,
  },
  {
    method: 'GET',
    pattern: '/api/v1/schedule/classes',
    ok: 200,
    url: '/api/v1/schedule/classes',
    access: ALL,
  },
  {
    method: 'POST',
    pattern: '/api/v1/schedule/classes',
    ok: 201,
    url: '/api/v1/schedule/classes',
    body: {
      name: 'Matrix',
      weekdays: [1],
      start_time: '09:00',
      duration_min: 30,
      capacity: 5,
      start_date: testDay(7),
    },
    access: MANAGERS,
  },
  {
    method: 'GET',
    pattern: '/api/v1/schedule/classes/:id',
    ok: 200,
    url: () => `/api/v1/schedule/classes/${sched.cls}`,
    access: ALL,
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/schedule/classes/:id',
    ok: 200,
    url: () => `/api/v1/schedule/classes/${sched.cls}`,
    body: { description: 'Edited by the matrix' },
    access: MANAGERS,
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/schedule/classes/:id',
    ok: 204,
    url: () => `/api/v1/schedule/classes/${nextOf(spareClasses, 'classes')}`,
    access: MANAGERS,
  },
  {
    method: 'GET',
    pattern: '/api/v1/schedule/sessions',
    ok: 200,
    url: () => `/api/v1/schedule/sessions?from=${SCHED_DAY}&to=${SCHED_DAY}`,
    access: ALL,
  },
  {
    method: 'GET',
    pattern: '/api/v1/schedule/sessions/:id',
    ok: 200,
    url: () => `/api/v1/schedule/sessions/${sched.session}`,
    access: ALL,
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/schedule/sessions/:id',
    ok: 200,
    url: () => `/api/v1/schedule/sessions/${sched.session}`,
    body: { room: 'Matrix room' },
    access: STAFF,
  },
  {
    method: 'GET',
    pattern: '/api/v1/schedule/sessions/:id/bookings',
    ok: 200,
    url: () => `/api/v1/schedule/sessions/${sched.session}/bookings`,
    access: STAFF,
  },
  {
    method: 'POST',
    pattern: '/api/v1/schedule/sessions/:id/bookings',
    ok: 201,
    url: () => `/api/v1/schedule/sessions/${sched.bookable}/bookings`,
    body: {},
    access: ALL,
  },
  {
    // The member's own booking: the member may read it, staff anyone's.
    method: 'GET',
    pattern: '/api/v1/schedule/bookings/:id',
    url: () => `/api/v1/schedule/bookings/${sched.memberBooking}`,
    ok: 200,
    access: ALL,
  },
  {
    // The member's own booking: the member may cancel it, staff may cancel anyone's.
    method: 'DELETE',
    pattern: '/api/v1/schedule/bookings/:id',
    ok: 204,
    url: () => `/api/v1/schedule/bookings/${nextOf(memberBookings, 'bookings')}`,
    access: ALL,
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/schedule/bookings/:id',
    ok: 200,
    url: () => `/api/v1/schedule/bookings/${sched.physioBooking}`,
    // Back to booked: attended/no_show wait for the session's start (tested in schedule/hardening).
    body: { status: 'booked' },
    access: STAFF,
  },
  {
    method: 'GET',
    pattern: '/api/v1/users/me/bookings',
    ok: 200,
    url: '/api/v1/users/me/bookings',
    access: ALL,
  },
  // events
  { method: 'GET', pattern: '/api/v1/events', ok: 200, url: '/api/v1/events', access: ALL },
  {
    method: 'POST',
    pattern: '/api/v1/events',
    ok: 201,
    url: '/api/v1/events',
    body: EVENT_BODY,
    access: EDITORS,
  },
  {
    method: 'GET',
    pattern: '/api/v1/events/:id',
    ok: 200,
    url: () => `/api/v1/events/${gymops.event}`,
    access: ALL,
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/events/:id',
    ok: 200,
    url: () => `/api/v1/events/${gymops.event}`,
    body: { description: 'Edited by the matrix' },
    access: EDITORS,
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/events/:id',
    ok: 204,
    url: () => `/api/v1/events/${nextOf(spareEvents, 'events')}`,
    access: MANAGERS,
  },
  {
    method: 'POST',
    pattern: '/api/v1/events/:id/registrations',
    ok: 201,
    url: () => `/api/v1/events/${gymops.openEvent}/registrations`,
    body: {},
    access: ALL,
  },
  {
    method: 'GET',
    pattern: '/api/v1/events/:id/registrations',
    ok: 200,
    url: () => `/api/v1/events/${gymops.event}/registrations`,
    access: STAFF,
  },
  {
    // The member's own registration: the member may read it, staff anyone's.
    method: 'GET',
    pattern: '/api/v1/events/registrations/:id',
    url: () => `/api/v1/events/registrations/${gymops.memberRegistration}`,
    ok: 200,
    access: ALL,
  },
  {
    // The member's own registration: staff may cancel it too.
    method: 'DELETE',
    pattern: '/api/v1/events/registrations/:id',
    ok: 204,
    url: () => `/api/v1/events/registrations/${nextOf(memberRegistrations, 'registrations')}`,
    access: ALL,
  },
  // notifications
  { method: 'GET', pattern: '/api/v1/notifications', ok: 200, url: '/api/v1/notifications', access: ALL },
  {
    method: 'POST',
    pattern: '/api/v1/notifications/:id/read',
    ok: 200,
    url: () => `/api/v1/notifications/${gymops.memberNotification}/read`,
    access: ALL,
    ownRows: true,
  },
  {
    method: 'POST',
    pattern: '/api/v1/notifications/read-all',
    ok: 200,
    url: '/api/v1/notifications/read-all',
    access: ALL,
  },
  // calendar feeds (the .ics feeds themselves are public, token in the URL)
  {
    method: 'POST',
    pattern: '/api/v1/schedule/calendar-feed',
    ok: 201,
    url: '/api/v1/schedule/calendar-feed',
    access: ALL,
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/schedule/calendar-feed',
    ok: 204,
    url: '/api/v1/schedule/calendar-feed',
    access: ALL,
  },
];

const USER_ROUTES: MatrixEntry[] = [
  { method: 'GET', pattern: '/api/v1/users/me', ok: 200, url: '/api/v1/users/me', access: 'user' },
  {
    method: 'PATCH',
    pattern: '/api/v1/users/me',
    ok: 200,
    url: '/api/v1/users/me',
    body: { name: 'Renamed by the matrix' },
    access: 'user',
    freshUser: true,
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/users/me',
    ok: 204,
    url: '/api/v1/users/me',
    access: 'user',
    freshUser: true,
  },
  {
    method: 'GET',
    pattern: '/api/v1/users/me/export',
    ok: 200,
    url: '/api/v1/users/me/export',
    access: 'user',
  },
  {
    method: 'POST',
    pattern: '/api/v1/users/me/verify-email',
    ok: 202,
    url: '/api/v1/users/me/verify-email',
    access: 'user',
  },
  {
    method: 'GET',
    pattern: '/api/v1/users/me/invitations',
    ok: 200,
    url: '/api/v1/users/me/invitations',
    access: 'user',
  },
  {
    method: 'POST',
    pattern: '/api/v1/users/me/invitations/:id/accept',
    ok: 404,
    url: '/api/v1/users/me/invitations/2147483000/accept',
    access: 'user',
  },
  {
    method: 'POST',
    pattern: '/api/v1/users/me/invitations/:id/decline',
    ok: 404,
    url: '/api/v1/users/me/invitations/2147483000/decline',
    access: 'user',
  },
  {
    method: 'POST',
    pattern: '/api/v1/gyms',
    ok: 201,
    url: '/api/v1/gyms',
    body: { name: 'Matrix Gym' },
    access: 'user',
    freshUser: true,
  },
  { method: 'GET', pattern: '/api/v1/gyms', ok: 200, url: '/api/v1/gyms', access: 'user' },
  {
    method: 'GET',
    pattern: '/api/v1/gyms/:id',
    ok: 200,
    url: (c) => `/api/v1/gyms/${c.gymId}`,
    access: 'user',
  },
  {
    method: 'POST',
    pattern: '/api/v1/users/me/calendar-feed',
    ok: 201,
    url: '/api/v1/users/me/calendar-feed',
    access: 'user',
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/users/me/calendar-feed',
    ok: 204,
    url: '/api/v1/users/me/calendar-feed',
    access: 'user',
  },
];

// Personal running routes (modules/running): any signed-in user, no X-Gym-ID.
USER_ROUTES.push(
  {
    method: 'GET',
    pattern: '/api/v1/athlete/profile',
    ok: 200,
    url: '/api/v1/athlete/profile',
    access: 'user',
  },
  {
    method: 'PUT',
    pattern: '/api/v1/athlete/profile',
    ok: 200,
    url: '/api/v1/athlete/profile',
    body: { max_hr: 190, resting_hr: 50 },
    access: 'user',
    freshUser: true,
  },
  { method: 'GET', pattern: '/api/v1/workouts', ok: 200, url: '/api/v1/workouts', access: 'user' },
  {
    method: 'POST',
    pattern: '/api/v1/workouts',
    ok: 201,
    url: '/api/v1/workouts',
    body: { started_at: '2026-01-10T07:00:00Z', duration_s: 1800, rpe: 4 },
    access: 'user',
    freshUser: true,
  },
  {
    method: 'POST',
    pattern: '/api/v1/workouts/import',
    ok: 415,
    url: '/api/v1/workouts/import',
    access: 'user',
  },
  { method: 'GET', pattern: '/api/v1/workouts/:id', ok: 404, url: '/api/v1/workouts/1', access: 'user' },
  {
    method: 'PATCH',
    pattern: '/api/v1/workouts/:id',
    ok: 404,
    url: '/api/v1/workouts/1',
    body: { rpe: 3 },
    access: 'user',
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/workouts/:id',
    ok: 404,
    url: '/api/v1/workouts/2147483000',
    access: 'user',
  },
  {
    method: 'GET',
    pattern: '/api/v1/workouts/:id/track',
    ok: 404,
    url: '/api/v1/workouts/1/track',
    access: 'user',
  },
  {
    method: 'POST',
    pattern: '/api/v1/hrv/readings',
    ok: 201,
    url: '/api/v1/hrv/readings',
    body: { date: '2026-01-10', rmssd_ms: 55 },
    access: 'user',
    freshUser: true,
  },
  { method: 'GET', pattern: '/api/v1/hrv/readings', ok: 200, url: '/api/v1/hrv/readings', access: 'user' },
  { method: 'GET', pattern: '/api/v1/hrv/baseline', ok: 200, url: '/api/v1/hrv/baseline', access: 'user' },
  { method: 'GET', pattern: '/api/v1/hrv/readiness', ok: 200, url: '/api/v1/hrv/readiness', access: 'user' },
  {
    method: 'GET',
    pattern: '/api/v1/overtraining/status',
    ok: 200,
    url: '/api/v1/overtraining/status',
    access: 'user',
  },
  {
    method: 'GET',
    pattern: '/api/v1/overtraining/history',
    ok: 200,
    url: '/api/v1/overtraining/history?weeks=4',
    access: 'user',
  },
  {
    method: 'POST',
    pattern: '/api/v1/overtraining/check-in',
    ok: 201,
    url: '/api/v1/overtraining/check-in',
    body: { sleep: 3, stress: 3, fatigue: 3, soreness: 3 },
    access: 'user',
    freshUser: true,
  },
);

// Race prediction and training plans (modules/race, modules/training); terrain-guide is public.
USER_ROUTES.push(
  {
    method: 'POST',
    pattern: '/api/v1/race/predict',
    ok: 200,
    url: '/api/v1/race/predict',
    body: { distance_km: 21.1, reference: { distance_km: 10, time_s: 2400 } },
    access: 'user',
  },
  {
    method: 'GET',
    pattern: '/api/v1/race/conditions-impact',
    ok: 200,
    url: '/api/v1/race/conditions-impact?distance_km=10',
    access: 'user',
  },
  {
    method: 'POST',
    pattern: '/api/v1/race/scenario-comparison',
    ok: 200,
    url: '/api/v1/race/scenario-comparison',
    body: {
      scenarios: [
        { distance_km: 10, reference: { distance_km: 5, time_s: 1200 } },
        { distance_km: 10, reference: { distance_km: 5, time_s: 1200 }, conditions: { temperature_c: 25 } },
      ],
    },
    access: 'user',
  },
  {
    method: 'POST',
    pattern: '/api/v1/training/plan',
    ok: 201,
    url: '/api/v1/training/plan',
    body: { goal_distance_km: 10, race_date: '2099-01-01', start_date: '2098-10-01', days_per_week: 4 },
    access: 'user',
    freshUser: true,
  },
  { method: 'GET', pattern: '/api/v1/training/plan', ok: 404, url: '/api/v1/training/plan', access: 'user' },
  {
    method: 'POST',
    pattern: '/api/v1/training/plan-feed',
    ok: 201,
    url: '/api/v1/training/plan-feed',
    access: 'user',
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/training/plan-feed',
    ok: 404,
    url: '/api/v1/training/plan-feed',
    access: 'user',
    freshUser: true,
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/training/plan',
    ok: 404,
    url: '/api/v1/training/plan',
    access: 'user',
    freshUser: true,
  },
  {
    method: 'GET',
    pattern: '/api/v1/training/weekly-plan',
    ok: 404,
    url: '/api/v1/training/weekly-plan?week=1',
    access: 'user',
  },
  {
    method: 'GET',
    pattern: '/api/v1/training/phases-guide',
    ok: 200,
    url: '/api/v1/training/phases-guide',
    access: 'user',
  },
  {
    method: 'GET',
    pattern: '/api/v1/training/intensity-zones',
    ok: 200,
    url: '/api/v1/training/intensity-zones?max_hr=190',
    access: 'user',
  },
  {
    method: 'POST',
    pattern: '/api/v1/training/adaptive-adjustment',
    ok: 200,
    url: '/api/v1/training/adaptive-adjustment',
    body: { sleep_hours: 7, fatigue_rating: 4 },
    access: 'user',
  },
  {
    method: 'GET',
    pattern: '/api/v1/training/progress-tracking',
    ok: 200,
    url: '/api/v1/training/progress-tracking?weeks=4',
    access: 'user',
  },
  {
    method: 'GET',
    pattern: '/api/v1/training/injury-prevention',
    ok: 200,
    url: '/api/v1/training/injury-prevention',
    access: 'user',
  },
);

/** Calendar feeds: public routes authenticated by a secret token in the query. */
const FEEDS = ['/api/v1/schedule/calendar.ics', '/api/v1/users/me/calendar.ics', '/api/v1/training/plan.ics'];

// Modules' own cases (test/modules/<m>/matrix.ts), until the matrix discovers them.
GYM_ROUTES.push(...segmentsMatrix.gym);
USER_ROUTES.push(...segmentsMatrix.user);
beforeAll(() => segmentsMatrix.setup(ctx));

const MATRIX = [...GYM_ROUTES, ...USER_ROUTES];

describe('access matrix: gym-scoped routes', () => {
  for (const route of GYM_ROUTES) {
    const asOwner = () => {
      const m = ctx.users.member;
      return { ...ctx, users: { owner: m, admin: m, trainer: m, physio: m, member: m } };
    };
    accessMatrix(`${route.method} ${route.pattern}`, route.ownRows ? asOwner : () => ctx, route);
  }
});

describe('access matrix: personal routes', () => {
  for (const route of USER_ROUTES) {
    if (!route.freshUser) {
      accessMatrix(`${route.method} ${route.pattern}`, () => ctx, route);
      continue;
    }
    describe(`${route.method} ${route.pattern} (as a fresh user)`, () => {
      let fresh: TestUser;
      beforeAll(async () => {
        fresh = await registerUser(t.app, { name: 'Fresh' });
      });
      accessMatrix(
        `${route.method} ${route.pattern}`,
        () => ({ ...ctx, users: { ...ctx.users, member: fresh } }),
        route,
      );
    });
  }
});

/** `METHOD /path` pairs from Fastify's printed route tree (commonPrefix: false). */
function parseRouteTree(tree: string): Set<string> {
  const out = new Set<string>();
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)(?:├── |└── )(.+) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const path = (depth > 0 ? stack[depth - 1]! : '') + m[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of m[3]!.split(', ')) out.add(`${method} ${path}`);
  }
  return out;
}

function isAccess(a: unknown): boolean {
  if (a === 'public' || a === 'user') return true;
  if (typeof a !== 'object' || a === null || !('gym' in a)) return false;
  const roles = a.gym;
  return (
    Array.isArray(roles) &&
    roles.length > 0 &&
    roles.every((r) => (ROLES as readonly unknown[]).includes(r)) &&
    new Set(roles).size === roles.length
  );
}

const accessOf = (r: RecordedRoute) => r.config?.access;

describe('every /api/ route states who may call it', () => {
  let routes: RecordedRoute[];
  let printed: Set<string>;
  beforeAll(async () => {
    recorder.routes.length = 0;
    const fresh = await createTestApp();
    try {
      routes = recorder.routes.filter((r) => r.url.startsWith('/api/'));
      printed = parseRouteTree(fresh.app.printRoutes({ commonPrefix: false }));
    } finally {
      await fresh.close();
    }
  });

  it('sees every route the router holds (the onRoute record is complete)', () => {
    const recorded = new Set(routes.map((r) => `${r.method} ${r.url}`));
    const apiPrinted = [...printed].filter((k) => k.split(' ')[1]!.startsWith('/api/'));
    expect(apiPrinted.length).toBeGreaterThanOrEqual(MATRIX.length);
    expect(new Set(apiPrinted)).toEqual(recorded);
  });

  it('has a valid config.access on every /api/ route', () => {
    expect(routes.length).toBeGreaterThan(0);
    const missing = routes.filter((r) => !isAccess(accessOf(r))).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('keeps public /api/ routes to sign-in, health, the terrain guide, problem types and the token-authenticated feeds', () => {
    const publicRoutes = routes.filter((r) => accessOf(r) === 'public').map((r) => `${r.method} ${r.url}`);
    expect(publicRoutes).toContain('POST /api/v1/auth/login');
    // Calendar apps cannot send headers: the .ics feeds take a secret token in the query (404 without a live one).
    // The terrain guide is general knowledge, the same for everyone (issue 3); so is the list of problem types
    // a client can receive (the same as the OpenAPI document's).
    const alsoPublic = [...FEEDS, '/api/v1/race/terrain-guide', '/api/v1/problem-types'];
    for (const f of alsoPublic) expect(publicRoutes).toContain(`GET ${f}`);
    expect(
      publicRoutes.filter(
        (k) =>
          !/ \/api\/v1\/(auth|health)\//.test(k) &&
          !alsoPublic.some((f) => k === `GET ${f}` || k === `HEAD ${f}`),
      ),
    ).toEqual([]);
  });

  it('answers the public calendar feeds 404 without a live token, whoever asks', async () => {
    for (const f of FEEDS) {
      expectProblem(
        await call(t.app, 'GET', `${f}?token=${'x'.repeat(43)}`, {
          token: ctx.users.owner.token,
          gym: ctx.gymId,
        }),
        404,
      );
      expectProblem(await call(t.app, 'GET', f, {}), 422);
    }
  });

  it('runs the access matrix for every protected route, with the roles the route declares', () => {
    const protectedRoutes = routes.filter((r) => r.method !== 'HEAD' && accessOf(r) !== 'public');
    const notInMatrix = protectedRoutes
      .filter((r) => !MATRIX.some((e) => e.method === r.method && e.pattern === r.url))
      .map((r) => `${r.method} ${r.url}`);
    expect(notInMatrix).toEqual([]);
    for (const e of MATRIX) {
      const r = protectedRoutes.find((x) => x.method === e.method && x.url === e.pattern);
      expect(r, `${e.method} ${e.pattern} is registered`).toBeDefined();
      const declared = accessOf(r!);
      if (e.access === 'user') expect(declared, `${e.method} ${e.pattern}`).toBe('user');
      else
        expect([...(declared as { gym: string[] }).gym].sort(), `${e.method} ${e.pattern}`).toEqual(
          [...e.access].sort(),
        );
    }
  });

  it('gives the automatic HEAD routes the same rule as their GET', async () => {
    const heads = routes.filter((r) => r.method === 'HEAD');
    expect(heads.length).toBeGreaterThan(0);
    for (const h of heads) {
      const get = routes.find((r) => r.method === 'GET' && r.url === h.url);
      expect(accessOf(h), h.url).toEqual(accessOf(get!));
    }
    // A HEAD answer has no body: the status is what counts.
    const head = (o: { token?: string }) => call(t.app, 'HEAD', '/api/v1/members', { gym: ctx.gymId, ...o });
    expect((await head({})).statusCode).toBe(401);
    expect((await head({ token: ctx.outsider.token })).statusCode).toBe(403);
    expect((await head({ token: ctx.users.member.token })).statusCode).toBe(403);
    const ok = await head({ token: ctx.users.trainer.token });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('');
  });

  it('refuses to build an app with an /api/ route that lacks an access rule', async () => {
    const attempt = async (add: (app: FastifyInstance) => void) => {
      const cache = testCache();
      const app = await buildApp({
        config: testConfig(),
        database: await sharedDatabase(),
        cache,
        logger: silentLogger,
      });
      try {
        add(app);
        await app.ready();
        return 'built';
      } catch (err) {
        return (err as Error).message;
      } finally {
        await app.close().catch(() => undefined);
        await cache.close();
      }
    };
    // Directly on the root...
    expect(await attempt((app) => app.get('/api/v1/naked', () => 'x'))).toMatch(
      /GET \/api\/v1\/naked declares no access rule/,
    );
    // ...and the way modules add routes: a plugin under the /api/v1 prefix.
    expect(
      await attempt((app) => {
        void app.register(
          async (p) => {
            p.post('/sneaky', () => 'x');
          },
          { prefix: '/api/v1' },
        );
      }),
    ).toMatch(/POST \/api\/v1\/sneaky declares no access rule/);
    // The same route with a rule is fine (the failure above is about the rule, not the route).
    expect(
      await attempt((app) => app.get('/api/v1/dressed', { config: { access: 'user' } }, () => 'x')),
    ).toBe('built');
  });
});

describe('cross-tenant data', () => {
  interface Row {
    user_id: number;
    gym_id: number;
    email: string;
    target_type: string | null;
    target_id: string | null;
  }
  const aIds = () => Object.values(ctx.users).map((u) => u.id);

  it("an owner of gym B sending gym A's id sees none of A's members or audit rows", async () => {
    const b = ctx.outsider;
    for (const url of [
      '/api/v1/members',
      '/api/v1/audit-logs',
      '/api/v1/gyms/current',
      `/api/v1/members/${ctx.users.member.id}`,
      `/api/v1/gyms/${ctx.gymId}`,
    ]) {
      const res = await call(t.app, 'GET', url, { token: b.token, gym: ctx.gymId });
      expectProblem(res, 403);
      for (const u of Object.values(ctx.users)) expect(res.body).not.toContain(u.email);
    }
  });

  it("listing with gym B's header only shows B's rows", async () => {
    const b = ctx.outsider;
    const members = await call(t.app, 'GET', '/api/v1/members', { token: b.token, gym: ctx.outsiderGymId });
    expect(members.statusCode).toBe(200);
    const mRows = members.json<Row[]>();
    expect(mRows.map((r) => r.user_id)).toEqual([b.id]);
    expect(members.headers['x-total-count']).toBe('1');

    const audit = await call(t.app, 'GET', '/api/v1/audit-logs', {
      token: b.token,
      gym: ctx.outsiderGymId,
      query: { limit: '100' },
    });
    expect(audit.statusCode).toBe(200);
    const aRows = audit.json<Row[]>();
    expect(aRows.length).toBeGreaterThan(0);
    expect(aRows.every((r) => r.gym_id === ctx.outsiderGymId)).toBe(true);
    expect(aRows.map((r) => r.user_id)).not.toEqual(expect.arrayContaining([ctx.users.owner.id]));
    const aTargets = new Set(aIds().map(String));
    expect(
      aRows.filter((r) => r.target_type === 'user' && r.target_id !== null && aTargets.has(r.target_id)),
    ).toEqual([]);
    expect(audit.headers['x-total-count']).toBe(String(aRows.length));
    expect(audit.body).not.toContain(ctx.users.owner.email);

    // And gym A, seen by its own owner, has its own rows and none of B's.
    const own = await call(t.app, 'GET', '/api/v1/audit-logs', {
      token: ctx.users.owner.token,
      gym: ctx.gymId,
      query: { limit: '100' },
    });
    const ownRows = own.json<Row[]>();
    expect(ownRows.length).toBeGreaterThan(0);
    expect(ownRows.every((r) => r.gym_id === ctx.gymId)).toBe(true);
  });

  it("cannot reach A's members through B's header (404: not in this gym), nor change them", async () => {
    const b = ctx.outsider;
    const target = ctx.users.trainer;
    const opts = { token: b.token, gym: ctx.outsiderGymId };
    expectProblem(await call(t.app, 'GET', `/api/v1/members/${target.id}`, opts), 404);
    expectProblem(
      await call(t.app, 'PATCH', `/api/v1/members/${target.id}`, { ...opts, body: { role: 'member' } }),
      404,
    );
    expectProblem(await call(t.app, 'DELETE', `/api/v1/members/${target.id}`, opts), 404);
    const still = await call(t.app, 'GET', `/api/v1/members/${target.id}`, {
      token: ctx.users.owner.token,
      gym: ctx.gymId,
    });
    expect(still.statusCode).toBe(200);
    expect(still.json()).toMatchObject({ user_id: target.id, role: 'trainer' });
  });

  it('takes the role from the gym named by the header, not the best role elsewhere', async () => {
    // An owner of her own gym who is a plain member of another.
    const dual = await registerUser(t.app, { name: 'Dual' });
    const ownGym = await createGym(t.app, dual, 'Dual Own Gym');
    const otherOwner = await registerUser(t.app);
    const otherGym = await createGym(t.app, otherOwner, 'Dual Other Gym');
    await addMember(t.app, otherOwner, otherGym, dual, 'member');

    expect((await call(t.app, 'GET', '/api/v1/members', { token: dual.token, gym: ownGym })).statusCode).toBe(
      200,
    );
    expectProblem(await call(t.app, 'GET', '/api/v1/members', { token: dual.token, gym: otherGym }), 403);
    expectProblem(
      await call(t.app, 'PATCH', '/api/v1/gyms/current', {
        token: dual.token,
        gym: otherGym,
        body: { name: 'Hijacked' },
      }),
      403,
    );
    const current = await call(t.app, 'GET', '/api/v1/gyms/current', { token: dual.token, gym: otherGym });
    expect(current.json()).toMatchObject({ id: otherGym, name: 'Dual Other Gym', role: 'member' });
  });

  it('a user removed from a gym loses access on the next request', async () => {
    const owner = await registerUser(t.app);
    const gym = await createGym(t.app, owner, 'Revocation Gym');
    const trainer = await registerUser(t.app);
    await addMember(t.app, owner, gym, trainer, 'trainer');
    // Warm the trainer's cached principal with the membership.
    expect((await call(t.app, 'GET', '/api/v1/members', { token: trainer.token, gym })).statusCode).toBe(200);
    expect(
      (await call(t.app, 'DELETE', `/api/v1/members/${trainer.id}`, { token: owner.token, gym })).statusCode,
    ).toBe(204);
    expectProblem(await call(t.app, 'GET', '/api/v1/members', { token: trainer.token, gym }), 403);
  });
});

describe('after the matrix', () => {
  it('the shared gym still has every role user, with the same roles', async () => {
    const res = await call(t.app, 'GET', '/api/v1/members', {
      token: ctx.users.owner.token,
      gym: ctx.gymId,
      query: { limit: '100' },
    });
    expect(res.statusCode).toBe(200);
    const rows = res.json<{ user_id: number; role: string }[]>();
    for (const role of ALL)
      expect(rows).toContainEqual(expect.objectContaining({ user_id: ctx.users[role].id, role }));
    // Only the owner's and the admin's DELETE went through, each removing one spare: 5 + 2 + 24 - 2.
    expect(rows).toHaveLength(29);
    expect(res.headers['x-total-count']).toBe('29');
    expect(rows.find((r) => r.user_id === patchTarget.id)?.role).toBe('trainer');
  });
});
