/**
 * Cross-cutting HTTP behaviour (design §4): RFC 9457 problems for every failure, request ids, Server-Timing,
 * security headers, CORS, the default rate limit, and what the request log may contain.
 */
import { randomInt } from 'node:crypto';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../src/app.js';
import {
  call,
  createGym,
  createTestApp,
  expectProblem,
  PASSWORD,
  registerUser,
  sharedDatabase,
  silentLogger,
  testCache,
  testConfig,
  uniqueEmail,
  waitFor,
  type TestApp,
  type TestUser,
} from '../harness.js';

const BODY_LIMIT = 2048;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A random client address, so rate-limit counters never collide between tests or runs (Redis keeps them). */
const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/** No Node or V8 stack frame, file path or internal error name leaks to the client. */
function expectNoStack(body: string) {
  expect(body).not.toMatch(/\n\s+at |\bat .+\(.+:\d+:\d+\)|\.ts:\d+|\.js:\d+|node_modules|"stack"/);
}

let t: TestApp;
let owner: TestUser;
let gymId: number;
beforeAll(async () => {
  t = await createTestApp({ env: { BODY_LIMIT: String(BODY_LIMIT), CORS_ORIGINS: 'https://app.example' } });
  owner = await registerUser(t.app, { name: 'Error Owner' });
  gymId = await createGym(t.app, owner, 'Error Gym');
});
afterAll(() => t.close());

