/**
 * The browser mode of sessions (`X-Pulso-Session: cookie`): the refresh token only in an httpOnly,
 * SameSite=Strict cookie scoped to the auth routes, and refused when another site's page sends it (CSRF).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, expectProblem, PASSWORD, uniqueEmail, type TestApp } from '../../harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const COOKIE = { 'x-pulso-session': 'cookie' };
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

function cookieOf(res: { headers: Record<string, unknown> }): { value: string; attrs: string } {
  const raw = ([] as string[])
    .concat(res.headers['set-cookie'] as string | string[])
    .find((c) => c.startsWith('pulso_refresh='));
  if (!raw) throw new Error('no session cookie set');
  const [pair, ...attrs] = raw.split('; ');
  return { value: pair!.slice('pulso_refresh='.length), attrs: attrs.join('; ') };
}

async function signInBrowser() {
  const email = uniqueEmail('browser');
  const reg = await call(t.app, 'POST', '/api/v1/auth/register', {
    body: { email, password: PASSWORD, name: 'Bea' },
    headers: COOKIE,
  });
  expect(reg.statusCode).toBe(201);
  return { email, reg, cookie: cookieOf(reg) };
}

// Each test registers an account (an argon2 hash): slow on a busy machine.
describe('browser sessions', { timeout: 120_000 }, () => {
  it('sets the refresh token as an httpOnly SameSite=Strict cookie on the auth path, not in the body', async () => {
    const { reg, cookie } = await signInBrowser();
    expect(reg.json()).not.toHaveProperty('refresh_token');
    expect(reg.json().access_token.split('.')).toHaveLength(3);
    expect(cookie.value.length).toBeGreaterThanOrEqual(40);
    expect(cookie.attrs).toContain('HttpOnly');
    expect(cookie.attrs).toContain('SameSite=Strict');
    expect(cookie.attrs).toContain('Path=/api/v1/auth');
    // Plain HTTP (the inject default): a Secure cookie would be dropped by the browser.
    expect(cookie.attrs).not.toContain('Secure');
  });

  it(
    'marks the cookie Secure when the request came over HTTPS (a trusted proxy says so)',
    { timeout: 120_000 },
    async () => {
      const proxied = await createTestApp({ env: { TRUST_PROXY: 'true' } });
      try {
        const res = await call(proxied.app, 'POST', '/api/v1/auth/register', {
          body: { email: uniqueEmail('tls'), password: PASSWORD, name: 'Tls' },
          headers: { ...COOKIE, 'x-forwarded-proto': 'https' },
        });
        expect(cookieOf(res).attrs).toContain('Secure');
      } finally {
        await proxied.close();
      }
    },
  );

  it('signs in with the cookie mode too, and keeps the bearer mode for API clients', async () => {
    const { email } = await signInBrowser();
    const browser = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email, password: PASSWORD },
      headers: COOKIE,
    });
    expect(browser.json()).not.toHaveProperty('refresh_token');
    expect(cookieOf(browser).value).toBeTruthy();
    const client = await call(t.app, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
    expect(client.json().refresh_token.length).toBeGreaterThanOrEqual(40);
    expect(client.headers['set-cookie']).toBeUndefined();
  });

  it('refreshes from the cookie on a same-origin request, rotating the cookie', async () => {
    const { cookie } = await signInBrowser();
    const res = await call(t.app, 'POST', '/api/v1/auth/refresh', {
      body: {},
      headers: { ...COOKIE, ...SAME_ORIGIN, cookie: `pulso_refresh=${cookie.value}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).not.toHaveProperty('refresh_token');
    // The app's next question answered with it: the account exactly as GET /users/me gives it.
    const me = await call(t.app, 'GET', '/api/v1/users/me', { token: res.json().access_token });
    expect(me.statusCode).toBe(200);
    expect(res.json().me).toEqual(me.json());
    const next = cookieOf(res).value;
    expect(next).not.toBe(cookie.value);
    // The old one was used: presenting it again is refused.
    const replay = await call(t.app, 'POST', '/api/v1/auth/refresh', {
      body: {},
      headers: { ...COOKIE, ...SAME_ORIGIN, cookie: `pulso_refresh=${cookie.value}` },
    });
    expectProblem(replay, 401);
  });

  it('accepts an Origin equal to the server’s when the browser sends no Fetch Metadata', async () => {
    const { cookie } = await signInBrowser();
    const res = await call(t.app, 'POST', '/api/v1/auth/refresh', {
      body: {},
      headers: {
        ...COOKIE,
        origin: 'http://localhost:80',
        host: 'localhost:80',
        cookie: `pulso_refresh=${cookie.value}`,
      },
    });
    expect(res.statusCode).toBe(200);
  });

  it('refuses the cookie on a cross-site POST (CSRF), in the request’s language', async () => {
    const { cookie } = await signInBrowser();
    for (const headers of [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example', host: 'localhost:80' },
    ] as Record<string, string>[]) {
      const res = await call(t.app, 'POST', '/api/v1/auth/refresh', {
        body: {},
        headers: { ...headers, cookie: `pulso_refresh=${cookie.value}` },
      });
      const p = expectProblem(res, 403);
      expect(p.type).toMatch(/cross-site$/);
    }
    const es = await call(t.app, 'POST', '/api/v1/auth/logout', {
      body: {},
      headers: {
        'sec-fetch-site': 'cross-site',
        'accept-language': 'es',
        cookie: `pulso_refresh=${cookie.value}`,
      },
    });
    expect(expectProblem(es, 403).detail).toContain('cookie de sesión');
    // The refused requests revoked nothing: the app itself can still refresh.
    const ok = await call(t.app, 'POST', '/api/v1/auth/refresh', {
      body: {},
      headers: { ...COOKIE, ...SAME_ORIGIN, cookie: `pulso_refresh=${cookie.value}` },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('signs out from the cookie: the session is revoked and the cookie cleared', async () => {
    const { cookie } = await signInBrowser();
    const out = await call(t.app, 'POST', '/api/v1/auth/logout', {
      body: {},
      headers: { ...SAME_ORIGIN, cookie: `pulso_refresh=${cookie.value}` },
    });
    expect(out.statusCode).toBe(204);
    const cleared = cookieOf(out);
    expect(cleared.value).toBe('');
    expect(cleared.attrs).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/);
    const again = await call(t.app, 'POST', '/api/v1/auth/refresh', {
      body: {},
      headers: { ...SAME_ORIGIN, cookie: `pulso_refresh=${cookie.value}` },
    });
    expectProblem(again, 401);
  });

  it('answers 422 on refresh_token when neither the body nor a cookie carries one', async () => {
    const p = expectProblem(
      await call(t.app, 'POST', '/api/v1/auth/refresh', { body: {}, headers: SAME_ORIGIN }),
      422,
    );
    expect(p.errors?.[0]?.field).toBe('refresh_token');
  });
});
