import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/index.js';
import { ENCRYPTED_TABLES, contextOf, type EncryptedTableInfo } from './columns.js';
import { SEALED_PATTERN, type Keyring } from './keyring.js';

export interface TableReport {
  table: string;
  /** Rows rewritten, and the values in them by origin: plaintext, or the key id they were sealed with. */
  rows: number;
  fromPlaintext: number;
  fromKeys: Record<string, number>;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Re-seals every encrypted value that is not under the keyring's current key (`mode: 'rotate'`), or only the
 * values still in plaintext (`mode: 'plaintext'`, run at start-up after the migrations). Batches of `batch`
 * rows, each in its own transaction with the rows locked, so a run can be stopped at any point and started
 * again: rows already done no longer match and are not read twice. A value that cannot be opened (its key id
 * is not in the keyring, or it does not authenticate) stops the run with that value's table, column and owner.
 */
export async function reencrypt(
  db: Db,
  kr: Keyring,
  opts: { mode: 'rotate' | 'plaintext'; batch?: number; onBatch?: (r: TableReport) => void },
): Promise<TableReport[]> {
  const batch = opts.batch ?? 500;
  const target =
    opts.mode === 'rotate' ? SEALED_PATTERN.replace('[0-9a-f]{12}', kr.currentKid) : SEALED_PATTERN;
  const reports: TableReport[] = [];
  for (const t of ENCRYPTED_TABLES) {
    const report: TableReport = { table: t.table, rows: 0, fromPlaintext: 0, fromKeys: {} };
    for (;;) {
      const n = await db.transaction(async (tx) => {
        const rows = rowsOf<Record<string, string | null> & { ctid: string }>(
          await tx.execute(selectBatch(t, target, batch)),
        );
        for (const row of rows) {
          const owner = row[t.owner];
          const set = t.columns.map((c) => {
            const v = row[c.column] ?? null;
            if (v == null) return sql`${sql.raw(ident(c.column))} = null`;
            const context = contextOf(t.table, c.column, owner);
            const kid = kr.kidOf(v);
            if (kid === kr.currentKid) return sql`${sql.raw(ident(c.column))} = ${v}`;
            if (kid) report.fromKeys[kid] = (report.fromKeys[kid] ?? 0) + 1;
            else report.fromPlaintext++;
            const plain = kid ? kr.open(v, context) : v;
            return sql`${sql.raw(ident(c.column))} = ${kr.seal(plain, context)}`;
          });
          // The row is locked by the select (FOR UPDATE) in this transaction, so its ctid stays put until here.
          await tx.execute(
            sql`update ${sql.raw(ident(t.table))} set ${sql.join(set, sql`, `)} where ctid = ${row.ctid}::tid`,
          );
        }
        return rows.length;
      });
      report.rows += n;
      if (n) opts.onBatch?.(report);
      if (n < batch) break;
    }
    reports.push(report);
  }
  return reports;
}

function selectBatch(t: EncryptedTableInfo, target: string, batch: number) {
  const cols = t.columns.map((c) => ident(c.column));
  const stale = cols.map((c) => `${c} !~ '${target}'`).join(' or ');
  return sql.raw(
    `select ctid::text as ctid, ${ident(t.owner)}::text as ${ident(t.owner)}, ${cols.join(', ')}
       from ${ident(t.table)} where ${stale} limit ${batch} for update`,
  );
}
