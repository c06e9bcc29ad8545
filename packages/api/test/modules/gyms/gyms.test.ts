import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  call,
  createGym,
  createTestApp,
  expectProblem,
  gymWithRoles,
  nextDatabaseMillisecond,
  registerUser,
  verifyEmail,
  type CallOptions,
  type TestApp,
  type TestUser,
} from '../../harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface GymBody {
  id: number;
  name: string;
  timezone: string;
  description: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  role: string;
  created_at: string;
  updated_at: string;
}
interface MemberBody {
  user_id: number;
  email: string | null;
  name: string;
  role: string;
  joined_at: string;
}
interface AuditBody {
  id: number;
  gym_id: number | null;
  user_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  metadata: Record<string, unknown>;
  created_at: string;
}
interface MeBody {
  id: number;
  gyms: { id: number; name: string; role: string }[];
}

const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, user: TestUser, o: CallOptions = {}) =>
  call(t.app, method, url, { token: user.token, ...o });

/** rel → URL from an RFC 8288 Link header. */
function linksOf(res: { headers: Record<string, unknown> }): Record<string, string> {
  const out: Record<string, string> = {};
  const header = res.headers.link;
  for (const part of (typeof header === 'string' ? header : '').split(',')) {
    const m = /<([^>]+)>;\s*rel="([a-z]+)"/.exec(part);
    if (m) out[m[2]!] = m[1]!;
  }
  return out;
}

const fieldsOf = (p: { errors?: { field: string }[] }) => (p.errors ?? []).map((e) => e.field);
/** The next row the database stamps gets a later millisecond than the rows before. */
const tick = () => nextDatabaseMillisecond(t.database);

async function ownersOf(gymId: number, owner: TestUser) {
  const res = await req('GET', '/api/v1/members', owner, { gym: gymId, query: { role: 'owner' } });
  return res.json<MemberBody[]>().map((m) => m.user_id);
}

describe('POST /gyms', () => {
  it('creates a gym (201, Location) with its creator as owner and UTC by default', async () => {
    const u = await registerUser(t.app);
    // Warm the creator's cached principal: it must learn about the new gym.
    expect((await req('GET', '/api/v1/users/me', u)).json<MeBody>().gyms).toEqual([]);

    const res = await req('POST', '/api/v1/gyms', u, { body: { name: 'Crossfit Norte' } });
    expect(res.statusCode).toBe(201);
    const gym = res.json<GymBody>();
    expect(gym).toMatchObject({
      name: 'Crossfit Norte',
      timezone: 'UTC',
      role: 'owner',
      description: null,
      address: null,
      phone: null,
      email: null,
    });
    expect(res.headers.location).toBe(`/api/v1/gyms/${gym.id}`);
    expect(Number.isNaN(Date.parse(gym.created_at))).toBe(false);

    const fetched = await req('GET', res.headers.location as string, u);
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).toEqual(gym);

    const me = (await req('GET', '/api/v1/users/me', u)).json<MeBody>();
    expect(me.gyms).toEqual([{ id: gym.id, name: 'Crossfit Norte', role: 'owner' }]);
    const members = await req('GET', '/api/v1/members', u, { gym: gym.id });
    expect(members.json<MemberBody[]>()).toEqual([
      expect.objectContaining({ user_id: u.id, email: u.email, role: 'owner' }),
    ]);
  });

  it('keeps every optional field and a valid IANA time zone; trims the name', async () => {
    const u = await registerUser(t.app);
    const body = {
      name: '  Box Madrid  ',
      timezone: 'Europe/Madrid',
      description: 'Strength and conditioning',
      address: 'Calle Mayor 1, Madrid',
      phone: '+34 600 000 000',
      email: 'hola@box.example',
    };
    const res = await req('POST', '/api/v1/gyms', u, { body });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ ...body, name: 'Box Madrid' });
  });

  it('rejects an unknown time zone, naming `timezone` (422)', async () => {
    const u = await registerUser(t.app);
    const p = expectProblem(
      await req('POST', '/api/v1/gyms', u, { body: { name: 'Mars Gym', timezone: 'Mars/Olympus_Mons' } }),
      422,
    );
    expect(fieldsOf(p)).toEqual(['timezone']);
  });

  it('rejects unknown fields, naming each (422)', async () => {
    const u = await registerUser(t.app);
    const p = expectProblem(
      await req('POST', '/api/v1/gyms', u, { body: { name: 'Sneaky', owner_id: 1, role: 'owner' } }),
      422,
    );
    expect(fieldsOf(p).sort()).toEqual(['owner_id', 'role']);
  });

  it('takes a name of 120 characters but not 121, nor a blank one (422 naming `name`)', async () => {
    const u = await registerUser(t.app);
    expect((await req('POST', '/api/v1/gyms', u, { body: { name: 'x'.repeat(120) } })).statusCode).toBe(201);
    for (const name of ['x'.repeat(121), '   ', '']) {
      const p = expectProblem(await req('POST', '/api/v1/gyms', u, { body: { name } }), 422);
      expect(fieldsOf(p)).toEqual(['name']);
    }
    const missing = expectProblem(await req('POST', '/api/v1/gyms', u, { body: {} }), 422);
    expect(fieldsOf(missing)).toEqual(['name']);
  });

  it('names every invalid field at once', async () => {
    const u = await registerUser(t.app);
    const p = expectProblem(
      await req('POST', '/api/v1/gyms', u, {
        body: { name: 'x'.repeat(200), timezone: 'Nowhere/Land', email: 'not-an-email' },
      }),
      422,
    );
    expect(fieldsOf(p).sort()).toEqual(['email', 'name', 'timezone']);
  });

  it('refuses a body that is not JSON (415)', async () => {
    const u = await registerUser(t.app);
    const res = await req('POST', '/api/v1/gyms', u, {
      body: 'name=Plain',
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(res, 415);
  });
});

