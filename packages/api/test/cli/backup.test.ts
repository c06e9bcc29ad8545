/**
 * Backup and restore in process (backupTo / restoreFrom): a file-backed PGlite filled through the real HTTP
 * API is backed up, then restored into a fresh PGlite and, with TEST_DATABASE_URL, into a fresh PostgreSQL
 * database made for this file. Every table must come back row for row, sequences must continue, passwords
 * and refresh tokens must still work, and a bad file must leave the target exactly as it was.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { createMemoryCache } from '../../src/platform/cache/index.js';
import { backupTo, RestoreError, restoreFrom } from '../../src/platform/db/backup.js';
import { openDatabase, rowsOf, type Database } from '../../src/platform/db/index.js';
import {
  addMember,
  call,
  createGym,
  gymWithRoles,
  outbox,
  PASSWORD,
  registerUser,
  silentLogger,
  TEST_DATABASE_URL,
  testClock,
  testConfig,
  type TestUser,
} from '../harness.js';

const TABLES = [
  'account_tokens',
  'audit_logs',
  'gym_invitations',
  'gym_members',
  'gyms',
  'refresh_tokens',
  'users',
];
// Beyond 2^53 and beyond a double's precision: a restore that goes through JS numbers would change them.
const BIG_AUDIT_ID = '9007199254740993';
const BIG_JSON = '{"n": 123456789012345678901234567890.123456789, "list": [1, "x", null], "s": "ü \\"q\\""}';

const tmp = mkdtempSync(path.join(tmpdir(), 'pulso-backup-test-'));
let config: Readonly<Config>;
let source: Database;
let target: Database;
let backupFile: string;
let sourceDump: Dump;
let owner: TestUser;
let member: TestUser;

type Dump = Record<string, string[]>;

/** Every public table as sorted row_to_json text, timestamps rendered in UTC whatever the server's zone. */
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
      // Sorted in JS: PGlite and PostgreSQL may collate text differently.
      out[t] = rows.map((r) => r.j).sort();
    }
    return out;
  });
}

async function maxId(d: Database, table: string): Promise<bigint> {
  const r = rowsOf<{ m: string }>(await d.db.execute(sql.raw(`select max(id)::text as m from "${table}"`)));
  return BigInt(r[0]!.m);
}

async function appOn(database: Database): Promise<FastifyInstance> {
  // A cache per app: two apps over two databases must not share cached principals.
  const app = await buildApp({
    config,
    database,
    cache: createMemoryCache(),
    logger: silentLogger,
    mailer: outbox,
    clock: testClock,
  });
  await app.ready();
  return app;
}

/** Users, gyms, invitations, memberships, mailed and refresh tokens and audit rows, made the way the product makes them. */
async function fill(app: FastifyInstance) {
  const { gymId, users } = await gymWithRoles(app);
  owner = users.owner;
  member = users.member;
  const patch = await call(app, 'PATCH', '/api/v1/gyms/current', {
    token: owner.token,
    gym: gymId,
    body: {
      description: 'Línea 1\nline "2" \\ tab\t emoji 🏋️',
      address: "Calle O'Donnell 1",
      phone: '+34 600 000 000',
      email: 'Front.Desk@Example.com',
      timezone: 'Europe/Madrid',
    },
  });
  expect(patch.statusCode).toBe(200);
  const role = await call(app, 'PATCH', `/api/v1/members/${users.trainer.id}`, {
    token: owner.token,
    gym: gymId,
    body: { role: 'admin' },
  });
  expect(role.statusCode).toBe(200);
  const removed = await call(app, 'DELETE', `/api/v1/members/${users.physio.id}`, {
    token: owner.token,
    gym: gymId,
  });
  expect(removed.statusCode).toBe(204);
  // A second gym, a user in two gyms, a used and a revoked refresh token.
  const other = await registerUser(app, { name: 'Zoë "Q" O\'Brien' });
  const otherGym = await createGym(app, other, 'Otro Gimnasio');
  await addMember(app, other, otherGym, member, 'member');
  const refreshed = await call(app, 'POST', '/api/v1/auth/refresh', {
    body: { refresh_token: users.admin.refresh },
  });
  expect(refreshed.statusCode).toBe(200);
  const logout = await call(app, 'POST', '/api/v1/auth/logout', {
    token: users.trainer.token,
    body: { refresh_token: users.trainer.refresh },
  });
  expect(logout.statusCode).toBeLessThan(300);
  // Values a JSON round trip through JS numbers would damage, and inet forms.
  await source.db.execute(
    sql.raw(`insert into audit_logs (id, gym_id, user_id, action, target_type, target_id, ip, metadata)
             values (${BIG_AUDIT_ID}, ${gymId}, ${owner.id}, 'test.precision', 'gym', '${gymId}', '2001:db8::1/64',
                     '${BIG_JSON}'::jsonb),
                    (default, null, null, 'test.nulls', null, null, '10.0.0.0/8', '{}')`),
  );
}

