/**
 * The default per-IP limit holds across processes (issue: "shared through Redis when configured"): each
 * process counts locally and syncs with Redis every RATE_SYNC_MS, so after a sync the other process knows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache, type Cache } from '../../src/platform/cache/index.js';
import { call, createTestApp, expectProblem, silentLogger, testNamespace, type TestApp } from '../harness.js';
import { hasRedisServer, startRedis, waitFor, type RedisServer } from './support.js';

// Needs the redis-server binary for a Redis of our own (the machine's Redis is left alone).
describe.skipIf(!hasRedisServer)('per-IP limit shared by two app instances', () => {
  let redis: RedisServer;
  let cacheA: Cache;
  let cacheB: Cache;
  let a: TestApp;
  let b: TestApp;
  const env = (url: string) => ({ REDIS_URL: url, RATE_LIMIT_MAX: '10' });

  beforeAll(async () => {
    redis = await startRedis();
    cacheA = createRedisCache(redis.url, silentLogger, await testNamespace());
    cacheB = createRedisCache(redis.url, silentLogger, await testNamespace());
    a = await createTestApp({ env: env(redis.url), cache: cacheA });
    b = await createTestApp({ env: env(redis.url), cache: cacheB });
    await waitFor(() => cacheA.redis!.status === 'ready' && cacheB.redis!.status === 'ready', 5000, 'redis');
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await cacheA?.close();
    await cacheB?.close();
    await redis?.stop();
  });

  it('counts requests made through either instance against one limit', async () => {
    const ip = '10.77.0.1';
    for (let i = 0; i < 6; i++)
      expect((await call(a.app, 'GET', '/openapi.json', { ip })).statusCode).toBe(200);
    // A reports its 6 to Redis; B's next sync sends its own 1 and learns the total, 7.
    const shared = async () => Number(await cacheA.redis!.get(`${cacheA.prefix}rl-sync:${ip}`));
    await waitFor(async () => (await shared()) === 6, 5000, "A's sync");
    await call(b.app, 'GET', '/openapi.json', { ip });
    await waitFor(async () => (await shared()) === 7, 5000, "B's sync");
    // B reads the total from the reply of the same MULTI that wrote it: one more round trip to Redis through
    // B's own connection comes back after that reply.
    await cacheB.redis!.ping();
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await call(b.app, 'GET', '/openapi.json', { ip })).statusCode);
    // 6 through A + 1 + these 5 through B = 12 > 10: B refuses before its own count reaches 10.
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(2);
    const last = await call(b.app, 'GET', '/openapi.json', { ip });
    expectProblem(last, 429);
    // Another client is not affected.
    expect((await call(b.app, 'GET', '/openapi.json', { ip: '10.77.0.2' })).statusCode).toBe(200);
  });
});
