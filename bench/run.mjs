// `npm run bench` (design §9): GET /api/v1/users/me and the running-coach routes (race prediction, weekly plan,
// overtraining status for an athlete with two years of daily workouts) with a valid token against a bare Fastify
// route, driven by autocannon in this process while both servers run as child processes. See bench/README.md.
//
// It is a measurement, not a test: it exits 0 whether or not the targets are met (non-zero only when the
// benchmark itself could not run), and prints PASS/FAIL per scenario.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import {
  apiRequire,
  children,
  cleanup,
  cleanups,
  cpuSecondsOf,
  HERE,
  http,
  MAIN_JS,
  num,
  OUT_DIR,
  RATE_LIMIT_MAX,
  ROOT,
  selfCpuSeconds,
  STAMP,
  startChild,
  stopChild,
  pulsoServerEnv,
} from './lib.mjs';

const OPTS = {
  duration: num('BENCH_DURATION', 10),
  warmup: num('BENCH_WARMUP', 3),
  connections: num('BENCH_CONNECTIONS', 100),
  scenarios: (process.env.BENCH_SCENARIOS ?? 'pglite,postgres')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  targets: (process.env.BENCH_TARGETS ?? 'me,race-predict,weekly-plan,overtraining-status')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  pgAdminUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/3',
  cpuProf: process.env.BENCH_CPU_PROF === '1',
  // Extra environment for the Pulso server, as JSON (A/B tests, e.g. '{"PULSO_WORKERS":"2"}').
  serverEnv: JSON.parse(process.env.BENCH_SERVER_ENV || '{}'),
};
const TARGET = { ratio: 0.4, p99Ms: 25 };

/**
 * What each scenario measures (BENCH_TARGETS). `athlete: true` targets run as the seeded athlete (two years of
 * daily workouts, 90 days of HRV, an active training plan); their target is the issue's: >= 25% of the bare
 * route's req/s, p99 < 50 ms.
 */
const TARGETS = {
  me: {
    label: '/users/me',
    method: 'GET',
    path: '/api/v1/users/me',
    ratio: TARGET.ratio,
    p99Ms: TARGET.p99Ms,
  },
  'race-predict': {
    label: 'POST /race/predict',
    method: 'POST',
    path: '/api/v1/race/predict',
    body: {
      distance_km: 42.195,
      conditions: {
        temperature_c: 18,
        humidity_pct: 60,
        wind_kmh: 12,
        wind_direction: 'variable',
        terrain: 'rolling_hills',
        altitude_m: 600,
      },
    },
    athlete: true,
    ratio: 0.25,
    p99Ms: 50,
  },
  'weekly-plan': {
    label: 'GET /training/weekly-plan',
    method: 'GET',
    path: '/api/v1/training/weekly-plan',
    athlete: true,
    ratio: 0.25,
    p99Ms: 50,
  },
  'overtraining-status': {
    label: 'GET /overtraining/status',
    method: 'GET',
    path: '/api/v1/overtraining/status',
    athlete: true,
    ratio: 0.25,
    p99Ms: 50,
  },
};
for (const t of OPTS.targets)
  if (!TARGETS[t])
    throw new Error(`unknown target "${t}" in BENCH_TARGETS (${Object.keys(TARGETS).join(', ')})`);

// ---------------------------------------------------------------------------------------------------------
// Load

/**
 * One autocannon run. Latency percentiles are computed here from every response's own time (autocannon's
 * histogram has 1 ms resolution and has no p95); autocannon's p97.5/p99 are kept alongside for comparison.
 */
