// The load generator of `booking-rush.mjs`, in a process of its own (see `load-child.mjs` for why):
//
//   node bench/rush-child.mjs FILE
//
// FILE holds `{ base, gym, connections, bookings: [{ session, token }] }`. `connections` keep-alive connections
// each take the next booking of the list as soon as their previous one answered (a closed loop, as autocannon),
// so the list's order is the order of arrival give or take `connections`. Writes one JSON line: the wall time,
// the generator's own CPU time, and for each booking its status, latency (ms) and the answer's id, status and
// waitlist position.
//
// The client is the minimal one of raw-http.mjs: this process shares the machine's 2 cores with the server and
// PostgreSQL, and node:http's client spent several times more CPU per request (agent, parser, stream objects),
// which the rush then measured as if it were the server's. `BENCH_RUSH_CLIENT=http` keeps node:http's client (the
// figures before 2026-12-06).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { rawHttp } from './raw-http.mjs';

const { base, gym, connections, bookings } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const url = new URL(base);
const cpu0 = process.cpuUsage();

function answer(status, text, t0) {
  let j = {};
  try {
    j = JSON.parse(text);
  } catch {
    // a non-JSON answer keeps only its status
  }
  return {
    s: status,
    ms: performance.now() - t0,
    id: j.id ?? null,
    st: j.status ?? null,
    pos: j.position ?? null,
  };
}

/** node:http's client with a keep-alive agent (`BENCH_RUSH_CLIENT=http`). */
function httpClient() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const post = (b) =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: `/api/v1/schedule/sessions/${b.session}/bookings`,
          headers: {
            authorization: `Bearer ${b.token}`,
            'x-gym-id': String(gym),
            'content-type': 'application/json',
            'content-length': '2',
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve(answer(res.statusCode, text, t0)));
        },
      );
      req.on('error', (err) => resolve({ s: 0, ms: performance.now() - t0, err: err.code ?? err.message }));
      req.end('{}');
    });
  return { post, close: () => agent.destroy() };
}

const raw = rawHttp(base);
/** One keep-alive connection of the raw client (raw-http.mjs). */
function rawConnection() {
  const send = raw.connection();
  return (b) => {
    const t0 = performance.now();
    return send(
      `POST /api/v1/schedule/sessions/${b.session}/bookings HTTP/1.1\r\nhost: ${raw.host}\r\n` +
        `authorization: Bearer ${b.token}\r\nx-gym-id: ${gym}\r\ncontent-type: application/json\r\n` +
        'content-length: 2\r\n\r\n{}',
    ).then((r) => (r.s === 0 ? r : answer(r.s, r.text, t0)));
  };
}

const client =
  process.env.BENCH_RUSH_CLIENT === 'http'
    ? httpClient()
    : {
        conns: Array.from({ length: connections }, rawConnection),
        close: raw.close,
      };

const out = new Array(bookings.length);
let next = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: connections }, async (_, c) => {
    const post = client.post ?? client.conns[c];
    while (next < bookings.length) {
      const k = next++;
      out[k] = await post(bookings[k]);
    }
  }),
);
const wallS = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
client.close();
process.stdout.write(JSON.stringify({ wallS, cpuS: (cpu.user + cpu.system) / 1e6, results: out }) + '\n');
