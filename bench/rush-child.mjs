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
// The client is a minimal HTTP/1.1 one over `net` sockets (one request at a time per connection, keep-alive,
// answers read by Content-Length): this process shares the machine's 2 cores with the server and PostgreSQL,
// and node:http's client spent several times more CPU per request (agent, parser, stream objects), which the
// rush then measured as if it were the server's. `BENCH_RUSH_CLIENT=http` keeps node:http's client (the
// figures before 2026-12-06).
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

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

/**
 * One keep-alive connection, one request at a time: the request is written in one piece, the answer is the
 * status line, the headers up to the blank line and the body by Content-Length (or chunked). A closed or failed connection fails the request in flight (status 0) and is
 * opened again for the next.
 */
const sockets = new Set();
function rawConnection() {
  let sock;
  let buf = Buffer.alloc(0);
  let pending = null; // { resolve, t0 }
  const fail = (err) => {
    sock = undefined;
    buf = Buffer.alloc(0);
    const p = pending;
    pending = null;
    p?.resolve({ s: 0, ms: performance.now() - p.t0, err: err?.code ?? err?.message ?? 'closed' });
  };
  const parse = () => {
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = buf.toString('latin1', 0, end);
    let text;
    const len = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1]);
    if (Number.isFinite(len)) {
      if (buf.length < end + 4 + len) return;
      text = buf.toString('utf8', end + 4, end + 4 + len);
      buf = buf.subarray(end + 4 + len);
    } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      // Chunks until the empty one (no trailers expected).
      const parts = [];
      let at = end + 4;
      for (;;) {
        const eol = buf.indexOf('\r\n', at);
        if (eol < 0) return;
        const size = parseInt(buf.toString('latin1', at, eol), 16);
        if (buf.length < eol + 2 + size + 2) return;
        if (size === 0) {
          at = eol + 4;
          break;
        }
        parts.push(buf.subarray(eol + 2, eol + 2 + size));
        at = eol + 2 + size + 2;
      }
      text = Buffer.concat(parts).toString('utf8');
      buf = buf.subarray(at);
    } else return fail(new Error('answer without a length'));
    const p = pending;
    pending = null;
    if (/\r\nconnection: *close/i.test(head)) {
      sock?.destroy();
      sock = undefined;
    }
    p.resolve(answer(Number(head.slice(9, 12)), text, p.t0));
  };
  const open = () => {
    const s = net.connect({ host: url.hostname, port: Number(url.port), noDelay: true });
    sockets.add(s);
    s.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      if (pending) parse();
    });
    s.on('error', (err) => sock === s && fail(err));
    s.on('close', () => sock === s && fail(null));
    return s;
  };
  return (b) =>
    new Promise((resolve) => {
      sock ??= open();
      pending = { resolve, t0: performance.now() };
      sock.write(
        `POST /api/v1/schedule/sessions/${b.session}/bookings HTTP/1.1\r\nhost: ${url.host}\r\n` +
          `authorization: Bearer ${b.token}\r\nx-gym-id: ${gym}\r\ncontent-type: application/json\r\n` +
          'content-length: 2\r\n\r\n{}',
      );
    });
}

const client =
  process.env.BENCH_RUSH_CLIENT === 'http'
    ? httpClient()
    : {
        conns: Array.from({ length: connections }, rawConnection),
        close: () => sockets.forEach((s) => s.destroy()),
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
