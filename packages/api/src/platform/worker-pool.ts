import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { AppError, type ErrorText } from './errors.js';
import { platformMessages as pm } from './messages.js';

/**
 * A bounded pool of worker threads (piscina) for CPU-heavy work that must not hold up the event loop, where every
 * request of every gym is served. Threads start on the first task, not at start-up; idle ones do not keep the
 * process alive. At most `threads` tasks run and `maxQueue` wait; one more is refused at once with a 503 and
 * `Retry-After` (the caller can retry: nothing was done) instead of piling up files in memory.
 */
export interface WorkerPool<Task, Result> {
  run(task: Task, transfer?: ArrayBuffer[]): Promise<Result>;
  /** True when a new task would be refused: every thread busy and the queue full, or the pool closed. */
  full(): boolean;
  close(): Promise<void>;
}

export interface WorkerPoolOptions {
  /** The worker module next to `base` (an `import.meta.url`), without extension; its default export runs. */
  base: string;
  name: string;
  threads: number;
  maxQueue: number;
  /** The problem detail of the 503 when the pool is full. */
  busyDetail: ErrorText;
  retryAfterS?: number;
}

/**
 * The built server (`dist/`) has `name.js`; the TypeScript source run by vitest or tsx has only `name.ts`, which
 * a worker thread can load only with tsx's loader registered in that thread (vitest's transform lives in the
 * test's thread alone).
 */
export function workerModule(base: string, name: string): { filename: string; execArgv: string[] } {
  const js = fileURLToPath(new URL(`./${name}.js`, base));
  if (existsSync(js)) return { filename: js, execArgv: [] };
  const ts = fileURLToPath(new URL(`./${name}.ts`, base));
  if (!existsSync(ts)) throw new Error(`worker module ${name}.js (or .ts) not found next to ${base}`);
  const tsx = pathToFileURL(createRequire(base).resolve('tsx')).href;
  return { filename: ts, execArgv: ['--import', tsx] };
}

export function createWorkerPool<Task, Result>(o: WorkerPoolOptions): WorkerPool<Task, Result> {
  let pool: Piscina<Task, Result> | undefined;
  let closed = false;
  // Tasks accepted and not finished (running or queued): counted here so that a full pool is refused before
  // piscina is asked, and so that `full()` can be asked before a request's body is read.
  let inFlight = 0;
  const capacity = o.threads + o.maxQueue;
  const get = () => {
    if (!pool) {
      const mod = workerModule(o.base, o.name);
      pool = new Piscina<Task, Result>({
        filename: mod.filename,
        execArgv: mod.execArgv,
        minThreads: 0,
        maxThreads: o.threads,
        // Our count above is the bound; piscina's own (checked against threads it may not have started yet)
        // only has to never refuse what that count let through.
        maxQueue: capacity,
        // Threads that sat idle for a minute give their memory back.
        idleTimeout: 60_000,
        // Below the event loop's thread: with as many workers as cores, requests still get the CPU first
        // (Linux/Windows; piscina ignores it where @napi-rs/nice is not available).
        niceIncrement: 10,
      });
    }
    return pool;
  };
  const busy = () => new AppError('unavailable', o.busyDetail, { retryAfter: o.retryAfterS ?? 5 });
  return {
    async run(task, transfer) {
      if (closed) throw new AppError('unavailable', pm.msg('error.shutting_down'), { retryAfter: 5 });
      if (inFlight >= capacity) throw busy();
      inFlight++;
      try {
        return await get().run(task, transfer ? { transferList: transfer } : undefined);
      } finally {
        inFlight--;
      }
    },
    full: () => closed || inFlight >= capacity,
    async close() {
      closed = true;
      const p = pool;
      pool = undefined;
      if (p) await p.close();
    },
  };
}
