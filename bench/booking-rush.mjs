// `npm run bench:rush` (also run by `npm run bench`): a popular class opens and members book it at once.
// See bench/README.md ("Booking rush").
//
// The real server on PostgreSQL + Redis; members book sessions through
// POST /api/v1/schedule/sessions/{id}/bookings at 100 connections (closed loop, a load generator in a process of
// its own: `rush-child.mjs`), the bookings of one session after another, so the 100 in flight compete for the same
// slot's lock. Next to it, in the same run, the database's own speed through the same driver: a bare
// single-statement `INSERT … ON CONFLICT DO NOTHING` loop by postgres.js at the same concurrency and with the
// server's pool size (before and after the rush; the ratio divides by their mean).
//
// Then the invariants, read back from the database: per session exactly min(capacity, members) booked and the
// rest waitlisted; no person twice; the waitlist in arrival order (tickets growing with the reservation ids, the
// positions answered to the waitlisted 1…n); every 201 answered is a row, and a second round of the same
// bookings is refused (409) without changing a counter.
//
// A measurement, not a test: exits 0 whether or not the targets are met, 1 only when it could not run or an
// invariant broke.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  apiRequire,
  clearPulsoRedis,
  cpuOf,
  HERE,
  http as request,
  MAIN_JS,
  num,
  OUT_DIR,
  percentile,
  pulsoServerEnv,
  RATE_LIMIT_MAX,
  STAMP,
  deploymentPrefix,
  startChild,
  stopChild,
} from './lib.mjs';

const OPTS = {
  members: num('BENCH_RUSH_MEMBERS', 400),
  sessions: num('BENCH_RUSH_SESSIONS', 25),
  capacity: num('BENCH_RUSH_CAPACITY', 30),
  connections: num('BENCH_RUSH_CONNECTIONS', 100),
  poolMax: num('BENCH_RUSH_POOL', 20),
  // `spread`: the list goes round the sessions (member 1 books sessions 1…n, then member 2 …), so the 100 in
  // flight fall on many slots; `one`: all of one session's bookings, then the next, so they queue on one lock.
  order: process.env.BENCH_RUSH_ORDER === 'one' ? 'one' : 'spread',
  pgAdminUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.BENCH_RUSH_REDIS_URL ?? 'redis://127.0.0.1:6379/5',
  serverEnv: JSON.parse(process.env.BENCH_SERVER_ENV || '{}'),
  warmup: process.env.BENCH_RUSH_WARMUP !== '0',
};
// Issue "Production and scale-out": at least 1,500 bookings/s, p99 under 100 ms, at least 25% of the bare loop.
const TARGET = { rps: 1500, p99: 100, ratio: 0.25 };

