/** Access-matrix cases of the notifications module: the caller's own notifications, in a gym and in all. */
import { ALL, defineMatrix } from '../../access-matrix.js';
import { call } from '../../harness.js';

/** A notification of the member's, which the member (playing every role) marks read. */
let memberNotification = 0;

export default defineMatrix({
  async setup({ app, gymId, users }) {
    await app.services.notifications.notify([
      {
        gymId,
        userId: users.member.id,
        kind: 'event_changed',
        data: { name: 'Matrix event', change: 'location' },
      },
    ]);
    const list = await call(app, 'GET', '/api/v1/notifications', { token: users.member.token, gym: gymId });
    memberNotification = list.json<{ id: number }[]>()[0]!.id;
  },

  gym: [
    { method: 'GET', pattern: '/api/v1/notifications', ok: 200, url: '/api/v1/notifications', access: ALL },
    {
      method: 'POST',
      pattern: '/api/v1/notifications/:id/read',
      ok: 200,
      url: () => `/api/v1/notifications/${memberNotification}/read`,
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
  ],

  user: [
    {
      method: 'GET',
      pattern: '/api/v1/notifications/stream',
      ok: 200,
      // The stream closes once what is waiting is sent, so the request ends.
      url: '/api/v1/notifications/stream?max_seconds=0',
      access: 'user',
    },
    {
      method: 'POST',
      pattern: '/api/v1/notifications/stream-ticket',
      ok: 200,
      url: '/api/v1/notifications/stream-ticket',
      access: 'user',
    },
    {
      method: 'GET',
      pattern: '/api/v1/users/me/notifications',
      ok: 200,
      url: '/api/v1/users/me/notifications',
      access: 'user',
    },
    {
      method: 'POST',
      pattern: '/api/v1/users/me/notifications/:id/read',
      ok: 200,
      url: () => `/api/v1/users/me/notifications/${memberNotification}/read`,
      access: 'user',
    },
    {
      method: 'POST',
      pattern: '/api/v1/users/me/notifications/read-all',
      ok: 200,
      url: '/api/v1/users/me/notifications/read-all',
      access: 'user',
    },
  ],
});
