// An open-loop load at a fixed rate, in a process of its own (see `load-child.mjs` for why), with the raw client
// of raw-http.mjs: request i is due at start + i / rate whatever the answers before it did, and goes out on the
// first of `connections` keep-alive connections that is free. Its latency is counted from when it was due, not
// from when it was sent: a request that waited for a free connection waited for the server, and a closed loop
// (or a paced client that measures from the send) leaves that wait out of its percentiles.
//
//   node bench/paced-child.mjs FILE
//
// FILE holds `{ url, connections, rate, warmup, duration, requests }`: `requests` are whole HTTP/1.1 requests
// (text), taken in turn. The first `warmup` seconds are sent but not counted. Writes one JSON line: statuses,
// the rate answered, and every counted answer's latency from its due time (`lat`, ms, base64 Float64Array), from
// its send (`service`, in the same order) and when it came (`at`).
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { rawHttp } from './raw-http.mjs';

const { url, connections, rate, warmup, duration, requests } = JSON.parse(
  readFileSync(process.argv[2], 'utf8'),
);
const raw = rawHttp(url);
const total = Math.floor(rate * (warmup + duration));
const counted = Math.floor(rate * warmup);
const lat = new Float64Array(total);
const service = new Float64Array(total);
const answered = new Float64Array(total);
const statuses = {};
let errors = 0;

// Requests [next, due) are due and wait for a free connection; the idle connections wait for a due request.
let next = 0;
let due = 0;
const idle = [];
const ok = new Uint8Array(total);
const t0 = performance.now();
const dueAt = (i) => t0 + (i * 1000) / rate;

function release() {
  due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
  while (next < due && idle.length) idle.pop()(next++);
  if (due < total) setTimeout(release, 1);
  else while (idle.length) idle.pop()(-1);
}

release();
await Promise.all(
  Array.from({ length: connections }, async () => {
    const send = raw.connection();
    for (;;) {
      const i = next < due ? next++ : due < total ? await new Promise((r) => idle.push(r)) : -1;
      if (i < 0) return;
      const r = await send(requests[i % requests.length]);
      const now = performance.now();
      answered[i] = now;
      if (i < counted) continue;
      if (r.s === 0) {
        errors++;
        continue;
      }
      statuses[r.s] = (statuses[r.s] ?? 0) + 1;
      ok[i] = 1;
      lat[i] = now - dueAt(i);
      service[i] = r.ms;
    }
  }),
);
raw.close();
const from = dueAt(counted);
let last = from;
for (let i = counted; i < total; i++) last = Math.max(last, answered[i]);
const keep = (a) => {
  const out = a.subarray(counted).filter((_, k) => ok[counted + k]);
  return Buffer.from(out.buffer, 0, out.length * 8).toString('base64');
};
process.stdout.write(
  JSON.stringify({
    lat: keep(lat),
    service: keep(service),
    // When each counted answer came (ms since the epoch), for the timeline.
    at: keep(answered.map((t) => performance.timeOrigin + t)),
    statuses,
    errors,
    offered: rate,
    // Every request sent, the warm-up's too (for CPU per request over the whole child).
    sent: total,
    requestsAverage: last > from ? (total - counted) / ((last - from) / 1000) : 0,
  }) + '\n',
);
