/** Access-matrix cases of the schedule module: categories, classes, sessions and bookings. */
import {
  ALL,
  createIn,
  defineMatrix,
  MANAGERS,
  STAFF,
  takeSpare,
  type RoleName,
} from '../../access-matrix.js';

/** Trainers lead classes: they add and edit them (deleting one stays with owners and admins). */
const INSTRUCTORS: RoleName[] = ['owner', 'admin', 'trainer'];
import { call, testDay } from '../../harness.js';

/** One of each in the matrix gym, plus spares for the DELETE routes (a granted delete deletes). */
const sched = { category: 0, cls: 0, session: 0, bookable: 0, memberBooking: 0, physioBooking: 0 };
/** The member's bookings the DELETE matrix cancels, one per request (a granted cancel really cancels). */
const memberBookings: number[] = [];
let categoryN = 0;
const spareCategories: number[] = [];
const spareClasses: number[] = [];
const SCHED_DAY = testDay(3);

export default defineMatrix({
  async setup(ctx) {
    const { app, gymId, users } = ctx;
    sched.category = await createIn(ctx, '/api/v1/schedule/categories', { name: 'Matrix category' });
    const cls = {
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      start_time: '10:00',
      duration_min: 60,
      capacity: 10,
      start_date: SCHED_DAY,
    };
    sched.cls = await createIn(ctx, '/api/v1/schedule/classes', { name: 'Matrix class', ...cls });
    for (let i = 0; i < 30; i++) {
      spareCategories.push(
        await createIn(ctx, '/api/v1/schedule/categories', { name: `Spare category ${i}` }),
      );
      spareClasses.push(
        await createIn(ctx, '/api/v1/schedule/classes', { name: `Spare class ${i}`, ...cls }),
      );
    }
    const sessions = await call(app, 'GET', '/api/v1/schedule/sessions', {
      token: users.owner.token,
      gym: gymId,
      query: { from: SCHED_DAY, to: SCHED_DAY, class_id: String(sched.cls) },
    });
    sched.session = sessions.json<{ id: number }[]>()[0]!.id;
    const book = (session: number, token: string) =>
      createIn(ctx, `/api/v1/schedule/sessions/${session}/bookings`, {}, token);
    sched.memberBooking = await book(sched.session, users.member.token);
    sched.physioBooking = await book(sched.session, users.physio.token);
    // Later sessions of the class: one nobody has booked (every role books it), and one per DELETE request.
    const later = await call(app, 'GET', '/api/v1/schedule/sessions', {
      token: users.owner.token,
      gym: gymId,
      query: { from: testDay(4), to: testDay(40), class_id: String(sched.cls) },
    });
    const [bookable, ...rest] = later.json<{ id: number }[]>();
    sched.bookable = bookable!.id;
    for (const x of rest.slice(0, 24)) memberBookings.push(await book(x.id, users.member.token));
  },

  gym: [
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
      url: () => `/api/v1/schedule/categories/${takeSpare(spareCategories, 'categories')}`,
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
      access: INSTRUCTORS,
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
      access: INSTRUCTORS,
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/schedule/classes/:id',
      ok: 204,
      url: () => `/api/v1/schedule/classes/${takeSpare(spareClasses, 'classes')}`,
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
      url: () => `/api/v1/schedule/bookings/${takeSpare(memberBookings, 'bookings')}`,
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
  ],
});
