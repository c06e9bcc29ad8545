import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createKeyring } from './platform/crypto/keyring.js';
import { reencrypt } from './platform/crypto/rotate.js';
import { createMemoryCache, createRedisCache, type Cache } from './platform/cache/index.js';
import { openDatabase, type Database } from './platform/db/index.js';
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
  }
  const cache: Cache =
    config.redisSentinels || config.redisUrl
      ? createRedisCache({ url: config.redisUrl, sentinel: config.redisSentinels }, logger)
      : createMemoryCache();
  return {
    database,
    cache,
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
