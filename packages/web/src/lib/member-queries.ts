import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { session } from '../api/session';
import { qk } from '../app/query';
import { totalOf } from './member';

const gym = () => ({ 'x-gym-id': session.get().gymId ?? '' });

/**
 * Queries shared by the member pages. Keys holding 'mine' are refetched by the live stream on every new
 * notification (a promotion from the waitlist changes them); keys holding 'events' get places written in live.
 */
export const myRegistrationsQuery = (when: 'upcoming' | 'past', page: number, size: number) => ({
  queryKey: qk('mine', 'registrations', when, page, size),
  queryFn: async () => {
    const r = api.GET('/api/v1/users/me/registrations', {
      params: { query: { when, skip: (page - 1) * size, limit: size }, header: gym() },
    });
    const rows = await unwrap(r);
    return { rows, total: totalOf((await r).response, rows.length) };
  },
});

export const eventsPageQuery = (page: number, size: number) => ({
  // The list itself (an array) is kept in its own key so the live places can be written into it.
  queryKey: qk('events', 'list', page, size),
  queryFn: async () => {
    const r = api.GET('/api/v1/events', {
      params: { query: { when: 'upcoming', skip: (page - 1) * size, limit: size }, header: gym() },
    });
    const rows = await unwrap(r);
    return { rows, total: totalOf((await r).response, rows.length) };
  },
});
