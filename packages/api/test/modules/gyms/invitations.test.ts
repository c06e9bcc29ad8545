import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createGym,
  createTestApp,
  expectProblem,
  mailsTo,
  PASSWORD,
  registerUser,
  tokenFromMail,
  uniqueEmail,
  verifyEmail,
  type TestApp,
  type TestUser,
} from '../../harness.js';

// The app's clock, moved by the expiry tests.
let now = Date.parse('2026-05-04T08:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
});
afterAll(() => t.close());

const invite = (by: TestUser, gym: number, body: Record<string, unknown>, lang = 'en') =>
  call(t.app, 'POST', '/api/v1/members', {
    token: by.token,
    gym,
    body,
    headers: { 'accept-language': lang },
  });
const mine = (u: TestUser) => call(t.app, 'GET', '/api/v1/users/me/invitations', { token: u.token });
const respond = (u: TestUser, id: number, answer: 'accept' | 'decline') =>
  call(t.app, 'POST', `/api/v1/users/me/invitations/${id}/${answer}`, { token: u.token });
const membersOf = async (owner: TestUser, gym: number) =>
  (await call(t.app, 'GET', '/api/v1/members', { token: owner.token, gym })).json<{ user_id: number }[]>();

/** Strips what differs between two invitations (ids, addresses) to compare the rest of the answers. */
const shape = (body: string) =>
  JSON.parse(body, (k, v: unknown) => (k === 'id' || k === 'email' ? '*' : v)) as unknown;

