/**
 * The web app's sign-in with an OpenID Connect provider (authorization code + PKCE): a real provider on loopback
 * (discovery, token endpoint, JWKS) with keys made by jose; the app configured with OIDC_ISSUER and
 * OIDC_CLIENT_ID.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, expectProblem, testNow, uniqueEmail, type TestApp } from '../../harness.js';

const AUDIENCE = 'pulso-api';
const CLIENT_ID = 'pulso-web';
const KID = 'k1';
const REDIRECT = 'http://app.test/sign-in/callback';

let server: Server;
let issuer: string;
let privateKey: CryptoKey;
let publicJwk: JWK;
/** Codes the provider will honour: code → who signs in and the PKCE verifier it was asked with. */
const codes = new Map<string, { sub: string; email: string; name: string; verifier: string }>();
/** What the token endpoint received last. */
let lastForm: URLSearchParams | undefined;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  server = createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/openid-configuration')
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/oauth/token`,
        jwks_uri: `${issuer}/jwks.json`,
      });
    if (req.url === '/jwks.json') return json(200, { keys: [publicJwk] });
    if (req.url === '/oauth/token' && req.method === 'POST') {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const form = (lastForm = new URLSearchParams(raw));
        const grant = codes.get(form.get('code') ?? '');
        // One use per code, bound to its verifier, client and redirect URI, as a provider does.
        if (
          !grant ||
          form.get('grant_type') !== 'authorization_code' ||
          form.get('code_verifier') !== grant.verifier ||
          form.get('client_id') !== CLIENT_ID ||
          form.get('redirect_uri') !== REDIRECT
        )
          return json(400, { error: 'invalid_grant' });
        codes.delete(form.get('code')!);
        const now = Math.floor(testNow() / 1000);
        void new SignJWT({ email: grant.email, name: grant.name })
          .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
          .setIssuer(issuer)
          .setAudience(AUDIENCE)
          .setSubject(grant.sub)
          .setIssuedAt(now - 10)
          .setExpirationTime(now + 600)
          .sign(privateKey)
          .then((access_token) => json(200, { access_token, token_type: 'Bearer', expires_in: 600 }));
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'; // RFC 7636 Appendix B's example verifier

function grant(name = 'Olga Provider') {
  const code = randomUUID();
  const g = { sub: `auth0|${randomUUID()}`, email: uniqueEmail('oidc-web'), name, verifier: VERIFIER };
  codes.set(code, g);
  return { code, ...g };
}

describe('OIDC sign-in for the web app (OIDC_CLIENT_ID set)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { OIDC_ISSUER: issuer, OIDC_AUDIENCE: AUDIENCE, OIDC_CLIENT_ID: CLIENT_ID },
    });
  });
  afterAll(() => t.close());

  it('GET /auth/providers names the provider, its authorization endpoint and the client id', async () => {
    const res = await call(t.app, 'GET', '/api/v1/auth/providers');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      oidc: {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        client_id: CLIENT_ID,
        scope: 'openid profile email',
        audience: AUDIENCE,
      },
    });
  });

  it('exchanges a code for a Pulso session: the person is created on first sight, the same one after', async () => {
    const g = grant();
    const res = await call(t.app, 'POST', '/api/v1/auth/oidc/callback', {
      body: { code: g.code, code_verifier: VERIFIER, redirect_uri: REDIRECT },
    });
    expect(res.statusCode).toBe(200);
    expect(lastForm?.get('client_id')).toBe(CLIENT_ID);
    const pair = res.json<{ access_token: string; refresh_token: string }>();
    expect(pair.refresh_token).toEqual(expect.any(String));
    const me = await call(t.app, 'GET', '/api/v1/users/me', { token: pair.access_token });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: g.email, name: 'Olga Provider' });
    const id = me.json<{ id: number }>().id;
    const row = await t.app.services.repos.accounts.findById(id);
    expect(row).toMatchObject({ oidcSubject: `${issuer}|${g.sub}`, passwordHash: null });

    // A second sign-in of the same subject is the same account.
    const again = grant();
    codes.set(again.code, { ...g });
    const res2 = await call(t.app, 'POST', '/api/v1/auth/oidc/callback', {
      body: { code: again.code, code_verifier: VERIFIER, redirect_uri: REDIRECT },
    });
    expect(res2.statusCode).toBe(200);
    const me2 = await call(t.app, 'GET', '/api/v1/users/me', {
      token: res2.json<{ access_token: string }>().access_token,
    });
    expect(me2.json<{ id: number }>().id).toBe(id);
  });

  it('in browser mode the refresh token goes to the httpOnly cookie, not the body', async () => {
    const g = grant('Cookie Person');
    const res = await call(t.app, 'POST', '/api/v1/auth/oidc/callback', {
      headers: { 'x-pulso-session': 'cookie' },
      body: { code: g.code, code_verifier: VERIFIER, redirect_uri: REDIRECT },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).not.toHaveProperty('refresh_token');
    expect(String(res.headers['set-cookie'])).toMatch(/httponly/i);
  });

  it('a code the provider refuses (used, wrong verifier) is a 401 problem, not a 500', async () => {
    const g = grant();
    const wrong = await call(t.app, 'POST', '/api/v1/auth/oidc/callback', {
      body: { code: g.code, code_verifier: 'x'.repeat(43), redirect_uri: REDIRECT },
    });
    expectProblem(wrong, 401);
    const unknown = await call(t.app, 'POST', '/api/v1/auth/oidc/callback', {
      body: { code: 'never-issued', code_verifier: VERIFIER, redirect_uri: REDIRECT },
    });
    expectProblem(unknown, 401);
  });

  it('a malformed verifier is a 422 naming the field', async () => {
    const res = await call(t.app, 'POST', '/api/v1/auth/oidc/callback', {
      body: { code: 'abc', code_verifier: 'short', redirect_uri: REDIRECT },
    });
    const p = expectProblem(res, 422) as unknown as { errors: { field: string }[] };
    expect(p.errors.map((e) => e.field)).toContain('code_verifier');
  });
});

describe('without OIDC_CLIENT_ID', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Bearer tokens of the provider are still accepted; only the web sign-in is off.
    t = await createTestApp({ env: { OIDC_ISSUER: issuer, OIDC_AUDIENCE: AUDIENCE } });
  });
  afterAll(() => t.close());

  it('answers no provider (the app shows no button) and has no callback route', async () => {
    const res = await call(t.app, 'GET', '/api/v1/auth/providers');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ oidc: null });
    const cb = await call(t.app, 'POST', '/api/v1/auth/oidc/callback', {
      body: { code: 'abc', code_verifier: VERIFIER, redirect_uri: REDIRECT },
    });
    expect(cb.statusCode).toBe(404);
  });
});
