import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createGym,
  createTestApp,
  expectProblem,
  registerUser,
  TEST_DATABASE_URL,
  testNow,
  type TestApp,
} from '../../harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('health probes', () => {
  it('GET /health reports liveness', async () => {
    const res = await call(t.app, 'GET', '/health');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const b = res.json();
    expect(Object.keys(b).sort()).toEqual(['status', 'timestamp', 'uptime', 'version']);
    expect(b.status).toBe('healthy');
    expect(b.timestamp).toMatch(ISO);
    expect(Math.abs(Date.parse(b.timestamp) - testNow())).toBeLessThan(60_000);
    expect(typeof b.uptime).toBe('number');
    expect(b.uptime).toBeGreaterThanOrEqual(0);
    expect(b.version).toBe('0.0.0-test');
  });

  it('GET /health/database reports the database', async () => {
    const res = await call(t.app, 'GET', '/health/database');
    expect(res.statusCode).toBe(200);
    const { database } = res.json();
    expect(database.status).toBe('connected');
    expect(typeof database.latency_ms).toBe('number');
    expect(database.latency_ms).toBeGreaterThanOrEqual(0);
    expect(database.driver).toBe(TEST_DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('GET /health/ready reports readiness', async () => {
    const res = await call(t.app, 'GET', '/health/ready');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ready',
      checks: { database: 'up', cache: t.cache.backend === 'redis' ? 'up' : 'memory' },
    });
  });

  it('needs no token', async () => {
    for (const url of ['/health', '/health/database', '/health/ready', '/api/v1/health/metrics', '/metrics'])
      expect((await call(t.app, 'GET', url)).statusCode).toBe(200);
  });
});

describe('GET /api/v1/health/metrics', () => {
  it('has the documented shape', async () => {
    const res = await call(t.app, 'GET', '/api/v1/health/metrics');
    expect(res.statusCode).toBe(200);
    const b = res.json();
    expect(b).toMatchObject({
      status: 'healthy',
      database: {
        connected: true,
        driver: TEST_DATABASE_URL ? 'postgres' : 'pglite',
        latency_ms: expect.any(Number),
        queries: expect.any(Number),
      },
      cache: {
        backend: t.cache.backend,
        connected: true,
        hits: expect.any(Number),
        misses: expect.any(Number),
      },
      memory_mb: expect.any(Number),
      heap_used_mb: expect.any(Number),
      cpu_percent: expect.any(Number),
      event_loop_lag_ms: expect.any(Number),
      active_users: expect.any(Number),
    });
    expect(b.timestamp).toMatch(ISO);
    expect(b.memory_mb).toBeGreaterThan(0);
    expect(b.cpu_percent).toBeGreaterThanOrEqual(0);
    expect(b.event_loop_lag_ms).toBeGreaterThanOrEqual(0);
    expect(b.cache.hit_rate === null || (b.cache.hit_rate >= 0 && b.cache.hit_rate <= 1)).toBe(true);
  });

  it('counts active users and cache hits after authenticated requests', async () => {
    const u = await registerUser(t.app);
    for (let i = 0; i < 3; i++)
      expect((await call(t.app, 'GET', '/api/v1/users/me', { token: u.token })).statusCode).toBe(200);
    const res = await call(t.app, 'GET', '/api/v1/health/metrics');
    expect(res.statusCode).toBe(200);
    const b = res.json();
    expect(b.active_users).toBeGreaterThanOrEqual(1);
    expect(b.cache.hits).toBeGreaterThan(0);
    expect(b.cache.hit_rate).toBeGreaterThan(0);
    expect(b.cache.hit_rate).toBeLessThanOrEqual(1);
    expect(b.database.queries).toBeGreaterThan(0);
    expect(b.database.query_time_ms).toBeGreaterThanOrEqual(0);
  });
});

