import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSegmentsRepo, type Viewer } from '../../../src/modules/segments/repo.js';
import {
  chordToGreatCircleM,
  earthPoint,
  greatCircleToChordM,
  NearbyGrid,
  pgRound2,
  sqlQualityScore,
} from '../../../src/modules/segments/domain/nearby.js';
import { serializeSegments, toSegment } from '../../../src/modules/segments/service.js';
import { createNearIndex } from '../../../src/modules/segments/near-index.js';
import {
  addMember,
  call,
  createGym,
  createTestApp,
  registerUser,
  type TestApp,
  type TestUser,
} from '../../harness.js';

/*
 * The in-process nearby index (near-index.ts) against the SQL it stands in for (repo.list): random segments,
 * visibilities, gyms and reports in a small area, random searches by random viewers, the index's page compared
 * byte for byte with the list route's serialisation of the SQL's rows (order, distance, quality) and its total
 * with the SQL's, again after random writes through the API (each checked by the very next search). A seeded
 * generator keeps a failure reproducible.
 */

let seed = 0x5eed15;
const rnd = () => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

// Fixed: access tokens live 30 minutes. Searches are compared at other instants too (`at`).
const now = Date.parse('2026-11-20T10:00:00Z');
let t: TestApp;
let users: TestUser[];
let gymA: number;
let gymB: number;
const ids: number[] = [];
// A random area per run: the PostgreSQL test database may hold an earlier run's segments.
const ORIGIN = { lon: -120 + Math.random() * 240, lat: -60 + Math.random() * 120 };
const SPAN = 0.02; // ~2 km

const viewerOf = (u: TestUser, gyms: number[]): Viewer => ({ userId: Number(u.id), gymIds: gyms });
let viewers: Viewer[];

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  users = [];
  for (let i = 0; i < 3; i++)
    users.push(await registerUser(t.app, { ip: `10.16.0.${i + 1}`, name: `U${i}` }));
  gymA = await createGym(t.app, users[0]!, 'Near A');
  gymB = await createGym(t.app, users[1]!, 'Near B');
  await addMember(t.app, users[0]!, gymA, users[2]!, 'member');
  viewers = [
    viewerOf(users[0]!, [gymA]),
    viewerOf(users[1]!, [gymB]),
    viewerOf(users[2]!, [gymA]),
    { userId: 0, gymIds: [] },
  ];
});
afterAll(async () => {
  await t.app.services.segments.idle();
  await t.close();
});

const place = () => ({
  longitude: Number((ORIGIN.lon + rnd() * SPAN).toFixed(6)),
  latitude: Number((ORIGIN.lat + rnd() * SPAN).toFixed(6)),
});
const sharing = (owner: number) => {
  const v = pick(['private', 'public', 'public', 'gym'] as const);
  if (v !== 'gym') return { visibility: v };
  return { visibility: v, gym_id: owner === 1 ? gymB : gymA };
};

/** A public segment at `p`, made over HTTP by `u`; its id. */
const publicSegment = async (u: TestUser, name: string, p: { longitude: number; latitude: number }) =>
  (
    await call(t.app, 'POST', '/api/v1/segments', {
      token: u.token,
      body: { name, ...p, visibility: 'public' },
    })
  ).json<{ id: number }>();

async function compare(rounds: number) {
  const svc = t.app.services.segments;
  const repo = createSegmentsRepo(t.database.db);
  for (let i = 0; i < rounds; i++) {
    const v = pick(viewers);
    const near = {
      lat: ORIGIN.lat + rnd() * SPAN,
      lon: ORIGIN.lon + rnd() * SPAN,
      radiusM: pick([50, 300, 800, 2000]),
    };
    const page = { skip: pick([0, 0, 0, 3, 20]), limit: pick([1, 5, 20, 100]) };
    const at = now + Math.floor(rnd() * 400 * 86_400_000);
    let mem = await svc.nearIndex.search(v, near, page, at);
    // On PostgreSQL + Redis the other test files share this database and its change feed: an account erasure
    // there announces '*' (every segment may have changed), and the index rightly sends searches to SQL until
    // it is rebuilt. The rebuilt index must then answer. With the in-process cache the feed is this app's own,
    // so nothing but its own writes can make it step aside: there it must answer at once.
    for (let tries = 0; mem === null && t.cache.backend === 'redis' && tries < 3; tries++) {
      await svc.nearIndex.settled();
      mem = await svc.nearIndex.search(v, near, page, at);
    }
    expect(mem, 'the index answers once built').not.toBeNull();
    const sql = await repo.list(v, { near }, page, at);
    expect(mem!.total).toBe(sql.total);
    // The very bytes the route would send for the SQL's rows.
    expect(mem!.bytes.toString()).toBe(serializeSegments(sql.rows.map(toSegment)));
    shown.rows += sql.rows.length;
    shown.scored += sql.rows.filter((r) => r.q_score !== null).length;
  }
}
/** What the comparisons covered, so that a run comparing only empty pages fails. */
const shown = { rows: 0, scored: 0 };