describe('POST /members invites', () => {
  let owner: TestUser;
  let gym: number;
  beforeAll(async () => {
    owner = await registerUser(t.app, { name: 'Owner' });
    gym = await createGym(t.app, owner, 'Invite Gym');
  });

  it('answers the same whether or not the e-mail has an account, and names nobody', async () => {
    const existing = await registerUser(t.app, { name: 'Secret Name' });
    const a = await invite(owner, gym, { email: existing.email, role: 'member' });
    const b = await invite(owner, gym, { email: uniqueEmail('nobody'), role: 'member' });
    expect(a.statusCode).toBe(202);
    expect(b.statusCode).toBe(202);
    expect(a.headers.location).toBeUndefined();
    expect(shape(a.body)).toEqual(shape(b.body));
    expect(a.body).not.toContain('Secret Name');
    expect(a.json()).not.toHaveProperty('user_id');
    // Both addresses get the same invitation mail.
    expect(mailsTo(existing.email).at(-1)!.subject).toBe('Invite Gym invites you to Pulso');
  });

  it('adds nobody until the person accepts; declining leaves them out', async () => {
    const u = await registerUser(t.app);
    const id = (await invite(owner, gym, { email: u.email, role: 'trainer' })).json().invitation.id as number;
    expect((await membersOf(owner, gym)).map((m) => m.user_id)).not.toContain(u.id);
    await verifyEmail(t.app, u);
    const list = await mine(u);
    expect(list.statusCode).toBe(200);
    expect(list.headers['x-total-count']).toBe('1');
    expect(list.json()).toEqual([
      expect.objectContaining({
        id,
        gym: { id: gym, name: 'Invite Gym' },
        role: 'trainer',
        invited_by_name: 'Owner',
      }),
    ]);
    expect((await respond(u, id, 'decline')).statusCode).toBe(204);
    expect((await membersOf(owner, gym)).map((m) => m.user_id)).not.toContain(u.id);
    expectProblem(await respond(u, id, 'accept'), 404);
    expect((await mine(u)).json()).toEqual([]);
  });

  it('shows invitations only to the confirmed owner of the address', async () => {
    const u = await registerUser(t.app);
    const id = (await invite(owner, gym, { email: u.email })).json().invitation.id as number;
    expectProblem(await mine(u), 403);
    expectProblem(await respond(u, id, 'accept'), 403);
    // Someone else, confirmed, cannot take it.
    const other = await registerUser(t.app);
    await verifyEmail(t.app, other);
    expectProblem(await respond(other, id, 'accept'), 404);
  });

  it('is seen by someone who registers later with that e-mail', async () => {
    const email = uniqueEmail('later');
    const id = (await invite(owner, gym, { email, role: 'physio' })).json().invitation.id as number;
    const reg = await call(t.app, 'POST', '/api/v1/auth/register', {
      body: { email, password: PASSWORD, name: 'Late Comer' },
    });
    const u: TestUser = {
      id: reg.json().user.id,
      email,
      password: PASSWORD,
      token: reg.json().access_token,
      refresh: reg.json().refresh_token,
    };
    await verifyEmail(t.app, u);
    expect((await mine(u)).json()).toEqual([expect.objectContaining({ id, role: 'physio' })]);
    const joined = await respond(u, id, 'accept');
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toMatchObject({ id: gym, role: 'physio' });
    const current = await call(t.app, 'GET', '/api/v1/gyms/current', { token: u.token, gym });
    expect(current.json()).toMatchObject({ role: 'physio' });
  });

  it('inviting again renews the one pending invitation', async () => {
    const email = uniqueEmail('twice');
    const first = (await invite(owner, gym, { email, role: 'member' })).json().invitation;
    const second = (await invite(owner, gym, { email, role: 'trainer' })).json().invitation;
    expect(second.id).toBe(first.id);
    expect(second.role).toBe('trainer');
  });

  it('lets staff list them (paginated) and managers withdraw one', async () => {
    const g = await createGym(t.app, owner, 'List Gym');
    const ids: number[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await invite(owner, g, { email: uniqueEmail(`list${i}`) })).json().invitation.id as number);
    const page = await call(t.app, 'GET', '/api/v1/invitations', {
      token: owner.token,
      gym: g,
      query: { limit: '2' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.headers['x-total-count']).toBe('3');
    expect(page.json()).toHaveLength(2);
    expect(page.headers.link).toContain('rel="next"');
    expect(
      (await call(t.app, 'DELETE', `/api/v1/invitations/${ids[0]}`, { token: owner.token, gym: g }))
        .statusCode,
    ).toBe(204);
    const revoked = await call(t.app, 'GET', '/api/v1/invitations', {
      token: owner.token,
      gym: g,
      query: { status: 'revoked' },
    });
    expect(revoked.json<{ id: number }[]>().map((i) => i.id)).toEqual([ids[0]]);
    expectProblem(
      await call(t.app, 'DELETE', `/api/v1/invitations/${ids[0]}`, { token: owner.token, gym: g }),
      404,
    );
  });

  it("keeps one gym's invitations out of another's", async () => {
    const other = await registerUser(t.app);
    const otherGym = await createGym(t.app, other, 'Other Gym');
    const id = (await invite(owner, gym, { email: uniqueEmail('private') })).json().invitation.id as number;
    const theirs = await call(t.app, 'GET', '/api/v1/invitations', { token: other.token, gym: otherGym });
    expect(theirs.json<{ id: number }[]>().map((i) => i.id)).not.toContain(id);
    expectProblem(
      await call(t.app, 'DELETE', `/api/v1/invitations/${id}`, { token: other.token, gym: otherGym }),
      404,
    );
    expectProblem(await call(t.app, 'GET', '/api/v1/invitations', { token: other.token, gym }), 403);
  });

  it('writes the mail in Spanish for a Spanish request', async () => {
    const email = uniqueEmail('es');
    await invite(owner, gym, { email, role: 'trainer' }, 'es');
    const mail = mailsTo(email).at(-1)!;
    expect(mail.subject).toBe('Invite Gym te invita a Pulso');
    expect(mail.text).toContain('entrenador');
  });
});

describe('POST /members registers a walk-in', () => {
  let owner: TestUser;
  let gym: number;
  beforeAll(async () => {
    owner = await registerUser(t.app, { name: 'Desk Owner' });
    gym = await createGym(t.app, owner, 'Desk Gym');
  });

  it('creates the account and adds it at once (201, active); the person sets a password from the mail', async () => {
    const email = uniqueEmail('walkin');
    const res = await invite(owner, gym, { email, role: 'member', name: 'Walk In', create_account: true });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'active',
      invitation: null,
      member: { name: 'Walk In', role: 'member' },
    });
    expect(res.headers.location).toBe(`/api/v1/members/${body.member.user_id}`);
    const token = tokenFromMail(email, /signed you up/);
    const set = await call(t.app, 'POST', '/api/v1/auth/password-reset/confirm', {
      body: { token, password: 'walk in with a good password' },
    });
    expect(set.statusCode).toBe(204);
    const login = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email, password: 'walk in with a good password' },
    });
    expect(login.statusCode).toBe(200);
    const current = await call(t.app, 'GET', '/api/v1/gyms/current', {
      token: login.json().access_token,
      gym,
    });
    expect(current.json()).toMatchObject({ id: gym, role: 'member' });
  });

  it('sends an invitation instead when the e-mail has an account', async () => {
    const u = await registerUser(t.app);
    const res = await invite(owner, gym, { email: u.email, name: 'Someone', create_account: true });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: 'invited', member: null });
    expect((await membersOf(owner, gym)).map((m) => m.user_id)).not.toContain(u.id);
  });

  it('needs a name (422)', async () => {
    const p = expectProblem(await invite(owner, gym, { email: uniqueEmail(), create_account: true }), 422);
    expect(p.errors!.map((e) => e.field)).toEqual(['name']);
  });
});

