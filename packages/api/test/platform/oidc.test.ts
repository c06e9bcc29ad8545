/**
 * Tokens from an external OpenID Connect provider: a real JWKS server on loopback, keys made with jose, and the
 * app configured through OIDC_ISSUER (discovery) or OIDC_JWKS_URI (direct).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createTestApp,
  expectProblem,
  registerUser,
  testNow,
  uniqueEmail,
  type TestApp,
} from '../harness.js';

const AUDIENCE = 'pulso-test';
const KID = 'test-key-1';

let server: Server;
let issuer: string;
let privateKey: CryptoKey;
let otherKey: CryptoKey;
let publicJwk: JWK;
const hits = { discovery: 0, jwks: 0 };
/** While set, the provider drops connections to that endpoint (as if it were down). */
const down = { discovery: false, jwks: false };

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  otherKey = (await generateKeyPair('RS256')).privateKey;

  server = createServer((req, res) => {
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/openid-configuration') {
      if (down.discovery) return req.socket.destroy();
      hits.discovery++;
      return json({ issuer, jwks_uri: `${issuer}/jwks.json` });
    }
    if (req.url === '/jwks.json') {
      if (down.jwks) return req.socket.destroy();
      hits.jwks++;
      return json({ keys: [publicJwk] });
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

interface TokenOptions {
  sub?: string | null;
  email?: string;
  name?: string;
  aud?: string;
  iss?: string;
  /** Seconds from now (negative: already expired). */
  expiresIn?: number;
  key?: CryptoKey;
  kid?: string;
}

function providerToken(o: TokenOptions = {}): Promise<string> {
  const now = Math.floor(testNow() / 1000);
  const claims: Record<string, unknown> = {};
  if (o.email !== undefined) claims.email = o.email;
  if (o.name !== undefined) claims.name = o.name;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: o.kid ?? KID, typ: 'JWT' })
    .setIssuer(o.iss ?? issuer)
    .setAudience(o.aud ?? AUDIENCE)
    .setIssuedAt(now - 60)
    .setExpirationTime(now + (o.expiresIn ?? 600));
  if (o.sub !== null) jwt.setSubject(o.sub ?? `auth0|${randomUUID()}`);
  return jwt.sign(o.key ?? privateKey);
}

interface MeBody {
  id: number;
  email: string | null;
  name: string;
  gyms: { id: number; name: string; role: string }[];
}

