import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { trackCommits } from './after-commit.js';
import { prepareAll } from './prepare-all.js';
import { driverUrl } from './session-attrs.js';
import { installQueryTiming } from './timing.js';
import type { Db, Driver, Executor } from './types.js';

export type { Db, Executor, Tx, Driver } from './types.js';
export { afterCommit } from './after-commit.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));

export interface Database {
  db: Db;
  driver: Driver;
  poolMax: number;
  /** Round trip to the database; throws when it is unreachable. */
  ping(): Promise<number>;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the embedded instance (backup tooling and tests use it). */
  pglite?: PGlite;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; null keeps the database in memory (tests). */
  dataDir?: string | null;
  poolMax?: number;
  /**
   * PostgreSQL server only (default true): whether queries become named statements on their connection (every
   * query Drizzle sends, see `prepare-all.ts`). False sends them unnamed, parsed on every execution, for poolers
   * that hand a session's statements to another client.
   */
  preparedStatements?: boolean;
  /**
   * PostgreSQL server only, in ms (0 or unset: off): `statement_timeout` ends a runaway query instead of letting it
   * hold a pool connection and its locks; `idle_in_transaction_session_timeout` ends a session whose transaction
   * was left open (a request that died between statements). PGlite gets neither: it runs queries on the calling
   * thread, so nothing can interrupt one while it runs, and it has a single session, where a transaction left
   * open blocks every other query at once rather than after a timeout.
   */
  statementTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
  /**
   * PGlite only: start from a dumped data directory (`pglite.dumpDataDir()`) instead of an empty cluster. The
   * tests migrate once per run and start each file's database from that dump, which skips initdb and the
   * migrations (most of a PGlite start).
   */
  loadDataDir?: Blob;
}

