/* global fetch */
// `npm run bench:segments`: issue 15's speed targets on PostgreSQL + Redis, next to a bare Fastify route in the
// same run (bench/README.md, "Segments").
//
//   - GET /api/v1/segments?limit=100 (a user's 100 segments, plus what else they can see) and
//     GET /api/v1/segments?near=…&radius_m=1000 over 100,000 public segments: 100 connections, p99 < 20 ms;
//   - matching a 2-hour, 1 Hz track against 100,000 segments (the candidate query plus the matching, as the
//     service does for an import), < 200 ms.
//
// A measurement, not a test: exits 0 whether or not the targets are met, 1 only when it could not run.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  connectPgRedis,
  startBareServer,
  measureLoad,
  http as request,
  MAIN_JS,
  num,
  OUT_DIR,
  pulsoServerEnv,
  ROOT,
  STAMP,
  startChild,
  clearPulsoRedis,
  stopChild,
} from './lib.mjs';

const OPTS = {
  duration: num('BENCH_DURATION', 10),
  warmup: num('BENCH_WARMUP', 3),
  connections: num('BENCH_CONNECTIONS', 100),
  segments: num('BENCH_SEGMENTS', 100_000),
  pgAdminUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.BENCH_SEGMENTS_REDIS_URL ?? 'redis://127.0.0.1:6379/5',
  // Sent with every measured request when set (e.g. `gzip`, what browsers, nginx and Python's requests send);
  // by default none is sent, and the API answers uncompressed.
  acceptEncoding: process.env.BENCH_SEGMENTS_ACCEPT_ENCODING,
  // `1`: the server runs with --cpu-prof (profile in bench/out; read it with bench/profile-summary.mjs).
  cpuProf: process.env.BENCH_CPU_PROF === '1',
};
const TARGET = { p99: 20, matchMs: 200 };
// Madrid, and a 40 km × 40 km square around it holding the public segments.
const CENTRE = { lat: 40.42, lon: -3.7 };
const SPAN = 0.36;

const load = (url, headers, pid, duration, paths) =>
  measureLoad({ url, headers, pid, duration, connections: OPTS.connections, paths });

/** A 2-hour run at 1 Hz: laps of a 2 km-radius circle round the centre, ~3.5 m/s. */
function twoHourTrack() {
  const n = 7200;
  const kLon = 1 / (111_320 * Math.cos((CENTRE.lat * Math.PI) / 180));
  const coordinates = [];
  const times = [];
  const t0 = Date.parse('2026-10-05T07:00:00Z');
  for (let i = 0; i < n; i++) {
    const a = (i * 3.5) / 2000; // radians: 3.5 m a second on a 2 km radius
    coordinates.push([CENTRE.lon + 2000 * Math.cos(a) * kLon, CENTRE.lat + (2000 * Math.sin(a)) / 111_195]);
    times.push(t0 + i * 1000);
  }
  return { coordinates, times, heartRates: null };
}

