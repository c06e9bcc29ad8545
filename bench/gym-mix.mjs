// `npm run bench:gym` (also run by `npm run bench`): the gym seed's Locust mix against the real server on
// PostgreSQL + Redis, next to a bare Fastify route in the same run. See bench/README.md ("Gym mix").
//
//   GET /api/v1/schedule/classes (weight 3), GET /api/v1/events (2), GET /api/v1/users/me (1),
//   bearer token + X-Gym-ID, a gym with 50 classes and 100 events.
//
// Two load models:
// - saturation (autocannon, closed loop, no pause between requests) at 100 and 500 connections: capacity, and
//   our targets at 100 connections, measured in short slices alternating with the bare route so both see the
//   same machine (this machine is shared, and its speed moves within seconds);
// - the seed's own Locust model: 100 and 500 users, each waiting 1–3 s between requests (`wait_time =
//   between(1, 3)` in the seed's locustfile), for the seed's latency targets.
// Both run in a child process per run (`load-child.mjs`), never in this one. Then the mix while members register
// for events and cancel, and a booking burst: POST /api/v1/schedule/sessions/{id}/bookings by many members.
//
// A measurement, not a test: exits 0 whether or not the targets are met, 1 only when it could not run.
import { Buffer } from 'node:buffer';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import {
  apiRequire,
  cpuOf,
  HERE,
  http as request,
  MAIN_JS,
  num,
  OUT_DIR,
  percentile,
  RATE_LIMIT_MAX,
  STAMP,
  startChild,
  clearPulsoRedis,
  stopChild,
} from './lib.mjs';

const OPTS = {
  duration: num('BENCH_DURATION', 10),
  warmup: num('BENCH_WARMUP', 3),
  slice: num('BENCH_SLICE', 3),
  slices: num('BENCH_SLICES', 6),
  locustDuration: num('BENCH_LOCUST_DURATION', 30),
  pgAdminUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  // `off`: no Redis, the server's in-process cache (as `npm start` runs).
  redisUrl: process.env.BENCH_GYM_REDIS_URL ?? 'redis://127.0.0.1:6379/4',
  members: num('BENCH_BURST_MEMBERS', 200),
  writesPerS: num('BENCH_WRITES_PER_S', 20),
  sessions: num('BENCH_BURST_SESSIONS', 10),
  serverEnv: JSON.parse(process.env.BENCH_SERVER_ENV || '{}'),
  // Node/V8 flags that NODE_OPTIONS refuses (--trace-gc, --single-threaded-gc, …), space-separated.
  nodeArgs: (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
  // `1`: autocannon in the bench's own process, as before `load-child.mjs` (for comparison).
  clientInProcess: process.env.BENCH_CLIENT_IN_PROCESS === '1',
  cpuProf: process.env.BENCH_CPU_PROF === '1',
};
// Seed's targets and ours (issue "Speed").
const TARGET = { p50: 30, p95: 100, p99Seed: 200, rps: 1000, p99Ours: 30, ratio: 0.35 };

const latencyOf = (lat) => {
  lat.sort((a, b) => a - b);
  return { p50: percentile(lat, 50), p95: percentile(lat, 95), p99: percentile(lat, 99), max: lat.at(-1) };
};

/** autocannon in this process: for runs whose requests are built by a function (`setupRequest`). */
function autocannonHere(opts) {
  return new Promise((resolve, reject) => {
    const lat = [];
    const statuses = {};
    const inst = autocannon({ ...opts, pipelining: 1 }, (err, res) => {
      if (err) return reject(err);
      resolve({ ...res, requestsAverage: res.requests.average, lat, statuses });
    });
    inst.on('response', (_c, status, _b, ms) => {
      lat.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
}

/** A load generator of `load-child.mjs` (`autocannon` or `locust`) in a process of its own. */
function inChild(kind, opts) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(HERE, 'load-child.mjs'), JSON.stringify({ kind, ...opts })],
      { maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`load generator failed: ${stderr || err.message}`));
        const r = JSON.parse(stdout);
        const bytes = Buffer.from(r.lat, 'base64');
        const lat = Array.from(new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8));
        resolve({ ...r, lat });
      },
    );
  });
}

