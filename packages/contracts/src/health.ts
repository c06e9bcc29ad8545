import { z } from 'zod';
import { Timestamp } from './common.js';

export const Health = z.object({
  status: z.literal('healthy'),
  timestamp: Timestamp,
  uptime: z.number().describe('Seconds since the process started'),
  version: z.string(),
});

export const DatabaseHealth = z.object({
  database: z.object({
    status: z.enum(['connected', 'disconnected']),
    latency_ms: z.number().nullable(),
    driver: z.enum(['pglite', 'postgres']),
  }),
});

export const Readiness = z.object({
  status: z.enum(['ready', 'degraded', 'unavailable']),
  checks: z.object({
    database: z.enum(['up', 'down']),
    cache: z.enum(['up', 'degraded', 'memory']),
  }),
});

export const HealthMetrics = z.object({
  status: z.enum(['healthy', 'degraded']),
  timestamp: Timestamp,
  uptime: z.number(),
  database: z.object({
    connected: z.boolean(),
    driver: z.enum(['pglite', 'postgres']),
    latency_ms: z.number().nullable(),
    query_time_ms: z.number().nullable().describe('Mean query time since start'),
    queries: z.number().int(),
  }),
  cache: z.object({
    backend: z.enum(['memory', 'redis']),
    connected: z.boolean(),
    hits: z.number().int(),
    misses: z.number().int(),
    hit_rate: z.number().nullable(),
  }),
  memory_mb: z.number(),
  heap_used_mb: z.number(),
  cpu_percent: z.number(),
  event_loop_lag_ms: z.number(),
  active_users: z.number().int(),
});
