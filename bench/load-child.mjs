// The load generators of `gym-mix.mjs` (see bench/README.md, "Gym mix"), each run in a process of its own: the
// load generator then has its event loop and a small heap to itself. Sharing the bench's process, it paused for
// the garbage collection of everything the bench keeps (every latency of the run so far), and those pauses
// showed up as server latency: p95 ~22 ms instead of ~11 at the same throughput.
//
//   node bench/load-child.mjs '{"kind":"autocannon", ...autocannon options}'
//   node bench/load-child.mjs '{"kind":"locust", "base", "paths", "headers", "users", "seconds"}'
//
// Writes one JSON line: the statuses, the generator's own figures, and every response's latency (ms) as a
// base64 Float64Array.
import { Buffer } from 'node:buffer';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';

/** Latencies in a typed array: a JS array growing by hundreds of thousands of numbers makes long scavenges. */
function latencies() {
  let buf = new Float64Array(1 << 18);
  let n = 0;
  return {
    push(ms) {
      if (n === buf.length) {
        const next = new Float64Array(buf.length * 2);
        next.set(buf);
        buf = next;
      }
      buf[n++] = ms;
    },
    values: () => buf.subarray(0, n),
  };
}

function runAutocannon(opts) {
  return new Promise((resolve, reject) => {
    const lat = latencies();
    const statuses = {};
    const inst = autocannon({ ...opts, pipelining: 1 }, (err, res) => {
      if (err) return reject(err);
      resolve({
        lat: lat.values(),
        statuses,
        errors: res.errors,
        timeouts: res.timeouts,
        non2xx: res.non2xx,
        requestsAverage: res.requests.average,
        latency: { p50: res.latency.p50, p99: res.latency.p99 },
      });
    });
    inst.on('response', (_c, status, _b, ms) => {
      lat.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
}

/**
 * The seed's Locust model: `users` simulated users, each with its own keep-alive connection, sending the mix's
 * requests in turn and waiting a uniform 1–3 s between a response and its next request. Users start at random
 * times within their first wait, as Locust's gradual spawn spreads them.
 */
async function locustUsers({ base, paths, headers, users, seconds }) {
  const lat = [];
  const statuses = {};
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const get = (agent, p) =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = http.get(`${base}${p}`, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          lat.push(performance.now() - t0);
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      await sleep(Math.random() * 2000);
      for (let i = u; performance.now() < until; i++) {
        await get(agent, paths[i % paths.length]);
        await sleep(1000 + Math.random() * 2000);
      }
      agent.destroy();
    }),
  );
  return { lat, statuses, errors };
}

const { kind, ...opts } = JSON.parse(process.argv[2]);
try {
  const out = kind === 'locust' ? await locustUsers(opts) : await runAutocannon(opts);
  const values = Float64Array.from(out.lat);
  const lat = Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
  process.stdout.write(JSON.stringify({ ...out, lat }) + '\n');
} catch (err) {
  console.error(err.stack ?? err.message);
  process.exit(1);
}