// Extensions that exist both in PGlite and in PostgreSQL contrib (design §6); a module enables the ones it
// needs with CREATE EXTENSION in its migration.
const PGLITE_EXTENSIONS = { citext, cube, earthdistance, pg_trgm, pgcrypto, unaccent, uuid_ossp };

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  installQueryTiming();
  if (opts.url) {
    const poolMax = opts.poolMax ?? 20;
    const client = postgres(driverUrl(opts.url), {
      max: poolMax,
      prepare: opts.preparedStatements ?? true,
      idle_timeout: 60,
      connect_timeout: 5,
      // postgres.js backs off up to 20 s between reconnects; while the server is away every request would
      // wait that long for its 503. Retry within a second instead (jittered, so nodes do not stampede).
      backoff: (attempt: number) => (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** attempt, 1),
      onnotice: () => {},
      // Sent in the startup packet, so every pooled connection has them from its first query.
      connection: {
        application_name: 'pulso',
        statement_timeout: opts.statementTimeoutMs ?? 0,
        idle_in_transaction_session_timeout: opts.idleInTransactionTimeoutMs ?? 0,
      },
    });
    const db = drizzlePostgres(
      (opts.preparedStatements ?? true) ? prepareAll(client) : client,
    ) as unknown as Db;
    trackCommits(db);
    return {
      db,
      driver: 'postgres',
      poolMax,
      ping: () => timed(() => client`select 1`),
      migrate: async () => {
        // One process migrates at a time, whatever number of nodes start together: a session-level
        // advisory lock on a dedicated connection (drizzle's migrator opens its own transaction on it). It has
        // no statement timeout: a migration may rightly take longer than any request.
        const conn = postgres(driverUrl(opts.url!), { max: 1, onnotice: () => {}, connect_timeout: 5 });
        try {
          await conn`select pg_advisory_lock(7263541)`;
          await migratePostgres(drizzlePostgres(conn), { migrationsFolder: MIGRATIONS_DIR });
        } finally {
          await conn`select pg_advisory_unlock(7263541)`.catch(() => {});
          await conn.end({ timeout: 5 });
        }
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  let dataDir: string | undefined;
  let unlock = () => {};
  if (opts.dataDir) {
    // Health data lives here: only the server's user may enter the directory.
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    chmodSync(opts.dataDir, 0o700);
    dataDir = path.resolve(opts.dataDir, 'pg');
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    unlock = lockDataDir(path.resolve(opts.dataDir));
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create(dataDir, {
      extensions: PGLITE_EXTENSIONS,
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
  } catch (err) {
    unlock();
    throw err;
  }
  const db = drizzlePglite(pg) as unknown as Db;
  trackCommits(db);
  return {
    db,
    driver: 'pglite',
    poolMax: 1,
    pglite: pg,
    ping: () => timed(() => pg.query('select 1')),
    migrate: () => migratePglite(drizzlePglite(pg), { migrationsFolder: MIGRATIONS_DIR }),
    close: async () => {
      await pg.close();
      unlock();
    },
  };
}

export class DatabaseLockedError extends Error {}

/**
 * PGlite is one process's database: a second process opening the same files (a CLI command next to a running
 * server) would silently lose writes. A lock file holding the owner's pid keeps the second one out; a lock left
 * by a process that died (kill -9) is taken over.
 */
function lockDataDir(dir: string): () => void {
  const file = path.join(dir, 'pglite.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner))
        throw new DatabaseLockedError(
          `the embedded database in ${dir} is in use by process ${owner}; stop it first (if that process is not Pulso, delete ${file})`,
        );
      rmSync(file, { force: true });
    }
  }
  throw new DatabaseLockedError(`could not lock the embedded database in ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return Math.round((performance.now() - t) * 100) / 100;
}

/**
 * A `json` value of a raw statement's row: postgres.js parses it, PGlite may hand over its text (hence both
 * forms; `T` is the caller's word for its shape).
 */
export const jsonOf = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

/** `db.execute` returns `{ rows }` on PGlite and an array on postgres.js. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

/**
 * `db.execute` as a named prepared statement: on PostgreSQL, postgres.js parses and plans the statement once per
 * pooled connection (keyed by its text) and then sends only Bind/Execute, so a hot statement stops paying the
 * parse and the planner on every call (drizzle's `execute` always sends the text unprepared). On PGlite the
 * statement simply runs. Goes through Drizzle's session, so the query timing (`timing.ts`) still sees it.
 * Only for statements whose text is fixed by the code (values as parameters): each distinct text is a
 * statement kept on every connection. The session and dialect are Drizzle internals (typed `@internal`).
 */
export async function executePrepared(db: Executor, name: string, query: SQL): Promise<unknown> {
  return prepareRaw(db, name, query).execute();
}

/** Drizzle's session and dialect, which build and run a named statement (not in its public types). */
function internals(db: Executor) {
  return db as unknown as {
    dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } };
    session: {
      prepareQuery(
        q: { sql: string; params: unknown[] },
        fields: undefined,
        name: string,
        isResponseInArrayMode: boolean,
      ): { execute(values?: Record<string, unknown>): Promise<unknown> };
    };
  };
}

function prepareRaw(db: Executor, name: string, query: SQL) {
  const d = internals(db);
  return d.session.prepareQuery(d.dialect.sqlToQuery(query), undefined, name, false);
}

/**
 * `executePrepared` built once: the statement's values are `sql.placeholder`s, filled at each call, so a hot
 * write pays neither Drizzle's building of its text (walking the template, quoting every table and column) nor
 * the garbage of it on every request. For the database's own pool only (not a transaction: the statement is
 * bound to the executor it was built on).
 */
export function preparedStatement<V extends Record<string, unknown>>(
  db: Executor,
  name: string,
  query: SQL,
): (values: V) => Promise<unknown> {
  const q = prepareRaw(db, name, query);
  return (values) => q.execute(values);
}

/** True when the database has no user yet (first start of an embedded install). */
export async function isEmpty(db: Db): Promise<boolean> {
  const r = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from users`));
  return r[0]!.n === 0;
}
