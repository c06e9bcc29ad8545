import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../src/platform/db/index.js';
import { call, createTestApp, registerUser, waitFor, type TestApp, type TestUser } from '../../harness.js';

/*
 * A process that stops in the middle of background matching leaves its rows behind: the matching row still
 * "running" with its cursor and lease, or an imported workout still queued. These tests leave such rows by hand
 * (as a stopped process would) and check that the next sweep takes them over once the lease has passed, and
 * resumes after the cursor instead of starting again.
 */
let now = Date.parse('2027-03-10T10:00:00Z');
let t: TestApp;
let dan: TestUser;
let workoutId: number;
let segmentId: number;

const gpx = readFileSync(new URL('../../../samples/retiro-loop.gpx', import.meta.url));
const arc = (a: number, b: number, n = 60) => ({
  type: 'LineString' as const,
  coordinates: Array.from({ length: n }, (_, i) => {
    const f = 2 * Math.PI * (a + ((b - a) * i) / (n - 1));
    return [-3.683 + 0.006 * Math.cos(f), 40.4135 + 0.0065 * Math.sin(f)];
  }),
});

const exec = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await t.database.db.execute(q));
const efforts = async () =>
  Number(
    (
      await exec<{ n: number }>(
        sql`select count(*)::int as n from segment_efforts where segment_id = ${segmentId}`,
      )
    )[0]!.n,
  );
const matching = async () =>
  (await call(t.app, 'GET', `/api/v1/segments/${segmentId}/matching`, { token: dan.token })).json<{
    state: string;
    workouts_total: number;
    workouts_done: number;
    efforts_found: number;
  }>();
const sweepAndWait = async () => {
  await t.app.services.segments.sweep();
  await t.app.services.segments.idle();
};
/** What a process that stopped after `after` leaves: the run "running", its lease until `leaseUntil`. */
const leftRunning = (after: number, leaseUntil: number) =>
  t.database.db.execute(sql`
    update segment_matching set state = 'running', workouts_done = 0, efforts_found = 0,
           after_workout_id = ${after}, run_id = 'stopped-process',
           lease_until = ${new Date(leaseUntil).toISOString()}::timestamptz
     where segment_id = ${segmentId}`);

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  dan = await registerUser(t.app, { ip: '10.15.9.1', name: 'Dan' });
  const boundary = `----seg${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="run.gpx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    gpx,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const w = await call(t.app, 'POST', '/api/v1/workouts/import', {
    token: dan.token,
    body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(w.statusCode, w.body).toBe(201);
  workoutId = w.json<{ id: number }>().id;
  const s = await call(t.app, 'POST', '/api/v1/segments', {
    token: dan.token,
    body: { name: 'Retiro east', geometry: arc(0.05, 0.25) },
  });
  expect(s.statusCode, s.body).toBe(201);
  segmentId = s.json<{ id: number }>().id;
  // A bound on waiting, not a speed target.
  await waitFor(async () => (await matching()).state === 'done', 30_000, 'the first matching');
  expect(await efforts()).toBe(1);
});
afterAll(async () => {
  await t.app.services.segments.idle();
  await t.close();
});

describe('background matching after a process stopped', () => {
  it('a run whose lease still holds is left alone; once it has passed, the sweep takes it over and finishes', async () => {
    await exec(sql`delete from segment_efforts where segment_id = ${segmentId}`);
    await leftRunning(0, now + 60_000);
    await sweepAndWait();
    expect((await matching()).state).toBe('running');
    expect(await efforts()).toBe(0);

    now += 2 * 60_000;
    await sweepAndWait();
    const m = await matching();
    expect(m).toMatchObject({ state: 'done', efforts_found: 1 });
    expect(m.workouts_done).toBe(m.workouts_total);
    expect(await efforts()).toBe(1);
    const [row] = await exec<{ run_id: string; lease_until: unknown }>(
      sql`select run_id, lease_until from segment_matching where segment_id = ${segmentId}`,
    );
    expect(row!.run_id).not.toBe('stopped-process');
    expect(row!.lease_until).toBeNull();
  });

  it('resumes after the cursor the stopped run had saved, not from the start', async () => {
    // The stopped run had got past Dan's workout, so the resumed one finds nothing after it: the effort deleted
    // here stays gone, and the final count is read from the efforts themselves.
    await exec(sql`delete from segment_efforts where segment_id = ${segmentId}`);
    await leftRunning(workoutId, now - 1);
    await sweepAndWait();
    expect(await matching()).toMatchObject({ state: 'done', efforts_found: 0 });
    expect(await efforts()).toBe(0);
  });

  it('an imported workout still queued is matched by the sweep and leaves the queue', async () => {
    await exec(sql`delete from segment_efforts where workout_id = ${workoutId}`);
    await exec(sql`insert into segment_workout_queue (workout_id, user_id, lease_until)
                   values (${workoutId}, ${dan.id}, ${new Date(now - 1).toISOString()}::timestamptz)`);
    await sweepAndWait();
    expect(await efforts()).toBe(1);
    expect(await exec(sql`select 1 from segment_workout_queue where workout_id = ${workoutId}`)).toHaveLength(
      0,
    );
  });
});
