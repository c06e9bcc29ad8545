import { closeSync, createReadStream, createWriteStream, openSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { pipeline as pipelineCb, Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db, type Executor } from './index.js';
import {
  BackupDecryptError,
  decryptStream,
  ENCRYPTED_MAGIC,
  encryptStream,
  type BackupSecret,
} from './backup-crypto.js';

/*
 * One portable backup format for both databases: gzip'd NDJSON. Line 1 is a header; each further line is one
 * row, `{"t": table, "r": row_to_json(row)}`. Rows go back in with json_populate_recordset, which PGlite and
 * PostgreSQL both have, so an embedded install moves to a PostgreSQL server with `backup` then `restore`.
 */

export const BACKUP_FORMAT = 'pulso-backup';
const BATCH = 2000;

interface Header {
  format: typeof BACKUP_FORMAT;
  version: 1;
  created_at: string;
  driver: string;
  migrations: number;
  tables: string[];
  rows: Record<string, number>;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The one-row table of the database's deployment id (platform/deployment.ts). */
const DEPLOYMENT = 'deployment';

/** Public tables, parents before children (foreign keys). */
async function tablesInOrder(tx: Executor): Promise<string[]> {
  const tables = rowsOf<{ name: string }>(
    await tx.execute(
      sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
    ),
  ).map((r) => r.name);
  const deps = rowsOf<{ child: string; parent: string }>(
    await tx.execute(sql`
      select c.relname as child, p.relname as parent
        from pg_constraint k
        join pg_class c on c.oid = k.conrelid
        join pg_class p on p.oid = k.confrelid
        join pg_namespace n on n.oid = c.relnamespace
       where k.contype = 'f' and n.nspname = 'public' and c.relname <> p.relname`),
  );
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, path: Set<string>) => {
    if (seen.has(t)) return;
    if (path.has(t)) throw new Error(`foreign keys form a cycle through ${t}`);
    path.add(t);
    for (const d of deps) if (d.child === t) visit(d.parent, path);
    path.delete(t);
    seen.add(t);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

async function migrationCount(tx: Executor): Promise<number> {
  const r = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
  );
  return r[0]?.n ?? 0;
}

/** With `secret`, the gzip'd stream is encrypted (backup-crypto.ts); restore recognises such a file by itself. */
export async function backupTo(
  db: Db,
  driver: string,
  file: string,
  opts: { secret?: BackupSecret | undefined } = {},
): Promise<Header> {
  return db.transaction(
    async (tx) => {
      const tables = await tablesInOrder(tx);
      // The header is the file's first line, so the row counts restore checks (to tell a complete file from
      // a short one) must be known before any row is read: count them in this same snapshot.
      const rows: Record<string, number> = {};
      for (const t of tables) {
        const r = rowsOf<{ n: unknown }>(await tx.execute(sql.raw(`select count(*) as n from ${ident(t)}`)));
        rows[t] = Number(r[0]!.n);
      }
      const header: Header = {
        format: BACKUP_FORMAT,
        version: 1,
        created_at: new Date().toISOString(),
        driver,
        migrations: await migrationCount(tx),
        tables,
        rows,
      };
      const lines = async function* () {
        yield JSON.stringify(header) + '\n';
        for (const t of tables) {
          // A cursor reads each table once, in this snapshot, BATCH rows at a time. (LIMIT/OFFSET paging
          // rescanned and re-sorted the whole table for every batch: quadratic in the table's size.)
          await tx.execute(
            sql.raw(
              `declare pulso_backup no scroll cursor for select row_to_json(x)::text as j from ${ident(t)} x`,
            ),
          );
          let n = 0;
          for (;;) {
            const batch = rowsOf<{ j: string }>(
              await tx.execute(sql.raw(`fetch forward ${BATCH} from pulso_backup`)),
            );
            if (batch.length) yield batch.map((r) => `{"t":${JSON.stringify(t)},"r":${r.j}}\n`).join('');
            n += batch.length;
            if (batch.length < BATCH) break;
          }
          await tx.execute(sql.raw('close pulso_backup'));
          if (n !== rows[t]) throw new Error(`backup of ${t}: counted ${rows[t]} rows but read ${n}`);
        }
      };
      const out = createWriteStream(file, { mode: 0o600 });
      if (opts.secret) await pipeline(Readable.from(lines()), createGzip(), encryptStream(opts.secret), out);
      else await pipeline(Readable.from(lines()), createGzip(), out);
      return header;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** Notes a finished backup (the backup job calls it once the file is in place). */
export async function recordBackup(
  db: Db,
  run: { finishedAt: Date; file: string; bytes: number; encrypted: boolean },
) {
  await db.execute(
    sql`insert into backup_runs (finished_at, file, bytes, encrypted) values (${run.finishedAt.toISOString()}, ${run.file}, ${run.bytes}, ${run.encrypted})`,
  );
}

const BACKUP_NAME = /^pulso-backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.ndjson\.gz(\.enc)?$/;

/**
 * The backups of a directory that retention removes: beyond the newest `keep`, and those older than
 * `maxAgeDays` (by the time in their name, which a copy or restore of the directory does not change, unlike the
 * files' mtime). The newest backup always stays, whatever its age: a job that failed for a week must not leave
 * the directory empty. Other files are never touched.
 */
export function backupsToPrune(
  names: string[],
  opts: { keep?: number | undefined; maxAgeDays?: number | undefined; now: number },
): string[] {
  const backups = names
    .map((name) => ({ name, m: BACKUP_NAME.exec(name) }))
    .filter((b): b is { name: string; m: RegExpExecArray } => b.m !== null)
    .map(({ name, m }) => ({ name, at: Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) }))
    .sort((a, b) => b.at - a.at || (a.name < b.name ? 1 : -1));
  const cutoff = opts.maxAgeDays === undefined ? -Infinity : opts.now - opts.maxAgeDays * 86_400_000;
  return backups
    .filter((b, i) => i > 0 && ((opts.keep !== undefined && i >= opts.keep) || b.at < cutoff))
    .map((b) => b.name);
}

/** When the last backup finished (ms since the epoch), or null before the first. */
export async function lastBackupSuccess(db: Db): Promise<number | null> {
  const r = rowsOf<{ at: string | null }>(
    await db.execute(sql`select (extract(epoch from max(finished_at)) * 1000)::text as at from backup_runs`),
  );
  return r[0]?.at == null ? null : Number(r[0].at);
}

export class RestoreError extends Error {}

/** `rows` are row_to_json texts, passed through untouched (see ROW_LINE). */
async function insertBatch(tx: Executor, table: string, columns: string[], rows: string[]) {
  const cols = columns.map(ident).join(', ');
  await tx.execute(
    sql`${sql.raw(`insert into ${ident(table)} (${cols}) overriding system value select ${cols} from json_populate_recordset(null::${ident(table)}, `)}${`[${rows.join(',')}]`}::json)`,
  );
}

/*
 * A row line exactly as backupTo writes it. The row's JSON text goes back to the database as it is: a
 * JSON.parse/JSON.stringify round trip through JS numbers would change bigints beyond 2^53 and numerics
 * beyond a double's precision (ids of bigserial columns, amounts, numbers inside jsonb).
 */
const ROW_LINE = /^\{"t":("(?:[^"\\]|\\.)*"),"r":(\{.*\})\}$/s;

/** A stream or gzip error while reading, as a RestoreError that says what is wrong with the file. */
function readError(err: unknown, line: number): RestoreError {
  if (err instanceof BackupDecryptError) return new RestoreError(err.message);
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'Z_BUF_ERROR')
    return new RestoreError(`the backup file is truncated after line ${line} (${e.message})`);
  if (e.code?.startsWith('Z_'))
    return new RestoreError(
      line === 0
        ? `not a Pulso backup: not gzip data (${e.message})`
        : `the backup file is damaged after line ${line} (${e.message})`,
    );
  return new RestoreError(`cannot read the backup file: ${e.message}`);
}

/**
 * Restores a backup into a migrated database in one transaction: all of it or nothing. The target must hold
 * no data unless `force`, which empties it first. Every problem with the file is a RestoreError.
 */
export async function restoreFrom(
  db: Db,
  file: string,
  opts: { force?: boolean; secret?: BackupSecret | undefined } = {},
) {
  const encrypted = isEncryptedBackup(file);
  if (encrypted && !opts.secret)
    throw new RestoreError(
      'the backup is encrypted: set BACKUP_ENCRYPTION_KEY or BACKUP_PASSPHRASE to the one it was made with',
    );
  // stream.pipeline hands a read error (missing file, EIO) on to the gunzip stream and so to the line
  // reader; with .pipe() it was an unhandled 'error' event that crashed the process.
  const stream = encrypted
    ? pipelineCb(createReadStream(file), decryptStream(opts.secret!), createGunzip(), () => {})
    : pipelineCb(createReadStream(file), createGunzip(), () => {});
  const input = createInterface({ input: stream, crlfDelay: Infinity });
  const it = input[Symbol.asyncIterator]();
  let lineNo = 0;
  const next = async () => {
    try {
      const r = await it.next();
      if (!r.done) lineNo++;
      return r;
    } catch (err) {
      throw readError(err, lineNo);
    }
  };
  try {
    return await restoreLines(db, next, () => lineNo, opts);
  } finally {
    input.close();
    stream.destroy();
  }
}

/** Whether the file starts like an encrypted backup (an unreadable file is left for the restore to report). */
export function isEncryptedBackup(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(ENCRYPTED_MAGIC.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(ENCRYPTED_MAGIC);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

async function restoreLines(
  db: Db,
  next: () => Promise<IteratorResult<string>>,
  lineNo: () => number,
  opts: { force?: boolean },
) {
  const first = await next();
  if (first.done) throw new RestoreError('the backup file is empty');
  let raw: Partial<Record<keyof Header, unknown>> | null;
  try {
    raw = JSON.parse(first.value) as typeof raw;
  } catch {
    throw new RestoreError('not a Pulso backup: the file does not start with a backup header');
  }
  if (raw?.format !== BACKUP_FORMAT) throw new RestoreError('not a Pulso backup: unknown header');
  if (raw.version !== 1)
    throw new RestoreError(`the backup is in a newer format (version ${String(raw.version)}); upgrade Pulso`);
  if (!Array.isArray(raw.tables) || typeof raw.rows !== 'object' || raw.rows === null)
    throw new RestoreError('not a Pulso backup: malformed header');
  const header = raw as Header;

  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    const have = await migrationCount(tx);
    if (have < header.migrations)
      throw new RestoreError(
        `the backup comes from a newer schema (${header.migrations} migrations, this one ${have})`,
      );
    const tables = await tablesInOrder(tx);
    const unknown = header.tables.filter((t) => !tables.includes(t));
    if (unknown.length)
      throw new RestoreError(`the backup has tables this schema lacks: ${unknown.join(', ')}`);
    const nonEmpty = [];
    // The deployment row is the database's identity, not data: every migrated database has one.
    const dataTables = tables.filter((x) => x !== DEPLOYMENT);
    for (const t of dataTables) {
      const r = rowsOf<{ any: boolean }>(
        await tx.execute(sql.raw(`select exists(select 1 from ${ident(t)}) as any`)),
      );
      if (r[0]?.any) nonEmpty.push(t);
    }
    if (nonEmpty.length && !opts.force)
      throw new RestoreError(
        `the target database already has data (${nonEmpty.join(', ')}); use --force to replace it`,
      );
    if (nonEmpty.length)
      await tx.execute(sql.raw(`truncate ${dataTables.map(ident).join(', ')} restart identity cascade`));
    // A backup's own deployment row replaces the target's: the restored database is the deployment that was
    // backed up, and its processes share that deployment's Redis namespace. A backup made before the table
    // existed has none, and the target keeps the id its migration made.
    if (header.tables.includes(DEPLOYMENT)) await tx.execute(sql`delete from deployment`);

    const columns = new Map<string, string[]>();
    for (const t of tables) {
      const cols = rowsOf<{ c: string }>(
        await tx.execute(sql`
          select column_name as c from information_schema.columns
           where table_schema = 'public' and table_name = ${t} and is_generated = 'NEVER'
           order by ordinal_position`),
      );
      columns.set(
        t,
        cols.map((x) => x.c),
      );
    }
    // The columns to insert per table: those of this schema that the backup has. A column a later migration
    // added is left out, so it gets its default rather than the NULL json_populate_recordset would give it.
    const present = new Map<string, string[]>();
    // Rows arrive grouped by table in dependency order; flush a batch when the table changes or it fills.
    let current = '';
    let batch: string[] = [];
    const flush = async () => {
      if (!batch.length) return;
      await insertBatch(tx, current, present.get(current)!, batch);
      counts[current] = (counts[current] ?? 0) + batch.length;
      batch = [];
    };
    for (let line = await next(); !line.done; line = await next()) {
      if (!line.value) continue;
      const m = ROW_LINE.exec(line.value);
      if (!m) throw new RestoreError(`line ${lineNo()}: not a backup row; the file is damaged`);
      let t: string;
      let row: unknown;
      try {
        t = JSON.parse(m[1]!) as string;
        row = JSON.parse(m[2]!);
      } catch {
        throw new RestoreError(`line ${lineNo()}: damaged row`);
      }
      if (!columns.has(t)) throw new RestoreError(`line ${lineNo()}: row for unknown table ${t}`);
      if (!present.has(t)) {
        const keys = new Set(Object.keys(row as object));
        present.set(
          t,
          columns.get(t)!.filter((c) => keys.has(c)),
        );
      }
      if (t !== current) {
        await flush();
        current = t;
      }
      batch.push(m[2]!);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    // Backups written before the header carried its counts have `rows: {}`; only those skip this check.
    if (Object.keys(header.rows).length || !header.tables.length)
      for (const t of new Set([...header.tables, ...Object.keys(counts)]))
        if ((counts[t] ?? 0) !== (header.rows[t] ?? 0))
          throw new RestoreError(
            `table ${t}: expected ${header.rows[t] ?? 0} rows, read ${counts[t] ?? 0}; the file is incomplete`,
          );

    // Serial/identity sequences continue after the restored ids.
    const seqs = rowsOf<{ t: string; c: string }>(
      await tx.execute(sql`
        select table_name as t, column_name as c from information_schema.columns
         where table_schema = 'public' and (column_default like 'nextval(%' or is_identity = 'YES')`),
    );
    for (const { t, c } of seqs) {
      await tx.execute(
        sql.raw(
          `select setval(pg_get_serial_sequence('${ident(t)}', '${c}'), coalesce(max(${ident(c)}), 1), max(${ident(c)}) is not null) from ${ident(t)}`,
        ),
      );
    }
  });
  return { header, counts };
}