/** The seed's Locust model (`load-child.mjs`): `users` users waiting 1–3 s between requests, for `seconds`. */
async function locustUsers({ base, paths, headers, users, seconds }) {
  const r = await inChild('locust', { base, paths, headers, users, seconds });
  return {
    users,
    responses: r.lat.length,
    rps: r.lat.length / seconds,
    statuses: r.statuses,
    errors: r.errors,
    latencyMs: latencyOf(r.lat),
  };
}

/**
 * One autocannon run; percentiles from every response's own latency, server CPU per response from /proc. The load
 * generator runs in its own process unless the requests are built by a function.
 */
async function load({ url, requests, headers, duration, amount, connections, pid }) {
  const opts = { url, requests, headers, ...(amount ? { amount } : { duration }), connections };
  const here = OPTS.clientInProcess || requests?.some((r) => typeof r.setupRequest === 'function');
  const cpu0 = cpuOf(pid);
  const t0 = performance.now();
  const res = await (here ? autocannonHere(opts) : inChild('autocannon', opts));
  const wall = (performance.now() - t0) / 1000;
  const cpu1 = cpuOf(pid);
  const { lat, statuses } = res;
  const perReq = (f) => (cpu0 && cpu1 && lat.length ? ((f(cpu1) - f(cpu0)) / lat.length) * 1e6 : null);
  return {
    rps: amount ? lat.length / wall : res.requestsAverage,
    responses: lat.length,
    wallS: wall,
    client: here ? 'in-process' : 'child process',
    statuses,
    errors: res.errors,
    timeouts: res.timeouts,
    non2xx: res.non2xx,
    lat,
    latencyMs: latencyOf([...lat]),
    // autocannon's own figures (1 ms resolution), for comparison.
    autocannonLatencyMs: { p50: res.latency.p50, p99: res.latency.p99 },
    serverCpuUsPerReq: perReq((c) => c.user + c.sys),
    // Kernel share (socket reads and writes) of that CPU time.
    serverSysUsPerReq: perReq((c) => c.sys),
    loadAvg1m: os.loadavg()[0],
  };
}

