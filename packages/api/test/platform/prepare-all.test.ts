import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf, type Database } from '../../src/platform/db/index.js';
import { users } from '../../src/platform/kernel/tables.js';
import { TEST_DATABASE_URL } from '../harness.js';

// PGlite is skipped: it has no wire protocol between us and the database, so there is nothing to prepare; the
// option only changes how postgres.js talks to a PostgreSQL server.
describe.skipIf(!TEST_DATABASE_URL)('queries prepared on their connection (PostgreSQL)', () => {
  const dbs: Database[] = [];
  beforeAll(async () => {
    dbs.push(await openDatabase({ url: TEST_DATABASE_URL, poolMax: 1 }));
    await dbs[0]!.migrate();
    dbs.push(await openDatabase({ url: TEST_DATABASE_URL, poolMax: 1, preparedStatements: false }));
  });
  afterAll(() => Promise.all(dbs.map((d) => d.close())));

  // The statements this session prepared through the protocol (not PREPARE in SQL), as the server lists them.
  const prepared = (d: Database) =>
    d.db.transaction(async (tx) => {
      await tx.select({ id: users.id }).from(users).where(eq(users.email, 'nobody@example.test'));
      await tx.select({ id: users.id }).from(users).where(eq(users.email, 'nobody@example.test'));
      const rows = rowsOf<{ statement: string }>(
        await tx.execute(sql`select statement from pg_prepared_statements where not from_sql`),
      );
      return rows.map((r) => r.statement);
    });

  it('a Drizzle query inside a transaction is a named statement, kept once for its text', async () => {
    const statements = await prepared(dbs[0]!);
    const mine = statements.filter((s) => s.includes('from "users"') && s.includes('"email" = $1'));
    expect(mine).toHaveLength(1);
  });

  it('DATABASE_PREPARED_STATEMENTS=false leaves every query unnamed (for transaction-mode poolers)', async () => {
    const statements = await prepared(dbs[1]!);
    expect(statements.filter((s) => s.includes('from "users"'))).toEqual([]);
  });

  it('outside a transaction too, and the answers are the same', async () => {
    const [on, off] = dbs as [Database, Database];
    const q = (d: Database) =>
      d.db
        .select({ n: sql<number>`count(*)::int` })
        .from(users)
        .where(eq(users.email, 'x@example.test'));
    expect(await q(on)).toEqual(await q(off));
    const listed = rowsOf<{ statement: string }>(
      await on.db.execute(sql`select statement from pg_prepared_statements where not from_sql`),
    ).map((r) => r.statement);
    expect(listed.some((s) => s.includes('count(*)::int') && s.includes('from "users"'))).toBe(true);
  });
});
