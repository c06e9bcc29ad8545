// A closed-loop GET load over a list of paths, in a process of its own (see `load-child.mjs` for why), with the
// raw client of raw-http.mjs: autocannon given a list of requests spent enough CPU per request on the same
// 2 cores to double the p99 it measured (bench/RESULTS.md, "Segments": the same point sent as a URL and as a
// list of requests).
//
//   node bench/paths-child.mjs FILE
//
// FILE holds `{ url, headers, connections, duration, paths }`: `connections` keep-alive connections, each sending
// the next path of the list (round and round) as soon as its previous answer is in, for `duration` seconds.
// Writes one JSON line shaped as load-child.mjs's autocannon answer: statuses, requests a second, and every
// response's latency (ms) as a base64 Float64Array.
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { rawHttp } from './raw-http.mjs';

const { url, headers, connections, duration, paths } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const raw = rawHttp(url);
const extra = Object.entries(headers ?? {})
  .map(([k, v]) => `${k}: ${v}\r\n`)
  .join('');
const requests = paths.map((p) => `GET ${p} HTTP/1.1\r\nhost: ${raw.host}\r\n${extra}\r\n`);

let lat = new Float64Array(1 << 18);
let n = 0;
const statuses = {};
let errors = 0;
let next = 0;
const t0 = performance.now();
const until = t0 + duration * 1000;
await Promise.all(
  Array.from({ length: connections }, async () => {
    const send = raw.connection();
    while (performance.now() < until) {
      const r = await send(requests[next++ % requests.length]);
      if (r.s === 0) {
        errors++;
        continue;
      }
      statuses[r.s] = (statuses[r.s] ?? 0) + 1;
      if (n === lat.length) {
        const bigger = new Float64Array(lat.length * 2);
        bigger.set(lat);
        lat = bigger;
      }
      lat[n++] = r.ms;
    }
  }),
);
const seconds = (performance.now() - t0) / 1000;
raw.close();
const sorted = lat.subarray(0, n).slice().sort();
const at = (q) => sorted[Math.min(n - 1, Math.floor(q * n))] ?? 0;
const non2xx = Object.entries(statuses).reduce((s, [k, v]) => (k.startsWith('2') ? s : s + v), 0);
process.stdout.write(
  JSON.stringify({
    lat: Buffer.from(lat.buffer, 0, n * 8).toString('base64'),
    statuses,
    errors,
    timeouts: 0,
    non2xx,
    requestsAverage: n / seconds,
    latency: { p50: at(0.5), p99: at(0.99) },
  }) + '\n',
);