describe('invitation expiry', () => {
  // Last in the file: it moves the app's clock past every access token issued so far.
  it('expires after 14 days: listed as expired, refused on accept (409)', async () => {
    const owner = await registerUser(t.app);
    const gym = await createGym(t.app, owner, 'Expiry Gym');
    const u = await registerUser(t.app);
    await verifyEmail(t.app, u);
    const id = (await invite(owner, gym, { email: u.email })).json().invitation.id as number;
    now += 14 * 86_400_000 + 1000;
    const signIn = async (x: TestUser) => {
      const res = await call(t.app, 'POST', '/api/v1/auth/login', {
        body: { email: x.email, password: PASSWORD },
      });
      return { ...x, token: res.json<{ access_token: string }>().access_token };
    };
    const [o, v] = [await signIn(owner), await signIn(u)];
    expect((await mine(v)).json()).toEqual([]);
    expect(expectProblem(await respond(v, id, 'accept'), 409).type).toBe(
      'urn:pulso:problem:invitation-expired',
    );
    const listed = await call(t.app, 'GET', '/api/v1/invitations', {
      token: o.token,
      gym,
      query: { status: 'expired' },
    });
    expect(listed.json<{ id: number; status: string }[]>()).toEqual([
      expect.objectContaining({ id, status: 'expired' }),
    ]);
    const pending = await call(t.app, 'GET', '/api/v1/invitations', {
      token: o.token,
      gym,
      query: { status: 'pending' },
    });
    expect(pending.json()).toEqual([]);
  });
});

describe('POST /members rate limit', () => {
  it('takes the tighter per-IP limit of the credential routes (each invitation sends a mail)', async () => {
    const strict = await createTestApp({ env: { RATE_LIMIT_AUTH_MAX: '2' } });
    try {
      // Its own address: with Redis, the credential routes' per-IP count is shared with every other test file.
      const owner = await registerUser(strict.app, { ip: '198.51.100.6' });
      const gym = await createGym(strict.app, owner, 'Limited Gym');
      const send = () =>
        call(strict.app, 'POST', '/api/v1/members', {
          token: owner.token,
          gym,
          ip: '198.51.100.7',
          body: { email: uniqueEmail('limited') },
        });
      expect((await send()).statusCode).toBe(202);
      expect((await send()).statusCode).toBe(202);
      const limited = await send();
      expect(expectProblem(limited, 429).detail).toBe('Too many requests: at most 2 per 60 seconds');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await strict.close();
    }
  });
});
