/**
 * `pulso rotate-key`, spawned on the compiled code against a PGlite data directory filled through the real API
 * under the old key: it re-encrypts every value, a second run finds nothing, a keyring without the old key stops
 * naming the value, and the new key alone then reads everything.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createMemoryCache } from '../../src/platform/cache/index.js';
import { keyId } from '../../src/platform/crypto/keyring.js';
import { openDatabase, rowsOf, type Database } from '../../src/platform/db/index.js';
import { call, registerUser, silentLogger, testConfig } from '../harness.js';
import { ROOT, runPulso } from './run-cli.js';

const OLD = randomBytes(32).toString('hex');
const NEW = randomBytes(32).toString('hex');
const NOW = Date.UTC(2026, 5, 15, 9);
const tmp = mkdtempSync(path.join(tmpdir(), 'pulso-rotate-test-'));
const data = path.join(tmp, 'data');

const pulso = (args: string[], env: Record<string, string>) =>
  runPulso(args, { dataDir: data, home: tmp, env });

/** The data dir opened in this process with `key` as DATA_ENCRYPTION_KEY, for `f`, then closed. */
async function withApp<T>(key: string, f: (app: FastifyInstance, database: Database) => Promise<T>) {
  const database = await openDatabase({ dataDir: data });
  try {
    await database.migrate();
    const config = testConfig({ PULSO_DATA_DIR: data, DATA_ENCRYPTION_KEY: key });
    const app = await buildApp({
      config,
      database,
      cache: createMemoryCache(),
      logger: silentLogger,
      clock: () => NOW,
    });
    await app.ready();
    try {
      return await f(app, database);
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

let token = '';

beforeAll(async () => {
  execFileSync('npx', ['tsc', '-b', 'packages/api'], { cwd: ROOT, stdio: 'pipe' });
  await withApp(OLD, async (app) => {
    for (let i = 0; i < 2; i++) {
      const u = await registerUser(app);
      token = u.token;
      expect(
        (
          await call(app, 'POST', '/api/v1/workouts', {
            token,
            body: {
              started_at: '2026-06-14T07:00:00Z',
              sport: 'run',
              duration_s: 3600,
              rpe: 5,
              notes: `rodilla ${i}`,
            },
          })
        ).statusCode,
      ).toBe(201);
      expect(
        (
          await call(app, 'POST', '/api/v1/hrv/readings', {
            token,
            body: { date: '2026-06-15', rmssd_ms: 55.5 + i, sleep_hours: 7 },
          })
        ).statusCode,
      ).toBe(201);
    }
  });
}, 300_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('pulso rotate-key', { timeout: 180_000 }, () => {
  it('checks --batch before opening the database (exit 2)', async () => {
    const r = await pulso(['rotate-key', '--batch', '0'], { DATA_ENCRYPTION_KEY: NEW });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--batch needs an integer from 1 to 10000/);
  });

  it('stops at a value under a key the keyring lacks, naming it (exit 1)', async () => {
    const r = await pulso(['rotate-key'], { DATA_ENCRYPTION_KEY: NEW });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `cannot decrypt workouts\\.notes:\\d+: it was encrypted with key id ${keyId(Buffer.from(OLD, 'hex'))}`,
      ),
    );
  });

  it('re-encrypts everything with the new key, and a second run finds nothing to do', async () => {
    const env = { DATA_ENCRYPTION_KEY: NEW, DATA_ENCRYPTION_PREVIOUS_KEYS: OLD };
    const r = await pulso(['rotate-key', '--batch', '1'], env);
    expect(r.code, r.stderr).toBe(0);
    const oldKid = keyId(Buffer.from(OLD, 'hex'));
    expect(r.stdout).toContain(`workouts: 2 rows re-encrypted (values: 2 from key ${oldKid})`);
    expect(r.stdout).toContain(`hrv_readings: 2 rows re-encrypted (values: 4 from key ${oldKid})`);
    expect(r.stdout).toContain('wellness_check_ins: 0 rows re-encrypted');
    const again = await pulso(['rotate-key'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('workouts: 0 rows re-encrypted\n');
    expect(again.stdout).toContain('hrv_readings: 0 rows re-encrypted\n');
  });

  it('leaves values the new key alone reads', async () => {
    await withApp(NEW, async (app, database) => {
      const kid = keyId(Buffer.from(NEW, 'hex'));
      const raw = rowsOf<{ v: string }>(
        await database.db.execute(
          sql`select notes as v from workouts union all select rmssd_ms from hrv_readings union all select sleep_hours from hrv_readings`,
        ),
      );
      expect(raw).toHaveLength(6);
      for (const r of raw) expect(r.v.startsWith(`v1:${kid}:`)).toBe(true);
      const w = await call(app, 'GET', '/api/v1/workouts', { token });
      expect(w.statusCode).toBe(200);
      expect(w.json<{ notes: string }[]>()[0]!.notes).toBe('rodilla 1');
      const h = await call(app, 'GET', '/api/v1/hrv/readings', { token });
      expect(h.json<object[]>()[0]).toMatchObject({ rmssd_ms: 56.5, sleep_hours: 7 });
    });
  });
});
