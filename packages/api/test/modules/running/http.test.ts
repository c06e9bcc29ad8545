import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRunnerDemo } from '../../../src/modules/running/demo.js';
import { addDays, todayOf } from '../../../src/platform/dates.js';
import {
  call,
  createTestApp,
  expectProblem,
  registerUser,
  testNow,
  type TestApp,
  type TestUser,
} from '../../harness.js';

const SAMPLES = new URL('../../../samples/', import.meta.url);
const sample = (f: string) => readFileSync(new URL(f, SAMPLES));

function multipart(parts: { name: string; filename?: string; content: Buffer | string }[]) {
  const boundary = `----pulso${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\n` +
          (p.filename ? 'Content-Type: application/octet-stream\r\n' : '') +
          '\r\n',
      ),
      Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const importFile = (
  app: TestApp['app'],
  u: TestUser,
  filename: string,
  content: Buffer | string,
  extra: Record<string, string> = {},
) => {
  const m = multipart([
    ...Object.entries(extra).map(([name, content]) => ({ name, content })),
    { name: 'file', filename, content },
  ]);
  return call(app, 'POST', '/api/v1/workouts/import', { token: u.token, body: m.body, headers: m.headers });
};

/**
 * One instant for the whole file: the expectations compare windows of days (ACWR's 7 and 28, "today"), and a
 * clock moving on during a run that crosses midnight would shift them between two reads of one test.
 */
const NOW = testNow();
const testIso = (ms = 0) => new Date(NOW + ms).toISOString();

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: () => NOW });
});
afterAll(async () => {
  await t.close();
});

const today = () => todayOf(NOW);
const fieldsOf = (p: { errors?: { field: string }[] }) => (p.errors ?? []).map((e) => e.field);

describe('athlete profile', () => {
  it('is empty (all null) before it is saved, then returns what was saved with age and BMI', async () => {
    const u = await registerUser(t.app);
    const empty = await call(t.app, 'GET', '/api/v1/athlete/profile', { token: u.token });
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ max_hr: null, resting_hr: null, goal_race: null, updated_at: null });

    const body = {
      birth_date: '1990-06-15',
      sex: 'female',
      weight_kg: 60,
      height_cm: 170,
      max_hr: 190,
      resting_hr: 50,
      threshold_pace_s_per_km: 280,
      weekly_volume_km: 40,
      goal_race: { distance_km: 42.195, date: addDays(today(), 90), target_time_s: 12600 },
      experience_level: 'intermediate',
    };
    const put = await call(t.app, 'PUT', '/api/v1/athlete/profile', { token: u.token, body });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ ...body, bmi: 20.8 });
    expect(put.json().age).toBeGreaterThanOrEqual(35);
    const got = await call(t.app, 'GET', '/api/v1/athlete/profile', { token: u.token });
    expect(got.json()).toMatchObject(body);
  });

  it('stores decimals exactly as sent (no single-precision rounding)', async () => {
    const u = await registerUser(t.app);
    // Seven and more significant digits: a float4 column gave back 70.12346, 175.55556 and 33.333332.
    const body = { weight_kg: 70.123456789, height_cm: 175.55555555, weekly_volume_km: 33.333333333333 };
    const put = await call(t.app, 'PUT', '/api/v1/athlete/profile', { token: u.token, body });
    expect(put.statusCode).toBe(200);
    const got = await call(t.app, 'GET', '/api/v1/athlete/profile', { token: u.token });
    expect(got.json()).toMatchObject(body);
  });

  it('rejects implausible values with 422 naming the field', async () => {
    const u = await registerUser(t.app);
    const cases: [Record<string, unknown>, string][] = [
      [{ max_hr: 170, resting_hr: 180 }, 'resting_hr'],
      [{ max_hr: 300 }, 'max_hr'],
      [{ resting_hr: 10 }, 'resting_hr'],
      [{ max_hr: 120, resting_hr: 100 }, 'max_hr'],
      [{ birth_date: addDays(today(), 2) }, 'birth_date'],
      [{ birth_date: '1880-01-01' }, 'birth_date'],
      [{ birth_date: '2020-02-30' }, 'birth_date'],
      [{ weight_kg: -5 }, 'weight_kg'],
      [{ goal_race: { distance_km: 10, date: '2020-01-01' } }, 'goal_race.date'],
      [{ goal_race: { distance_km: -10, date: addDays(today(), 30) } }, 'goal_race.distance_km'],
      [
        { goal_race: { distance_km: 42.195, date: addDays(today(), 30), target_time_s: 3600 } },
        'goal_race.target_time_s',
      ],
      [{ sex: 'other' }, 'sex'],
      [{ favourite_colour: 'red' }, 'favourite_colour'],
    ];
    for (const [body, field] of cases) {
      const p = expectProblem(
        await call(t.app, 'PUT', '/api/v1/athlete/profile', { token: u.token, body }),
        422,
      );
      expect(fieldsOf(p), JSON.stringify(body)).toContain(field);
    }
  });
});

