import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db, type Executor } from './index.js';

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

export async function backupTo(db: Db, driver: string, file: string): Promise<Header> {
  return db.transaction(
    async (tx) => {
      const tables = await tablesInOrder(tx);
      const header: Header = {
        format: BACKUP_FORMAT,
        version: 1,
        created_at: new Date().toISOString(),
        driver,
        migrations: await migrationCount(tx),
        tables,
        rows: {},
      };
      const lines = async function* () {
        yield JSON.stringify(header) + '\n';
        for (const t of tables) {
          let n = 0;
          for (let offset = 0; ; offset += BATCH) {
            // ctid order is stable inside this snapshot; it pages a table that may have no primary key.
            const rows = rowsOf<{ j: string }>(
              await tx.execute(
                sql.raw(
                  `select row_to_json(x)::text as j from ${ident(t)} x order by ctid limit ${BATCH} offset ${offset}`,
                ),
              ),
            );
            for (const r of rows) yield `{"t":${JSON.stringify(t)},"r":${r.j}}\n`;
            n += rows.length;
            if (rows.length < BATCH) break;
          }
          header.rows[t] = n;
        }
      };
      await pipeline(Readable.from(lines()), createGzip(), createWriteStream(file, { mode: 0o600 }));
      return header;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

export class RestoreError extends Error {}

async function insertBatch(tx: Executor, table: string, columns: string[], rows: unknown[]) {
  const cols = columns.map(ident).join(', ');
  await tx.execute(
    sql`${sql.raw(`insert into ${ident(table)} (${cols}) overriding system value select ${cols} from json_populate_recordset(null::${ident(table)}, `)}${JSON.stringify(rows)}::json)`,
  );
}

/**
 * Restores a backup into a migrated database in one transaction: all of it or nothing. The target must hold
 * no data unless `force`, which empties it first.
 */
export async function restoreFrom(db: Db, file: string, opts: { force?: boolean } = {}) {
  const input = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const it = input[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) throw new RestoreError('the backup file is empty');
  let header: Header;
  try {
    header = JSON.parse(first.value) as Header;
  } catch {
    throw new RestoreError('the backup file does not start with a Pulso backup header');
  }
  if (header.format !== BACKUP_FORMAT || header.version !== 1)
    throw new RestoreError('not a Pulso backup (or a newer format version)');

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
    for (const t of tables) {
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
      await tx.execute(sql.raw(`truncate ${tables.map(ident).join(', ')} restart identity cascade`));

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
    // Rows arrive grouped by table in dependency order; flush a batch when the table changes or it fills.
    let current = '';
    let batch: unknown[] = [];
    const flush = async () => {
      if (!batch.length) return;
      await insertBatch(tx, current, columns.get(current)!, batch);
      counts[current] = (counts[current] ?? 0) + batch.length;
      batch = [];
    };
    for (let line = await it.next(); !line.done; line = await it.next()) {
      if (!line.value) continue;
      const { t, r } = JSON.parse(line.value) as { t: string; r: unknown };
      if (!columns.has(t)) throw new RestoreError(`row for unknown table ${t}`);
      if (t !== current) {
        await flush();
        current = t;
      }
      batch.push(r);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    for (const [t, n] of Object.entries(header.rows))
      if ((counts[t] ?? 0) !== n)
        throw new RestoreError(`table ${t}: expected ${n} rows, read ${counts[t] ?? 0}`);

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
  input.close();
  return { header, counts };
}
