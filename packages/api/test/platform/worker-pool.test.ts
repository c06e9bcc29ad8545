import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/platform/errors.js';
import { createWorkerPool } from '../../src/platform/worker-pool.js';

interface Task {
  gate: SharedArrayBuffer;
  value: number;
}

describe('worker pool', () => {
  it('runs tasks in threads, refuses one more than threads + queue with a 503, and closes', async () => {
    const pool = createWorkerPool<Task, number>({
      base: import.meta.url,
      name: 'fixtures/gate-worker',
      threads: 1,
      maxQueue: 1,
      busyDetail: 'busy, retry',
      retryAfterS: 7,
    });
    const gate = new SharedArrayBuffer(4);
    expect(pool.full()).toBe(false);
    const first = pool.run({ gate, value: 1 });
    const second = pool.run({ gate, value: 2 });
    expect(pool.full()).toBe(true);
    const third = await pool.run({ gate, value: 3 }).catch((e: unknown) => e);
    expect(third).toBeInstanceOf(AppError);
    expect(third).toMatchObject({ code: 'unavailable', status: 503, detail: 'busy, retry' });
    expect((third as AppError).extra.retryAfter).toBe(7);

    Atomics.store(new Int32Array(gate), 0, 1);
    Atomics.notify(new Int32Array(gate), 0);
    expect(await Promise.all([first, second])).toEqual([2, 4]);
    expect(pool.full()).toBe(false);
    expect(await pool.run({ gate, value: 5 })).toBe(10);

    await pool.close();
    expect(pool.full()).toBe(true);
    await expect(pool.run({ gate, value: 6 })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('with no queue, runs as many tasks as threads and refuses the next', async () => {
    const pool = createWorkerPool<Task, number>({
      base: import.meta.url,
      name: 'fixtures/gate-worker',
      threads: 1,
      maxQueue: 0,
      busyDetail: 'busy',
    });
    const gate = new SharedArrayBuffer(4);
    const first = pool.run({ gate, value: 21 });
    await expect(pool.run({ gate, value: 1 })).rejects.toMatchObject({ code: 'unavailable', status: 503 });
    Atomics.store(new Int32Array(gate), 0, 1);
    Atomics.notify(new Int32Array(gate), 0);
    expect(await first).toBe(42);
    await pool.close();
  });
});