describe('GET /gyms', () => {
  it('lists my gyms with my role in each, and only mine', async () => {
    const me = await registerUser(t.app);
    const other = await registerUser(t.app);
    const mine = await createGym(t.app, me, 'My Own');
    const theirs = await createGym(t.app, other, 'Where I Train');
    const notMine = await createGym(t.app, other, 'Not Mine');
    await addMember(t.app, other, theirs, me, 'trainer');

    const res = await req('GET', '/api/v1/gyms', me);
    expect(res.statusCode).toBe(200);
    const rows = res.json<GymBody[]>();
    expect(rows.map((g) => [g.id, g.name, g.role])).toEqual([
      [mine, 'My Own', 'owner'],
      [theirs, 'Where I Train', 'trainer'],
    ]);
    expect(rows.map((g) => g.id)).not.toContain(notMine);
    expect(res.headers['x-total-count']).toBe('2');
    expect(res.headers.link).toBeUndefined();
  });

  it('paginates with skip/limit, X-Total-Count and Link rel=next/prev', async () => {
    const u = await registerUser(t.app);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await createGym(t.app, u, `Paged ${i}`));

    const first = await req('GET', '/api/v1/gyms', u, { query: { limit: '2' } });
    expect(first.json<GymBody[]>().map((g) => g.id)).toEqual(ids.slice(0, 2));
    expect(first.headers['x-total-count']).toBe('5');
    expect(linksOf(first)).toEqual({ next: '/api/v1/gyms?limit=2&skip=2' });

    const middle = await call(t.app, 'GET', linksOf(first).next!, { token: u.token });
    expect(middle.json<GymBody[]>().map((g) => g.id)).toEqual(ids.slice(2, 4));
    expect(linksOf(middle)).toEqual({
      next: '/api/v1/gyms?limit=2&skip=4',
      prev: '/api/v1/gyms?limit=2&skip=0',
    });

    const last = await call(t.app, 'GET', linksOf(middle).next!, { token: u.token });
    expect(last.json<GymBody[]>().map((g) => g.id)).toEqual(ids.slice(4));
    expect(linksOf(last)).toEqual({ prev: '/api/v1/gyms?limit=2&skip=2' });

    const beyond = await req('GET', '/api/v1/gyms', u, { query: { skip: '50' } });
    expect(beyond.json()).toEqual([]);
    expect(beyond.headers['x-total-count']).toBe('5');

    const all = await req('GET', '/api/v1/gyms', u);
    expect(all.json<GymBody[]>()).toHaveLength(5); // default limit 20
  });

  it('rejects limit > 100, limit 0 and a negative skip (422 naming the parameter)', async () => {
    const u = await registerUser(t.app);
    for (const [query, field] of [
      [{ limit: '101' }, /limit/],
      [{ limit: '0' }, /limit/],
      [{ skip: '-1' }, /skip/],
      [{ limit: 'many' }, /limit/],
    ] as const) {
      const p = expectProblem(await req('GET', '/api/v1/gyms', u, { query }), 422);
      expect(fieldsOf(p)).toHaveLength(1);
      expect(fieldsOf(p)[0]).toMatch(field);
    }
    expect((await req('GET', '/api/v1/gyms', u, { query: { limit: '100' } })).statusCode).toBe(200);
  });
});

describe('GET /gyms/:id', () => {
  it('shows one of my gyms; 403 for a gym I am not in; 404 for none; 422 for a bad id', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    const stranger = await registerUser(t.app);
    const res = await req('GET', `/api/v1/gyms/${gymId}`, users.physio);
    expect(res.json()).toMatchObject({ id: gymId, role: 'physio' });
    expectProblem(await req('GET', `/api/v1/gyms/${gymId}`, stranger), 403);
    expectProblem(await req('GET', '/api/v1/gyms/2147000000', stranger), 404);
    expectProblem(await req('GET', '/api/v1/gyms/abc', stranger), 422);
    expectProblem(await req('GET', '/api/v1/gyms/0', stranger), 422);
  });
});

