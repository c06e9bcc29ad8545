/** Access-matrix cases of the calendars module: the feed tokens, and the .ics feeds they open. */
import { ALL, defineMatrix } from '../../access-matrix.js';

export default defineMatrix({
  gym: [
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
  ],

  user: [
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
  ],

  // Calendar apps cannot send headers: the feeds take the secret token from the POSTs above in the query.
  public: ['GET /api/v1/schedule/calendar.ics', 'GET /api/v1/users/me/calendar.ics'],
});
