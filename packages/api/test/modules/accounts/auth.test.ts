import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createGym,
  createTestApp,
  expectProblem,
  PASSWORD,
  registerUser,
  testNow,
  uniqueEmail,
  type TestApp,
  type TestUser,
} from '../../harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('POST /auth/register', () => {
  it('creates an account and returns a token pair', async () => {
    const email = uniqueEmail();
    const res = await call(t.app, 'POST', '/api/v1/auth/register', {
      body: { email, password: PASSWORD, name: 'Ana' },
    });
    expect(res.statusCode).toBe(201);
    const b = res.json();
    expect(b.user).toMatchObject({ email, name: 'Ana' });
    expect(b.token_type).toBe('bearer');
    expect(b.expires_in).toBe(1800);
    expect(b.access_token.split('.')).toHaveLength(3);
    expect(b.refresh_token.length).toBeGreaterThanOrEqual(40);
    expect(b).not.toHaveProperty('user.password_hash');
  });

  it('treats e-mail case-insensitively: a second account with other case is a 409', async () => {
    const email = uniqueEmail('Case');
    await registerUser(t.app, { email });
    const res = await call(t.app, 'POST', '/api/v1/auth/register', {
      body: { email: email.toUpperCase(), password: PASSWORD, name: 'Dup' },
    });
    expect(expectProblem(res, 409).type).toBe('urn:pulso:problem:email-taken');
  });

  it('rejects short passwords, bad e-mails and missing names, naming each field (422)', async () => {
    const res = await call(t.app, 'POST', '/api/v1/auth/register', {
      body: { email: 'not-an-email', password: 'short' },
    });
    const p = expectProblem(res, 422);
    const fields = p.errors!.map((e) => e.field).sort();
    expect(fields).toEqual(['email', 'name', 'password']);
  });

  it('stores the password only as an argon2id hash', async () => {
    const u = await registerUser(t.app);
    const row = await t.app.services.repos.accounts.findById(u.id);
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row!.passwordHash).not.toContain(PASSWORD);
  });
});

describe('POST /auth/login', () => {
  it('signs in with the right password', async () => {
    const u = await registerUser(t.app);
    const res = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: u.email, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.id).toBe(u.id);
  });

  it('gives the same 401 for an unknown e-mail and a wrong password', async () => {
    const u = await registerUser(t.app);
    const wrong = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: u.email, password: 'nope-nope-nope' },
    });
    const unknown = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: uniqueEmail(), password: 'nope-nope-nope' },
    });
    expect(expectProblem(wrong, 401).detail).toBe(expectProblem(unknown, 401).detail);
  });

  it('allows 5 failed attempts a minute per e-mail and IP, then answers 429 with Retry-After', async () => {
    const u = await registerUser(t.app);
    const attempt = (password: string, ip = '10.9.8.7') =>
      call(t.app, 'POST', '/api/v1/auth/login', { body: { email: u.email, password }, ip });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong-password!')).statusCode).toBe(401);
    const limited = await attempt('wrong-password!');
    expectProblem(limited, 429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password waits out the block from that IP...
    expect((await attempt(PASSWORD)).statusCode).toBe(429);
    // ...while another IP is not blocked for the same account.
    expect((await attempt(PASSWORD, '10.9.8.8')).statusCode).toBe(200);
  });

  it('records successful and failed sign-ins in the audit trail', async () => {
    const u = await registerUser(t.app);
    await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: u.email, password: 'wrong-password!' },
    });
    await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: u.email, password: PASSWORD } });
    const actions = (await t.app.services.repos.audit.byUser(u.id)).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.register', 'auth.login_failed', 'auth.login']));
  });
});