function load(url, { duration, headers = {}, method = 'GET', body, serverPid, redis }) {
  return new Promise((resolve, reject) => {
    let lat = new Float64Array(1 << 19);
    let n = 0;
    const cpu0 = { server: cpuSecondsOf(serverPid), self: selfCpuSeconds() };
    const redisCpu0 = redis ? redis.cpuSeconds() : Promise.resolve(null);
    const loadBefore = os.loadavg()[0];
    const t0 = performance.now();
    const instance = autocannon(
      {
        url,
        method,
        headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
        body: body ? JSON.stringify(body) : undefined,
        duration,
        connections: OPTS.connections,
        pipelining: 1,
      },
      (err, res) => {
        if (err) return reject(err);
        const wall = (performance.now() - t0) / 1000;
        const serverCpu = cpuSecondsOf(serverPid);
        const selfCpu = selfCpuSeconds();
        Promise.all([redisCpu0, redis ? redis.cpuSeconds() : null])
          .then(([r0, r1]) => {
            const sorted = lat.subarray(0, n).sort();
            const pct = (p) => (n ? sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))] : NaN);
            const share = (a, b) => (a === null || b === null ? null : (b - a) / wall);
            resolve({
              rps: res.requests.average,
              responses: n,
              ok2xx: res['2xx'],
              non2xx: res.non2xx,
              errors: res.errors,
              timeouts: res.timeouts,
              durationS: res.duration,
              latencyMs: {
                p50: pct(50),
                p95: pct(95),
                p99: pct(99),
                max: sorted[n - 1] ?? NaN,
                mean: res.latency.mean,
              },
              autocannonLatencyMs: { p50: res.latency.p50, p97_5: res.latency.p97_5, p99: res.latency.p99 },
              // CPU time of the server per response: it moves much less than req/s when the machine is busy.
              serverCpuUsPerReq:
                cpu0.server === null || serverCpu === null || !n
                  ? null
                  : ((serverCpu - cpu0.server) / n) * 1e6,
              cpuCores: {
                server: share(cpu0.server, serverCpu),
                loadGenerator: share(cpu0.self, selfCpu),
                redis: share(r0, r1),
              },
              // The machine's 1-minute load average before and after: other work on it shows up here.
              loadAvg1m: { before: loadBefore, after: os.loadavg()[0] },
            });
          })
          .catch(reject);
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => {
      if (n === lat.length) {
        const grown = new Float64Array(lat.length * 2);
        grown.set(lat);
        lat = grown;
      }
      lat[n++] = ms;
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Pulso

const pulsoEnv = (dataDir, extra) => pulsoServerEnv(dataDir, OPTS.serverEnv, extra);

async function startPulso(label, extraEnv) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pulso-bench-'));
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const args = OPTS.cpuProf
    ? [
        '--cpu-prof',
        '--cpu-prof-dir',
        OUT_DIR,
        '--cpu-prof-name',
        `pulso-${slug}-${STAMP}.cpuprofile`,
        MAIN_JS,
      ]
    : [MAIN_JS];
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  cleanups.add(removeDir);
  const started = Date.now();
  let proc;
  try {
    const server = await startChild(
      `Pulso (${label})`,
      args,
      pulsoEnv(dataDir, extraEnv),
      path.join(OUT_DIR, `pulso-${slug}-${STAMP}.log`),
      (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
    );
    proc = server.proc;
    const base = server.value;
    console.log(
      `  Pulso started in ${((Date.now() - started) / 1000).toFixed(1)} s at ${base} (log ${server.logFile})`,
    );

    const reg = await http('POST', `${base}/api/v1/auth/register`, {
      body: { email: `bench-${STAMP}@example.com`, password: 'bench-password-0123', name: 'Bench User' },
    });
    if (reg.status !== 201) throw new Error(`register answered ${reg.status}: ${JSON.stringify(reg.json)}`);
    const token = reg.json.access_token;
    const me = await http('GET', `${base}/api/v1/users/me`, { token });
    if (me.status !== 200) throw new Error(`GET /users/me answered ${me.status}: ${JSON.stringify(me.json)}`);
    return {
      proc,
      base,
      token,
      async stop() {
        await stopChild(proc);
        await cleanup(removeDir);
      },
    };
  } catch (err) {
    await stopChild(proc);
    await cleanup(removeDir);
    throw err;
  }
}

/**
 * The athlete of the running-coach targets: a profile, two years of daily workouts (one a day, with HR and RPE,
 * a weekly long run and a harder session), 90 days of HRV and an active 16-week plan. Through the API, 16
 * requests at a time.
 */
async function seedAthlete(base) {
  const reg = await http('POST', `${base}/api/v1/auth/register`, {
    body: { email: `athlete-${STAMP}@example.com`, password: 'bench-password-0123', name: 'Bench Athlete' },
  });
  if (reg.status !== 201) throw new Error(`register answered ${reg.status}`);
  const token = reg.json.access_token;
  const must = async (what, res, ok = [200, 201]) => {
    const r = await res;
    if (!ok.includes(r.status)) throw new Error(`${what} answered ${r.status}: ${JSON.stringify(r.json)}`);
    return r;
  };
  await must(
    'PUT /athlete/profile',
    http('PUT', `${base}/api/v1/athlete/profile`, {
      token,
      body: {
        birth_date: '1988-05-04',
        sex: 'female',
        weight_kg: 58,
        max_hr: 188,
        resting_hr: 48,
        weekly_volume_km: 50,
      },
    }),
  );
  const DAY = 86_400_000;
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const jobs = [];
  for (let d = 730; d >= 1; d--) {
    const dow = new Date(today - d * DAY).getUTCDay();
    const long = dow === 0;
    const hard = dow === 3;
    const km = long ? 16 + (d % 5) : hard ? 10 : 6 + (d % 4);
    const pace = long ? 345 : hard ? 285 : 330; // s/km
    jobs.push(() =>
      must(
        'POST /workouts',
        http('POST', `${base}/api/v1/workouts`, {
          token,
          body: {
            started_at: new Date(today - d * DAY + 7 * 3600_000).toISOString(),
            sport: 'run',
            distance_km: km,
            duration_s: Math.round(km * pace),
            moving_time_s: Math.round(km * pace * 0.98),
            elevation_gain_m: 40,
            avg_hr: hard ? 165 : 140,
            max_hr: hard ? 180 : 155,
            rpe: hard ? 7 : long ? 5 : 3,
          },
        }),
      ),
    );
  }
  for (let d = 90; d >= 0; d--) {
    const date = new Date(today - d * DAY).toISOString().slice(0, 10);
    jobs.push(() =>
      must(
        'POST /hrv/readings',
        http('POST', `${base}/api/v1/hrv/readings`, {
          token,
          body: { date, rmssd_ms: 55 + ((d * 7) % 11) - 5, resting_hr: 48, sleep_hours: 7.5 },
        }),
      ),
    );
  }
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < jobs.length) await jobs[next++]();
    }),
  );
  const race = new Date(today + 16 * 7 * DAY).toISOString().slice(0, 10);
  await must(
    'POST /training/plan',
    http('POST', `${base}/api/v1/training/plan`, {
      token,
      body: { goal_distance_km: 42.195, race_date: race, days_per_week: 5, long_run_day: 'sunday' },
    }),
  );
  console.log(
    `  athlete seeded: 730 workouts, 91 HRV readings, a plan (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  return token;
}

/** Server-Timing of sequential requests on an idle server: the in-process cost of one request. */
async function serverTiming(url, token, count = 50, method = 'GET', body = undefined) {
  const app = [];
  const db = [];
  for (let i = 0; i < count; i++) {
    const res = await http(method, url, { token, body });
    if (res.status !== 200)
      throw new Error(`${method} ${url} answered ${res.status}: ${JSON.stringify(res.json)}`);
    const st = res.headers.get('server-timing') ?? '';
    const a = /app;dur=([\d.]+)/.exec(st);
    const d = /db;dur=([\d.]+)/.exec(st);
    if (a) app.push(Number(a[1]));
    if (d) db.push(Number(d[1]));
  }
  const median = (xs) => (xs.length ? xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)] : null);
  return { appMsMedian: median(app), dbMsMedian: median(db), sample: count };
}

// ---------------------------------------------------------------------------------------------------------
// Backing services of scenario 2

async function openPostgres(adminUrl) {
  const postgres = apiRequire('postgres');
  const sql = postgres(adminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
  await sql`select 1`;
  return sql;
}

async function openRedis(url) {
  const { Redis } = apiRequire('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  await redis.connect();
  await redis.ping();
  return {
    redis,
    /**
     * Drops the keys Pulso servers write (cache entries and rate-limit counters, under `pulso:<deployment
     * namespace>:`, or `pulso-rl-*` before the namespace) from this database: every run's database is a new
     * deployment.
     */
    async clearPulsoKeys() {
      for (const pattern of ['pulso:*', 'pulso-rl-*']) {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          if (keys.length) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      }
    },
    async cpuSeconds() {
      const info = await redis.info('cpu');
      const get = (k) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
      return get('used_cpu_sys') + get('used_cpu_user');
    },
    close: () => redis.quit().catch(() => redis.disconnect()),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Scenarios

async function runScenario(name, bare, extraEnv, redis) {
  console.log(`\n== ${name}`);
  const pulso = await startPulso(name, extraEnv);
  try {
    const targets = OPTS.targets.map((key) => ({ key, ...TARGETS[key] }));
    const athleteToken = targets.some((t) => t.athlete) ? await seedAthlete(pulso.base) : null;
    const idle = {};
    for (const t of targets) {
      t.url = `${pulso.base}${t.path}`;
      t.headers = { authorization: `Bearer ${t.athlete ? athleteToken : pulso.token}` };
      idle[t.label] = await serverTiming(t.url, t.athlete ? athleteToken : pulso.token, 50, t.method, t.body);
      console.log(
        `  Server-Timing of ${t.label}, sequential and idle (median of ${idle[t.label].sample}): app ${idle[t.label].appMsMedian ?? '-'} ms, db ${idle[t.label].dbMsMedian ?? '-'} ms`,
      );
    }

    console.log(`  warm-up ${OPTS.warmup} s each: bare, ${targets.map((t) => t.label).join(', ')}`);
    await load(bare.url, { duration: OPTS.warmup, serverPid: bare.pid });
    for (const t of targets)
      await load(t.url, {
        duration: OPTS.warmup,
        method: t.method,
        body: t.body,
        headers: t.headers,
        serverPid: pulso.proc.pid,
        redis,
      });

    const runs = [];
    const measure = async (target, url, opts) => {
      await sleep(500);
      process.stdout.write(`  ${target}: ${OPTS.duration} s ... `);
      const r = await load(url, { duration: OPTS.duration, ...opts });
      console.log(
        `${Math.round(r.rps)} req/s, p99 ${r.latencyMs.p99.toFixed(2)} ms ` +
          `(load avg ${r.loadAvg1m.before.toFixed(1)} -> ${r.loadAvg1m.after.toFixed(1)})`,
      );
      const row = { scenario: name, target, ...r };
      runs.push(row);
      return row;
    };
    const bare1 = await measure('bare #1', bare.url, { serverPid: bare.pid });
    const measured = [];
    for (const t of targets)
      measured.push({
        t,
        r: await measure(t.label, t.url, {
          method: t.method,
          body: t.body,
          headers: t.headers,
          serverPid: pulso.proc.pid,
          redis,
        }),
      });
    const bare2 = await measure('bare #2', bare.url, { serverPid: bare.pid });

    const bareRps = (bare1.rps + bare2.rps) / 2;
    const failures = [];
    for (const { t, r } of measured) {
      r.ratio = r.rps / bareRps;
      r.targetRatio = t.ratio;
      r.targetP99Ms = t.p99Ms;
      const f = [];
      if (r.ratio < t.ratio) f.push(`ratio ${r.ratio.toFixed(2)} < ${t.ratio}`);
      if (!(r.latencyMs.p99 < t.p99Ms)) f.push(`p99 ${r.latencyMs.p99.toFixed(1)} ms >= ${t.p99Ms} ms`);
      if (r.non2xx || r.errors || r.timeouts)
        f.push(`${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
      r.pass = f.length === 0;
      r.failures = f;
      failures.push(...f.map((x) => `${t.label}: ${x}`));
    }
    bare1.ratio = bare1.rps / bareRps;
    bare2.ratio = bare2.rps / bareRps;
    return {
      name,
      runs,
      bareNoise: bare2.rps / bare1.rps,
      serverTimingIdle: idle,
      pass: failures.length === 0,
      failures,
    };
  } finally {
    await pulso.stop();
  }
}

