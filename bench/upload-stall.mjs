// `node bench/upload-stall.mjs` (after `npm run build`): does one large activity import stall the other requests?
// Starts the built server on the embedded PGlite, registers a user, imports a valid ~20 MB GPX (under the 25 MiB
// limit) and, while the import runs, sends `GET /health` one after another with a ~20 ms pause between them,
// recording each one's latency. Prints the import's status and duration and the worst /health latency, and
// writes them to bench/out/upload-stall-<timestamp>.json. A measurement, not a test: it exits 0 whatever the
// figures (1 only when it could not run). See bench/README.md.
/* global fetch, AbortSignal, Buffer */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  cleanup,
  cleanups,
  http,
  MAIN_JS,
  num,
  OUT_DIR,
  percentile,
  STAMP,
  startChild,
  stopChild,
  pulsoServerEnv,
} from './lib.mjs';

const OPTS = {
  megabytes: num('BENCH_UPLOAD_MB', 20),
  pollMs: num('BENCH_POLL_MS', 20),
  imports: num('BENCH_UPLOAD_IMPORTS', 1),
  serverEnv: JSON.parse(process.env.BENCH_SERVER_ENV || '{}'),
};

/**
 * A recorded run at 1 Hz around a 500 m circle at ~3 m/s, with elevation and heart rate, until the file reaches
 * `bytes`. Each call gets its own start time (`startMs`), so several imports are different activities.
 */
export function bigGpx(bytes, startMs) {
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="pulso-bench" ' +
      'xmlns="http://www.topografix.com/GPX/1/1" ' +
      'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n' +
      '<trk><type>running</type><trkseg>\n',
  ];
  let size = parts[0].length;
  const tail = '</trkseg></trk></gpx>\n';
  for (let i = 0; size + tail.length < bytes; i++) {
    const a = (i * 3) / 500;
    const lat = (40.4153 + 0.0045 * Math.sin(a)).toFixed(6);
    const lon = (-3.6845 + 0.0059 * Math.cos(a)).toFixed(6);
    const ele = (65 + 8 * Math.sin(i / 300)).toFixed(1);
    const time = new Date(startMs + i * 1000).toISOString().slice(0, 19) + 'Z';
    const hr = 130 + Math.round(15 * Math.sin(i / 600));
    const p =
      `<trkpt lat="${lat}" lon="${lon}"><ele>${ele}</ele><time>${time}</time><extensions>` +
      `<gpxtpx:TrackPointExtension><gpxtpx:hr>${hr}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>\n`;
    parts.push(p);
    size += p.length;
  }
  parts.push(tail);
  return Buffer.from(parts.join(''));
}

const serverEnv = (dataDir) => pulsoServerEnv(dataDir, OPTS.serverEnv);

/**
 * The multipart body is built here, once, before the clock starts: fetch's own FormData encoder works on the
 * bench's event loop, and its pauses would be counted as the server's.
 */
function multipart(file, name) {
  const boundary = `----pulso-bench-${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="rpe"\r\n\r\n5\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
        'Content-Type: application/gpx+xml\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

async function importGpx(base, token, upload) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/workouts/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': upload.type },
    body: upload.body,
    signal: AbortSignal.timeout(300_000),
  });
  const body = await res.json();
  return { status: res.status, ms: performance.now() - t0, body, timing: res.headers.get('server-timing') };
}

async function main() {
  await mkdir(OUT_DIR, { recursive: true });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pulso-upload-'));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  cleanups.add(removeDir);
  const start = Date.UTC(2026, 9, 1, 7);
  const files = Array.from({ length: OPTS.imports }, (_, i) =>
    bigGpx(OPTS.megabytes * 1024 * 1024, start + i * 86_400_000 * 3),
  );
  console.log(
    `${files.length} GPX file(s) of ${(files[0].length / 1024 / 1024).toFixed(1)} MiB; server ${MAIN_JS}; ` +
      `load average ${os.loadavg()[0].toFixed(1)}`,
  );
  const server = await startChild(
    'Pulso',
    [MAIN_JS],
    serverEnv(dataDir),
    path.join(OUT_DIR, `upload-stall-${STAMP}.log`),
    (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
  );
  try {
    const base = server.value;
    const reg = await http('POST', `${base}/api/v1/auth/register`, {
      body: { email: `upload-${STAMP}@example.com`, password: 'bench-password-0123', name: 'Upload Bench' },
    });
    if (reg.status !== 201) throw new Error(`register answered ${reg.status}: ${JSON.stringify(reg.json)}`);
    const token = reg.json.access_token;

    const health = async () => {
      const t0 = performance.now();
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(120_000) });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`/health answered ${res.status}`);
      return performance.now() - t0;
    };
    const idle = [];
    for (let i = 0; i < 50; i++) {
      idle.push(await health());
      await sleep(OPTS.pollMs);
    }

    let done = false;
    const uploads = files.map((f, i) => multipart(f, `big-${i}.gpx`));
    const imports = Promise.all(uploads.map((u) => importGpx(base, token, u))).finally(() => (done = true));
    const during = [];
    while (!done) {
      during.push(await health());
      await sleep(OPTS.pollMs);
    }
    const results = await imports;
    idle.sort((a, b) => a - b);
    const sorted = [...during].sort((a, b) => a - b);
    const summary = {
      date: new Date().toISOString(),
      node: process.version,
      loadAverage: os.loadavg()[0],
      fileMiB: files[0].length / 1024 / 1024,
      imports: results.map((r) => ({
        status: r.status,
        seconds: r.ms / 1000,
        points: r.body?.import?.points,
        pointsSimplified: r.body?.import?.points_simplified,
        serverTiming: r.timing,
        problem: r.status >= 400 ? r.body : undefined,
      })),
      idleHealth: { n: idle.length, p50: percentile(idle, 50), max: idle[idle.length - 1] },
      healthDuringImport: {
        n: during.length,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted[sorted.length - 1],
      },
      serverEnv: OPTS.serverEnv,
    };
    for (const [i, r] of summary.imports.entries())
      console.log(
        `import ${i + 1}: ${r.status} in ${r.seconds.toFixed(2)} s (${r.points ?? '-'} points → ${r.pointsSimplified ?? '-'}; ` +
          `Server-Timing ${r.serverTiming})` +
          (r.problem ? ` ${JSON.stringify(r.problem)}` : ''),
      );
    const f = (x) => (x === undefined || Number.isNaN(x) ? '-' : `${x.toFixed(1)} ms`);
    console.log(`/health idle: p50 ${f(summary.idleHealth.p50)}, max ${f(summary.idleHealth.max)}`);
    console.log(
      `/health during the import(s): ${during.length} requests, p50 ${f(summary.healthDuringImport.p50)}, ` +
        `p99 ${f(summary.healthDuringImport.p99)}, max ${f(summary.healthDuringImport.max)}`,
    );
    const out = path.join(OUT_DIR, `upload-stall-${STAMP}.json`);
    await writeFile(out, JSON.stringify({ ...summary, during }, null, 2));
    console.log(`written to ${out}`);
  } finally {
    await stopChild(server.proc);
    await cleanup(removeDir);
  }
}

main().catch((err) => {
  console.error(err.stack ?? err);
  process.exit(1);
});
