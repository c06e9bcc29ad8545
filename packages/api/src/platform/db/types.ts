import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';

/**
 * No relational schema is registered with Drizzle: repos query the tables they import, so the platform needs
 * no list of every module's tables (drizzle-kit finds them by the `tables.ts` glob of drizzle.config.ts).
 */
export type Schema = Record<string, never>;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** What a repo method runs on: the database, or the transaction its service opened. */
export type Executor = Db | Tx;
export type Driver = 'pglite' | 'postgres';