describe('refresh tokens', () => {
  it('rotates: the new pair works and the old refresh token stops working', async () => {
    const u = await registerUser(t.app);
    const first = await call(t.app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: u.refresh } });
    expect(first.statusCode).toBe(200);
    const next = first.json<{ refresh_token: string; access_token: string }>();
    // Clients that hold their own refresh token get the pair alone (the account comes in the browser mode only).
    expect(first.json()).not.toHaveProperty('me');
    expect(next.refresh_token).not.toBe(u.refresh);
    const me = await call(t.app, 'GET', '/api/v1/users/me', { token: next.access_token });
    expect(me.statusCode).toBe(200);
    const again = await call(t.app, 'POST', '/api/v1/auth/refresh', {
      body: { refresh_token: next.refresh_token },
    });
    expect(again.statusCode).toBe(200);
  });

  it('revokes the whole family when a used token is presented again', async () => {
    const u = await registerUser(t.app);
    const r1 = await call(t.app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: u.refresh } });
    const stolenLater = r1.json<{ refresh_token: string }>().refresh_token;
    // The thief replays the original token:
    expectProblem(
      await call(t.app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: u.refresh } }),
      401,
    );
    // ...and the legitimate holder's current token is now dead too.
    expectProblem(
      await call(t.app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: stolenLater } }),
      401,
    );
    const actions = (await t.app.services.repos.audit.byUser(u.id)).map((r) => r.action);
    expect(actions).toContain('auth.refresh_reuse');
  });

  it('lets only one of two concurrent refreshes with the same token succeed', async () => {
    const u = await registerUser(t.app);
    const [a, b] = await Promise.all([
      call(t.app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: u.refresh } }),
      call(t.app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: u.refresh } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 401]);
  });

  it('stores refresh tokens only as hashes', async () => {
    const u = await registerUser(t.app);
    const { hashRefreshToken } = await import('../../../src/platform/auth/tokens.js');
    const row = await t.app.services.repos.accounts.findRefreshToken(hashRefreshToken(u.refresh));
    expect(row).toBeDefined();
    expect(row!.tokenHash).not.toBe(u.refresh);
  });

  it('logout revokes the refresh token (204) and is idempotent', async () => {
    const u = await registerUser(t.app);
    const out = await call(t.app, 'POST', '/api/v1/auth/logout', { body: { refresh_token: u.refresh } });
    expect(out.statusCode).toBe(204);
    expectProblem(
      await call(t.app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: u.refresh } }),
      401,
    );
    expect(
      (await call(t.app, 'POST', '/api/v1/auth/logout', { body: { refresh_token: u.refresh } })).statusCode,
    ).toBe(204);
  });

  it('rejects an unknown refresh token (401) and a malformed one (422)', async () => {
    expectProblem(
      await call(t.app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: 'x'.repeat(43) } }),
      401,
    );
    expectProblem(await call(t.app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: 42 } }), 422);
  });
});

describe('access tokens', () => {
  it('expire after 30 minutes', async () => {
    let now = testNow();
    const timed = await createTestApp({ clock: () => now });
    try {
      const u = await registerUser(timed.app);
      expect((await call(timed.app, 'GET', '/api/v1/users/me', { token: u.token })).statusCode).toBe(200);
      now += 29 * 60_000;
      expect((await call(timed.app, 'GET', '/api/v1/users/me', { token: u.token })).statusCode).toBe(200);
      now += 2 * 60_000;
      const p = expectProblem(await call(timed.app, 'GET', '/api/v1/users/me', { token: u.token }), 401);
      expect(p.detail).toMatch(/expired/);
    } finally {
      await timed.close();
    }
  });
});

