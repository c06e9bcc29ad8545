import { pgCode } from './errors.js';

/**
 * Group commit for work that must be done before a request answers (access logs, logged sessions): `add(row)`
 * resolves, with the row's own result, once the row is written. Rows that arrive while a write is under way go
 * out together in the next one, so under load N requests cost about one statement and one commit instead of N,
 * and an idle server writes each row at once (no timer, no added wait). Nothing is dropped: every caller waits
 * for its own row's write and sees its failure. When a grouped write fails (say one row's patient was erased
 * meanwhile), its rows are written one by one, so only the row at fault fails.
 *
 * `write` answers one result per row, in the rows' order (or nothing, when the rows have no result). One write
 * is under way at a time: the group grows with the load instead of the writes multiplying.
 */
export function groupWrite<T, R = void>(
  write: (rows: T[]) => Promise<R[] | void>,
  {
    maxRows = 500,
    retryAlone = () => true,
  }: {
    maxRows?: number;
    /** Whether a failed group's rows are written again one by one (else each sees the group's error). */
    retryAlone?: (err: unknown) => boolean;
  } = {},
) {
  interface Waiting {
    row: T;
    done: (err: Error | null, result?: R) => void;
  }
  let queue: Waiting[] = [];
  const asError = (e: unknown) => (e instanceof Error ? e : new Error('grouped write failed', { cause: e }));
  let writing = false;

  const settle = (batch: Waiting[], results: R[] | void) => {
    if (results && results.length !== batch.length) {
      const err = new Error(`grouped write answered ${results.length} results for ${batch.length} rows`);
      for (const b of batch) b.done(err);
    } else batch.forEach((b, i) => b.done(null, results ? results[i] : undefined));
  };

  async function drain() {
    writing = true;
    try {
      while (queue.length) {
        const batch = queue.slice(0, maxRows);
        queue = queue.slice(batch.length);
        try {
          settle(batch, await write(batch.map((b) => b.row)));
        } catch (err) {
          if (batch.length === 1 || !retryAlone(err)) for (const b of batch) b.done(asError(err));
          else
            await Promise.all(
              batch.map((b) =>
                write([b.row]).then(
                  (r) => settle([b], r),
                  (e: unknown) => b.done(asError(e)),
                ),
              ),
            );
        }
      }
    } finally {
      writing = false;
    }
  }

  return (row: T): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      queue.push({ row, done: (err, result) => (err ? reject(err) : resolve(result as R)) });
      if (!writing) void drain();
    });
}

/**
 * `retryAlone` for writes that are not idempotent: only when the database refused a row's values (SQLSTATE
 * class 22, data exception, or 23, integrity constraint violation: PostgreSQL documentation, Appendix A) is there
 * a row at fault to find. A lost connection may have lost the answer of a commit that happened, and writing the
 * rows again could store them twice.
 */
export const rowAtFault = (err: unknown): boolean => /^2[23][0-9A-Z]{3}$/.test(pgCode(err) ?? '');
