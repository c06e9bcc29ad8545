/* global fetch, TextEncoder, performance */
// `npm run bench:nutrition`: issue 13's speed targets on PostgreSQL + Redis, next to a bare Fastify route in the
// same run. A gym with 50 plans of 7 days × 5 meals × 5 items:
//
//   - GET /api/v1/nutrition/plans and GET /api/v1/nutrition/plans/{id}: ≥ 35% of the bare route's req/s, p99 < 25 ms;
//   - GET /api/v1/nutrition/progress/weekly: p99 < 30 ms;
//   - POST /api/v1/nutrition/plans/{id}/follow and POST /api/v1/nutrition/meals/{id}/complete: p99 < 50 ms.
//
// The first plan is created through the API; the other 49 are copied in SQL (plan creation is limited to 10 an
// hour per author). The followers are 2,000 members written in SQL with access tokens signed here with the
// server's JWT secret (registering them would spend minutes hashing passwords). Every follow request is a new
// (member, plan) pair, so each one is a real follow (201), not a refused repeat.
//
// A measurement, not a test: exits 0 whether or not the targets are met, 1 only when it could not run.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  apiRequire,
  startBareServer,
  connectPgRedis,
  measureLoad,
  clearPulsoRedis,
  http as request,
  MAIN_JS,
  num,
  OUT_DIR,
  pulsoServerEnv,
  STAMP,
  startChild,
  stopChild,
} from './lib.mjs';

const OPTS = {
  duration: num('BENCH_DURATION', 10),
  warmup: num('BENCH_WARMUP', 3),
  connections: num('BENCH_CONNECTIONS', 100),
  members: num('BENCH_MEMBERS', 2000),
  pgAdminUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.BENCH_NUTRITION_REDIS_URL ?? 'redis://127.0.0.1:6379/6',
  // `1`: the server runs with --cpu-prof (profile in bench/out; read it with bench/profile-summary.mjs).
  cpuProf: process.env.BENCH_CPU_PROF === '1',
  // Which of the measured runs to make (comma-separated names as printed, e.g. `POST follow`); all by default.
  only: process.env.BENCH_NUTRITION_ONLY?.split(',').map((x) => x.trim()),
  // The Accept-Encoding of the GET runs: `gzip` by default, as every client of these routes sends it (browsers,
  // the deployment's nginx, and the seed's Python clients: requests and httpx ask for gzip unless told not to);
  // `identity` measures the uncompressed bodies.
  acceptEncoding: process.env.BENCH_NUTRITION_ACCEPT_ENCODING || 'gzip',
};
const TARGET = { readShare: 0.35, readP99: 25, weeklyP99: 30, writeP99: 50 };
const PLANS = 50;

const load = (url, headers, pid, duration, requests) =>
  measureLoad({ url, headers, pid, duration, connections: OPTS.connections, requests });

