/**
 * Tenancy and access rules across the whole API (design §5): the access matrix for every protected route,
 * a guard that no /api/ route can exist without an access rule, and proof that one gym's data never shows
 * through another gym's header. The matrix cases and their fixtures live with each module
 * (`test/modules/<module>/matrix.ts`); this file builds the shared context and runs them.
 */
import type * as FastifyModule from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROLES } from '@pulso/contracts';
import { buildApp } from '../../src/app.js';
import {
  accessMatrix,
  ALL,
  type GymEntry,
  type MatrixContext,
  type MatrixEntry,
  type ModuleMatrix,
  type UserEntry,
} from '../access-matrix.js';
import {
  addMember,
  call,
  createGym,
  createTestApp,
  expectProblem,
  gymWithRoles,
  registerUser,
  sharedDatabase,
  silentLogger,
  testCache,
  testConfig,
  type TestApp,
  type TestUser,
} from '../harness.js';

/**
 * Every Fastify instance built in this file records the routes it is given, with their config, through an
 * onRoute hook added before any other (the app's own access hook cannot hide a route from it).
 */
interface RecordedRoute {
  method: string;
  url: string;
  config: { access?: unknown } | undefined;
}
const recorder = vi.hoisted(() => ({ routes: [] as RecordedRoute[] }));
vi.mock('fastify', async (importOriginal) => {
  const real = await importOriginal<typeof FastifyModule>();
  const create = real.default as unknown as (opts?: unknown) => FastifyInstance;
  const recording = (opts?: unknown) => {
    const app = create(opts);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat())
        recorder.routes.push({
          method: String(method),
          url: route.url,
          config: route.config,
        });
    });
    return app;
  };
  return { ...real, default: recording, fastify: recording };
});

/**
 * Every module's matrix file (`test/modules/<module>/matrix.ts`), found by Vite's glob so a new module adds its
 * cases without editing this file. Sorted by path: fixtures are created, and cases run, in that order.
 */
const MODULES = Object.entries(
  import.meta.glob<ModuleMatrix | undefined>('../modules/*/matrix.ts', { eager: true, import: 'default' }),
)
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  .map(([path, m]) => {
    if (!m) throw new Error(`${path} has no default export: export default defineMatrix({...})`);
    return { path, ...m };
  });
const GYM_ROUTES: GymEntry[] = MODULES.flatMap((m) => m.gym ?? []);
const USER_ROUTES: UserEntry[] = MODULES.flatMap((m) => m.user ?? []);
const MATRIX: MatrixEntry[] = [...GYM_ROUTES, ...USER_ROUTES];
/** Public routes the module matrices declare, each with its reason in its module's file. */
const MODULE_PUBLIC: string[] = MODULES.flatMap((m) => m.public ?? []);
/** The platform's own public route besides sign-in (/auth) and health: the problem types a client can receive. */
const PLATFORM_PUBLIC = ['GET /api/v1/problem-types'];

let t: TestApp;
let ctx: MatrixContext;

beforeAll(async () => {
  t = await createTestApp();
  const { gymId, users } = await gymWithRoles(t.app);
  const outsider = await registerUser(t.app, { name: 'Outsider' });
  const outsiderGymId = await createGym(t.app, outsider, 'Outsider Gym');
  ctx = { app: t.app, gymId, users, outsider, outsiderGymId };
  for (const m of MODULES) await m.setup?.(ctx);
});
afterAll(() => t.close());

describe('access matrix: gym-scoped routes', () => {
  for (const route of GYM_ROUTES) {
    const asOwner = () => {
      const m = ctx.users.member;
      return { ...ctx, users: { owner: m, admin: m, trainer: m, physio: m, member: m } };
    };
    accessMatrix(`${route.method} ${route.pattern}`, route.ownRows ? asOwner : () => ctx, route);
  }
});

describe('access matrix: personal routes', () => {
  for (const route of USER_ROUTES) {
    if (!route.freshUser) {
      accessMatrix(`${route.method} ${route.pattern}`, () => ctx, route);
      continue;
    }
    describe(`${route.method} ${route.pattern} (as a fresh user)`, () => {
      let fresh: TestUser;
      beforeAll(async () => {
        fresh = await registerUser(t.app, { name: 'Fresh' });
      });
      accessMatrix(
        `${route.method} ${route.pattern}`,
        () => ({ ...ctx, users: { ...ctx.users, member: fresh } }),
        route,
      );
    });
  }
});

