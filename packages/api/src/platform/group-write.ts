/**
 * Group commit for rows that must be written before a request answers (access logs): `add(row)` resolves once
 * the row is stored. Rows that arrive while a write is under way go out together in the next one, so under load
 * N requests cost about one statement and one commit instead of N, and an idle server writes each row at once
 * (no timer, no added wait). Nothing is dropped: every caller waits for its own row's write and sees its
 * failure. When a grouped write fails (say one row's patient was erased meanwhile), its rows are written one by
 * one, so only the row at fault fails.
 *
 * `maxWrites`: how many writes may be under way at once. With one, a row that arrives just after a write began
 * waits for that write and then its own: about twice a commit. With more, it starts a write of its own while
 * one is free, and only rows arriving while all are busy are grouped (into the next free one), so under load a
 * caller waits about one commit, for a few more statements.
 */
export function groupWrite<T>(write: (rows: T[]) => Promise<void>, maxRows = 500, maxWrites = 1) {
  let queue: { row: T; done: (err?: Error) => void }[] = [];
  const asError = (e: unknown) => (e instanceof Error ? e : new Error('grouped write failed', { cause: e }));
  let writing = 0;

  async function drain() {
    writing++;
    try {
      while (queue.length) {
        const batch = queue.slice(0, maxRows);
        queue = queue.slice(batch.length);
        try {
          await write(batch.map((b) => b.row));
          for (const b of batch) b.done();
        } catch (err) {
          if (batch.length === 1) batch[0]!.done(asError(err));
          else
            await Promise.all(
              batch.map((b) =>
                write([b.row]).then(
                  () => b.done(),
                  (e: unknown) => b.done(asError(e)),
                ),
              ),
            );
        }
      }
    } finally {
      writing--;
    }
  }

  return (row: T): Promise<void> =>
    new Promise((resolve, reject) => {
      queue.push({ row, done: (err) => (err ? reject(err) : resolve()) });
      if (writing < maxWrites) void drain();
    });
}