describe('nearby index against the SQL', () => {
  it('random segments, visibilities and reports: same rows, order, distances, scores and totals', async () => {
    for (let i = 0; i < 60; i++) {
      const owner = Math.floor(rnd() * 3);
      const u = users[owner]!;
      const p = place();
      const body =
        rnd() < 0.5
          ? { name: `s${i}`, ...p, ...sharing(owner) }
          : {
              name: `s${i}`,
              ...sharing(owner),
              geometry: {
                type: 'LineString',
                coordinates: [
                  [p.longitude, p.latitude],
                  [p.longitude + 0.001, p.latitude + 0.0005],
                ],
              },
            };
      const r = await call(t.app, 'POST', '/api/v1/segments', { token: u.token, body });
      expect(r.statusCode).toBe(201);
      ids.push(r.json<{ id: number }>().id);
    }
    // Reports of different ages (written in SQL before the index is built: the API dates them now).
    const db = t.database.db;
    for (let i = 0; i < 120; i++) {
      const at = new Date(now - Math.floor(rnd() * 300 * 86_400_000));
      await db.execute(sql`insert into segment_quality_reports
          (segment_id, user_id, day, rating, surface, smoothness, reported_at)
        values (${pick(ids)}, ${Number(pick(users).id)}, ${at.toISOString().slice(0, 10)},
                ${1 + Math.floor(rnd() * 5)}, ${pick(['asphalt', 'gravel', null])}, ${pick(['good', null])},
                ${at.toISOString()}::timestamptz)
        on conflict do nothing`);
    }
    // The first search starts the build (and is answered by the SQL); then the index answers.
    await t.app.services.segments.nearIndex.search(
      viewers[0]!,
      { lat: 0, lon: 0, radiusM: 1 },
      { skip: 0, limit: 1 },
      now,
    );
    await t.app.services.segments.nearIndex.settled();
    await compare(80);
    expect(shown.rows).toBeGreaterThan(200);
    expect(shown.scored).toBeGreaterThan(50);
  });

  it('after each write through the API, the very next search sees it', async () => {
    for (let i = 0; i < 40; i++) {
      const id = pick(ids);
      const op = rnd();
      // Find the owner: only they may change it.
      const row = (await createSegmentsRepo(t.database.db).row(id))!;
      const owner = users.find((u) => Number(u.id) === row?.ownerId);
      if (!row || !owner) continue;
      const idx = users.indexOf(owner);
      let res;
      if (op < 0.2) {
        res = await call(t.app, 'DELETE', `/api/v1/segments/${id}`, { token: owner.token });
        ids.splice(ids.indexOf(id), 1);
        ids.push(
          (
            await call(t.app, 'POST', '/api/v1/segments', {
              token: owner.token,
              body: { name: `n${i}`, ...place(), ...sharing(idx) },
            })
          ).json<{ id: number }>().id,
        );
      } else if (op < 0.6) {
        res = await call(t.app, 'PATCH', `/api/v1/segments/${id}`, {
          token: owner.token,
          body: sharing(idx),
        });
      } else if (op < 0.8 && !row.coordinates) {
        res = await call(t.app, 'PATCH', `/api/v1/segments/${id}`, { token: owner.token, body: place() });
      } else {
        res = await call(t.app, 'POST', `/api/v1/segments/${id}/quality-reports`, {
          token: pick(users).token,
          body: { rating: 1 + Math.floor(rnd() * 5) },
        });
      }
      expect([200, 201, 204, 404]).toContain(res.statusCode);
      await compare(3);
    }
  });

  it('the HTTP answer is the index’s: a private segment never shows to others, a deleted one to no one', async () => {
    const [owner, other] = [users[0]!, users[1]!];
    const p = place();
    const s = await publicSegment(owner, 'flip', p);
    const seen = async (u: TestUser) =>
      (
        await call(t.app, 'GET', '/api/v1/segments', {
          token: u.token,
          query: { near: `${p.latitude},${p.longitude}`, radius_m: '5', limit: '100' },
        })
      )
        .json<{ id: number }[]>()
        .map((r) => r.id);
    expect(await seen(other)).toContain(s.id);
    await call(t.app, 'PATCH', `/api/v1/segments/${s.id}`, {
      token: owner.token,
      body: { visibility: 'private' },
    });
    expect(await seen(other)).not.toContain(s.id);
    expect(await seen(owner)).toContain(s.id);
    await call(t.app, 'DELETE', `/api/v1/segments/${s.id}`, { token: owner.token });
    expect(await seen(owner)).not.toContain(s.id);
  });
});