async function must(method, url, o, status = [200, 201]) {
  const r = await request(method, url, o);
  if (!status.includes(r.status))
    throw new Error(`${method} ${url} answered ${r.status}: ${JSON.stringify(r.json)}`);
  return r.json;
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
const ymd = (d) => d.toISOString().slice(0, 10);
const latencyOf = (lat) => {
  const v = [...lat].sort((a, b) => a - b);
  return { p50: percentile(v, 50), p95: percentile(v, 95), p99: percentile(v, 99), max: v.at(-1) };
};

/** A gym, `sessions` sessions in the coming days (capacity `capacity`) and `members` members with tokens. */
async function seed(base, db, redis) {
  const t0 = performance.now();
  const owner = await must('POST', `${base}/api/v1/auth/register`, {
    body: { email: `owner-${STAMP}@rush.example`, password: 'bench-password-0123', name: 'Rush Owner' },
  });
  const o = { token: owner.access_token };
  o.gym = (
    await must('POST', `${base}/api/v1/gyms`, { ...o, body: { name: 'Rush Gym', timezone: 'UTC' } })
  ).id;
  const perClass = 7;
  const classes = Math.ceil(OPTS.sessions / perClass);
  const tomorrow = new Date(Date.now() + 86_400_000);
  for (let i = 0; i < classes; i++)
    await must('POST', `${base}/api/v1/schedule/classes`, {
      ...o,
      body: {
        name: `Rush class ${i + 1}`,
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        start_time: `${String(8 + i).padStart(2, '0')}:00`,
        duration_min: 45,
        capacity: OPTS.capacity,
        start_date: ymd(tomorrow),
      },
    });
  const sessions = await must(
    'GET',
    `${base}/api/v1/schedule/sessions?from=${ymd(tomorrow)}&to=${ymd(new Date(tomorrow.getTime() + 6 * 86_400_000))}`,
    o,
  );
  if (sessions.length <= OPTS.sessions)
    throw new Error(`only ${sessions.length} sessions in the coming week, ${OPTS.sessions} wanted`);
  const members = await pool(
    Array.from({ length: OPTS.members }, (_, i) => i),
    4,
    async (i) => {
      const email = `m${i}-${STAMP}@rush.example`;
      const r = await must('POST', `${base}/api/v1/auth/register`, {
        body: { email, password: 'bench-password-0123', name: `Member ${i}` },
      });
      return { email, token: r.access_token, userId: r.user.id };
    },
  );
  // Only a confirmed address may accept an invitation. The confirmation link goes by mail, which this bench
  // cannot read: it confirms the bench's own members in the database and drops their cached principals (in
  // Redis and, through the invalidation channel, in the server's in-process layer).
  await db`update users set email_verified_at = now() where email like ${`%-${STAMP}@rush.example`}`;
  // The server's Redis names are under its deployment's namespace, taken from the id in its database.
  const [{ id }] = await db`select id::text as id from deployment`;
  const prefix = await deploymentPrefix(id);
  const keys = members.map((m) => `principal:${m.userId}`);
  await redis.del(...keys.map((k) => `${prefix}c:${k}`));
  await redis.publish(`${prefix}cache:invalidate`, JSON.stringify(keys));
  await pool(members, 8, async (m) => {
    const inv = await must(
      'POST',
      `${base}/api/v1/members`,
      { ...o, body: { email: m.email, role: 'member' } },
      [202],
    );
    await must('POST', `${base}/api/v1/users/me/invitations/${inv.invitation.id}/accept`, { token: m.token });
  });
  console.log(
    `  seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${OPTS.sessions} sessions of ${OPTS.capacity} places, ${members.length} members`,
  );
  return { ...o, members, sessions: sessions.slice(0, OPTS.sessions), spares: sessions.slice(OPTS.sessions) };
}

function rushChild(file) {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [path.join(HERE, 'rush-child.mjs'), file],
      { maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) =>
        err
          ? reject(new Error(`load generator failed: ${stderr || err.message}`))
          : resolve(JSON.parse(stdout)),
    ),
  );
}

