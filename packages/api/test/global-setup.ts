/**
 * Once per vitest run, before any test file: a PGlite database with every migration applied, dumped to a file
 * that each test file's database starts from (test/harness.ts). Starting PGlite empty runs initdb and then the
 * migrations, in every file; from the dump it does neither. Not used with TEST_DATABASE_URL (PostgreSQL is
 * migrated once per run by the harness's first file anyway). `PULSO_TEST_PGLITE_DUMP` names a file to keep the
 * dump in across runs (`.ci/run` runs the suites at several instants against one dump): made when missing,
 * used when present, never removed here.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/db/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the migrated PGlite dump, or '' when the tests run on PostgreSQL. */
    pgliteSnapshot: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgliteSnapshot', '');
    return;
  }
  const kept = process.env.PULSO_TEST_PGLITE_DUMP;
  if (kept && existsSync(kept)) {
    project.provide('pgliteSnapshot', kept);
    return;
  }
  const db = await openDatabase({ dataDir: null });
  await db.migrate();
  const dump = await db.pglite!.dumpDataDir('none');
  await db.close();
  const dir = kept ? undefined : mkdtempSync(path.join(tmpdir(), 'pulso-test-snapshot-'));
  const file = kept ?? path.join(dir!, 'migrated.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
  return dir ? () => rmSync(dir, { recursive: true, force: true }) : undefined;
}
