/** Access-matrix cases of the events module: events and their registrations. */
import {
  ALL,
  createIn,
  defineMatrix,
  MANAGERS,
  STAFF,
  takeSpare,
  type RoleName,
} from '../../access-matrix.js';
import { testIso } from '../../harness.js';

const EDITORS: RoleName[] = ['owner', 'admin', 'trainer'];
const EVENT_BODY = {
  title: 'Matrix event',
  starts_at: testIso(7 * 86_400_000),
  ends_at: testIso(7 * 86_400_000 + 3_600_000),
};
/** One of each in the matrix gym, plus spares for DELETE (a granted delete deletes). */
const ev = { event: 0, openEvent: 0, memberRegistration: 0 };
const spareEvents: number[] = [];
/** The member's registrations the DELETE matrix cancels, one per request. */
const memberRegistrations: number[] = [];

export default defineMatrix({
  async setup(ctx) {
    const member = ctx.users.member.token;
    ev.event = await createIn(ctx, '/api/v1/events', EVENT_BODY);
    for (let i = 0; i < 24; i++)
      spareEvents.push(await createIn(ctx, '/api/v1/events', { ...EVENT_BODY, title: `Spare ${i}` }));
    ev.memberRegistration = await createIn(ctx, `/api/v1/events/${ev.event}/registrations`, {}, member);
    ev.openEvent = await createIn(ctx, '/api/v1/events', { ...EVENT_BODY, title: 'Open to all' });
    for (let i = 0; i < 24; i++) {
      const e = await createIn(ctx, '/api/v1/events', { ...EVENT_BODY, title: `Registered ${i}` });
      memberRegistrations.push(await createIn(ctx, `/api/v1/events/${e}/registrations`, {}, member));
    }
  },

  gym: [
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
      url: () => `/api/v1/events/${ev.event}`,
      access: ALL,
    },
    {
      method: 'PATCH',
      pattern: '/api/v1/events/:id',
      ok: 200,
      url: () => `/api/v1/events/${ev.event}`,
      body: { description: 'Edited by the matrix' },
      access: EDITORS,
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/events/:id',
      ok: 204,
      url: () => `/api/v1/events/${takeSpare(spareEvents, 'events')}`,
      access: MANAGERS,
    },
    {
      method: 'POST',
      pattern: '/api/v1/events/:id/registrations',
      ok: 201,
      url: () => `/api/v1/events/${ev.openEvent}/registrations`,
      body: {},
      access: ALL,
    },
    {
      method: 'GET',
      pattern: '/api/v1/events/:id/registrations',
      ok: 200,
      url: () => `/api/v1/events/${ev.event}/registrations`,
      access: STAFF,
    },
    {
      // The member's own registration: the member may read it, staff anyone's.
      method: 'GET',
      pattern: '/api/v1/events/registrations/:id',
      url: () => `/api/v1/events/registrations/${ev.memberRegistration}`,
      ok: 200,
      access: ALL,
    },
    {
      // The member's own registration: staff may cancel it too.
      method: 'DELETE',
      pattern: '/api/v1/events/registrations/:id',
      ok: 204,
      url: () => `/api/v1/events/registrations/${takeSpare(memberRegistrations, 'registrations')}`,
      access: ALL,
    },
    {
      method: 'GET',
      pattern: '/api/v1/users/me/registrations',
      ok: 200,
      url: '/api/v1/users/me/registrations',
      access: ALL,
    },
  ],
});
