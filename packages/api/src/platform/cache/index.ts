import { Redis, type RedisOptions } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';

export type CacheStatus = 'memory' | 'up' | 'degraded';

/**
 * The platform cache. Values must be treated as immutable by callers (the in-process layer hands out the
 * stored object itself). `del` invalidates the key on every API process.
 */
export interface Cache {
  readonly backend: 'memory' | 'redis';
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Counter with a window that starts at the first increment; returns the count and seconds left. */
  incr(key: string, ttlSeconds: number): Promise<{ count: number; ttl: number }>;
  /** A counter's current value without counting (0 when absent or expired). */
  count(key: string): Promise<{ count: number; ttl: number }>;
  /** Drops every entry of this deployment (its namespace only), on every process (after a restore). */
  clear(): Promise<void>;
  status(): CacheStatus;
  stats(): { hits: number; misses: number };
  /**
   * Redis commands by operation and outcome (`ok`, `hit`, `miss`, `error`, `timeout`, and `skipped` while Redis
   * is unreachable), keyed `operation status`; empty for the in-memory cache. Read by redis_operations_total.
   */
  operations(): ReadonlyMap<string, number>;
  /** The Redis connection when there is one (the rate limiter shares it). */
  readonly redis: Redis | undefined;
  /**
   * With Redis, the start of every key and channel of this deployment (`pulso:<namespace>:`): whatever else
   * writes to Redis (the rate limiter, live messages) puts its names under it too. Undefined in memory.
   */
  readonly prefix: string | undefined;
  close(): Promise<void>;
}

const L1_MAX = 20_000;

class Counters {
  private readonly entries = new LRUCache<string, { count: number; until: number }>({ max: 50_000 });
  peek(key: string, now = Date.now()) {
    const e = this.entries.get(key);
    if (!e || e.until <= now) return { count: 0, ttl: 0 };
    return { count: e.count, ttl: Math.ceil((e.until - now) / 1000) };
  }
  incr(key: string, ttlSeconds: number, now = Date.now()) {
    let e = this.entries.get(key);
    if (!e || e.until <= now) e = { count: 0, until: now + ttlSeconds * 1000 };
    e.count++;
    this.entries.set(key, e);
    return { count: e.count, ttl: Math.ceil((e.until - now) / 1000) };
  }
}

/**
 * A promise settled in the check phase that follows this event-loop turn's socket reads; every caller of the same
 * turn gets the same one. The callback clears it before settling, so a caller resuming from it waits for the
 * next turn.
 */
function checkPhase(): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () =>
    (pending ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        pending = undefined;
        resolve();
      }),
    ));
}

export function createMemoryCache(): Cache {
  const lru = new LRUCache<string, object>({ max: L1_MAX, ttlAutopurge: false });
  const counters = new Counters();
  let hits = 0;
  let misses = 0;
  // Hits resume in the check phase, as the Redis cache's do: a request answered from the cache then writes its
  // response together with the others of the same turn, after the turn's reads, instead of in the middle of
  // them (where `writev` took 72% of the busy time in the profile, each write waking the client on its own).
  // On the gym mix on PostgreSQL with this cache, server CPU per request went from 75 to 57 µs (median of 5
  // alternations; bench/RESULTS.md, "Gym mix").
  const afterReads = checkPhase();
  return {
    backend: 'memory',
    redis: undefined,
    prefix: undefined,
    async get<T>(key: string) {
      if (lru.has(key)) await afterReads();
      // Read after the wait: a `del` made meanwhile (a write that committed) is not undone by this read.
      const v = lru.get(key) as { v: T } | undefined;
      if (v === undefined) {
        misses++;
        return undefined;
      }
      hits++;
      return v.v;
    },
    set(key, value, ttlSeconds) {
      lru.set(key, { v: value }, { ttl: ttlSeconds * 1000 });
      return Promise.resolve();
    },
    del(...keys) {
      for (const k of keys) lru.delete(k);
      return Promise.resolve();
    },
    incr: (key, ttl) => Promise.resolve(counters.incr(key, ttl)),
    count: (key) => Promise.resolve(counters.peek(key)),
    clear() {
      lru.clear();
      return Promise.resolve();
    },
    status: () => 'memory',
    stats: () => ({ hits, misses }),
    operations: () => new Map(),
    close: () => Promise.resolve(),
  };
}

/**
 * Every Redis name of a deployment starts `pulso:<namespace>:`, the namespace coming from the id kept in its
 * database (platform/deployment.ts). Deployments sharing a Redis database (staging and production, two
 * installations) then never read each other's keys (`principal:<user id>` would hand one user another's roles),
 * hear each other's invalidations, or clear each other's caches; and a shared Redis can hold other data too.
 */
