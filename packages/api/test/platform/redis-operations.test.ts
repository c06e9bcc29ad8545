/**
 * redis_operations_total's source: the Redis cache counts its commands by operation and outcome. Without a
 * reachable Redis every call is `skipped` (the cache is bypassed); with TEST_REDIS_URL a miss, a write and a hit
 * are counted as such.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createMemoryCache, createRedisCache } from '../../src/platform/cache/index.js';
import { silentLogger, TEST_REDIS_URL, waitFor } from '../harness.js';

// A namespace of this file's own: its caches are not an app's, and nothing else reads their keys.
const NS = randomBytes(6).toString('hex');

describe('Redis operation counts', () => {
  it('counts calls made while Redis is unreachable as skipped', async () => {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    const cache = createRedisCache('redis://127.0.0.1:9/0', silentLogger, NS);
    try {
      await cache.get('k');
      await cache.set('k', 1, 60);
      await cache.incr('n', 60);
      expect(cache.operations().get('get skipped')).toBe(1);
      expect(cache.operations().get('set skipped')).toBe(1);
      expect(cache.operations().get('incr skipped')).toBe(1);
    } finally {
      await cache.close();
    }
  });

  it.skipIf(!TEST_REDIS_URL)('a shutdown does not report the connection it closes as lost', async () => {
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    const cache = createRedisCache(TEST_REDIS_URL!, logger, NS);
    await waitFor(() => cache.status() === 'up');
    await cache.close();
    // The 'close' event comes after quit's reply, in a later turn.
    await new Promise((r) => setTimeout(r, 50));
    expect(cache.status()).toBe('degraded');
    expect(warnings.filter((l) => l.includes('connection lost'))).toEqual([]);
  });

  it('the in-memory cache has no Redis commands to count', async () => {
    const cache = createMemoryCache();
    await cache.get('k');
    expect(cache.operations().size).toBe(0);
  });

  it.skipIf(!TEST_REDIS_URL)('counts a miss, a write and a hit on a real Redis', async () => {
    const cache = createRedisCache(TEST_REDIS_URL!, silentLogger, NS);
    try {
      await waitFor(() => cache.status() === 'up');
      const key = `ops-test:${randomUUID()}`;
      expect(await cache.get(key)).toBeUndefined();
      await cache.set(key, { a: 1 }, 60);
      await cache.del(key);
      await cache.set(key, { a: 2 }, 60);
      // A second process's view: the value is read from Redis, not from this one's in-process layer.
      const other = createRedisCache(TEST_REDIS_URL!, silentLogger, NS);
      try {
        await waitFor(() => other.status() === 'up');
        expect(await other.get(key)).toEqual({ a: 2 });
        expect(other.operations().get('get hit')).toBe(1);
      } finally {
        await other.close();
      }
      expect(cache.operations().get('get miss')).toBe(1);
      expect(cache.operations().get('set ok')).toBe(2);
      expect(cache.operations().get('del ok')).toBe(1);
      await cache.del(key);
    } finally {
      await cache.close();
    }
  });

  it.skipIf(!TEST_REDIS_URL)(
    'the dels of one synchronous stretch are one DEL, and every key is gone on another process',
    async () => {
      const a = createRedisCache(TEST_REDIS_URL!, silentLogger, NS);
      const b = createRedisCache(TEST_REDIS_URL!, silentLogger, NS);
      try {
        await waitFor(() => a.status() === 'up' && b.status() === 'up');
        const k1 = `ops-test:${randomUUID()}`;
        const k2 = `ops-test:${randomUUID()}`;
        await a.set(k1, 1, 60);
        await a.set(k2, 2, 60);
        // B holds both in its in-process layer (read from Redis once, then from memory).
        expect([await b.get(k1), await b.get(k2)]).toEqual([1, 2]);
        expect([await b.get(k1), await b.get(k2)]).toEqual([1, 2]);
        expect(b.operations().get('get hit')).toBe(2);

        await Promise.all([a.del(k1), a.del(k2, k1)]);
        expect(a.operations().get('del ok')).toBe(1);
        expect(await b.get(k1)).toBeUndefined();
        expect(await b.get(k2)).toBeUndefined();
        expect(await a.redis!.exists(`pulso:${NS}:c:${k1}`, `pulso:${NS}:c:${k2}`)).toBe(0);

        // Dels awaited one after the other are separate commands.
        await a.del(k1);
        await a.del(k2);
        expect(a.operations().get('del ok')).toBe(3);
      } finally {
        await a.close();
        await b.close();
      }
    },
  );
});
