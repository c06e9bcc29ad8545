import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  type Metric,
  type MetricObjectWithValues,
  type MetricValue,
  Registry,
} from 'prom-client';
import type { Cache } from './cache/index.js';
import type { Database } from './db/index.js';
import { onQuery, queriesInFlight } from './db/timing.js';
import { lastBackupSuccess } from './db/backup.js';

/**
 * Share of an AI budget spent (0..1) by scope (`platform`, or a gym's id). The nutrition module's AI features
 * report it here; until one does, the platform scope reads 0, so the "AI budget nearly spent" alert and its
 * dashboard panel have a series to watch. Process-wide: every app built in this process exports the same values.
 */
const aiBudgetUsed = new Map<string, number>([['platform', 0]]);
export function reportAiBudgetUsed(ratio: number, scope = 'platform') {
  aiBudgetUsed.set(scope, Math.max(0, ratio));
}

/** A probe that does not answer within `ms` counts as failed (a scrape must not hang on a lost database). */
async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), ms);
      }),
    ]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

const ACTIVE_WINDOW_MS = 5 * 60_000;

export interface Metrics {
  registry: Registry;
  /** Users seen in the last five minutes (this process). */
  activeUsers(): number;
  eventLoopLagMs(): number;
  queryStats(): { count: number; meanMs: number | null };
  cpuPercent(): number;
  stop(): void;
}

/** Prometheus metrics of one app instance (its own registry, so tests can build several apps). */
export function registerMetrics(app: FastifyInstance, database: Database, cache: Cache): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const dbDuration = new Histogram({
    name: 'db_query_duration_seconds',
    help: 'Database query duration by SQL operation',
    labelNames: ['operation'] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    registers: [registry],
  });
  let queries = 0;
  let queryMs = 0;
  const stopQueries = onQuery((s, op) => {
    queries++;
    queryMs += s * 1000;
    dbDuration.observe({ operation: op }, s);
  });
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database connections: the pool size (max) and those running a query now (busy)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'max' }, database.poolMax);
      this.set({ state: 'busy' }, Math.min(queriesInFlight(), database.poolMax));
    },
  });
  let reportedHits = 0;
  let reportedMisses = 0;
  const hits = new Counter({
    name: 'cache_hits_total',
    help: 'Cache reads answered from the cache',
    registers: [registry],
    collect() {
      const { hits } = cache.stats();
      this.inc(hits - reportedHits);
      reportedHits = hits;
    },
  });
  const misses = new Counter({
    name: 'cache_misses_total',
    help: 'Cache reads that went to the database',
    registers: [registry],
    collect() {
      const { misses } = cache.stats();
      this.inc(misses - reportedMisses);
      reportedMisses = misses;
    },
  });

  const reportedOps = new Map<string, number>();
  new Counter({
    name: 'redis_operations_total',
    help: 'Redis commands of the cache by operation and outcome (ok, hit, miss, error, timeout; skipped while Redis is unreachable)',
    labelNames: ['operation', 'status'] as const,
    registers: [registry],
    collect() {
      for (const [k, n] of cache.operations()) {
        const [operation, status] = k.split(' ') as [string, string];
        this.inc({ operation, status }, n - (reportedOps.get(k) ?? 0));
        reportedOps.set(k, n);
      }
    },
  });
  new Gauge({
    name: 'pulso_cache_up',
    help: 'Whether the cache backend answers (1; the in-memory cache always does) or is bypassed (0)',
    labelNames: ['backend'] as const,
    registers: [registry],
    collect() {
      this.set({ backend: cache.backend }, cache.status() === 'degraded' ? 0 : 1);
    },
  });
  new Gauge({
    name: 'pulso_ready',
    help: 'What /health/ready answers: 1 when the database answers within 2 s, else 0',
    registers: [registry],
    async collect() {
      this.set((await within(database.ping(), 2000)) === undefined ? 0 : 1);
    },
  });
  new Gauge({
    name: 'pulso_backup_last_success_timestamp_seconds',
    help: 'When the last `pulso backup` finished (Unix seconds; 0 before the first)',
    registers: [registry],
    async collect() {
      const at = await within(lastBackupSuccess(database.db), 2000);
      // An unanswered query leaves the last value rather than faking "never" (which would page someone).
      if (at !== undefined) this.set(at === null ? 0 : at / 1000);
    },
  });
  new Gauge({
    name: 'pulso_ai_budget_used_ratio',
    help: 'Share of the AI budget spent in the current period (0..1) by scope',
    labelNames: ['scope'] as const,
    registers: [registry],
    collect() {
      for (const [scope, ratio] of aiBudgetUsed) this.set({ scope }, ratio);
    },
  });

  registerSeedAliases(registry, { requests, duration, dbDuration, hits, misses });

  new Gauge({
    name: 'live_streams_open',
    help: 'Live streams (GET /api/v1/notifications/stream) open on this process',
    registers: [registry],
    collect() {
      this.set(app.services.live.listening());
    },
  });

  const seen = new Map<number, number>();
  const activeUsers = () => {
    const cutoff = Date.now() - ACTIVE_WINDOW_MS;
    for (const [id, at] of seen) if (at < cutoff) seen.delete(id);
    return seen.size;
  };
  new Gauge({
    name: 'active_users',
    help: 'Distinct users with an authenticated request in the last 5 minutes (this process)',
    registers: [registry],
    collect() {
      this.set(activeUsers());
    },
  });

  // Event-loop lag over the last window (10 s), not since start: a spike an hour ago is not today's lag.
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  let lastLagMs = 0;
  const lagWindow = setInterval(() => {
    if (lag.count) lastLagMs = Math.round((lag.mean / 1e6) * 100) / 100;
    lag.reset();
  }, 10_000);
  lagWindow.unref();
  let lastCpu = process.cpuUsage();
  let lastCpuAt = performance.now();

  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ method: req.method, route, status: reply.statusCode });
    duration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    if (req.principal) seen.set(req.principal.userId, Date.now());
    done();
  });

  return {
    registry,
    activeUsers,
    // The histogram's mean is NaN until its first sample (right after start), which JSON cannot carry.
    eventLoopLagMs: () => (lag.count ? Math.round((lag.mean / 1e6) * 100) / 100 : lastLagMs),
    queryStats: () => ({
      count: queries,
      meanMs: queries ? Math.round((queryMs / queries) * 1000) / 1000 : null,
    }),
    cpuPercent() {
      const now = performance.now();
      const cpu = process.cpuUsage(lastCpu);
      const elapsedUs = (now - lastCpuAt) * 1000;
      lastCpu = process.cpuUsage();
      lastCpuAt = now;
      return elapsedUs > 0 ? Math.round(((cpu.user + cpu.system) / elapsedUs) * 1000) / 10 : 0;
    },
    stop() {
      stopQueries();
      clearInterval(lagWindow);
      lag.disable();
      registry.clear();
    },
  };
}