async function postgresScenario(bare) {
  const name = 'PostgreSQL + Redis';
  let sql;
  let redis;
  try {
    sql = await openPostgres(OPTS.pgAdminUrl);
  } catch (err) {
    return { name, skipped: `PostgreSQL at ${redact(OPTS.pgAdminUrl)} did not answer: ${err.message}` };
  }
  try {
    redis = await openRedis(OPTS.redisUrl);
  } catch (err) {
    await sql.end();
    return { name, skipped: `Redis at ${OPTS.redisUrl} did not answer: ${err.message}` };
  }
  const dbName = `pulso_bench_${STAMP.replace('_', '')}`;
  const dbUrl = new URL(OPTS.pgAdminUrl);
  dbUrl.pathname = `/${dbName}`;
  const drop = async () => {
    await sql.unsafe(`drop database if exists "${dbName}" with (force)`);
    console.log(`  database ${dbName} dropped`);
  };
  try {
    await sql.unsafe(`create database "${dbName}"`);
    cleanups.add(drop);
    await redis.clearPulsoKeys();
    console.log(`\n  database ${dbName} created; Redis ${OPTS.redisUrl} (Pulso keys cleared)`);
    return await runScenario(name, bare, { DATABASE_URL: dbUrl.href, REDIS_URL: OPTS.redisUrl }, redis);
  } finally {
    if (cleanups.has(drop)) await cleanup(drop);
    await redis.clearPulsoKeys().catch(() => {});
    await redis.close();
    await sql.end();
  }
}

