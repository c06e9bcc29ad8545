/**
 * RecWay's `test_segmentos.py` (../shared/seeds/recway-readme-part4-testing-deployment.md) replayed case by
 * case: once against its own API, `/api/v1/segmentos/` with Spanish fields (with a bearer token: the seed's
 * `auth_headers` fixture, made real), and once against `/api/v1/segments`. Where the seed reads FastAPI's
 * `detail` list, Pulso answers problem+json: the fields are in `errors[].field` and the text in `detail`.
 * The health checks are the seed's too (`/health` here answers `ok`, the platform's word, not `healthy`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createTestApp,
  expectProblem,
  registerUser,
  testNow,
  type TestApp,
  type TestUser,
} from '../../harness.js';

let t: TestApp;
let user: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  user = await registerUser(t.app, { ip: '10.15.1.1', name: 'RecWay' });
});
afterAll(() => t.close());

const client = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, json?: unknown) =>
  call(t.app, method, url, { token: user.token, ...(json !== undefined ? { body: json } : {}) });

/** The two APIs, with the seed's fixture in each one's field names. */
const APIS = [
  {
    name: 'RecWay /api/v1/segmentos/',
    base: '/api/v1/segmentos/',
    id: 'id_segmento',
    f: { name: 'nombre', lon: 'longitud', lat: 'latitud', desc: 'descripcion', where: 'ubicacion' },
  },
  {
    name: 'Pulso /api/v1/segments',
    base: '/api/v1/segments/',
    id: 'id',
    f: { name: 'name', lon: 'longitude', lat: 'latitude', desc: 'description', where: 'location' },
  },
] as const;

describe('health checks (test_health_check, test_health_check_database)', () => {
  it('answers /health with a status and /health/database connected', async () => {
    const res = await call(t.app, 'GET', '/health');
    expect(res.statusCode).toBe(200);
    expect(res.json<{ status: string }>().status).toBeTruthy();
    const db = await call(t.app, 'GET', '/health/database');
    expect(db.statusCode).toBe(200);
    expect(JSON.stringify(db.json())).toMatch(/"(up|ok|connected)"/);
  });
});

