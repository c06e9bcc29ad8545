import { AsyncLocalStorage } from 'node:async_hooks';
import { PgPreparedQuery } from 'drizzle-orm/pg-core';

/** Per-request accounting of database time, read by the Server-Timing header. */
export interface RequestTiming {
  dbMs: number;
  queries: number;
}
export const requestTiming = new AsyncLocalStorage<RequestTiming>();

type Listener = (seconds: number, operation: string) => void;
const listeners = new Set<Listener>();
let inFlight = 0;

export function onQuery(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
export const queriesInFlight = () => inFlight;

function operationOf(sql: string): string {
  const m = /^\s*(\w+)/.exec(sql);
  return m ? m[1]!.toLowerCase() : 'other';
}

/*
 * Every Drizzle query of both drivers (PGlite and postgres.js, inside transactions too) passes through
 * PgPreparedQuery.queryWithCache; timing it there is the one place that sees them all without wrapping
 * each driver's client. Installed once per process.
 */
let installed = false;
export function installQueryTiming() {
  if (installed) return;
  installed = true;
  const proto = PgPreparedQuery.prototype as unknown as {
    queryWithCache: (q: string, p: unknown[], run: () => Promise<unknown>) => Promise<unknown>;
  };
  const original = proto.queryWithCache;
  proto.queryWithCache = async function (
    this: unknown,
    q: string,
    p: unknown[],
    run: () => Promise<unknown>,
  ) {
    const start = performance.now();
    inFlight++;
    try {
      return await original.call(this, q, p, run);
    } finally {
      inFlight--;
      const ms = performance.now() - start;
      const t = requestTiming.getStore();
      if (t) {
        t.dbMs += ms;
        t.queries++;
      }
      if (listeners.size) {
        const op = operationOf(q);
        for (const l of listeners) l(ms / 1000, op);
      }
    }
  };
}
