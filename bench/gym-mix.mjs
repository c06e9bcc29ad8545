// `npm run bench:gym` (also run by `npm run bench`): the gym seed's Locust mix against the real server on
// PostgreSQL + Redis, next to a bare Fastify route in the same run. See bench/README.md ("Gym mix").
//
//   GET /api/v1/schedule/classes (weight 3), GET /api/v1/events (2), GET /api/v1/users/me (1),
//   bearer token + X-Gym-ID, a gym with 50 classes and 100 events, at 100 and 500 connections;
//   then a booking burst: POST /api/v1/schedule/sessions/{id}/bookings by many members on many sessions.
//
// A measurement, not a test: exits 0 whether or not the targets are met, 1 only when it could not run.
/* global fetch, AbortSignal, clearTimeout */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const OUT_DIR = path.join(HERE, 'out');
const MAIN_JS = path.resolve(process.env.BENCH_PULSO_MAIN ?? path.join(ROOT, 'packages/api/dist/main.js'));
const apiRequire = createRequire(path.join(ROOT, 'packages/api/package.json'));

const num = (name, fallback) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${v}"`);
  return n;
};
const OPTS = {
  duration: num('BENCH_DURATION', 10),
  warmup: num('BENCH_WARMUP', 3),
  pgAdminUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.BENCH_GYM_REDIS_URL ?? 'redis://127.0.0.1:6379/4',
  members: num('BENCH_BURST_MEMBERS', 200),
  sessions: num('BENCH_BURST_SESSIONS', 10),
  serverEnv: JSON.parse(process.env.BENCH_SERVER_ENV || '{}'),
  cpuProf: process.env.BENCH_CPU_PROF === '1',
};
// Seed's targets and ours (issue "Speed").
const TARGET = { p50: 30, p95: 100, p99Seed: 200, rps: 1000, p99Ours: 30, ratio: 0.35 };
const STAMP = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '_');

