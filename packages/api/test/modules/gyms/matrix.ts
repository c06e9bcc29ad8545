/** Access-matrix cases of the gyms module: the gym, its members, invitations and audit log. */
import { expect } from 'vitest';
import { ALL, defineMatrix, MANAGERS, STAFF, takeSpare } from '../../access-matrix.js';
import { addMember, call, registerUser, uniqueEmail, type TestUser } from '../../harness.js';

/** Already a member of the gym: a granted POST /members renews one invitation (202) and adds nobody. */
const ALREADY_MEMBER = uniqueEmail('already-member');
/** A member of the gym whose role the PATCH matrix may change. */
let patchTarget: TestUser;
/** Members the DELETE matrix may remove: one per request it sends (a granted delete really deletes). */
const spares: number[] = [];
/** Pending invitations the DELETE /invitations matrix may withdraw (a granted delete really withdraws). */
const spareInvitations: number[] = [];
const SPARES = 24;

export default defineMatrix({
  async setup({ app, gymId, users }) {
    const already = await registerUser(app, { email: ALREADY_MEMBER, name: 'Already' });
    await addMember(app, users.owner, gymId, already, 'member');
    patchTarget = await registerUser(app, { name: 'Patch target' });
    await addMember(app, users.owner, gymId, patchTarget, 'member');
    const pool = await Promise.all(
      Array.from({ length: SPARES }, (_, i) => registerUser(app, { name: `Spare ${i}` })),
    );
    for (const u of pool) {
      await addMember(app, users.owner, gymId, u, 'member');
      spares.push(u.id);
    }
    for (let i = 0; i < SPARES; i++) {
      const res = await call(app, 'POST', '/api/v1/members', {
        token: users.owner.token,
        gym: gymId,
        body: { email: uniqueEmail(`spare-invite-${i}`) },
      });
      spareInvitations.push(res.json<{ invitation: { id: number } }>().invitation.id);
    }
  },

  gym: [
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
      url: () => `/api/v1/members/${takeSpare(spares, 'members')}`,
      access: ALL,
    },
    { method: 'GET', pattern: '/api/v1/audit-logs', ok: 200, url: '/api/v1/audit-logs', access: MANAGERS },
    { method: 'GET', pattern: '/api/v1/invitations', ok: 200, url: '/api/v1/invitations', access: STAFF },
    {
      method: 'DELETE',
      pattern: '/api/v1/invitations/:id',
      ok: 204,
      url: () => `/api/v1/invitations/${takeSpare(spareInvitations, 'invitations')}`,
      access: MANAGERS,
    },
  ],

  user: [
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
  ],

  async verify({ app, gymId, users }) {
    const res = await call(app, 'GET', '/api/v1/members', {
      token: users.owner.token,
      gym: gymId,
      query: { limit: '100' },
    });
    const rows = res.json<{ user_id: number; role: string }[]>();
    // Only the owner's and the admin's DELETE went through, each removing one spare: the five role users,
    // the already-member and the PATCH target, and the spares less two. No other module adds gym members.
    expect(rows).toHaveLength(5 + 2 + SPARES - 2);
    expect(res.headers['x-total-count']).toBe(String(5 + 2 + SPARES - 2));
    expect(rows.find((r) => r.user_id === patchTarget.id)?.role).toBe('trainer');
  },
});