describe('/gyms/current', () => {
  it('GET shows the gym named by X-Gym-ID with my role there', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    for (const role of ['owner', 'trainer', 'member'] as const) {
      const res = await req('GET', '/api/v1/gyms/current', users[role], { gym: gymId });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: gymId, name: 'Test Gym', role });
    }
  });

  it('PATCH renames the gym, and members see the new name in GET /users/me at once', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    // Every member's principal is cached with the old name.
    for (const u of Object.values(users))
      expect((await req('GET', '/api/v1/users/me', u)).json<MeBody>().gyms[0]!.name).toBe('Test Gym');

    const res = await req('PATCH', '/api/v1/gyms/current', users.admin, {
      gym: gymId,
      body: { name: 'Renamed Gym' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: gymId, name: 'Renamed Gym', role: 'admin' });

    for (const u of Object.values(users)) {
      const me = (await req('GET', '/api/v1/users/me', u)).json<MeBody>();
      expect(me.gyms).toEqual([expect.objectContaining({ id: gymId, name: 'Renamed Gym' })]);
    }
    const current = await req('GET', '/api/v1/gyms/current', users.member, { gym: gymId });
    expect(current.json()).toMatchObject({ name: 'Renamed Gym' });
  });

  it('PATCH changes only the fields sent, clears nullable ones with null, and moves updated_at', async () => {
    const u = await registerUser(t.app);
    const created = (
      await req('POST', '/api/v1/gyms', u, {
        body: { name: 'Patchable', description: 'old', phone: '123' },
      })
    ).json<GymBody>();
    await tick();
    const res = await req('PATCH', '/api/v1/gyms/current', u, {
      gym: created.id,
      body: { timezone: 'America/Bogota', description: null },
    });
    expect(res.statusCode).toBe(200);
    const g = res.json<GymBody>();
    expect(g).toMatchObject({
      name: 'Patchable',
      timezone: 'America/Bogota',
      description: null,
      phone: '123',
      role: 'owner',
    });
    expect(g.created_at).toBe(created.created_at);
    expect(Date.parse(g.updated_at)).toBeGreaterThan(Date.parse(created.updated_at));
  });

  it('PATCH validates like POST (422 naming the field) and is for owners and admins only', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    const patch = (body: unknown, who = users.owner) =>
      req('PATCH', '/api/v1/gyms/current', who, { gym: gymId, body });
    expect(fieldsOf(expectProblem(await patch({ timezone: 'Europe/Atlantis' }), 422))).toEqual(['timezone']);
    expect(fieldsOf(expectProblem(await patch({ name: null }), 422))).toEqual(['name']);
    expect(fieldsOf(expectProblem(await patch({ name: 'y'.repeat(121) }), 422))).toEqual(['name']);
    expect(fieldsOf(expectProblem(await patch({ id: 99 }), 422))).toEqual(['id']);
    expectProblem(await patch({ name: 'By a trainer' }, users.trainer), 403);
    const still = await req('GET', '/api/v1/gyms/current', users.owner, { gym: gymId });
    expect(still.json()).toMatchObject({ name: 'Test Gym', timezone: 'UTC' });
  });
});

describe('POST /members', () => {
  // The invitation flow itself (consent, no enumeration, walk-ins, expiry) is in invitations.test.ts.
  it('invites (202); the person gets access only once they accept', async () => {
    const owner = await registerUser(t.app);
    const gymId = await createGym(t.app, owner, 'Adding Gym');
    const newbie = await registerUser(t.app, { name: 'Newbie' });
    // Cached principal without the gym.
    expectProblem(await req('GET', '/api/v1/gyms/current', newbie, { gym: gymId }), 403);

    const res = await req('POST', '/api/v1/members', owner, {
      gym: gymId,
      body: { email: newbie.email.toUpperCase(), role: 'trainer' },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: 'invited', role: 'trainer', member: null });
    // Not a member until they accept.
    expectProblem(await req('GET', '/api/v1/gyms/current', newbie, { gym: gymId }), 403);
    await verifyEmail(t.app, newbie);
    const id = res.json<{ invitation: { id: number } }>().invitation.id;
    const accepted = await req('POST', `/api/v1/users/me/invitations/${id}/accept`, newbie);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ id: gymId, role: 'trainer' });

    const current = await req('GET', '/api/v1/gyms/current', newbie, { gym: gymId });
    expect(current.statusCode).toBe(200);
    expect(current.json()).toMatchObject({ id: gymId, role: 'trainer' });
    expect((await req('GET', '/api/v1/members', newbie, { gym: gymId })).statusCode).toBe(200);
  });

  it('defaults the role to member', async () => {
    const owner = await registerUser(t.app);
    const gymId = await createGym(t.app, owner);
    const u = await registerUser(t.app);
    const res = await req('POST', '/api/v1/members', owner, { gym: gymId, body: { email: u.email } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: 'invited', role: 'member' });
  });

  it('lets an admin invite admins but not owners (403); an owner may invite owners', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    expectProblem(
      await req('POST', '/api/v1/members', users.admin, {
        gym: gymId,
        body: { email: a.email, role: 'owner' },
      }),
      403,
    );
    await addMember(t.app, users.admin, gymId, a, 'admin');
    await addMember(t.app, users.owner, gymId, b, 'owner');
    expect((await ownersOf(gymId, users.owner)).sort()).toEqual([users.owner.id, b.id].sort());
  });

  it('rejects an invalid role or e-mail, naming the field (422)', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    const add = (body: unknown) => req('POST', '/api/v1/members', users.owner, { gym: gymId, body });
    expect(fieldsOf(expectProblem(await add({ email: users.member.email, role: 'superuser' }), 422))).toEqual(
      ['role'],
    );
    expect(fieldsOf(expectProblem(await add({ email: 'nope', role: 'member' }), 422))).toEqual(['email']);
    expect(fieldsOf(expectProblem(await add({ role: 'member' }), 422))).toEqual(['email']);
    expect(
      fieldsOf(expectProblem(await add({ email: users.member.email, user_id: users.member.id }), 422)),
    ).toEqual(['user_id']);
  });
});