describe('nearby index memory', () => {
  it('a row too long to keep is not kept: a page showing it is the SQL’s, the others stay the index’s', async () => {
    const owner = users[0]!;
    const p = place();
    // ~1,500 positions: its row is far over what the index keeps of one segment.
    const coordinates = Array.from({ length: 1500 }, (_, i) => [
      Number((p.longitude + i * 0.00001).toFixed(6)),
      Number((p.latitude + i * 0.00001).toFixed(6)),
    ]);
    const long = (
      await call(t.app, 'POST', '/api/v1/segments', {
        token: owner.token,
        body: { name: 'long', visibility: 'public', geometry: { type: 'LineString', coordinates } },
      })
    ).json<{ id: number }>();
    const v = viewers[1]!;
    const page = { skip: 0, limit: 100 };
    const near = { lat: p.latitude, lon: p.longitude, radiusM: 3 };
    expect(await t.app.services.segments.nearIndex.search(v, near, page, now)).toBeNull();
    const viaHttp = await call(t.app, 'GET', '/api/v1/segments', {
      token: users[1]!.token,
      query: { near: `${p.latitude},${p.longitude}`, radius_m: '3', limit: '100' },
    });
    expect(viaHttp.json<{ id: number }[]>().map((r) => r.id)).toContain(long.id);
    const sqlRows = await createSegmentsRepo(t.database.db).list(v, { near }, page, now);
    expect(viaHttp.body).toBe(serializeSegments(sqlRows.rows.map(toSegment)));
    // Once it is gone, the index answers every page again (compare expects an answer).
    await call(t.app, 'DELETE', `/api/v1/segments/${long.id}`, { token: owner.token });
    await compare(5);
  });

  it('an index that does not fit its budget gives up, and one that fits stays within it', async () => {
    const repo = createSegmentsRepo(t.database.db);
    const warned: string[] = [];
    const build = (maxBytes: number) =>
      createNearIndex({
        repo,
        cache: t.cache,
        clock: () => now,
        log: { info: () => {}, warn: (_o, msg) => warned.push(msg) },
        serializeRow: (r) => serializeSegments([toSegment(r)]).slice(1, -1),
        maxBytes,
      });
    const v = viewers[0]!;
    const near = { lat: ORIGIN.lat + SPAN / 2, lon: ORIGIN.lon + SPAN / 2, radiusM: 2000 };
    const page = { skip: 0, limit: 100 };

    const off = build(0);
    expect(await off.search(v, near, page, now)).toBeNull();
    await off.settled();
    expect(await off.search(v, near, page, now)).toBeNull();

    const tiny = build(2_000); // not even the placements fit
    expect(await tiny.search(v, near, page, now)).toBeNull();
    await tiny.settled();
    expect(await tiny.search(v, near, page, now)).toBeNull();
    expect(warned.some((m) => m.includes('SEGMENTS_NEAR_INDEX_MB'))).toBe(true);
    expect(tiny.bytes()).toBe(0);

    const roomy = build(8 * 1_048_576);
    await roomy.search(v, near, page, now);
    await roomy.settled();
    const hit = await roomy.search(v, near, page, now);
    expect(hit).not.toBeNull();
    expect(roomy.bytes()).toBeGreaterThan(0);
    expect(roomy.bytes()).toBeLessThanOrEqual(8 * 1_048_576);
    const sqlRows = await repo.list(v, { near }, page, now);
    expect(hit!.total).toBe(sqlRows.total);
    expect(hit!.bytes.toString()).toBe(serializeSegments(sqlRows.rows.map(toSegment)));
    for (const i of [off, tiny, roomy]) i.close();
  });
});

