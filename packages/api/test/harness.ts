/**
 * Test harness: one database per test worker (PGlite in memory, or the PostgreSQL server named by
 * TEST_DATABASE_URL), one app per test file, and per-test data made through the real HTTP API.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { inject } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { createMemoryCache, createRedisCache, redisPrefix, type Cache } from '../src/platform/cache/index.js';
import { deploymentNamespace } from '../src/platform/deployment.js';
import { openDatabase, rowsOf, type Database } from '../src/platform/db/index.js';
import { createCaptureMailer, type Mail, type Mailer } from '../src/platform/mail.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || undefined;
export const silentLogger = pino({ level: 'silent' });

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-000';

/**
 * The instant the tests run at. `PULSO_TEST_NOW` (ISO 8601 with `Z` or an offset, e.g. `2028-02-29T23:59:30Z`)
 * pins it, so a failure seen on one date can be replayed and CI can try the awkward ones (`.ci/date-suites`);
 * without it, the wall clock when the test file began (`restartTestClock`). Read here only: every app a test builds gets `testClock`,
 * and tests take "now" and "today" from `testNow()`, never from `Date`.
 */
function testBase(raw = process.env.PULSO_TEST_NOW): number {
  if (!raw) return Date.now();
  const t = /(Z|[+-]\d\d:\d\d)$/.test(raw) ? Date.parse(raw) : NaN;
  if (!Number.isFinite(t))
    throw new Error(
      `PULSO_TEST_NOW must be an ISO 8601 instant with a zone (e.g. 2028-02-29T23:59:30Z), got "${raw}"`,
    );
  return t;
}
let BASE = testBase();
let startedAt = performance.now();
/**
 * The tests' clock: the base instant plus the time elapsed since, so it moves forward like a real one (tokens
 * expire, audit rows keep their order) and a base of 23:59:30 really crosses midnight during a run.
 */
export const testClock = (): number => BASE + Math.floor(performance.now() - startedAt);
/**
 * Starts the clock again at the base instant. The test files of a worker share this module (vitest's
 * `isolate: false`), so `test/setup.ts` calls it before each file: every file begins at the pinned instant,
 * as it would in a fresh process, not minutes after it when the worker's earlier files have run.
 */
export function restartTestClock(): void {
  BASE = testBase();
  startedAt = performance.now();
}
export const testNow = testClock;
/** Today's UTC date (YYYY-MM-DD) by the tests' clock, shifted by `days`. */
export const testDay = (days = 0): string =>
  new Date(testClock() + days * 86_400_000).toISOString().slice(0, 10);
/** The tests' clock as an ISO instant, shifted by `ms`. */
export const testIso = (ms = 0): string => new Date(testClock() + ms).toISOString();