describe('GET /members', () => {
  it('lists members in joining order, filters by role and paginates', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    const extra = await registerUser(t.app, { name: 'Second trainer' });
    await addMember(t.app, users.owner, gymId, extra, 'trainer');

    const all = await req('GET', '/api/v1/members', users.trainer, { gym: gymId });
    expect(all.statusCode).toBe(200);
    expect(all.json<MemberBody[]>().map((m) => [m.user_id, m.role])).toEqual([
      [users.owner.id, 'owner'],
      [users.admin.id, 'admin'],
      [users.trainer.id, 'trainer'],
      [users.physio.id, 'physio'],
      [users.member.id, 'member'],
      [extra.id, 'trainer'],
    ]);
    expect(all.headers['x-total-count']).toBe('6');

    const trainers = await req('GET', '/api/v1/members', users.physio, {
      gym: gymId,
      query: { role: 'trainer' },
    });
    expect(trainers.json<MemberBody[]>().map((m) => m.user_id)).toEqual([users.trainer.id, extra.id]);
    expect(trainers.headers['x-total-count']).toBe('2');

    const page = await req('GET', '/api/v1/members', users.owner, {
      gym: gymId,
      query: { skip: '2', limit: '2' },
    });
    expect(page.json<MemberBody[]>().map((m) => m.user_id)).toEqual([users.trainer.id, users.physio.id]);
    expect(page.headers['x-total-count']).toBe('6');
    expect(linksOf(page)).toEqual({
      next: '/api/v1/members?skip=4&limit=2',
      prev: '/api/v1/members?skip=0&limit=2',
    });

    // The filter survives in the Link header.
    const filtered = await req('GET', '/api/v1/members', users.owner, {
      gym: gymId,
      query: { role: 'trainer', limit: '1' },
    });
    expect(filtered.json<MemberBody[]>().map((m) => m.user_id)).toEqual([users.trainer.id]);
    expect(linksOf(filtered).next).toBe('/api/v1/members?role=trainer&limit=1&skip=1');

    const none = await req('GET', '/api/v1/members', users.owner, {
      gym: gymId,
      query: { role: 'physio', skip: '1' },
    });
    expect(none.json()).toEqual([]);
  });

  it('searches by part of the name or e-mail (case ignored, % and _ literal), counted for the pages', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    const zoe = await registerUser(t.app, { name: 'Zoë Quintana' });
    await addMember(t.app, users.owner, gymId, zoe, 'member');
    const search = (q: string, more: Record<string, string> = {}) =>
      req('GET', '/api/v1/members', users.trainer, { gym: gymId, query: { q, ...more } });

    const byName = await search('QUINTANA');
    expect(byName.json<MemberBody[]>().map((m) => m.user_id)).toEqual([zoe.id]);
    expect(byName.headers['x-total-count']).toBe('1');
    const local = zoe.email.split('@')[0]!;
    expect((await search(local.toUpperCase())).json<MemberBody[]>().map((m) => m.user_id)).toEqual([zoe.id]);
    // With a role filter both apply; a wildcard typed by the user is a literal character.
    expect((await search('quintana', { role: 'trainer' })).json()).toEqual([]);
    expect((await search('%')).json()).toEqual([]);
    expect((await search('_')).headers['x-total-count']).toBe('0');

    expect(fieldsOf(expectProblem(await search('x'.repeat(101)), 422))[0]).toMatch(/q/);
  });

  it('rejects an unknown role filter and limit > 100 (422)', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    const p = expectProblem(
      await req('GET', '/api/v1/members', users.owner, { gym: gymId, query: { role: 'king' } }),
      422,
    );
    expect(fieldsOf(p)[0]).toMatch(/role/);
    expectProblem(
      await req('GET', '/api/v1/members', users.owner, { gym: gymId, query: { limit: '101' } }),
      422,
    );
  });
});

describe('GET /members/:user_id', () => {
  it('lets staff read anyone, a member only themselves', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    const self = await req('GET', `/api/v1/members/${users.member.id}`, users.member, { gym: gymId });
    expect(self.statusCode).toBe(200);
    expect(self.json()).toMatchObject({
      user_id: users.member.id,
      role: 'member',
      email: users.member.email,
    });
    const p = expectProblem(
      await req('GET', `/api/v1/members/${users.trainer.id}`, users.member, { gym: gymId }),
      403,
    );
    expect(p.detail).toMatch(/own membership/);
    for (const role of ['owner', 'admin', 'trainer', 'physio'] as const) {
      const res = await req('GET', `/api/v1/members/${users.member.id}`, users[role], { gym: gymId });
      expect(res.json()).toMatchObject({ user_id: users.member.id, role: 'member' });
    }
  });

  it('answers 404 for someone not in this gym (even if they exist) and 422 for a bad id', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    const elsewhere = await registerUser(t.app);
    await createGym(t.app, elsewhere);
    expectProblem(await req('GET', `/api/v1/members/${elsewhere.id}`, users.owner, { gym: gymId }), 404);
    expectProblem(await req('GET', '/api/v1/members/2147000000', users.owner, { gym: gymId }), 404);
    expectProblem(await req('GET', '/api/v1/members/me', users.owner, { gym: gymId }), 422);
  });
});