describe('/users/me', () => {
  it('shows my gyms and roles', async () => {
    const u = await registerUser(t.app, { name: 'Gym Founder' });
    const gymId = await createGym(t.app, u, 'Founders Gym');
    const res = await call(t.app, 'GET', '/api/v1/users/me', { token: u.token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: u.id,
      name: 'Gym Founder',
      gyms: [{ id: gymId, name: 'Founders Gym', role: 'owner' }],
    });
  });

  it('PATCH changes the name and e-mail; a taken e-mail is a 409', async () => {
    const u = await registerUser(t.app);
    const other = await registerUser(t.app);
    const newEmail = uniqueEmail('renamed');
    const res = await call(t.app, 'PATCH', '/api/v1/users/me', {
      token: u.token,
      body: { name: 'Renamed', email: newEmail, current_password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Renamed', email: newEmail, email_verified: false });
    expectProblem(
      await call(t.app, 'PATCH', '/api/v1/users/me', {
        token: u.token,
        body: { email: other.email, current_password: PASSWORD },
      }),
      409,
    );
    expectProblem(
      await call(t.app, 'PATCH', '/api/v1/users/me', { token: u.token, body: { role: 'owner' } }),
      422,
    );
  });

  it('PATCH password needs the current one, then ends the other sessions', async () => {
    const u = await registerUser(t.app);
    const elsewhere = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: u.email, password: PASSWORD },
    });
    expect(elsewhere.statusCode).toBe(200);
    const noCurrent = expectProblem(
      await call(t.app, 'PATCH', '/api/v1/users/me', {
        token: u.token,
        body: { password: 'a brand new password' },
      }),
      422,
    );
    expect(noCurrent.errors![0]!.field).toBe('current_password');
    const ok = await call(t.app, 'PATCH', '/api/v1/users/me', {
      token: u.token,
      body: { password: 'a brand new password', current_password: PASSWORD },
    });
    expect(ok.statusCode).toBe(200);
    // The other sign-in is over; the session that made the change goes on.
    expectProblem(
      await call(t.app, 'POST', '/api/v1/auth/refresh', {
        body: { refresh_token: elsewhere.json<{ refresh_token: string }>().refresh_token },
      }),
      401,
    );
    expect(
      (await call(t.app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: u.refresh } })).statusCode,
    ).toBe(200);
    const login = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: u.email, password: 'a brand new password' },
    });
    expect(login.statusCode).toBe(200);
  });

  it('limits exports to 10 a minute per account, not per IP', async () => {
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    const exportAs = (u: TestUser) =>
      call(t.app, 'GET', '/api/v1/users/me/export', { token: u.token, ip: '203.0.113.77' });
    for (let i = 0; i < 10; i++) expect((await exportAs(a)).statusCode).toBe(200);
    expectProblem(await exportAs(a), 429);
    expect((await exportAs(b)).statusCode).toBe(200);
  });

  it('GET /users/me/export returns my data as JSON', async () => {
    const u = await registerUser(t.app);
    const gymId = await createGym(t.app, u, 'Export Gym');
    const res = await call(t.app, 'GET', '/api/v1/users/me/export', { token: u.token });
    expect(res.statusCode).toBe(200);
    const data = res.json();
    expect(data.account).toMatchObject({ id: u.id, email: u.email });
    expect(data.gyms).toEqual([expect.objectContaining({ gym_id: gymId, role: 'owner' })]);
    expect(data.audit_logs.map((a: { action: string }) => a.action)).toContain('gym.created');
    expect(JSON.stringify(data)).not.toMatch(/argon2/);
  });

  it('DELETE erases the account: its token stops working and its e-mail is free again', async () => {
    const u = await registerUser(t.app);
    const gymId = await createGym(t.app, u, 'Solo Gym');
    expect((await call(t.app, 'DELETE', '/api/v1/users/me', { token: u.token })).statusCode).toBe(204);
    expectProblem(await call(t.app, 'GET', '/api/v1/users/me', { token: u.token }), 401);
    expect(await t.app.services.repos.accounts.findById(u.id)).toBeUndefined();
    // The gym had nobody else, so it went with its owner.
    expect(await t.app.services.repos.gyms.gymExists(gymId)).toBe(false);
    const again = await registerUser(t.app, { email: u.email });
    expect(again.id).not.toBe(u.id);
  });
});

describe('PATCH with nothing to change', () => {
  it('is a 422, for the account and for a gym', async () => {
    const u = await registerUser(t.app);
    const p = expectProblem(
      await call(t.app, 'PATCH', '/api/v1/users/me', { token: u.token, body: {} }),
      422,
    );
    expect(p.errors![0]!.message).toMatch(/at least one field/);
    const gymId = await createGym(t.app, u);
    expectProblem(
      await call(t.app, 'PATCH', '/api/v1/gyms/current', { token: u.token, gym: gymId, body: {} }),
      422,
    );
  });
});
