/**
 * Health data encrypted at rest (platform/crypto/): values written through the real API are sealed in the
 * table, open only for their owner, fail loudly under a wrong key or in another row, survive a key rotation, a
 * backup and restore, and rows from before encryption (plaintext, typed columns) are sealed by the migration
 * path. Each part that runs a whole-database pass (rotation, start-up pass, restore) has a PGlite of its own:
 * the worker's shared database holds other files' rows under other keys.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { checkInsSealed, hrvSealed, workoutsSealed } from '../../src/modules/running/tables.js';
import { createMemoryCache } from '../../src/platform/cache/index.js';
import { createKeyring, DecryptionError, keyId } from '../../src/platform/crypto/keyring.js';
import { ENCRYPTED_TABLES } from '../../src/platform/crypto/columns.js';
import { reencrypt } from '../../src/platform/crypto/rotate.js';
import { backupTo, restoreFrom } from '../../src/platform/db/backup.js';
import { MIGRATIONS_DIR, openDatabase, rowsOf, type Database } from '../../src/platform/db/index.js';
import { sealPlaintext } from '../../src/runtime.js';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import {
  call,
  createTestApp,
  PASSWORD,
  registerUser,
  silentLogger,
  testConfig,
  type TestApp,
  type TestUser,
  uniqueEmail,
} from '../harness.js';

const NOW = Date.UTC(2026, 5, 15, 9);
const clock = () => NOW;
const NOTE = 'Dolor en la rodilla izquierda — knee pain after 12 km';
const CHECK_NOTE = 'Slept badly: insomnio por estrés';
const hex = () => randomBytes(32).toString('hex');
// Migrating a fresh PGlite and hashing passwords take seconds, more on a shared machine.
const SLOW = 180_000;

interface Raw {
  w: { notes: string };
  h: Record<
    'rmssd_ms' | 'resting_hr' | 'sleep_hours' | 'sleep_quality' | 'fatigue' | 'stress' | 'soreness',
    string | null
  >;
  c: Record<'sleep' | 'stress' | 'fatigue' | 'soreness' | 'hooper_index' | 'notes', string | null>;
}

async function raw(d: Database, userId: number): Promise<Raw> {
  const one = async <T>(q: string) => rowsOf<T>(await d.db.execute(sql.raw(q)))[0]!;
  return {
    w: await one(`select notes from workouts where user_id = ${userId}`),
    h: await one(
      `select rmssd_ms, resting_hr, sleep_hours, sleep_quality, fatigue, stress, soreness from hrv_readings where user_id = ${userId}`,
    ),
    c: await one(
      `select sleep, stress, fatigue, soreness, hooper_index, notes from wellness_check_ins where user_id = ${userId}`,
    ),
  };
}

/** A workout with notes, an HRV reading and a check-in with notes, through the API. */
async function writeHealthData(app: FastifyInstance, u: TestUser) {
  const w = await call(app, 'POST', '/api/v1/workouts', {
    token: u.token,
    body: {
      started_at: '2026-06-14T07:00:00Z',
      sport: 'run',
      distance_km: 12,
      duration_s: 3900,
      rpe: 6,
      notes: NOTE,
    },
  });
  expect(w.statusCode).toBe(201);
  const h = await call(app, 'POST', '/api/v1/hrv/readings', {
    token: u.token,
    body: {
      date: '2026-06-15',
      rmssd_ms: 61.7,
      resting_hr: 47,
      sleep_hours: 6.5,
      sleep_quality: 3,
      fatigue: 4,
      stress: 5,
      soreness: 2,
    },
  });
  expect(h.statusCode).toBe(201);
  const c = await call(app, 'POST', '/api/v1/overtraining/check-in', {
    token: u.token,
    body: { date: '2026-06-15', sleep: 5, stress: 6, fatigue: 4, soreness: 3, notes: CHECK_NOTE },
  });
  expect(c.statusCode).toBe(201);
}

/** What the owner reads back through the API. */
async function readHealthData(app: FastifyInstance, u: Pick<TestUser, 'token'>) {
  const w = await call(app, 'GET', '/api/v1/workouts', { token: u.token });
  const h = await call(app, 'GET', '/api/v1/hrv/readings', { token: u.token });
  const s = await call(app, 'GET', '/api/v1/overtraining/status', { token: u.token });
  return { w, h, s };
}

