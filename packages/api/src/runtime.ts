import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createKeyring } from './platform/crypto/keyring.js';
import { reencrypt } from './platform/crypto/rotate.js';
import { createMemoryCache, createRedisCache, type Cache } from './platform/cache/index.js';
import { openDatabase, type Database } from './platform/db/index.js';
import { deploymentNamespace, ensureDeploymentId } from './platform/deployment.js';
// Every module's tables: importing them registers their encrypted columns, which `reencrypt` walks.
import './modules/index.js';

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Opens the configured database (migrated) and cache: what `main` and the command line both need. */
export async function openRuntime(config: Readonly<Config>, logger: Logger, migrate = true) {
  const database: Database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.databasePoolMax,
    preparedStatements: config.databasePreparedStatements,
    statementTimeoutMs: config.databaseTimeouts.statementMs,
    idleInTransactionTimeoutMs: config.databaseTimeouts.idleInTransactionMs,
  });
  if (migrate) {
    await database.migrate();
    await sealPlaintext(database, config, logger);
    // Migration 0023 made the row; should it have been deleted by hand since, the database gets a new identity
    // (a new, empty namespace) rather than none.
    await ensureDeploymentId(database.db);
  }
  const redis = Boolean(config.redisSentinels || config.redisUrl);
  // Read only with Redis: the in-memory cache is this process's own and needs no namespace.
  const ns = redis
    ? await deploymentNamespace(database.db, { url: config.databaseUrl, dataDir: config.dataDir })
    : undefined;
  // Info, not a warning: only a command run without migrating gets here (`migrate --status`), and it uses no cache.
  if (ns?.from === 'location')
    logger.info(
      { namespace: ns.namespace },
      'the database has no deployment id (not migrated); cache namespace derived from its location',
    );
  const cache: Cache = ns
    ? createRedisCache({ url: config.redisUrl, sentinel: config.redisSentinels }, logger, ns.namespace)
    : createMemoryCache();
  return {
    database,
    cache,
    /** The deployment's Redis namespace (undefined with the in-memory cache). */
    namespace: ns?.namespace,
    async close() {
      await cache.close();
      await database.close();
    },
  };
}

/**
 * Encrypts the values of encrypted columns still in plaintext: rows written before their column was encrypted
 * (migration 0004 turned the HRV and check-in columns into text as they stood). Runs where the migrations run,
 * before anything is served; once every row is sealed it is one filtered scan per encrypted table.
 */
export async function sealPlaintext(database: Database, config: Readonly<Config>, logger: Logger) {
  const kr = createKeyring(config.encryptionKey, config.previousEncryptionKeys);
  const reports = await reencrypt(database.db, kr, { mode: 'plaintext' });
  for (const r of reports)
    if (r.rows)
      logger.warn({ table: r.table, rows: r.rows, values: r.fromPlaintext }, 'encrypted plaintext rows');
}
