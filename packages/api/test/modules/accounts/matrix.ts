/** Access-matrix cases of the accounts module: the caller's own account (`/auth/*` is the platform's public part). */
import { defineMatrix } from '../../access-matrix.js';

export default defineMatrix({
  user: [
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
    // The gym seed's GET /users/{user_id} (issue 12): the caller (member) shares the matrix gym with its owner.
    {
      method: 'GET',
      pattern: '/api/v1/users/:user_id',
      ok: 200,
      url: (c) => `/api/v1/users/${c.users.owner.id}`,
      access: 'user',
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
  ],
});
