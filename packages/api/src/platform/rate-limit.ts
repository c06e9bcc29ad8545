import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { AppError } from './errors.js';
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

/** Default limit per client IP, per-route overrides with `config.rateLimit`; shared through Redis if any. */
export async function registerRateLimit(app: FastifyInstance, config: Config, redis: Redis | undefined) {
  const { max, windowSeconds } = config.rateLimit;
  let store: StoreCtor | undefined;
  if (redis) {
    const remote = new (RedisStore as StoreCtor)(false, false, redis, 'pulso-rl-');
    const local = new (LocalStore as StoreCtor)(false, false, 10_000);
    const fallback = new FallbackStore(redis, remote, local);
    store = function () {
      return fallback;
    } as unknown as StoreCtor;
  }
  await app.register(rateLimit, {
    global: max > 0,
    max: max > 0 ? max : 1_000_000,
    timeWindow: windowSeconds * 1000,
    ...(store ? { store: store as never } : {}),
    keyGenerator: (req) => req.ip,
    errorResponseBuilder: (_req, ctx) =>
      new AppError('rate_limited', `Too many requests: at most ${ctx.max} per ${ctx.after}`, {
        retryAfter: Math.max(1, Math.ceil(ctx.ttl / 1000)),
      }),
  });
}
