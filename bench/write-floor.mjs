// What one durable write over HTTP can do on this machine, as the floor of the write targets of issues 13 and 14
// (nutrition's follow and completion p99 < 50 ms at 100 connections, rehab's sessions ≥ 2,000/s with p99 < 50 ms).
// Same run, PostgreSQL as the API uses it in production (synchronous commit, WAL on this disk): the bare GET route
// (bare-server.mjs), a bare route reading one row by primary key, and a bare route inserting one row in autocommit
// (write-floor-server.mjs), each at 100 connections from autocannon in a child process.
// The two floor routes run over TCP and, when PostgreSQL's Unix socket exists, over the socket too.
//   node bench/write-floor.mjs   (env: BENCH_DURATION 10, BENCH_WARMUP 3, BENCH_CONNECTIONS 100, BENCH_PG_URL,
//                                 BENCH_PG_SOCKET /var/run/postgresql/.s.PGSQL.5432)
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  apiRequire,
  autocannonInChild as load,
  cpuOf,
  HERE,
  num,
  percentile,
  startBareServer,
  startChild,
  stopChild,
} from './lib.mjs';

const cfg = {
  duration: num('BENCH_DURATION', 10),
  warmup: num('BENCH_WARMUP', 3),
  connections: num('BENCH_CONNECTIONS', 100),
  pgAdminUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  pgSocket: process.env.BENCH_PG_SOCKET ?? '/var/run/postgresql/.s.PGSQL.5432',
};
const DB = 'bench_write_floor';

async function measure(name, pid, opts) {
  await load({ ...opts, duration: cfg.warmup, connections: cfg.connections });
  const c0 = cpuOf(pid);
  const r = await load({ ...opts, duration: cfg.duration, connections: cfg.connections });
  const c1 = cpuOf(pid);
  const lat = r.lat.sort((a, b) => a - b);
  const cpu = ((c1.user + c1.sys - c0.user - c0.sys) / lat.length) * 1e6;
  const row = {
    name,
    rps: r.requestsAverage,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    cpu,
    statuses: r.statuses,
  };
  console.log(
    `  ${name.padEnd(28)} ${String(Math.round(row.rps)).padStart(7)} req/s  p50 ${row.p50.toFixed(1)}  p99 ${row.p99.toFixed(1)} ms  ` +
      `${Math.round(cpu)} µs CPU/req  ${JSON.stringify(r.statuses)}`,
  );
  return row;
}

const postgres = apiRequire('postgres');
const admin = postgres(cfg.pgAdminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists ${DB} with (force)`);
await admin.unsafe(`create database ${DB}`);
const url = new URL(cfg.pgAdminUrl);
url.pathname = `/${DB}`;
const db = postgres(url.href, { max: 1, onnotice: () => {} });
await db.unsafe(`create table floor_write (id bigserial primary key, gym_id int not null, member_id int not null,
  at timestamptz not null default now(), body jsonb not null);
  create index on floor_write (gym_id, member_id, at);
  insert into floor_write (gym_id, member_id, body) select 1, g, '{}' from generate_series(1, 1000) g;`);
await db.end();

const bare = await startBareServer(path.join(HERE, 'out', 'write-floor-bare.log'));
const floorServer = (env, log) =>
  startChild(
    'write floor server',
    [path.join(HERE, 'write-floor-server.mjs')],
    { PATH: process.env.PATH, FLOOR_DATABASE_URL: url.href, ...env },
    path.join(HERE, 'out', log),
    (l) => {
      try {
        return JSON.parse(l).port;
      } catch {
        return undefined;
      }
    },
  );
// The same routes over PostgreSQL's Unix socket too, when it has one here (a same-host deployment's choice).
const variants = [['TCP', {}]];
if (existsSync(cfg.pgSocket)) variants.push(['Unix socket', { FLOOR_PG_PATH: cfg.pgSocket }]);
const servers = [];
try {
  console.log(`== durable write floor, ${cfg.connections} connections, ${cfg.duration} s runs`);
  await measure('bare GET', bare.proc.pid, { url: `http://127.0.0.1:${bare.value}/bare` });
  for (const [name, env] of variants) {
    const floor = await floorServer(env, `write-floor-server-${name.split(' ')[0].toLowerCase()}.log`);
    servers.push(floor);
    await measure(`GET one row, ${name}`, floor.proc.pid, { url: `http://127.0.0.1:${floor.value}/read` });
    await measure(`POST one INSERT, ${name}`, floor.proc.pid, {
      url: `http://127.0.0.1:${floor.value}/write`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ gym: 1, member: 7, plan: 3, note: 'floor' }),
    });
    await stopChild(floor.proc);
  }
  await measure('bare GET (again)', bare.proc.pid, { url: `http://127.0.0.1:${bare.value}/bare` });
} finally {
  for (const f of servers) await stopChild(f.proc);
  await stopChild(bare.proc);
  await admin.unsafe(`drop database if exists ${DB} with (force)`);
  await admin.end();
}