describe('problem responses', () => {
  it('answers an unknown route with a 404 problem', async () => {
    const res = await call(t.app, 'GET', '/api/v1/no-such-thing?x=1');
    const p = expectProblem(res, 404);
    expect(p.type).toBe('urn:pulso:problem:not-found');
    expect(p.detail).toBe('No route for GET /api/v1/no-such-thing');
    expectNoStack(res.body);
  });

  it('answers a known path with an unsupported method with a 404 problem, too', async () => {
    expectProblem(await call(t.app, 'PUT', '/api/v1/auth/register', { body: {} }), 404);
  });

  it('answers malformed JSON with 400', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.example", "password": ',
    });
    const p = expectProblem(res, 400);
    expect(p.detail).toMatch(/not valid JSON/);
    expectNoStack(res.body);
  });

  it('answers an empty JSON body with 400', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expectProblem(res, 400);
  });

  it('answers a body larger than BODY_LIMIT with 413', async () => {
    const res = await call(t.app, 'POST', '/api/v1/auth/register', {
      body: { email: uniqueEmail(), password: PASSWORD, name: 'x'.repeat(BODY_LIMIT) },
    });
    const p = expectProblem(res, 413);
    expect(p.type).toBe('urn:pulso:problem:payload-too-large');
    // Just under the limit goes through to validation (422: the name is too long).
    const under = await call(t.app, 'POST', '/api/v1/auth/register', {
      body: { email: uniqueEmail(), password: PASSWORD, name: 'x'.repeat(BODY_LIMIT - 200) },
    });
    expectProblem(under, 422);
  });

  it.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data'])(
    'answers a %s body on a JSON route with 415',
    async (contentType) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': contentType },
        payload: 'email=a@b.example&password=x',
      });
      const p = expectProblem(res, 415);
      expect(p.type).toBe('urn:pulso:problem:unsupported-media-type');
    },
  );

  it('answers a compressed body with 415 naming the coding it accepts, and takes an identity one', async () => {
    const body = JSON.stringify({ email: owner.email, password: PASSWORD });
    const gzipped = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(body),
    });
    const p = expectProblem(gzipped, 415);
    expect(p.detail).toMatch(/Content-Encoding/);
    expect(gzipped.headers['accept-encoding']).toBe('identity');
    const plain = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'content-encoding': 'Identity' },
      payload: body,
    });
    expect(plain.statusCode).toBe(200);
  });

  it('accepts application/json with a charset', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      payload: JSON.stringify({ email: owner.email, password: PASSWORD }),
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('422 validation problems', () => {
  const fieldsOf = (res: Parameters<typeof expectProblem>[0]) => {
    const p = expectProblem(res, 422);
    expect(p.type).toBe('urn:pulso:problem:validation');
    expect(Array.isArray(p.errors)).toBe(true);
    for (const e of p.errors!) {
      expect(typeof e.field).toBe('string');
      expect(typeof e.message).toBe('string');
      expect(e.message.length).toBeGreaterThan(0);
    }
    // The detail summarises every field too.
    for (const e of p.errors!) expect(p.detail).toContain(e.field);
    return p.errors!.map((e) => e.field).sort();
  };

  it('names every invalid body field: unknown fields, wrong types, oversized strings, bad formats', async () => {
    const res = await call(t.app, 'POST', '/api/v1/gyms', {
      token: owner.token,
      body: {
        name: '',
        timezone: 'Mars/Olympus_Mons',
        description: 42,
        phone: '9'.repeat(41),
        email: 'not-an-email',
        colour: 'red',
        owner_id: 1,
      },
    });
    expect(fieldsOf(res)).toEqual(
      ['colour', 'description', 'email', 'name', 'owner_id', 'phone', 'timezone'].sort(),
    );
    const p = res.json<{ errors: { field: string; message: string }[] }>();
    expect(p.errors.find((e) => e.field === 'colour')!.message).toBe('Unknown field');
    expectNoStack(res.body);
  });

  it('names an unknown enum value', async () => {
    const res = await call(t.app, 'POST', '/api/v1/members', {
      token: owner.token,
      gym: gymId,
      body: { email: uniqueEmail(), role: 'emperor' },
    });
    expect(fieldsOf(res)).toEqual(['role']);
  });

  it('names invalid query fields with a query. prefix', async () => {
    const res = await call(t.app, 'GET', '/api/v1/members', {
      token: owner.token,
      gym: gymId,
      query: { role: 'emperor', limit: '500' },
    });
    expect(fieldsOf(res)).toEqual(['query.limit', 'query.role']);
  });

  it('names invalid path parameters with a params. prefix', async () => {
    const res = await call(t.app, 'GET', '/api/v1/members/abc', { token: owner.token, gym: gymId });
    expect(fieldsOf(res)).toEqual(['params.user_id']);
  });

  it('names a missing body as the body itself', async () => {
    const res = await call(t.app, 'POST', '/api/v1/auth/login');
    const p = expectProblem(res, 422);
    expect(p.errors!.length).toBeGreaterThan(0);
  });

  it.each([
    [{ limit: '0' }, ['query.limit']],
    [{ limit: '101' }, ['query.limit']],
    [{ limit: 'abc' }, ['query.limit']],
    [{ skip: '-1' }, ['query.skip']],
    [{ skip: '1.5', limit: '-3' }, ['query.limit', 'query.skip']],
  ])('rejects pagination %o naming %o', async (query, fields) => {
    const res = await call(t.app, 'GET', '/api/v1/gyms', { token: owner.token, query });
    expect(fieldsOf(res)).toEqual(fields);
  });

  it('accepts the pagination bounds (limit=1, limit=100, skip=0)', async () => {
    const bounds: Record<string, string>[] = [{ limit: '1' }, { limit: '100' }, { skip: '0' }];
    for (const query of bounds) {
      const res = await call(t.app, 'GET', '/api/v1/gyms', { token: owner.token, query });
      expect(res.statusCode).toBe(200);
    }
  });
});

describe('field paths and internal errors (an app with extra test routes)', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const cache = await testCache();
    if (cache.backend === 'redis') await waitFor(() => cache.status() === 'up');
    app = await buildApp({
      config: testConfig(),
      database: await sharedDatabase(),
      cache,
      logger: silentLogger,
    });
    const typed = app.withTypeProvider<ZodTypeProvider>();
    typed.post(
      '/test/nested',
      {
        config: { access: 'public' },
        schema: {
          querystring: z.object({ page: z.coerce.number().int().min(1) }),
          body: z
            .object({
              profile: z
                .object({
                  age: z.number().int().min(0),
                  tags: z.array(z.string().max(3)),
                  kind: z.enum(['a', 'b']),
                })
                .strict(),
            })
            .strict(),
        },
      },
      () => ({ ok: true }),
    );
    typed.get('/test/boom', { config: { access: 'public' } }, () => {
      const err = new Error('secret internal detail: password=hunter2');
      throw err;
    });
    await app.ready();
    close = async () => {
      await app.close();
      await cache.close();
    };
  });
  afterAll(() => close());

  it('names nested fields with dotted paths, array indexes included', async () => {
    const res = await call(app, 'POST', '/test/nested', {
      query: { page: '1' },
      body: { profile: { age: 'old', tags: ['ok', 'toolong'], kind: 'z', extra: true } },
    });
    const p = expectProblem(res, 422);
    expect(p.errors!.map((e) => e.field).sort()).toEqual(
      ['profile.age', 'profile.extra', 'profile.kind', 'profile.tags.1'].sort(),
    );
  });

  it('answers a thrown error with a bare 500 problem: no message, no stack', async () => {
    const res = await call(app, 'GET', '/test/boom');
    const p = expectProblem(res, 500);
    expect(p.type).toBe('urn:pulso:problem:internal');
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('secret internal detail');
    expectNoStack(res.body);
  });
});

