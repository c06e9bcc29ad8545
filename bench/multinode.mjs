// `npm run test:multinode` (a step of .ci/run): several API nodes behind nginx, with PostgreSQL and Redis that
// fail over, all on loopback in temporary directories, nothing shared with the machine's own servers.
//
//   nginx (deploy/nginx/run-loopback.sh, the shipped proxy rules)
//     → 3 API processes (packages/api/dist/main.js; `npm run build` first)
//       → PostgreSQL: a primary and a streaming standby (synchronous: a commit is acknowledged once the standby
//         has it), two clusters of their own made with initdb + pg_basebackup; the pool's URL names both hosts
//         with target_session_attrs=read-write (libpq's form; Pulso asks the driver for `primary`)
//       → Redis: a primary, a replica and 3 sentinels (REDIS_SENTINELS / REDIS_SENTINEL_NAME)
//
// Phases, each under load through nginx (idempotent reads and acknowledged writes), each asserted:
//   1. a booking rush spread over the nodes keeps every invariant (capacity, waitlist order, one per member);
//   2. kill -9 of one node: no failed idempotent request, no acknowledged write lost;
//   3. rolling restart of all three (each taken out of nginx, SIGTERM: readiness 503 before the drain,
//      restarted, put back): zero failed requests;
//   4. the PostgreSQL primary is stopped and the standby promoted: requests in between are 503 with Retry-After,
//      the pool follows the new primary, nothing acknowledged is lost;
//   5. the Redis primary is killed: Sentinel promotes the replica, and the cache, the rate limiter's counters
//      and the cross-node invalidation carry on there, with no failed request.
// Prints requests sent / failed / lost per phase and writes them to bench/out/multinode-<stamp>.json. Exits 1
// when an assertion fails. Needs root (initdb runs as the postgres user) and nginx, redis-server and the
// PostgreSQL binaries.
/* global Buffer */
import { execFile as execFileCb, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// Not lib.mjs: its signal handlers end the process before this script's own cleanup (clusters, temp dir) ran.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'bench/out');
const MAIN_JS = path.join(ROOT, 'packages/api/dist/main.js');
const apiRequire = createRequire(path.join(ROOT, 'packages/api/package.json'));
const STAMP = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '_');

const execFile = promisify(execFileCb);
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const NODES = 3;
const t0 = Date.now();
const log = (msg) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);

const failures = [];
function check(ok, what) {
  if (ok) log(`  ok: ${what}`);
  else {
    failures.push(what);
    log(`  FAILED: ${what}`);
  }
}