function expectPlain(r: Awaited<ReturnType<typeof readHealthData>>) {
  expect(r.w.statusCode).toBe(200);
  expect(r.w.json<{ notes: string }[]>()[0]!.notes).toBe(NOTE);
  expect(r.h.statusCode).toBe(200);
  expect(r.h.json<object[]>()[0]).toMatchObject({
    rmssd_ms: 61.7,
    resting_hr: 47,
    sleep_hours: 6.5,
    sleep_quality: 3,
    fatigue: 4,
    stress: 5,
    soreness: 2,
  });
  expect(r.s.statusCode).toBe(200);
  expect(r.s.json<{ latest_check_in: object }>().latest_check_in).toMatchObject({
    sleep: 5,
    stress: 6,
    fatigue: 4,
    soreness: 3,
    hooper_index: 18,
    notes: CHECK_NOTE,
  });
}

async function appOn(database: Database, env: Record<string, string>) {
  const config = testConfig(env);
  const app = await buildApp({ config, database, cache: createMemoryCache(), logger: silentLogger, clock });
  await app.ready();
  return app;
}

async function freshDatabase() {
  const d = await openDatabase({ dataDir: null });
  await d.migrate();
  return d;
}

const tmp = mkdtempSync(path.join(tmpdir(), 'pulso-crypt-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('encrypted columns (shared database)', { timeout: SLOW }, () => {
  const KEY = hex();
  let t: TestApp;
  let u: TestUser;
  beforeAll(async () => {
    t = await createTestApp({ env: { DATA_ENCRYPTION_KEY: KEY }, clock });
    u = await registerUser(t.app);
    await writeHealthData(t.app, u);
  }, SLOW);
  afterAll(() => t.close());

  it('stores ciphertext only, which the keyring opens to what was sent', async () => {
    const kr = createKeyring(Buffer.from(KEY, 'hex'));
    const r = await raw(t.database, u.id);
    const all = [r.w.notes, ...Object.values(r.h), ...Object.values(r.c).filter((v) => v != null)];
    expect(all).toHaveLength(1 + 7 + 6);
    for (const v of all) expect(v).toMatch(new RegExp(`^v1:${kr.currentKid}:`));
    const text = JSON.stringify(r);
    for (const plain of [NOTE, 'rodilla', CHECK_NOTE, 'insomnio', '61.7', '6.5'])
      expect(text).not.toContain(plain);

    expect(workoutsSealed.open(kr, { userId: u.id, notes: r.w.notes as never }).notes).toBe(NOTE);
    const h = hrvSealed.open(kr, {
      userId: u.id,
      rmssdMs: r.h.rmssd_ms as never,
      sleepHours: r.h.sleep_hours as never,
    });
    expect(h).toMatchObject({ rmssdMs: 61.7, sleepHours: 6.5 });
    const c = checkInsSealed.open(kr, {
      userId: u.id,
      hooperIndex: r.c.hooper_index as never,
      notes: r.c.notes as never,
    });
    expect(c).toMatchObject({ hooperIndex: 18, notes: CHECK_NOTE });
  });

  it('gives the owner plain values in reads and in the export', async () => {
    expectPlain(await readHealthData(t.app, u));
    const exp = await call(t.app, 'GET', '/api/v1/users/me/export', { token: u.token });
    expect(exp.statusCode).toBe(200);
    const running = exp.json<{
      running: { workouts: { notes: string }[]; hrv_readings: object[]; check_ins: object[] };
    }>().running;
    expect(running.workouts[0]!.notes).toBe(NOTE);
    expect(running.hrv_readings[0]).toMatchObject({ rmssd_ms: 61.7, soreness: 2 });
    expect(running.check_ins[0]).toMatchObject({ hooper_index: 18, notes: CHECK_NOTE });
  });

  it('keeps check-in notes sealed in the cached analysis snapshot', async () => {
    const status = await call(t.app, 'GET', '/api/v1/overtraining/status', { token: u.token });
    expect(status.json<{ latest_check_in: { notes: string } }>().latest_check_in.notes).toBe(CHECK_NOTE);
    const snapshot = await t.cache.get<{ v: { checkIns: { notes: string; hooperIndex: number }[] } }>(
      `running:inputs:${u.id}`,
    );
    // What Redis would hold: the numbers the formulas need, the free text still encrypted.
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain('insomnio');
    expect(snapshot!.v.checkIns[0]!.hooperIndex).toBe(18);
    expect(snapshot!.v.checkIns[0]!.notes).toMatch(/^v1:[0-9a-f]{12}:/);
  });

  it("does not open a value copied into another user's row", async () => {
    const other = await registerUser(t.app);
    await writeHealthData(t.app, other);
    await t.database.db.execute(
      sql`update hrv_readings set rmssd_ms = (select rmssd_ms from hrv_readings where user_id = ${u.id}) where user_id = ${other.id}`,
    );
    const res = await call(t.app, 'GET', '/api/v1/hrv/readings', { token: other.token });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('61.7');
    const [row] = rowsOf<{ v: string }>(
      await t.database.db.execute(sql`select rmssd_ms as v from hrv_readings where user_id = ${other.id}`),
    );
    const kr = createKeyring(Buffer.from(KEY, 'hex'));
    const err = (() => {
      try {
        hrvSealed.open(kr, { userId: other.id, rmssdMs: row!.v as never });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DecryptionError);
    expect((err as DecryptionError).reason).toBe('not_authentic');
    expect((err as Error).message).toBe(
      `cannot decrypt hrv_readings.rmssd_ms:${other.id}: it does not authenticate under key id ${kr.currentKid}: the value was altered or copied from another row`,
    );
  });

  it('names the missing key id instead of returning garbage', async () => {
    // Another process over the same rows, configured with a different key and no previous keys.
    const wrong = await appOn(t.database, { DATA_ENCRYPTION_KEY: hex() });
    try {
      const res = await call(wrong, 'GET', '/api/v1/workouts', { token: u.token });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain('rodilla');
    } finally {
      await wrong.close();
    }
    const [row] = rowsOf<{ v: string }>(
      await t.database.db.execute(sql`select notes as v from workouts where user_id = ${u.id}`),
    );
    const other = createKeyring(randomBytes(32));
    expect(() => workoutsSealed.open(other, { userId: u.id, notes: row!.v as never })).toThrow(
      new RegExp(
        `key id ${keyId(Buffer.from(KEY, 'hex'))}, which is neither DATA_ENCRYPTION_KEY \\(${other.currentKid}\\)`,
      ),
    );
    expect(() => other.open('61.7', 'hrv_readings.rmssd_ms:1')).toThrow(/not in the encrypted format/);
  });

  it('refuses to write plaintext through the column type', async () => {
    await expect(
      t.database.db
        .update((await import('../../src/modules/running/tables.js')).workouts)
        .set({ notes: 'plain' as never }),
    ).rejects.toThrow(/plaintext reached the encrypted column notes/);
  });

  it('registers every encrypted table with its columns, each a text column of a real table', async () => {
    // The running module's, exactly; other modules' (body, …) register themselves the same way when loaded.
    const registered = ENCRYPTED_TABLES.map((x) => [x.table, x.columns.map((c) => c.column)]);
    expect(registered).toEqual(
      expect.arrayContaining([
        ['workouts', ['notes']],
        [
          'hrv_readings',
          ['rmssd_ms', 'resting_hr', 'sleep_hours', 'sleep_quality', 'fatigue', 'stress', 'soreness'],
        ],
        ['wellness_check_ins', ['sleep', 'stress', 'fatigue', 'soreness', 'hooper_index', 'notes']],
      ]),
    );
    expect(new Set(registered.map(([table]) => table)).size).toBe(registered.length);
    // A sealed value is text: a registered column that is missing or of another type fails here, whatever the
    // module, without this test listing the modules.
    const columns = rowsOf<{ t: string; c: string; type: string }>(
      await t.database.db.execute(
        sql`select table_name as t, column_name as c, data_type as type from information_schema.columns
             where table_schema = 'public'`,
      ),
    );
    for (const x of ENCRYPTED_TABLES)
      for (const c of x.columns)
        expect(columns.find((r) => r.t === x.table && r.c === c.column)?.type, `${x.table}.${c.column}`).toBe(
          'text',
        );
  });
});

describe('key rotation', { timeout: SLOW }, () => {
  const OLD = hex();
  const NEW = hex();
  let d: Database;
  const users: TestUser[] = [];
  beforeAll(async () => {
    d = await freshDatabase();
    const app = await appOn(d, { DATA_ENCRYPTION_KEY: OLD });
    for (let i = 0; i < 3; i++) {
      const u = await registerUser(app);
      await writeHealthData(app, u);
      users.push(u);
    }
    await app.close();
  }, SLOW);
  afterAll(() => d.close());

  it('re-encrypts every value with the new key, in resumable batches, and reads stay correct', async () => {
    const kr = createKeyring(Buffer.from(NEW, 'hex'), [Buffer.from(OLD, 'hex')]);
    const oldKid = keyId(Buffer.from(OLD, 'hex'));
    // Stopped after the first batch of the first table: that batch is committed, the rest is not touched.
    const stop = new Error('stopped');
    await expect(
      reencrypt(d.db, kr, {
        mode: 'rotate',
        batch: 2,
        onBatch: () => {
          throw stop;
        },
      }),
    ).rejects.toBe(stop);
    const half = rowsOf<{ n: number }>(
      await d.db.execute(
        sql.raw(`select count(*)::int as n from workouts where notes like 'v1:${kr.currentKid}:%'`),
      ),
    );
    expect(half[0]!.n).toBe(2);

    const reports = await reencrypt(d.db, kr, { mode: 'rotate', batch: 2 });
    // Every registered table is visited; only those this test wrote to had anything to re-seal.
    expect(reports.map((r) => r.table)).toEqual(ENCRYPTED_TABLES.map((x) => x.table));
    expect(reports.filter((r) => r.rows > 0)).toEqual([
      { table: 'workouts', rows: 1, fromPlaintext: 0, fromKeys: { [oldKid]: 1 } },
      { table: 'hrv_readings', rows: 3, fromPlaintext: 0, fromKeys: { [oldKid]: 21 } },
      { table: 'wellness_check_ins', rows: 3, fromPlaintext: 0, fromKeys: { [oldKid]: 18 } },
    ]);
    for (const u of users) {
      const r = await raw(d, u.id);
      for (const v of [r.w.notes, ...Object.values(r.h), ...Object.values(r.c)])
        expect(v).toMatch(new RegExp(`^v1:${kr.currentKid}:`));
    }
    // Idempotent: nothing left to do.
    const again = await reencrypt(d.db, kr, { mode: 'rotate' });
    expect(again).toHaveLength(ENCRYPTED_TABLES.length);
    expect(again.every((r) => r.rows === 0)).toBe(true);

    // The old key can go: the new key alone reads everything.
    const app = await appOn(d, { DATA_ENCRYPTION_KEY: NEW });
    try {
      for (const u of users) expectPlain(await readHealthData(app, u));
    } finally {
      await app.close();
    }
  });

  it('stops at a value whose key is not in the keyring, naming it', async () => {
    const lost = createKeyring(randomBytes(32));
    const err = await reencrypt(d.db, lost, { mode: 'rotate' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecryptionError);
    expect((err as DecryptionError).reason).toBe('unknown_key');
    expect((err as Error).message).toMatch(
      /^cannot decrypt workouts\.notes:\d+: it was encrypted with key id [0-9a-f]{12}/,
    );
  });
});

/** A fresh PGlite with the migrations up to `last` (journal index) applied, as a server of that release left it. */
async function databaseMigratedTo(last: number): Promise<Database> {
  const dir = path.join(tmp, `migrations-${String(last).padStart(4, '0')}`);
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= last);
  writeFileSync(journalFile, JSON.stringify(journal));
  const d = await openDatabase({ dataDir: null });
  await migrate(drizzle(d.pglite!), { migrationsFolder: dir });
  return d;
}

/** An account written in SQL, as an older server wrote it (today's app expects tables of later migrations). */
async function olderAccount(
  d: Database,
  label: string,
  name: string,
): Promise<{ id: number; email: string }> {
  const email = uniqueEmail(label);
  const [user] = rowsOf<{ id: number }>(
    await d.db.execute(sql`
      insert into users (email, name, password_hash)
      values (${email}, ${name}, ${await hashPassword(PASSWORD)}) returning id`),
  );
  return { id: user!.id, email };
}

describe('rows from before encryption', { timeout: SLOW }, () => {
  it(
    'are sealed by the start-up pass after migration 0004 and read back unchanged',
    { timeout: SLOW },
    async () => {
      // The migrations up to 0003 (typed columns), some rows, then the rest of the migrations and the pass.
      const d = await databaseMigratedTo(3);
      try {
        const KEY = hex();
        const u = { ...(await olderAccount(d, 'pre-encryption', 'Before Encryption')), token: '' };
        const email = u.email;
        await d.db.execute(sql`
        insert into workouts (user_id, started_at, sport, duration_s, rpe, notes, load)
        values (${u.id}, '2026-06-14T07:00:00Z', 'run', 3900, 6, ${NOTE}, 390)`);
        await d.db.execute(sql`
        insert into hrv_readings (user_id, date, rmssd_ms, resting_hr, sleep_hours, sleep_quality, fatigue, stress, soreness)
        values (${u.id}, '2026-06-15', 61.7, 47, 6.5, 3, 4, 5, 2)`);
        await d.db.execute(sql`
        insert into wellness_check_ins (user_id, date, sleep, stress, fatigue, soreness, hooper_index, notes)
        values (${u.id}, '2026-06-15', 5, 6, 4, 3, 18, ${CHECK_NOTE})`);

        await d.migrate();
        const config = testConfig({ DATA_ENCRYPTION_KEY: KEY });
        await sealPlaintext(d, config, silentLogger);
        const r = await raw(d, u.id);
        const kid = keyId(Buffer.from(KEY, 'hex'));
        for (const v of [r.w.notes, ...Object.values(r.h), ...Object.values(r.c)])
          expect(v).toMatch(new RegExp(`^v1:${kid}:`));
        // A second start finds nothing to do.
        const again = await reencrypt(d.db, createKeyring(Buffer.from(KEY, 'hex')), { mode: 'plaintext' });
        // (every registered sealed table visited, none with a row left to seal)
        expect(again.length).toBeGreaterThanOrEqual(5);
        expect(again.filter((x) => x.rows !== 0)).toEqual([]);

        const app = await appOn(d, { DATA_ENCRYPTION_KEY: KEY });
        try {
          const login = await call(app, 'POST', '/api/v1/auth/login', {
            body: { email, password: PASSWORD },
          });
          expect(login.statusCode).toBe(200);
          u.token = login.json<{ access_token: string }>().access_token;
          expectPlain(await readHealthData(app, u));
        } finally {
          await app.close();
        }
      } finally {
        await d.close();
      }
    },
  );
});

describe('notifications from before migration 0025', { timeout: SLOW }, () => {
  it('are sealed by the start-up pass and read back as they were', { timeout: SLOW }, async () => {
    const d = await databaseMigratedTo(24);
    try {
      const KEY = hex();
      const { id: userId, email } = await olderAccount(d, 'pre-sealed-notice', 'Physio Before');
      const data = { type: 'pain_rising', name: 'Paciente Antiguo', patient_id: 7 };
      await d.db.execute(sql`
        insert into notifications (user_id, kind, title, body, data)
        values (${userId}, 'rehab_alert', 'Rehabilitation alert', 'Pain is rising for Paciente Antiguo',
                ${JSON.stringify(data)}::jsonb)`);

      await d.migrate();
      await sealPlaintext(d, testConfig({ DATA_ENCRYPTION_KEY: KEY }), silentLogger);
      const [row] = rowsOf<Record<string, string>>(
        await d.db.execute(sql`select title, body, data from notifications where user_id = ${userId}`),
      );
      const kid = keyId(Buffer.from(KEY, 'hex'));
      for (const v of Object.values(row!)) expect(v).toMatch(new RegExp(`^v1:${kid}:`));

      const app = await appOn(d, { DATA_ENCRYPTION_KEY: KEY });
      try {
        const login = await call(app, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
        expect(login.statusCode).toBe(200);
        const res = await call(app, 'GET', '/api/v1/users/me/notifications', {
          token: login.json<{ access_token: string }>().access_token,
        });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toEqual([expect.objectContaining({ kind: 'rehab_alert', data })]);
      } finally {
        await app.close();
      }
    } finally {
      await d.close();
    }
  });
});

describe('backup and restore', { timeout: SLOW }, () => {
  it('keep the ciphertext; the same keyring reads the restored rows', { timeout: SLOW }, async () => {
    const KEY = hex();
    const source = await freshDatabase();
    const target = await freshDatabase();
    try {
      const app = await appOn(source, { DATA_ENCRYPTION_KEY: KEY });
      const u = await registerUser(app);
      await writeHealthData(app, u);
      await app.close();
      const file = path.join(tmp, 'backup.ndjson.gz');
      await backupTo(source.db, source.driver, file);
      const text = gunzipSync(readFileSync(file)).toString('utf8');
      expect(text).toContain(`"hrv_readings"`);
      for (const plain of [NOTE, 'rodilla', CHECK_NOTE, '61.7']) expect(text).not.toContain(plain);
      expect(text).toMatch(new RegExp(`"rmssd_ms":"v1:${keyId(Buffer.from(KEY, 'hex'))}:`));

      await restoreFrom(target.db, file);
      const restored = await appOn(target, { DATA_ENCRYPTION_KEY: KEY });
      try {
        const login = await call(restored, 'POST', '/api/v1/auth/login', {
          body: { email: u.email, password: u.password },
        });
        expect(login.statusCode).toBe(200);
        expectPlain(
          await readHealthData(restored, {
            ...u,
            token: login.json<{ access_token: string }>().access_token,
          }),
        );
      } finally {
        await restored.close();
      }
    } finally {
      await source.close();
      await target.close();
    }
  });
});
