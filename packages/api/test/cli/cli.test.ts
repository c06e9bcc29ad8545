/**
 * The real command line, spawned as `node packages/api/bin/pulso.js …` on the compiled code, against a
 * PGlite data directory (and, with TEST_DATABASE_URL, a PostgreSQL database made for this file). Results are
 * checked by later CLI calls or by opening the database in process after the CLI has exited: no server runs.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { DEMO_PASSWORD } from '../../src/cli/demo.js';
import { createMemoryCache } from '../../src/platform/cache/index.js';
import { namespaceOf } from '../../src/platform/deployment.js';
import { openDatabase, rowsOf, type Database } from '../../src/platform/db/index.js';
import {
  call,
  silentLogger,
  TEST_DATABASE_URL,
  TEST_JWT_SECRET,
  TEST_REDIS_URL,
  testClock,
  testConfig,
} from '../harness.js';
import { ROOT, runPulso, type Run } from './run-cli.js';

const ENCRYPTION_KEY = randomBytes(32).toString('hex');
const DEMO_EMAILS = [
  'owner@demo.pulso.example',
  'admin@demo.pulso.example',
  'trainer@demo.pulso.example',
  'physio@demo.pulso.example',
  'member1@demo.pulso.example',
  'member2@demo.pulso.example',
  'member3@demo.pulso.example',
];
const ADMIN = { email: 'root@cli.pulso.example', password: 'a long admin password' };

const tmp = mkdtempSync(path.join(tmpdir(), 'pulso-cli-test-'));
const dataA = path.join(tmp, 'a');
const dataB = path.join(tmp, 'b');
const backups = path.join(tmp, 'backups');
/** The rows of the last backup, as the database held them (later logins add rows to data dir a). */
let backedUp: Record<string, string[]>;

/** The CLI on data dir A with the suite's encryption key, unless `env` says otherwise. */
const pulso = (args: string[], env: Record<string, string> = {}) =>
  runPulso(args, {
    dataDir: dataA,
    home: process.env.HOME ?? tmp,
    env: { DATA_ENCRYPTION_KEY: ENCRYPTION_KEY, ...env },
  });

