/**
 * Deployments sharing one Redis database (staging and production, two clinics' installations) keep apart:
 * every key and channel is under the namespace of the deployment id kept in each one's database
 * (platform/deployment.ts, runtime.ts). Two apps over two databases on the same Redis database neither read
 * each other's entries (the same user id is two different people) nor drop each other's copies; two over the
 * same database are one deployment and share them.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Principal } from '../../src/platform/auth/principal.js';
import { openDatabase, rowsOf } from '../../src/platform/db/index.js';
import { deploymentNamespace, namespaceOf, readDeploymentId } from '../../src/platform/deployment.js';
import { openRuntime } from '../../src/runtime.js';
import {
  call,
  createGym,
  createTestApp,
  outbox,
  registerUser,
  sharedDatabase,
  silentLogger,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  testClock,
  testConfig,
  testNamespace,
  waitFor,
  type TestApp,
} from '../harness.js';

describe('deployment id', () => {
  it('the migrated database has one, and the namespace is its first 12 hex digits', async () => {
    const { db } = await sharedDatabase();
    const id = await readDeploymentId(db);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await deploymentNamespace(db)).toEqual({
      namespace: id!.replaceAll('-', '').slice(0, 12),
      from: 'database',
    });
    expect(await testNamespace()).toBe(namespaceOf(id!));
    // One row only: the key is a constant.
    await expect(db.execute(sql`insert into deployment default values`)).rejects.toThrow();
  });

  it('without the table (not migrated) the namespace comes from where the database is', async () => {
    const bare = await openDatabase({ dataDir: null });
    try {
      expect(await readDeploymentId(bare.db)).toBeUndefined();
      const where = { url: 'postgres://u:secret@db.example:5432/pulso' };
      const one = await deploymentNamespace(bare.db, where);
      expect(one.from).toBe('location');
      expect(one.namespace).toMatch(/^[0-9a-f]{12}$/);
      // The same place gives the same namespace whatever the credentials; another database another one.
      expect(
        (await deploymentNamespace(bare.db, { url: 'postgres://v:other@db.example:5432/pulso' })).namespace,
      ).toBe(one.namespace);
      expect(
        (await deploymentNamespace(bare.db, { url: 'postgres://u:secret@db.example:5432/staging' }))
          .namespace,
      ).not.toBe(one.namespace);
      // A failover URL names several hosts; its parameters are not part of where the database is.
      const failover = 'postgres://u:p@pg1:5432,pg2:5432/pulso';
      expect((await deploymentNamespace(bare.db, { url: failover })).namespace).toBe(
        (await deploymentNamespace(bare.db, { url: `${failover}?target_session_attrs=primary` })).namespace,
      );
    } finally {
      await bare.close();
    }
  });
});

// Two databases on the PostgreSQL server and the suite's Redis database.
describe.skipIf(!TEST_DATABASE_URL || !TEST_REDIS_URL)(
  'two deployments on one Redis database',
  { timeout: 120_000 },
  () => {
    const name = `pulso_ns_${randomBytes(6).toString('hex')}`;
    const urlFor = (db: string) => {
      const u = new URL(TEST_DATABASE_URL!);
      u.pathname = `/${db}`;
      return u.toString();
    };
    let admin: postgres.Sql;
    // A: the suite's database, through the harness (its cache is the one createTestApp gives every test app).
    let a: TestApp;
    // B and B2: another database, opened as `main` opens one (openRuntime: migrate, then read the id).
    let configB: ReturnType<typeof testConfig>;
    let b: Awaited<ReturnType<typeof openRuntime>>;
    let b2: Awaited<ReturnType<typeof openRuntime>>;
    let appB: FastifyInstance;

    beforeAll(async () => {
      admin = postgres(urlFor('postgres'), { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      a = await createTestApp();
      configB = testConfig({ DATABASE_URL: urlFor(name) });
      b = await openRuntime(configB, silentLogger);
      b2 = await openRuntime(configB, silentLogger, false);
      appB = await buildApp({
        config: configB,
        database: b.database,
        cache: b.cache,
        logger: silentLogger,
        clock: testClock,
        mailer: outbox,
      });
      await appB.ready();
      await waitFor(() => b.cache.status() === 'up' && b2.cache.status() === 'up', 5000, 'redis');
    }, 180_000);

    afterAll(async () => {
      await appB?.close();
      await b2?.close();
      await b?.close();
      await a?.close();
      await admin?.unsafe(`drop database if exists ${name} with (force)`);
      await admin?.end();
    });

    const raw = (prefix: string | undefined, key: string) => `${prefix!}c:${key}`;

    it('each database has its own id, so each app its own namespace; the same database the same one', () => {
      expect(a.cache.prefix).toMatch(/^pulso:[0-9a-f]{12}:$/);
      expect(b.cache.prefix).toMatch(/^pulso:[0-9a-f]{12}:$/);
      expect(b.cache.prefix).not.toBe(a.cache.prefix);
      expect(b2.cache.prefix).toBe(b.cache.prefix);
    });

    it('the same user id in both is two people: neither reads the other cached principal', async () => {
      const alice = await registerUser(a.app, { name: 'Alice' });
      const gym = await createGym(a.app, alice);
      // The next user of B gets Alice's id.
      await b.database.db.execute(
        sql`select setval(pg_get_serial_sequence('users', 'id'), ${alice.id}, false)`,
      );
      const bob = await registerUser(appB, { name: 'Bob' });
      expect(bob.id).toBe(alice.id);
      const key = `principal:${alice.id}`;

      // Alice's principal (owner of her gym) goes into Redis under A's namespace.
      expect((await call(a.app, 'GET', '/api/v1/users/me', { token: alice.token })).statusCode).toBe(200);
      const redis = b.cache.redis!;
      expect(await redis.exists(raw(a.cache.prefix, key))).toBe(1);
      // B does not see it: without the namespace this was Alice's principal, her gym and role, for Bob.
      expect(await b.cache.get(key)).toBeUndefined();
      const me = await call(appB, 'GET', '/api/v1/users/me', { token: bob.token });
      expect(me.statusCode).toBe(200);
      expect(me.json<{ email: string }>().email).toBe(bob.email);
      const inA = JSON.parse((await redis.get(raw(a.cache.prefix, key)))!) as Principal;
      const inB = JSON.parse((await redis.get(raw(b.cache.prefix, key)))!) as Principal;
      expect([inA.email, inA.gyms]).toEqual([
        alice.email,
        [expect.objectContaining({ id: gym, role: 'owner' })],
      ]);
      expect([inB.email, inB.gyms]).toEqual([bob.email, []]);

      // An invalidation in A (Alice's roles changed) leaves B's entry, in Redis and in B's process.
      await a.cache.del(key);
      expect(await redis.exists(raw(a.cache.prefix, key))).toBe(0);
      expect(await redis.exists(raw(b.cache.prefix, key))).toBe(1);
      expect((await b.cache.get<Principal>(key))?.email).toBe(bob.email);

      // Nor does B's `clear` (what `pulso restore` runs) touch A's keys.
      expect((await call(a.app, 'GET', '/api/v1/users/me', { token: alice.token })).statusCode).toBe(200);
      await b.cache.clear();
      expect(await redis.exists(raw(b.cache.prefix, key))).toBe(0);
      expect(await redis.exists(raw(a.cache.prefix, key))).toBe(1);
      expect((await a.cache.get<Principal>(key))?.email).toBe(alice.email);
    });

    it('two processes on the same database share the cache: a del in one is seen by the other', async () => {
      const key = `ns-test:${randomBytes(4).toString('hex')}`;
      await b.cache.set(key, { v: 1 }, 60);
      // B2 reads it from Redis, then holds it in its in-process layer.
      expect(await b2.cache.get(key)).toEqual({ v: 1 });
      expect(await b2.cache.get(key)).toEqual({ v: 1 });
      // A, on another database, has no such entry.
      expect(await a.cache.get(key)).toBeUndefined();
      await b.cache.del(key);
      expect(await b2.cache.get(key)).toBeUndefined();
      // Counters (login failures, rate limits) are shared the same way, and kept apart from A's.
      const counter = `ns-count:${randomBytes(4).toString('hex')}`;
      await b.cache.incr(counter, 60);
      await b2.cache.incr(counter, 60);
      expect((await b.cache.count(counter)).count).toBe(2);
      expect((await a.cache.count(counter)).count).toBe(0);
      const ids = rowsOf<{ id: string }>(
        await b.database.db.execute(sql`select id::text as id from deployment`),
      );
      expect(b.cache.prefix).toBe(`pulso:${namespaceOf(ids[0]!.id)}:`);
    });
  },
);