/** The database's own limit: `n` single-statement inserts by `concurrency` callers over a pool of `poolMax`. */
async function bareInserts(postgres, url, n, concurrency, poolMax, round) {
  const sql = postgres(url, { max: poolMax, onnotice: () => {} });
  try {
    await sql`create table if not exists rush_bare (slot int not null, member int not null, primary key (slot, member))`;
    await Promise.all(Array.from({ length: poolMax }, () => sql`select 1`));
    const lat = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < n) {
          const k = next++;
          const q0 = performance.now();
          await sql`insert into rush_bare (slot, member) values (${round}, ${k}) on conflict do nothing`;
          lat.push(performance.now() - q0);
        }
      }),
    );
    const wallS = (performance.now() - t0) / 1000;
    return { rps: n / wallS, wallS, latencyMs: latencyOf(lat) };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function main() {
  await mkdir(OUT_DIR, { recursive: true });
  const postgres = apiRequire('postgres');
  const { Redis } = apiRequire('ioredis');
  const admin = postgres(OPTS.pgAdminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
  const redis = new Redis(OPTS.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await admin`select 1`;
    await redis.connect();
  } catch (err) {
    console.error(`booking rush skipped: PostgreSQL or Redis did not answer (${err.message})`);
    await admin.end().catch(() => {});
    return 0;
  }
  const dbName = `pulso_rush_${STAMP.replace('_', '')}`;
  const dbUrl = new URL(OPTS.pgAdminUrl);
  dbUrl.pathname = `/${dbName}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pulso-rush-'));
  let pulso;
  let db;
  const results = { stamp: STAMP, opts: OPTS, node: process.version, cpus: os.cpus().length };
  let broken = [];
  try {
    await admin.unsafe(`create database "${dbName}"`);
    await clearPulsoRedis(redis);
    pulso = await startChild(
      'Pulso',
      [
        ...(process.env.BENCH_CPU_PROF === '1'
          ? ['--cpu-prof', '--cpu-prof-dir', OUT_DIR, '--cpu-prof-name', `rush-pulso-${STAMP}.cpuprofile`]
          : []),
        MAIN_JS,
      ],
      pulsoServerEnv(dataDir, {
        RATE_LIMIT_AUTH_MAX: RATE_LIMIT_MAX,
        DATABASE_URL: dbUrl.href,
        DATABASE_POOL_MAX: String(OPTS.poolMax),
        REDIS_URL: OPTS.redisUrl,
        ...OPTS.serverEnv,
      }),
      path.join(OUT_DIR, `rush-pulso-${STAMP}.log`),
      (l) => /listening on (http:\/\/\S+)/.exec(l)?.[1],
    );
    const base = pulso.value;
    console.log(
      `== Booking rush on PostgreSQL + Redis (${base}), ${OPTS.connections} connections, pool ${OPTS.poolMax}, order ${OPTS.order}`,
    );
    db = postgres(dbUrl.href, { max: 1, onnotice: () => {} });
    const s = await seed(base, db, redis);

    // Warm-up: every member reads their bookings once (token, principal and gym caches, JIT), no booking.
    await pool(s.members, 20, (m) =>
      must('GET', `${base}/api/v1/users/me/bookings`, { token: m.token, gym: s.gym }),
    );

    // One booking alone (a session outside the rush): its Server-Timing says what the path costs when idle.
    if (s.spares.length) {
      const one = await request('POST', `${base}/api/v1/schedule/sessions/${s.spares[0].id}/bookings`, {
        token: s.members[0].token,
        gym: s.gym,
        body: {},
      });
      results.idleServerTiming = one.headers.get('server-timing');
      console.log(`  one booking alone: ${one.status}, Server-Timing ${results.idleServerTiming}`);
    }
    // Warm-up of the booking path itself (BENCH_RUSH_WARMUP=0 skips it): every member books the sessions of the
    // coming week that are not in the rush, through the same load generator at the same concurrency. A server
    // in production has run its booking path before a class opens; without this the rush's first second also
    // measures the JIT compiling the route and each pooled connection parsing the booking statements. The
    // rush's sessions, its invariants and what is timed do not change.
    if (OPTS.warmup && s.spares.length) {
      const warm = [];
      for (const m of s.members) for (const sess of s.spares) warm.push({ session: sess.id, token: m.token });
      const wfile = path.join(dataDir, 'warm.json');
      await writeFile(
        wfile,
        JSON.stringify({ base, gym: s.gym, connections: OPTS.connections, bookings: warm }),
      );
      const w = await rushChild(wfile);
      const ws = {};
      for (const r of w.results) ws[r.s] = (ws[r.s] ?? 0) + 1;
      console.log(
        `  warm-up: ${warm.length} bookings of the ${s.spares.length} sessions outside the rush in ${w.wallS.toFixed(2)} s, statuses ${JSON.stringify(ws)}`,
      );
    }
    const bookings = [];
    if (OPTS.order === 'one')
      for (const sess of s.sessions)
        for (const m of s.members) bookings.push({ session: sess.id, token: m.token });
    else
      for (const m of s.members)
        for (const sess of s.sessions) bookings.push({ session: sess.id, token: m.token });
    const file = path.join(dataDir, 'rush.json');
    await writeFile(file, JSON.stringify({ base, gym: s.gym, connections: OPTS.connections, bookings }));

    const bare1 = await bareInserts(postgres, dbUrl.href, bookings.length, OPTS.connections, OPTS.poolMax, 1);
    console.log(
      `  bare INSERT … ON CONFLICT #1: ${Math.round(bare1.rps)}/s, p50 ${bare1.latencyMs.p50.toFixed(1)} p99 ${bare1.latencyMs.p99.toFixed(1)} ms`,
    );
    const cpu0 = cpuOf(pulso.proc.pid);
    const rush = await rushChild(file);
    const cpu1 = cpuOf(pulso.proc.pid);
    const bare2 = await bareInserts(postgres, dbUrl.href, bookings.length, OPTS.connections, OPTS.poolMax, 2);
    console.log(
      `  bare INSERT … ON CONFLICT #2: ${Math.round(bare2.rps)}/s, p50 ${bare2.latencyMs.p50.toFixed(1)} p99 ${bare2.latencyMs.p99.toFixed(1)} ms`,
    );
    const statuses = {};
    for (const r of rush.results) statuses[r.s] = (statuses[r.s] ?? 0) + 1;
    const lat = latencyOf(rush.results.map((r) => r.ms));
    const rps = bookings.length / rush.wallS;
    const bareRps = (bare1.rps + bare2.rps) / 2;
    const cpuUs =
      cpu0 && cpu1 ? ((cpu1.user + cpu1.sys - cpu0.user - cpu0.sys) / bookings.length) * 1e6 : null;
    const genUs = (rush.cpuS / bookings.length) * 1e6;
    console.log(
      `  rush: ${bookings.length} bookings (${s.members.length} members × ${s.sessions.length} sessions) in ${rush.wallS.toFixed(2)} s = ${Math.round(rps)} bookings/s, p50 ${lat.p50.toFixed(1)} p95 ${lat.p95.toFixed(1)} p99 ${lat.p99.toFixed(1)} max ${lat.max.toFixed(1)} ms, server CPU ${cpuUs?.toFixed(0)} µs/booking, load generator CPU ${genUs.toFixed(0)} µs/booking (${process.env.BENCH_RUSH_CLIENT === 'http' ? 'node:http' : 'raw'} client), statuses ${JSON.stringify(statuses)}`,
    );
    console.log(
      `  ratio to the bare loop: ${(rps / bareRps).toFixed(3)} (bare mean ${Math.round(bareRps)}/s)`,
    );

    // ---- invariants, from the database
    broken = [];
    const bySession = new Map(s.sessions.map((x, i) => [x.id, i]));
    const answered = new Map();
    rush.results.forEach((r, k) => {
      if (r.s !== 201) broken.push(`booking ${k} answered ${r.s}${r.err ? ` (${r.err})` : ''}`);
      else answered.set(r.id, { ...r, session: bookings[k].session });
    });
    const rows = await db`
      select cs.id as session, r.id, r.user_id, r.status, r.position, s.booked_count, s.waitlist_count, s.capacity
        from reservations r join class_sessions cs on cs.slot_id = r.slot_id and cs.gym_id = r.gym_id
        join reservable_slots s on s.id = r.slot_id
       where r.gym_id = ${s.gym} and cs.id in ${db(s.sessions.map((x) => x.id))} order by cs.id, r.id`;
    const per = new Map();
    for (const r of rows) {
      if (!per.has(r.session)) per.set(r.session, []);
      per.get(r.session).push(r);
    }
    for (const sess of s.sessions) {
      const rs = per.get(sess.id) ?? [];
      const booked = rs.filter((r) => r.status === 'booked');
      const waiting = rs.filter((r) => r.status === 'waitlisted');
      const want = Math.min(OPTS.capacity, s.members.length);
      if (booked.length !== want)
        broken.push(`session ${sess.id}: ${booked.length} booked, ${want} expected`);
      if (waiting.length !== s.members.length - want)
        broken.push(`session ${sess.id}: ${waiting.length} waitlisted, ${s.members.length - want} expected`);
      if (rs[0] && (rs[0].booked_count !== booked.length || rs[0].waitlist_count !== waiting.length))
        broken.push(
          `session ${sess.id}: counters ${rs[0].booked_count}/${rs[0].waitlist_count} differ from the rows`,
        );
      if (new Set(rs.map((r) => r.user_id)).size !== rs.length)
        broken.push(`session ${sess.id}: a member twice`);
      // Arrival order: the ids (given in the order the slot's lock was taken) and the tickets grow together,
      // and every place was given before the first waitlist ticket.
      for (let i = 1; i < waiting.length; i++)
        if (!(waiting[i].position > waiting[i - 1].position))
          broken.push(`session ${sess.id}: waitlist out of order`);
      if (booked.length && waiting.length && Math.max(...booked.map((r) => r.id)) > waiting[0].id)
        broken.push(`session ${sess.id}: a place given after the waitlist began`);
      const positions = rs
        .map((r) => answered.get(r.id))
        .filter((a) => a?.st === 'waitlisted')
        .map((a) => a.pos)
        .sort((a, b) => a - b);
      if (positions.some((p, i) => p !== i + 1))
        broken.push(`session ${sess.id}: answered positions are not 1…n`);
    }
    if (rows.length !== answered.size)
      broken.push(`${answered.size} bookings answered 201, ${rows.length} rows`);
    for (const [id, a] of answered)
      if (!rows.some((r) => r.id === id && r.session === a.session && r.status === a.st))
        broken.push(`answered booking ${id} is not in the database as answered`);
    // Everyone again: each is refused (already booked), nothing changes.
    const again = await rushChild(file);
    const againStatuses = {};
    for (const r of again.results) againStatuses[r.s] = (againStatuses[r.s] ?? 0) + 1;
    if (againStatuses[409] !== bookings.length) broken.push(`second round: ${JSON.stringify(againStatuses)}`);
    const [{ n }] = await db`select count(*)::int as n from reservations r join class_sessions cs
      on cs.slot_id = r.slot_id where r.gym_id = ${s.gym} and cs.id in ${db(s.sessions.map((x) => x.id))}`;
    if (n !== rows.length) broken.push(`second round changed the rows: ${rows.length} → ${n}`);
    void bySession;
    console.log(
      broken.length
        ? `  INVARIANTS BROKEN:\n    ${broken.slice(0, 20).join('\n    ')}`
        : `  invariants held: ${s.sessions.length} × (${Math.min(OPTS.capacity, s.members.length)} booked + ${Math.max(0, s.members.length - OPTS.capacity)} waitlisted in arrival order), no one twice, every 201 a row, second round all 409 (${againStatuses[409]})`,
    );
    const misses = [];
    if (!(rps >= TARGET.rps)) misses.push(`${Math.round(rps)} bookings/s < ${TARGET.rps}`);
    if (!(lat.p99 < TARGET.p99)) misses.push(`p99 ${lat.p99.toFixed(1)} ms >= ${TARGET.p99}`);
    if (!(rps / bareRps >= TARGET.ratio))
      misses.push(`ratio ${(rps / bareRps).toFixed(3)} < ${TARGET.ratio}`);
    console.log(misses.length ? `  targets missed: ${misses.join('; ')}` : '  targets met');
    console.log(`  load average (1 min) after: ${os.loadavg()[0].toFixed(2)}`);
    Object.assign(results, {
      bookings: bookings.length,
      rush: {
        rps,
        wallS: rush.wallS,
        latencyMs: lat,
        statuses,
        serverCpuUsPerBooking: cpuUs,
        generatorCpuUsPerBooking: genUs,
      },
      bare: [bare1, bare2],
      ratio: rps / bareRps,
      secondRound: againStatuses,
      broken,
      misses,
      loadAvg: os.loadavg(),
    });
    await writeFile(path.join(OUT_DIR, `rush-${STAMP}.json`), JSON.stringify(results, null, 2));
  } finally {
    await stopChild(pulso?.proc);
    await db?.end({ timeout: 5 }).catch(() => {});
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`).catch(() => {});
    await admin.end({ timeout: 5 }).catch(() => {});
    await clearPulsoRedis(redis).catch(() => {});
    redis.disconnect();
    await rm(dataDir, { recursive: true, force: true });
  }
  return broken.length ? 1 : 0;
}

process.exitCode = await main().catch((err) => {
  console.error(err.stack ?? err.message);
  return 1;
});
