/**
 * Acceptance test of issue 12 for the gym seed (`../shared/seeds/gymapi-async-migration-phase2.md`): every HTTP
 * request the seed makes and every answer it shows, replayed against Pulso with the seed's own paths, headers,
 * query parameters and field names. Where Pulso answers differently on purpose (problem+json instead of
 * `{"detail": …}`, a 401 for a token whose account is gone), the test pins Pulso's answer and says why.
 *
 * The seed's HTTP surface, by section:
 * - §2.1 `GET /users/{user_id}` (the user with `gyms` and `profile` eagerly loaded; 404 "Usuario no encontrado"),
 *   and its pytest `test_user_not_found_async` (user 99999);
 * - §2.3 `get_classes_async(skip=0, limit=100)`: `GET /schedule/classes` with `custom_category` and
 *   `instructor`, cached 5 minutes per gym;
 * - §4.1 `TenantAuthMiddleware`: 400 for a non-integer `X-Gym-ID`, 401 without `Bearer `, 401 for a bad token,
 *   403 for a gym the user is not a member of, 404 for a token whose user does not exist;
 * - §8.1 `.env.production`: `DATABASE_URL=postgresql+asyncpg://…`, `REDIS_URL=rediss://…`;
 * - §6.2 the Locust user: `GET /schedule/classes`, `GET /events`, `GET /users/me`, all with `Authorization`
 *   and `X-Gym-ID`;
 * - §8.2 Prometheus: `gymapi_async_requests_total{method,endpoint,status}`,
 *   `gymapi_async_request_duration_seconds{method,endpoint}`, `gymapi_async_db_query_duration_seconds{operation}`,
 *   `gymapi_async_redis_operations_total{operation,status}`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  addMember,
  call,
  createGym,
  createTestApp,
  expectProblem,
  registerUser,
  testDay,
  type TestApp,
  type TestUser,
} from '../harness.js';

let t: TestApp;
/** The seed's Locust user: `TEST_GYM_ID` and `TEST_AUTH_TOKEN`. */
let gymId: number;
let owner: TestUser;
let trainer: TestUser;
let member: TestUser;
/** Owner of another gym, sharing none with the gym above. */
let stranger: TestUser;
let strangerGym: number;

/** The seed's headers: `{"Authorization": f"Bearer {token}", "X-Gym-ID": gym_id}` (the gym id as a string). */
const seedHeaders = (u: TestUser, g: number | string = gymId) => ({
  headers: { Authorization: `Bearer ${u.token}`, 'X-Gym-ID': String(g) },
});

beforeAll(async () => {
  t = await createTestApp();
  owner = await registerUser(t.app, { name: 'Seed Owner', ip: '10.12.0.1' });
  gymId = await createGym(t.app, owner, 'Seed Gym');
  trainer = await registerUser(t.app, { name: 'Seed Trainer', ip: '10.12.0.2' });
  await addMember(t.app, owner, gymId, trainer, 'trainer');
  member = await registerUser(t.app, { name: 'Seed Member', ip: '10.12.0.3' });
  await addMember(t.app, owner, gymId, member, 'member');
  stranger = await registerUser(t.app, { name: 'Seed Stranger', ip: '10.12.0.4' });
  strangerGym = await createGym(t.app, stranger, 'Stranger Gym');
});
afterAll(() => t.close());

interface UserView {
  id: number;
  name: string;
  email?: string;
  profile: { avatar_url: string | null };
  gyms: { id: number; name: string; role: string }[];
}

