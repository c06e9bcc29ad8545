/**
 * Redis is a cache, not a dependency: while it is gone the API keeps serving (authentication, login, rate
 * limits) and reports itself "degraded"; when it returns the cache reconnects on its own. The Redis here is a
 * private redis-server started by the test, so killing it never touches the machine's Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache, type Cache } from '../../src/platform/cache/index.js';
import {
  call,
  createTestApp,
  expectProblem,
  PASSWORD,
  registerUser,
  silentLogger,
  testNamespace,
  type TestApp,
  type TestUser,
} from '../harness.js';
import { freePort, hasRedisServer, startRedis, waitFor, type RedisServer } from './support.js';

// Needs the redis-server binary to start (and kill) a Redis of our own; without it there is nothing to test.
describe.skipIf(!hasRedisServer)('Redis outage (private redis-server)', () => {
  let redis: RedisServer | undefined;
  let port: number;
  let cache: Cache;
  let t: TestApp;
  let user: TestUser;
  let ipSeq = 0;
  // Each ordinary call gets its own client IP, so that only the rate-limit check below meets the limit.
  const ip = () => `10.77.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    cache = createRedisCache(redis.url, silentLogger, await testNamespace());
    t = await createTestApp({ env: { REDIS_URL: redis.url, RATE_LIMIT_MAX: '5' }, cache });
    user = await registerUser(t.app);
  });
  afterAll(async () => {
    await t?.close();
    await cache?.close();
    await redis?.stop('SIGKILL');
  });

  const ready = async () =>
    (await call(t.app, 'GET', '/health/ready')).json<{ status: string; checks: Record<string, string> }>();

  it('serves from the cache and reports it up while Redis runs', async () => {
    expect(await ready()).toEqual({ status: 'ready', checks: { database: 'up', cache: 'up' } });
    expect((await call(t.app, 'GET', '/api/v1/users/me', { token: user.token, ip: ip() })).statusCode).toBe(
      200,
    );
    // The principal went through Redis (namespaced key), not only the in-process layer.
    expect(await cache.redis!.exists(`${cache.prefix}c:principal:${user.id}`)).toBe(1);
  });

  it('keeps serving, degraded, while Redis is down', { timeout: 30_000 }, async () => {
    await redis!.stop('SIGKILL');
    redis = undefined;
    await waitFor(() => cache.status() === 'degraded', 5_000, 'cache to notice Redis is gone');

    const r = await call(t.app, 'GET', '/health/ready');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'degraded', checks: { database: 'up', cache: 'degraded' } });

    // Authenticated requests: the principal comes from the database now.
    const me = await call(t.app, 'GET', '/api/v1/users/me', { token: user.token, ip: ip() });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ id: user.id });

    // Login (argon2 + the per e-mail counter, which falls back to memory) and registration.
    const login = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
      ip: ip(),
    });
    expect(login.statusCode, login.body).toBe(200);
    const other = await registerUser(t.app);
    expect((await call(t.app, 'GET', '/api/v1/users/me', { token: other.token, ip: ip() })).statusCode).toBe(
      200,
    );

    // Rate limiting still answers, from memory: 5 allowed, the 6th is a 429 problem with Retry-After.
    const limited = '10.99.0.1';
    for (let i = 0; i < 5; i++) {
      const res = await call(t.app, 'GET', '/api/v1/users/me', { token: user.token, ip: limited });
      expect(res.statusCode).toBe(200);
    }
    const over = await call(t.app, 'GET', '/api/v1/users/me', { token: user.token, ip: limited });
    expectProblem(over, 429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('keeps the failed-login lock-out (5 a minute per e-mail and IP) while Redis is down', async () => {
    expect(cache.status()).toBe('degraded');
    const attempt = () =>
      call(t.app, 'POST', '/api/v1/auth/login', {
        body: { email: user.email, password: 'wrong-password!' },
        ip: '10.99.0.2',
      });
    for (let i = 0; i < 5; i++) expect((await attempt()).statusCode).toBe(401);
    expectProblem(await attempt(), 429);
  });

  it('reconnects by itself when Redis returns', { timeout: 30_000 }, async () => {
    expect(cache.status()).toBe('degraded');
    // Redis comes back on the same port (empty): no restart of the app, the cache reconnects by itself.
    redis = await startRedis(port);
    const t0 = performance.now();
    await waitFor(async () => (await ready()).checks.cache === 'up', 10_000, 'cache to reconnect');
    const reconnectMs = Math.round(performance.now() - t0);
    expect(await ready()).toEqual({ status: 'ready', checks: { database: 'up', cache: 'up' } });

    // ...and is used again: the next authenticated read stores the principal in the new Redis.
    expect((await call(t.app, 'GET', '/api/v1/users/me', { token: user.token, ip: ip() })).statusCode).toBe(
      200,
    );
    expect(await cache.redis!.exists(`${cache.prefix}c:principal:${user.id}`)).toBe(1);
    console.log(`[redis-outage] cache back "up" ${reconnectMs} ms after redis-server accepted connections`);
  });
});