describe('PATCH /members/:user_id', () => {
  it("changes a role; the member's next request carries the new role", async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    // Warm the member's cached principal: staff-only lists are refused.
    expectProblem(await req('GET', '/api/v1/members', users.member, { gym: gymId }), 403);
    const res = await req('PATCH', `/api/v1/members/${users.member.id}`, users.admin, {
      gym: gymId,
      body: { role: 'trainer' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user_id: users.member.id, role: 'trainer' });
    expect((await req('GET', '/api/v1/members', users.member, { gym: gymId })).statusCode).toBe(200);
    const me = (await req('GET', '/api/v1/users/me', users.member)).json<MeBody>();
    expect(me.gyms).toEqual([expect.objectContaining({ id: gymId, role: 'trainer' })]);
  });

  it('setting the same role again is a no-op 200 and writes no audit row', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    const res = await req('PATCH', `/api/v1/members/${users.physio.id}`, users.owner, {
      gym: gymId,
      body: { role: 'physio' },
    });
    expect(res.json()).toMatchObject({ role: 'physio' });
    const audit = await req('GET', '/api/v1/audit-logs', users.owner, {
      gym: gymId,
      query: { action: 'member.role_changed' },
    });
    expect(audit.json()).toEqual([]);
  });

  it('an admin cannot change an owner, nor make anyone owner (403)', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    const p = expectProblem(
      await req('PATCH', `/api/v1/members/${users.owner.id}`, users.admin, {
        gym: gymId,
        body: { role: 'member' },
      }),
      403,
    );
    expect(p.detail).toMatch(/owner/);
    expectProblem(
      await req('PATCH', `/api/v1/members/${users.member.id}`, users.admin, {
        gym: gymId,
        body: { role: 'owner' },
      }),
      403,
    );
    expectProblem(
      await req('PATCH', `/api/v1/members/${users.admin.id}`, users.admin, {
        gym: gymId,
        body: { role: 'owner' },
      }),
      403,
    );
    expect(await ownersOf(gymId, users.owner)).toEqual([users.owner.id]);
  });

  it('refuses to demote the last owner (409); with two owners one may be demoted', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    const last = expectProblem(
      await req('PATCH', `/api/v1/members/${users.owner.id}`, users.owner, {
        gym: gymId,
        body: { role: 'admin' },
      }),
      409,
    );
    expect(last.detail).toMatch(/at least one owner/);
    expect(last.type).toBe('urn:pulso:problem:last-owner');

    const promoted = await req('PATCH', `/api/v1/members/${users.admin.id}`, users.owner, {
      gym: gymId,
      body: { role: 'owner' },
    });
    expect(promoted.json()).toMatchObject({ role: 'owner' });
    // Now the original owner may step down (demoting themselves).
    const stepDown = await req('PATCH', `/api/v1/members/${users.owner.id}`, users.owner, {
      gym: gymId,
      body: { role: 'admin' },
    });
    expect(stepDown.statusCode).toBe(200);
    expect(stepDown.json()).toMatchObject({ user_id: users.owner.id, role: 'admin' });
    expect(await ownersOf(gymId, users.admin)).toEqual([users.admin.id]);
    // ...and the remaining owner is again the last one.
    expectProblem(
      await req('PATCH', `/api/v1/members/${users.admin.id}`, users.admin, {
        gym: gymId,
        body: { role: 'member' },
      }),
      409,
    );
  });

  it('answers 404 for a non-member and 422 for an invalid role', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    const stranger = await registerUser(t.app);
    expectProblem(
      await req('PATCH', `/api/v1/members/${stranger.id}`, users.owner, {
        gym: gymId,
        body: { role: 'member' },
      }),
      404,
    );
    const p = expectProblem(
      await req('PATCH', `/api/v1/members/${users.member.id}`, users.owner, {
        gym: gymId,
        body: { role: 'god' },
      }),
      422,
    );
    expect(fieldsOf(p)).toEqual(['role']);
    expectProblem(
      await req('PATCH', `/api/v1/members/${users.member.id}`, users.owner, { gym: gymId, body: {} }),
      422,
    );
  });
});

