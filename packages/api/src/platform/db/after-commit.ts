import type { Db, Executor } from './types.js';

/**
 * Work that must wait until a transaction has committed: telling other processes about a change (live streams)
 * before the commit would let them read the old rows, and a rollback would leave them told about nothing.
 * Each transaction opened through `db.transaction` (and each savepoint inside it) carries the list of its
 * callbacks here; the list runs once the outermost transaction has committed and is dropped when it rolls back.
 */
const pending = new WeakMap<object, (() => void)[]>();

/**
 * Runs `fn` after the commit of the transaction `ex`, or at once when `ex` is the database itself (the statement
 * before this call has then already committed). A callback registered inside a savepoint that later rolls back
 * while the outer transaction commits still runs: use it for hints that are harmless when nothing changed.
 */
export function afterCommit(ex: Executor, fn: () => void): void {
  const list = pending.get(ex);
  if (list) list.push(fn);
  else fn();
}

type TransactionFn = (run: (tx: Executor) => Promise<unknown>, config?: unknown) => Promise<unknown>;

/** Savepoints (`tx.transaction`) share their outer transaction's list. */
function trackNested(tx: Executor, list: (() => void)[]) {
  pending.set(tx, list);
  const holder = tx as unknown as { transaction: TransactionFn };
  const original = holder.transaction.bind(tx);
  holder.transaction = (run, config) =>
    original((sp) => {
      trackNested(sp, list);
      return run(sp);
    }, config);
}

/** Makes `db.transaction` run the callbacks of `afterCommit` once it has committed. Called once per database. */
export function trackCommits(db: Db): void {
  const holder = db as unknown as { transaction: TransactionFn; __afterCommit?: true };
  if (holder.__afterCommit) return;
  holder.__afterCommit = true;
  const original = holder.transaction.bind(db);
  holder.transaction = async (run, config) => {
    const list: (() => void)[] = [];
    const result = await original((tx) => {
      trackNested(tx, list);
      return run(tx);
    }, config);
    // A callback's failure is its own: the transaction has committed and its caller gets its result.
    for (const fn of list)
      try {
        fn();
      } catch {
        /* the callback reports its own errors */
      }
    return result;
  };
}
