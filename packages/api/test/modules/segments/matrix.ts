/**
 * The segments module's access-matrix cases (discovered by test/platform/tenancy.test.ts). Personal routes are
 * called by `users.member`, who owns the fixtures; the gym route lists the matrix gym's shared segments.
 */
import { ALL, defineMatrix, type GymEntry, type MatrixContext, type UserEntry } from '../../access-matrix.js';
import { call } from '../../harness.js';

const fx = { segment: 0, deletable: [] as number[], deletableSegmento: [] as number[] };
const next = (pool: number[]) => {
  const id = pool.shift();
  if (id === undefined) throw new Error('the segments matrix ran out of spare segments; add more');
  return id;
};

async function setup(ctx: MatrixContext) {
  const post = async (body: unknown) => {
    const res = await call(ctx.app, 'POST', '/api/v1/segments', { token: ctx.users.member.token, body });
    if (res.statusCode !== 201) throw new Error(`segments matrix setup: ${res.statusCode} ${res.body}`);
    return res.json<{ id: number }>().id;
  };
  fx.segment = await post({
    name: 'Matrix segment',
    geometry: {
      type: 'LineString',
      coordinates: [
        [-3.7, 40.4],
        [-3.699, 40.4],
      ],
    },
    visibility: 'gym',
    gym_id: ctx.gymId,
  });
  for (let i = 0; i < 12; i++)
    fx.deletable.push(await post({ name: `Spare ${i}`, longitude: 1, latitude: 1 }));
  for (let i = 0; i < 12; i++)
    fx.deletableSegmento.push(await post({ name: `Spare ES ${i}`, longitude: 1, latitude: 1 }));
}

const gym: GymEntry[] = [
  { method: 'GET', pattern: '/api/v1/gym/segments', ok: 200, url: '/api/v1/gym/segments', access: ALL },
];

const seg =
  (suffix = '') =>
  () =>
    `/api/v1/segments/${fx.segment}${suffix}`;

const user: UserEntry[] = [
  {
    method: 'POST',
    pattern: '/api/v1/segments',
    ok: 201,
    url: '/api/v1/segments',
    body: { name: 'Matrix new', longitude: 2, latitude: 2 },
    access: 'user',
  },
  { method: 'GET', pattern: '/api/v1/segments', ok: 200, url: '/api/v1/segments', access: 'user' },
  {
    method: 'GET',
    pattern: '/api/v1/segments.geojson',
    ok: 200,
    url: '/api/v1/segments.geojson',
    access: 'user',
  },
  {
    method: 'GET',
    pattern: '/api/v1/segments/map-tiles',
    ok: 200,
    url: '/api/v1/segments/map-tiles',
    access: 'user',
  },
  { method: 'GET', pattern: '/api/v1/segments/:id', ok: 200, url: seg(), access: 'user' },
  {
    method: 'PUT',
    pattern: '/api/v1/segments/:id',
    ok: 200,
    url: seg(),
    body: { name: 'Put' },
    access: 'user',
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/segments/:id',
    ok: 200,
    url: seg(),
    body: { name: 'Patched' },
    access: 'user',
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/segments/:id',
    ok: 204,
    url: () => `/api/v1/segments/${next(fx.deletable)}`,
    access: 'user',
  },
  { method: 'GET', pattern: '/api/v1/segments/:id/gpx', ok: 200, url: seg('/gpx'), access: 'user' },
  {
    method: 'POST',
    pattern: '/api/v1/segments/:id/quality-reports',
    ok: 201,
    url: seg('/quality-reports'),
    body: { rating: 4, surface: 'asphalt', smoothness: 'good' },
    access: 'user',
  },
  {
    method: 'GET',
    pattern: '/api/v1/segments/:id/quality-reports',
    ok: 200,
    url: seg('/quality-reports'),
    access: 'user',
  },
  { method: 'GET', pattern: '/api/v1/segments/:id/efforts', ok: 200, url: seg('/efforts'), access: 'user' },
  { method: 'GET', pattern: '/api/v1/segments/:id/matching', ok: 200, url: seg('/matching'), access: 'user' },
  {
    method: 'GET',
    pattern: '/api/v1/users/me/segment-efforts',
    ok: 200,
    url: '/api/v1/users/me/segment-efforts',
    access: 'user',
  },
  {
    method: 'GET',
    pattern: '/api/v1/users/me/segment-preferences',
    ok: 200,
    url: '/api/v1/users/me/segment-preferences',
    access: 'user',
  },
  {
    method: 'PUT',
    pattern: '/api/v1/users/me/segment-preferences',
    ok: 200,
    url: '/api/v1/users/me/segment-preferences',
    body: { hide_efforts: false },
    access: 'user',
  },
  {
    method: 'POST',
    pattern: '/api/v1/segmentos',
    ok: 201,
    url: '/api/v1/segmentos/',
    body: { nombre: 'Matriz', longitud: 2, latitud: 2 },
    access: 'user',
  },
  { method: 'GET', pattern: '/api/v1/segmentos', ok: 200, url: '/api/v1/segmentos/', access: 'user' },
  {
    method: 'GET',
    pattern: '/api/v1/segmentos/:id_segmento',
    ok: 200,
    url: () => `/api/v1/segmentos/${fx.segment}`,
    access: 'user',
  },
  {
    method: 'PUT',
    pattern: '/api/v1/segmentos/:id_segmento',
    ok: 200,
    url: () => `/api/v1/segmentos/${fx.segment}`,
    body: { nombre: 'Puesto' },
    access: 'user',
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/segmentos/:id_segmento',
    ok: 200,
    url: () => `/api/v1/segmentos/${fx.segment}`,
    body: { descripcion: 'Parcheado' },
    access: 'user',
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/segmentos/:id_segmento',
    ok: 204,
    url: () => `/api/v1/segmentos/${next(fx.deletableSegmento)}`,
    access: 'user',
  },
];

export default defineMatrix({ setup, gym, user });