describe('OIDC via discovery (OIDC_ISSUER)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { OIDC_ISSUER: issuer, OIDC_AUDIENCE: AUDIENCE } });
  });
  afterAll(() => t.close());

  it('accepts a valid provider token and creates the user on first sight from its claims', async () => {
    const email = uniqueEmail('oidc');
    const sub = `auth0|${randomUUID()}`;
    const token = await providerToken({ sub, email, name: 'Olga Provider' });
    const res = await call(t.app, 'GET', '/api/v1/users/me', { token });
    expect(res.statusCode).toBe(200);
    const me = res.json<MeBody>();
    expect(me).toMatchObject({ email, name: 'Olga Provider', gyms: [] });
    expect(me.id).toBeGreaterThan(0);
    // The local account is bound to the provider's subject (namespaced by issuer) and has no password.
    const row = await t.app.services.repos.accounts.findById(me.id);
    expect(row).toMatchObject({ oidcSubject: `${issuer}|${sub}`, passwordHash: null });
    expect(hits.discovery).toBeGreaterThanOrEqual(1);
    expect(hits.jwks).toBeGreaterThanOrEqual(1);
  });

  it('maps later tokens of the same subject to the same user (no duplicate), also past the cache', async () => {
    const sub = `auth0|${randomUUID()}`;
    const email = uniqueEmail('oidc-again');
    const first = await call(t.app, 'GET', '/api/v1/users/me', {
      token: await providerToken({ sub, email, name: 'Same Person' }),
    });
    expect(first.statusCode).toBe(200);
    const id = first.json<MeBody>().id;

    const second = await call(t.app, 'GET', '/api/v1/users/me', {
      token: await providerToken({ sub, email, name: 'Same Person', expiresIn: 900 }),
    });
    expect(second.statusCode).toBe(200);
    expect(second.json<MeBody>().id).toBe(id);

    // Forget the cached subject → user mapping: the database lookup must find the same account again.
    await t.cache.del(`oidc-subject:${issuer}|${sub}`);
    const third = await call(t.app, 'GET', '/api/v1/users/me', {
      token: await providerToken({ sub, email, name: 'Renamed At Provider' }),
    });
    expect(third.statusCode).toBe(200);
    expect(third.json<MeBody>().id).toBe(id);
    const bySubject = await t.app.services.repos.accounts.findBySubject(`${issuer}|${sub}`);
    expect(bySubject?.id).toBe(id);
  });

  it('creates the user even without e-mail or name claims', async () => {
    const res = await call(t.app, 'GET', '/api/v1/users/me', { token: await providerToken() });
    expect(res.statusCode).toBe(200);
    expect(res.json<MeBody>()).toMatchObject({ email: null, name: 'Pulso user' });
  });

  it('rejects a token for another audience (401)', async () => {
    const token = await providerToken({ aud: 'someone-else', email: uniqueEmail() });
    const p = expectProblem(await call(t.app, 'GET', '/api/v1/users/me', { token }), 401);
    expect(p.detail).toMatch(/identity-provider token/i);
  });

  it('rejects an expired token (401)', async () => {
    const token = await providerToken({ expiresIn: -3600, email: uniqueEmail() });
    expectProblem(await call(t.app, 'GET', '/api/v1/users/me', { token }), 401);
  });

  it('rejects a token signed by a key that is not in the JWKS (401)', async () => {
    const unknownKid = await providerToken({ key: otherKey, kid: 'not-published', email: uniqueEmail() });
    expectProblem(await call(t.app, 'GET', '/api/v1/users/me', { token: unknownKid }), 401);
    // Same kid as the published key, but the signature is made with another private key.
    const forged = await providerToken({ key: otherKey, email: uniqueEmail() });
    expectProblem(await call(t.app, 'GET', '/api/v1/users/me', { token: forged }), 401);
  });

  it('rejects a provider token without a subject (401)', async () => {
    const token = await providerToken({ sub: null, email: uniqueEmail() });
    expectProblem(await call(t.app, 'GET', '/api/v1/users/me', { token }), 401);
  });

  it('treats a token from another issuer as a local token, which it is not (401)', async () => {
    const token = await providerToken({ iss: 'https://evil.example', email: uniqueEmail() });
    const p = expectProblem(await call(t.app, 'GET', '/api/v1/users/me', { token }), 401);
    expect(p.detail).not.toMatch(/identity-provider/i);
  });

  it('refuses (409) a provider e-mail that belongs to a local password account instead of linking it', async () => {
    const local = await registerUser(t.app, { name: 'Local Owner' });
    const sub = `auth0|${randomUUID()}`;
    for (const email of [local.email, local.email.toUpperCase()]) {
      const token = await providerToken({ sub, email, name: 'Impostor' });
      const p = expectProblem(await call(t.app, 'GET', '/api/v1/users/me', { token }), 409);
      expect(p.type).toBe('urn:pulso:problem:email-taken');
      expect(p.detail).toMatch(/sign in with its password$/);
    }
    expect(await t.app.services.repos.accounts.findBySubject(`${issuer}|${sub}`)).toBeUndefined();
    // The local account is untouched and still works with its own token.
    const me = await call(t.app, 'GET', '/api/v1/users/me', { token: local.token });
    expect(me.json<MeBody>()).toMatchObject({ id: local.id, name: 'Local Owner' });
  });

  it('lets a provider user create a gym and then act in it with X-Gym-ID', async () => {
    const token = await providerToken({ email: uniqueEmail('oidc-owner'), name: 'Provider Owner' });
    const gym = await call(t.app, 'POST', '/api/v1/gyms', { token, body: { name: 'Provider Gym' } });
    expect(gym.statusCode).toBe(201);
    const gymId = gym.json<{ id: number; role: string }>().id;
    expect(gym.json<{ role: string }>().role).toBe('owner');

    const current = await call(t.app, 'GET', '/api/v1/gyms/current', { token, gym: gymId });
    expect(current.statusCode).toBe(200);
    expect(current.json()).toMatchObject({ id: gymId, name: 'Provider Gym', role: 'owner' });

    const members = await call(t.app, 'GET', '/api/v1/members', { token, gym: gymId });
    expect(members.statusCode).toBe(200);
    expect(members.json<{ role: string }[]>().map((m) => m.role)).toEqual(['owner']);

    const me = await call(t.app, 'GET', '/api/v1/users/me', { token });
    expect(me.json<MeBody>().gyms).toEqual([{ id: gymId, name: 'Provider Gym', role: 'owner' }]);
  });

  it('still accepts the local tokens of password accounts', async () => {
    const u = await registerUser(t.app);
    const me = await call(t.app, 'GET', '/api/v1/users/me', { token: u.token });
    expect(me.statusCode).toBe(200);
    expect(me.json<MeBody>().id).toBe(u.id);
  });
});