const children = new Set();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function startChild(args, env, logFile, ready) {
  const proc = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  const log = createWriteStream(logFile);
  proc.stderr.on('data', (c) => log.write(c));
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`${args.at(-1)} did not start; see ${logFile}`)), 60_000);
    proc.stdout.on('data', (chunk) => {
      log.write(chunk);
      buf += String(chunk);
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) {
        const v = ready(l);
        if (v !== undefined) {
          clearTimeout(timer);
          resolve({ proc, value: v });
        }
      }
    });
    proc.on('exit', (code) => reject(new Error(`${args.at(-1)} exited (${code}); see ${logFile}`)));
  });
}
async function stopChild(proc) {
  if (!proc || proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  if ((await Promise.race([exited, sleep(15_000).then(() => 't')])) === 't') proc.kill('SIGKILL');
}
function cpuSecondsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

/** One autocannon run; percentiles from every response's own latency. */
function load({ url, requests, headers, duration, amount, connections, pid }) {
  return new Promise((resolve, reject) => {
    const lat = [];
    const statuses = {};
    const cpu0 = cpuSecondsOf(pid);
    const t0 = performance.now();
    const inst = autocannon(
      { url, requests, headers, ...(amount ? { amount } : { duration }), connections, pipelining: 1 },
      (err, res) => {
        if (err) return reject(err);
        const wall = (performance.now() - t0) / 1000;
        lat.sort((a, b) => a - b);
        const pct = (p) => lat[Math.min(lat.length - 1, Math.max(0, Math.ceil((p / 100) * lat.length) - 1))];
        const cpu1 = cpuSecondsOf(pid);
        resolve({
          rps: amount ? lat.length / wall : res.requests.average,
          responses: lat.length,
          wallS: wall,
          statuses,
          errors: res.errors,
          timeouts: res.timeouts,
          non2xx: res.non2xx,
          latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: lat.at(-1) },
          serverCpuUsPerReq: cpu0 === null || cpu1 === null ? null : ((cpu1 - cpu0) / lat.length) * 1e6,
          loadAvg1m: os.loadavg()[0],
        });
      },
    );
    inst.on('response', (_c, status, _b, ms) => {
      lat.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
}

async function http(method, url, { body, token, gym } = {}) {
  const res = await fetch(url, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(gym ? { 'x-gym-id': String(gym) } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}
async function must(method, url, o, status = [200, 201]) {
  const r = await http(method, url, o);
  if (!status.includes(r.status))
    throw new Error(`${method} ${url} answered ${r.status}: ${JSON.stringify(r.json)}`);
  return r.json;
}
/** Runs `fn` over `items` with at most `n` at a time. */
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

const ymd = (d) => d.toISOString().slice(0, 10);

/** The gym of the seed's load test: 50 classes, 100 upcoming events, and members for the booking burst. */
async function seed(base) {
  const t0 = Date.now();
  const owner = await must('POST', `${base}/api/v1/auth/register`, {
    body: { email: `owner-${STAMP}@bench.example`, password: 'bench-password-0123', name: 'Bench Owner' },
  });
  const token = owner.access_token;
  const gym = (
    await must('POST', `${base}/api/v1/gyms`, {
      token,
      body: { name: 'Bench Gym', timezone: 'Europe/Madrid' },
    })
  ).id;
  const o = { token, gym };
  const today = new Date();
  const cats = [];
  for (const name of ['Yoga', 'Spinning', 'CrossFit', 'Pilates', 'Boxing'])
    cats.push((await must('POST', `${base}/api/v1/schedule/categories`, { ...o, body: { name } })).id);
  await pool(
    Array.from({ length: 50 }, (_, i) => i),
    8,
    (i) =>
      must('POST', `${base}/api/v1/schedule/classes`, {
        ...o,
        body: {
          name: `Class ${i + 1}`,
          description: `Bench class number ${i + 1}`,
          category_id: cats[i % cats.length],
          weekdays: [(i % 7) + 1, ((i + 3) % 7) + 1],
          start_time: `${String(7 + (i % 14)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`,
          duration_min: 45 + (i % 3) * 15,
          room: `Room ${(i % 4) + 1}`,
          capacity: 20,
          start_date: ymd(today),
        },
      }),
  );
  await pool(
    Array.from({ length: 100 }, (_, i) => i),
    8,
    (i) => {
      const starts = new Date(Date.now() + (i + 1) * 36 * 3_600_000);
      return must('POST', `${base}/api/v1/events`, {
        ...o,
        body: {
          title: `Event ${i + 1}`,
          description: 'Bench event',
          starts_at: starts.toISOString(),
          ends_at: new Date(starts.getTime() + 2 * 3_600_000).toISOString(),
          location: `Hall ${(i % 3) + 1}`,
          capacity: 30,
        },
      });
    },
  );
  // Members of the booking burst.
  const members = await pool(
    Array.from({ length: OPTS.members }, (_, i) => i),
    8,
    async (i) => {
      const email = `m${i}-${STAMP}@bench.example`;
      const r = await must('POST', `${base}/api/v1/auth/register`, {
        body: { email, password: 'bench-password-0123', name: `Member ${i}` },
      });
      await must('POST', `${base}/api/v1/members`, { ...o, body: { email, role: 'member' } });
      return r.access_token;
    },
  );
  const from = new Date(Date.now() + 86_400_000);
  const sessions = await must(
    'GET',
    `${base}/api/v1/schedule/sessions?from=${ymd(from)}&to=${ymd(new Date(from.getTime() + 6 * 86_400_000))}`,
    o,
  );
  console.log(
    `  seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s: 50 classes, 100 events, ${members.length} members, ${sessions.length} sessions in the next week`,
  );
  return { token, gym, members, sessionIds: sessions.slice(0, OPTS.sessions).map((s) => s.id) };
}

async function main() {
  await mkdir(OUT_DIR, { recursive: true });
  const postgres = apiRequire('postgres');
  const { Redis } = apiRequire('ioredis');
  const sql = postgres(OPTS.pgAdminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
  const redis = new Redis(OPTS.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await sql`select 1`;
    await redis.connect();
  } catch (err) {
    console.error(`gym mix skipped: PostgreSQL or Redis did not answer (${err.message})`);
    await sql.end().catch(() => {});
    return 0;
  }
  const clearRedis = async () => {
    for (const pattern of ['pulso:c:*', 'pulso-rl-*']) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  };
  const dbName = `pulso_gymbench_${STAMP.replace('_', '')}`;
  const dbUrl = new URL(OPTS.pgAdminUrl);
  dbUrl.pathname = `/${dbName}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pulso-gymbench-'));
  let bare;
  let pulso;
  const results = { stamp: STAMP, opts: OPTS, node: process.version, cpus: os.cpus().length, runs: [] };
  try {
    await sql.unsafe(`create database "${dbName}"`);
    await clearRedis();
    bare = await startChild(
      [path.join(HERE, 'bare-server.mjs')],
      { PATH: process.env.PATH },
      path.join(OUT_DIR, `gym-bare-${STAMP}.log`),
      (l) => {
        try {
          return JSON.parse(l).port;
        } catch {
          return undefined;
        }
      },
    );
    const bareUrl = `http://127.0.0.1:${bare.value}/bare`;
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '1000000000',
      RATE_LIMIT_AUTH_MAX: '1000000000',
      PULSO_DEMO_DATA: 'false',
      PULSO_DATA_DIR: dataDir,
      DATABASE_URL: dbUrl.href,
      REDIS_URL: OPTS.redisUrl,
      ...OPTS.serverEnv,
    };
    pulso = await startChild(
      OPTS.cpuProf
        ? [
            '--cpu-prof',
            '--cpu-prof-dir',
            OUT_DIR,
            '--cpu-prof-name',
            `gym-pulso-${STAMP}.cpuprofile`,
            MAIN_JS,
          ]
        : [MAIN_JS],
      env,
      path.join(OUT_DIR, `gym-pulso-${STAMP}.log`),
      (l) => /listening on (http:\/\/\S+)/.exec(l)?.[1],
    );
    const base = pulso.value;
    console.log(`== Gym mix on PostgreSQL + Redis (${base}); ${OPTS.duration} s per run`);
    const s = await seed(base);
    const headers = { authorization: `Bearer ${s.token}`, 'x-gym-id': String(s.gym) };
    const get = (p) => ({ method: 'GET', path: p });
    const mix = [
      get('/api/v1/schedule/classes'),
      get('/api/v1/schedule/classes'),
      get('/api/v1/schedule/classes'),
      get('/api/v1/events'),
      get('/api/v1/events'),
      get('/api/v1/users/me'),
    ];
    const pid = pulso.proc.pid;

    // Sanity: every route of the mix answers 200 with the seeded data.
    for (const r of ['/api/v1/schedule/classes', '/api/v1/events', '/api/v1/users/me']) {
      const res = await http('GET', `${base}${r}`, { token: s.token, gym: s.gym });
      if (res.status !== 200) throw new Error(`${r} answered ${res.status}`);
    }

    const run = async (target, o) => {
      await sleep(500);
      process.stdout.write(`  ${target} ... `);
      const r = await load({ duration: OPTS.duration, ...o });
      console.log(
        `${Math.round(r.rps)} req/s, p50 ${r.latencyMs.p50.toFixed(2)} p95 ${r.latencyMs.p95.toFixed(2)} p99 ${r.latencyMs.p99.toFixed(2)} ms, statuses ${JSON.stringify(r.statuses)}`,
      );
      results.runs.push({ target, connections: o.connections, ...r });
      return r;
    };
    console.log(`  warm-up ${OPTS.warmup} s`);
    await load({ url: bareUrl, duration: OPTS.warmup, connections: 100, pid: bare.proc.pid });
    await load({ url: base, requests: mix, headers, duration: OPTS.warmup, connections: 100, pid });

    const b1 = await run('bare #1', { url: bareUrl, connections: 100, pid: bare.proc.pid });
    const m100 = await run('mix (3:2:1)', { url: base, requests: mix, headers, connections: 100, pid });
    const m500 = await run('mix (3:2:1)', { url: base, requests: mix, headers, connections: 500, pid });
    await run('GET /schedule/classes', {
      url: `${base}/api/v1/schedule/classes`,
      headers,
      connections: 100,
      pid,
    });
    await run('GET /events', { url: `${base}/api/v1/events`, headers, connections: 100, pid });
    await run('GET /users/me', { url: `${base}/api/v1/users/me`, headers, connections: 100, pid });
    const b2 = await run('bare #2', { url: bareUrl, connections: 100, pid: bare.proc.pid });

    // Booking burst: every member books every one of the first N sessions, all at once (capacity 20 each).
    const pairs = [];
    for (const sid of s.sessionIds) for (const t of s.members) pairs.push({ sid, t });
    let next = 0;
    const burstReq = {
      method: 'POST',
      path: '/',
      setupRequest: (req) => {
        const p = pairs[next++ % pairs.length];
        return {
          ...req,
          path: `/api/v1/schedule/sessions/${p.sid}/bookings`,
          headers: {
            ...req.headers,
            authorization: `Bearer ${p.t}`,
            'x-gym-id': String(s.gym),
            'content-type': 'application/json',
          },
          body: '{}',
        };
      },
    };
    await sleep(500);
    process.stdout.write(
      `  booking burst: ${pairs.length} POSTs (${s.members.length} members × ${s.sessionIds.length} sessions), 100 connections ... `,
    );
    const burst = await load({
      url: base,
      requests: [burstReq],
      amount: pairs.length,
      connections: 100,
      pid,
    });
    console.log(
      `${Math.round(burst.rps)} bookings/s, p50 ${burst.latencyMs.p50.toFixed(1)} p99 ${burst.latencyMs.p99.toFixed(1)} ms, statuses ${JSON.stringify(burst.statuses)}`,
    );
    results.runs.push({ target: 'booking burst', connections: 100, ...burst });
    // The invariant after the burst: exactly min(capacity, members) booked per session.
    const check = await must('GET', `${base}/api/v1/schedule/sessions/${s.sessionIds[0]}`, {
      token: s.token,
      gym: s.gym,
    });
    console.log(
      `  after the burst, session ${s.sessionIds[0]}: booked ${check.booked_count}, waitlist ${check.waitlist_count}`,
    );
    results.burstCheck = check;

    const bareRps = (b1.rps + b2.rps) / 2;
    const verdict = (r) => {
      const f = [];
      if (!(r.latencyMs.p50 < TARGET.p50)) f.push(`p50 ${r.latencyMs.p50.toFixed(1)} >= ${TARGET.p50}`);
      if (!(r.latencyMs.p95 < TARGET.p95)) f.push(`p95 ${r.latencyMs.p95.toFixed(1)} >= ${TARGET.p95}`);
      if (!(r.latencyMs.p99 < TARGET.p99Seed))
        f.push(`p99 ${r.latencyMs.p99.toFixed(1)} >= ${TARGET.p99Seed}`);
      if (!(r.rps > TARGET.rps)) f.push(`${Math.round(r.rps)} req/s <= ${TARGET.rps}`);
      if (r.non2xx || r.errors || r.timeouts)
        f.push(`${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
      return f;
    };
    const seed100 = verdict(m100);
    const seed500 = verdict(m500);
    const ours = [];
    if (!(m100.latencyMs.p99 < TARGET.p99Ours))
      ours.push(`p99 ${m100.latencyMs.p99.toFixed(1)} >= ${TARGET.p99Ours}`);
    const ratio = m100.rps / bareRps;
    if (ratio < TARGET.ratio) ours.push(`ratio ${ratio.toFixed(2)} < ${TARGET.ratio}`);
    results.summary = { bareRps, ratio100: ratio, ratio500: m500.rps / bareRps, seed100, seed500, ours };
    console.log(
      `\n  bare mean ${Math.round(bareRps)} req/s; mix@100 = ${(ratio * 100).toFixed(0)}% of bare, mix@500 = ${((m500.rps / bareRps) * 100).toFixed(0)}%`,
    );
    console.log(`  seed targets @100: ${seed100.length ? 'FAIL ' + seed100.join('; ') : 'PASS'}`);
    console.log(`  seed targets @500: ${seed500.length ? 'FAIL ' + seed500.join('; ') : 'PASS'}`);
    console.log(
      `  our targets @100 (p99 < 30 ms, >= 35% of bare): ${ours.length ? 'FAIL ' + ours.join('; ') : 'PASS'}`,
    );
    const file = path.join(OUT_DIR, `gym-mix-${STAMP}.json`);
    await writeFile(file, JSON.stringify(results, null, 2));
    console.log(`  written ${file}`);
    return 0;
  } catch (err) {
    console.error(`gym mix failed: ${err.stack ?? err.message}`);
    return 1;
  } finally {
    await stopChild(pulso?.proc);
    await stopChild(bare?.proc);
    await sql.unsafe(`drop database if exists "${dbName}" with (force)`).catch(() => {});
    await clearRedis().catch(() => {});
    redis.disconnect();
    await sql.end().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
