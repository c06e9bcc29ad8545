// The load generator of `booking-rush.mjs`, in a process of its own (see `load-child.mjs` for why):
//
//   node bench/rush-child.mjs FILE
//
// FILE holds `{ base, gym, connections, bookings: [{ session, token }] }`. `connections` keep-alive connections
// each take the next booking of the list as soon as their previous one answered (a closed loop, as autocannon),
// so the list's order is the order of arrival give or take `connections`. Writes one JSON line: the wall time,
// and for each booking its status, latency (ms) and the answer's id, status and waitlist position.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const { base, gym, connections, bookings } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });

function post(b) {
  return new Promise((resolve) => {
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
        res.on('end', () => {
          let j = {};
          try {
            j = JSON.parse(text);
          } catch {
            // a non-JSON answer keeps only its status
          }
          resolve({
            s: res.statusCode,
            ms: performance.now() - t0,
            id: j.id ?? null,
            st: j.status ?? null,
            pos: j.position ?? null,
          });
        });
      },
    );
    req.on('error', (err) => resolve({ s: 0, ms: performance.now() - t0, err: err.code ?? err.message }));
    req.end('{}');
  });
}

const out = new Array(bookings.length);
let next = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (next < bookings.length) {
      const k = next++;
      out[k] = await post(bookings[k]);
    }
  }),
);
const wallS = (performance.now() - t0) / 1000;
agent.destroy();
process.stdout.write(JSON.stringify({ wallS, results: out }) + '\n');
