import { platformMessages as pm } from '../../platform/messages.js';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DatabaseHealth, Health, HealthMetrics, Problem, Readiness } from '@pulso/contracts';
import type { Cache } from '../../platform/cache/index.js';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { lifecycle } from '../../platform/lifecycle.js';
import type { Metrics } from '../../platform/metrics.js';

export interface HealthDeps {
  database: Database;
  cache: Cache;
  metrics: Metrics;
  version: string;
  metricsToken: string | undefined;
  /** `performance.now()` when the app was built. */
  startedAt: number;
  /** The app's clock, for the `timestamp` field (uptime is measured on the process's own clock). */
  clock: () => number;
}

const ops = { access: 'public' as const, rateLimit: false as const };

async function probe(database: Database): Promise<number | null> {
  try {
    // A database that does not answer within 2 s counts as down for load balancers.
    return await Promise.race([
      database.ping(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
    ]);
  } catch {
    return null;
  }
}

export const healthRoutes =
  (d: HealthDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const guard = (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
      if (!d.metricsToken) return done();
      const given = Buffer.from(req.headers.authorization ?? '');
      const want = Buffer.from(`Bearer ${d.metricsToken}`);
      if (given.length !== want.length || !timingSafeEqual(given, want))
        return done(
          new AppError('unauthorized', pm.msg('auth.metrics_token'), {
            headers: { 'www-authenticate': 'Bearer' },
          }),
        );
      done();
    };
    const uptime = () => Math.round((performance.now() - d.startedAt) / 10) / 100;

    app.get(
      '/health',
      { config: ops, schema: { tags: ['health'], summary: 'Liveness', response: { 200: Health } } },
      () => ({
        status: 'healthy' as const,
        timestamp: new Date(d.clock()).toISOString(),
        uptime: uptime(),
        version: d.version,
      }),
    );

    app.get(
      '/health/database',
      {
        config: ops,
        schema: {
          tags: ['health'],
          summary: 'Database reachability',
          response: { 200: DatabaseHealth, 503: DatabaseHealth },
        },
      },
      async (_req, reply) => {
        const latency = await probe(d.database);
        return reply.code(latency === null ? 503 : 200).send({
          database: {
            status: latency === null ? 'disconnected' : 'connected',
            latency_ms: latency,
            driver: d.database.driver,
          },
        });
      },
    );

    app.get(
      '/health/ready',
      {
        config: ops,
        schema: {
          tags: ['health'],
          summary: 'Readiness for load balancers',
          description:
            '503 when the database is down or the process is shutting down (SHUTDOWN_DELAY_MS before it stops taking requests); 200 "degraded" when only the cache is.',
          response: { 200: Readiness, 503: Readiness },
        },
      },
      async (_req, reply) => {
        const db = (await probe(d.database)) !== null;
        const cache = d.cache.status();
        // A process shutting down is not ready, whatever its database: the balancer takes it out first.
        const ok = db && !lifecycle.stopping;
        const status = !ok ? 'unavailable' : cache === 'degraded' ? 'degraded' : 'ready';
        return reply
          .code(ok ? 200 : 503)
          .send({ status, checks: { database: db ? 'up' : 'down', cache } } as const);
      },
    );

    app.get(
      '/api/v1/health/metrics',
      {
        config: ops,
        onRequest: guard,
        schema: {
          tags: ['health'],
          summary: 'Server health with figures (JSON)',
          response: { 200: HealthMetrics, 401: Problem },
        },
      },
      async () => {
        const latency = await probe(d.database);
        const { hits, misses } = d.cache.stats();
        const q = d.metrics.queryStats();
        const mem = process.memoryUsage();
        const cacheUp = d.cache.status() !== 'degraded';
        return {
          status: latency !== null && cacheUp ? ('healthy' as const) : ('degraded' as const),
          timestamp: new Date(d.clock()).toISOString(),
          uptime: uptime(),
          database: {
            connected: latency !== null,
            driver: d.database.driver,
            latency_ms: latency,
            query_time_ms: q.meanMs,
            queries: q.count,
          },
          cache: {
            backend: d.cache.backend,
            connected: cacheUp,
            hits,
            misses,
            hit_rate: hits + misses ? Math.round((hits / (hits + misses)) * 10_000) / 10_000 : null,
          },
          memory_mb: Math.round((mem.rss / 1048576) * 10) / 10,
          heap_used_mb: Math.round((mem.heapUsed / 1048576) * 10) / 10,
          cpu_percent: d.metrics.cpuPercent(),
          event_loop_lag_ms: d.metrics.eventLoopLagMs(),
          active_users: d.metrics.activeUsers(),
        };
      },
    );

    app.get(
      '/metrics',
      {
        config: ops,
        onRequest: guard,
        schema: { tags: ['health'], summary: 'Prometheus metrics', hide: true },
      },
      async (_req, reply) =>
        reply.type(d.metrics.registry.contentType).send(await d.metrics.registry.metrics()),
    );
  };
