import { bigint, boolean, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

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