describe('nearby index and account erasure', () => {
  it('an erased account’s segments and reports leave the index with it', async () => {
    const gone = await registerUser(t.app, { ip: '10.16.0.9', name: 'Gone' });
    const p = place();
    const s = await publicSegment(gone, 'gone', p);
    const near = { lat: p.latitude, lon: p.longitude, radiusM: 5 };
    const page = { skip: 0, limit: 100 };
    const v = viewers[0]!;
    expect((await t.app.services.segments.nearIndex.search(v, near, page, now))!.ids).toContain(s.id);
    expect((await call(t.app, 'DELETE', '/api/v1/users/me', { token: gone.token })).statusCode).toBe(204);
    // The index is rebuilt (the SQL answers meanwhile); it never answers with the erased segment.
    const during = await t.app.services.segments.nearIndex.search(v, near, page, now);
    if (during) expect(during.ids).not.toContain(s.id);
    await t.app.services.segments.nearIndex.settled();
    const after = await t.app.services.segments.nearIndex.search(v, near, page, now);
    expect(after).not.toBeNull();
    expect(after!.ids).not.toContain(s.id);
    await compare(5);
  });
});

describe('nearby index across processes (Redis)', () => {
  // Two apps on one database and one Redis stand for two API processes; with the in-memory cache there is only
  // ever one process.
  it.runIf(!!process.env.TEST_REDIS_URL)(
    'a write on one process is seen by the next search on the other',
    async () => {
      const other = await createTestApp({ clock: () => now });
      try {
        const [a, b] = [t.app.services.segments.nearIndex, other.app.services.segments.nearIndex];
        const v = viewers[1]!; // not the owner
        const p = place();
        const near = { lat: p.latitude, lon: p.longitude, radiusM: 5 };
        const page = { skip: 0, limit: 100 };
        await b.search(v, near, page, now);
        await b.settled();
        const s = await publicSegment(users[0]!, 'two', p);
        const ids = async () => (await b.search(v, near, page, now))!.ids;
        expect(await ids()).toContain(s.id);
        await call(t.app, 'PATCH', `/api/v1/segments/${s.id}`, {
          token: users[0]!.token,
          body: { visibility: 'private' },
        });
        expect(await ids()).not.toContain(s.id);
        await call(t.app, 'PATCH', `/api/v1/segments/${s.id}`, {
          token: users[0]!.token,
          body: { visibility: 'public' },
        });
        expect(await ids()).toContain(s.id);
        await call(t.app, 'DELETE', `/api/v1/segments/${s.id}`, { token: users[0]!.token });
        expect(await ids()).not.toContain(s.id);
        expect(await a.search(v, near, page, now)).not.toBeNull();
      } finally {
        await other.app.services.segments.idle();
        await other.close();
      }
    },
  );
});