describe('request ids and Server-Timing', () => {
  it('puts a fresh X-Request-Id and Server-Timing (app and db) on every response', async () => {
    const responses = await Promise.all([
      call(t.app, 'GET', '/health'),
      call(t.app, 'GET', '/api/v1/users/me', { token: owner.token }),
      call(t.app, 'GET', '/api/v1/users/me'),
      call(t.app, 'GET', '/api/v1/nowhere'),
      call(t.app, 'POST', '/api/v1/gyms', { token: owner.token, body: { nope: 1 } }),
    ]);
    const ids = new Set<string>();
    for (const res of responses) {
      const id = String(res.headers['x-request-id']);
      expect(id).toMatch(UUID);
      ids.add(id);
      const timing = String(res.headers['server-timing']);
      expect(timing).toMatch(/(^|, )app;dur=\d+(\.\d+)?/);
      expect(timing).toMatch(/(^|, )db;dur=\d+(\.\d+)?;desc="\d+ queries"/);
    }
    expect(ids.size).toBe(responses.length);
  });

  it('counts the database time of a request that queries', async () => {
    const email = uniqueEmail();
    const res = await call(t.app, 'POST', '/api/v1/auth/register', {
      body: { email, password: PASSWORD, name: 'Timed' },
    });
    expect(res.statusCode).toBe(201);
    const m = /db;dur=([\d.]+);desc="(\d+) queries"/.exec(String(res.headers['server-timing']));
    expect(m).not.toBeNull();
    expect(Number(m![2])).toBeGreaterThan(0);
  });

  it('echoes a valid incoming X-Request-Id', async () => {
    const id = 'trace-abc_123.XYZ';
    const res = await call(t.app, 'GET', '/health', { headers: { 'x-request-id': id } });
    expect(res.headers['x-request-id']).toBe(id);
    const problem = await call(t.app, 'GET', '/api/v1/users/me', { headers: { 'x-request-id': id } });
    expect(problem.headers['x-request-id']).toBe(id);
  });

  it.each(['has spaces in it', 'x'.repeat(65), '<script>', 'a\u00e9b', ''])(
    'replaces an invalid incoming X-Request-Id (%s)',
    async (given) => {
      const res = await call(t.app, 'GET', '/health', { headers: { 'x-request-id': given } });
      expect(res.headers['x-request-id']).toMatch(UUID);
    },
  );
});

