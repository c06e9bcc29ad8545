import type { ProtectedRoute } from '../../access-matrix.js';

/** The body module's routes in the access matrix: all personal (any signed-in user, no X-Gym-ID). */
type Entry = ProtectedRoute & { pattern: string; freshUser?: boolean };

export const gym: Entry[] = [];

export const user: Entry[] = [
  { method: 'GET', pattern: '/api/v1/body/settings', ok: 200, url: '/api/v1/body/settings', access: 'user' },
  {
    method: 'PUT',
    pattern: '/api/v1/body/settings',
    ok: 200,
    url: '/api/v1/body/settings',
    body: { units: 'imperial' },
    access: 'user',
    freshUser: true,
  },
  { method: 'GET', pattern: '/api/v1/body/entries', ok: 200, url: '/api/v1/body/entries', access: 'user' },
  {
    method: 'POST',
    pattern: '/api/v1/body/entries',
    ok: 201,
    url: '/api/v1/body/entries',
    body: { date: '2026-01-10', metric: 'weight', value: 70 },
    access: 'user',
    freshUser: true,
  },
  {
    method: 'POST',
    pattern: '/api/v1/body/entries/import',
    ok: 415,
    url: '/api/v1/body/entries/import',
    access: 'user',
  },
  {
    method: 'GET',
    pattern: '/api/v1/body/entries/:id',
    ok: 404,
    url: '/api/v1/body/entries/1',
    access: 'user',
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/body/entries/:id',
    ok: 404,
    url: '/api/v1/body/entries/1',
    body: { value: 70 },
    access: 'user',
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/body/entries/:id',
    ok: 404,
    url: '/api/v1/body/entries/2147483000',
    access: 'user',
  },
  { method: 'GET', pattern: '/api/v1/body/trends', ok: 200, url: '/api/v1/body/trends', access: 'user' },
  // A fresh account has no weight or profile: the answer names what is missing.
  { method: 'GET', pattern: '/api/v1/body/energy', ok: 422, url: '/api/v1/body/energy', access: 'user' },
];
