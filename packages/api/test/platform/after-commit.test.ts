/** `afterCommit`: work that must see the committed rows runs after the outermost commit, never on a rollback. */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { afterCommit } from '../../src/platform/db/index.js';
import { sharedDatabase } from '../harness.js';

describe('afterCommit', () => {
  it('runs after the commit, in order, including what a savepoint registered', async () => {
    const { db } = await sharedDatabase();
    const log: string[] = [];
    const result = await db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      afterCommit(tx, () => log.push('first'));
      await tx.transaction(async (sp) => {
        afterCommit(sp, () => log.push('savepoint'));
      });
      afterCommit(tx, () => log.push('last'));
      log.push('body done');
      return 42;
    });
    expect(result).toBe(42);
    expect(log).toEqual(['body done', 'first', 'savepoint', 'last']);
  });

  it('drops the callbacks of a transaction that rolls back', async () => {
    const { db } = await sharedDatabase();
    const log: string[] = [];
    await expect(
      db.transaction(async (tx) => {
        afterCommit(tx, () => log.push('never'));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(log).toEqual([]);
  });

  it('runs at once outside a transaction (the statement before it has committed)', async () => {
    const { db } = await sharedDatabase();
    const log: string[] = [];
    afterCommit(db, () => log.push('now'));
    expect(log).toEqual(['now']);
  });
});
