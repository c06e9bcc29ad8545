import { sql } from 'drizzle-orm';
import { bigint, boolean, check, pgTable, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/*
 * Finished `pulso backup` runs. The backup job runs apart from the API (a compose service, a Kubernetes
 * CronJob), so the database is the one place every API replica can read its last success from and export it as
 * pulso_backup_last_success_timestamp_seconds, which the "backup older than 26 h" alert watches.
 */
export const backupRuns = pgTable('backup_runs', {
  id: serial('id').primaryKey(),
  finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
  // The file's name only (not its directory): which file to restore for this run.
  file: text('file').notNull(),
  bytes: bigint('bytes', { mode: 'number' }).notNull(),
  encrypted: boolean('encrypted').notNull(),
});

/*
 * This installation's identity: one row, a random id made when migration 0023 ran. The Redis cache puts every
 * key and channel under a namespace taken from it (runtime.ts), so deployments sharing one Redis database never
 * read each other's entries. It lives in the database rather than in the configuration because what makes two
 * processes one deployment is sharing the data: every replica reads the same id, a restored backup brings its id
 * back (the same deployment), and a new database makes a new one.
 */
export const deployment = pgTable(
  'deployment',
  {
    // Always true, and the key: a second row cannot be inserted.
    one: boolean('one').primaryKey().default(true),
    id: uuid('id').notNull().defaultRandom(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('deployment_one_row', sql`${t.one}`)],
);