describe('DELETE /members/:user_id', () => {
  it('a member may leave (204); access ends at once and the gym leaves their /users/me', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    expect((await req('GET', '/api/v1/users/me', users.member)).json<MeBody>().gyms).toHaveLength(1);
    const res = await req('DELETE', `/api/v1/members/${users.member.id}`, users.member, { gym: gymId });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expectProblem(await req('GET', '/api/v1/gyms/current', users.member, { gym: gymId }), 403);
    expect((await req('GET', '/api/v1/users/me', users.member)).json<MeBody>().gyms).toEqual([]);
    expectProblem(await req('GET', `/api/v1/members/${users.member.id}`, users.owner, { gym: gymId }), 404);
  });

  it('a member, trainer or physio cannot remove someone else (403)', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    for (const role of ['member', 'trainer', 'physio'] as const)
      expectProblem(
        await req('DELETE', `/api/v1/members/${users.admin.id}`, users[role], { gym: gymId }),
        403,
      );
    expect(
      (await req('GET', `/api/v1/members/${users.admin.id}`, users.owner, { gym: gymId })).statusCode,
    ).toBe(200);
  });

  it('an admin removes non-owners but not an owner (403); an owner removes an admin', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    expect(
      (await req('DELETE', `/api/v1/members/${users.physio.id}`, users.admin, { gym: gymId })).statusCode,
    ).toBe(204);
    expectProblem(await req('DELETE', `/api/v1/members/${users.owner.id}`, users.admin, { gym: gymId }), 403);
    expect(
      (await req('DELETE', `/api/v1/members/${users.admin.id}`, users.owner, { gym: gymId })).statusCode,
    ).toBe(204);
    expectProblem(await req('GET', '/api/v1/members', users.admin, { gym: gymId }), 403);
    const left = await req('GET', '/api/v1/members', users.owner, { gym: gymId });
    expect(left.json<MemberBody[]>().map((m) => m.user_id)).toEqual([
      users.owner.id,
      users.trainer.id,
      users.member.id,
    ]);
  });

  it('the last owner cannot leave (409); with a second owner they can', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    const p = expectProblem(
      await req('DELETE', `/api/v1/members/${users.owner.id}`, users.owner, { gym: gymId }),
      409,
    );
    expect(p.detail).toMatch(/at least one owner/);
    expect(p.type).toBe('urn:pulso:problem:last-owner');
    await req('PATCH', `/api/v1/members/${users.trainer.id}`, users.owner, {
      gym: gymId,
      body: { role: 'owner' },
    });
    expect(
      (await req('DELETE', `/api/v1/members/${users.owner.id}`, users.owner, { gym: gymId })).statusCode,
    ).toBe(204);
    expect(await ownersOf(gymId, users.trainer)).toEqual([users.trainer.id]);
  });

  it('answers 404 for someone not in the gym', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    const stranger = await registerUser(t.app);
    expectProblem(await req('DELETE', `/api/v1/members/${stranger.id}`, users.owner, { gym: gymId }), 404);
    // A member "leaving" a gym twice: the second time there is nothing to leave.
    expect(
      (await req('DELETE', `/api/v1/members/${users.member.id}`, users.member, { gym: gymId })).statusCode,
    ).toBe(204);
    expectProblem(
      await req('DELETE', `/api/v1/members/${users.member.id}`, users.owner, { gym: gymId }),
      404,
    );
  });
});