// ------------------------------------------------------------------------------------------ processes, cleanup
const procs = new Set();
const undo = [];
function start(name, cmd, args, opts = {}) {
  const out = createWriteStream(path.join(opts.logDir, `${name}.log`), { flags: 'a' });
  const p = spawn(cmd, args, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
  p.stdout.pipe(out);
  p.stderr.pipe(out);
  p.name = name;
  procs.add(p);
  p.on('exit', () => procs.delete(p));
  return p;
}
const exited = (p) =>
  p.exitCode !== null || p.signalCode !== null ? Promise.resolve() : new Promise((r) => p.once('exit', r));
process.on('exit', () => {
  for (const p of procs) p.kill('SIGKILL');
});
let cleaning;
async function cleanup() {
  cleaning ??= (async () => {
    for (const p of procs) p.kill(p.name === 'nginx' ? 'SIGTERM' : 'SIGKILL');
    await Promise.race([Promise.all([...procs].map(exited)), sleep(5000)]);
    for (const fn of undo.reverse()) await fn().catch(() => {});
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM'])
  process.once(sig, () => {
    console.error(`${sig}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  });

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
async function until(what, fn, timeoutMs = 60_000, everyMs = 200) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch {
      // not yet
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
const asPostgres = (args, env = {}) =>
  execFile('runuser', ['-u', 'postgres', '--', ...args], { env: { ...process.env, ...env } });

// ------------------------------------------------------------------------------------------------- HTTP client
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
// A connection of its own for a request sent again, never another pooled one that may be closing too.
const fresh = new http.Agent({ keepAlive: false });
/** Requests that failed on a reused keep-alive connection before any answer, and were sent again (below). */
const resent = { count: 0 };

function once(base, method, p, { token, gym, body, timeoutMs }, via = agent) {
  return new Promise((resolve) => {
    const u = new URL(base + p);
    const payload = body ? JSON.stringify(body) : undefined;
    const req = http.request(
      {
        agent: via,
        host: u.hostname,
        port: u.port,
        method,
        path: u.pathname + u.search,
        timeout: timeoutMs,
        headers: {
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(gym ? { 'x-gym-id': String(gym) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let json = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            json = null;
          }
          resolve({ status: res.statusCode, headers: res.headers, json });
        });
        res.on('error', (err) =>
          resolve({ status: 0, error: err.code ?? err.message, headers: {}, json: null }),
        );
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (err) =>
      resolve({
        status: 0,
        error: err.code ?? err.message,
        reused: req.reusedSocket,
        headers: {},
        json: null,
      }),
    );
    req.end(payload);
  });
}

/**
 * One request. A keep-alive connection the server closed just as the request went out (nginx closes idle client
 * connections when it reloads) fails before any answer, and the request never reached a handler: it is sent
 * again once on a fresh connection, as Node's documentation (`request.reusedSocket`) and browsers do. Such
 * retries are counted and published.
 */
async function call(base, method, p, { token, gym, body, timeoutMs = 30_000 } = {}) {
  const o = { token, gym, body, timeoutMs };
  const r = await once(base, method, p, o);
  if (r.status === 0 && r.reused && r.error === 'ECONNRESET') {
    resent.count++;
    return once(base, method, p, o, fresh);
  }
  return r;
}
async function must(base, method, p, o = {}, ok = [200, 201, 202, 204]) {
  const r = await call(base, method, p, o);
  if (!ok.includes(r.status))
    throw new Error(`${method} ${p} answered ${r.status || r.error} ${JSON.stringify(r.json)}`);
  return r.json;
}
/**
 * Seeding only (not under test): a request that got no answer at all on a busy machine is tried again (a
 * registration that did go through then answers 409, which is thrown).
 */
async function seedCall(base, method, p, o = {}) {
  for (let attempt = 1; ; attempt++) {
    const r = await call(base, method, p, { ...o, timeoutMs: 60_000 });
    if (r.status >= 200 && r.status < 300) return r.json;
    if (r.status !== 0 || attempt === 3)
      throw new Error(`${method} ${p} answered ${r.status || r.error} ${JSON.stringify(r.json)}`);
    log(`  seeding: ${method} ${p} got no answer (${r.error}), again`);
  }
}
async function pool(items, n, fn) {
  const out = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) {
        const k = i++;
        out[k] = await fn(items[k], k);
      }
    }),
  );
  return out;
}

/**
 * Load through nginx until stopped: `workers` loops, each sending reads (GET /users/me, GET the class list) and,
 * every third request, a write (a new class category with a unique name, acknowledged by its 201).
 */
function loadOf(base, s, phase, workers = 12) {
  const results = [];
  const acked = [];
  let running = true;
  let seq = 0;
  const resent0 = resent.count;
  const done = Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; running; i++) {
        const k = seq++;
        const at = Date.now();
        let r;
        let method = 'GET';
        if (i % 3 === 2) {
          method = 'POST';
          const name = `${phase}-${w}-${i}`;
          r = await call(base, 'POST', '/api/v1/schedule/categories', {
            token: s.token,
            gym: s.gym,
            body: { name },
          });
          if (r.status === 201) acked.push({ id: r.json.id, name });
        } else {
          r = await call(base, 'GET', i % 3 ? '/api/v1/schedule/classes' : '/api/v1/users/me', {
            token: s.token,
            gym: s.gym,
          });
        }
        results.push({
          k,
          at,
          method,
          status: r.status,
          retryAfter: r.headers['retry-after'],
          error: r.error,
          ...(r.status < 200 || r.status >= 300
            ? { detail: r.json?.detail, requestId: r.headers['x-request-id'] }
            : {}),
        });
        await sleep(5);
      }
    }),
  );
  return {
    async stop() {
      running = false;
      await done;
      const ok = (r) => r.status >= 200 && r.status < 300;
      return {
        phase,
        sent: results.length,
        reads: results.filter((r) => r.method === 'GET').length,
        writes: results.filter((r) => r.method === 'POST').length,
        failedReads: results.filter((r) => r.method === 'GET' && !ok(r)),
        failedWrites: results.filter((r) => r.method === 'POST' && !ok(r)),
        acked,
        resent: resent.count - resent0,
      };
    },
  };
}

async function main() {
  for (const bin of ['nginx', 'redis-server']) {
    const found = await execFile('sh', ['-c', `command -v ${bin} || test -x /usr/sbin/${bin}`]).then(
      () => true,
      () => false,
    );
    if (!found) throw new Error(`${bin} is not installed`);
  }
  if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run npm run build first`);
  await mkdir(OUT_DIR, { recursive: true });
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'pulso-multinode-'));
  await chmod(tmp, 0o755);
  undo.push(() => rm(tmp, { recursive: true, force: true }));
  const logDir = path.join(tmp, 'logs');
  await mkdir(logDir);
  logDirOf = logDir;
  log(`temporary directory ${tmp}`);

  // ---- PostgreSQL: primary + synchronous streaming standby
  const [pg1Port, pg2Port] = [await freePort(), await freePort()];
  const pg1 = path.join(tmp, 'pg1');
  const pg2 = path.join(tmp, 'pg2');
  const sock = path.join(tmp, 'pgsock');
  const pgLogs = path.join(tmp, 'pglogs');
  const pgIds = await idsOf('postgres');
  for (const d of [sock, pgLogs, pg1, pg2]) {
    await mkdir(d, { mode: 0o700 });
    await chown(d, ...pgIds);
  }
  await asPostgres([
    `${PG_BIN}/initdb`,
    '-D',
    pg1,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  const stopPg = (dir) => () => asPostgres([`${PG_BIN}/pg_ctl`, '-D', dir, 'stop', '-m', 'immediate']);
  await writeFile(
    path.join(tmp, 'pg1.conf.add'),
    [
      `port = ${pg1Port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${sock}'`,
      'wal_level = replica',
      'max_wal_senders = 5',
      'hot_standby = on',
      'max_connections = 60',
      'shared_buffers = 32MB',
      // The test's clusters only live for the run; the machine's disk is shared with other work.
      'fsync = off',
    ].join('\n') + '\n',
  );
  await execFile('sh', ['-c', `cat ${tmp}/pg1.conf.add >> ${pg1}/postgresql.conf`]);
  await asPostgres([`${PG_BIN}/pg_ctl`, '-D', pg1, '-l', path.join(pgLogs, 'pg1.log'), '-w', 'start']);
  undo.push(stopPg(pg1));
  const psql = (port, sql, db = 'postgres') =>
    execFile('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-Atqc', sql]).then(
      (r) => r.stdout.trim(),
    );
  await psql(pg1Port, 'create database pulso');
  await asPostgres([
    `${PG_BIN}/pg_basebackup`,
    '-h',
    '127.0.0.1',
    '-p',
    String(pg1Port),
    '-U',
    'postgres',
    '-D',
    pg2,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
  ]);
  await execFile('sh', ['-c', `echo "port = ${pg2Port}" >> ${pg2}/postgresql.auto.conf`]);
  await asPostgres([`${PG_BIN}/pg_ctl`, '-D', pg2, '-l', path.join(pgLogs, 'pg2.log'), '-w', 'start']);
  undo.push(stopPg(pg2));
  await until(
    'the standby to stream',
    async () => (await psql(pg1Port, 'select count(*) from pg_stat_replication')) === '1',
  );
  // Synchronous: a commit returns once the standby has its WAL, so a promotion loses nothing acknowledged.
  await psql(pg1Port, "alter system set synchronous_standby_names = '*'");
  await psql(pg1Port, 'select pg_reload_conf()');
  await until(
    'synchronous replication',
    async () => (await psql(pg1Port, 'select sync_state from pg_stat_replication')) === 'sync',
  );
  log(`PostgreSQL primary :${pg1Port}, synchronous standby :${pg2Port}`);

  // ---- Redis: primary, replica, 3 sentinels
  const [r1Port, r2Port] = [await freePort(), await freePort()];
  const sPorts = [await freePort(), await freePort(), await freePort()];
  const redisArgs = (port, dir) => [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ];
  for (const d of ['r1', 'r2', 's0', 's1', 's2']) await mkdir(path.join(tmp, d));
  let redis1 = start('redis1', 'redis-server', redisArgs(r1Port, path.join(tmp, 'r1')), { logDir });
  start(
    'redis2',
    'redis-server',
    [...redisArgs(r2Port, path.join(tmp, 'r2')), '--replicaof', '127.0.0.1', String(r1Port)],
    {
      logDir,
    },
  );
  for (const [i, port] of sPorts.entries()) {
    const conf = path.join(tmp, `s${i}`, 'sentinel.conf');
    await writeFile(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${path.join(tmp, `s${i}`)}`,
        `sentinel monitor pulso 127.0.0.1 ${r1Port} 2`,
        'sentinel down-after-milliseconds pulso 1000',
        'sentinel failover-timeout pulso 5000',
        'sentinel parallel-syncs pulso 1',
      ].join('\n') + '\n',
    );
    start(`sentinel${i}`, 'redis-server', [conf, '--sentinel'], { logDir });
  }
  const { Redis } = apiRequire('ioredis');
  const redisAt = (port) =>
    new Redis({
      host: '127.0.0.1',
      port,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      retryStrategy: () => null,
    });
  const sentinel = redisAt(sPorts[0]);
  await until('the sentinels', async () => {
    await sentinel.connect().catch(() => {});
    const m = await sentinel.call('sentinel', 'master', 'pulso');
    const f = Object.fromEntries(m.reduce((a, v, i) => (i % 2 ? a : [...a, [v, m[i + 1]]]), []));
    return Number(f['num-other-sentinels']) === 2 && Number(f['num-slaves']) === 1;
  });
  undo.push(async () => sentinel.disconnect());
  log(`Redis primary :${r1Port}, replica :${r2Port}, sentinels :${sPorts.join(', :')}`);

  // ---- API nodes
  const secrets = {
    JWT_SECRET: randomBytes(32).toString('base64url'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  };
  const apiPorts = [];
  for (let i = 0; i < NODES; i++) apiPorts.push(await freePort());
  const nodes = [];
  const nodeEnv = (i) => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? '/root',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(apiPorts[i]),
    PULSO_DATA_DIR: path.join(tmp, `node${i}`),
    DATABASE_URL: `postgres://postgres@127.0.0.1:${pg1Port},127.0.0.1:${pg2Port}/pulso?target_session_attrs=read-write`,
    DATABASE_POOL_MAX: '8',
    REDIS_SENTINELS: sPorts.map((p) => `127.0.0.1:${p}`).join(','),
    REDIS_SENTINEL_NAME: 'pulso',
    TRUST_PROXY: 'true',
    SHUTDOWN_DELAY_MS: '1500',
    LOG_LEVEL: 'warn',
    PULSO_DEMO_DATA: 'false',
    RATE_LIMIT_MAX: '1000000000',
    RATE_LIMIT_AUTH_MAX: '1000000000',
    ...secrets,
  });
  const nodeUrl = (i) => `http://127.0.0.1:${apiPorts[i]}`;
  const startNode = async (i) => {
    nodes[i] = start(`api${i}`, process.execPath, [MAIN_JS], { logDir, env: nodeEnv(i) });
    await until(
      `API node ${i}`,
      async () => (await call(nodeUrl(i), 'GET', '/health/ready', { timeoutMs: 2000 })).status === 200,
      90_000,
    );
  };
  await startNode(0); // migrates first
  await Promise.all([1, 2].map(startNode));
  log(`API nodes on :${apiPorts.join(', :')}`);

  // ---- nginx with the shipped configuration
  const ngPort = await freePort();
  const ngPrefix = path.join(tmp, 'nginx');
  const runLoopback = path.join(ROOT, 'deploy/nginx/run-loopback.sh');
  const upstreams = (only) => only.map((i) => `127.0.0.1:${apiPorts[i]}`);
  const nginx = start('nginx', 'bash', [runLoopback, ngPrefix, String(ngPort), ...upstreams([0, 1, 2])], {
    logDir,
  });
  const base = `http://127.0.0.1:${ngPort}`;
  await until('nginx', async () => (await call(base, 'GET', '/health', { timeoutMs: 2000 })).status === 200);
  /** Rewrites the upstream list and reloads nginx (SIGHUP): new workers use it, old ones finish their requests. */
  const setUpstreams = async (only) => {
    await writeFile(
      path.join(ngPrefix, 'upstream-servers.conf'),
      upstreams(only)
        .map((u) => `server ${u} max_fails=2 fail_timeout=5s;\n`)
        .join(''),
    );
    nginx.kill('SIGHUP');
    await sleep(1000);
  };
  log(`nginx on :${ngPort}`);

  // ---- seed: an owner, a gym, a class, members
  const owner = await seedCall(base, 'POST', '/api/v1/auth/register', {
    body: { email: `owner-${STAMP}@multinode.example`, password: 'multinode-password-0123', name: 'Owner' },
  });
  const s = { token: owner.access_token };
  s.gym = (
    await seedCall(base, 'POST', '/api/v1/gyms', { ...s, body: { name: 'Multinode Gym', timezone: 'UTC' } })
  ).id;
  const tomorrow = new Date(Date.now() + 86_400_000);
  const ymd = (d) => d.toISOString().slice(0, 10);
  const CAPACITY = 10;
  const MEMBERS = 24;
  await seedCall(base, 'POST', '/api/v1/schedule/classes', {
    ...s,
    body: {
      name: 'Rush',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      start_time: '09:00',
      duration_min: 45,
      capacity: CAPACITY,
      start_date: ymd(tomorrow),
    },
  });
  const sessions = (
    await must(
      base,
      'GET',
      `/api/v1/schedule/sessions?from=${ymd(tomorrow)}&to=${ymd(new Date(tomorrow.getTime() + 3 * 86_400_000))}`,
      s,
    )
  ).map((x) => x.id);
  const members = await pool(
    Array.from({ length: MEMBERS }, (_, i) => i),
    6,
    async (i) => {
      const email = `m${i}-${STAMP}@multinode.example`;
      const r = await seedCall(base, 'POST', '/api/v1/auth/register', {
        body: { email, password: 'multinode-password-0123', name: `M${i}` },
      });
      return { email, token: r.access_token, userId: r.user.id };
    },
  );
  // The confirmation mail cannot be read here: the members' addresses are confirmed in the database and their
  // cached principals dropped on every node (the cache's own invalidation channel).
  await psql(
    pg1Port,
    `update users set email_verified_at = now() where email like '%-${STAMP}@multinode.example'`,
    'pulso',
  );
  // The nodes' Redis names are under their deployment's namespace, taken from the id in the database.
  const { namespaceOf } = await import(path.join(ROOT, 'packages/api/dist/platform/deployment.js'));
  const prefix = `pulso:${namespaceOf(await psql(pg1Port, 'select id from deployment', 'pulso'))}:`;
  const admin = redisAt(r1Port);
  await admin.connect();
  const keys = members.map((m) => `principal:${m.userId}`);
  await admin.del(...keys.map((k) => `${prefix}c:${k}`));
  await admin.publish(`${prefix}cache:invalidate`, JSON.stringify(keys));
  admin.disconnect();
  await pool(members, 6, async (m) => {
    const inv = await seedCall(base, 'POST', '/api/v1/members', {
      ...s,
      body: { email: m.email, role: 'member' },
    });
    await seedCall(base, 'POST', `/api/v1/users/me/invitations/${inv.invitation.id}/accept`, {
      token: m.token,
    });
  });
  log(`seeded: gym ${s.gym}, ${sessions.length} sessions of ${CAPACITY} places, ${members.length} members`);

  const report = { stamp: STAMP, phases: [] };
  let livePg = pg1Port;
  const verifyAcked = async (res) => {
    const ids = res.acked.map((a) => a.id);
    if (!ids.length) return 0;
    const sql = `select count(*) from class_categories where gym_id = ${s.gym} and id in (${ids.join(',')})`;
    return ids.length - Number(await psql(livePg, sql, 'pulso'));
  };
  const summarise = async (res, extra = {}) => {
    const lost = await verifyAcked(res);
    const row = {
      phase: res.phase,
      sent: res.sent,
      reads: res.reads,
      writes: res.writes,
      failedReads: res.failedReads.length,
      failedWrites: res.failedWrites.length,
      acknowledgedWrites: res.acked.length,
      lost,
      resentAfterKeepAliveClose: res.resent,
      failedStatuses: [...res.failedReads, ...res.failedWrites].reduce((a, r) => {
        const k = r.status || r.error;
        a[k] = (a[k] ?? 0) + 1;
        return a;
      }, {}),
      ...extra,
    };
    // What each failure said (first few), so a failed run explains itself; the request id finds it in the logs.
    row.failures = [...res.failedReads, ...res.failedWrites].slice(0, 5).map((r) => ({
      method: r.method,
      status: r.status || r.error,
      detail: r.detail,
      requestId: r.requestId,
    }));
    report.phases.push(row);
    if (row.failures.length) {
      log(`  first failures: ${JSON.stringify(row.failures)}`);
      // The nodes' own lines about those requests (the warning says which error the 503 stood for).
      for (const f of row.failures.filter((x) => x.requestId)) {
        const found = await execFile('grep', [
          '-h',
          f.requestId,
          ...[0, 1, 2].map((i) => path.join(logDirOf, `api${i}.log`)),
        ])
          .then((r) => r.stdout.trim().split('\n').slice(0, 3))
          .catch(() => []);
        for (const line of found) log(`    ${line.slice(0, 600)}`);
      }
    }
    log(
      `  ${row.phase}: sent ${row.sent} (${row.reads} reads, ${row.writes} writes), failed reads ${row.failedReads}, failed writes ${row.failedWrites}, acknowledged writes ${row.acknowledgedWrites}, lost ${row.lost}, resent after a keep-alive close ${row.resentAfterKeepAliveClose} ${JSON.stringify(row.failedStatuses)}`,
    );
    return row;
  };

  // ---- 1. booking rush over the nodes
  log('phase 1: booking rush through nginx over 3 nodes');
  const rush = [];
  for (const m of members) for (const sid of sessions) rush.push({ m, sid });
  const answers = await pool(rush, 50, ({ m, sid }) =>
    call(base, 'POST', `/api/v1/schedule/sessions/${sid}/bookings`, { token: m.token, gym: s.gym, body: {} }),
  );
  const statuses = answers.reduce((a, r) => ((a[r.status] = (a[r.status] ?? 0) + 1), a), {});
  const spread = (
    await execFile('sh', [
      '-c',
      `grep -c 'POST /api/v1/schedule/sessions' ${ngPrefix}/access.log; awk '/POST \\/api\\/v1\\/schedule\\/sessions/ {print $NF}' ${ngPrefix}/access.log | sort | uniq -c`,
    ])
  ).stdout.trim();
  check(statuses[201] === rush.length, `${rush.length} bookings answered 201 (${JSON.stringify(statuses)})`);
  const rows = await psql(
    pg1Port,
    `select cs.id, r.status, r.user_id, r.id, coalesce(r.position, 0), s.booked_count, s.waitlist_count from reservations r join class_sessions cs on cs.slot_id = r.slot_id join reservable_slots s on s.id = r.slot_id where r.gym_id = ${s.gym} order by cs.id, r.id`,
    'pulso',
  );
  const per = new Map();
  for (const line of rows.split('\n').filter(Boolean)) {
    const [sid, status, user, id, pos, booked, waiting] = line.split('|');
    if (!per.has(sid)) per.set(sid, []);
    per.get(sid).push({
      status,
      user,
      id: Number(id),
      pos: Number(pos),
      booked: Number(booked),
      waiting: Number(waiting),
    });
  }
  let rushOk = per.size === sessions.length;
  for (const rs of per.values()) {
    const b = rs.filter((r) => r.status === 'booked');
    const w = rs.filter((r) => r.status === 'waitlisted');
    rushOk &&= b.length === CAPACITY && w.length === MEMBERS - CAPACITY;
    rushOk &&= rs[0].booked === b.length && rs[0].waiting === w.length;
    rushOk &&= new Set(rs.map((r) => r.user)).size === rs.length;
    rushOk &&= w.every((r, i) => i === 0 || r.pos > w[i - 1].pos);
    rushOk &&= Math.max(...b.map((r) => r.id)) < w[0].id;
  }
  check(
    rushOk,
    `every session: ${CAPACITY} booked, ${MEMBERS - CAPACITY} waitlisted in arrival order, counters match, nobody twice`,
  );
  const servedBy = spread
    .split('\n')
    .slice(1)
    .map((l) => l.trim());
  check(servedBy.length === NODES, `the rush went to all ${NODES} nodes (${servedBy.join('; ')})`);
  report.rush = { bookings: rush.length, statuses, servedBy };

  // ---- 2. kill -9 of one node under load
  log('phase 2: kill -9 of node 1 under load');
  let load = loadOf(base, s, 'kill9');
  await sleep(3000);
  nodes[1].kill('SIGKILL');
  await exited(nodes[1]);
  await sleep(4000);
  await startNode(1);
  await sleep(2000);
  let res = await load.stop();
  let row = await summarise(res);
  check(row.failedReads === 0, 'kill -9: no failed idempotent request');
  check(row.lost === 0, 'kill -9: no acknowledged write lost');

  // ---- 3. rolling restart
  log('phase 3: rolling restart of the 3 nodes under load');
  load = loadOf(base, s, 'rolling');
  await sleep(2000);
  const readyDuringDrain = [];
  for (let i = 0; i < NODES; i++) {
    await setUpstreams([0, 1, 2].filter((j) => j !== i));
    nodes[i].kill('SIGTERM');
    // Readiness turns 503 while the node still answers (SHUTDOWN_DELAY_MS), before the drain. The signal is
    // handled on the node's next turn, so a request already on its way may still see 200: ask again for up to
    // a second, then require the node to be alive.
    let ready = await call(nodeUrl(i), 'GET', '/health/ready', { timeoutMs: 1000 });
    for (let k = 0; k < 20 && ready.status === 200; k++) {
      await sleep(50);
      ready = await call(nodeUrl(i), 'GET', '/health/ready', { timeoutMs: 1000 });
    }
    const alive = await call(nodeUrl(i), 'GET', '/health', { timeoutMs: 1000 });
    readyDuringDrain.push({ node: i, ready: ready.status, health: alive.status });
    await exited(nodes[i]);
    await startNode(i);
    await setUpstreams([0, 1, 2]);
  }
  await sleep(2000);
  res = await load.stop();
  row = await summarise(res, { readyDuringDrain });
  check(
    readyDuringDrain.every((r) => r.ready === 503 && r.health === 200),
    `after SIGTERM each node answered /health/ready 503 while still serving (${JSON.stringify(readyDuringDrain)})`,
  );
  check(row.failedReads + row.failedWrites === 0, 'rolling restart: zero failed requests');
  check(row.lost === 0, 'rolling restart: no acknowledged write lost');

  // ---- 4. PostgreSQL failover
  log('phase 4: PostgreSQL primary stopped, standby promoted, under load');
  load = loadOf(base, s, 'pg-failover');
  await sleep(3000);
  const tStop = Date.now();
  await stopPg(pg1)();
  await sleep(2000);
  await asPostgres([`${PG_BIN}/pg_ctl`, '-D', pg2, '-w', 'promote']);
  livePg = pg2Port;
  const tPromoted = Date.now();
  // The pool reconnects to the first host that accepts writes: the promoted standby.
  const recovered = await until(
    'a write through nginx after the promotion',
    async () =>
      (
        await call(base, 'POST', '/api/v1/schedule/categories', {
          ...s,
          body: { name: `after-promotion-${Date.now()}` },
        })
      ).status === 201 && Date.now(),
    60_000,
    250,
  );
  await sleep(3000);
  res = await load.stop();
  const during = [...res.failedReads, ...res.failedWrites];
  row = await summarise(res, {
    downMs: recovered - tStop,
    promotedAfterMs: tPromoted - tStop,
    writableAfterPromotionMs: recovered - tPromoted,
  });
  check(
    during.every((r) => r.status === 503 && r.retryAfter),
    `failed requests during the switch are all 503 with Retry-After (${JSON.stringify(row.failedStatuses)})`,
  );
  check(row.lost === 0, 'PostgreSQL failover: no acknowledged write lost (synchronous standby)');
  const late = during.filter((r) => r.at > recovered);
  log(
    `  failures after the first write through nginx succeeded: ${late.length}` +
      (late.length ? `, the last ${Math.max(...late.map((r) => r.at)) - recovered} ms after it` : ''),
  );
  check(
    recovered - tPromoted < 15_000,
    `writes resumed ${((recovered - tPromoted) / 1000).toFixed(1)} s after the promotion`,
  );

  // The next phase judges Redis alone: each node must have left the database switch behind first (its pool's
  // connections to the stopped primary found dead and replaced), shown by a burst of writes sent to it directly,
  // as many at once as its pool has connections, all answered 201.
  const tSettle = Date.now();
  let lastSettle = [];
  await until(
    'every node writing again after the PostgreSQL switch',
    async () => {
      const answers = await Promise.all(
        [0, 1, 2].flatMap((i) =>
          Array.from({ length: 20 }, (_, k) =>
            call(nodeUrl(i), 'POST', '/api/v1/schedule/categories', {
              ...s,
              body: { name: `settle-${i}-${k}-${Date.now()}` },
            }),
          ),
        ),
      );
      lastSettle = answers.map((r, j) => ({
        node: Math.floor(j / 20),
        status: r.status || r.error,
        detail: r.json?.detail,
      }));
      return answers.every((r) => r.status === 201);
    },
    30_000,
    250,
  ).catch((err) => {
    const seen = {};
    for (const a of lastSettle) {
      const k = `node ${a.node}: ${a.status}${a.detail ? ` ${a.detail}` : ''}`;
      seen[k] = (seen[k] ?? 0) + 1;
    }
    log(`  the last burst's answers: ${JSON.stringify(seen)}`);
    throw err;
  });
  log(`  every node wrote 20 at once again ${Date.now() - tSettle} ms after the phase ended`);

  // ---- 5. Redis failover
  log('phase 5: Redis primary killed, Sentinel promotes the replica, under load');
  load = loadOf(base, s, 'redis-failover');
  await sleep(3000);
  redis1.kill('SIGKILL');
  const tKill = Date.now();
  const newPrimary = await until(
    'Sentinel to promote the replica',
    async () => {
      const [, port] = await sentinel.call('sentinel', 'get-master-addr-by-name', 'pulso');
      return Number(port) === r2Port && port;
    },
    30_000,
    250,
  );
  const tSwitch = Date.now();
  await until(
    'every node ready with its cache up',
    async () => {
      const r = await Promise.all([0, 1, 2].map((i) => call(nodeUrl(i), 'GET', '/health/ready')));
      return r.every((x) => x.status === 200 && x.json?.checks?.cache === 'up');
    },
    30_000,
    250,
  );
  const tUp = Date.now();
  await sleep(3000);
  res = await load.stop();
  row = await summarise(res, { switchMs: tSwitch - tKill, cacheUpMs: tUp - tKill });
  check(row.failedReads + row.failedWrites === 0, 'Redis failover: zero failed requests');
  check(row.lost === 0, 'Redis failover: no acknowledged write lost');
  void newPrimary;
  // Cache, invalidation and counters on the new primary: every node reads the class list (cached), one node adds
  // a class, and every node shows it on the very next read.
  for (let i = 0; i < NODES; i++) await must(nodeUrl(i), 'GET', '/api/v1/schedule/classes', s);
  await must(nodeUrl(0), 'POST', '/api/v1/schedule/classes', {
    ...s,
    body: {
      name: 'After the failover',
      weekdays: [1],
      start_time: '18:00',
      duration_min: 30,
      capacity: 5,
      start_date: ymd(tomorrow),
    },
  });
  const seen = [];
  for (let i = 0; i < NODES; i++)
    seen.push(
      (await must(nodeUrl(i), 'GET', '/api/v1/schedule/classes', s)).some(
        (c) => c.name === 'After the failover',
      ),
    );
  check(seen.every(Boolean), `a class added on node 0 shows on every node's next read (${seen.join(', ')})`);
  const r2 = redisAt(r2Port);
  await r2.connect();
  const role = (await r2.call('role'))[0];
  let cacheKeys = 0;
  let rlKeys = 0;
  for (const [pattern, set] of [
    ['pulso:*:c:*', (n) => (cacheKeys = n)],
    ['*rl*', (n) => (rlKeys = n)],
  ]) {
    let n = 0;
    let cursor = '0';
    do {
      const [next, found] = await r2.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      n += found.length;
      cursor = next;
    } while (cursor !== '0');
    set(n);
  }
  r2.disconnect();
  check(
    role === 'master' && cacheKeys > 0 && rlKeys > 0,
    `the new primary (${role}) holds cache entries (${cacheKeys}) and rate-limit counters (${rlKeys})`,
  );

  report.failures = failures;
  report.seconds = (Date.now() - t0) / 1000;
  await writeFile(path.join(OUT_DIR, `multinode-${STAMP}.json`), JSON.stringify(report, null, 2));
  console.log('\n| phase | sent | failed reads | failed writes | acknowledged writes | lost | resent |');
  console.log('|---|--:|--:|--:|--:|--:|--:|');
  for (const p of report.phases)
    console.log(
      `| ${p.phase} | ${p.sent} | ${p.failedReads} | ${p.failedWrites} | ${p.acknowledgedWrites} | ${p.lost} | ${p.resentAfterKeepAliveClose} |`,
    );
  console.log(`\nbooking rush: ${rush.length} bookings, ${JSON.stringify(statuses)}`);
}

async function idsOf(user) {
  const uid = Number((await execFile('id', ['-u', user])).stdout);
  const gid = Number((await execFile('id', ['-g', user])).stdout);
  return [uid, gid];
}

let code = 0;
let logDirOf;
try {
  await main();
  code = failures.length ? 1 : 0;
  log(
    failures.length
      ? `${failures.length} assertion(s) failed:\n  ${failures.join('\n  ')}`
      : 'all assertions held',
  );
} catch (err) {
  console.error(err.stack ?? err.message);
  code = 1;
} finally {
  if (code && logDirOf) {
    const keep = path.join(OUT_DIR, `multinode-${STAMP}-logs`);
    await execFile('cp', ['-r', logDirOf, keep]).catch(() => {});
    console.error(`logs kept in ${keep}`);
  }
  await cleanup();
}
process.exit(code);