function redact(url) {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.href;
}

// ---------------------------------------------------------------------------------------------------------
// Report

const fmt = (v, digits = 2) => (v === null || v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits));

function table(results) {
  const head = [
    'scenario',
    'target',
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'ac p97.5/p99',
    'non-2xx',
    'ratio',
    'server CPU',
    'CPU µs/req',
    'result',
  ];
  const rows = [];
  for (const s of results) {
    if (s.skipped || s.error) {
      rows.push([s.name, s.skipped ? '(skipped)' : '(error)', ...Array(head.length - 2).fill('-')]);
      continue;
    }
    for (const r of s.runs) {
      rows.push([
        s.name,
        r.target,
        String(Math.round(r.rps)),
        fmt(r.latencyMs.p50),
        fmt(r.latencyMs.p95),
        fmt(r.latencyMs.p99),
        `${r.autocannonLatencyMs.p97_5}/${r.autocannonLatencyMs.p99}`,
        String(r.non2xx + r.errors + r.timeouts),
        fmt(r.ratio),
        r.cpuCores.server === null ? '-' : `${Math.round(r.cpuCores.server * 100)}%`,
        fmt(r.serverCpuUsPerReq, 0),
        r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL',
      ]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(MAIN_JS))
    throw new Error(`${MAIN_JS} is missing: run "npm run build" (npm run bench does)`);
  await mkdir(OUT_DIR, { recursive: true });
  const machine = {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? null,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  console.log(
    `Pulso bench ${STAMP}: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, ` +
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n` +
      `Server: ${path.relative(ROOT, MAIN_JS) || MAIN_JS}\n` +
      `autocannon: ${OPTS.connections} connections, ${OPTS.duration} s per measurement, ${OPTS.warmup} s warm-up.\n` +
      `RATE_LIMIT_MAX=${RATE_LIMIT_MAX}: all load comes from one IP, so the default per-IP limit (600/min) is raised;\n` +
      `the limiter itself stays on. Targets: /users/me >= ${TARGET.ratio * 100}% of bare req/s, p99 < ${TARGET.p99Ms} ms;\n` +
      `race/predict, training/weekly-plan, overtraining/status (seeded athlete) >= 25%, p99 < 50 ms.\n` +
      `Percentiles are computed from every response's latency (autocannon's own p97.5/p99, 1 ms resolution, shown as "ac").`,
  );

  if (os.loadavg()[0] > 1)
    console.log(
      `WARNING: the 1-minute load average is ${os.loadavg()[0].toFixed(1)} before the run: other processes use the CPU, ` +
        'so the figures will be noisy (compare ratios, and CPU µs/req, rather than absolute req/s).',
    );

  const bareServer = await startChild(
    'bare Fastify',
    [path.join(HERE, 'bare-server.mjs')],
    { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
    path.join(OUT_DIR, `bare-${STAMP}.log`),
    (line) => {
      try {
        return JSON.parse(line).port;
      } catch {
        return undefined;
      }
    },
  );
  const bare = { url: `http://127.0.0.1:${bareServer.value}/bare`, pid: bareServer.proc.pid };

  const results = [];
  try {
    for (const s of OPTS.scenarios) {
      const name = { pglite: 'PGlite', postgres: 'PostgreSQL + Redis' }[s];
      if (!name) throw new Error(`unknown scenario "${s}" in BENCH_SCENARIOS (pglite, postgres)`);
      try {
        const r =
          s === 'pglite' ? await runScenario(name, bare, {}, undefined) : await postgresScenario(bare);
        if (r.skipped) console.log(`\n== ${r.name}: SKIPPED (${r.skipped})`);
        results.push(r);
      } catch (err) {
        console.error(`\n== ${name}: could not run: ${err.stack ?? err}`);
        results.push({ name, error: String(err.message ?? err) });
      }
    }
  } finally {
    await stopChild(bareServer.proc);
  }

  console.log(`\n${table(results)}\n`);
  for (const s of results) {
    if (s.skipped || s.error) {
      console.log(`${s.name}: ${s.skipped ? `SKIPPED: ${s.skipped}` : `ERROR: ${s.error}`}`);
      continue;
    }
    const me = s.runs.find((r) => !r.target.startsWith('bare')) ?? s.runs[0];
    const cpu = (c) => (c === null ? '-' : `${Math.round(c * 100)}%`);
    console.log(
      `${s.name}: ${s.pass ? 'PASS' : `FAIL (${s.failures.join('; ')})`}. ` +
        `bare #2 / bare #1 = ${s.bareNoise.toFixed(2)} (noise). ` +
        `CPU during ${me.target}: server ${cpu(me.cpuCores.server)}, autocannon ${cpu(me.cpuCores.loadGenerator)}` +
        (me.cpuCores.redis === null ? '' : `, redis ${cpu(me.cpuCores.redis)}`) +
        ' of one core.',
    );
  }
  console.log(
    '"ratio" is req/s over the mean of the two bare runs of the same scenario; "server CPU" is the server process\'s CPU time over the run, in cores; "CPU µs/req" the same per response.',
  );

  const file = path.join(OUT_DIR, `bench-${STAMP}.json`);
  await writeFile(
    file,
    JSON.stringify(
      { date: new Date().toISOString(), machine, options: OPTS, target: TARGET, results },
      null,
      2,
    ),
  );
  console.log(`Results written to ${path.relative(ROOT, file)}`);
  // Missed targets are a result, not a failure; a scenario that could not run is.
  return results.some((s) => s.error) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(`bench failed: ${err.stack ?? err}`);
    await Promise.all([...children].map(stopChild));
    process.exit(1);
  },
);