// Tests pass every secret explicitly, so the data dir stays empty; one per worker, removed on exit.
let dataDir: string | undefined;
function testDataDir(): string {
  if (!dataDir) {
    const dir = mkdtempSync(path.join(tmpdir(), 'pulso-test-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    dataDir = dir;
  }
  return dataDir;
}

export function testConfig(env: Record<string, string> = {}): Readonly<Config> {
  return loadConfig(
    {
      NODE_ENV: 'test',
      PULSO_DATA_DIR: testDataDir(),
      JWT_SECRET: TEST_JWT_SECRET,
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
      RATE_LIMIT_MAX: '1000000',
      RATE_LIMIT_AUTH_MAX: '1000000',
      ...(TEST_DATABASE_URL ? { DATABASE_URL: TEST_DATABASE_URL } : {}),
      ...(TEST_REDIS_URL ? { REDIS_URL: TEST_REDIS_URL } : {}),
      ...env,
    },
    '0.0.0-test',
  );
}

let shared: Promise<Database> | undefined;

/**
 * The test file's database, migrated once. Tests isolate themselves by the rows they create. On PGlite it starts
 * from the run's migrated dump (test/global-setup.ts); `migrate` then only confirms there is nothing to apply.
 */
export function sharedDatabase(): Promise<Database> {
  shared ??= (async () => {
    const snapshot = TEST_DATABASE_URL ? undefined : inject('pgliteSnapshot');
    const db = await openDatabase({
      url: TEST_DATABASE_URL,
      dataDir: null,
      poolMax: 10,
      ...(snapshot ? { loadDataDir: new Blob([readFileSync(snapshot)]) } : {}),
    });
    await db.migrate();
    return db;
  })();
  return shared;
}

/**
 * The Redis namespace of the test database's deployment: what `openRuntime` would give an app on it, so the test
 * apps' keys are where a server on this database would put them.
 */
export async function testNamespace(): Promise<string> {
  return (await deploymentNamespace((await sharedDatabase()).db)).namespace;
}

/** The Redis key under which the test apps' cache keeps `key` (tests that look at raw keys). */
export const testRedisKey = async (key: string): Promise<string> =>
  `${redisPrefix(await testNamespace())}c:${key}`;

export async function testCache(): Promise<Cache> {
  // Cache keys carry database ids; each worker's PGlite numbers its rows from 1 (and has a deployment id of its
  // own), so a Redis shared by the workers needs the shared PostgreSQL too.
  if (TEST_REDIS_URL && !TEST_DATABASE_URL) throw new Error('TEST_REDIS_URL needs TEST_DATABASE_URL as well');
  return TEST_REDIS_URL
    ? createRedisCache(TEST_REDIS_URL, silentLogger, await testNamespace())
    : createMemoryCache();
}

export interface TestApp {
  app: FastifyInstance;
  config: Readonly<Config>;
  database: Database;
  cache: Cache;
  close(): Promise<void>;
}

/** Every mail the worker's test apps sent (in-process capture transport: nothing leaves the process). */
export const outbox = createCaptureMailer();

/** The mails sent to `email` (case-insensitive), oldest first. */
export const mailsTo = (email: string): Mail[] =>
  outbox.sent.filter((m) => m.to.toLowerCase() === email.toLowerCase());

/** The one-time token of the last mail to `email` whose subject matches. */
export function tokenFromMail(email: string, subject: RegExp): string {
  const mail = mailsTo(email)
    .filter((m) => subject.test(m.subject))
    .at(-1);
  const token = mail && /#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no mail matching ${subject} to ${email}`);
  return token;
}

export async function createTestApp(
  opts: { env?: Record<string, string>; clock?: () => number; cache?: Cache; mailer?: Mailer } = {},
): Promise<TestApp> {
  const config = testConfig(opts.env);
  const database = await sharedDatabase();
  const cache = opts.cache ?? (await testCache());
  if (cache.backend === 'redis') await waitFor(() => cache.status() === 'up');
  const app = await buildApp({
    config,
    database,
    cache,
    logger: silentLogger,
    clock: opts.clock ?? testClock,
    mailer: opts.mailer ?? outbox,
  });
  await app.ready();
  return {
    app,
    config,
    database,
    cache,
    async close() {
      await app.close();
      if (!opts.cache) await cache.close();
    },
  };
}

export async function waitFor(cond: () => boolean | Promise<boolean>, ms = 5000, what = 'condition') {
  const until = performance.now() + ms;
  while (!(await cond())) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Waits until the database's clock is a millisecond past where it was: rows stamped by `now()` after this
 * (created_at, updated_at) sort after the rows written before it, even at the millisecond of the API's ISO times.
 */
export async function nextDatabaseMillisecond(database: Database): Promise<void> {
  const read = async () =>
    rowsOf<{ t: string }>(
      await database.db.execute(
        sql`select (extract(epoch from clock_timestamp()) * 1000)::float8::text as t`,
      ),
    )[0]!.t;
  const start = Number(await read());
  await waitFor(async () => Number(await read()) >= start + 1, 5000, "the database's clock");
}

export interface CallOptions {
  token?: string;
  gym?: number | string;
  body?: unknown;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  ip?: string;
}

/** One HTTP request through the real app. */
export function call(
  app: FastifyInstance,
  method: InjectOptions['method'],
  url: string,
  o: CallOptions = {},
) {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.gym !== undefined) headers['x-gym-id'] = String(o.gym);
  return app.inject({
    method,
    url,
    headers,
    query: o.query,
    remoteAddress: o.ip,
    ...(o.body !== undefined ? { payload: o.body as InjectOptions['payload'] } : {}),
  });
}

export const uniqueEmail = (tag = 'user') => `${tag}-${randomUUID().slice(0, 12)}@test.pulso.example`;
/** The one password test accounts register with; it passes the password policy (platform/auth/password-policy.ts). */
export const PASSWORD = 'correct horse battery';

export interface TestUser {
  id: number;
  email: string;
  password: string;
  token: string;
  refresh: string;
}

export async function registerUser(
  app: FastifyInstance,
  o: { email?: string; name?: string; ip?: string } = {},
): Promise<TestUser> {
  const email = o.email ?? uniqueEmail();
  const res = await call(app, 'POST', '/api/v1/auth/register', {
    body: { email, password: PASSWORD, name: o.name ?? 'Test User' },
    ...(o.ip ? { ip: o.ip } : {}),
  });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const b = res.json<{ user: { id: number }; access_token: string; refresh_token: string }>();
  return { id: b.user.id, email, password: PASSWORD, token: b.access_token, refresh: b.refresh_token };
}

export async function createGym(app: FastifyInstance, owner: TestUser, name = 'Test Gym'): Promise<number> {
  const res = await call(app, 'POST', '/api/v1/gyms', { token: owner.token, body: { name } });
  if (res.statusCode !== 201) throw new Error(`create gym failed: ${res.statusCode} ${res.body}`);
  return res.json<{ id: number }>().id;
}

const verified = new Set<string>();

/** Confirms the user's e-mail with the token of the mail sent at registration (or the last e-mail change). */
export async function verifyEmail(app: FastifyInstance, user: { email: string }): Promise<void> {
  if (verified.has(user.email.toLowerCase())) return;
  const token = tokenFromMail(user.email, /Confirm/);
  const res = await call(app, 'POST', '/api/v1/auth/verify-email', { body: { token } });
  if (res.statusCode !== 204) throw new Error(`verify e-mail failed: ${res.statusCode} ${res.body}`);
  verified.add(user.email.toLowerCase());
}

/** Invites `user` to the gym and has them accept (nobody joins a gym without consenting). Returns the invitation id. */
export async function addMember(
  app: FastifyInstance,
  manager: TestUser,
  gymId: number,
  user: TestUser,
  role: string,
): Promise<number> {
  const res = await call(app, 'POST', '/api/v1/members', {
    token: manager.token,
    gym: gymId,
    body: { email: user.email, role },
  });
  if (res.statusCode !== 202) throw new Error(`invite member failed: ${res.statusCode} ${res.body}`);
  const id = res.json<{ invitation: { id: number } }>().invitation.id;
  await verifyEmail(app, user);
  const accept = await call(app, 'POST', `/api/v1/users/me/invitations/${id}/accept`, { token: user.token });
  if (accept.statusCode !== 200)
    throw new Error(`accept invitation failed: ${accept.statusCode} ${accept.body}`);
  return id;
}

/** A gym with one user per role. */
export async function gymWithRoles(app: FastifyInstance) {
  const owner = await registerUser(app, { name: 'Owner' });
  const gymId = await createGym(app, owner);
  const users: Record<string, TestUser> = { owner };
  for (const role of ['admin', 'trainer', 'physio', 'member'] as const) {
    const u = await registerUser(app, { name: role });
    await addMember(app, owner, gymId, u, role);
    users[role] = u;
  }
  return { gymId, users: users as Record<'owner' | 'admin' | 'trainer' | 'physio' | 'member', TestUser> };
}

export function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
) {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  const ct = String(res.headers['content-type']);
  if (!ct.startsWith('application/problem+json')) throw new Error(`expected problem+json, got ${ct}`);
  const p = JSON.parse(res.body) as { type: string; title: string; status: number; detail: string };
  if (p.status !== status || typeof p.detail !== 'string' || !p.type || !p.title)
    throw new Error(`malformed problem: ${res.body}`);
  return p as {
    type: string;
    title: string;
    status: number;
    detail: string;
    errors?: { field: string; message: string }[];
  };
}
