/**
 * The restore drill of docs/operations.md, encrypted: data made through the real HTTP API is backed up with a key
 * (and with a passphrase), the database is wiped (schema dropped, migrated anew), the backup restored, and every
 * table compared row for row with what was there. On PGlite, and with TEST_DATABASE_URL on a PostgreSQL database
 * made for this file. Then the command line: `pulso backup` with retention and the last-success record that
 * /metrics exports, and `pulso migrate --status`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createMemoryCache } from '../../src/platform/cache/index.js';
import { backupsToPrune, backupTo, RestoreError, restoreFrom } from '../../src/platform/db/backup.js';
import { openDatabase, rowsOf, type Database } from '../../src/platform/db/index.js';
import {
  call,
  gymWithRoles,
  outbox,
  silentLogger,
  TEST_DATABASE_URL,
  testClock,
  testConfig,
} from '../harness.js';
import { runPulso } from './run-cli.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'pulso-drill-test-'));
const KEY = randomBytes(32);
const PASSPHRASE = 'correct horse battery staple, twice';

type Dump = Record<string, string[]>;

/** Every public table as sorted row_to_json text (timestamps in UTC). */
async function dump(d: Database): Promise<Dump> {
  return d.db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone to 'UTC'`);
    const tables = rowsOf<{ name: string }>(
      await tx.execute(sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`),
    ).map((r) => r.name);
    const out: Dump = {};
    for (const t of tables) {
      const rows = rowsOf<{ j: string }>(
        await tx.execute(sql.raw(`select row_to_json(x)::text as j from "${t}" x`)),
      );
      out[t] = rows.map((r) => r.j).sort();
    }
    return out;
  });
}

/** The wipe of the drill: nothing of the schema or its data is left, then the migrations make it anew. */
async function wipe(d: Database) {
  await d.db.execute(sql.raw('drop schema public cascade'));
  await d.db.execute(sql.raw('drop schema if exists drizzle cascade'));
  await d.db.execute(sql.raw('create schema public'));
  await d.migrate();
}

async function appOn(database: Database): Promise<FastifyInstance> {
  const app = await buildApp({
    config: testConfig(),
    database,
    cache: createMemoryCache(),
    logger: silentLogger,
    mailer: outbox,
    clock: testClock,
  });
  await app.ready();
  return app;
}

/** Members with every role, a class with a booking, and a body measurement (an encrypted column). */
async function fill(app: FastifyInstance) {
  const { gymId, users } = await gymWithRoles(app);
  const cls = await call(app, 'POST', '/api/v1/schedule/classes', {
    token: users.owner.token,
    gym: gymId,
    body: {
      name: 'Drill HIIT',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      start_time: '07:30',
      duration_min: 45,
      capacity: 5,
      start_date: new Date(testClock() + 86_400_000).toISOString().slice(0, 10),
    },
  });
  expect(cls.statusCode).toBe(201);
  return { gymId, users };
}

