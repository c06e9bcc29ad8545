import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../../src/platform/cache/index.js';
import { perUserCache, WriteEpochs } from '../../../src/modules/running/snapshot.js';

/**
 * A snapshot read while a write of the same athlete commits must not be cached, however many other athletes
 * write meanwhile. The old per-user epoch map was cleared past 10,000 users, which reset the writer to "never
 * wrote" and let its pre-write snapshot into the cache; the cap is lowered here so the eviction happens.
 */
describe('running snapshot cache and write epochs', () => {
  it('does not cache a read that raced a write, even when other writers evict the writer', async () => {
    const cache = createMemoryCache();
    const users = perUserCache(cache, { ttlSeconds: 600, trackedWriters: 2 });
    const v = await users.cached(1, 'k:1', async () => {
      // The read has taken its snapshot ("before"); now the athlete writes, then three others do.
      await users.invalidate(1, ['k:1']);
      for (const u of [2, 3, 4]) await users.invalidate(u, [`k:${u}`]);
      return 'before';
    });
    expect(v).toBe('before');
    expect(await cache.get('k:1')).toBeUndefined();
    const next = await users.cached(1, 'k:1', async () => 'after');
    expect(next).toBe('after');
    expect(await cache.get<{ v: string }>('k:1')).toEqual({ v: 'after' });
  });

  it('caches a read when nobody wrote, and when only other users wrote without evicting it', async () => {
    const cache = createMemoryCache();
    const users = perUserCache(cache, { ttlSeconds: 600, trackedWriters: 10 });
    await users.invalidate(1, ['k:1']);
    await users.cached(1, 'k:1', async () => {
      await users.invalidate(2, ['k:2']);
      return 'x';
    });
    expect(await cache.get<{ v: string }>('k:1')).toEqual({ v: 'x' });
  });

  it('counts a forgotten user as changed only when a write newer than the read was forgotten', () => {
    const e = new WriteEpochs(2);
    e.write(1);
    e.write(2);
    e.write(3); // forgets 1
    const mark = e.mark();
    expect(e.unchangedSince(1, mark)).toBe(true);
    expect(e.unchangedSince(99, mark)).toBe(true);
    e.write(4); // forgets 2, whose write came before the read
    expect(e.unchangedSince(2, mark)).toBe(true);
    e.write(1); // forgets 3
    expect(e.unchangedSince(1, mark)).toBe(false);
    e.write(5); // forgets 4, whose write came after the read: 4 and anyone unknown now count as changed
    expect(e.unchangedSince(4, mark)).toBe(false);
    expect(e.unchangedSince(99, mark)).toBe(false);
    expect(e.unchangedSince(99, e.mark())).toBe(true);
  });
});
