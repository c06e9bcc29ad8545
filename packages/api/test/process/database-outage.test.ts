/**
 * PostgreSQL going away and coming back, without restarting the app: requests that need the database answer
 * 503 problem+json (never 500), the health checks say "disconnected", and once the server is reachable again
 * the pool reconnects by itself. A TCP proxy on loopback sits between the app and PostgreSQL; closing it (and
 * cutting its connections) is the outage.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createMemoryCache } from '../../src/platform/cache/index.js';
import { openDatabase, type Database } from '../../src/platform/db/index.js';
import {
  call,
  expectProblem,
  PASSWORD,
  registerUser,
  sharedDatabase,
  silentLogger,
  testConfig,
  uniqueEmail,
  type TestUser,
} from '../harness.js';
import { freePort, TcpProxy, TEST_DATABASE_URL, waitFor } from './support.js';

/** How long a request may take to say "unavailable" (the health probe itself gives up after 2 s). */
const MAX_503_MS = 3_000;
/** How soon after PostgreSQL is reachable again requests must succeed, without a restart. */
const MAX_RECOVERY_MS = 5_000;

// Only a PostgreSQL server can be taken away from the app; the embedded PGlite lives inside the process.
describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL unreachable, then back', () => {
  let proxy: TcpProxy;
  let database: Database;
  let app: FastifyInstance;
  let user: TestUser;
  let gymId: number;
  let cachedUser: TestUser;

  beforeAll(async () => {
    await sharedDatabase(); // migrated once per worker, directly
    const target = new URL(TEST_DATABASE_URL!);
    proxy = new TcpProxy(await freePort(), {
      host: target.hostname,
      port: Number(target.port || 5432),
    });
    await proxy.open();
    const proxied = new URL(TEST_DATABASE_URL!);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    database = await openDatabase({ url: proxied.toString(), dataDir: null, poolMax: 4 });
    app = await buildApp({
      config: testConfig({ DATABASE_URL: proxied.toString() }),
      database,
      cache: createMemoryCache(),
      logger: silentLogger,
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.open().catch(() => {}); // let the pool end its connections politely
    await database?.close();
    await proxy?.close();
  });

  it('works through the proxy', async () => {
    user = await registerUser(app);
    cachedUser = await registerUser(app);
    const gym = await call(app, 'POST', '/api/v1/gyms', { token: user.token, body: { name: 'Proxy Gym' } });
    expect(gym.statusCode, gym.body).toBe(201);
    gymId = gym.json().id;
    // cachedUser's principal is now in the app's cache: authenticating it needs no query.
    expect((await call(app, 'GET', '/api/v1/users/me', { token: cachedUser.token })).statusCode).toBe(200);
    expect((await call(app, 'GET', '/health/database')).statusCode).toBe(200);
    expect(proxy.connections).toBeGreaterThan(0);
  });

  it(
    'answers 503 problem+json, never 500, while the database is unreachable',
    { timeout: 30_000 },
    async () => {
      await proxy.close();

      const health = await call(app, 'GET', '/health/database');
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ database: { status: 'disconnected', latency_ms: null } });
      const ready = await call(app, 'GET', '/health/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'unavailable', checks: { database: 'down' } });

      const needDb: Record<string, () => ReturnType<typeof call>> = {
        register: () =>
          call(app, 'POST', '/api/v1/auth/register', {
            body: { email: uniqueEmail('outage'), password: PASSWORD, name: 'Outage' },
          }),
        login: () =>
          call(app, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: PASSWORD } }),
        refresh: () => call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: user.refresh } }),
        'list gyms': () => call(app, 'GET', '/api/v1/gyms', { token: user.token }),
        'rename me': () =>
          call(app, 'PATCH', '/api/v1/users/me', { token: cachedUser.token, body: { name: 'Renamed' } }),
        'create gym': () =>
          call(app, 'POST', '/api/v1/gyms', { token: cachedUser.token, body: { name: 'No Gym' } }),
        'list members': () => call(app, 'GET', '/api/v1/members', { token: user.token, gym: gymId }),
      };
      // Three rounds: the first meets the pool's dead connections, the later ones its failed reconnects. Each
      // answer must come quickly: a 503 after 20 s is a time-out to the load balancer, not an answer.
      let slowest = 0;
      for (let round = 0; round < 3; round++)
        for (const [what, req] of Object.entries(needDb)) {
          const t0 = performance.now();
          const res = await req();
          const ms = performance.now() - t0;
          slowest = Math.max(slowest, ms);
          const p = expectProblem(res, 503);
          expect(p.type).toBe('urn:pulso:problem:unavailable');
          expect(res.headers['retry-after']).toBe('5');
          expect(ms, `${what} (round ${round}) answered after ${Math.round(ms)} ms`).toBeLessThan(MAX_503_MS);
        }
      // In parallel too (several pool connections failing at once).
      const fns = Object.values(needDb);
      const many = await Promise.all(Array.from({ length: 8 }, (_, i) => fns[i % fns.length]!()));
      expect(many.map((r) => r.statusCode)).toEqual(many.map(() => 503));
      console.log(`[database-outage] slowest 503 while unreachable: ${Math.round(slowest)} ms`);

      // What needs no query keeps working: a cached principal, liveness.
      expect((await call(app, 'GET', '/api/v1/users/me', { token: cachedUser.token })).statusCode).toBe(200);
      expect((await call(app, 'GET', '/health')).statusCode).toBe(200);
    },
  );

  it('recovers without a restart once the database is reachable again', { timeout: 30_000 }, async () => {
    await proxy.open();
    const t0 = performance.now();
    let attempts = 0;
    await waitFor(
      async () => {
        attempts++;
        const res = await call(app, 'POST', '/api/v1/auth/login', {
          body: { email: user.email, password: PASSWORD },
        });
        expect([200, 503]).toContain(res.statusCode);
        return res.statusCode === 200;
      },
      MAX_RECOVERY_MS,
      'login to work again',
    );
    const recoverMs = Math.round(performance.now() - t0);
    // waitFor cannot cut a request short: a single attempt that hung for long must fail here.
    expect(recoverMs, `first success ${recoverMs} ms after the proxy reopened`).toBeLessThan(MAX_RECOVERY_MS);
    expect((await call(app, 'GET', '/health/database')).json()).toMatchObject({
      database: { status: 'connected' },
    });
    const again = await registerUser(app);
    expect((await call(app, 'GET', '/api/v1/gyms', { token: again.token })).statusCode).toBe(200);
    expect((await call(app, 'GET', '/api/v1/members', { token: user.token, gym: gymId })).statusCode).toBe(
      200,
    );
    console.log(
      `[database-outage] first successful login ${recoverMs} ms after the proxy reopened (${attempts} tries)`,
    );
  });
});
