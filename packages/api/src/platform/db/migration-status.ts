import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { MIGRATIONS_DIR, rowsOf, type Db } from './index.js';

export interface MigrationState {
  tag: string;
  applied: boolean;
}

/**
 * Which of this release's migrations the database has, without applying any (`pulso migrate --status`). Drizzle's
 * migrator records each applied migration with its journal timestamp (`created_at`) and applies those newer than
 * the last recorded one, so a migration counts as applied when its timestamp is at or before that one.
 */
export async function migrationStatus(db: Db): Promise<MigrationState[]> {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  const exists = rowsOf<{ t: string | null }>(
    await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`),
  );
  let last = -Infinity;
  if (exists[0]?.t) {
    const r = rowsOf<{ last: string | null }>(
      await db.execute(sql`select max(created_at)::text as last from drizzle.__drizzle_migrations`),
    );
    if (r[0]?.last != null) last = Number(r[0].last);
  }
  return journal.entries.map((e) => ({ tag: e.tag, applied: e.when <= last }));
}
