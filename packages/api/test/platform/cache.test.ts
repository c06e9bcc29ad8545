import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/platform/cache/index.js';
import { createJsonPageCache, staggeredPeriod, type JsonPage } from '../../src/platform/cache/json-pages.js';
import { testCache, waitFor } from '../harness.js';

// The page cache of the seed's cached lists (schedule classes, events), on the cache the suite runs with
// (in-process, or Redis with TEST_REDIS_URL).
const cache = await testCache();
beforeAll(() => (cache.backend === 'redis' ? waitFor(() => cache.status() === 'up') : undefined));
afterAll(() => cache.close());

const pages = () => createJsonPageCache(cache, { prefix: `t-${randomUUID()}`, ttlSeconds: 60 });

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('in-memory cache', () => {
  it('a hit waiting for the check phase does not return a value deleted meanwhile', async () => {
    const memory = createMemoryCache();
    await memory.set('k', { n: 1 }, 60);
    const reading = memory.get<{ n: number }>('k');
    await memory.del('k');
    expect(await reading).toBeUndefined();
    await memory.set('k', { n: 2 }, 60);
    expect(await memory.get('k')).toEqual({ n: 2 });
  });
});

describe('JSON page cache', () => {
  it('builds a missing page once for many concurrent readers (no stampede)', async () => {
    const p = pages();
    let builds = 0;
    const build = async (): Promise<JsonPage> => {
      builds++;
      await new Promise((r) => setTimeout(r, 20));
      return { json: `[${builds}]`, total: 1 };
    };
    const got = await Promise.all(Array.from({ length: 50 }, () => p.get(1, 'v', build)));
    expect(builds).toBe(1);
    expect(new Set(got.map((g) => g.json))).toEqual(new Set(['[1]']));
    // Served from the cache afterwards.
    expect((await p.get(1, 'v', build)).json).toBe('[1]');
    expect(builds).toBe(1);
  });

  it('rebuilds once for all the readers that miss right after an invalidation', async () => {
    const p = pages();
    let builds = 0;
    const build = async (): Promise<JsonPage> => {
      builds++;
      await new Promise((r) => setTimeout(r, 10));
      return { json: `[${builds}]`, total: builds };
    };
    await p.get(7, 'v', build);
    await p.invalidate(7);
    const got = await Promise.all(Array.from({ length: 30 }, () => p.get(7, 'v', build)));
    expect(builds).toBe(2);
    expect(got.every((g) => g.json === '[2]')).toBe(true);
  });

  it('never hands a reader that saw an invalidation a page whose build started before it', async () => {
    const p = pages();
    await p.get(3, 'v', async () => ({ json: '"v1"', total: 1 }));
    await p.invalidate(3);
    // A build starts (reading the data of before the next change) and is held.
    const held = deferred<JsonPage>();
    let building = false;
    const early = p.get(3, 'v', () => {
      building = true;
      return held.promise;
    });
    await waitFor(() => building, 5000, 'the early build to start');
    // The change commits and is announced; the writer's next read must see it.
    await p.invalidate(3);
    const late = p.get(3, 'v', async () => ({ json: '"v3"', total: 1 }));
    held.resolve({ json: '"v2"', total: 1 });
    expect((await early).json).toBe('"v2"');
    expect((await late).json).toBe('"v3"');
    // Whichever page was stored last, the old one is never served again.
    expect((await p.get(3, 'v', async () => ({ json: '"rebuilt"', total: 1 }))).json).not.toBe('"v2"');
  });

  it('lets the next reader build again when a build fails', async () => {
    const p = pages();
    await expect(
      Promise.all([1, 2].map(() => p.get(4, 'v', () => Promise.reject(new Error('database down'))))),
    ).rejects.toThrow('database down');
    expect((await p.get(4, 'v', async () => ({ json: '[]', total: 0 }))).json).toBe('[]');
  });
});

describe('staggered periods', () => {
  const MIN = 60_000;
  // The instant in [0, period) at which an id's period number changes.
  const turnOf = (id: number) => {
    for (let t = 0; t < MIN; t += 1000)
      if (staggeredPeriod(id, t + 1000, MIN) !== staggeredPeriod(id, t, MIN)) return t + 1000;
    return null;
  };

  it('turns once a period for every id, so a page keyed by it is never more than a period old', () => {
    for (const id of [1, 2, 59, 60, 61, 1234, 99_999]) {
      const t0 = 1_796_000_000_000 + id * 7;
      expect(staggeredPeriod(id, t0 + MIN, MIN)).toBe(staggeredPeriod(id, t0, MIN) + 1);
      expect(staggeredPeriod(id, t0 + MIN - 1, MIN) - staggeredPeriod(id, t0, MIN)).toBeLessThanOrEqual(1);
      expect(turnOf(id)).not.toBeNull();
    }
  });

  it('spreads the turns of 60 consecutive ids over 60 different seconds', () => {
    const turns = new Set(Array.from({ length: 60 }, (_, i) => turnOf(1000 + i)));
    expect(turns.size).toBe(60);
    expect(turns.has(null)).toBe(false);
  });
});
