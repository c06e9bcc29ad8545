import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createMemoryCache, createRedisCache, type Cache } from './platform/cache/index.js';
import { openDatabase, type Database } from './platform/db/index.js';

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Opens the configured database (migrated) and cache: what `main` and the command line both need. */
export async function openRuntime(config: Readonly<Config>, logger: Logger, migrate = true) {
  const database: Database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.databasePoolMax,
    statementTimeoutMs: config.databaseTimeouts.statementMs,
    idleInTransactionTimeoutMs: config.databaseTimeouts.idleInTransactionMs,
  });
  if (migrate) await database.migrate();
  const cache: Cache = config.redisUrl ? createRedisCache(config.redisUrl, logger) : createMemoryCache();
  return {
    database,
    cache,
    async close() {
      await cache.close();
      await database.close();
    },
  };
}
