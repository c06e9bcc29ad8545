import type { Sql } from 'postgres';

/**
 * Every query Drizzle sends through `client` becomes a prepared statement on its pooled connection.
 *
 * Drizzle asks postgres.js for an unnamed statement unless the query was given a name (`prepare: false`). For a
 * query with parameters postgres.js then needs two round trips every time: Parse + Describe to learn the
 * parameter types, then Bind + Execute; and PostgreSQL parses and plans the text on each call. Prepared,
 * postgres.js keeps the statement per connection, keyed by its text and parameter types, and later calls are one
 * Bind + Execute. The texts are the code's (values always travel as parameters), so the statements per
 * connection are bounded by the code's query shapes; a connection's statements go with it (postgres.js retires
 * connections after `max_lifetime`), and postgres.js re-prepares one that a schema change invalidated.
 * Transactions and savepoints hand Drizzle a client of their own: those are wrapped too.
 */
export function prepareAll(client: Sql): Sql {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'unsafe')
        return (query: string, params?: unknown[], options?: { prepare?: boolean }) =>
          target.unsafe(
            query,
            params as never,
            options && options.prepare === false ? { ...options, prepare: true } : options,
          );
      if (prop === 'begin' || prop === 'savepoint')
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: Sql) => unknown;
          const start = Reflect.get(target, prop, target) as (...a: unknown[]) => unknown;
          return start.call(target, ...args, (tx: Sql) => fn(prepareAll(tx)));
        };
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}