const run = (over: Record<string, unknown> = {}) => ({
  started_at: testIso(-86_400_000),
  sport: 'run',
  distance_km: 10,
  duration_s: 3000,
  moving_time_s: 2950,
  avg_hr: 150,
  max_hr: 172,
  rpe: 6,
  ...over,
});

describe('workouts', () => {
  it('creates, reads, lists, changes and deletes a workout with its training load', async () => {
    const u = await registerUser(t.app);
    const res = await call(t.app, 'POST', '/api/v1/workouts', { token: u.token, body: run() });
    expect(res.statusCode).toBe(201);
    const w = res.json();
    expect(res.headers.location).toBe(`/api/v1/workouts/${w.id}`);
    // Foster 2001: 6 × 50 min.
    expect(w.training_load).toEqual({ srpe: 300, trimp: null, load: 300, load_source: 'srpe' });
    expect(w.pace_s_per_km).toBe(295);
    expect(w.source).toBe('manual');

    expect((await call(t.app, 'GET', `/api/v1/workouts/${w.id}`, { token: u.token })).json()).toEqual(w);
    const patched = await call(t.app, 'PATCH', `/api/v1/workouts/${w.id}`, {
      token: u.token,
      body: { rpe: 8, notes: 'windy' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ rpe: 8, notes: 'windy', training_load: { srpe: 400, load: 400 } });

    expect((await call(t.app, 'DELETE', `/api/v1/workouts/${w.id}`, { token: u.token })).statusCode).toBe(
      204,
    );
    expectProblem(await call(t.app, 'GET', `/api/v1/workouts/${w.id}`, { token: u.token }), 404);
    expectProblem(await call(t.app, 'DELETE', `/api/v1/workouts/${w.id}`, { token: u.token }), 404);
  });

  it('computes Banister TRIMP once the profile has resting and max HR, and an HR-based load without RPE', async () => {
    const u = await registerUser(t.app);
    const w = (
      await call(t.app, 'POST', '/api/v1/workouts', {
        token: u.token,
        body: run({
          rpe: null,
          duration_s: 1800,
          moving_time_s: null,
          distance_km: 6,
          avg_hr: 130,
          max_hr: 150,
        }),
      })
    ).json();
    expect(w.training_load).toEqual({ srpe: null, trimp: null, load: null, load_source: 'none' });
    await call(t.app, 'PUT', '/api/v1/athlete/profile', {
      token: u.token,
      body: { sex: 'male', max_hr: 200, resting_hr: 40 },
    });
    const after = (await call(t.app, 'GET', `/api/v1/workouts/${w.id}`, { token: u.token })).json();
    // 30 × 0.5625 × 0.64·e^(1.92·0.5625) = 31.8 (Banister 1991); estimated RPE round(5.625) = 6 → 180.
    expect(after.training_load).toEqual({ srpe: null, trimp: 31.8, load: 180, load_source: 'hr_estimated' });
  });

  it('filters by date range and sport, paginates, and refuses a reversed range', async () => {
    const u = await registerUser(t.app);
    const days = [1, 2, 3, 10, 20];
    for (const [i, d] of days.entries())
      await call(t.app, 'POST', '/api/v1/workouts', {
        token: u.token,
        body: run({
          started_at: `${addDays(today(), -d)}T07:00:00Z`,
          sport: i === 1 ? 'ride' : 'run',
          distance_km: i === 1 ? 30 : 10,
        }),
      });
    const all = await call(t.app, 'GET', '/api/v1/workouts', { token: u.token, query: { limit: '2' } });
    expect(all.headers['x-total-count']).toBe('5');
    expect(all.json()).toHaveLength(2);
    expect(all.headers.link).toContain('rel="next"');
    const starts = all.json().map((w: { started_at: string }) => w.started_at);
    expect(starts[0] > starts[1]).toBe(true);
    const ranged = await call(t.app, 'GET', '/api/v1/workouts', {
      token: u.token,
      query: { from: addDays(today(), -10), to: addDays(today(), -2), sport: 'run' },
    });
    expect(ranged.json().map((w: { started_at: string }) => w.started_at.slice(0, 10))).toEqual([
      addDays(today(), -3),
      addDays(today(), -10),
    ]);
    const p = expectProblem(
      await call(t.app, 'GET', '/api/v1/workouts', {
        token: u.token,
        query: { from: today(), to: addDays(today(), -5) },
      }),
      422,
    );
    expect(fieldsOf(p)).toContain('query.from');
    expectProblem(
      await call(t.app, 'GET', '/api/v1/workouts', { token: u.token, query: { sport: 'chess' } }),
      422,
    );
  });

  it('rejects bad input with 422 naming the field', async () => {
    const u = await registerUser(t.app);
    const cases: [Record<string, unknown>, string][] = [
      [run({ distance_km: -3 }), 'distance_km'],
      [run({ duration_s: 0 }), 'duration_s'],
      [run({ moving_time_s: 4000 }), 'moving_time_s'],
      [run({ avg_hr: 300 }), 'avg_hr'],
      [run({ avg_hr: 180, max_hr: 170 }), 'avg_hr'],
      [run({ rpe: 11 }), 'rpe'],
      [run({ started_at: testIso(3 * 86_400_000) }), 'started_at'],
      [run({ started_at: 'yesterday' }), 'started_at'],
      [run({ distance_km: 60, duration_s: 3000, moving_time_s: null }), 'distance_km'],
    ];
    for (const [body, field] of cases) {
      const p = expectProblem(await call(t.app, 'POST', '/api/v1/workouts', { token: u.token, body }), 422);
      expect(fieldsOf(p), JSON.stringify(body)).toContain(field);
    }
    const w = (await call(t.app, 'POST', '/api/v1/workouts', { token: u.token, body: run() })).json();
    const p = expectProblem(
      await call(t.app, 'PATCH', `/api/v1/workouts/${w.id}`, {
        token: u.token,
        body: { moving_time_s: 99999 },
      }),
      422,
    );
    expect(fieldsOf(p)).toContain('moving_time_s');
  });

  it("hides another athlete's workouts (404)", async () => {
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    const w = (await call(t.app, 'POST', '/api/v1/workouts', { token: a.token, body: run() })).json();
    expectProblem(await call(t.app, 'GET', `/api/v1/workouts/${w.id}`, { token: b.token }), 404);
    expectProblem(
      await call(t.app, 'PATCH', `/api/v1/workouts/${w.id}`, { token: b.token, body: { rpe: 2 } }),
      404,
    );
    expectProblem(await call(t.app, 'DELETE', `/api/v1/workouts/${w.id}`, { token: b.token }), 404);
    expectProblem(await call(t.app, 'GET', `/api/v1/workouts/${w.id}/track`, { token: b.token }), 404);
    expect((await call(t.app, 'GET', '/api/v1/workouts', { token: b.token })).json()).toEqual([]);
    expect((await call(t.app, 'GET', `/api/v1/workouts/${w.id}`, { token: a.token })).statusCode).toBe(200);
  });
});

describe('workout import', () => {
  for (const [format, file] of [
    ['gpx', 'retiro-loop.gpx'],
    ['tcx', 'retiro-loop.tcx'],
    ['fit', 'retiro-loop.fit'],
  ] as const) {
    it(`imports the ${format.toUpperCase()} sample: distance, moving time, HR, elevation and a GeoJSON track`, async () => {
      const u = await registerUser(t.app);
      const res = await importFile(t.app, u, file, sample(file), { rpe: '4' });
      expect(res.statusCode, res.body).toBe(201);
      const w = res.json();
      expect(w).toMatchObject({
        sport: 'run',
        source: format,
        has_track: true,
        rpe: 4,
        import: { format, points: 410 },
      });
      expect(w.distance_km).toBeGreaterThan(3.8);
      expect(w.distance_km).toBeLessThan(4.0);
      // 30 s standing at a crossing is not moving time.
      expect(w.duration_s - w.moving_time_s).toBeGreaterThanOrEqual(25);
      expect(w.avg_hr).toBeGreaterThan(140);
      expect(w.avg_hr).toBeLessThan(155);
      // Two 22 m hills; GPS noise must not inflate the gain.
      expect(w.elevation_gain_m).toBeGreaterThan(25);
      expect(w.elevation_gain_m).toBeLessThan(50);
      expect(w.import.points_simplified).toBeLessThan(100);
      expect(w.training_load.srpe).toBeCloseTo((4 * w.duration_s) / 60, 1);

      const track = await call(t.app, 'GET', `/api/v1/workouts/${w.id}/track`, { token: u.token });
      expect(track.statusCode).toBe(200);
      expect(track.headers['content-type']).toContain('application/geo+json');
      const f = track.json();
      expect(f.type).toBe('Feature');
      expect(f.geometry.type).toBe('LineString');
      expect(f.geometry.coordinates).toHaveLength(w.import.points_simplified);
      expect(f.properties.coordinate_properties.times).toHaveLength(w.import.points_simplified);
      const [lon, lat] = f.geometry.coordinates[0];
      expect(lat).toBeCloseTo(40.41, 1);
      expect(lon).toBeCloseTo(-3.68, 1);

      const again = await importFile(t.app, u, file, sample(file));
      expect(expectProblem(again, 409).type).toBe('urn:pulso:problem:activity-imported');
    });
  }

  it('answers 422 for corrupt or unsupported files, 415 without multipart, 413 above 25 MiB', async () => {
    const u = await registerUser(t.app);
    const fit = sample('retiro-loop.fit');
    const corrupt = Buffer.from(fit);
    corrupt[500] = corrupt[500]! ^ 0xff;
    for (const [name, content, words] of [
      ['truncated.fit', fit.subarray(0, 2000), /integrity/],
      ['corrupt.fit', corrupt, /integrity|CRC/],
      ['broken.gpx', '<?xml version="1.0"?><gpx><trk><trkseg><trkpt lat="40"', /not well-formed/],
      ['route.gpx', '<?xml version="1.0"?><gpx><rte><rtept lat="40" lon="-3"/></rte></gpx>', /planned route/],
      ['notes.txt', 'just some text', /Unsupported/],
    ] as const) {
      const p = expectProblem(await importFile(t.app, u, name, content), 422);
      expect(fieldsOf(p)).toContain('file');
      expect(p.detail).toMatch(words);
    }
    // The reason crosses the worker thread as data and is written in the request's language.
    const route = multipart([
      {
        name: 'file',
        filename: 'route.gpx',
        content: '<?xml version="1.0"?><gpx><rte><rtept lat="40" lon="-3"/></rte></gpx>',
      },
    ]);
    const es = expectProblem(
      await call(t.app, 'POST', '/api/v1/workouts/import', {
        token: u.token,
        body: route.body,
        headers: { ...route.headers, 'accept-language': 'es' },
      }),
      422,
    );
    expect(fieldsOf(es)).toContain('file');
    expect(es.detail).toMatch(/ruta planificada \(<rte>\), no un recorrido registrado/);
    const noFile = multipart([{ name: 'sport', content: 'run' }]);
    expect(
      fieldsOf(
        expectProblem(
          await call(t.app, 'POST', '/api/v1/workouts/import', {
            token: u.token,
            body: noFile.body,
            headers: noFile.headers,
          }),
          422,
        ),
      ),
    ).toContain('file');
    const badSport = await importFile(t.app, u, 'retiro-loop.gpx', sample('retiro-loop.gpx'), {
      sport: 'chess',
    });
    expect(fieldsOf(expectProblem(badSport, 422))).toContain('sport');
    expectProblem(
      await call(t.app, 'POST', '/api/v1/workouts/import', { token: u.token, body: { file: 'x' } }),
      415,
    );
    const big = Buffer.alloc(25 * 1024 * 1024 + 10, 0x20);
    expectProblem(await importFile(t.app, u, 'huge.gpx', big), 413);
    expect((await call(t.app, 'GET', '/api/v1/workouts', { token: u.token })).json()).toEqual([]);
  });

  it('a manual workout has no track (404)', async () => {
    const u = await registerUser(t.app);
    const w = (await call(t.app, 'POST', '/api/v1/workouts', { token: u.token, body: run() })).json();
    expect(w.has_track).toBe(false);
    expectProblem(await call(t.app, 'GET', `/api/v1/workouts/${w.id}/track`, { token: u.token }), 404);
  });
});

async function seedHistory(u: TestUser, days: number, opts: { spike?: boolean } = {}) {
  const svc = t.app.services.running;
  const ws = [];
  const hrv = [];
  for (let k = days; k >= 1; k--) {
    const day = addDays(today(), -k);
    hrv.push({
      date: day,
      rmssdMs: 60 + (k % 2 ? 6 : -6),
      restingHr: 50,
      sleepHours: 7.5,
      sleepQuality: 3,
      fatigue: 3,
      stress: 3,
      soreness: 3,
    });
    if (k % 7 === 0) continue; // one rest day a week
    const spike = opts.spike && k <= 7;
    // Hard and easy days alternate (a monotonous week is a risk factor of its own, Foster 1998).
    const easy = k % 2 === 0;
    ws.push({
      startedAt: new Date(`${day}T07:00:00Z`),
      sport: 'run',
      distanceKm: spike ? 16 : easy ? 6 : 10,
      durationS: spike ? 5400 : easy ? 2100 : 3300,
      movingTimeS: null,
      elevationGainM: null,
      avgHr: 150,
      maxHr: 170,
      rpe: spike ? 8 : easy ? 3 : 6,
      notes: null,
      source: 'manual',
    });
  }
  await svc.seedBulk(u.id, ws, hrv);
}

describe('HRV', () => {
  it('upserts one reading per day (201 then 200) and lists them newest first', async () => {
    const u = await registerUser(t.app);
    const d = addDays(today(), -1);
    const first = await call(t.app, 'POST', '/api/v1/hrv/readings', {
      token: u.token,
      body: { date: d, rmssd_ms: 55, resting_hr: 52 },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json().ln_rmssd).toBeCloseTo(Math.log(55), 4);
    const second = await call(t.app, 'POST', '/api/v1/hrv/readings', {
      token: u.token,
      body: { date: d, rmssd_ms: 61 },
    });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ rmssd_ms: 61, resting_hr: null });
    await call(t.app, 'POST', '/api/v1/hrv/readings', {
      token: u.token,
      body: { date: today(), rmssd_ms: 58 },
    });
    const list = await call(t.app, 'GET', '/api/v1/hrv/readings', {
      token: u.token,
      query: { from: addDays(today(), -7) },
    });
    expect(list.headers['x-total-count']).toBe('2');
    expect(list.json().map((r: { date: string }) => r.date)).toEqual([today(), d]);
  });

  it('rejects bad readings and a reversed range with 422', async () => {
    const u = await registerUser(t.app);
    const cases: [Record<string, unknown>, string][] = [
      [{ date: addDays(today(), 5), rmssd_ms: 50 }, 'date'],
      [{ date: today(), rmssd_ms: 0 }, 'rmssd_ms'],
      [{ date: today(), rmssd_ms: 50, resting_hr: 300 }, 'resting_hr'],
      [{ date: today(), rmssd_ms: 50, fatigue: 9 }, 'fatigue'],
      [{ date: today(), rmssd_ms: 50, sleep_hours: 30 }, 'sleep_hours'],
    ];
    for (const [body, field] of cases)
      expect(
        fieldsOf(
          expectProblem(await call(t.app, 'POST', '/api/v1/hrv/readings', { token: u.token, body }), 422),
        ),
      ).toContain(field);
    expectProblem(
      await call(t.app, 'GET', '/api/v1/hrv/readings', {
        token: u.token,
        query: { from: today(), to: addDays(today(), -1) },
      }),
      422,
    );
  });

  it('baseline and readiness say insufficient_data without readings', async () => {
    const u = await registerUser(t.app);
    const b = (await call(t.app, 'GET', '/api/v1/hrv/baseline', { token: u.token })).json();
    expect(b).toMatchObject({ status: 'insufficient_data', readings_7d: 0, normal_range: null });
    const r = (await call(t.app, 'GET', '/api/v1/hrv/readiness', { token: u.token })).json();
    expect(r).toMatchObject({ score: null, status: 'insufficient_data', load_multiplier: 1 });
    expect(r.recommendation.session).toBe('as_planned_no_hrv');
  });

  it('baseline gives the normal range and status; readiness reacts to a poor morning, in Spanish too', async () => {
    const u = await registerUser(t.app);
    await seedHistory(u, 45);
    const b = (await call(t.app, 'GET', '/api/v1/hrv/baseline', { token: u.token })).json();
    expect(b.status).toBe('balanced');
    expect(b.readings_7d).toBe(6);
    expect(b.normal_range.low).toBeLessThan(b.baseline_mean);
    expect(b.normal_range.high - b.normal_range.low).toBeCloseTo(b.baseline_sd, 2);
    expect(b.cv_7d_pct).toBeGreaterThan(0);

    await call(t.app, 'POST', '/api/v1/hrv/readings', {
      token: u.token,
      body: { date: today(), rmssd_ms: 62, resting_hr: 50, sleep_hours: 8 },
    });
    const good = (await call(t.app, 'GET', '/api/v1/hrv/readiness', { token: u.token })).json();
    expect(good.score).toBeGreaterThanOrEqual(50);
    await call(t.app, 'POST', '/api/v1/hrv/readings', {
      token: u.token,
      body: {
        date: today(),
        rmssd_ms: 35,
        resting_hr: 60,
        sleep_hours: 4.5,
        sleep_quality: 6,
        fatigue: 6,
        stress: 5,
        soreness: 6,
      },
    });
    const bad = await call(t.app, 'GET', '/api/v1/hrv/readiness', {
      token: u.token,
      headers: { 'accept-language': 'es-ES' },
    });
    const r = bad.json();
    expect(r.score).toBeLessThan(good.score);
    expect(r.status).toBe('low');
    expect(r.load_multiplier).toBeLessThan(1);
    expect(r.recommendation.session).toBe('recovery_or_rest');
    expect(r.recommendation.text).toMatch(/descanso/i);
    expect(r.factors.map((f: { code: string }) => f.code)).toEqual(
      expect.arrayContaining(['hrv_today', 'resting_hr', 'sleep_hours', 'fatigue']),
    );
    expect(r.factors.find((f: { code: string }) => f.code === 'resting_hr').message).toMatch(/lpm/);
  });
});

