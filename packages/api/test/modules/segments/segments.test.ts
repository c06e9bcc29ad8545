import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  call,
  createGym,
  createTestApp,
  expectProblem,
  registerUser,
  type TestApp,
  type TestUser,
} from '../../harness.js';

let t: TestApp;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let gymId: number;

// A fresh area per test keeps searches free of other tests' rows, and a random origin per run free of an
// earlier run's (a PostgreSQL test database may be reused).
const ORIGIN = { lon: -150 + Math.random() * 300, lat: -50 + Math.random() * 100 };
let area = 0;
const base = () => {
  area++;
  return { lon: ORIGIN.lon + area * 0.1, lat: ORIGIN.lat };
};
/** A straight line east from (lon, lat), `n` points 100 m apart. */
const line = (lon: number, lat: number, n = 5) => ({
  type: 'LineString' as const,
  coordinates: Array.from({ length: n }, (_, i) => [
    lon + (i * 100) / (111_320 * Math.cos((lat * Math.PI) / 180)),
    lat,
  ]),
});

const post = (u: TestUser, body: unknown) =>
  call(t.app, 'POST', '/api/v1/segments', { token: u.token, body });

beforeAll(async () => {
  t = await createTestApp();
  alice = await registerUser(t.app, { ip: '10.15.0.1', name: 'Alice' });
  bob = await registerUser(t.app, { ip: '10.15.0.2', name: 'Bob' });
  carol = await registerUser(t.app, { ip: '10.15.0.3', name: 'Carol' });
  gymId = await createGym(t.app, alice, 'Segment Gym');
  await addMember(t.app, alice, gymId, bob, 'member');
});
afterAll(async () => {
  await t.app.services.segments.idle();
  await t.close();
});