async function expectRestoreFails(file: string, db: Database, message: RegExp, force = true) {
  const before = await dump(db);
  const err = await restoreFrom(db.db, file, { force }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RestoreError);
  expect((err as Error).message).toMatch(message);
  expect(await dump(db)).toEqual(before);
}

/** The backup's lines, and a writer for variations of it. */
const lines = () => gunzipSync(readFileSync(backupFile)).toString('utf8').split('\n');
function variant(name: string, content: string | Buffer, gzip = true): string {
  const file = path.join(tmp, name);
  writeFileSync(file, gzip ? gzipSync(content) : content);
  return file;
}

beforeAll(async () => {
  config = testConfig();
  source = await openDatabase({ dataDir: path.join(tmp, 'source') });
  await source.migrate();
  const app = await appOn(source);
  await fill(app);
  await app.close();
  sourceDump = await dump(source);
  backupFile = path.join(tmp, 'source.ndjson.gz');
  target = await openDatabase({ dataDir: null });
  await target.migrate();
  // Two PGlite instances and a dozen argon2 hashes: slow on a busy two-core machine.
}, 180_000);

afterAll(async () => {
  await source?.close();
  await target?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('backupTo', () => {
  it('writes a gzip NDJSON file, mode 0600, with a header that counts every table', async () => {
    const header = await backupTo(source.db, source.driver, backupFile);
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    for (const t of TABLES) expect(sourceDump[t]!.length, `source table ${t}`).toBeGreaterThan(0);
    expect([...header.tables].sort()).toEqual(Object.keys(sourceDump));
    // Parents before children, so foreign keys hold while rows go in.
    expect(header.tables.indexOf('users')).toBeLessThan(header.tables.indexOf('gym_members'));
    expect(header.tables.indexOf('gyms')).toBeLessThan(header.tables.indexOf('audit_logs'));
    const written = lines();
    const fileHeader = JSON.parse(written[0]!) as typeof header;
    expect(fileHeader).toMatchObject({ format: 'pulso-backup', version: 1, driver: 'pglite' });
    for (const t of TABLES) {
      expect(header.rows[t]).toBe(sourceDump[t]!.length);
      // The header inside the file carries the counts too: restore checks them to detect a short file.
      expect(fileHeader.rows[t]).toBe(sourceDump[t]!.length);
    }
    const rowLines = written.filter((l) => l.startsWith('{"t":'));
    expect(rowLines).toHaveLength(Object.values(sourceDump).flat().length);
  });
});

describe('restore into a fresh PGlite', () => {
  it('brings back every row of every table exactly', async () => {
    const { counts } = await restoreFrom(target.db, backupFile);
    for (const t of TABLES) expect(counts[t]).toBe(sourceDump[t]!.length);
    expect(await dump(target)).toEqual(sourceDump);
  });

  it('continues sequences, and restored passwords and refresh tokens work', async () => {
    const restoredUsers = await maxId(target, 'users');
    const restoredGyms = await maxId(target, 'gyms');
    const restoredAudit = await maxId(target, 'audit_logs');
    expect(restoredAudit).toBe(BigInt(BIG_AUDIT_ID));
    const app = await appOn(target);
    try {
      const login = await call(app, 'POST', '/api/v1/auth/login', {
        body: { email: owner.email, password: PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      expect(login.json<{ user: { id: number } }>().user.id).toBe(owner.id);
      const refresh = await call(app, 'POST', '/api/v1/auth/refresh', {
        body: { refresh_token: member.refresh },
      });
      expect(refresh.statusCode).toBe(200);
      const fresh = await registerUser(app);
      expect(BigInt(fresh.id)).toBeGreaterThan(restoredUsers);
      const gymId = await createGym(app, fresh, 'After restore');
      expect(BigInt(gymId)).toBeGreaterThan(restoredGyms);
      expect(await maxId(target, 'audit_logs')).toBeGreaterThan(restoredAudit);
    } finally {
      await app.close();
    }
  });

  it('refuses a database that already has data unless forced, and force replaces it', async () => {
    const changed = await dump(target);
    expect(changed).not.toEqual(sourceDump);
    await expectRestoreFails(backupFile, target, /already has data.*--force/, false);
    await restoreFrom(target.db, backupFile, { force: true });
    expect(await dump(target)).toEqual(sourceDump);
  });

  it('rejects a truncated or corrupt backup and rolls back, even with force', async () => {
    const bytes = readFileSync(backupFile);
    const all = lines();
    const rows = all.filter((l) => l.startsWith('{"t":'));
    const lastUsers = all.findLastIndex((l) => l.startsWith('{"t":"users"'));
    // Cut in the middle of the gzip stream.
    await expectRestoreFails(
      variant('cut.gz', bytes.subarray(0, Math.floor(bytes.length * 0.6)), false),
      target,
      /truncated|unreadable|unexpected end/i,
    );
    // A complete gzip stream that lost its last rows: only the header's counts can tell.
    await expectRestoreFails(variant('short.gz', all.slice(0, -3).join('\n')), target, /expected \d+ rows/);
    // A damaged row in the middle, after rows of other tables went in.
    const damaged = [...all];
    damaged[lastUsers] = damaged[lastUsers]!.slice(0, -10);
    await expectRestoreFails(variant('damaged.gz', damaged.join('\n')), target, /line \d+/);
    // A row for a table the schema does not have.
    await expectRestoreFails(
      variant('unknown.gz', [all[0], ...rows.slice(0, 3), '{"t":"nope","r":{"a":1}}'].join('\n')),
      target,
      /unknown table nope/,
    );
    expect(await dump(target)).toEqual(sourceDump);
  });

  it('rejects files that are not Pulso backups, leaving the database as it was', async () => {
    await expectRestoreFails(variant('plain.txt', 'id,name\n1,Ana\n', false), target, /not a Pulso backup/);
    await expectRestoreFails(variant('empty.gz', ''), target, /empty/);
    await expectRestoreFails(variant('text.gz', 'hello world\n'), target, /not a Pulso backup/);
    await expectRestoreFails(
      variant('other.gz', '{"format":"something-else","version":1}\n'),
      target,
      /not a Pulso backup/,
    );
    await expectRestoreFails(
      variant('newer.gz', JSON.stringify({ ...JSON.parse(lines()[0]!), version: 2 }) + '\n'),
      target,
      /newer format/,
    );
    await expectRestoreFails(path.join(tmp, 'does-not-exist.gz'), target, /cannot read|ENOENT/);
    expect(await dump(target)).toEqual(sourceDump);
  });

  it('fills columns a later migration added with their defaults (backup from an older schema)', async () => {
    await target.db.execute(sql`alter table gyms add column added_later text not null default 'fallback'`);
    try {
      await restoreFrom(target.db, backupFile, { force: true });
      const r = rowsOf<{ v: string }>(
        await target.db.execute(sql`select distinct added_later as v from gyms`),
      );
      expect(r).toEqual([{ v: 'fallback' }]);
    } finally {
      await target.db.execute(sql`alter table gyms drop column added_later`);
    }
    expect(await dump(target)).toEqual(sourceDump);
  });

  it("brings back the backup's deployment id; a backup from before the table leaves the target's own", async () => {
    const idOf = async (d: Database) =>
      rowsOf<{ id: string }>(await d.db.execute(sql`select id::text as id from deployment`)).map((r) => r.id);
    const sourceId = await idOf(source);
    expect(sourceId).toHaveLength(1);
    // The target as a new database would be: an id of its own.
    await target.db.execute(sql`update deployment set id = gen_random_uuid()`);
    const own = await idOf(target);
    expect(own).not.toEqual(sourceId);
    const [head, ...rest] = lines();
    const header = JSON.parse(head!) as { tables: string[]; rows: Record<string, number> };
    header.tables = header.tables.filter((t) => t !== 'deployment');
    delete header.rows.deployment;
    const older = variant(
      'before-deployment.ndjson.gz',
      [JSON.stringify(header), ...rest.filter((l) => !l.startsWith('{"t":"deployment"'))].join('\n'),
    );
    await restoreFrom(target.db, older, { force: true });
    expect(await idOf(target)).toEqual(own);
    // A migrated database holds only its deployment row: not data, so no --force is needed for a first restore.
    const data = Object.keys(sourceDump).filter((t) => t !== 'deployment');
    await target.db.execute(
      sql.raw(`truncate ${data.map((t) => `"${t}"`).join(', ')} restart identity cascade`),
    );
    const { counts } = await restoreFrom(target.db, backupFile);
    expect(counts.deployment).toBe(1);
    expect(await idOf(target)).toEqual(sourceId);
    expect(await dump(target)).toEqual(sourceDump);
  });
});

// Runs when TEST_DATABASE_URL names a PostgreSQL server (the CI job that has one); PGlite alone cannot
// stand in for the PostgreSQL half of the round trip.
describe.skipIf(!TEST_DATABASE_URL)('restore into a fresh PostgreSQL database', () => {
  const name = `pulso_restore_${randomBytes(6).toString('hex')}`;
  let admin: postgres.Sql;
  let pg: Database;
  const urlFor = (db: string) => {
    const u = new URL(TEST_DATABASE_URL!);
    u.pathname = `/${db}`;
    return u.toString();
  };

  beforeAll(async () => {
    admin = postgres(urlFor('postgres'), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    pg = await openDatabase({ url: urlFor(name), poolMax: 4 });
    await pg.migrate();
  });

  afterAll(async () => {
    await pg?.close();
    await admin?.unsafe(`drop database if exists ${name} with (force)`);
    await admin?.end();
  });

  it('brings back every row of every table exactly', async () => {
    await restoreFrom(pg.db, backupFile);
    expect(await dump(pg)).toEqual(sourceDump);
  });

  it('continues sequences, and restored passwords work through an app on PostgreSQL', async () => {
    const restoredUsers = await maxId(pg, 'users');
    const restoredAudit = await maxId(pg, 'audit_logs');
    const app = await appOn(pg);
    try {
      const login = await call(app, 'POST', '/api/v1/auth/login', {
        body: { email: member.email, password: PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      expect(login.json<{ user: { id: number } }>().user.id).toBe(member.id);
      const fresh = await registerUser(app);
      expect(BigInt(fresh.id)).toBeGreaterThan(restoredUsers);
      await createGym(app, fresh, 'On PostgreSQL');
      expect(await maxId(pg, 'audit_logs')).toBeGreaterThan(restoredAudit);
    } finally {
      await app.close();
    }
  });

  it('refuses without force, replaces with force, and rolls back a corrupt file', async () => {
    await expectRestoreFails(backupFile, pg, /already has data/, false);
    await restoreFrom(pg.db, backupFile, { force: true });
    expect(await dump(pg)).toEqual(sourceDump);
    const all = lines();
    await expectRestoreFails(variant('pg-short.gz', all.slice(0, -2).join('\n')), pg, /expected \d+ rows/);
    expect(await dump(pg)).toEqual(sourceDump);
  });

  it('backs up PostgreSQL in the same format: restored back into PGlite, nothing changed', async () => {
    const file = path.join(tmp, 'from-postgres.ndjson.gz');
    const header = await backupTo(pg.db, pg.driver, file);
    expect(header.driver).toBe('postgres');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await target.db.execute(sql`delete from users where id = ${owner.id}`);
    expect(await dump(target)).not.toEqual(sourceDump);
    await restoreFrom(target.db, file, { force: true });
    expect(await dump(target)).toEqual(sourceDump);
  });
});
