/**
 * Imports run in worker threads: a large file does not hold up other requests, the point cap and the
 * backward-time check answer 422 on the file field, over real HTTP (the app listens on a port).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, registerUser, type TestApp, type TestUser } from '../../harness.js';

const NOW = Date.UTC(2026, 10, 29, 12);
const sample = (f: string) => readFileSync(new URL(`../../../samples/${f}`, import.meta.url));

/** A 1 Hz run around a 500 m circle at ~3 m/s with elevation and heart rate, `n` points from `startMs`. */
function gpx(n: number, startMs: number, times?: (i: number) => number): Buffer {
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="pulso-test" ' +
      'xmlns="http://www.topografix.com/GPX/1/1" ' +
      'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"><trk><type>running</type><trkseg>\n',
  ];
  for (let i = 0; i < n; i++) {
    const a = (i * 3) / 500;
    const t = new Date(startMs + (times ? times(i) : i) * 1000).toISOString();
    parts.push(
      `<trkpt lat="${(40.4153 + 0.0045 * Math.sin(a)).toFixed(6)}" lon="${(-3.6845 + 0.0059 * Math.cos(a)).toFixed(6)}">` +
        `<ele>${(65 + 8 * Math.sin(i / 300)).toFixed(1)}</ele><time>${t}</time><extensions><gpxtpx:TrackPointExtension>` +
        `<gpxtpx:hr>${130 + Math.round(15 * Math.sin(i / 600))}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>\n`,
    );
  }
  parts.push('</trkseg></trk></gpx>\n');
  return Buffer.from(parts.join(''));
}

/**
 * The multipart body is built before the request: the client shares the event loop with the server here, and
 * fetch's own FormData encoder would add its pauses to the server's.
 */
function multipart(file: Buffer, name: string) {
  const boundary = `----pulso-${randomUUID()}`;
  return {
    body: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

async function importFile(app: string, u: TestUser, name: string, file: Buffer) {
  const m = multipart(file, name);
  return send(app, u, m);
}
async function send(app: string, u: TestUser, m: { body: Buffer; type: string }, chunked = false) {
  const res = await fetch(`${app}/api/v1/workouts/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${u.token}`, 'content-type': m.type },
    body: chunked ? trickle(m.body) : m.body,
    // Node's fetch needs it for a streamed body.
    duplex: 'half',
  });
  const body = await res.text();
  return {
    statusCode: res.status,
    headers: Object.fromEntries(res.headers),
    body,
    json: () => JSON.parse(body) as Record<string, unknown>,
  };
}

/**
 * The body in 64 KiB pieces, one per turn of the event loop, as a network client's bytes arrive. Handed over
 * whole on loopback, the upload reaches the server (which shares this process and event loop with the client)
 * at memory speed, a few MB per turn: a burst no remote client produces, and not what this test is about.
 */
function trickle(body: Buffer): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    async pull(controller) {
      if (offset >= body.length) return controller.close();
      controller.enqueue(body.subarray(offset, (offset += 64 * 1024)));
      await new Promise((resolve) => setImmediate(resolve));
    },
  });
}

let base: string;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: () => NOW });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await t.close();
});

describe('activity import off the event loop', () => {
  it('answers /health quickly while a ~20 MB GPX is imported', async () => {
    const u = await registerUser(t.app);
    // ~205 bytes a point: 102,000 points ≈ 20 MiB, under the 25 MiB limit.
    const big = gpx(102_000, Date.UTC(2026, 9, 1, 7));
    expect(big.length).toBeGreaterThan(19 * 1024 * 1024);
    expect(big.length).toBeLessThan(25 * 1024 * 1024);

    const upload = multipart(big, 'big.gpx');
    // First requests open the client's connection and warm the route: not what is measured.
    for (let i = 0; i < 3; i++) await (await fetch(`${base}/health`)).arrayBuffer();
    let done = false;
    const imported = send(base, u, upload, true).finally(() => (done = true));
    const latencies: number[] = [];
    while (!done) {
      const t0 = performance.now();
      const res = await fetch(`${base}/health`);
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      expect(res.status).toBe(200);
      await sleep(20);
    }
    const res = await imported;
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().import).toMatchObject({ format: 'gpx', points: 102_000 });
    // Enough samples to span the parse, which held the event loop for its whole length when it ran there.
    expect(latencies.length).toBeGreaterThanOrEqual(10);
    // A liveness bound, not a benchmark. Generous because the two cores may be shared with the other test
    // worker and other processes (an idle /health is then already slow at times), yet well below the stall of a
    // parse of this file on the event loop, even with the streaming parser.
    expect(Math.max(...latencies)).toBeLessThan(500);
  }, 120_000);

  it('imports a file whose times move forwards, and refuses one whose times run backwards (422 on file)', async () => {
    const u = await registerUser(t.app);
    const start = Date.UTC(2026, 9, 20, 7);
    const ok = await importFile(base, u, 'ok.gpx', gpx(600, start));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ duration_s: 599, import: { points: 600 } });

    // Point 301 jumps back 200 s: sorting it would invent another route, so the file is refused.
    const back = gpx(600, start + 86_400_000, (i) => (i === 300 ? 100 : i));
    const p = expectProblem(await importFile(base, u, 'back.gpx', back), 422);
    expect(p.errors).toEqual([{ field: 'file', message: expect.any(String) }]);
    expect(p.detail).toContain(
      "GPX file's times run backwards: track point 301 (2026-10-21T07:01:40.000Z) is earlier than track point 300 before it (2026-10-21T07:04:59.000Z)",
    );
  });
});

describe('points per file', () => {
  let small: TestApp;
  let smallBase: string;
  beforeAll(async () => {
    small = await createTestApp({ clock: () => NOW, env: { IMPORT_MAX_POINTS: '400' } });
    smallBase = await small.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => small.close());

  it('refuses more points than IMPORT_MAX_POINTS with a 422 on the file field', async () => {
    const u = await registerUser(small.app);
    for (const f of ['retiro-loop.gpx', 'retiro-loop.tcx', 'retiro-loop.fit']) {
      const p = expectProblem(await importFile(smallBase, u, f, sample(f)), 422);
      expect(p.errors?.map((e) => e.field)).toEqual(['file']);
      expect(p.detail).toMatch(/file has more than 400 track points, the most accepted in one file/);
    }
    const ok = await importFile(smallBase, u, 'short.gpx', gpx(400, Date.UTC(2026, 9, 5, 7)));
    expect(ok.statusCode, ok.body).toBe(201);
  });
});

describe('shutdown', () => {
  it('closes the import worker threads with the app, and refuses imports after', async () => {
    const own = await createTestApp({ clock: () => NOW });
    const u = await registerUser(own.app);
    const url = await own.app.listen({ port: 0, host: '127.0.0.1' });
    expect((await importFile(url, u, 'one.gpx', gpx(60, Date.UTC(2026, 9, 7, 7)))).statusCode).toBe(201);
    const running = own.app.services.running;
    expect(() => running.importCapacity()).not.toThrow();
    await own.close();
    expect(() => running.importCapacity()).toThrow(expect.objectContaining({ status: 503 }));
  });
});