describe('the last two owners acting at once', () => {
  async function twoOwners() {
    const { gymId, users } = await gymWithRoles(t.app);
    await req('PATCH', `/api/v1/members/${users.admin.id}`, users.owner, {
      gym: gymId,
      body: { role: 'owner' },
    });
    expect((await ownersOf(gymId, users.owner)).sort()).toEqual([users.owner.id, users.admin.id].sort());
    return { gymId, a: users.owner, b: users.admin, member: users.member };
  }

  it('demoting each other concurrently leaves exactly one owner', async () => {
    for (let round = 0; round < 4; round++) {
      const { gymId, a, b, member } = await twoOwners();
      const results = await Promise.all([
        req('PATCH', `/api/v1/members/${b.id}`, a, { gym: gymId, body: { role: 'member' } }),
        req('PATCH', `/api/v1/members/${a.id}`, b, { gym: gymId, body: { role: 'member' } }),
      ]);
      // Exactly one wins. The loser gets 409 when both passed the access check (the owner-row lock makes the
      // second see one owner left), or 403 when the winner's change reached it first (it is no longer owner).
      const won = results.filter((r) => r.statusCode === 200);
      expect(won).toHaveLength(1);
      const lost = results.find((r) => r.statusCode !== 200)!;
      expect([403, 409]).toContain(expectProblem(lost, lost.statusCode).status);
      const winner = results[0].statusCode === 200 ? a : b;
      expect(await ownersOf(gymId, winner)).toEqual([winner.id]);
      expect(won[0]!.json<MemberBody>()).toMatchObject({
        user_id: winner === a ? b.id : a.id,
        role: 'member',
      });
      expect((await req('GET', `/api/v1/members/${member.id}`, winner, { gym: gymId })).json()).toMatchObject(
        {
          role: 'member',
        },
      );
    }
  });

  it('each demoting themselves concurrently leaves exactly one owner', async () => {
    const { gymId, a, b } = await twoOwners();
    const results = await Promise.all([
      req('PATCH', `/api/v1/members/${a.id}`, a, { gym: gymId, body: { role: 'admin' } }),
      req('PATCH', `/api/v1/members/${b.id}`, b, { gym: gymId, body: { role: 'admin' } }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const survivor = results[0].statusCode === 200 ? b : a;
    expect(await ownersOf(gymId, survivor)).toEqual([survivor.id]);
  });

  it('both leaving concurrently leaves exactly one owner', async () => {
    const { gymId, a, b } = await twoOwners();
    const results = await Promise.all([
      req('DELETE', `/api/v1/members/${a.id}`, a, { gym: gymId }),
      req('DELETE', `/api/v1/members/${b.id}`, b, { gym: gymId }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([204, 409]);
    const survivor = results[0].statusCode === 204 ? b : a;
    expect(await ownersOf(gymId, survivor)).toEqual([survivor.id]);
  });
});

describe('GET /audit-logs', () => {
  let gymId: number;
  let owner: TestUser;
  let admin: TestUser;
  let joiner: TestUser;
  let all: AuditBody[];

  beforeAll(async () => {
    owner = await registerUser(t.app, { name: 'Audited owner' });
    admin = await registerUser(t.app);
    joiner = await registerUser(t.app);
    // Each action gets its own millisecond, for the from/to filters.
    gymId = await createGym(t.app, owner, 'Audited Gym');
    await tick();
    await addMember(t.app, owner, gymId, admin, 'admin');
    await tick();
    await addMember(t.app, admin, gymId, joiner, 'member');
    await tick();
    await req('PATCH', `/api/v1/members/${joiner.id}`, admin, { gym: gymId, body: { role: 'trainer' } });
    await tick();
    await req('PATCH', '/api/v1/gyms/current', admin, { gym: gymId, body: { name: 'Audited Gym 2' } });
    await tick();
    await req('DELETE', `/api/v1/members/${joiner.id}`, owner, { gym: gymId });
    const res = await req('GET', '/api/v1/audit-logs', owner, { gym: gymId, query: { limit: '100' } });
    expect(res.statusCode).toBe(200);
    all = res.json<AuditBody[]>();
  });

  it('records each sensitive action, newest first, with who, whom and what', () => {
    expect(all.map((r) => r.action)).toEqual([
      'member.removed',
      'gym.updated',
      'member.role_changed',
      'member.joined',
      'member.invited',
      'member.joined',
      'member.invited',
      'gym.created',
    ]);
    expect(all.every((r) => r.gym_id === gymId)).toBe(true);
    const [removed, updated, changed, joinedJoiner, invitedJoiner, joinedAdmin, invitedAdmin, created] = all;
    expect(created).toMatchObject({ user_id: owner.id, target_type: 'gym', target_id: String(gymId) });
    expect(invitedAdmin).toMatchObject({
      user_id: owner.id,
      target_type: 'invitation',
      metadata: { role: 'admin' },
    });
    // Joining is the person's own act.
    expect(joinedAdmin).toMatchObject({
      user_id: admin.id,
      target_type: 'user',
      target_id: String(admin.id),
      metadata: { role: 'admin', invitation_id: Number(invitedAdmin!.target_id) },
    });
    expect(invitedJoiner).toMatchObject({ user_id: admin.id, metadata: { role: 'member' } });
    expect(joinedJoiner).toMatchObject({
      user_id: joiner.id,
      target_id: String(joiner.id),
      metadata: { role: 'member' },
    });
    expect(changed).toMatchObject({
      user_id: admin.id,
      target_id: String(joiner.id),
      metadata: { from: 'member', to: 'trainer' },
    });
    expect(updated).toMatchObject({ user_id: admin.id, metadata: { fields: ['name'] } });
    expect(removed).toMatchObject({
      user_id: owner.id,
      target_id: String(joiner.id),
      metadata: { role: 'trainer' },
    });
    const times = all.map((r) => Date.parse(r.created_at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it('records a member leaving on their own as member.left', async () => {
    const { gymId: g, users } = await gymWithRoles(t.app);
    await req('DELETE', `/api/v1/members/${users.physio.id}`, users.physio, { gym: g });
    const res = await req('GET', '/api/v1/audit-logs', users.owner, {
      gym: g,
      query: { action: 'member.left' },
    });
    expect(res.json()).toEqual([
      expect.objectContaining({ user_id: users.physio.id, target_id: String(users.physio.id) }),
    ]);
  });

  it('filters by action', async () => {
    const res = await req('GET', '/api/v1/audit-logs', owner, {
      gym: gymId,
      query: { action: 'member.joined' },
    });
    expect(res.json<AuditBody[]>().map((r) => r.target_id)).toEqual([String(joiner.id), String(admin.id)]);
    expect(res.headers['x-total-count']).toBe('2');
    const none = await req('GET', '/api/v1/audit-logs', owner, { gym: gymId, query: { action: 'no.such' } });
    expect(none.json()).toEqual([]);
    expect(none.headers['x-total-count']).toBe('0');
  });

  it('filters by who acted (user_id)', async () => {
    const res = await req('GET', '/api/v1/audit-logs', owner, {
      gym: gymId,
      query: { user_id: String(admin.id) },
    });
    expect(res.json<AuditBody[]>().map((r) => r.action)).toEqual([
      'gym.updated',
      'member.role_changed',
      'member.invited',
      'member.joined',
    ]);
    const both = await req('GET', '/api/v1/audit-logs', owner, {
      gym: gymId,
      query: { user_id: String(owner.id), action: 'member.invited' },
    });
    expect(both.json<AuditBody[]>().map((r) => r.metadata)).toEqual([{ role: 'admin' }]);
  });

  it('filters by time: from is inclusive, to is exclusive', async () => {
    const changed = all.find((r) => r.action === 'member.role_changed')!;
    const from = await req('GET', '/api/v1/audit-logs', owner, {
      gym: gymId,
      query: { from: changed.created_at },
    });
    expect(from.json<AuditBody[]>().map((r) => r.action)).toEqual([
      'member.removed',
      'gym.updated',
      'member.role_changed',
    ]);
    const to = await req('GET', '/api/v1/audit-logs', owner, {
      gym: gymId,
      query: { to: changed.created_at },
    });
    expect(to.json<AuditBody[]>().map((r) => r.action)).toEqual([
      'member.joined',
      'member.invited',
      'member.joined',
      'member.invited',
      'gym.created',
    ]);
    const created = all.find((r) => r.action === 'gym.created')!;
    const window = await req('GET', '/api/v1/audit-logs', owner, {
      gym: gymId,
      query: { from: created.created_at, to: changed.created_at, action: 'member.invited' },
    });
    expect(window.json<AuditBody[]>()).toHaveLength(2);
    // A time zone offset is accepted and means the same instant.
    const shifted = new Date(Date.parse(changed.created_at)).toISOString().replace('Z', '+00:00');
    const offset = await req('GET', '/api/v1/audit-logs', owner, { gym: gymId, query: { from: shifted } });
    expect(offset.json()).toHaveLength(3);
  });

  it('paginates with X-Total-Count and Link, keeping the filters', async () => {
    const first = await req('GET', '/api/v1/audit-logs', owner, { gym: gymId, query: { limit: '4' } });
    expect(first.json<AuditBody[]>().map((r) => r.id)).toEqual(all.slice(0, 4).map((r) => r.id));
    expect(first.headers['x-total-count']).toBe('8');
    expect(linksOf(first)).toEqual({ next: '/api/v1/audit-logs?limit=4&skip=4' });
    const second = await call(t.app, 'GET', linksOf(first).next!, { token: owner.token, gym: gymId });
    expect(second.json<AuditBody[]>().map((r) => r.id)).toEqual(all.slice(4).map((r) => r.id));
    expect(linksOf(second)).toEqual({ prev: '/api/v1/audit-logs?limit=4&skip=0' });

    const filtered = await req('GET', '/api/v1/audit-logs', owner, {
      gym: gymId,
      query: { action: 'member.joined', limit: '1' },
    });
    expect(linksOf(filtered).next).toBe('/api/v1/audit-logs?action=member.joined&limit=1&skip=1');
  });

  it('rejects bad filters, naming them (422)', async () => {
    for (const [query, field] of [
      [{ from: 'yesterday' }, /from/],
      [{ to: '2026-13-45T00:00:00Z' }, /to/],
      [{ user_id: 'abc' }, /user_id/],
      [{ limit: '101' }, /limit/],
      [{ action: 'x'.repeat(65) }, /action/],
    ] as const) {
      const p = expectProblem(await req('GET', '/api/v1/audit-logs', owner, { gym: gymId, query }), 422);
      expect(fieldsOf(p)[0]).toMatch(field);
    }
  });

  it('is for owners and admins only', async () => {
    expect((await req('GET', '/api/v1/audit-logs', admin, { gym: gymId })).statusCode).toBe(200);
    const member = await registerUser(t.app);
    await addMember(t.app, owner, gymId, member, 'trainer');
    expectProblem(await req('GET', '/api/v1/audit-logs', member, { gym: gymId }), 403);
  });
});

describe('DELETE /users/me and gym ownership', () => {
  it('is refused (409) for the last owner of a gym with other members, naming the gym', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    const p = expectProblem(await req('DELETE', '/api/v1/users/me', users.owner), 409);
    expect(p.detail).toContain('"Test Gym"');
    expect(p.detail).toContain(`id ${gymId}`);
    expect(p.type).toBe('urn:pulso:problem:last-owner');
    // Nothing was erased.
    expect((await req('GET', '/api/v1/users/me', users.owner)).statusCode).toBe(200);
    expect((await req('GET', '/api/v1/gyms/current', users.owner, { gym: gymId })).json()).toMatchObject({
      role: 'owner',
    });
  });

  it('goes through once another member is owner; the gym stays with them', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    await req('PATCH', `/api/v1/members/${users.admin.id}`, users.owner, {
      gym: gymId,
      body: { role: 'owner' },
    });
    expect((await req('DELETE', '/api/v1/users/me', users.owner)).statusCode).toBe(204);
    expectProblem(await req('GET', '/api/v1/users/me', users.owner), 401);
    const members = await req('GET', '/api/v1/members', users.admin, { gym: gymId });
    expect(members.json<MemberBody[]>().map((m) => m.user_id)).not.toContain(users.owner.id);
    expect(await ownersOf(gymId, users.admin)).toEqual([users.admin.id]);
  });

  it('a plain member may delete their account at any time', async () => {
    const { gymId, users } = await gymWithRoles(t.app);
    expect((await req('DELETE', '/api/v1/users/me', users.member)).statusCode).toBe(204);
    expectProblem(await req('GET', `/api/v1/members/${users.member.id}`, users.owner, { gym: gymId }), 404);
  });
});