function expectExit(r: Run, code: number) {
  if (r.code !== code)
    throw new Error(`expected exit ${code}, got ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
}

/** Every public table as sorted row_to_json text (timestamps in UTC). */
async function dump(d: Database): Promise<Record<string, string[]>> {
  return d.db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone to 'UTC'`);
    // backup_runs is the log each backup writes after taking its snapshot: the source has the later runs' rows,
    // the restored copy cannot.
    const tables = rowsOf<{ name: string }>(
      await tx.execute(sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`),
    )
      .map((r) => r.name)
      .filter((t) => t !== 'backup_runs');
    const out: Record<string, string[]> = {};
    for (const t of tables)
      out[t] = rowsOf<{ j: string }>(
        await tx.execute(sql.raw(`select row_to_json(x)::text as j from "${t}" x`)),
      )
        .map((r) => r.j)
        .sort();
    return out;
  });
}

async function appOn(database: Database): Promise<FastifyInstance> {
  const config = testConfig({ JWT_SECRET: TEST_JWT_SECRET, DATA_ENCRYPTION_KEY: ENCRYPTION_KEY });
  const app = await buildApp({
    config,
    database,
    cache: createMemoryCache(),
    logger: silentLogger,
    clock: testClock,
  });
  await app.ready();
  return app;
}

const login = (app: FastifyInstance, email: string, password: string) =>
  call(app, 'POST', '/api/v1/auth/login', { body: { email, password } });

const backupFiles = () =>
  readdirSync(backups)
    .filter((f) => f.startsWith('pulso-backup-'))
    .sort();

beforeAll(() => {
  // The bin runs the compiled code; the build is incremental, so this is quick when nothing changed.
  execFileSync('npx', ['tsc', '-b', 'packages/api'], { cwd: ROOT, stdio: 'pipe' });
}, 180_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Every CLI run starts Node, loads the app and opens PGlite (seconds each, more on a busy machine).
const SLOW = { timeout: 180_000 };

describe('pulso command line (PGlite)', SLOW, () => {
  it('prints the usage with --help, and rejects unknown commands and options (exit 2) without opening the database', async () => {
    const help = await pulso(['--help']);
    expectExit(help, 0);
    expect(help.stdout).toContain('Usage: pulso <command>');
    for (const c of ['migrate', 'seed --demo', 'create-admin', 'backup --out', 'restore FILE'])
      expect(help.stdout).toContain(c);

    const unknown = await pulso(['frobnicate'], { PULSO_DATA_DIR: path.join(tmp, 'untouched') });
    expectExit(unknown, 2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(unknown.stderr).toContain('Usage: pulso <command>');
    const option = await pulso(['backup', '--out', backups, '--frobnicate'], {
      PULSO_DATA_DIR: path.join(tmp, 'untouched'),
    });
    expectExit(option, 2);
    expect(option.stderr).toContain("Unknown option '--frobnicate'");
    expect(existsSync(path.join(tmp, 'untouched'))).toBe(false);
  });

  it('migrate creates the embedded database and exits 0', async () => {
    const r = await pulso(['migrate']);
    expectExit(r, 0);
    expect(r.stdout).toContain('Migrations applied.');
    expect(existsSync(path.join(dataA, 'pg'))).toBe(true);
  });

  it('seed --demo creates Demo Gym and prints the accounts and their password; a second run refuses', async () => {
    const r = await pulso(['seed', '--demo']);
    expectExit(r, 0);
    expect(r.stdout).toContain('"Demo Gym"');
    for (const e of DEMO_EMAILS) expect(r.stdout).toContain(e);
    expect(r.stdout).toContain(DEMO_PASSWORD);

    const again = await pulso(['seed', '--demo']);
    expectExit(again, 2);
    expect(again.stderr).toMatch(/already has accounts/);
    const bare = await pulso(['seed']);
    expectExit(bare, 2);
    expect(bare.stderr).toContain('seed needs --demo');
  });

  it('create-admin checks its arguments (exit 2) and creates an administrator who owns the given gym', async () => {
    const short = await pulso(['create-admin', '--email', ADMIN.email, '--password', 'short']);
    expectExit(short, 2);
    expect(short.stderr).toMatch(/--password needs at least \d+ characters/);
    const common = await pulso(['create-admin', '--email', ADMIN.email, '--password', 'password1234']);
    expectExit(common, 2);
    expect(common.stderr).toMatch(/--password: Too easy to guess/);
    const noEmail = await pulso(['create-admin', '--password', ADMIN.password]);
    expectExit(noEmail, 2);
    expect(noEmail.stderr).toContain('needs --email and --password');
    // An unknown gym is refused before anything is written (checked below: no such user exists).
    const noGym = await pulso([
      'create-admin',
      '--email',
      'ghost@cli.pulso.example',
      '--password',
      ADMIN.password,
      '--gym',
      '999',
    ]);
    expectExit(noGym, 2);
    expect(noGym.stderr).toContain('no gym with id 999');

    const ok = await pulso([
      'create-admin',
      '--email',
      ADMIN.email,
      '--password',
      ADMIN.password,
      '--name',
      'Root',
      '--gym',
      '1',
    ]);
    expectExit(ok, 0);
    expect(ok.stdout).toMatch(/Created administrator root@cli\.pulso\.example \(user id \d+\)/);
  });

  it('backup --out DIR --keep 2, run three times, leaves the two newest backups (mode 0600, no .partial)', async () => {
    const written: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await pulso(['backup', '--out', backups, '--keep', '2']);
      expectExit(r, 0);
      const m = /Backup written to (\S+) \((\d+) tables, (\d+) rows\)/.exec(r.stdout);
      expect(m, r.stdout).not.toBeNull();
      expect(Number(m![3])).toBeGreaterThan(0);
      written.push(path.basename(m![1]!));
    }
    expect(new Set(written).size).toBe(3);
    expect(readdirSync(backups).sort()).toEqual(written.slice(1).sort());
    for (const f of backupFiles()) expect(statSync(path.join(backups, f)).mode & 0o777).toBe(0o600);
    const badKeep = await pulso(['backup', '--out', backups, '--keep', '0']);
    expectExit(badKeep, 2);
    expect(badKeep.stderr).toContain('--keep needs a positive integer');
    // To a named file: written whole (no .partial left), 0600 even over a stale world-readable .partial.
    const single = path.join(tmp, 'single', 'one.ndjson.gz');
    mkdirSync(path.dirname(single));
    writeFileSync(`${single}.partial`, 'left by a crashed run', { mode: 0o644 });
    expectExit(await pulso(['backup', '--out', single]), 0);
    expect(readdirSync(path.dirname(single))).toEqual(['one.ndjson.gz']);
    expect(statSync(single).mode & 0o777).toBe(0o600);
  });

  it('restore FILE loads the backup into another data directory; again without --force it refuses', async () => {
    const file = path.join(backups, backupFiles().at(-1)!);
    const r = await pulso(['restore', file], { PULSO_DATA_DIR: dataB });
    expectExit(r, 0);
    expect(r.stdout).toMatch(/Restored \d+ rows into \d+ tables\./);
    const again = await pulso(['restore', file], { PULSO_DATA_DIR: dataB });
    expectExit(again, 2);
    expect(again.stderr).toMatch(/already has data.*--force/);
    const missing = await pulso(['restore', path.join(tmp, 'nope.ndjson.gz')], { PULSO_DATA_DIR: dataB });
    expectExit(missing, 2);
    expect(missing.stderr).toContain('no such file');
    // The restore commits before the cache is cleared: an unreachable Redis is a warning, not a failure.
    const noRedis = await pulso(['restore', file], {
      PULSO_DATA_DIR: path.join(tmp, 'no-redis'),
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    expectExit(noRedis, 0);
    expect(noRedis.stdout).toMatch(/Restored \d+ rows/);
    expect(noRedis.stderr).toContain('the cache could not be cleared');
  });

  it('after the CLI exited: both databases hold the same rows, and the CLI-made accounts can log in', async () => {
    const a = await openDatabase({ dataDir: dataA });
    const b = await openDatabase({ dataDir: dataB });
    try {
      backedUp = await dump(a);
      expect(await dump(b)).toEqual(backedUp);
      const users = rowsOf<{ email: string; is_platform_admin: boolean }>(
        await b.db.execute(sql`select email, is_platform_admin from users order by id`),
      );
      expect(users.map((u) => u.email)).toEqual([...DEMO_EMAILS, ADMIN.email]);
      expect(users.at(-1)!.is_platform_admin).toBe(true);
      const owners = rowsOf<{ email: string }>(
        await b.db.execute(sql`select u.email from gym_members m join users u on u.id = m.user_id
                                where m.gym_id = 1 and m.role = 'owner' order by u.email`),
      );
      expect(owners.map((o) => o.email)).toEqual(['owner@demo.pulso.example', ADMIN.email]);
      for (const db of [a, b]) {
        const app = await appOn(db);
        try {
          expect((await login(app, ADMIN.email, ADMIN.password)).statusCode).toBe(200);
          expect((await login(app, DEMO_EMAILS[0]!, DEMO_PASSWORD)).statusCode).toBe(200);
          expect((await login(app, ADMIN.email, 'wrong password, surely')).statusCode).toBe(401);
        } finally {
          await app.close();
        }
      }
    } finally {
      await a.close();
      await b.close();
    }
  });
});

// Runs when TEST_DATABASE_URL names a PostgreSQL server: the documented move from the embedded database,
// `DATABASE_URL=… pulso restore FILE`, into a database made for this test.
describe.skipIf(!TEST_DATABASE_URL)('pulso restore into PostgreSQL', SLOW, () => {
  const name = `pulso_restore_${randomBytes(6).toString('hex')}`;
  const urlFor = (db: string) => {
    const u = new URL(TEST_DATABASE_URL!);
    u.pathname = `/${db}`;
    return u.toString();
  };
  // The suite's Redis database: a restore clears only its own deployment's namespace, so the keys of the other
  // test files (the shared test database's namespace) are left alone.
  const redisUrl = TEST_REDIS_URL ?? '';
  let admin: postgres.Sql;

  beforeAll(async () => {
    admin = postgres(urlFor('postgres'), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
  });

  afterAll(async () => {
    await admin?.unsafe(`drop database if exists ${name} with (force)`);
    await admin?.end();
  });

  it('migrates the server database, loads the backup, clears the cache; a backup from PostgreSQL matches', async () => {
    const env: Record<string, string> = {
      DATABASE_URL: urlFor(name),
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    };
    const redis = redisUrl ? new Redis(redisUrl) : undefined;
    try {
      // Migrated first, so the id this database makes for itself is known before the restore replaces it.
      expectExit(await pulso(['migrate'], env), 0);
      const target = postgres(urlFor(name), { max: 1, onnotice: () => {} });
      let ownId: string;
      try {
        const [row] = await target<{ id: string }[]>`select id::text as id from deployment`;
        ownId = row!.id;
      } finally {
        await target.end();
      }
      // The backup's row: the deployment that was backed up.
      const backupId = (JSON.parse(backedUp.deployment![0]!) as { id: string }).id;
      expect(backupId).not.toBe(ownId);
      const stale = (id: string) => `pulso:${namespaceOf(id)}:c:cli-test-stale`;
      const elsewhere = `pulso:${randomBytes(6).toString('hex')}:c:cli-test-stale`;
      for (const k of [stale(ownId), stale(backupId), elsewhere]) await redis?.set(k, '"old"');
      const file = path.join(backups, backupFiles().at(-1)!);
      const r = await pulso(['restore', file], env);
      expectExit(r, 0);
      expect(r.stderr).toBe('');
      if (redis) {
        expect(r.stdout).toContain(`cache namespace ${namespaceOf(backupId)}`);
        // Both namespaces of this database are cleared: the one its processes used until now, and the backup's,
        // which they use from now on. Another deployment's keys on the same Redis database stay.
        expect(await redis.get(stale(ownId))).toBeNull();
        expect(await redis.get(stale(backupId))).toBeNull();
        expect(await redis.get(elsewhere)).toBe('"old"');
        await redis.del(elsewhere);
      }

      const fromPg = path.join(tmp, 'from-postgres.ndjson.gz');
      expectExit(await pulso(['backup', '--out', fromPg], env), 0);
      const c = path.join(tmp, 'c');
      expectExit(await pulso(['restore', fromPg], { PULSO_DATA_DIR: c }), 0);

      const pg = await openDatabase({ url: urlFor(name), poolMax: 2 });
      const copy = await openDatabase({ dataDir: c });
      try {
        expect(await dump(pg)).toEqual(backedUp);
        expect(await dump(copy)).toEqual(backedUp);
        const app = await appOn(pg);
        try {
          expect((await login(app, ADMIN.email, ADMIN.password)).statusCode).toBe(200);
        } finally {
          await app.close();
        }
      } finally {
        await pg.close();
        await copy.close();
      }
    } finally {
      redis?.disconnect();
    }
  });
});

describe('npx pulso (workspace bin)', SLOW, () => {
  it('finds the bin from the repository root', () => {
    // npm links a workspace's bin into the root node_modules/.bin at install time; a checkout installed before
    // packages/api declared its bin lacks the link, and then `npx pulso` resolves the root package "pulso"
    // (which has no bin) instead. `npm install` creates the link.
    const link = path.join(ROOT, 'node_modules/.bin/pulso');
    if (!existsSync(link))
      throw new Error(`${link} is missing: run \`npm install\` to link the workspace bin`);
    // --no-install: never fetch a package called "pulso" from the registry.
    const out = execFileSync('npx', ['--no-install', 'pulso', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toContain('Usage: pulso <command>');
  });
});
