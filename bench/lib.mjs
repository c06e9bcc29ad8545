// Helpers shared by the benchmarks (bench/run.mjs, bench/gym-mix.mjs, …): child servers, CPU accounting, HTTP,
// autocannon runs.
/* global fetch, AbortSignal, clearTimeout */
import { Buffer } from 'node:buffer';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..');
export const OUT_DIR = path.join(HERE, 'out');
export const MAIN_JS = path.resolve(
  process.env.BENCH_PULSO_MAIN ?? path.join(ROOT, 'packages/api/dist/main.js'),
);
// postgres.js and ioredis are the API's own dependencies; resolve them from there.
export const apiRequire = createRequire(path.join(ROOT, 'packages/api/package.json'));
export const STAMP = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '_');
// All load comes from one IP, so the default per-IP limit (600 a minute) would turn a run into 429s. The
// limiter stays installed (its cost is part of the measurement); only its ceiling is raised.
export const RATE_LIMIT_MAX = '1000000000';

export const num = (name, fallback) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${v}"`);
  return n;
};

// ---------------------------------------------------------------------------------------------------------
// Child processes

/** @type {Set<import('node:child_process').ChildProcess>} */
export const children = new Set();

process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
/** Undo steps (drop the database, remove a temp dir) that must run even when the bench is interrupted. */
export const cleanups = new Set();
export async function cleanup(fn) {
  cleanups.delete(fn);
  await fn().catch((err) => console.error(`cleanup failed: ${err.message}`));
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping the servers and cleaning up`);
    const done = Promise.all([...children].map(stopChild)).then(() =>
      Promise.all([...cleanups].map(cleanup)),
    );
    Promise.race([done, sleep(20_000)]).finally(() => process.exit(130));
  });
}

/**
 * Starts `node args` with `env`, logs its output to `logFile`, and resolves with the first stdout line that
 * `ready` accepts (its return value). Rejects if the process exits or `timeoutMs` passes first.
 */
export function startChild(name, args, env, logFile, ready, timeoutMs = 60_000) {
  const proc = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  const log = createWriteStream(logFile);
  const tail = [];
  const remember = (chunk) => {
    log.write(chunk);
    tail.push(...String(chunk).split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 20));
  };
  proc.stderr.on('data', remember);
  return new Promise((resolve, reject) => {
    let buffered = '';
    let done = false;
    const timer = setTimeout(
      () => fail(new Error(`${name} did not start within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    function fail(err) {
      if (done) return;
      done = true;
      clearTimer();
      proc.kill('SIGKILL');
      reject(new Error(`${err.message}; log ${logFile}:\n  ${tail.join('\n  ')}`));
    }
    const clearTimer = () => clearTimeout(timer);
    proc.stdout.on('data', (chunk) => {
      remember(chunk);
      if (done) return;
      buffered += String(chunk);
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const value = ready(line);
        if (value !== undefined) {
          done = true;
          clearTimer();
          resolve({ proc, value, logFile });
          return;
        }
      }
    });
    proc.on('exit', (code, signal) =>
      fail(new Error(`${name} exited (${signal ?? code}) before it was ready`)),
    );
    proc.on('error', fail);
  });
}

export async function stopChild(proc) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGTERM');
  const timeout = sleep(15_000).then(() => 'timeout');
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    proc.kill('SIGKILL');
    await exited;
  }
}

/** Command name and user / system CPU seconds of a `/proc/<pid>/stat` line (proc(5): fields 2, 14, 15). */
function parseStat(stat) {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    user: Number(fields[11]) / 100,
    sys: Number(fields[12]) / 100,
  };
}

/**
 * CPU seconds a process has used so far, in user space and in the kernel (Linux /proc; USER_HZ is 100 on every
 * Linux ABI Node supports); null when the process is gone.
 */
export function cpuOf(pid) {
  try {
    const { user, sys } = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return { user, sys };
  } catch {
    return null;
  }
}
/**
 * CPU seconds of every running process named `comm` (e.g. `postgres`: the server's backends, WAL writer and
 * checkpointer), for what a run cost a database on the same machine. Processes that exit in between are not
 * counted (pooled backends stay).
 */
export function cpuSecondsOfCommand(comm) {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(pid)) continue;
    try {
      const st = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      if (st.comm === comm) total += st.user + st.sys;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}
export function cpuSecondsOf(pid) {
  const c = cpuOf(pid);
  return c && c.user + c.sys;
}
export const selfCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Percentile `p` (0–100) of an ascending array (nearest rank). */
export const percentile = (sorted, p) =>
  sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
    : NaN;