function drill(name: string, open: () => Promise<{ database: Database; close(): Promise<void> }>) {
  describe(name, () => {
    let database: Database;
    let close: () => Promise<void>;
    let before: Dump;
    beforeAll(async () => {
      const opened = await open();
      database = opened.database;
      close = () => opened.close();
      const app = await appOn(database);
      await fill(app);
      await app.close();
      before = await dump(database);
    }, 180_000);
    afterAll(async () => close?.());

    for (const [kind, secret] of [
      ['a key', { key: KEY }],
      ['a passphrase', { passphrase: PASSPHRASE }],
    ] as const) {
      it(`backs up encrypted with ${kind}, wipes, restores: every table as it was`, async () => {
        const file = path.join(tmp, `${name}-${kind.replace(' ', '-')}.enc`);
        await backupTo(database.db, database.driver, file, { secret });
        const bytes = readFileSync(file);
        expect(bytes.subarray(0, 8).toString()).toBe('PULSOENC');
        // Nothing of the content shows: neither gzip's magic nor a table name.
        expect(bytes.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))).toBe(false);
        expect(bytes.includes(Buffer.from('gym_members'))).toBe(false);
        await wipe(database);
        expect((await dump(database)).users).toEqual([]);
        await restoreFrom(database.db, file, { secret });
        const after = await dump(database);
        expect(Object.keys(after)).toEqual(Object.keys(before));
        for (const t of Object.keys(before)) expect(after[t], `table ${t}`).toEqual(before[t]);
        expect(before.users!.length).toBeGreaterThan(3);
        expect(before.gym_members!.length).toBeGreaterThan(3);
      });
    }

    it('refuses a wrong key, a tampered byte, a cut file and a missing secret, changing nothing', async () => {
      const file = path.join(tmp, `${name}-refusals.enc`);
      await backupTo(database.db, database.driver, file, { secret: { key: KEY } });
      const good = readFileSync(file);
      const variant = (label: string, content: Buffer) => {
        const f = path.join(tmp, `${name}-${label}.enc`);
        writeFileSync(f, content);
        return f;
      };
      const flipped = Buffer.from(good);
      flipped[good.length >> 1]! ^= 0x01;
      const cases: [string, string, object | undefined, RegExp][] = [
        ['wrong key', file, { key: randomBytes(32) }, /wrong key or passphrase/],
        ['passphrase for a key file', file, { passphrase: PASSPHRASE }, /encrypted with a key/],
        ['tampered', variant('tampered', flipped), { key: KEY }, /wrong key or passphrase|damaged/],
        ['cut', variant('cut', good.subarray(0, good.length - 40)), { key: KEY }, /cut short|damaged/],
        ['no secret', file, undefined, /BACKUP_ENCRYPTION_KEY or BACKUP_PASSPHRASE/],
      ];
      const was = await dump(database);
      for (const [label, f, secret, message] of cases) {
        const err = await restoreFrom(database.db, f, {
          force: true,
          secret: secret as { key: Buffer } | undefined,
        }).catch((e: unknown) => e);
        expect(err, label).toBeInstanceOf(RestoreError);
        expect((err as Error).message, label).toMatch(message);
      }
      expect(await dump(database)).toEqual(was);
    });
  });
}

drill('PGlite', async () => {
  const database = await openDatabase({ dataDir: null });
  await database.migrate();
  return { database, close: () => database.close() };
});

