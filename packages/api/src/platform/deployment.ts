import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Db } from './db/index.js';
import { deployment } from './db/tables.js';
import { pgCode } from './errors.js';

/** Hex characters of the deployment id kept in Redis names: 48 bits, short enough to repeat in every key. */
const NAMESPACE_LENGTH = 12;

/** The namespace of a deployment id (the `deployment` table's uuid): its first 12 hex digits. */
export const namespaceOf = (id: string): string =>
  id.replaceAll('-', '').slice(0, NAMESPACE_LENGTH).toLowerCase();

/** The deployment's id, or undefined when the database has no `deployment` table (not migrated to 0023 yet). */
export async function readDeploymentId(db: Db): Promise<string | undefined> {
  try {
    const [row] = await db.select({ id: deployment.id }).from(deployment);
    return row?.id;
  } catch (err) {
    // 42P01 undefined_table; anything else (the database is down) is the caller's to see.
    if (pgCode(err) === '42P01') return undefined;
    throw err;
  }
}

/** Makes the deployment row if it is missing (the table holds at most one row: its key is always true). */
export async function ensureDeploymentId(db: Db): Promise<void> {
  await db.insert(deployment).values({}).onConflictDoNothing();
}

/**
 * Where the database is, without credentials: the server's host, port and database name, or PGlite's data
 * directory. Undefined for an in-memory PGlite (nothing outside this process can share it).
 */
function locationOf(o: {
  url?: string | undefined;
  dataDir?: string | null | undefined;
}): string | undefined {
  // Not WHATWG's URL parser: a URL naming several hosts (`h1:5432,h2:5432`, for a failover) is not one to it.
  if (o.url) return 'postgres://' + o.url.replace(/^[^:]+:\/\/(?:[^@/]*@)?/, '').replace(/[?#].*$/, '');
  return o.dataDir ? `pglite:${path.resolve(o.dataDir)}` : undefined;
}

/**
 * The Redis namespace of the deployment using this database. When the `deployment` table is missing (a command
 * run without migrating, e.g. `pulso migrate --status`, on a database that has not reached 0023), there is no
 * id to read and none may be written: the namespace is then derived from where the database is, which keeps this
 * process apart from deployments on other databases and together with other unmigrated processes on the same
 * one. It differs from the id-based namespace the database gets once migrated, but no API process serves an
 * unmigrated database (the server migrates before it listens), so there is no cache of its to miss.
 */
export async function deploymentNamespace(
  db: Db,
  where: { url?: string | undefined; dataDir?: string | null | undefined } = {},
): Promise<{ namespace: string; from: 'database' | 'location' }> {
  const id = await readDeploymentId(db);
  if (id) return { namespace: namespaceOf(id), from: 'database' };
  const location = locationOf(where);
  const digest = location
    ? createHash('sha256').update(location).digest('hex')
    : randomBytes(NAMESPACE_LENGTH / 2).toString('hex');
  return { namespace: digest.slice(0, NAMESPACE_LENGTH), from: 'location' };
}
