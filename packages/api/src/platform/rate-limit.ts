import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { AppError } from './errors.js';
import { platformMessages as pm } from './messages.js';
// The plugin's own stores; wrapped below so limits keep holding (per process) while Redis is away.
// @ts-expect-error no type declarations for the plugin's internal store modules
import LocalStore from '@fastify/rate-limit/store/LocalStore.js';
// @ts-expect-error no type declarations for the plugin's internal store modules
import RedisStore from '@fastify/rate-limit/store/RedisStore.js';

type IncrCb = (err: Error | null, res?: { current: number; ttl: number }) => void;
interface Store {
  incr(key: string, cb: IncrCb, timeWindow: number, max: number): void;
  child(routeOptions: unknown): Store;
}
type StoreCtor = new (...args: unknown[]) => Store;

class FallbackStore implements Store {
  constructor(
    private readonly redis: Redis,
    private readonly remote: Store,
    private readonly local: Store,
  ) {}
  incr(key: string, cb: IncrCb, timeWindow: number, max: number) {
    if (this.redis.status !== 'ready') return this.local.incr(key, cb, timeWindow, max);
    this.remote.incr(
      key,
      (err, res) => (err ? this.local.incr(key, cb, timeWindow, max) : cb(null, res)),
      timeWindow,
      max,
    );
  }
  child(routeOptions: unknown): Store {
    return new FallbackStore(this.redis, this.remote.child(routeOptions), this.local.child(routeOptions));
  }
}

// How often a process reports its counts to Redis and learns the other processes' counts.
export const RATE_SYNC_MS = 100;

/**
 * The default per-IP limit, shared through Redis without a Redis call per request: each process counts locally
 * and every RATE_SYNC_MS sends its new counts (INCRBY) and reads back the total of all processes. Across N
 * processes a client can exceed the limit by at most what it sends to the other N-1 processes within one
 * interval. The exact per-request Redis store cost ~40% of a cached read's CPU (bench/RESULTS.md), and a
 * default DoS limit does not need request-exact counts. Per-route limits (the credential routes) stay exact.
 */
class SyncedStore implements Store {
  private readonly entries = new Map<
    string,
    { pending: number; total: number; resetAt: number; window: number }
  >();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly local: Store,
    private readonly exact: Store,
  ) {}

  incr(key: string, cb: IncrCb, timeWindow: number, max: number) {
    if (this.redis.status !== 'ready') return this.local.incr(key, cb, timeWindow, max);
    const now = Date.now();
    let e = this.entries.get(key);
    if (!e || e.resetAt <= now) {
      e = { pending: 0, total: 0, resetAt: now + timeWindow, window: timeWindow };
      this.entries.set(key, e);
    }
    e.pending++;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, RATE_SYNC_MS).unref();
    cb(null, { current: e.total + e.pending, ttl: e.resetAt - now });
  }

  private async flush() {
    const now = Date.now();
    const batch: [string, { pending: number; total: number; resetAt: number; window: number }, number][] = [];
    for (const [k, e] of this.entries) {
      if (e.resetAt <= now && e.pending === 0) this.entries.delete(k);
      else if (e.pending > 0) {
        batch.push([k, e, e.pending]);
        e.pending = 0;
      }
    }
    if (!batch.length) return;
    const multi = this.redis.multi();
    for (const [k, e, n] of batch)
      multi
        .incrby(this.prefix + k, n)
        .pexpire(this.prefix + k, e.window, 'NX')
        .pttl(this.prefix + k);
    try {
      const res = (await multi.exec()) ?? [];
      batch.forEach(([, e], i) => {
        const total = Number(res[i * 3]?.[1]);
        const ttl = Number(res[i * 3 + 2]?.[1]);
        if (Number.isFinite(total)) e.total = total;
        if (Number.isFinite(ttl) && ttl > 0) e.resetAt = Date.now() + ttl;
      });
    } catch {
      // Redis went away mid-flush: keep the counts for the next attempt (or for the in-memory fallback).
      for (const [, e, n] of batch) e.pending += n;
    }
  }

  child(routeOptions: unknown): Store {
    return this.exact.child(routeOptions);
  }
}

/**
 * The 429 detail names the configured window, not the time left in it (which the plugin's `after` is, and
 * which reads as if the window were shorter); the time left goes in Retry-After (RFC 9110 §10.2.3).
 */
const rateLimitMsg = (max: number, windowMs: number) =>
  pm.msg('rate.detail', { max, seconds: Math.max(1, Math.round(windowMs / 1000)) });

/**
 * Default limit per client IP, per-route overrides with `config.rateLimit`; shared through Redis if any. `prefix`
 * is the cache's (`pulso:<deployment namespace>:`): the counters are the deployment's own, so another deployment
 * on the same Redis database neither adds to nor resets them.
 */
export async function registerRateLimit(
  app: FastifyInstance,
  config: Config,
  redis: Redis | undefined,
  prefix: string | undefined,
) {
  const { max, windowSeconds } = config.rateLimit;
  let store: StoreCtor | undefined;
  if (redis) {
    if (!prefix) throw new Error('rate limits in Redis need the deployment prefix');
    const remote = new (RedisStore as StoreCtor)(false, false, redis, `${prefix}rl:`);
    const local = new (LocalStore as StoreCtor)(false, false, 10_000);
    const synced = new SyncedStore(
      redis,
      `${prefix}rl-sync:`,
      local,
      new FallbackStore(redis, remote, local),
    );
    store = function () {
      return synced;
    } as unknown as StoreCtor;
  }
  await app.register(rateLimit, {
    global: max > 0,
    max: max > 0 ? max : 1_000_000,
    timeWindow: windowSeconds * 1000,
    ...(store ? { store: store as never } : {}),
    keyGenerator: (req) => req.ip,
    errorResponseBuilder: (req, ctx) => {
      // The plugin does not pass the window to the builder: a route's own limit states it in its config.
      const own = (req.routeOptions.config as { rateLimit?: { timeWindow?: unknown } }).rateLimit?.timeWindow;
      const windowMs = typeof own === 'number' ? own : windowSeconds * 1000;
      return new AppError(
        'rate_limited',
        // Rendered in the request's language by the error handler.
        rateLimitMsg(ctx.max, windowMs),
        { retryAfter: Math.max(1, Math.ceil(ctx.ttl / 1000)) },
      );
    },
  });
}