async function main() {
  await mkdir(OUT_DIR, { recursive: true });
  const conn = await connectPgRedis(OPTS.pgAdminUrl, OPTS.redisUrl, 'nutrition');
  if (!conn) return 0;
  const { postgres, admin, redis } = conn;
  const { SignJWT } = apiRequire('jose');
  const clearRedis = () => clearPulsoRedis(redis);
  const dbName = `pulso_nutbench_${STAMP.replace('_', '')}`;
  const dbUrl = new URL(OPTS.pgAdminUrl);
  dbUrl.pathname = `/${dbName}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pulso-nutbench-'));
  const jwtSecret = randomBytes(32).toString('base64url');
  const results = { stamp: STAMP, opts: OPTS, node: process.version, cpus: os.cpus().length, runs: [] };
  let bare;
  let pulso;
  try {
    await admin.unsafe(`create database "${dbName}"`);
    await clearRedis();
    bare = await startBareServer(path.join(OUT_DIR, `nut-bare-${STAMP}.log`));
    pulso = await startChild(
      'Pulso',
      OPTS.cpuProf
        ? [
            '--cpu-prof',
            '--cpu-prof-dir',
            OUT_DIR,
            '--cpu-prof-name',
            `nut-pulso-${STAMP}.cpuprofile`,
            MAIN_JS,
          ]
        : [MAIN_JS],
      pulsoServerEnv(dataDir, { DATABASE_URL: dbUrl.href, REDIS_URL: OPTS.redisUrl, JWT_SECRET: jwtSecret }),
      path.join(OUT_DIR, `nut-pulso-${STAMP}.log`),
      (l) => /listening on (http:\/\/\S+)/.exec(l)?.[1],
    );
    const base = pulso.value;
    const bareUrl = `http://127.0.0.1:${bare.value}/bare`;

    const owner = (
      await request('POST', `${base}/api/v1/auth/register`, {
        body: { email: `nut-${STAMP}@bench.pulso.example`, password: 'correct horse battery', name: 'Bench' },
      })
    ).json;
    const token = owner.access_token;
    const gym = (await request('POST', `${base}/api/v1/gyms`, { token, body: { name: 'Bench gym' } })).json;
    if (!gym?.id) throw new Error('could not create the gym');
    // Foods of the base catalogue (the first request seeds it), two pages of 100.
    const foodIds = [];
    for (const skip of [0, 100]) {
      const page = await request('GET', `${base}/api/v1/nutrition/foods?limit=100&skip=${skip}`, {
        token,
        gym: gym.id,
      });
      if (page.status !== 200) throw new Error(`foods: ${page.status} ${JSON.stringify(page.json)}`);
      foodIds.push(...page.json.map((x) => x.id));
    }
    const days = Array.from({ length: 7 }, (_, d) => ({
      day_number: d + 1,
      meals: Array.from({ length: 5 }, (_, m) => ({
        name: `Meal ${m + 1}`,
        items: Array.from({ length: 5 }, (_, i) => ({
          food_id: 1 + ((d * 25 + m * 5 + i) % 150),
          grams: 100,
        })),
      })),
    }));
    const first = await request('POST', `${base}/api/v1/nutrition/plans`, {
      token,
      gym: gym.id,
      body: { name: 'Plan 1', goal: 'maintenance', target_calories: 2200, days },
    });
    if (first.status !== 201) throw new Error(`create plan: ${first.status} ${JSON.stringify(first.json)}`);

    // 49 copies of the first plan's tree, and the members, in SQL.
    const sqlc = postgres(dbUrl.href, { max: 1, onnotice: () => {} });
    const p1 = first.json.id;
    await sqlc.begin(async (tx) => {
      await tx.unsafe(`
        insert into nutrition_plans (gym_id, author_id, name, goal, type, target_calories)
        select gym_id, author_id, 'Plan ' || g, goal, type, target_calories
          from nutrition_plans, generate_series(2, ${PLANS}) g where id = ${p1}`);
      await tx.unsafe(`
        insert into nutrition_days (plan_id, day_number, position)
        select p.id, d.day_number, d.position from nutrition_plans p, nutrition_days d
         where p.id <> ${p1} and d.plan_id = ${p1}`);
      await tx.unsafe(`
        insert into nutrition_meals (plan_id, day_id, name, meal_type, position)
        select nd.plan_id, nd.id, m.name, m.meal_type, m.position
          from nutrition_meals m join nutrition_days od on od.id = m.day_id
          join nutrition_days nd on nd.position = od.position and nd.plan_id <> ${p1}
         where m.plan_id = ${p1}`);
      await tx.unsafe(`
        insert into nutrition_items (plan_id, meal_id, food_id, grams, position)
        select nm.plan_id, nm.id, i.food_id, i.grams, i.position
          from nutrition_items i join nutrition_meals om on om.id = i.meal_id
          join nutrition_meals nm on nm.position = om.position and nm.plan_id <> ${p1}
         where i.plan_id = ${p1}`);
      await tx.unsafe(`
        insert into users (email, name) select 'm' || g || '-${STAMP}@bench.pulso.example', 'Member ' || g
          from generate_series(1, ${OPTS.members}) g`);
      await tx.unsafe(`
        insert into gym_members (gym_id, user_id, role)
        select ${gym.id}, id, 'member' from users where email like 'm%-${STAMP}@bench.pulso.example'`);
    });
    await sqlc.unsafe('analyze');
    const memberIds = (
      await sqlc.unsafe(`select id from users where email like 'm%-${STAMP}@bench.pulso.example' order by id`)
    ).map((r) => Number(r.id));
    const planIds = (await sqlc.unsafe(`select id from nutrition_plans order by id`)).map((r) =>
      Number(r.id),
    );
    const key = new TextEncoder().encode(jwtSecret);
    const now = Math.floor(Date.now() / 1000);
    const tokens = await Promise.all(
      memberIds.map((id) =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .setSubject(String(id))
          .setIssuer('pulso')
          .setAudience('pulso-api')
          .setIssuedAt(now)
          .setExpirationTime(now + 3600)
          .setJti(randomUUID())
          .sign(key),
      ),
    );
    // Steady state: a member's token has been checked and their principal cached by an earlier request (their
    // app opening). Without this, most measured requests were each member's first, and the runs measured the
    // cold path (a signature check and a principal query per request) rather than the routes.
    for (let i = 0; i < tokens.length; i += 50)
      await Promise.all(
        tokens.slice(i, i + 50).map(async (tk) => {
          const r = await fetch(`${base}/api/v1/users/me`, { headers: { authorization: `Bearer ${tk}` } });
          await r.arrayBuffer();
          if (r.status !== 200) throw new Error(`warming a member: ${r.status}`);
        }),
      );
    const meals = (
      await sqlc.unsafe(`select id from nutrition_meals where plan_id = ${p1} order by position`)
    ).map((r) => Number(r.id));

    const encoding = { 'accept-encoding': OPTS.acceptEncoding };
    const gymHeaders = { authorization: `Bearer ${token}`, 'x-gym-id': String(gym.id), ...encoding };
    const listUrl = `${base}/api/v1/nutrition/plans?limit=50`;
    const detailUrl = `${base}/api/v1/nutrition/plans/${planIds[10]}`;
    // fetch asks for gzip by itself: the check asks for what the runs ask for.
    const check = await fetch(detailUrl, {
      headers: gymHeaders,
    });
    const detail = await check.json();
    const items = detail.days.flatMap((d) => d.meals.flatMap((m) => m.items)).length;
    console.log(
      `== Nutrition on PostgreSQL + Redis (${base}): ${planIds.length} plans, detail ${check.status} (${check.headers.get('content-encoding') ?? 'not encoded'}) with ${detail.days.length} days and ${items} items; ${memberIds.length} members`,
    );

    const pid = pulso.proc.pid;
    const line = (r) =>
      `${Math.round(r.rps)} req/s, p50 ${r.latencyMs.p50.toFixed(2)} p95 ${r.latencyMs.p95.toFixed(2)} p99 ${r.latencyMs.p99.toFixed(2)} ms, ${r.serverCpuUsPerReq?.toFixed(0)} µs CPU/req, statuses ${JSON.stringify(r.statuses)}, load ${r.loadAvg1m.toFixed(2)}`;
    // What the server's PostgreSQL sessions wait on during a run (sampled every 200 ms): a follow that waits on
    // a lock or for a pool connection shows here, where the CPU figures cannot tell waiting from working.
    const waits = async (stop) => {
      const seen = {};
      const probe = postgres(dbUrl.href, { max: 1, onnotice: () => {} });
      try {
        while (!stop.done) {
          const rows = await probe.unsafe(
            `select coalesce(wait_event_type || ':' || wait_event, state) w, count(*)::int n from pg_stat_activity
              where datname = current_database() and application_name = 'pulso' and state <> 'idle' group by 1`,
          );
          for (const r of rows) seen[r.w] = (seen[r.w] ?? 0) + r.n;
          await sleep(200);
        }
      } finally {
        await probe.end();
      }
      return seen;
    };
    // What a request costs PostgreSQL: transactions (an autocommit statement is one) and rows written per
    // request, from the database's statistics (flushed about once a second, hence the pause before reading),
    // and the transactions that wrote (each a commit record to flush): the transaction ids drawn meanwhile, on
    // the whole cluster (the reading itself draws one).
    const dbStats = async () =>
      (
        await admin`select xact_commit + xact_rollback as xacts, tup_inserted + tup_updated + tup_deleted as rows,
                           pg_current_xact_id()::text::bigint as xid
                      from pg_stat_database where datname = ${dbName}`
      )[0];
    const run = async (name, url, h, p, requests) => {
      if (OPTS.only && !name.startsWith('bare') && !OPTS.only.includes(name)) return null;
      await sleep(500);
      process.stdout.write(`  ${name} ... `);
      const stop = { done: false };
      const sampled = name.startsWith('bare') ? null : waits(stop);
      const s0 = sampled ? await dbStats() : null;
      const r = await load(url, h, p, OPTS.duration, requests);
      stop.done = true;
      if (sampled) r.pgWaits = await sampled;
      if (s0) {
        await sleep(1100);
        const s1 = await dbStats();
        const n = Object.values(r.statuses).reduce((a, b) => a + b, 0) || 1;
        // The wait sampler's own queries (5 a second) are transactions too: they are left in, a small share.
        r.dbPerRequest = {
          xacts: (s1.xacts - s0.xacts) / n,
          writes: (Number(s1.xid) - Number(s0.xid) - 1) / n,
          rows: (s1.rows - s0.rows) / n,
        };
      }
      console.log(
        line(r) +
          (r.dbPerRequest
            ? `, per request ${r.dbPerRequest.xacts.toFixed(2)} transactions (${r.dbPerRequest.writes.toFixed(2)} writing), ${r.dbPerRequest.rows.toFixed(2)} rows written`
            : ''),
      );
      if (r.pgWaits)
        console.log(`    PostgreSQL sessions by wait (200 ms samples): ${JSON.stringify(r.pgWaits)}`);
      results.runs.push({ target: name, ...r });
      return r;
    };
    // Idle latency of one follow at a time (plan 50, members the load run does not reach first): the floor the
    // loaded figures sit on. Measured again after the runs (other members), when the server's connections have
    // prepared and planned their statements: the first measure includes that work, once per connection.
    const idleFollows = async (label, from) => {
      const idle = [];
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        const res = await fetch(`${base}/api/v1/nutrition/plans/${planIds.at(-1)}/follow`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${tokens[memberIds.length - 1 - from - i]}`,
            'x-gym-id': String(gym.id),
          },
        });
        await res.arrayBuffer();
        idle.push({
          ms: performance.now() - t0,
          status: res.status,
          timing: res.headers.get('server-timing'),
        });
      }
      const idleMs = idle.map((x) => x.ms).sort((a, b) => a - b);
      console.log(
        `  idle follows ${label}, one at a time: median ${idleMs[10].toFixed(1)} ms, max ${idleMs[19].toFixed(1)} ms, statuses ${[...new Set(idle.map((x) => x.status))]}; server-timing of the last: ${idle[19].timing}`,
      );
      return idle;
    };
    results.idleFollow = await idleFollows('(cold)', 0);

    // Follows: request k is member k mod N on plan ⌊k / N⌋, a new pair each time (all 201).
    let f = 0;
    const follow = [
      {
        method: 'POST',
        setupRequest: (req) => {
          const k = f++;
          const u = k % memberIds.length;
          const p = planIds[Math.floor(k / memberIds.length) % planIds.length];
          return {
            ...req,
            path: `/api/v1/nutrition/plans/${p}/follow`,
            headers: { authorization: `Bearer ${tokens[u]}`, 'x-gym-id': String(gym.id) },
          };
        },
      },
    ];
    // Completions and weekly progress: every member follows plan 1 (written before those runs).
    let c = 0;
    const complete = [
      {
        method: 'POST',
        setupRequest: (req) => {
          const k = c++;
          const u = k % memberIds.length;
          const meal = meals[Math.floor(k / memberIds.length) % meals.length];
          return {
            ...req,
            path: `/api/v1/nutrition/meals/${meal}/complete`,
            headers: {
              authorization: `Bearer ${tokens[u]}`,
              'x-gym-id': String(gym.id),
              'content-type': 'application/json',
            },
            body: '{"satisfaction":4}',
          };
        },
      },
    ];
    let w = 0;
    const weekly = [
      {
        method: 'GET',
        setupRequest: (req) => ({
          ...req,
          path: '/api/v1/nutrition/progress/weekly',
          headers: { authorization: `Bearer ${tokens[w++ % 200]}`, 'x-gym-id': String(gym.id), ...encoding },
        }),
      },
    ];

    console.log(`  warm-up ${OPTS.warmup} s each`);
    await load(bareUrl, {}, bare.proc.pid, OPTS.warmup);
    await load(listUrl, gymHeaders, pid, OPTS.warmup);
    await load(detailUrl, gymHeaders, pid, OPTS.warmup);
    const bare1 = await run('bare #1', bareUrl, {}, bare.proc.pid);
    const measured = {};
    measured['GET /plans'] = await run('GET /plans', listUrl, gymHeaders, pid);
    measured['GET /plans/{id}'] = await run('GET /plans/{id}', detailUrl, gymHeaders, pid);
    const bare2 = await run('bare #2', bareUrl, {}, bare.proc.pid);
    measured['POST follow'] = await run('POST follow', base, {}, pid, follow);
    await sqlc.unsafe(`
      insert into nutrition_follows (gym_id, plan_id, user_id, started_on)
      select ${gym.id}, ${p1}, id, current_date - 3 from users where email like 'm%-${STAMP}@bench.pulso.example'
      on conflict do nothing`);
    measured['POST complete'] = await run('POST complete', base, {}, pid, complete);
    measured['GET weekly'] = await run('GET weekly', base, {}, pid, weekly);
    await sleep(500);
    results.idleFollowWarm = await idleFollows('(after the runs)', 20);
    await sqlc.end();
    const bareRps = (bare1.rps + bare2.rps) / 2;
    results.bareRps = bareRps;

    console.log('\n  target              req/s   ×bare     p99 ms   target');
    const targetOf = {
      'GET /plans': [TARGET.readP99, TARGET.readShare],
      'GET /plans/{id}': [TARGET.readP99, TARGET.readShare],
      'GET weekly': [TARGET.weeklyP99],
      'POST follow': [TARGET.writeP99],
      'POST complete': [TARGET.writeP99],
    };
    for (const [name, r] of Object.entries(measured)) {
      if (!r) continue;
      const [p99, share] = targetOf[name];
      const met = r.latencyMs.p99 < p99 && (share === undefined || r.rps / bareRps >= share);
      console.log(
        `  ${name.padEnd(17)} ${String(Math.round(r.rps)).padStart(7)} ${(r.rps / bareRps).toFixed(2).padStart(7)} ${r.latencyMs.p99.toFixed(2).padStart(10)}   p99 < ${p99} ms${share ? `, ≥ ${share * 100}% of bare` : ''}: ${met ? 'met' : 'NOT met'}`,
      );
    }
    const out = path.join(OUT_DIR, `nutrition-${STAMP}.json`);
    await writeFile(out, JSON.stringify(results, null, 2));
    console.log(`\n  written ${out}`);
    return 0;
  } finally {
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
