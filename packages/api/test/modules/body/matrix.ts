import { defineMatrix, type GymEntry, type UserEntry } from '../../access-matrix.js';

/** The body module's routes in the access matrix: personal ones, and staff views under the member's consent. */
const gym: GymEntry[] = [
  // Without the member's consent every staff role gets the same 404 as for a non-member.
  {
    method: 'GET',
    pattern: '/api/v1/members/:user_id/body/trends',
    ok: 404,
    url: (c) => `/api/v1/members/${c.users.member.id}/body/trends`,
    access: ['owner', 'admin', 'trainer', 'physio'],
  },
  {
    method: 'GET',
    pattern: '/api/v1/members/:user_id/body/photos',
    ok: 404,
    url: (c) => `/api/v1/members/${c.users.member.id}/body/photos`,
    access: ['owner', 'admin', 'trainer', 'physio'],
  },
  {
    method: 'GET',
    pattern: '/api/v1/members/:user_id/body/photos/:id/image',
    ok: 404,
    url: (c) => `/api/v1/members/${c.users.member.id}/body/photos/1/image`,
    access: ['owner', 'admin', 'trainer', 'physio'],
  },
];

const user: UserEntry[] = [
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
  { method: 'GET', pattern: '/api/v1/body/shares', ok: 200, url: '/api/v1/body/shares', access: 'user' },
  {
    method: 'PUT',
    pattern: '/api/v1/body/shares/:gym_id',
    ok: 200,
    url: (c) => `/api/v1/body/shares/${c.gymId}`,
    access: 'user',
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/body/shares/:gym_id',
    ok: 404,
    url: (c) => `/api/v1/body/shares/${c.outsiderGymId}`,
    access: 'user',
  },
  // Without an image body: 415 after the access check.
  { method: 'POST', pattern: '/api/v1/body/photos', ok: 415, url: '/api/v1/body/photos', access: 'user' },
  { method: 'GET', pattern: '/api/v1/body/photos', ok: 200, url: '/api/v1/body/photos', access: 'user' },
  {
    method: 'GET',
    pattern: '/api/v1/body/photos/:id',
    ok: 404,
    url: '/api/v1/body/photos/1',
    access: 'user',
  },
  {
    method: 'GET',
    pattern: '/api/v1/body/photos/:id/image',
    ok: 404,
    url: '/api/v1/body/photos/1/image',
    access: 'user',
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/body/photos/:id',
    ok: 404,
    url: '/api/v1/body/photos/2147483000',
    access: 'user',
  },
  // A fresh account has no weight or profile: the answer names what is missing.
  { method: 'GET', pattern: '/api/v1/body/energy', ok: 422, url: '/api/v1/body/energy', access: 'user' },
];

export default defineMatrix({ gym, user });