describe('GET /metrics (Prometheus)', () => {
  it('exposes request, database, cache, user and process metrics, labelled by route pattern', async () => {
    const owner = await registerUser(t.app);
    const gymId = await createGym(t.app, owner);
    await call(t.app, 'GET', '/api/v1/users/me', { token: owner.token });
    await call(t.app, 'GET', '/api/v1/users/me', { token: owner.token });
    const member = await call(t.app, 'GET', `/api/v1/members/${owner.id}`, {
      token: owner.token,
      gym: gymId,
    });
    expect(member.statusCode).toBe(200);
    expect(
      (await call(t.app, 'GET', '/api/v1/members/987654321', { token: owner.token, gym: gymId })).statusCode,
    ).toBe(404);
    await call(t.app, 'GET', '/api/v1/private/secret-path-4242');

    const res = await call(t.app, 'GET', '/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.body;
    expect(text).toMatch(
      /^http_requests_total\{method="GET",route="\/api\/v1\/members\/:user_id",status="200"\} \d+$/m,
    );
    expect(text).toMatch(
      /^http_requests_total\{method="GET",route="\/api\/v1\/members\/:user_id",status="404"\} \d+$/m,
    );
    expect(text).toMatch(
      /^http_requests_total\{method="GET",route="\/api\/v1\/users\/me",status="200"\} \d+$/m,
    );
    expect(text).toMatch(/^http_requests_total\{method="GET",route="unmatched",status="404"\} \d+$/m);
    // Never a raw URL: ids and unmatched paths stay out of the labels.
    expect(text).not.toContain(`/api/v1/members/${owner.id}"`);
    expect(text).not.toContain('987654321');
    expect(text).not.toContain('secret-path-4242');

    for (const name of [
      'http_request_duration_seconds_bucket',
      'http_request_duration_seconds_count',
      'db_query_duration_seconds_bucket',
      'cache_hits_total',
      'cache_misses_total',
      'active_users',
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ])
      expect(text).toMatch(new RegExp(`^${name}(\\{[^}]*\\})? [\\d.e+-]+$`, 'm'));
    expect(text).toMatch(/^db_pool_connections\{state="max"\} \d+$/m);
    expect(text).toMatch(/^db_pool_connections\{state="busy"\} \d+$/m);
    expect(text).toMatch(/^db_query_duration_seconds_count\{operation="select"\} \d+$/m);
    expect(text).toMatch(/^db_query_duration_seconds_count\{operation="insert"\} \d+$/m);
    expect(Number(/^active_users (\d+)$/m.exec(text)![1])).toBeGreaterThanOrEqual(1);
    expect(Number(/^cache_hits_total (\d+)$/m.exec(text)![1])).toBeGreaterThan(0);
  });

  it('keeps the cache counters monotonic across scrapes', async () => {
    const u = await registerUser(t.app);
    const read = async () => {
      const text = (await call(t.app, 'GET', '/metrics')).body;
      return Number(/^cache_hits_total (\d+)$/m.exec(text)![1]);
    };
    const before = await read();
    await call(t.app, 'GET', '/api/v1/users/me', { token: u.token });
    await call(t.app, 'GET', '/api/v1/users/me', { token: u.token });
    const after = await read();
    expect(after).toBeGreaterThan(before);
    expect(await read()).toBeGreaterThanOrEqual(after);
  });
});

describe('metrics behind METRICS_TOKEN', () => {
  const TOKEN = 'metrics-token-0123456789abcdef';
  let guarded: TestApp;
  beforeAll(async () => {
    guarded = await createTestApp({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => guarded.close());

  it.each(['/metrics', '/api/v1/health/metrics'])('%s needs the bearer token', async (url) => {
    const none = await call(guarded.app, 'GET', url);
    expectProblem(none, 401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    for (const authorization of [
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      TOKEN,
      `Basic ${TOKEN}`,
      'Bearer ',
    ])
      expectProblem(await call(guarded.app, 'GET', url, { headers: { authorization } }), 401);
    const ok = await call(guarded.app, 'GET', url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
  });

  it('a user access token is not the metrics token', async () => {
    const u = await registerUser(guarded.app);
    expectProblem(await call(guarded.app, 'GET', '/metrics', { token: u.token }), 401);
  });

  it('leaves the health probes open', async () => {
    for (const url of ['/health', '/health/database', '/health/ready'])
      expect((await call(guarded.app, 'GET', url)).statusCode).toBe(200);
  });
});

describe('API documentation', () => {
  interface Operation {
    security?: Record<string, string[]>[];
    parameters?: { in: string; name: string; required?: boolean }[];
  }
  let spec: {
    openapi: string;
    info: { title: string; version: string };
    paths: Record<string, Record<string, Operation>>;
    components: { securitySchemes: Record<string, unknown> };
  };
  beforeAll(async () => {
    const res = await call(t.app, 'GET', '/openapi.json');
    expect(res.statusCode).toBe(200);
    spec = res.json();
  });

  it('GET /openapi.json is OpenAPI 3.1 with a bearer scheme', () => {
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect(spec.info).toMatchObject({ title: 'Pulso API', version: '0.0.0-test' });
    expect(spec.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('documents public routes without a security requirement', () => {
    const register = spec.paths['/api/v1/auth/register']?.post;
    expect(register).toBeDefined();
    expect(register!.security).toBeUndefined();
  });

  it('documents gym-scoped routes with bearer security and the X-Gym-ID header', () => {
    const op = spec.paths['/api/v1/members/{user_id}']?.get;
    expect(op).toBeDefined();
    expect(op!.security).toEqual([{ bearer: [] }]);
    const params = op!.parameters ?? [];
    expect(params).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'header', name: 'x-gym-id', required: true }),
        expect.objectContaining({ in: 'path', name: 'user_id', required: true }),
      ]),
    );
  });

  it('documents user routes with bearer security but no X-Gym-ID', () => {
    const op = spec.paths['/api/v1/users/me']?.get;
    expect(op!.security).toEqual([{ bearer: [] }]);
    expect((op!.parameters ?? []).some((p) => p.name === 'x-gym-id')).toBe(false);
  });

  it('hides the Prometheus endpoint and the spec itself', () => {
    expect(spec.paths['/metrics']).toBeUndefined();
    expect(spec.paths['/openapi.json']).toBeUndefined();
  });

  it('GET /docs serves the HTML viewer', async () => {
    let res = await call(t.app, 'GET', '/docs');
    if (res.statusCode >= 300 && res.statusCode < 400) {
      const location = String(res.headers.location);
      res = await call(t.app, 'GET', location.startsWith('/') ? location : `/docs/${location}`);
    }
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<html/i);
  });
});