// The PostgreSQL half runs where TEST_DATABASE_URL names a server (CI's PostgreSQL step).
if (TEST_DATABASE_URL)
  drill('PostgreSQL', async () => {
    const name = `pulso_drill_${randomBytes(6).toString('hex')}`;
    const server = TEST_DATABASE_URL!;
    const admin = postgres(server, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const u = new URL(server);
    u.pathname = `/${name}`;
    const database = await openDatabase({ url: u.toString(), poolMax: 4 });
    await database.migrate();
    return {
      database,
      async close() {
        await database.close();
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  });

describe('retention (backupsToPrune)', () => {
  const at = (iso: string, enc = false) =>
    `pulso-backup-${iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.ndjson.gz${enc ? '.enc' : ''}`;
  const now = Date.UTC(2026, 11, 5, 3, 0, 0);
  const names = [
    at('2026-12-05T02:00:00.000Z', true),
    at('2026-12-04T02:00:00.000Z'),
    at('2026-12-03T02:00:00.000Z', true),
    at('2026-11-20T02:00:00.000Z'),
    at('2026-10-01T02:00:00.000Z', true),
    'notes.txt',
    'pulso-backup-latest.ndjson.gz',
  ];
  it('keeps the newest N', () => {
    expect(backupsToPrune(names, { keep: 2, now }).sort()).toEqual([names[2], names[3], names[4]].sort());
  });
  it('removes those older than the age limit, by the time in their name', () => {
    expect(backupsToPrune(names, { maxAgeDays: 7, now }).sort()).toEqual([names[3], names[4]].sort());
  });
  it('applies both limits together and never removes the newest one, however old', () => {
    expect(backupsToPrune(names, { keep: 3, maxAgeDays: 30, now }).sort()).toEqual(
      [names[3], names[4]].sort(),
    );
    expect(backupsToPrune(names, { maxAgeDays: 1, now: now + 365 * 86_400_000 })).not.toContain(names[0]);
  });
});

describe('the command line', () => {
  const dataDir = path.join(tmp, 'cli-data');
  const fresh = path.join(tmp, 'cli-fresh');
  const out = path.join(tmp, 'cli-backups');
  const env = { DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'), BACKUP_PASSPHRASE: PASSPHRASE };
  const pulso = (args: string[], dir = dataDir) =>
    // A migration, a backup and a key derivation in a new process: more than the default minute on a busy machine.
    runPulso(args, { dataDir: dir, home: process.env.HOME ?? tmp, env, timeoutMs: 280_000 });
  const journal = JSON.parse(
    readFileSync(new URL('../../migrations/meta/_journal.json', import.meta.url), 'utf8'),
  ) as { entries: { tag: string }[] };
  const n = journal.entries.length;

  it('migrate --status on a new database: every migration pending, none applied by looking', async () => {
    const r = await pulso(['migrate', '--status'], fresh);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain(`pending  ${journal.entries[0]!.tag}`);
    expect(r.stdout).toContain(`0 applied, ${n} pending.`);
    const database = await openDatabase({ dataDir: fresh });
    try {
      const t = rowsOf<{ t: string | null }>(
        await database.db.execute(sql`select to_regclass('public.users')::text as t`),
      );
      expect(t[0]!.t).toBeNull();
    } finally {
      await database.close();
    }
  }, 300_000);

  it('backs up encrypted into a directory, prunes by count and age, and records the last success', async () => {
    mkdirSync(out, { recursive: true });
    // Old backups of an earlier year: beyond the age limit.
    writeFileSync(path.join(out, 'pulso-backup-20200101T020000Z.ndjson.gz.enc'), 'old');
    writeFileSync(path.join(out, 'pulso-backup-20200102T020000Z.ndjson.gz'), 'old');
    writeFileSync(path.join(out, 'keep-me.txt'), 'not a backup');
    const r = await pulso(['backup', '--out', out, '--keep', '3', '--max-age-days', '14']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/encrypted/);
    expect(r.stdout).toContain('Removed 2 older backup(s).');
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toBe('keep-me.txt');
    expect(files[1]).toMatch(/^pulso-backup-\d{8}T\d{6}Z\.ndjson\.gz\.enc$/);
    const file = path.join(out, files[1]!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).subarray(0, 8).toString()).toBe('PULSOENC');

    const database = await openDatabase({ dataDir });
    try {
      const runs = rowsOf<{ file: string; encrypted: boolean; bytes: string }>(
        await database.db.execute(sql`select file, encrypted, bytes::text from backup_runs`),
      );
      expect(runs).toEqual([{ file: files[1], encrypted: true, bytes: String(statSync(file).size) }]);
      // Every API replica exports the last success from the database.
      const app = await appOn(database);
      const metrics = await app.inject({ method: 'GET', url: '/metrics' });
      await app.close();
      const m = /^pulso_backup_last_success_timestamp_seconds (\S+)$/m.exec(metrics.body);
      expect(m).not.toBeNull();
      // Written by the CLI on this machine's clock a moment ago: compared with the file's own mtime.
      expect(Math.abs(Number(m![1]) - statSync(file).mtimeMs / 1000)).toBeLessThan(60);
      // The encrypted file restores with the same passphrase, in process, into this database.
      await restoreFrom(database.db, file, { force: true, secret: { passphrase: PASSPHRASE } });
    } finally {
      await database.close();
    }
  }, 300_000);

  it('migrate --status on a migrated database: nothing pending, exit 0', async () => {
    const r = await pulso(['migrate', '--status']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`applied  ${journal.entries.at(-1)!.tag}`);
    expect(r.stdout).toContain(`${n} applied, 0 pending.`);
  }, 300_000);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));