/** One JSON request with an optional bearer token and X-Gym-ID. */
export async function http(method, url, { body, token, gym } = {}) {
  const res = await fetch(url, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(gym ? { 'x-gym-id': String(gym) } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    // Set-up requests (a registration hashes a password): generous, as a loaded machine may need it.
    signal: AbortSignal.timeout(num('BENCH_SETUP_TIMEOUT_MS', 30_000)),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

/**
 * The environment of a benchmarked Pulso server: production mode on loopback, fresh secrets, no demo data, the
 * rate limit out of the way, and only the variables named here from the bench's own environment.
 */
export function pulsoServerEnv(dataDir, ...overrides) {
  const env = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) if (process.env[k]) env[k] = process.env[k];
  return Object.assign(
    env,
    {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX,
      PULSO_DEMO_DATA: 'false',
      PULSO_DATA_DIR: dataDir,
    },
    ...overrides,
  );
}

/**
 * Drops the cache pages and rate-limit counters benchmark runs left in Redis, so the next run starts cold. Every
 * run's database is new, so is its deployment namespace (`pulso:<namespace>:`): the bench's Redis database is its
 * own, and all of them go. `pulso-rl-*` are the counters of versions before the namespace.
 */
export async function clearPulsoRedis(redis) {
  for (const pattern of ['pulso:*', 'pulso-rl-*']) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
}

// ---------------------------------------------------------------------------------------------------------
// Load runs (autocannon)

/** A load child's JSON line, its latencies decoded (base64 Float64Array). */
function childAnswer(stdout) {
  const r = JSON.parse(stdout);
  const bytes = Buffer.from(r.lat, 'base64');
  return { ...r, lat: Array.from(new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8)) };
}

/** A fixed request in a child process (load-child.mjs), so that the generator's CPU is not this process's. */
export function autocannonInChild(opts) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(HERE, 'load-child.mjs'), JSON.stringify({ kind: 'autocannon', ...opts })],
      { maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`load generator failed: ${stderr || err.message}`));
        resolve(childAnswer(stdout));
      },
    );
  });
}

/** A load child given its options in a file (a long list of paths or requests); its JSON line, decoded. */
async function childWithFile(script, opts) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pulso-load-'));
  const file = path.join(dir, 'opts.json');
  await writeFile(file, JSON.stringify(opts));
  try {
    return await new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        [path.join(HERE, script), file],
        { maxBuffer: 256 * 1024 * 1024 },
        (err, stdout, stderr) => {
          if (err) return reject(new Error(`load generator failed: ${stderr || err.message}`));
          resolve(childAnswer(stdout));
        },
      );
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** GETs of `paths` in turn from a child process (paths-child.mjs). */
const pathsInChild = (opts) => childWithFile('paths-child.mjs', opts);