describe('segments CRUD', () => {
  it('creates a point segment: 201, Location, id and created_at, private by default', async () => {
    const p = base();
    const res = await post(alice, {
      name: 'Cuesta de Moyano',
      longitude: p.lon,
      latitude: p.lat,
      location: 'Madrid',
    });
    expect(res.statusCode).toBe(201);
    const s = res.json<{
      id: number;
      created_at: string;
      visibility: string;
      geometry: unknown;
      length_m: unknown;
    }>();
    expect(res.headers.location).toBe(`/api/v1/segments/${s.id}`);
    expect(s.visibility).toBe('private');
    expect(s.geometry).toBeNull();
    expect(s.length_m).toBeNull();
    expect(Date.parse(s.created_at)).not.toBeNaN();
    const got = await call(t.app, 'GET', res.headers.location!, { token: alice.token });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ id: s.id, name: 'Cuesta de Moyano', location: 'Madrid' });
  });

  it('names every invalid field: empty name, longitude outside ±180, latitude outside ±90', async () => {
    const res = await post(alice, { name: '', longitude: 200, latitude: 100 });
    const p = expectProblem(res, 422);
    const fields = p.errors!.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'longitude', 'latitude']));
  });

  it('requires longitude and latitude without a geometry', async () => {
    const p = expectProblem(await post(alice, { name: 'Nowhere' }), 422);
    expect(p.errors!.map((e) => e.field).sort()).toEqual(['latitude', 'longitude']);
  });

  it('computes the length and keeps the start of a LineString', async () => {
    const p = base();
    const res = await post(alice, { name: 'Line', geometry: line(p.lon, p.lat, 5) });
    expect(res.statusCode).toBe(201);
    const s = res.json<{ longitude: number; latitude: number; length_m: number }>();
    expect(s.longitude).toBeCloseTo(p.lon, 9);
    expect(s.latitude).toBeCloseTo(p.lat, 9);
    // Four legs of 100 m (by construction on the local scale; haversine agrees within 0.5 %).
    expect(s.length_m).toBeGreaterThan(398);
    expect(s.length_m).toBeLessThan(402);
  });

  it('refuses a self-crossing line, a one-point line, a spike, NaN and a start far from the line (422 naming the field)', async () => {
    const p = base();
    const d = 0.001;
    const crossing = {
      type: 'LineString',
      coordinates: [
        [p.lon, p.lat],
        [p.lon + d, p.lat + d],
        [p.lon + d, p.lat],
        [p.lon, p.lat + d],
      ],
    };
    let pr = expectProblem(await post(alice, { name: 'X', geometry: crossing }), 422);
    expect(pr.errors![0]!.field).toBe('geometry.coordinates');
    expect(pr.detail).toMatch(/crosses itself/);

    const onePoint = {
      type: 'LineString',
      coordinates: [
        [p.lon, p.lat],
        [p.lon, p.lat],
      ],
    };
    pr = expectProblem(await post(alice, { name: 'X', geometry: onePoint }), 422);
    expect(pr.detail).toMatch(/two different positions/);
    pr = expectProblem(
      await post(alice, { name: 'X', geometry: { type: 'LineString', coordinates: [[p.lon, p.lat]] } }),
      422,
    );
    expect(pr.errors![0]!.field).toBe('geometry.coordinates');

    const spike = {
      type: 'LineString',
      coordinates: [
        [p.lon, p.lat],
        [p.lon + d, p.lat],
        [p.lon + d / 2, p.lat],
      ],
    };
    pr = expectProblem(await post(alice, { name: 'X', geometry: spike }), 422);
    expect(pr.detail).toMatch(/turns straight back/);

    // Python's json.dumps writes NaN bare; it is not JSON, but the field is still named.
    const nan = `{"name":"X","geometry":{"type":"LineString","coordinates":[[${p.lon},${p.lat}],[NaN,${p.lat}]]}}`;
    const res = await call(t.app, 'POST', '/api/v1/segments', {
      token: alice.token,
      body: nan,
      headers: { 'content-type': 'application/json' },
    });
    pr = expectProblem(res, 422);
    expect(pr.errors![0]!.field).toBe('geometry.coordinates.1.0');
    const inf = await call(t.app, 'POST', '/api/v1/segments', {
      token: alice.token,
      body: `{"name":"X","longitude":-Infinity,"latitude":1}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(expectProblem(inf, 422).errors![0]!.field).toBe('longitude');
    const broken = await call(t.app, 'POST', '/api/v1/segments', {
      token: alice.token,
      body: `{"name":"X", nope}`,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(broken, 400);

    pr = expectProblem(
      await post(alice, {
        name: 'X',
        longitude: p.lon + 0.01,
        latitude: p.lat,
        geometry: line(p.lon, p.lat),
      }),
      422,
    );
    expect(pr.errors![0]!.field).toBe('longitude');
  });

  it('refuses a 10 MB GeoJSON before reading it, and more positions than allowed within the limit (422 on the geometry)', async () => {
    const p = base();
    const big = JSON.stringify({
      name: 'Huge',
      geometry: {
        type: 'LineString',
        coordinates: Array.from({ length: 450_000 }, (_, i) => [p.lon + i * 1e-6, p.lat]),
      },
    });
    expect(big.length).toBeGreaterThan(10_000_000);
    const res = await call(t.app, 'POST', '/api/v1/segments', {
      token: alice.token,
      body: big,
      headers: { 'content-type': 'application/json' },
    });
    const tooBig = expectProblem(res, 422);
    expect(tooBig.errors![0]!.field).toBe('geometry');
    expect(tooBig.errors![0]!.message).toMatch(/at most 10,000 positions/);
    // The same for a change, and in the request's language.
    const s = (await post(alice, { name: 'Small', longitude: p.lon, latitude: p.lat })).json<{
      id: number;
    }>();
    const patch = expectProblem(
      await call(t.app, 'PATCH', `/api/v1/segments/${s.id}`, {
        token: alice.token,
        body: big,
        headers: { 'content-type': 'application/json', 'accept-language': 'es' },
      }),
      422,
    );
    expect(patch.errors![0]!.message).toMatch(/como mucho 10\.000 posiciones/);
    // Without a token the answer is still a 401: the size is looked at only for a signed-in caller's request.
    expectProblem(
      await call(t.app, 'POST', '/api/v1/segments', {
        body: big,
        headers: { 'content-type': 'application/json' },
      }),
      401,
    );
    const many = {
      name: 'Many',
      geometry: {
        type: 'LineString',
        coordinates: Array.from({ length: 10_001 }, (_, i) => [p.lon + i * 1e-5, p.lat]),
      },
    };
    const pr = expectProblem(await post(alice, many), 422);
    expect(pr.errors![0]!.field).toBe('geometry.coordinates');
  });

  it('PUT takes a partial body, PATCH too; only the owner writes; DELETE 204 then 404', async () => {
    const p = base();
    const s = (
      await post(alice, { name: 'Before', longitude: p.lon, latitude: p.lat, visibility: 'public' })
    ).json<{ id: number }>();
    const put = await call(t.app, 'PUT', `/api/v1/segments/${s.id}`, {
      token: alice.token,
      body: { name: 'After' },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      name: 'After',
      longitude: p.lon,
      latitude: p.lat,
      visibility: 'public',
    });
    const patch = await call(t.app, 'PATCH', `/api/v1/segments/${s.id}`, {
      token: alice.token,
      body: { description: 'Steep' },
    });
    expect(patch.json()).toMatchObject({ name: 'After', description: 'Steep' });

    // Bob sees the public segment but cannot change or delete it.
    expect((await call(t.app, 'GET', `/api/v1/segments/${s.id}`, { token: bob.token })).statusCode).toBe(200);
    expectProblem(
      await call(t.app, 'PATCH', `/api/v1/segments/${s.id}`, { token: bob.token, body: { name: 'Mine' } }),
      403,
    );
    expectProblem(await call(t.app, 'DELETE', `/api/v1/segments/${s.id}`, { token: bob.token }), 403);

    expect((await call(t.app, 'DELETE', `/api/v1/segments/${s.id}`, { token: alice.token })).statusCode).toBe(
      204,
    );
    const gone = expectProblem(
      await call(t.app, 'GET', `/api/v1/segments/${s.id}`, { token: alice.token }),
      404,
    );
    expect(gone.detail.toLowerCase()).toContain('not found');
    expectProblem(await call(t.app, 'DELETE', `/api/v1/segments/${s.id}`, { token: alice.token }), 404);
  });

  it('moves a line only with a new geometry', async () => {
    const p = base();
    const s = (await post(alice, { name: 'L', geometry: line(p.lon, p.lat) })).json<{ id: number }>();
    const pr = expectProblem(
      await call(t.app, 'PATCH', `/api/v1/segments/${s.id}`, { token: alice.token, body: { longitude: 1 } }),
      422,
    );
    expect(pr.errors![0]!.field).toBe('longitude');
    const moved = await call(t.app, 'PATCH', `/api/v1/segments/${s.id}`, {
      token: alice.token,
      body: { geometry: line(p.lon + 0.01, p.lat, 3) },
    });
    expect(moved.json()).toMatchObject({ longitude: p.lon + 0.01 });
    expect(moved.json<{ length_m: number }>().length_m).toBeCloseTo(200, -1);
  });
});

describe('visibility', () => {
  it('private: owner only; gym: members of that gym; public: everyone signed in', async () => {
    const p = base();
    const priv = (await post(alice, { name: 'Private', longitude: p.lon, latitude: p.lat })).json<{
      id: number;
    }>();
    const shared = (
      await post(alice, {
        name: 'Shared',
        longitude: p.lon,
        latitude: p.lat,
        visibility: 'gym',
        gym_id: gymId,
      })
    ).json<{ id: number }>();
    const pub = (
      await post(alice, { name: 'Public', longitude: p.lon, latitude: p.lat, visibility: 'public' })
    ).json<{ id: number }>();
    const sees = async (u: TestUser, id: number) =>
      (await call(t.app, 'GET', `/api/v1/segments/${id}`, { token: u.token })).statusCode;
    expect([await sees(alice, priv.id), await sees(alice, shared.id), await sees(alice, pub.id)]).toEqual([
      200, 200, 200,
    ]);
    expect([await sees(bob, priv.id), await sees(bob, shared.id), await sees(bob, pub.id)]).toEqual([
      404, 200, 200,
    ]);
    expect([await sees(carol, priv.id), await sees(carol, shared.id), await sees(carol, pub.id)]).toEqual([
      404, 404, 200,
    ]);

    // Someone who cannot see a segment cannot learn it exists by writing to it.
    expectProblem(
      await call(t.app, 'PATCH', `/api/v1/segments/${priv.id}`, { token: carol.token, body: { name: 'x' } }),
      404,
    );

    const near = `${p.lat},${p.lon}`;
    const list = async (u: TestUser) =>
      (await call(t.app, 'GET', '/api/v1/segments', { token: u.token, query: { near, radius_m: '10' } }))
        .json<{ id: number }[]>()
        .map((s) => s.id)
        .sort();
    expect(await list(alice)).toEqual([priv.id, shared.id, pub.id].sort());
    expect(await list(bob)).toEqual([shared.id, pub.id].sort());
    expect(await list(carol)).toEqual([pub.id]);

    const gymList = await call(t.app, 'GET', '/api/v1/gym/segments', { token: bob.token, gym: gymId });
    expect(gymList.statusCode).toBe(200);
    expect(gymList.json<{ id: number }[]>().map((s) => s.id)).toContain(shared.id);
    expect(gymList.json<{ id: number }[]>().map((s) => s.id)).not.toContain(pub.id);
  });

  it('shares only with a gym of the owner’s', async () => {
    const p = base();
    const pr = expectProblem(
      await post(carol, { name: 'S', longitude: p.lon, latitude: p.lat, visibility: 'gym', gym_id: gymId }),
      422,
    );
    expect(pr.errors![0]!.field).toBe('gym_id');
    const noGym = expectProblem(
      await post(alice, { name: 'S', longitude: p.lon, latitude: p.lat, visibility: 'gym' }),
      422,
    );
    expect(noGym.errors![0]!.field).toBe('gym_id');
  });
});

describe('listing and search', () => {
  it('lists newest first with X-Total-Count, so a segment just made is on the first page', async () => {
    const u = await registerUser(t.app, { ip: '10.15.0.4' });
    const p = base();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (await post(u, { name: `S${i}`, longitude: p.lon + i * 0.001, latitude: p.lat })).json<{
          id: number;
        }>().id,
      );
    const res = await call(t.app, 'GET', '/api/v1/segments', {
      token: u.token,
      query: { skip: '1', limit: '2' },
    });
    expect(res.statusCode).toBe(200);
    // Others' public segments may be listed too; this user's own newest are first among theirs.
    const mine = (
      await call(t.app, 'GET', '/api/v1/segments', {
        token: u.token,
        query: { bbox: `${p.lon - 0.01},${p.lat - 0.01},${p.lon + 0.01},${p.lat + 0.01}` },
      })
    ).json<{ id: number }[]>();
    expect(mine.map((s) => s.id)).toEqual([...ids].reverse());
    expect(res.json<unknown[]>()).toHaveLength(2);
    expect(Number(res.headers['x-total-count'])).toBeGreaterThanOrEqual(5);
    expect(String(res.headers.link)).toContain('rel="next"');
  });

  it('a cached list page follows every write: create, rename, report, delete', async () => {
    const u = await registerUser(t.app, { ip: '10.15.0.8' });
    const p = base();
    const box = { bbox: `${p.lon - 0.01},${p.lat - 0.01},${p.lon + 0.01},${p.lat + 0.01}` };
    const list = async () =>
      (await call(t.app, 'GET', '/api/v1/segments', { token: u.token, query: box })).json<
        { id: number; name: string; quality: { reports: number } }[]
      >();
    expect(await list()).toEqual([]);
    const s = (await post(u, { name: 'One', longitude: p.lon, latitude: p.lat })).json<{ id: number }>();
    expect((await list()).map((x) => x.name)).toEqual(['One']);
    await call(t.app, 'PATCH', `/api/v1/segments/${s.id}`, { token: u.token, body: { name: 'Renamed' } });
    expect((await list()).map((x) => x.name)).toEqual(['Renamed']);
    await call(t.app, 'POST', `/api/v1/segments/${s.id}/quality-reports`, {
      token: u.token,
      body: { rating: 3 },
    });
    expect((await list())[0]!.quality.reports).toBe(1);
    const es = await call(t.app, 'GET', '/api/v1/segmentos/', { token: u.token });
    expect(es.json<{ nombre: string }[]>().map((x) => x.nombre)).toContain('Renamed');
    await call(t.app, 'DELETE', `/api/v1/segments/${s.id}`, { token: u.token });
    expect(await list()).toEqual([]);
  });

  it('near: nearest first with the distance, within the radius only', async () => {
    const u = await registerUser(t.app, { ip: '10.15.0.5' });
    const p = base();
    const k = 1 / (111_320 * Math.cos((p.lat * Math.PI) / 180));
    const far = (await post(u, { name: 'far', longitude: p.lon + 900 * k, latitude: p.lat })).json<{
      id: number;
    }>();
    const near = (await post(u, { name: 'near', longitude: p.lon + 100 * k, latitude: p.lat })).json<{
      id: number;
    }>();
    const mid = (await post(u, { name: 'mid', longitude: p.lon + 400 * k, latitude: p.lat })).json<{
      id: number;
    }>();
    await post(u, { name: 'outside', longitude: p.lon + 3000 * k, latitude: p.lat });
    const res = await call(t.app, 'GET', '/api/v1/segments', {
      token: u.token,
      query: { near: `${p.lat},${p.lon}`, radius_m: '1000' },
    });
    const rows = res.json<{ id: number; distance_m: number }[]>();
    expect(rows.map((r) => r.id)).toEqual([near.id, mid.id, far.id]);
    // earthdistance's sphere (6,378,168 m) against our 6,371,008.8 m: within 0.2 %.
    expect(rows[0]!.distance_m).toBeGreaterThan(99);
    expect(rows[0]!.distance_m).toBeLessThan(101);
    expect(rows[2]!.distance_m).toBeCloseTo(900, -1);
    expect(res.headers['x-total-count']).toBe('3');
    // The page and its total come from one statement: a later page keeps the whole count, and a page past the
    // end (no row for the count to ride on) still says how many there are.
    const page2 = await call(t.app, 'GET', '/api/v1/segments', {
      token: u.token,
      query: { near: `${p.lat},${p.lon}`, radius_m: '1000', skip: '1', limit: '1' },
    });
    expect(page2.json<{ id: number }[]>().map((r) => r.id)).toEqual([mid.id]);
    expect(page2.headers['x-total-count']).toBe('3');
    const past = await call(t.app, 'GET', '/api/v1/segments', {
      token: u.token,
      query: { near: `${p.lat},${p.lon}`, radius_m: '1000', skip: '5' },
    });
    expect(past.json<unknown[]>()).toEqual([]);
    expect(past.headers['x-total-count']).toBe('3');
  });

  it('bbox: segments whose extent meets the box; bad query → 422 naming it', async () => {
    const u = await registerUser(t.app, { ip: '10.15.0.6' });
    const p = base();
    const crossing = (await post(u, { name: 'crosses in', geometry: line(p.lon - 0.01, p.lat, 30) })).json<{
      id: number;
    }>();
    await post(u, { name: 'outside', longitude: p.lon + 0.5, latitude: p.lat });
    const box = `${p.lon - 0.001},${p.lat - 0.001},${p.lon + 0.001},${p.lat + 0.001}`;
    const res = await call(t.app, 'GET', '/api/v1/segments', { token: u.token, query: { bbox: box } });
    expect(res.json<{ id: number }[]>().map((s) => s.id)).toEqual([crossing.id]);
    const bad = expectProblem(
      await call(t.app, 'GET', '/api/v1/segments', { token: u.token, query: { near: 'NaN,3' } }),
      422,
    );
    expect(bad.errors![0]!.field).toBe('query.near');
    const out = expectProblem(
      await call(t.app, 'GET', '/api/v1/segments', { token: u.token, query: { near: '91,3' } }),
      422,
    );
    expect(out.errors![0]!.field).toBe('query.near');
  });

  it('serves a GeoJSON FeatureCollection and a GPX route', async () => {
    const u = await registerUser(t.app, { ip: '10.15.0.7' });
    const p = base();
    const s = (await post(u, { name: 'Río & <Manzanares>', geometry: line(p.lon, p.lat, 3) })).json<{
      id: number;
    }>();
    await post(u, { name: 'Point', longitude: p.lon, latitude: p.lat });
    const box = `${p.lon - 0.01},${p.lat - 0.01},${p.lon + 0.01},${p.lat + 0.01}`;
    const res = await call(t.app, 'GET', '/api/v1/segments.geojson', {
      token: u.token,
      query: { bbox: box },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const fc = res.json<{
      type: string;
      features: { id: number; geometry: { type: string; coordinates: number[][] } }[];
    }>();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f) => f.geometry.type).sort()).toEqual(['LineString', 'Point']);
    expect(fc.features.find((f) => f.id === s.id)!.geometry.coordinates).toHaveLength(3);

    const gpx = await call(t.app, 'GET', `/api/v1/segments/${s.id}/gpx`, { token: u.token });
    expect(gpx.statusCode).toBe(200);
    expect(gpx.headers['content-type']).toMatch(/^application\/gpx\+xml/);
    expect(gpx.body).toContain('<gpx version="1.1"');
    expect(gpx.body).toContain('Río &amp; &lt;Manzanares&gt;');
    expect(gpx.body.match(/<rtept /g)).toHaveLength(3);
    expectProblem(await call(t.app, 'GET', `/api/v1/segments/${s.id}/gpx`, { token: carol.token }), 404);
  });

  it('needs a token', async () => {
    expectProblem(await call(t.app, 'GET', '/api/v1/segments'), 401);
    expectProblem(
      await call(t.app, 'POST', '/api/v1/segmentos/', { body: { nombre: 'x', longitud: 1, latitud: 1 } }),
      401,
    );
  });
});

describe('segments errors in the request language', () => {
  const es = { 'accept-language': 'es' };
  it('names the field and says it in Spanish with Accept-Language: es, in English otherwise', async () => {
    const near = (headers: Record<string, string>) =>
      call(t.app, 'GET', '/api/v1/segments?near=95,10', { token: alice.token, headers });
    let pr = expectProblem(await near(es), 422);
    expect(pr.errors).toEqual([{ field: 'query.near', message: 'La latitud debe estar entre -90 y 90' }]);
    expect(pr.detail).toBe('query.near: La latitud debe estar entre -90 y 90');
    pr = expectProblem(await near({}), 422);
    expect(pr.errors).toEqual([{ field: 'query.near', message: 'Latitude must be between -90 and 90' }]);

    pr = expectProblem(
      await call(t.app, 'GET', '/api/v1/segments/99999999', { token: alice.token, headers: es }),
      404,
    );
    expect(pr.detail).toBe('Segmento no encontrado');

    const p = base();
    pr = expectProblem(
      await call(t.app, 'POST', '/api/v1/segments', {
        token: alice.token,
        headers: es,
        body: {
          name: 'X',
          geometry: {
            type: 'LineString',
            coordinates: [
              [p.lon, p.lat],
              [p.lon, p.lat],
            ],
          },
        },
      }),
      422,
    );
    expect(pr.detail).toBe('geometry.coordinates: la línea necesita al menos dos posiciones distintas');
    expect(pr.errors).toEqual([
      { field: 'geometry.coordinates', message: 'la línea necesita al menos dos posiciones distintas' },
    ]);

    pr = expectProblem(
      await call(t.app, 'POST', '/api/v1/segments', {
        token: alice.token,
        headers: es,
        body: { name: 'X', longitude: p.lon, latitude: p.lat, visibility: 'gym' },
      }),
      422,
    );
    expect(pr.errors).toEqual([{ field: 'gym_id', message: 'Obligatorio cuando visibility es gym' }]);
  });
});

describe('map tiles (MAP_TILE_URL)', () => {
  it('none by default: the web app draws SVG alone and its CSP allows images from itself only', async () => {
    const res = await call(t.app, 'GET', '/api/v1/segments/map-tiles', { token: alice.token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ tiles: null });
    expect(String((await call(t.app, 'GET', '/segments')).headers['content-security-policy'])).toContain(
      "img-src 'self';",
    );
    expect((await call(t.app, 'GET', '/api/v1/segments/map-tiles')).statusCode).toBe(401);
  });

  it("configured: the template, its credit and zoom for signed-in users, and the tile origin in the app's CSP", async () => {
    const tiled = await createTestApp({
      env: {
        MAP_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png',
        MAP_TILE_ATTRIBUTION: '© OpenStreetMap contributors',
        MAP_TILE_MAX_ZOOM: '17',
      },
    });
    try {
      const u = await registerUser(tiled.app, { ip: '10.15.0.40' });
      const res = await call(tiled.app, 'GET', '/api/v1/segments/map-tiles', { token: u.token });
      expect(res.json()).toEqual({
        tiles: {
          url: 'https://tiles.example.org/{z}/{x}/{y}.png',
          attribution: '© OpenStreetMap contributors',
          max_zoom: 17,
        },
      });
      const csp = String((await call(tiled.app, 'GET', '/segments')).headers['content-security-policy']);
      expect(csp).toContain("img-src 'self' https://tiles.example.org;");
      expect(csp).toContain("connect-src 'self';");
    } finally {
      await tiled.close();
    }
  });
});