describe('nearby domain', () => {
  it('rounds as PostgreSQL rounds a float8 to numeric(…, 2): 15 digits, then half away from zero', () => {
    // 2.675 is 2.67499999999999982236431605997495353221893310546875 as a double: Math.round(x * 100) gives
    // 2.67; PostgreSQL converts to the numeric 2.675 first and gives 2.68.
    expect(pgRound2(2.675)).toBe(2.68);
    expect(pgRound2(1.005)).toBe(1.01);
    expect(pgRound2(4.994999)).toBe(4.99);
    expect(pgRound2(5)).toBe(5);
    expect(pgRound2(0.00001)).toBe(0);
    expect(sqlQualityScore([], 0)).toBeNull();
    expect(
      sqlQualityScore(
        [
          { rating: 4, atMs: 0 },
          { rating: 2, atMs: 0 },
        ],
        0,
      ),
    ).toBe(3);
  });

  it('large radii near both poles and across the antimeridian: the cells searched hold every point in range', () => {
    // Radii up to the API's 100 km, so both the bounding-coordinates path and the every-cell path run; the
    // reference applies the SQL's tests (earth_box, then earth_distance <= r) to every point.
    const g = new NearbyGrid();
    const pts: { id: number; x: number; y: number; z: number }[] = [];
    const centres = [
      [0, 0],
      [89.9, 10],
      [-89.95, -170],
      [10, 179.99],
      [-33, -179.995],
      [60, 179.5],
    ] as const;
    const around = ([la, lo]: readonly [number, number]) => ({
      lat: Math.max(-90, Math.min(90, la + (rnd() - 0.5) * 3)),
      lon: ((lo + (rnd() - 0.5) * 6 + 540) % 360) - 180,
    });
    let id = 0;
    for (const c of centres)
      for (let i = 0; i < 500; i++) {
        const { lat, lon } = around(c);
        const [x, y, z] = earthPoint(lat, lon);
        pts.push({ id: ++id, x, y, z });
        g.put({ id, ownerId: 1, gymId: null, visibility: 'public', x, y, z });
      }
    let nonEmpty = 0;
    for (let q = 0; q < 120; q++) {
      const { lat, lon } = around(centres[q % centres.length]!);
      const radiusM = [50, 1000, 20_000, 60_000, 100_000][q % 5]!;
      const p = earthPoint(lat, lon);
      const half = greatCircleToChordM(radiusM);
      const want = pts
        .filter(
          (s) => Math.abs(s.x - p[0]) <= half && Math.abs(s.y - p[1]) <= half && Math.abs(s.z - p[2]) <= half,
        )
        .filter((s) => chordToGreatCircleM(Math.hypot(s.x - p[0], s.y - p[1], s.z - p[2])) <= radiusM)
        .map((s) => s.id)
        .sort((a, b) => a - b);
      const r = g.search({ userId: 2, gymIds: [] }, { lat, lon, radiusM }, { skip: 0, limit: 10_000 });
      expect(r!.total).toBe(want.length);
      expect(r!.slots.map((s) => g.idAt(s)).sort((a, b) => a - b)).toEqual(want);
      if (want.length) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(60);
  });

  it('a page past the end is empty; a deep page among very many matches is left to the SQL', () => {
    const g = new NearbyGrid();
    for (let id = 1; id <= 20_500; id++) {
      const [x, y, z] = earthPoint(40.4 + (rnd() - 0.5) * 0.01, -3.7 + (rnd() - 0.5) * 0.01);
      g.put({ id, ownerId: 1, gymId: null, visibility: 'public', x, y, z });
    }
    const v = { userId: 2, gymIds: [] };
    const near = { lat: 40.4, lon: -3.7, radiusM: 2000 };
    expect(g.search(v, near, { skip: 10_000_000, limit: 20 })).toEqual({
      slots: [],
      distancesM: [],
      total: 20_500,
    });
    expect(g.search(v, near, { skip: 5_000, limit: 20 })).toBeNull();
    const first = g.search(v, near, { skip: 0, limit: 20 })!;
    expect(first.total).toBe(20_500);
    expect(first.slots).toHaveLength(20);
  });

  it('the grid finds what a scan of every point finds, across the antimeridian and near a pole', () => {
    const g = new NearbyGrid();
    const all: { id: number; x: number; y: number; z: number; lat: number; lon: number }[] = [];
    const R = 6_378_168;
    let id = 0;
    for (const [lat0, lon0] of [
      [0, 179.999],
      [89.99, 0],
      [40.4, -3.7],
    ] as const)
      for (let i = 0; i < 300; i++) {
        const lat = Math.min(90, lat0 + (rnd() - 0.5) * 0.02);
        const lon = ((lon0 + (rnd() - 0.5) * 0.02 + 540) % 360) - 180;
        const la = (lat * Math.PI) / 180;
        const lo = (lon * Math.PI) / 180;
        const p = {
          id: ++id,
          lat,
          lon,
          x: R * Math.cos(la) * Math.cos(lo),
          y: R * Math.cos(la) * Math.sin(lo),
          z: R * Math.sin(la),
        };
        all.push(p);
        g.put({ id: p.id, ownerId: 1, gymId: null, visibility: 'public', x: p.x, y: p.y, z: p.z });
      }
    for (const q of all.slice(0, 30)) {
      const r = g.search(
        { userId: 2, gymIds: [] },
        { lat: q.lat, lon: q.lon, radiusM: 500 },
        { skip: 0, limit: 1000 },
      );
      const brute = all.filter((p) => Math.hypot(p.x - q.x, p.y - q.y, p.z - q.z) <= 499.99).map((p) => p.id);
      const got = r!.slots.map((x) => g.idAt(x));
      for (const b of brute) expect(got).toContain(b);
      expect(r!.total).toBe(got.length);
    }
    g.remove(1);
    expect(g.slotOf(1)).toBeUndefined();
    expect(g.size).toBe(899);
  });
});