async function must(method, url, o, status = [200, 201]) {
  const r = await request(method, url, o);
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

/**
 * Members registering for events and cancelling, one write at a time, started every 1/perSecond s (or as soon as
 * the last one answered, if it took longer) until `stop()`. Every registration and cancellation retires the gym's
 * cached event lists, so the mix's readers miss them and rebuild.
 */
function eventWriter({ base, gym, members, eventIds, perSecond }) {
  const statuses = {};
  const lat = [];
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i++) {
      const t0 = performance.now();
      const token = members[i % members.length];
      const eventId = eventIds[i % eventIds.length];
      const reg = await request('POST', `${base}/api/v1/events/${eventId}/registrations`, {
        token,
        gym,
        body: {},
      });
      statuses[reg.status] = (statuses[reg.status] ?? 0) + 1;
      if (reg.status === 201) {
        const del = await request('DELETE', `${base}/api/v1/events/registrations/${reg.json.id}`, {
          token,
          gym,
        });
        statuses[del.status] = (statuses[del.status] ?? 0) + 1;
      }
      lat.push(performance.now() - t0);
      await sleep(Math.max(0, 1000 / perSecond - (performance.now() - t0)));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      const writes = Object.values(statuses).reduce((a, b) => a + b, 0);
      return { writes, statuses, latencyMs: latencyOf(lat) };
    },
  };
}

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
  const withRedis = OPTS.redisUrl !== 'off';
  const redis = new Redis(withRedis ? OPTS.redisUrl : 'redis://127.0.0.1:1', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await sql`select 1`;
    if (withRedis) await redis.connect();
  } catch (err) {
    console.error(`gym mix skipped: PostgreSQL or Redis did not answer (${err.message})`);
    await sql.end().catch(() => {});
    return 0;
  }
  const clearRedis = async () => {
    if (withRedis) await clearPulsoRedis(redis);
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
      'bare server',
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
      RATE_LIMIT_MAX,
      RATE_LIMIT_AUTH_MAX: RATE_LIMIT_MAX,
      PULSO_DEMO_DATA: 'false',
      PULSO_DATA_DIR: dataDir,
      DATABASE_URL: dbUrl.href,
      ...(withRedis ? { REDIS_URL: OPTS.redisUrl } : {}),
      ...OPTS.serverEnv,
    };
    pulso = await startChild(
      'Pulso',
      [
        ...OPTS.nodeArgs,
        ...(OPTS.cpuProf
          ? ['--cpu-prof', '--cpu-prof-dir', OUT_DIR, '--cpu-prof-name', `gym-pulso-${STAMP}.cpuprofile`]
          : []),
        MAIN_JS,
      ],
      env,
      path.join(OUT_DIR, `gym-pulso-${STAMP}.log`),
      (l) => /listening on (http:\/\/\S+)/.exec(l)?.[1],
    );
    const base = pulso.value;
    console.log(
      `== Gym mix on PostgreSQL + ${withRedis ? 'Redis' : 'the in-process cache'} (${base}); ${OPTS.duration} s per run`,
    );
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
      const res = await request('GET', `${base}${r}`, { token: s.token, gym: s.gym });
      if (res.status !== 200) throw new Error(`${r} answered ${res.status}`);
    }

    const line = (r) =>
      `${Math.round(r.rps)} req/s, p50 ${r.latencyMs.p50.toFixed(2)} p95 ${r.latencyMs.p95.toFixed(2)} p99 ${r.latencyMs.p99.toFixed(2)} ms, statuses ${JSON.stringify(r.statuses)}`;
    const keep = (target, connections, r) => {
      const { lat: _lat, ...rest } = r;
      results.runs.push({ target, connections, ...rest });
      return r;
    };
    const run = async (target, o) => {
      await sleep(500);
      process.stdout.write(`  ${target} ... `);
      const r = await load({ duration: OPTS.duration, ...o });
      console.log(line(r));
      return keep(target, o.connections, r);
    };
    const bareLoad = { url: bareUrl, connections: 100, pid: bare.proc.pid };
    const mixLoad = (connections) => ({ url: base, requests: mix, headers, connections, pid });
    console.log(`  warm-up ${OPTS.warmup} s`);
    await load({ ...bareLoad, duration: OPTS.warmup });
    await load({ ...mixLoad(100), duration: OPTS.warmup });

    // Saturation at 100 connections, in slices alternating with the bare route (which goes first in odd pairs
    // and second in even ones): each pair's ratio compares two stretches of seconds of the same machine.
    console.log(
      `  saturation, 100 connections: ${OPTS.slices} pairs of ${OPTS.slice} s slices, bare route and mix alternating`,
    );
    const pairs = [];
    const mixLat = [];
    const mixStatuses = {};
    for (let k = 0; k < OPTS.slices; k++) {
      const order = k % 2 ? ['mix', 'bare'] : ['bare', 'mix'];
      const got = {};
      for (const which of order) {
        await sleep(200);
        got[which] = await load({
          ...(which === 'bare' ? bareLoad : mixLoad(100)),
          duration: OPTS.slice,
        });
      }
      for (const v of got.mix.lat) mixLat.push(v);
      for (const [st, n] of Object.entries(got.mix.statuses)) mixStatuses[st] = (mixStatuses[st] ?? 0) + n;
      const pair = {
        bareRps: got.bare.rps,
        mixRps: got.mix.rps,
        ratio: got.mix.rps / got.bare.rps,
        mixP99: got.mix.latencyMs.p99,
        mixP99Autocannon: got.mix.autocannonLatencyMs.p99,
        bareCpuUsPerReq: got.bare.serverCpuUsPerReq,
        mixCpuUsPerReq: got.mix.serverCpuUsPerReq,
        mixSysUsPerReq: got.mix.serverSysUsPerReq,
        errors: got.mix.errors + got.mix.timeouts + got.mix.non2xx,
      };
      pairs.push(pair);
      console.log(
        `    pair ${k + 1}: bare ${Math.round(pair.bareRps)} req/s, mix ${Math.round(pair.mixRps)} req/s (p99 ${pair.mixP99.toFixed(1)} ms) = ${pair.ratio.toFixed(3)}; server CPU µs/req bare ${pair.bareCpuUsPerReq?.toFixed(1)}, mix ${pair.mixCpuUsPerReq?.toFixed(1)}`,
      );
    }
    const median = (xs) => {
      const v = [...xs].sort((a, b) => a - b);
      return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    };
    const m100 = {
      rps: median(pairs.map((p) => p.mixRps)),
      responses: mixLat.length,
      statuses: mixStatuses,
      errors: pairs.reduce((n, p) => n + p.errors, 0),
      latencyMs: latencyOf(mixLat),
      ratio: median(pairs.map((p) => p.ratio)),
      ratioRange: [Math.min(...pairs.map((p) => p.ratio)), Math.max(...pairs.map((p) => p.ratio))],
      bareRps: median(pairs.map((p) => p.bareRps)),
      mixCpuUsPerReq: median(pairs.map((p) => p.mixCpuUsPerReq)),
      bareCpuUsPerReq: median(pairs.map((p) => p.bareCpuUsPerReq)),
    };
    results.saturation100 = { ...m100, pairs };
    console.log(
      `  mix (3:2:1), 100 connections, all slices: median ${Math.round(m100.rps)} req/s, p50 ${m100.latencyMs.p50.toFixed(2)} p95 ${m100.latencyMs.p95.toFixed(2)} p99 ${m100.latencyMs.p99.toFixed(2)} ms, statuses ${JSON.stringify(mixStatuses)}`,
    );
    const m500 = await run('mix (3:2:1), 500 connections', mixLoad(500));
    await run('GET /schedule/classes', {
      url: `${base}/api/v1/schedule/classes`,
      headers,
      connections: 100,
      pid,
    });
    await run('GET /events', { url: `${base}/api/v1/events`, headers, connections: 100, pid });
    await run('GET /users/me', { url: `${base}/api/v1/users/me`, headers, connections: 100, pid });

    // The mix while members register for events and cancel: every write retires the gym's cached event lists.
    const eventIds = (
      await must('GET', `${base}/api/v1/events?limit=10`, { token: s.token, gym: s.gym })
    ).map((e) => e.id);
    await sleep(500);
    process.stdout.write(
      `  mix (3:2:1), 100 connections, with event registrations and cancellations (~${OPTS.writesPerS}/s) ... `,
    );
    const writer = eventWriter({
      base,
      gym: s.gym,
      members: s.members,
      eventIds,
      perSecond: OPTS.writesPerS,
    });
    const underWrites = await load({ duration: OPTS.duration, ...mixLoad(100) });
    const written = await writer.stop();
    console.log(
      `${line(underWrites)}; ${written.writes} writes (${(written.writes / OPTS.duration).toFixed(1)}/s), statuses ${JSON.stringify(written.statuses)}, write p50 ${written.latencyMs.p50.toFixed(1)} p99 ${written.latencyMs.p99.toFixed(1)} ms`,
    );
    keep('mix with event writes', 100, underWrites);
    results.runs.at(-1).writer = written;

    // The seed's Locust model at 100 and 500 users.
    const locust = {};
    for (const users of [100, 500]) {
      await sleep(500);
      process.stdout.write(
        `  seed's Locust model, ${users} users waiting 1–3 s, ${OPTS.locustDuration} s ... `,
      );
      const r = await locustUsers({
        base,
        paths: mix.map((m) => m.path),
        headers,
        users,
        seconds: OPTS.locustDuration,
      });
      console.log(`${line(r)}, errors ${r.errors}`);
      locust[users] = r;
    }
    results.locust = locust;

    // Booking burst: every member books every one of the first N sessions, all at once (capacity 20 each).
    const bookings = [];
    for (const sid of s.sessionIds) for (const t of s.members) bookings.push({ sid, t });
    let next = 0;
    const burstReq = {
      method: 'POST',
      path: '/',
      setupRequest: (req) => {
        const p = bookings[next++ % bookings.length];
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
      `  booking burst: ${bookings.length} POSTs (${s.members.length} members × ${s.sessionIds.length} sessions), 100 connections ... `,
    );
    const burst = await load({
      url: base,
      requests: [burstReq],
      amount: bookings.length,
      connections: Math.min(100, bookings.length),
      pid,
    });
    console.log(
      `${Math.round(burst.rps)} bookings/s, p50 ${burst.latencyMs.p50.toFixed(1)} p99 ${burst.latencyMs.p99.toFixed(1)} ms, statuses ${JSON.stringify(burst.statuses)}`,
    );
    keep('booking burst', 100, burst);
    // The invariant after the burst: exactly min(capacity, members) booked per session.
    const check = await must('GET', `${base}/api/v1/schedule/sessions/${s.sessionIds[0]}`, {
      token: s.token,
      gym: s.gym,
    });
    console.log(
      `  after the burst, session ${s.sessionIds[0]}: booked ${check.booked_count}, waitlist ${check.waitlist_count}`,
    );
    results.burstCheck = check;

    const seedVerdict = (r) => {
      const f = [];
      if (!(r.latencyMs.p50 < TARGET.p50)) f.push(`p50 ${r.latencyMs.p50.toFixed(1)} >= ${TARGET.p50}`);
      if (!(r.latencyMs.p95 < TARGET.p95)) f.push(`p95 ${r.latencyMs.p95.toFixed(1)} >= ${TARGET.p95}`);
      if (!(r.latencyMs.p99 < TARGET.p99Seed))
        f.push(`p99 ${r.latencyMs.p99.toFixed(1)} >= ${TARGET.p99Seed}`);
      const bad = Object.entries(r.statuses)
        .filter(([st]) => !st.startsWith('2'))
        .reduce((n, [, c]) => n + c, 0);
      if (bad || r.errors || r.timeouts)
        f.push(`${bad} non-2xx, ${r.errors} errors, ${r.timeouts ?? 0} timeouts`);
      return f;
    };
    const capacity = [];
    if (!(m100.rps > TARGET.rps)) capacity.push(`${Math.round(m100.rps)} req/s at 100 <= ${TARGET.rps}`);
    if (!(m500.rps > TARGET.rps)) capacity.push(`${Math.round(m500.rps)} req/s at 500 <= ${TARGET.rps}`);
    const seed100 = seedVerdict(locust[100]);
    const seed500 = seedVerdict(locust[500]);
    const ours = [];
    if (!(m100.latencyMs.p99 < TARGET.p99Ours))
      ours.push(`p99 ${m100.latencyMs.p99.toFixed(1)} >= ${TARGET.p99Ours}`);
    if (m100.ratio < TARGET.ratio) ours.push(`ratio ${m100.ratio.toFixed(3)} < ${TARGET.ratio}`);
    if (m100.errors) ours.push(`${m100.errors} errors or non-2xx`);
    // Little's law: with no pause between requests, latency = connections / throughput.
    const saturated500 = seedVerdict(m500);
    results.summary = {
      ratio100: m100.ratio,
      ratio100Range: m100.ratioRange,
      capacity,
      seed100,
      seed500,
      saturated500,
      ours,
    };
    console.log(
      `\n  mix@100 / bare: median ${m100.ratio.toFixed(3)} over ${pairs.length} pairs (${m100.ratioRange.map((r) => r.toFixed(3)).join('–')})`,
    );
    console.log(
      `  seed throughput (> ${TARGET.rps} req/s, saturation): ${capacity.length ? 'FAIL ' + capacity.join('; ') : 'PASS'}`,
    );
    console.log(
      `  seed latency, Locust model, 100 users: ${seed100.length ? 'FAIL ' + seed100.join('; ') : 'PASS'}`,
    );
    console.log(
      `  seed latency, Locust model, 500 users: ${seed500.length ? 'FAIL ' + seed500.join('; ') : 'PASS'}`,
    );
    console.log(
      `  seed latency at 500 connections without pauses (beyond the seed's model): ${saturated500.length ? 'FAIL ' + saturated500.join('; ') : 'PASS'}`,
    );
    console.log(
      `  our targets @100 (p99 < ${TARGET.p99Ours} ms, >= ${TARGET.ratio} of bare): ${ours.length ? 'FAIL ' + ours.join('; ') : 'PASS'}`,
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