describe('security headers and CORS', () => {
  it('sends the API security headers on API responses and no X-Powered-By', async () => {
    for (const res of [
      await call(t.app, 'GET', '/health'),
      await call(t.app, 'GET', '/api/v1/users/me'),
      await call(t.app, 'GET', '/api/v1/nowhere'),
      await call(t.app, 'GET', '/openapi.json'),
    ]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      // HSTS only over HTTPS (injected requests are plain HTTP): security-headers.test.ts.
      expect(res.headers['strict-transport-security']).toBeUndefined();
      // Nothing may load from or frame a JSON response (OWASP REST Security Cheat Sheet).
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      // The document-only headers stay off API responses.
      expect(res.headers['cross-origin-opener-policy']).toBeUndefined();
      expect(res.headers['x-dns-prefetch-control']).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it("sends helmet's full set on pages (the documentation UI)", async () => {
    const res = await call(t.app, 'GET', '/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // COOP and HSTS are sent only over HTTPS (security-headers.test.ts).
    expect(res.headers['cross-origin-opener-policy']).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  const preflight = (app: FastifyInstance, origin: string) =>
    app.inject({
      method: 'OPTIONS',
      url: '/api/v1/users/me',
      headers: {
        origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization, x-gym-id',
      },
    });

  it('allows a preflight from a configured origin', async () => {
    const res = await preflight(t.app, 'https://app.example');
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(String(res.headers['access-control-allow-methods'])).toContain('GET');
    expect(String(res.headers['access-control-allow-headers']).toLowerCase()).toContain('x-gym-id');
    // Actual requests from that origin carry the CORS headers and expose ours.
    const get = await call(t.app, 'GET', '/health', { headers: { origin: 'https://app.example' } });
    expect(get.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(String(get.headers['access-control-expose-headers'])).toContain('x-request-id');
  });

  it('does not allow a preflight from another origin', async () => {
    for (const origin of ['https://evil.example', 'https://app.example.evil.example', 'null']) {
      const res = await preflight(t.app, origin);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const get = await call(t.app, 'GET', '/health', { headers: { origin } });
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('allows no cross-origin use at all when CORS_ORIGINS is unset', async () => {
    const plain = await createTestApp();
    try {
      const res = await preflight(plain.app, 'https://app.example');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});

describe('default rate limit (RATE_LIMIT_MAX=3)', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '60' } });
  });
  afterAll(() => limited.close());

  it('answers the 4th request from one IP with a 429 problem and Retry-After', async () => {
    const ip = randomIp();
    for (let i = 0; i < 3; i++) {
      const res = await call(limited.app, 'GET', '/openapi.json', { ip });
      expect(res.statusCode).toBe(200);
    }
    const res = await call(limited.app, 'GET', '/openapi.json', { ip });
    const p = expectProblem(res, 429);
    expect(p.type).toBe('urn:pulso:problem:rate-limited');
    // The configured window, not the time left in it (that is Retry-After).
    expect(p.detail).toBe('Too many requests: at most 3 per 60 seconds');
    const es = await call(limited.app, 'GET', '/openapi.json', {
      ip,
      headers: { 'accept-language': 'es-ES' },
    });
    expect(expectProblem(es, 429).detail).toBe('Demasiadas solicitudes: como máximo 3 cada 60 segundos');
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.headers['x-request-id']).toMatch(UUID);
    // Another client is not affected.
    expect((await call(limited.app, 'GET', '/openapi.json', { ip: randomIp() })).statusCode).toBe(200);
  });

  it("states a route's own limit and window (credential routes)", async () => {
    const strict = await createTestApp({
      env: { RATE_LIMIT_MAX: '1000', RATE_LIMIT_AUTH_MAX: '2', RATE_LIMIT_WINDOW_SECONDS: '45' },
    });
    try {
      const ip = randomIp();
      const body = { email: 'nobody@test.pulso.example', password: 'x' };
      for (let i = 0; i < 2; i++)
        expect((await call(strict.app, 'POST', '/api/v1/auth/login', { ip, body })).statusCode).toBe(401);
      const res = await call(strict.app, 'POST', '/api/v1/auth/login', { ip, body });
      expect(expectProblem(res, 429).detail).toBe('Too many requests: at most 2 per 45 seconds');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(45);
    } finally {
      await strict.close();
    }
  });

  // The access check runs after the rate limiter, so refused requests are counted too.
  it('limits unauthenticated calls to protected routes, too', async () => {
    const ip = randomIp();
    const codes: number[] = [];
    for (let i = 0; i < 4; i++)
      codes.push((await call(limited.app, 'GET', '/api/v1/users/me', { ip })).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
  });

  it('does not limit the health routes', async () => {
    const ip = randomIp();
    for (let i = 0; i < 8; i++) {
      expect((await call(limited.app, 'GET', '/health', { ip })).statusCode).toBe(200);
      expect((await call(limited.app, 'GET', '/health/ready', { ip })).statusCode).toBe(200);
      expect((await call(limited.app, 'GET', '/health/database', { ip })).statusCode).toBe(200);
    }
  });
});

describe('request log hygiene', () => {
  it('logs route patterns and status, never passwords, e-mails or tokens', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        cb();
      },
    });
    const cache = await testCache();
    if (cache.backend === 'redis') await waitFor(() => cache.status() === 'up');
    const app = await buildApp({
      config: testConfig({ LOG_LEVEL: 'info' }),
      database: await sharedDatabase(),
      cache,
      logger: pino({ level: 'info' }, sink),
    });
    await app.ready();
    try {
      const email = uniqueEmail('logged');
      const password = 'a very secret passphrase 42';
      const reg = await call(app, 'POST', '/api/v1/auth/register', {
        body: { email, password, name: 'Log Subject' },
      });
      expect(reg.statusCode).toBe(201);
      const wrong = await call(app, 'POST', '/api/v1/auth/login', {
        body: { email, password: 'wrong but also secret 99' },
      });
      expect(wrong.statusCode).toBe(401);
      const login = await call(app, 'POST', '/api/v1/auth/login', { body: { email, password } });
      expect(login.statusCode).toBe(200);
      const pair = login.json<{ access_token: string; refresh_token: string; user: { id: number } }>();
      const refreshed = await call(app, 'POST', '/api/v1/auth/refresh', {
        body: { refresh_token: pair.refresh_token },
      });
      expect(refreshed.statusCode).toBe(200);
      const next = refreshed.json<{ access_token: string; refresh_token: string }>();
      // A replayed refresh token and a lookup by raw id in the URL.
      expect(
        (await call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: pair.refresh_token } }))
          .statusCode,
      ).toBe(401);
      const gym = await call(app, 'POST', '/api/v1/gyms', {
        token: next.access_token,
        body: { name: 'Logged Gym' },
      });
      const gid = gym.json<{ id: number }>().id;
      await call(app, 'GET', `/api/v1/members/${pair.user.id}`, { token: next.access_token, gym: gid });
      await call(app, 'GET', '/api/v1/users/me', { token: next.access_token });
      await call(app, 'GET', `/api/v1/lookup/${encodeURIComponent(email)}`);
      await app.close();

      const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const requests = records.filter((r) => r.msg === 'request');
      expect(requests.map((r) => [r.method, r.route, r.status])).toEqual(
        expect.arrayContaining([
          ['POST', '/api/v1/auth/register', 201],
          ['POST', '/api/v1/auth/login', 401],
          ['POST', '/api/v1/auth/login', 200],
          ['POST', '/api/v1/auth/refresh', 200],
          ['POST', '/api/v1/auth/refresh', 401],
          ['GET', '/api/v1/members/:user_id', 200],
          ['GET', '/api/v1/users/me', 200],
          ['GET', 'unmatched', 404],
        ]),
      );
      for (const r of requests) {
        expect(typeof r.reqId).toBe('string');
        expect(typeof r.duration_ms).toBe('number');
      }
      const all = lines.join('\n');
      for (const secret of [
        password,
        'wrong but also secret 99',
        email,
        encodeURIComponent(email),
        email.split('@')[0]!,
        pair.access_token,
        pair.refresh_token,
        next.access_token,
        next.refresh_token,
        reg.json<{ access_token: string }>().access_token,
        reg.json<{ refresh_token: string }>().refresh_token,
      ])
        expect(all).not.toContain(secret);
      expect(all).not.toMatch(/authorization|bearer/i);
    } finally {
      await app.close();
      await cache.close();
    }
  });
});
