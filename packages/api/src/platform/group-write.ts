/**
 * Group commit for rows that must be written before a request answers (access logs): `add(row)` resolves once
 * the row is stored. Rows that arrive while a write is under way go out together in the next one, so under load
 * N requests cost about one statement and one commit instead of N, and an idle server writes each row at once
 * (no timer, no added wait). Nothing is dropped: every caller waits for its own row's write and sees its
 * failure. When a grouped write fails (say one row's patient was erased meanwhile), its rows are written one by
 * one, so only the row at fault fails.
 */
export function groupWrite<T>(write: (rows: T[]) => Promise<void>, maxRows = 500) {
  let queue: { row: T; done: (err?: Error) => void }[] = [];
  const asError = (e: unknown) => (e instanceof Error ? e : new Error('grouped write failed', { cause: e }));
  let writing = false;

  async function drain() {
    writing = true;
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
      writing = false;
    }
  }

  return (row: T): Promise<void> =>
    new Promise((resolve, reject) => {
      queue.push({ row, done: (err) => (err ? reject(err) : resolve()) });
      if (!writing) void drain();
    });
}
