/**
 * The database's connections cut while every pooled connection is busy (a primary stopped under load, as in a
 * failover), then reachable again. postgres.js 3.4.9 mishandled this (patches/postgres+3.4.9.patch):
 * - a write still buffered when its socket closed left a stale flush timer, so the connection's later startup
 *   messages were never sent: it timed out every `connect_timeout` for good, failing one request in every few;
 * - a transaction's ROLLBACK on its dead connection was written to no socket: an uncaught TypeError (the process
 *   would crash) and a transaction that never settled (the request would hang).
 * Here, through a TCP proxy on loopback: nothing thrown outside a query, every query and transaction settles,
 * and afterwards every connection of the pool works.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/platform/db/index.js';
import { freePort, TcpProxy, TEST_DATABASE_URL } from './support.js';

const POOL = 8;
const WORKERS = 24;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p.then(() => 'settled' as const), sleep(ms).then(() => 'hung' as const)]);

// Only a PostgreSQL server has connections to cut; the embedded PGlite lives inside the process.
describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL connections cut under load, then back', () => {
  let proxy: TcpProxy;
  let database: Database;
  const table = `pool_cut_probe_${process.pid}`;
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);

  beforeAll(async () => {
    const target = new URL(TEST_DATABASE_URL!);
    proxy = new TcpProxy(await freePort(), { host: target.hostname, port: Number(target.port || 5432) });
    await proxy.open();
    const proxied = new URL(TEST_DATABASE_URL!);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    database = await openDatabase({ url: proxied.toString(), dataDir: null, poolMax: POOL });
    await database.db.execute(sql.raw(`create table if not exists ${table} (id serial primary key, v text)`));
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await proxy?.open().catch(() => {});
    await database?.db.execute(sql.raw(`drop table if exists ${table}`)).catch(() => {});
    await database?.close();
    await proxy?.close();
  });

  const insert = () => database.db.execute(sql.raw(`insert into ${table} (v) values ('x')`));
  const transaction = () =>
    database.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`insert into ${table} (v) values ('t')`));
      await tx.execute(sql.raw(`select count(*) from ${table} where id = 1`));
    });

  it('settles every query, throws nothing outside one, and every connection works afterwards', async () => {
    let stop = false;
    let ok = 0;
    const pending: Promise<unknown>[] = [];
    const worker = async (i: number) => {
      while (!stop) {
        const p = i % 2 ? transaction() : insert();
        pending.push(p);
        try {
          await p;
          ok++;
        } catch {
          await sleep(20); // refused while the proxy is closed
        }
      }
    };
    const workers = Array.from({ length: WORKERS }, (_, i) => worker(i));
    for (let cut = 0; cut < 3; cut++) {
      await sleep(400);
      await proxy.close(); // every connection cut mid-query, new ones refused
      await sleep(300);
      await proxy.open();
    }
    await sleep(1000);
    stop = true;
    expect(await within(Promise.allSettled(workers), 15_000)).toBe('settled');
    expect(await within(Promise.allSettled(pending), 1_000)).toBe('settled');
    expect(ok).toBeGreaterThan(0);

    // Each burst needs every pooled connection at once; a connection that cannot start again fails it.
    for (let burst = 0; burst < 10; burst++) {
      const answers = await Promise.allSettled(Array.from({ length: POOL * 2 }, transaction));
      const failed = answers.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
      expect(
        failed.map((f) => (f.reason as { cause?: { code?: string } }).cause?.code ?? String(f.reason)),
      ).toEqual([]);
      await sleep(250);
    }
    expect(uncaught.map(String)).toEqual([]);
  }, 90_000);
});