/** `METHOD /path` pairs from Fastify's printed route tree (commonPrefix: false). */
function parseRouteTree(tree: string): Set<string> {
  const out = new Set<string>();
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)(?:├── |└── )(.+) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const path = (depth > 0 ? stack[depth - 1]! : '') + m[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of m[3]!.split(', ')) out.add(`${method} ${path}`);
  }
  return out;
}

function isAccess(a: unknown): boolean {
  if (a === 'public' || a === 'user') return true;
  if (typeof a !== 'object' || a === null || !('gym' in a)) return false;
  const roles = a.gym;
  return (
    Array.isArray(roles) &&
    roles.length > 0 &&
    roles.every((r) => (ROLES as readonly unknown[]).includes(r)) &&
    new Set(roles).size === roles.length
  );
}

const accessOf = (r: RecordedRoute) => r.config?.access;

describe('every /api/ route states who may call it', () => {
  let routes: RecordedRoute[];
  let printed: Set<string>;
  beforeAll(async () => {
    recorder.routes.length = 0;
    const fresh = await createTestApp();
    try {
      routes = recorder.routes.filter((r) => r.url.startsWith('/api/'));
      printed = parseRouteTree(fresh.app.printRoutes({ commonPrefix: false }));
    } finally {
      await fresh.close();
    }
  });

  it('sees every route the router holds (the onRoute record is complete)', () => {
    const recorded = new Set(routes.map((r) => `${r.method} ${r.url}`));
    const apiPrinted = [...printed].filter((k) => k.split(' ')[1]!.startsWith('/api/'));
    expect(apiPrinted.length).toBeGreaterThanOrEqual(MATRIX.length);
    expect(new Set(apiPrinted)).toEqual(recorded);
  });

  it('has a valid config.access on every /api/ route', () => {
    expect(routes.length).toBeGreaterThan(0);
    const missing = routes.filter((r) => !isAccess(accessOf(r))).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('keeps public /api/ routes to sign-in, health, problem types and those the module matrices declare', () => {
    const publicRoutes = routes.filter((r) => accessOf(r) === 'public').map((r) => `${r.method} ${r.url}`);
    expect(publicRoutes).toContain('POST /api/v1/auth/login');
    // The list of problem types a client can receive is the same for everyone (as the OpenAPI document's);
    // each module's reasons are in its matrix file.
    const alsoPublic = [...MODULE_PUBLIC, ...PLATFORM_PUBLIC];
    for (const k of alsoPublic) expect(publicRoutes).toContain(k);
    expect(
      publicRoutes.filter(
        (k) =>
          !/ \/api\/v1\/(auth|health)\//.test(k) &&
          !alsoPublic.some((d) => k === d || (d.startsWith('GET ') && k === `HEAD ${d.slice(4)}`)),
      ),
    ).toEqual([]);
  });

  it('answers the public calendar feeds 404 without a live token, whoever asks', async () => {
    // Calendar apps cannot send headers: a public .ics feed takes a secret token in the query instead.
    const feeds = MODULE_PUBLIC.filter((k) => /^GET \S+\.ics$/.test(k)).map((k) => k.slice(4));
    expect(feeds.length).toBeGreaterThan(0);
    for (const f of feeds) {
      expectProblem(
        await call(t.app, 'GET', `${f}?token=${'x'.repeat(43)}`, {
          token: ctx.users.owner.token,
          gym: ctx.gymId,
        }),
        404,
      );
      expectProblem(await call(t.app, 'GET', f, {}), 422);
    }
  });

  it('runs the access matrix for every protected route, with the roles the route declares', () => {
    const protectedRoutes = routes.filter((r) => r.method !== 'HEAD' && accessOf(r) !== 'public');
    const notInMatrix = protectedRoutes
      .filter((r) => !MATRIX.some((e) => e.method === r.method && e.pattern === r.url))
      .map((r) => `${r.method} ${r.url}`);
    expect(notInMatrix).toEqual([]);
    // Two modules' files claiming one route would run its cases twice against two fixtures.
    const keys = MATRIX.map((e) => `${e.method} ${e.pattern}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    for (const e of MATRIX) {
      const r = protectedRoutes.find((x) => x.method === e.method && x.url === e.pattern);
      expect(r, `${e.method} ${e.pattern} is registered`).toBeDefined();
      const declared = accessOf(r!);
      if (e.access === 'user') expect(declared, `${e.method} ${e.pattern}`).toBe('user');
      else
        expect([...(declared as { gym: string[] }).gym].sort(), `${e.method} ${e.pattern}`).toEqual(
          [...e.access].sort(),
        );
    }
  });

  it('gives the automatic HEAD routes the same rule as their GET', async () => {
    const heads = routes.filter((r) => r.method === 'HEAD');
    expect(heads.length).toBeGreaterThan(0);
    for (const h of heads) {
      const get = routes.find((r) => r.method === 'GET' && r.url === h.url);
      expect(accessOf(h), h.url).toEqual(accessOf(get!));
    }
    // A HEAD answer has no body: the status is what counts.
    const head = (o: { token?: string }) => call(t.app, 'HEAD', '/api/v1/members', { gym: ctx.gymId, ...o });
    expect((await head({})).statusCode).toBe(401);
    expect((await head({ token: ctx.outsider.token })).statusCode).toBe(403);
    expect((await head({ token: ctx.users.member.token })).statusCode).toBe(403);
    const ok = await head({ token: ctx.users.trainer.token });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('');
  });

  it('refuses to build an app with an /api/ route that lacks an access rule', async () => {
    const attempt = async (add: (app: FastifyInstance) => void) => {
      const cache = await testCache();
      const app = await buildApp({
        config: testConfig(),
        database: await sharedDatabase(),
        cache,
        logger: silentLogger,
      });
      try {
        add(app);
        await app.ready();
        return 'built';
      } catch (err) {
        return (err as Error).message;
      } finally {
        await app.close().catch(() => undefined);
        await cache.close();
      }
    };
    // Directly on the root...
    expect(await attempt((app) => app.get('/api/v1/naked', () => 'x'))).toMatch(
      /GET \/api\/v1\/naked declares no access rule/,
    );
    // ...and the way modules add routes: a plugin under the /api/v1 prefix.
    expect(
      await attempt((app) => {
        void app.register(
          async (p) => {
            p.post('/sneaky', () => 'x');
          },
          { prefix: '/api/v1' },
        );
      }),
    ).toMatch(/POST \/api\/v1\/sneaky declares no access rule/);
    // The same route with a rule is fine (the failure above is about the rule, not the route).
    expect(
      await attempt((app) => app.get('/api/v1/dressed', { config: { access: 'user' } }, () => 'x')),
    ).toBe('built');
  });
});

describe('cross-tenant data', () => {
  interface Row {
    user_id: number;
    gym_id: number;
    email: string;
    target_type: string | null;
    target_id: string | null;
  }
  const aIds = () => Object.values(ctx.users).map((u) => u.id);

  it("an owner of gym B sending gym A's id sees none of A's members or audit rows", async () => {
    const b = ctx.outsider;
    for (const url of [
      '/api/v1/members',
      '/api/v1/audit-logs',
      '/api/v1/gyms/current',
      `/api/v1/members/${ctx.users.member.id}`,
      `/api/v1/gyms/${ctx.gymId}`,
    ]) {
      const res = await call(t.app, 'GET', url, { token: b.token, gym: ctx.gymId });
      expectProblem(res, 403);
      for (const u of Object.values(ctx.users)) expect(res.body).not.toContain(u.email);
    }
  });

  it("listing with gym B's header only shows B's rows", async () => {
    const b = ctx.outsider;
    const members = await call(t.app, 'GET', '/api/v1/members', { token: b.token, gym: ctx.outsiderGymId });
    expect(members.statusCode).toBe(200);
    const mRows = members.json<Row[]>();
    expect(mRows.map((r) => r.user_id)).toEqual([b.id]);
    expect(members.headers['x-total-count']).toBe('1');

    const audit = await call(t.app, 'GET', '/api/v1/audit-logs', {
      token: b.token,
      gym: ctx.outsiderGymId,
      query: { limit: '100' },
    });
    expect(audit.statusCode).toBe(200);
    const aRows = audit.json<Row[]>();
    expect(aRows.length).toBeGreaterThan(0);
    expect(aRows.every((r) => r.gym_id === ctx.outsiderGymId)).toBe(true);
    expect(aRows.map((r) => r.user_id)).not.toEqual(expect.arrayContaining([ctx.users.owner.id]));
    const aTargets = new Set(aIds().map(String));
    expect(
      aRows.filter((r) => r.target_type === 'user' && r.target_id !== null && aTargets.has(r.target_id)),
    ).toEqual([]);
    expect(audit.headers['x-total-count']).toBe(String(aRows.length));
    expect(audit.body).not.toContain(ctx.users.owner.email);

    // And gym A, seen by its own owner, has its own rows and none of B's.
    const own = await call(t.app, 'GET', '/api/v1/audit-logs', {
      token: ctx.users.owner.token,
      gym: ctx.gymId,
      query: { limit: '100' },
    });
    const ownRows = own.json<Row[]>();
    expect(ownRows.length).toBeGreaterThan(0);
    expect(ownRows.every((r) => r.gym_id === ctx.gymId)).toBe(true);
  });

  it("cannot reach A's members through B's header (404: not in this gym), nor change them", async () => {
    const b = ctx.outsider;
    const target = ctx.users.trainer;
    const opts = { token: b.token, gym: ctx.outsiderGymId };
    expectProblem(await call(t.app, 'GET', `/api/v1/members/${target.id}`, opts), 404);
    expectProblem(
      await call(t.app, 'PATCH', `/api/v1/members/${target.id}`, { ...opts, body: { role: 'member' } }),
      404,
    );
    expectProblem(await call(t.app, 'DELETE', `/api/v1/members/${target.id}`, opts), 404);
    const still = await call(t.app, 'GET', `/api/v1/members/${target.id}`, {
      token: ctx.users.owner.token,
      gym: ctx.gymId,
    });
    expect(still.statusCode).toBe(200);
    expect(still.json()).toMatchObject({ user_id: target.id, role: 'trainer' });
  });

  it('takes the role from the gym named by the header, not the best role elsewhere', async () => {
    // An owner of her own gym who is a plain member of another.
    const dual = await registerUser(t.app, { name: 'Dual' });
    const ownGym = await createGym(t.app, dual, 'Dual Own Gym');
    const otherOwner = await registerUser(t.app);
    const otherGym = await createGym(t.app, otherOwner, 'Dual Other Gym');
    await addMember(t.app, otherOwner, otherGym, dual, 'member');

    expect((await call(t.app, 'GET', '/api/v1/members', { token: dual.token, gym: ownGym })).statusCode).toBe(
      200,
    );
    expectProblem(await call(t.app, 'GET', '/api/v1/members', { token: dual.token, gym: otherGym }), 403);
    expectProblem(
      await call(t.app, 'PATCH', '/api/v1/gyms/current', {
        token: dual.token,
        gym: otherGym,
        body: { name: 'Hijacked' },
      }),
      403,
    );
    const current = await call(t.app, 'GET', '/api/v1/gyms/current', { token: dual.token, gym: otherGym });
    expect(current.json()).toMatchObject({ id: otherGym, name: 'Dual Other Gym', role: 'member' });
  });

  it('a user removed from a gym loses access on the next request', async () => {
    const owner = await registerUser(t.app);
    const gym = await createGym(t.app, owner, 'Revocation Gym');
    const trainer = await registerUser(t.app);
    await addMember(t.app, owner, gym, trainer, 'trainer');
    // Warm the trainer's cached principal with the membership.
    expect((await call(t.app, 'GET', '/api/v1/members', { token: trainer.token, gym })).statusCode).toBe(200);
    expect(
      (await call(t.app, 'DELETE', `/api/v1/members/${trainer.id}`, { token: owner.token, gym })).statusCode,
    ).toBe(204);
    expectProblem(await call(t.app, 'GET', '/api/v1/members', { token: trainer.token, gym }), 403);
  });
});

describe('after the matrix', () => {
  it('the shared gym still has every role user, with the same roles', async () => {
    const res = await call(t.app, 'GET', '/api/v1/members', {
      token: ctx.users.owner.token,
      gym: ctx.gymId,
      query: { limit: '100' },
    });
    expect(res.statusCode).toBe(200);
    const rows = res.json<{ user_id: number; role: string }[]>();
    for (const role of ALL)
      expect(rows).toContainEqual(expect.objectContaining({ user_id: ctx.users[role].id, role }));
    // And each module's own account of what its granted cases changed (gyms: exactly two spares removed).
    for (const m of MODULES) await m.verify?.(ctx);
  });
});