/** In this process: for requests built per call (`setupRequest`: a different member or plan each time). */
async function autocannonHere(opts) {
  const { default: autocannon } = await import('autocannon');
  return new Promise((resolve, reject) => {
    const lat = [];
    const at = [];
    const statuses = {};
    const inst = autocannon({ ...opts, pipelining: 1 }, (err, res) => {
      if (err) return reject(err);
      resolve({
        lat,
        at,
        statuses,
        errors: res.errors,
        timeouts: res.timeouts,
        requestsAverage: res.requests.average,
      });
    });
    inst.on('response', (_c, status, _b, ms) => {
      lat.push(ms);
      at.push(Date.now());
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
}

/**
 * `duration` seconds of load on `url` at `connections` connections (with `requests`, autocannon's request list,
 * built per call; with `paths`, GET requests for those paths of `url`'s server in turn, by paths-child.mjs): req/s, latency percentiles of the answered requests, statuses, errors and timeouts, the
 * server's CPU per answered request (`pid`) and the machine's load average at the end.
 */
export async function measureLoad({ url, headers, pid, duration, connections, requests, paths }) {
  const cpu0 = cpuOf(pid);
  const opts = { url, headers, duration, connections };
  const r = await (paths
    ? pathsInChild({ ...opts, paths })
    : requests
      ? autocannonHere({ ...opts, requests })
      : autocannonInChild(opts));
  const cpu1 = cpuOf(pid);
  // Before the latencies are sorted: the timeline pairs each with the time of its answer.
  const tl = r.at && timeline(r.at, r.lat);
  const lat = r.lat.sort((a, b) => a - b);
  return {
    rps: r.requestsAverage,
    responses: lat.length,
    statuses: r.statuses,
    errors: r.errors + r.timeouts,
    latencyMs: { p50: percentile(lat, 50), p95: percentile(lat, 95), p99: percentile(lat, 99) },
    serverCpuUsPerReq:
      cpu0 && cpu1 && lat.length ? ((cpu1.user + cpu1.sys - cpu0.user - cpu0.sys) / lat.length) * 1e6 : null,
    loadAvg1m: os.loadavg()[0],
    ...(tl && { timeline: tl }),
  };
}

/**
 * An open loop of `rate` requests a second for `duration` seconds (after `warmup` seconds not counted) over at
 * most `connections` keep-alive connections, from a child process (paced-child.mjs): `requests` are whole HTTP/1.1
 * requests (text), taken in turn. Latency counts from when a request was due, so the time it waited for a free
 * connection is in it; `serviceMs` counts from its send, `waitMs` is the difference. Otherwise shaped as
 * `measureLoad`'s answer.
 */
export async function measurePaced({ url, pid, connections, rate, warmup, duration, requests }) {
  const cpu0 = cpuOf(pid);
  const r = await childWithFile('paced-child.mjs', { url, connections, rate, warmup, duration, requests });
  const cpu1 = cpuOf(pid);
  const floats = (b64) => {
    const bytes = Buffer.from(b64, 'base64');
    return Array.from(new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8));
  };
  const tl = timeline(floats(r.at), r.lat);
  const service = floats(r.service);
  // Before a request went out: the client's 1 ms timer, then a wait for a free connection.
  const wait = r.lat.map((l, i) => l - service[i]).sort((a, b) => a - b);
  const lat = r.lat.sort((a, b) => a - b);
  service.sort((a, b) => a - b);
  return {
    rps: r.requestsAverage,
    offered: r.offered,
    responses: lat.length,
    sent: r.sent,
    statuses: r.statuses,
    errors: r.errors,
    latencyMs: {
      p50: percentile(lat, 50),
      p95: percentile(lat, 95),
      p99: percentile(lat, 99),
      max: lat.at(-1) ?? 0,
    },
    serviceMs: { p50: percentile(service, 50), p99: percentile(service, 99) },
    waitMs: { p50: percentile(wait, 50), p99: percentile(wait, 99) },
    serverCpuUsPerReq: cpu0 && cpu1 ? ((cpu1.user + cpu1.sys - cpu0.user - cpu0.sys) / r.sent) * 1e6 : null,
    loadAvg1m: os.loadavg()[0],
    timeline: tl,
  };
}

/**
 * Responses per half second of a run (by the time each answer came): how many, their median and slowest latency,
 * to tell a steady tail from a stall (BENCH_TIMELINE=1 prints it where a bench supports it).
 */
function timeline(at, lat) {
  const by = new Map();
  at.forEach((t, i) => {
    const k = Math.floor(t / 500) * 500;
    if (!by.has(k)) by.set(k, []);
    by.get(k).push(lat[i]);
  });
  return [...by]
    .sort((a, b) => a[0] - b[0])
    .map(([k, v]) => {
      v.sort((a, b) => a - b);
      return { at: new Date(k).toISOString(), n: v.length, p50: percentile(v, 50), max: v[v.length - 1] };
    });
}

/**
 * The PostgreSQL admin connection and the Redis client of a PostgreSQL + Redis benchmark, or null (said on
 * stderr) when either does not answer: such a bench is skipped, not failed.
 */
export async function connectPgRedis(pgAdminUrl, redisUrl, benchName) {
  const postgres = apiRequire('postgres');
  const { Redis } = apiRequire('ioredis');
  const admin = postgres(pgAdminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await admin`select 1`;
    await redis.connect();
  } catch (err) {
    console.error(`${benchName} bench skipped: PostgreSQL or Redis did not answer (${err.message})`);
    await admin.end().catch(() => {});
    redis.disconnect();
    return null;
  }
  return { postgres, admin, redis };
}

/** The bare Fastify route (bare-server.mjs) that a run's figures are set against. */
export function startBareServer(logFile) {
  return startChild(
    'bare server',
    [path.join(HERE, 'bare-server.mjs')],
    { PATH: process.env.PATH },
    logFile,
    (l) => {
      try {
        return JSON.parse(l).port;
      } catch {
        return undefined;
      }
    },
  );
}

/**
 * The start of every Redis name of the deployment whose id is `id` (its database's `deployment` row), by the
 * server's own rule from its build: benches that drop a server's cached principals write under it.
 */
export async function deploymentPrefix(id) {
  const { namespaceOf } = await import(path.join(ROOT, 'packages/api/dist/platform/deployment.js'));
  return `pulso:${namespaceOf(id)}:`;
}