/**
 * The gym seed's Prometheus names (§8.2, `app/core/metrics.py`), so its dashboards read Pulso (issue 12). Each is
 * a view of one of Pulso's own metrics, renamed when scraped: no second measurement per request, and the two
 * names always agree. `endpoint` is Pulso's `route` (the route pattern, never the raw URL); the seed's Redis
 * counter is the cache's reads by `hit`/`miss` (Redis or the in-memory cache, whichever is configured).
 */
function registerSeedAliases(
  registry: Registry,
  m: {
    requests: Counter<'method' | 'route' | 'status'>;
    duration: Histogram<'method' | 'route'>;
    dbDuration: Histogram<'operation'>;
    hits: Counter;
    misses: Counter;
  },
) {
  // In place, so the labels keep the seed's order (method, endpoint, status).
  const renameRoute = (labels: Record<string, string | number | undefined>) =>
    Object.fromEntries(Object.entries(labels).map(([k, v]) => [k === 'route' ? 'endpoint' : k, v]));
  const alias = (
    name: string,
    help: string,
    type: 'counter' | 'histogram',
    read: () => Promise<MetricObjectWithValues<MetricValue<string>>>,
    from: string,
  ) => {
    const view = {
      name,
      help,
      type,
      aggregator: 'sum',
      async get() {
        const got = await read();
        return {
          ...got,
          name,
          help,
          values: got.values.map((v) => ({
            ...v,
            labels: renameRoute(v.labels),
            ...('metricName' in v && typeof v.metricName === 'string'
              ? { metricName: name + v.metricName.slice(from.length) }
              : {}),
          })),
        };
      },
    };
    registry.registerMetric(view as unknown as Metric);
  };
  alias(
    'gymapi_async_requests_total',
    'Requests (the gym seed’s name for http_requests_total)',
    'counter',
    () => m.requests.get(),
    'http_requests_total',
  );
  alias(
    'gymapi_async_request_duration_seconds',
    'Request duration (the gym seed’s name for http_request_duration_seconds)',
    'histogram',
    () => m.duration.get(),
    'http_request_duration_seconds',
  );
  alias(
    'gymapi_async_db_query_duration_seconds',
    'Database query duration (the gym seed’s name for db_query_duration_seconds)',
    'histogram',
    () => m.dbDuration.get(),
    'db_query_duration_seconds',
  );
  alias(
    'gymapi_async_redis_operations_total',
    'Cache reads by result (the gym seed’s name; cache_hits_total and cache_misses_total)',
    'counter',
    async () => {
      const [h, x] = await Promise.all([m.hits.get(), m.misses.get()]);
      const total = (o: typeof h) => o.values.reduce((a, v) => a + v.value, 0);
      return {
        ...h,
        values: [
          { labels: { operation: 'get', status: 'hit' }, value: total(h) },
          { labels: { operation: 'get', status: 'miss' }, value: total(x) },
        ],
      };
    },
    'gymapi_async_redis_operations_total',
  );
}
