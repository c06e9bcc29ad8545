import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, rowsOf } from '../../src/platform/db/index.js';
import { driverUrl } from '../../src/platform/db/session-attrs.js';
import { TEST_DATABASE_URL } from '../harness.js';

describe('the URL given to postgres.js', () => {
  it('asks read-write as primary, so a hot standby is refused during a failover', () => {
    expect(driverUrl('postgres://u@pg1:5432,pg2:5432/pulso?target_session_attrs=read-write')).toBe(
      'postgres://u@pg1:5432,pg2:5432/pulso?target_session_attrs=primary',
    );
    expect(driverUrl('postgres://u@h/db?sslmode=require&target_session_attrs=read-write&x=1')).toBe(
      'postgres://u@h/db?sslmode=require&target_session_attrs=primary&x=1',
    );
  });

  it('leaves every other value, other parameters and a URL without it alone', () => {
    for (const url of [
      'postgres://u@h/db',
      'postgres://u@h/db?target_session_attrs=primary',
      'postgres://u@h/db?target_session_attrs=prefer-standby',
      'postgres://u@h/db?target_session_attrs=read-writeish',
      'postgres://u@h/db?application_name=read-write',
      'postgres://u:target_session_attrs=read-write@h/db',
    ])
      expect(driverUrl(url)).toBe(url);
  });
});

// PGlite has no URL: this is the driver's side only.
describe.skipIf(!TEST_DATABASE_URL)('a read-write URL on PostgreSQL', () => {
  it('connects to the primary and writes', async () => {
    const base = TEST_DATABASE_URL!;
    const url = base + (base.includes('?') ? '&' : '?') + 'target_session_attrs=read-write';
    const d = await openDatabase({ url, poolMax: 1 });
    try {
      const rows = rowsOf<{ ro: string; standby: boolean }>(
        await d.db.execute(
          sql`select current_setting('transaction_read_only') as ro, pg_is_in_recovery() as standby`,
        ),
      );
      expect(rows).toEqual([{ ro: 'off', standby: false }]);
      await d.db.execute(sql`create temporary table session_attrs_probe (x int)`);
      await d.db.execute(sql`insert into session_attrs_probe values (1)`);
    } finally {
      await d.close();
    }
  });
});