describe('overtraining', () => {
  it('check-in stores the Hooper index (201, then 200 for the same day) and refuses items outside 1–7', async () => {
    const u = await registerUser(t.app);
    const res = await call(t.app, 'POST', '/api/v1/overtraining/check-in', {
      token: u.token,
      body: { sleep: 3, stress: 4, fatigue: 5, soreness: 6 },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ date: today(), hooper_index: 18, level: 'watch' });
    const again = await call(t.app, 'POST', '/api/v1/overtraining/check-in', {
      token: u.token,
      body: { sleep: 6, stress: 6, fatigue: 6, soreness: 6 },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().hooper_index).toBe(24);
    for (const body of [
      { sleep: 8, stress: 1, fatigue: 1, soreness: 1 },
      { sleep: 1, stress: 0, fatigue: 1, soreness: 1 },
      { sleep: 1, stress: 1, fatigue: 1 },
    ])
      expectProblem(
        await call(t.app, 'POST', '/api/v1/overtraining/check-in', { token: u.token, body }),
        422,
      );
    const status = (await call(t.app, 'GET', '/api/v1/overtraining/status', { token: u.token })).json();
    expect(status.latest_check_in.hooper_index).toBe(24);
    expect(status.factors.map((f: { code: string }) => f.code)).toContain('hooper_warning');
  });

  it('status for a new athlete: no ACWR yet, LOW risk, advice to record data', async () => {
    const u = await registerUser(t.app);
    const s = (await call(t.app, 'GET', '/api/v1/overtraining/status', { token: u.token })).json();
    expect(s).toMatchObject({
      acwr: { value: null, method: 'rolling_average_uncoupled_7_28' },
      ctl: 0,
      atl: 0,
      tsb: 0,
      risk_level: 'LOW',
      latest_check_in: null,
    });
    expect(s.recommendations.length).toBeGreaterThanOrEqual(2);
  });

  it('steady training is LOW risk with ACWR ≈ 1; a spike in the last week raises ACWR above 1.5 and the risk', async () => {
    const steady = await registerUser(t.app);
    await seedHistory(steady, 60);
    const s = (await call(t.app, 'GET', '/api/v1/overtraining/status', { token: steady.token })).json();
    expect(s.acwr.value).toBeCloseTo(1, 1);
    expect(s.acwr.ewma.value).toBeGreaterThan(0.8);
    expect(s.monotony).toBeGreaterThan(0);
    expect(s.strain).toBeGreaterThan(s.weekly_load);
    expect(s.ctl).toBeGreaterThan(0);
    expect(s.risk_level).toBe('LOW');

    const spiky = await registerUser(t.app);
    await seedHistory(spiky, 60, { spike: true });
    const sp = (
      await call(t.app, 'GET', '/api/v1/overtraining/status', {
        token: spiky.token,
        headers: { 'accept-language': 'es' },
      })
    ).json();
    expect(sp.acwr.value).toBeGreaterThan(1.5);
    expect(sp.tsb).toBeLessThan(0);
    expect(['MODERATE', 'HIGH', 'VERY_HIGH']).toContain(sp.risk_level);
    expect(sp.factors.map((f: { code: string }) => f.code)).toContain('acwr_danger');
    expect(sp.recommendations.join(' ')).toMatch(/carga/);
  });

  it('a new workout invalidates the cached status', async () => {
    const u = await registerUser(t.app);
    await seedHistory(u, 35);
    const before = (await call(t.app, 'GET', '/api/v1/overtraining/status', { token: u.token })).json();
    await call(t.app, 'POST', '/api/v1/workouts', {
      token: u.token,
      body: run({
        started_at: testIso(),
        duration_s: 7200,
        moving_time_s: null,
        distance_km: 20,
        rpe: 9,
      }),
    });
    const after = (await call(t.app, 'GET', '/api/v1/overtraining/status', { token: u.token })).json();
    expect(after.acwr.acute_load).toBeCloseTo(before.acwr.acute_load + 9 * 120, 0);
    expect(after.acwr.value).toBeGreaterThan(before.acwr.value);
  });

  it('history gives the metrics week by week and validates weeks', async () => {
    const u = await registerUser(t.app);
    await seedHistory(u, 40);
    const h = (
      await call(t.app, 'GET', '/api/v1/overtraining/history', { token: u.token, query: { weeks: '6' } })
    ).json();
    expect(h.weeks).toHaveLength(6);
    expect(h.acwr_method).toBe('rolling_average_uncoupled_7_28');
    expect(h.weeks[5].week_start <= today()).toBe(true);
    expect(h.weeks[0].week_start < h.weeks[5].week_start).toBe(true);
    expect(h.weeks.slice(1, 5).every((w: { workouts: number }) => w.workouts > 0)).toBe(true);
    expect(h.weeks[4].ctl).toBeGreaterThan(h.weeks[1].ctl);
    for (const weeks of ['0', '53', 'x'])
      expect(
        fieldsOf(
          expectProblem(
            await call(t.app, 'GET', '/api/v1/overtraining/history', { token: u.token, query: { weeks } }),
            422,
          ),
        ),
      ).toContain('query.weeks');
  });
});

describe('read model', () => {
  it('gives the other modules profile, workouts, readiness, load and weekly summaries', async () => {
    const u = await registerUser(t.app);
    await call(t.app, 'PUT', '/api/v1/athlete/profile', {
      token: u.token,
      body: { sex: 'female', max_hr: 190, resting_hr: 50 },
    });
    await seedHistory(u, 30);
    const rm = t.app.services.running.readModel;
    expect(await rm.profile(u.id)).toMatchObject({ userId: u.id, sex: 'female', maxHr: 190, goalRace: null });
    const ws = await rm.workoutsBetween(u.id, addDays(today(), -7), today());
    expect(ws.length).toBe(6);
    expect(ws[0]!.startedAt).toBeInstanceOf(Date);
    expect(ws[0]!.startedAt > ws[1]!.startedAt).toBe(true);
    expect([3 * 35, 6 * 55]).toContain(ws[0]!.srpeLoad);
    expect(ws[0]!.trimp).toBeGreaterThan(0);
    const ls = await rm.loadStatus(u.id, today());
    expect(ls.acwrMethod).toBe('rolling_average_uncoupled_7_28');
    expect(ls.acwr).toBeCloseTo(1, 1);
    const r = await rm.readiness(u.id, addDays(today(), -1));
    expect(r.score).not.toBeNull();
    expect(r.loadMultiplier).toBeGreaterThanOrEqual(0.5);
    const weeks = await rm.weeklySummaries(u.id, today(), 3);
    expect(weeks).toHaveLength(3);
    expect(weeks[1]!.workouts).toBeGreaterThanOrEqual(6);
    expect(weeks[1]!.load).toBeGreaterThan(0);
    expect(await rm.profile((await registerUser(t.app)).id)).toBeNull();
    // The same window gives the same frozen array until the next write (callers memoise on it)…
    expect(await rm.workoutsBetween(u.id, addDays(today(), -7), today())).toBe(ws);
    expect(Object.isFrozen(ws)).toBe(true);
    await call(t.app, 'POST', '/api/v1/workouts', {
      token: u.token,
      body: run({ started_at: testIso(-86_400_000) }),
    });
    // …and a write gives a new one on the very next call.
    const ws2 = await rm.workoutsBetween(u.id, addDays(today(), -7), today());
    expect(ws2).not.toBe(ws);
    expect(ws2.length).toBe(7);
  });
});

describe('personal data', () => {
  it('exports profile, workouts, tracks, HRV and check-ins, and erases them with the account', async () => {
    const u = await registerUser(t.app);
    await call(t.app, 'PUT', '/api/v1/athlete/profile', {
      token: u.token,
      body: { max_hr: 190, resting_hr: 50 },
    });
    const w = (await importFile(t.app, u, 'retiro-loop.gpx', sample('retiro-loop.gpx'))).json();
    await call(t.app, 'POST', '/api/v1/hrv/readings', {
      token: u.token,
      body: { date: today(), rmssd_ms: 60 },
    });
    await call(t.app, 'POST', '/api/v1/overtraining/check-in', {
      token: u.token,
      body: { sleep: 2, stress: 2, fatigue: 2, soreness: 2 },
    });
    const exp = (await call(t.app, 'GET', '/api/v1/users/me/export', { token: u.token })).json();
    const section = exp.running;
    expect(section.profile.max_hr).toBe(190);
    expect(section.workouts.map((x: { id: number }) => x.id)).toEqual([w.id]);
    expect(section.tracks[0].coordinates.length).toBe(w.import.points_simplified);
    expect(section.hrv_readings).toHaveLength(1);
    expect(section.check_ins[0].hooper_index).toBe(8);

    expect((await call(t.app, 'DELETE', '/api/v1/users/me', { token: u.token })).statusCode).toBe(204);
    expect(await t.app.services.running.readModel.profile(u.id)).toBeNull();
    const left = await t.database.db.execute(
      `select (select count(*) from workouts where user_id = ${u.id})::int + (select count(*) from hrv_readings where user_id = ${u.id})::int + (select count(*) from wellness_check_ins where user_id = ${u.id})::int + (select count(*) from athlete_profiles where user_id = ${u.id})::int as n` as never,
    );
    const rows = Array.isArray(left) ? left : (left as { rows: unknown[] }).rows;
    expect(Number((rows[0] as { n: number }).n)).toBe(0);
  });
});

describe('demo athlete', () => {
  it('has something to show on every running endpoint', async () => {
    const u = await registerUser(t.app);
    const made = await seedRunnerDemo(t.app.services.running, u.id, testNow());
    expect(made.workouts).toBeGreaterThan(80);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
    const get = async (url: string): Promise<any> => {
      const res = await call(t.app, 'GET', url, { token: u.token });
      expect(res.statusCode, url).toBe(200);
      return res.json();
    };
    expect((await get('/api/v1/athlete/profile')).max_hr).toBe(188);
    const ws = await get('/api/v1/workouts?limit=100');
    expect(ws.length).toBeGreaterThanOrEqual(90);
    const imported = (await get('/api/v1/workouts?from=2026-10-01&to=2026-10-10&limit=100')).filter(
      (w: { has_track: boolean }) => w.has_track,
    );
    expect(imported.map((w: { source: string }) => w.source).sort()).toEqual(['fit', 'gpx', 'tcx']);
    expect(
      (await get(`/api/v1/workouts/${imported[0].id}/track`)).geometry.coordinates.length,
    ).toBeGreaterThan(10);
    expect((await get('/api/v1/hrv/readings')).length).toBe(20);
    expect((await get('/api/v1/hrv/baseline')).status).not.toBe('insufficient_data');
    expect((await get('/api/v1/hrv/readiness')).score).not.toBeNull();
    const s = await get('/api/v1/overtraining/status');
    expect(s.acwr.value).not.toBeNull();
    expect(s.latest_check_in).not.toBeNull();
    expect(
      (await get('/api/v1/overtraining/history?weeks=16')).weeks.filter(
        (w: { workouts: number }) => w.workouts > 0,
      ).length,
    ).toBeGreaterThanOrEqual(15);
  });
});