describe('OIDC with OIDC_JWKS_URI (no discovery)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { OIDC_ISSUER: issuer, OIDC_AUDIENCE: AUDIENCE, OIDC_JWKS_URI: `${issuer}/jwks.json` },
    });
  });
  afterAll(() => t.close());

  it('verifies against the configured JWKS without fetching the discovery document', async () => {
    const discoveryBefore = hits.discovery;
    const jwksBefore = hits.jwks;
    const email = uniqueEmail('jwks');
    const res = await call(t.app, 'GET', '/api/v1/users/me', {
      token: await providerToken({ email, name: 'Direct Jwks' }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<MeBody>()).toMatchObject({ email, name: 'Direct Jwks' });
    expect(hits.discovery).toBe(discoveryBefore);
    expect(hits.jwks).toBeGreaterThan(jwksBefore);
  });

  it('still rejects wrong audience, expired and foreign-key tokens (401)', async () => {
    for (const token of [
      await providerToken({ aud: 'other' }),
      await providerToken({ expiresIn: -10 }),
      await providerToken({ key: otherKey, kid: 'nope' }),
    ])
      expectProblem(await call(t.app, 'GET', '/api/v1/users/me', { token }), 401);
  });
});

describe('identity provider outages', () => {
  it('answers 503 while discovery is unreachable and recovers once the provider is back', async () => {
    const t = await createTestApp({ env: { OIDC_ISSUER: issuer, OIDC_AUDIENCE: AUDIENCE } });
    try {
      const token = await providerToken({ email: uniqueEmail('outage'), name: 'Patient User' });
      down.discovery = true;
      const res = await call(t.app, 'GET', '/api/v1/users/me', { token });
      expectProblem(res, 503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      down.discovery = false;
      // A failed discovery must not be remembered: the next request tries again.
      expect((await call(t.app, 'GET', '/api/v1/users/me', { token })).statusCode).toBe(200);
    } finally {
      down.discovery = false;
      await t.close();
    }
  });

  it('answers 503 while the JWKS is unreachable and recovers once it is back', async () => {
    const t = await createTestApp({
      env: { OIDC_ISSUER: issuer, OIDC_AUDIENCE: AUDIENCE, OIDC_JWKS_URI: `${issuer}/jwks.json` },
    });
    try {
      const token = await providerToken({ email: uniqueEmail('jwks-outage') });
      down.jwks = true;
      expectProblem(await call(t.app, 'GET', '/api/v1/users/me', { token }), 503);
      down.jwks = false;
      expect((await call(t.app, 'GET', '/api/v1/users/me', { token })).statusCode).toBe(200);
    } finally {
      down.jwks = false;
      await t.close();
    }
  });
});
