import { describe, expect, it } from 'vitest';
import { groupWrite, rowAtFault } from '../../src/platform/group-write.js';

/** A write that records its batches and finishes when the test says so. */
function recorder(fail?: (rows: number[]) => boolean) {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const write = (rows: number[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push(rows);
      pending.push(() => (fail?.(rows) ? reject(new Error(`bad ${rows.join(',')}`)) : resolve()));
    });
  const finishAll = () => pending.splice(0).forEach((f) => f());
  return { batches, write, finishAll };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('groupWrite', () => {
  it('writes a lone row at once and the rows that arrive meanwhile together, each caller after its row', async () => {
    const r = recorder();
    const add = groupWrite(r.write);
    const done: number[] = [];
    const first = add(1).then(() => done.push(1));
    expect(r.batches).toEqual([[1]]);
    const rest = [2, 3, 4].map((n) => add(n).then(() => done.push(n)));
    await tick();
    expect(r.batches).toEqual([[1]]);
    expect(done).toEqual([]);
    r.finishAll();
    await first;
    await tick();
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
    expect(done).toEqual([1]);
    r.finishAll();
    await Promise.all(rest);
    expect(done).toEqual([1, 2, 3, 4]);
  });

  it('fails only the row at fault when a grouped write fails, and writes the others one by one', async () => {
    const r = recorder((rows) => rows.includes(3));
    const add = groupWrite(r.write);
    const first = add(1);
    const results = [2, 3, 4].map((n) =>
      add(n).then(
        () => 'ok',
        (e: Error) => e.message,
      ),
    );
    r.finishAll();
    await first;
    await tick();
    r.finishAll(); // the grouped write of 2, 3, 4 fails
    await tick();
    expect(r.batches.slice(2)).toEqual([[2], [3], [4]]);
    r.finishAll();
    expect(await Promise.all(results)).toEqual(['ok', 'bad 3', 'ok']);
  });

  it('splits a long queue into writes of at most maxRows', async () => {
    const r = recorder();
    const add = groupWrite(r.write, { maxRows: 2 });
    const all = [1, 2, 3, 4, 5].map((n) => add(n));
    for (let i = 0; i < 4; i++) {
      r.finishAll();
      await tick();
    }
    await Promise.all(all);
    expect(r.batches).toEqual([[1], [2, 3], [4, 5]]);
  });

  it("answers each caller with its own row's result, alone and grouped", async () => {
    const batches: number[][] = [];
    let release = () => {};
    const add = groupWrite<number, string>(async (rows) => {
      batches.push(rows);
      await new Promise<void>((r) => (release = r));
      return rows.map((n) => `r${n}`);
    });
    const all = [1, 2, 3].map((n) => add(n));
    release();
    await tick();
    release();
    expect(await Promise.all(all)).toEqual(['r1', 'r2', 'r3']);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('fails every row of a write that answers the wrong number of results, and keeps serving', async () => {
    let short = true;
    const add = groupWrite<number, number>(async (rows) => (short ? rows.slice(1) : rows));
    await expect(add(1)).rejects.toThrow(/0 results for 1 rows/);
    short = false;
    expect(await add(2)).toBe(2);
  });

  it('with rowAtFault, retries alone only when the database refused a value, not when the connection failed', async () => {
    const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });
    expect(rowAtFault(pgError('23505'))).toBe(true);
    expect(rowAtFault(pgError('22003'))).toBe(true);
    expect(rowAtFault(new Error('wrapped', { cause: pgError('23503') }))).toBe(true);
    expect(rowAtFault(pgError('CONNECTION_CLOSED'))).toBe(false);
    expect(rowAtFault(pgError('57P01'))).toBe(false);
    expect(rowAtFault(new Error('no code'))).toBe(false);

    let fail: Error | null = null;
    const calls: number[][] = [];
    let release = () => {};
    const add = groupWrite<number, number>(
      async (rows) => {
        calls.push(rows);
        await new Promise<void>((r) => (release = r));
        if (fail) throw fail;
        return rows;
      },
      { retryAlone: rowAtFault },
    );
    const first = add(1);
    const group = [2, 3].map((n) => add(n).catch((e: Error) => e.message));
    release();
    expect(await first).toBe(1);
    await tick();
    fail = pgError('CONNECTION_CLOSED');
    release();
    // The group's error reaches both callers; nothing is written again.
    expect(await Promise.all(group)).toEqual(['pg CONNECTION_CLOSED', 'pg CONNECTION_CLOSED']);
    expect(calls).toEqual([[1], [2, 3]]);
  });
});