export const redisPrefix = (namespace: string): string => `pulso:${namespace}:`;

/**
 * Redis behind an in-process LRU. The LRU answers hot reads without a network round trip; `del` publishes
 * the keys so every process drops its copy. While Redis is unreachable the cache is bypassed entirely (an
 * in-process copy could miss another node's invalidation), counters fall back to memory, and after a
 * reconnect the in-process layer starts empty.
 */
export interface RedisTarget {
  /** redis:// URL; with `sentinel`, only its password and database number are used. */
  url?: string | undefined;
  /** Redis with Sentinel: the current primary is asked of the sentinels at every (re)connection. */
  sentinel?: { sentinels: { host: string; port: number }[]; name: string } | undefined;
}

/** The sentinels' options for ioredis, with the URL's password and database number when one is given. */
function sentinelOptions(t: RedisTarget & { sentinel: object }): RedisOptions {
  const u = t.url ? new URL(t.url) : undefined;
  return {
    sentinels: t.sentinel.sentinels,
    name: t.sentinel.name,
    // Only a primary: after a failover the demoted node is a replica, and writes there would fail.
    role: 'master',
    sentinelRetryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
    ...(u?.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u && u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
  };
}

export function createRedisCache(target: RedisTarget | string, logger: Logger, namespace: string): Cache {
  if (!/^[0-9a-z]+$/.test(namespace)) throw new Error(`invalid cache namespace "${namespace}"`);
  const prefix = redisPrefix(namespace);
  const NS = `${prefix}c:`;
  const CHANNEL = `${prefix}cache:invalidate`;
  const opts = {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
  };
  const t = typeof target === 'string' ? { url: target } : target;
  const connect = (o: RedisOptions) =>
    t.sentinel
      ? new Redis({ ...sentinelOptions({ ...t, sentinel: t.sentinel }), ...opts, ...o })
      : new Redis(t.url!, { ...opts, ...o });
  // Commands issued in the same tick (many requests' rate-limit checks) share one socket write.
  const redis = connect({ enableAutoPipelining: true });
  const sub = connect({});
  const l1 = new LRUCache<string, { v: unknown }>({ max: L1_MAX });
  const counters = new Counters();
  let hits = 0;
  let misses = 0;
  let wasDown = false;
  // Set by close(): the connection it ends is not lost, and saying so at every shutdown would cry wolf.
  let closing = false;
  const ops = new Map<string, number>();
  const countOp = (operation: string, status: string) => {
    const k = `${operation} ${status}`;
    ops.set(k, (ops.get(k) ?? 0) + 1);
  };
  // ioredis says "Command timed out" (commandTimeout) and ETIMEDOUT (connect); everything else is an error.
  const failed = (operation: string, err: unknown) =>
    countOp(operation, /timed? ?out/i.test((err as Error)?.message ?? '') ? 'timeout' : 'error');

  redis.on('error', (err: Error) => logger.warn({ err: { message: err.message } }, 'redis error'));
  sub.on('error', () => {});
  redis.on('close', () => {
    if (!wasDown && !closing) logger.warn('redis connection lost; cache bypassed until it returns');
    wasDown = true;
    l1.clear();
  });
  redis.on('ready', () => {
    if (wasDown) logger.info('redis connection restored');
    wasDown = false;
    l1.clear();
  });
  sub.on('ready', () => {
    l1.clear();
    sub
      .subscribe(CHANNEL)
      .catch((err: Error) => logger.warn({ err: { message: err.message } }, 'subscribe failed'));
  });
  sub.on('message', (_channel: string, message: string) => {
    try {
      const keys = JSON.parse(message) as string[] | '*';
      if (keys === '*') l1.clear();
      else for (const k of keys) l1.delete(k);
    } catch {
      l1.clear();
    }
  });

  const up = () => redis.status === 'ready' && sub.status === 'ready';

  const afterPendingReads = checkPhase();

  /**
   * Publishes an invalidation and resolves once every subscriber has been sent it. Redis writes PUBLISH's reply
   * and the subscribers' messages in the same event-loop turn, in no guaranteed order (the reply can go
   * first), so the reply alone does not mean other processes have the message. A PING sent after the reply
   * is answered in a later turn, after those writes: when it returns, the message is on every subscriber's
   * socket, and the writer's HTTP response cannot overtake it (design §9, test/process/shared-cache.test.ts).
   */
  async function announce(message: string) {
    await redis.publish(CHANNEL, message);
    await redis.ping();
  }

  /**
   * The keys of every `del` made in the same synchronous stretch (one request's `Promise.all` of several
   * invalidations, or a service retiring several scopes) go out as one DEL and one announcement, and all of
   * those callers wait for the same reply.
   */
  let pendingDel: { keys: string[]; done: Promise<void> } | undefined;
  async function invalidate(keys: string[]) {
    try {
      // DEL and PUBLISH are written together (one round trip): Redis runs a connection's commands in order, so
      // a subscriber that drops its copy on the message and reads Redis again finds the key already gone. The
      // PING still waits for PUBLISH's reply (see `announce`).
      await Promise.all([
        redis.del(...keys.map((k) => NS + k)),
        redis.publish(CHANNEL, JSON.stringify(keys)),
      ]);
      await redis.ping();
      countOp('del', 'ok');
    } catch (err) {
      failed('del', err);
      // The key may now outlive its truth in Redis; entries carry a TTL, and a reconnect clears every L1.
      logger.warn({ err: { message: (err as Error).message } }, 'cache invalidation failed');
    }
  }

  return {
    backend: 'redis',
    redis,
    prefix,
    async get<T>(key: string) {
      if (!up()) {
        misses++;
        countOp('get', 'skipped');
        return undefined;
      }
      // Before trusting the in-process copy, let the socket reads already waiting in this event-loop turn run:
      // another process's invalidation is on our subscriber's socket before that process answers its request
      // (see `announce`), but its callback may be queued behind this request's. Without this yield a demoted
      // admin was still allowed on the next request to another process (test/process/shared-cache.test.ts).
      // Every hit of the same event-loop turn waits for the same setImmediate.
      if (l1.has(key)) await afterPendingReads();
      const local = l1.get(key);
      if (local) {
        hits++;
        return local.v as T;
      }
      try {
        const res = (await redis
          .pipeline()
          .get(NS + key)
          .pttl(NS + key)
          .exec()) as [[Error | null, string | null], [Error | null, number]];
        const raw = res[0][1];
        if (raw === null) {
          misses++;
          countOp('get', 'miss');
          return undefined;
        }
        countOp('get', 'hit');
        const v = JSON.parse(raw) as T;
        const ttl = res[1][1];
        if (ttl > 0) l1.set(key, { v }, { ttl });
        hits++;
        return v;
      } catch (err) {
        misses++;
        failed('get', err);
        return undefined;
      }
    },
    async set(key, value, ttlSeconds) {
      if (!up()) return void countOp('set', 'skipped');
      try {
        await redis.set(NS + key, JSON.stringify(value), 'EX', ttlSeconds);
        l1.set(key, { v: value }, { ttl: ttlSeconds * 1000 });
        countOp('set', 'ok');
      } catch (err) {
        // Cache writes are best effort; the counter makes a failing Redis visible.
        failed('set', err);
      }
    },
    del(...keys) {
      if (!keys.length) return Promise.resolve();
      for (const k of keys) l1.delete(k);
      if (pendingDel) {
        pendingDel.keys.push(...keys);
        return pendingDel.done;
      }
      const batch = { keys: [...keys], done: Promise.resolve() };
      // Sent from a microtask: every del of the code running now (up to its next await) joins this one.
      batch.done = Promise.resolve().then(() => {
        pendingDel = undefined;
        return invalidate([...new Set(batch.keys)]);
      });
      pendingDel = batch;
      return batch.done;
    },
    async incr(key, ttlSeconds) {
      if (!up()) {
        countOp('incr', 'skipped');
        return counters.incr(key, ttlSeconds);
      }
      try {
        const [[, count], , [, ttl]] = (await redis
          .multi()
          .incr(NS + key)
          .expire(NS + key, ttlSeconds, 'NX')
          .ttl(NS + key)
          .exec()) as [[null, number], [null, number], [null, number]];
        countOp('incr', 'ok');
        return { count, ttl: ttl > 0 ? ttl : ttlSeconds };
      } catch (err) {
        failed('incr', err);
        return counters.incr(key, ttlSeconds);
      }
    },
    async count(key) {
      if (!up()) {
        countOp('count', 'skipped');
        return counters.peek(key);
      }
      try {
        const [[, raw], [, ttl]] = (await redis
          .pipeline()
          .get(NS + key)
          .ttl(NS + key)
          .exec()) as [[null, string | null], [null, number]];
        countOp('count', 'ok');
        return raw === null ? { count: 0, ttl: 0 } : { count: Number(raw), ttl: Math.max(ttl, 1) };
      } catch (err) {
        failed('count', err);
        return counters.peek(key);
      }
    },
    async clear() {
      l1.clear();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${NS}*`, 'COUNT', 500);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await announce(JSON.stringify('*'));
    },
    status: () => (up() ? 'up' : 'degraded'),
    stats: () => ({ hits, misses }),
    operations: () => ops,
    async close() {
      closing = true;
      sub.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