for (const api of APIS) {
  const { f } = api;
  const sample = () => ({
    [f.name]: 'Segmento Test',
    [f.desc]: 'Segmento para testing',
    [f.lon]: -74.123456,
    [f.lat]: 4.654321,
    [f.where]: 'Bogotá Test',
  });
  const idOf = (r: { json: () => unknown }) => (r.json() as Record<string, number>)[api.id]!;

  describe(`${api.name}: TestSegmentosCRUD`, () => {
    it('test_create_segmento_success', async () => {
      const res = await client('POST', api.base, sample());
      expect(res.statusCode).toBe(201);
      const data = res.json<Record<string, unknown>>();
      expect(data[f.name]).toBe('Segmento Test');
      expect(data).toHaveProperty(api.id);
      expect(data).toHaveProperty('created_at');
      expect(res.headers.location).toBe(
        `${api.base}${String(data[api.id])}`.replace('/segmentos//', '/segmentos/'),
      );
    });

    it('test_create_segmento_validation_error', async () => {
      const res = await client('POST', api.base, { [f.name]: '', [f.lon]: 200, [f.lat]: 100 });
      const p = expectProblem(res, 422);
      const errors = p.errors!;
      expect(errors.some((e) => e.field.includes(f.name))).toBe(true);
      expect(errors.some((e) => e.field.includes(f.lon))).toBe(true);
      expect(errors.some((e) => e.field.includes(f.lat))).toBe(true);
      expect(p.detail).toContain(f.lon);
    });

    it('test_get_segmento_success', async () => {
      const id = idOf(await client('POST', api.base, sample()));
      const res = await client('GET', `${api.base}${id}`);
      expect(res.statusCode).toBe(200);
      const data = res.json<Record<string, unknown>>();
      expect(data[api.id]).toBe(id);
      expect(data[f.name]).toBe('Segmento Test');
    });

    it('test_get_segmento_not_found', async () => {
      const res = await client('GET', `${api.base}99999999`);
      const p = expectProblem(res, 404);
      expect(p.detail.toLowerCase()).toContain('not found');
    });

    it('test_list_segmentos_pagination', async () => {
      for (let i = 0; i < 5; i++)
        await client('POST', api.base, { [f.name]: `Segmento ${i}`, [f.lon]: -74.0 + i, [f.lat]: 4.0 + i });
      const res = await client('GET', `${api.base}?skip=2&limit=2`);
      expect(res.statusCode).toBe(200);
      expect(res.json<unknown[]>()).toHaveLength(2);
    });

    it('test_update_segmento_success (PUT with only the changed field)', async () => {
      const id = idOf(await client('POST', api.base, sample()));
      const res = await client('PUT', `${api.base}${id}`, { [f.name]: 'Segmento Actualizado' });
      expect(res.statusCode).toBe(200);
      const data = res.json<Record<string, unknown>>();
      expect(data[f.name]).toBe('Segmento Actualizado');
      expect(data[f.lon]).toBe(-74.123456);
      expect(data[f.where]).toBe('Bogotá Test');
    });

    it('test_delete_segmento_success', async () => {
      const id = idOf(await client('POST', api.base, sample()));
      expect((await client('DELETE', `${api.base}${id}`)).statusCode).toBe(204);
      expect((await client('GET', `${api.base}${id}`)).statusCode).toBe(404);
    });
  });

  describe(`${api.name}: TestPerformance`, () => {
    it('test_large_dataset_handling: 100 segments created, then all 100 listed', async () => {
      const u = await registerUser(t.app, { ip: `10.15.1.${api.id === 'id' ? 3 : 2}` });
      const created: number[] = [];
      for (let i = 0; i < 100; i++) {
        const res = await call(t.app, 'POST', api.base, {
          token: u.token,
          body: { [f.name]: `Segmento Masivo ${i}`, [f.lon]: -74.0 + i * 0.001, [f.lat]: 4.0 + i * 0.001 },
        });
        expect(res.statusCode).toBe(201);
        created.push(idOf(res));
      }
      const start = testNow();
      const res = await call(t.app, 'GET', `${api.base}?limit=100`, { token: u.token });
      const took = testNow() - start;
      expect(res.statusCode).toBe(200);
      const rows = res.json<Record<string, number>[]>();
      expect(rows).toHaveLength(100);
      // Newest first. Others' public segments (other files share a PostgreSQL database) may be among them, but
      // none of this user's 100 newer than the oldest row listed may be missing.
      const ids = rows.map((r) => r[api.id]!);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      const oldest = ids.at(-1)!;
      expect(created.filter((id) => id >= oldest).every((id) => ids.includes(id))).toBe(true);
      expect(ids).toContain(created.at(-1));
      expect(took).toBeLessThan(5000);
    });
  });

  describe(`${api.name}: TestIntegration`, () => {
    it('test_complete_workflow: create → list → update → delete → 404', async () => {
      const create = await client('POST', api.base, {
        [f.name]: 'Workflow Test',
        [f.lon]: -74.123,
        [f.lat]: 4.456,
      });
      expect(create.statusCode).toBe(201);
      const id = idOf(create);
      const list = await client('GET', api.base);
      expect(list.json<Record<string, number>[]>().some((s) => s[api.id] === id)).toBe(true);
      const upd = await client('PUT', `${api.base}${id}`, { [f.name]: 'Workflow Test Updated' });
      expect(upd.statusCode).toBe(200);
      expect(upd.json<Record<string, unknown>>()[f.name]).toBe('Workflow Test Updated');
      expect((await client('DELETE', `${api.base}${id}`)).statusCode).toBe(204);
      expect((await client('GET', `${api.base}${id}`)).statusCode).toBe(404);
    });
  });
}

describe('both APIs over the same data', () => {
  it('a segmento is a segment and back', async () => {
    const res = await client('POST', '/api/v1/segmentos/', {
      nombre: 'Ciclovía',
      longitud: -74.05,
      latitud: 4.6,
      ubicacion: 'Bogotá',
    });
    const id = res.json<{ id_segmento: number }>().id_segmento;
    const en = await client('GET', `/api/v1/segments/${id}`);
    expect(en.json()).toMatchObject({
      id,
      name: 'Ciclovía',
      longitude: -74.05,
      latitude: 4.6,
      location: 'Bogotá',
    });
    await client('PUT', `/api/v1/segments/${id}`, { description: 'Domingos' });
    expect((await client('GET', `/api/v1/segmentos/${id}`)).json()).toMatchObject({
      descripcion: 'Domingos',
    });
  });

  it('validation on /segmentos names the Spanish fields, including unknown ones', async () => {
    const p = expectProblem(
      await client('POST', '/api/v1/segmentos/', { nombre: 'x', longitud: 'a', latitud: 1, name: 'x' }),
      422,
    );
    expect(p.errors!.map((e) => e.field).sort()).toEqual(['longitud', 'name']);
  });

  it('another user cannot change or delete a segmento (RecWay had no owners)', async () => {
    const other = await registerUser(t.app, { ip: '10.15.1.9' });
    const id = (await client('POST', '/api/v1/segmentos/', { nombre: 'Mío', longitud: 1, latitud: 1 })).json<{
      id_segmento: number;
    }>().id_segmento;
    expectProblem(
      await call(t.app, 'PUT', `/api/v1/segmentos/${id}`, { token: other.token, body: { nombre: 'x' } }),
      404,
    );
    await client('PUT', `/api/v1/segments/${id}`, { visibility: 'public' });
    expectProblem(await call(t.app, 'DELETE', `/api/v1/segmentos/${id}`, { token: other.token }), 403);
  });
});