async function main() {
  await mkdir(OUT_DIR, { recursive: true });
  const conn = await connectPgRedis(OPTS.pgAdminUrl, OPTS.redisUrl, 'segments');
  if (!conn) return 0;
  const { postgres, admin, redis } = conn;
  const clearRedis = () => clearPulsoRedis(redis);
  const dbName = `pulso_segbench_${STAMP.replace('_', '')}`;
  const dbUrl = new URL(OPTS.pgAdminUrl);
  dbUrl.pathname = `/${dbName}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pulso-segbench-'));
  const results = { stamp: STAMP, opts: OPTS, node: process.version, cpus: os.cpus().length, runs: [] };
  let bare;
  let pulso;
  let db;
  try {
    await admin.unsafe(`create database "${dbName}"`);
    await clearRedis();
    bare = await startBareServer(path.join(OUT_DIR, `seg-bare-${STAMP}.log`));
    pulso = await startChild(
      'Pulso',
      [
        ...(OPTS.cpuProf
          ? ['--cpu-prof', '--cpu-prof-dir', OUT_DIR, '--cpu-prof-name', `seg-pulso-${STAMP}.cpuprofile`]
          : []),
        MAIN_JS,
      ],
      pulsoServerEnv(dataDir, { DATABASE_URL: dbUrl.href, REDIS_URL: OPTS.redisUrl }),
      path.join(OUT_DIR, `seg-pulso-${STAMP}.log`),
      (l) => /listening on (http:\/\/\S+)/.exec(l)?.[1],
      // Migrating a fresh database took over a minute on the shared machine at load ~30.
      180_000,
    );
    const base = pulso.value;
    const bareUrl = `http://127.0.0.1:${bare.value}/bare`;

    // A user with 100 segments of their own, then 100,000 public ones by another user, written in SQL.
    const reg = async (email) =>
      (
        await request('POST', `${base}/api/v1/auth/register`, {
          body: { email, password: 'correct horse battery', name: 'Bench' },
        })
      ).json;
    const me = await reg(`seg-${STAMP}@bench.pulso.example`);
    const other = await reg(`seg-other-${STAMP}@bench.pulso.example`);
    const token = me.access_token;
    for (let i = 0; i < 100; i++) {
      const r = await request('POST', `${base}/api/v1/segments`, {
        token,
        body: { name: `Mine ${i}`, longitude: CENTRE.lon + i * 0.001, latitude: CENTRE.lat - 0.3 },
      });
      if (r.status !== 201) throw new Error(`create segment: ${r.status} ${JSON.stringify(r.json)}`);
    }
    const seedSql = postgres(dbUrl.href, { max: 1, onnotice: () => {} });
    const t0 = performance.now();
    // Each a straight 2-point line of ~100–400 m in a random direction, starting anywhere in the square.
    await seedSql.unsafe(`
      insert into segments (owner_id, visibility, name, longitude, latitude, coordinates, length_m,
                            min_lon, min_lat, max_lon, max_lat)
      select ${Number(other.user.id)}, 'public', 'Public ' || g, lon, lat,
             jsonb_build_array(jsonb_build_array(lon, lat), jsonb_build_array(lon2, lat2)),
             len, least(lon, lon2), least(lat, lat2), greatest(lon, lon2), greatest(lat, lat2)
        from (select g, lon, lat, lon + dx / (111320 * cos(radians(lat))) as lon2, lat + dy / 111195 as lat2,
                     sqrt(dx * dx + dy * dy) as len
                from (select g, ${CENTRE.lon - SPAN / 2} + random() * ${SPAN} as lon,
                             ${CENTRE.lat - SPAN / 2} + random() * ${SPAN} as lat,
                             (100 + random() * 300) * cos(a) as dx, (100 + random() * 300) * sin(a) as dy
                        from (select g, random() * 2 * pi() as a from generate_series(1, ${OPTS.segments}) g) s) p) q`);
    // Vacuumed as autovacuum soon would: index-only scans (the nearby count) need the visibility map.
    await seedSql.unsafe('vacuum analyze segments');
    await seedSql.end();
    console.log(
      `== Segments on PostgreSQL + Redis (${base}): ${OPTS.segments} public segments seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const headers = {
      authorization: `Bearer ${token}`,
      ...(OPTS.acceptEncoding ? { 'accept-encoding': OPTS.acceptEncoding } : {}),
    };
    const targets = {
      'list 100': `${base}/api/v1/segments?limit=100`,
      'near 1 km': `${base}/api/v1/segments?near=${CENTRE.lat},${CENTRE.lon}&radius_m=1000`,
    };
    // The server's resident memory before its first nearby search and after the nearby runs: what the
    // in-process nearby index costs a process (it is loaded on the first nearby search).
    const rssMb = () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pulso.proc.pid}/status`, 'utf8'));
      return m ? Math.round(Number(m[1]) / 1024) : NaN;
    };
    results.rssMb = { beforeNearby: rssMb() };
    for (const [name, url] of Object.entries(targets)) {
      // fetch asks for gzip by itself: the check asks for what the runs ask for.
      const r = await fetch(url, {
        headers: { ...headers, 'accept-encoding': OPTS.acceptEncoding ?? 'identity' },
      });
      const rows = await r.json();
      console.log(
        `  ${name}: ${r.status}, ${rows.length} rows, X-Total-Count ${r.headers.get('x-total-count')}, ${r.headers.get('content-encoding') ?? 'not encoded'}`,
      );
      if (r.status !== 200) throw new Error(`${name} answered ${r.status}`);
    }
    const pid = pulso.proc.pid;
    // Nearby searches at a different point each: 1,000 points in turn, by the raw client of paths-child.mjs
    // (autocannon with a list of requests doubled the p99 it measured for the very same point).
    const scattered = Array.from({ length: 1000 }, (_, i) => {
      const k = i + 1;
      const lat = CENTRE.lat + ((k * 7919) % 200_000) / 1e7;
      const lon = CENTRE.lon + ((k * 104_729) % 200_000) / 1e7;
      return `/api/v1/segments?near=${lat.toFixed(7)},${lon.toFixed(7)}&radius_m=1000`;
    });
    console.log(`  warm-up ${OPTS.warmup} s each`);
    await load(bareUrl, {}, bare.proc.pid, OPTS.warmup);
    for (const url of Object.values(targets)) await load(url, headers, pid, OPTS.warmup);
    const line = (r) =>
      `${Math.round(r.rps)} req/s, p50 ${r.latencyMs.p50.toFixed(2)} p95 ${r.latencyMs.p95.toFixed(2)} p99 ${r.latencyMs.p99.toFixed(2)} ms, ${r.serverCpuUsPerReq?.toFixed(0)} µs CPU/req, statuses ${JSON.stringify(r.statuses)}, load ${r.loadAvg1m.toFixed(2)}`;
    const run = async (name, url, h, p, paths) => {
      await sleep(500);
      process.stdout.write(`  ${name} ... `);
      const r = await load(url, h, p, OPTS.duration, paths);
      console.log(line(r));
      results.runs.push({ target: name, ...r });
      return r;
    };
    const bare1 = await run('bare #1', bareUrl, {}, bare.proc.pid);
    const measured = {};
    for (const [name, url] of Object.entries(targets)) measured[name] = await run(name, url, headers, pid);
    measured['near, uncached'] = await run('near, uncached', base, headers, pid, scattered);
    results.rssMb.afterNearby = rssMb();
    console.log(
      `  server memory (RSS): ${results.rssMb.beforeNearby} MB before its first nearby search, ${results.rssMb.afterNearby} MB after the nearby runs`,
    );
    const bare2 = await run('bare #2', bareUrl, {}, bare.proc.pid);
    const bareRps = (bare1.rps + bare2.rps) / 2;

    // Matching: the service's own steps for an imported 2-hour track, in this process, over the same database.
    const dist = (p) => pathToFileURL(path.join(ROOT, 'packages/api/dist', p)).href;
    const { openDatabase } = await import(dist('platform/db/index.js'));
    const { createSegmentsRepo } = await import(dist('modules/segments/repo.js'));
    const { matchTrack, prepareTrack } = await import(dist('modules/segments/domain/match.js'));
    const { extentOf } = await import(dist('modules/segments/domain/geometry.js'));
    db = await openDatabase({ url: dbUrl.href });
    const repo = createSegmentsRepo(db.db);
    const track = twoHourTrack();
    const viewer = { userId: Number(me.user.id), gymIds: [] };
    const times = [];
    let candidates = 0;
    let efforts = 0;
    for (let k = 0; k < 7; k++) {
      const t1 = performance.now();
      const e = extentOf(track.coordinates);
      const pad = 20 / 111_000;
      const cands = await repo.candidates(viewer, {
        minLon: e.minLon - pad * 1.3,
        minLat: e.minLat - pad,
        maxLon: e.maxLon + pad * 1.3,
        maxLat: e.maxLat + pad,
      });
      efforts = 0;
      // As the service does: the track prepared (projected, gridded) once for all candidates.
      const prepared = prepareTrack(track);
      for (const c of cands) if (matchTrack(c.coordinates, prepared)) efforts++;
      times.push(performance.now() - t1);
      candidates = cands.length;
    }
    times.sort((a, b) => a - b);
    const matching = { candidates, efforts, medianMs: times[3], maxMs: times.at(-1), runs: times };
    results.matching = matching;
    console.log(
      `  matching a 2-hour 1 Hz track: ${candidates} candidate segments, ${efforts} efforts, median ${matching.medianMs.toFixed(0)} ms (max ${matching.maxMs.toFixed(0)} ms of 7)`,
    );

    console.log('\n  target                 req/s   ×bare     p99 ms   target p99 < 20 ms');
    for (const [name, r] of Object.entries(measured))
      console.log(
        `  ${name.padEnd(20)} ${String(Math.round(r.rps)).padStart(7)} ${(r.rps / bareRps).toFixed(2).padStart(7)} ${r.latencyMs.p99.toFixed(2).padStart(10)}   ${r.latencyMs.p99 < TARGET.p99 ? 'met' : 'NOT met'}`,
      );
    console.log(
      `  matching: ${matching.medianMs < TARGET.matchMs ? 'met' : 'NOT met'} (< ${TARGET.matchMs} ms)`,
    );
    results.bareRps = bareRps;
    const out = path.join(OUT_DIR, `segments-${STAMP}.json`);
    await writeFile(out, JSON.stringify(results, null, 2));
    console.log(`\n  written ${out}`);
    return 0;
  } finally {
    if (db) await db.close?.();
    if (pulso) await stopChild(pulso.proc);
    if (bare) await stopChild(bare.proc);
    await clearRedis().catch(() => {});
    redis.disconnect();
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`).catch(() => {});
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);