describe('seed §6.2 GET /api/v1/users/me (Locust get_profile, with X-Gym-ID)', () => {
  it('answers the account with its gyms and profile, with the seed’s headers', async () => {
    const res = await call(t.app, 'GET', '/api/v1/users/me', seedHeaders(member));
    expect(res.statusCode, res.body).toBe(200);
    const me = res.json<UserView>();
    expect(me).toMatchObject({ id: member.id, email: member.email, name: 'Seed Member' });
    expect(me.profile).toEqual({ avatar_url: null });
    expect(me.gyms).toEqual([{ id: gymId, name: 'Seed Gym', role: 'member' }]);
  });

  it('shows a profile changed with PATCH /users/me', async () => {
    const u = await registerUser(t.app, { name: 'Avatar', ip: '10.12.0.5' });
    const avatar = 'https://cdn.example.org/avatars/42.png';
    const patch = await call(t.app, 'PATCH', '/api/v1/users/me', {
      token: u.token,
      body: { profile: { avatar_url: avatar } },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json<UserView>().profile).toEqual({ avatar_url: avatar });
    const me = await call(t.app, 'GET', '/api/v1/users/me', { token: u.token });
    expect(me.json<UserView>().profile).toEqual({ avatar_url: avatar });
    const cleared = await call(t.app, 'PATCH', '/api/v1/users/me', {
      token: u.token,
      body: { profile: { avatar_url: null } },
    });
    expect(cleared.json<UserView>().profile).toEqual({ avatar_url: null });
  });

  it('refuses an avatar that is not an https URL, naming the field', async () => {
    for (const bad of ['javascript:alert(1)', 'http://cdn.example.org/a.png', 'data:image/png;base64,AAAA']) {
      const p = expectProblem(
        await call(t.app, 'PATCH', '/api/v1/users/me', {
          token: member.token,
          body: { profile: { avatar_url: bad } },
        }),
        422,
      );
      expect(p.errors!.map((e) => e.field)).toEqual(['profile.avatar_url']);
    }
  });
});

describe('seed §2.1 GET /api/v1/users/{user_id}', () => {
  it('shows a gym mate: name, profile and the roles in the gyms both belong to, no e-mail', async () => {
    const res = await call(t.app, 'GET', `/api/v1/users/${trainer.id}`, seedHeaders(member));
    expect(res.statusCode, res.body).toBe(200);
    const u = res.json<UserView>();
    expect(u).toEqual({
      id: trainer.id,
      name: 'Seed Trainer',
      profile: { avatar_url: null },
      gyms: [{ id: gymId, name: 'Seed Gym', role: 'trainer' }],
    });
  });

  it('lists only the gyms shared with the caller', async () => {
    // The trainer also owns a gym the member does not belong to: it stays hidden from the member.
    const own = await createGym(t.app, trainer, 'Trainer Side Gym');
    const res = await call(t.app, 'GET', `/api/v1/users/${trainer.id}`, { token: member.token });
    expect(res.json<UserView>().gyms.map((g) => g.id)).toEqual([gymId]);
    const self = await call(t.app, 'GET', `/api/v1/users/${trainer.id}`, { token: trainer.token });
    expect(
      self
        .json<UserView>()
        .gyms.map((g) => g.id)
        .sort((a, b) => a - b),
    ).toEqual([gymId, own].sort((a, b) => a - b));
  });

  it('test_user_not_found_async: user 99999 is a 404 “user not found”, in the caller’s language', async () => {
    const en = expectProblem(await call(t.app, 'GET', '/api/v1/users/99999', { token: member.token }), 404);
    expect(en).toMatchObject({ type: 'urn:pulso:problem:user-not-found', code: 'user_not_found' });
    expect(en.detail).toMatch(/user not found/i);
    const es = expectProblem(
      await call(t.app, 'GET', '/api/v1/users/99999', {
        token: member.token,
        headers: { 'accept-language': 'es-ES,es;q=0.9' },
      }),
      404,
    );
    // The seed's own text.
    expect(es.detail).toMatch(/usuario no encontrado/i);
  });

  it('answers a user who shares no gym exactly as an unknown one (no way to probe accounts)', async () => {
    const hidden = await call(t.app, 'GET', `/api/v1/users/${stranger.id}`, { token: member.token });
    const unknown = await call(t.app, 'GET', '/api/v1/users/2147483000', { token: member.token });
    expectProblem(hidden, 404);
    expect(hidden.body).toBe(unknown.body);
  });

  it('needs a token, and refuses a non-integer id naming the field', async () => {
    expectProblem(await call(t.app, 'GET', `/api/v1/users/${trainer.id}`), 401);
    const p = expectProblem(await call(t.app, 'GET', '/api/v1/users/abc', { token: member.token }), 422);
    expect(p.errors!.map((e) => e.field).join()).toMatch(/user_id/);
  });
});

interface ClassView {
  id: number;
  name: string;
  category_id: number | null;
  custom_category: { id: number; name: string; color: string | null } | null;
  category: { id: number; name: string; color: string | null } | null;
  instructor_id: number | null;
  instructor: { id: number; name: string } | null;
}

describe('seed §2.3 GET /api/v1/schedule/classes (get_classes_async: skip=0, limit=100)', () => {
  let g: number;
  let categoryId: number;
  beforeAll(async () => {
    g = await createGym(t.app, owner, 'Seed Classes Gym');
    await addMember(t.app, owner, g, trainer, 'trainer');
    const cat = await call(t.app, 'POST', '/api/v1/schedule/categories', {
      ...seedHeaders(owner, g),
      body: { name: 'Yoga', color: '#22aa66' },
    });
    categoryId = cat.json<{ id: number }>().id;
    // One more than the seed's default page, so the default shows.
    for (let i = 0; i < 101; i++) {
      const res = await call(t.app, 'POST', '/api/v1/schedule/classes', {
        ...seedHeaders(owner, g),
        body: {
          name: `Class ${String(i).padStart(3, '0')}`,
          weekdays: [1],
          start_time: '07:00',
          duration_min: 60,
          capacity: 12,
          start_date: testDay(1),
          ...(i === 0 ? { category_id: categoryId, instructor_id: trainer.id } : {}),
        },
      });
      if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
    }
  });

  it('answers 100 classes by default, with the total and the next page’s link', async () => {
    const res = await call(t.app, 'GET', '/api/v1/schedule/classes', seedHeaders(owner, g));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<ClassView[]>()).toHaveLength(100);
    expect(res.headers['x-total-count']).toBe('101');
    expect(String(res.headers.link)).toContain('skip=100&limit=100');
  });

  it('takes the seed’s skip and limit', async () => {
    const res = await call(
      t.app,
      'GET',
      '/api/v1/schedule/classes?skip=100&limit=100',
      seedHeaders(owner, g),
    );
    expect(res.json<ClassView[]>()).toHaveLength(1);
    const two = await call(t.app, 'GET', '/api/v1/schedule/classes?skip=0&limit=2', seedHeaders(owner, g));
    expect(two.json<ClassView[]>()).toHaveLength(2);
    // A page is bounded: more than 100 rows at once is refused, naming the parameter.
    const p = expectProblem(
      await call(t.app, 'GET', '/api/v1/schedule/classes?limit=101', seedHeaders(owner, g)),
      422,
    );
    expect(p.errors!.map((e) => e.field)).toEqual(['query.limit']);
  });

  it('carries custom_category and instructor, eagerly loaded as in the seed', async () => {
    const res = await call(t.app, 'GET', '/api/v1/schedule/classes?limit=1', seedHeaders(owner, g));
    const [c] = res.json<ClassView[]>();
    expect(c).toMatchObject({
      name: 'Class 000',
      category_id: categoryId,
      custom_category: { id: categoryId, name: 'Yoga', color: '#22aa66' },
      instructor_id: trainer.id,
      instructor: { id: trainer.id, name: 'Seed Trainer' },
    });
    // Pulso's own name for the same object stays.
    expect(c!.category).toEqual(c!.custom_category);
    const one = await call(t.app, 'GET', `/api/v1/schedule/classes/${c!.id}`, seedHeaders(owner, g));
    expect(one.json<ClassView>().custom_category).toEqual(c!.custom_category);
    const [plain] = (
      await call(t.app, 'GET', '/api/v1/schedule/classes?skip=1&limit=1', seedHeaders(owner, g))
    ).json<ClassView[]>();
    expect(plain).toMatchObject({ custom_category: null, instructor: null });
  });

  it('is cached like the seed’s gym:{id}:classes, but a change shows on the next read', async () => {
    await call(t.app, 'GET', '/api/v1/schedule/classes?limit=1', seedHeaders(owner, g));
    const patch = await call(t.app, 'PATCH', `/api/v1/schedule/categories/${categoryId}`, {
      ...seedHeaders(owner, g),
      body: { name: 'Hatha yoga' },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    const [c] = (await call(t.app, 'GET', '/api/v1/schedule/classes?limit=1', seedHeaders(owner, g))).json<
      ClassView[]
    >();
    expect(c!.custom_category!.name).toBe('Hatha yoga');
  });
});

describe('seed §6.2 GET /api/v1/events (Locust get_events)', () => {
  it('answers the gym’s events with the seed’s headers', async () => {
    const created = await call(t.app, 'POST', '/api/v1/events', {
      ...seedHeaders(owner),
      body: {
        title: 'Seed open day',
        starts_at: `${testDay(5)}T09:00:00Z`,
        ends_at: `${testDay(5)}T11:00:00Z`,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const res = await call(t.app, 'GET', '/api/v1/events', seedHeaders(member));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ title: string }[]>().map((e) => e.title)).toContain('Seed open day');
  });
});

describe('seed §4.1 TenantAuthMiddleware', () => {
  it('personal routes need no gym: X-Gym-ID is ignored there (the seed checked it on every path)', async () => {
    // Deliberate difference: /users/me is the same account whatever gym a client has selected, so a stale or
    // foreign gym id must not make it fail; gym routes check the header strictly (below).
    for (const g of [gymId, strangerGym, 'abc'])
      expect((await call(t.app, 'GET', '/api/v1/users/me', seedHeaders(member, g))).statusCode).toBe(200);
  });

  it('“X-Gym-ID inválido”: a non-integer X-Gym-ID is a 400 naming the header', async () => {
    const p = expectProblem(
      await call(t.app, 'GET', '/api/v1/schedule/classes', seedHeaders(member, 'abc')),
      400,
    );
    expect(p.detail).toMatch(/X-Gym-ID/);
  });

  it('“Token requerido”: no Bearer token is a 401 with WWW-Authenticate', async () => {
    const res = await call(t.app, 'GET', '/api/v1/schedule/classes', {
      headers: { Authorization: `Token ${member.token}`, 'X-Gym-ID': String(gymId) },
    });
    expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('“Error de autenticación”: an invalid token is a 401', async () => {
    expectProblem(
      await call(t.app, 'GET', '/api/v1/schedule/classes', {
        headers: { Authorization: 'Bearer not.a.token', 'X-Gym-ID': String(gymId) },
      }),
      401,
    );
  });

  it('“Acceso denegado al gimnasio”: a gym the user is not a member of is a 403', async () => {
    expectProblem(
      await call(t.app, 'GET', '/api/v1/schedule/classes', seedHeaders(member, strangerGym)),
      403,
    );
  });

  it('“Usuario no encontrado”: a token whose account was erased is a 401 (Pulso), not the seed’s 404', async () => {
    // Deliberate difference: the token no longer authenticates anyone, which is what 401 means (RFC 9110
    // §15.5.2); a 404 would tell a client to retry rather than to sign in again.
    const gone = await registerUser(t.app, { name: 'Gone', ip: '10.12.0.6' });
    expect((await call(t.app, 'DELETE', '/api/v1/users/me', { token: gone.token })).statusCode).toBe(204);
    expectProblem(await call(t.app, 'GET', '/api/v1/users/me', { token: gone.token }), 401);
  });
});

describe('seed §8.1 .env.production', () => {
  const secrets = {
    JWT_SECRET: 'x'.repeat(40),
    DATA_ENCRYPTION_KEY: 'ab'.repeat(32),
    NODE_ENV: 'production',
  };

  it('reads the seed’s DATABASE_URL (postgresql+asyncpg://) as the same PostgreSQL server', () => {
    const c = loadConfig({ ...secrets, DATABASE_URL: 'postgresql+asyncpg://user:pass@host:6543/db' });
    expect(c.databaseUrl).toBe('postgresql://user:pass@host:6543/db');
    // Anything else than PostgreSQL is still refused, naming the variable.
    expect(() => loadConfig({ ...secrets, DATABASE_URL: 'mysql+asyncpg://user:pass@host/db' })).toThrow(
      /DATABASE_URL/,
    );
  });

  it('takes the seed’s REDIS_URL (rediss://, TLS)', () => {
    const c = loadConfig({ ...secrets, REDIS_URL: 'rediss://default:pass@redis-host:6379/0' });
    expect(c.redisUrl).toBe('rediss://default:pass@redis-host:6379/0');
  });
});

describe('seed §8.2 Prometheus metrics under the seed’s names', () => {
  it('exposes gymapi_async_* beside Pulso’s own metrics, with the seed’s labels', async () => {
    await call(t.app, 'GET', '/api/v1/schedule/classes', seedHeaders(member));
    const res = await call(t.app, 'GET', '/metrics');
    expect(res.statusCode).toBe(200);
    const text = res.body;
    expect(text).toMatch(
      /^gymapi_async_requests_total\{method="GET",endpoint="\/api\/v1\/schedule\/classes",status="200"\} [1-9]/m,
    );
    expect(text).toMatch(
      /^gymapi_async_request_duration_seconds_count\{method="GET",endpoint="\/api\/v1\/schedule\/classes"\} [1-9]/m,
    );
    expect(text).toMatch(/^gymapi_async_db_query_duration_seconds_count\{operation="[a-z]+"\} [1-9]/m);
    expect(text).toMatch(/^# TYPE gymapi_async_redis_operations_total counter$/m);
    expect(text).toMatch(/^gymapi_async_redis_operations_total\{operation="get",status="hit"\} \d+/m);
    // The same counts as Pulso's own series: one measurement, two names.
    const count = (re: RegExp) => Number(re.exec(text)?.[1]);
    expect(
      count(
        /^gymapi_async_requests_total\{method="GET",endpoint="\/api\/v1\/schedule\/classes",status="200"\} (\d+)/m,
      ),
    ).toBe(
      count(/^http_requests_total\{method="GET",route="\/api\/v1\/schedule\/classes",status="200"\} (\d+)/m),
    );
  });
});
