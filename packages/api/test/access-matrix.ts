/**
 * The reusable security checks of design §8: for any protected route, every way in without the right
 * credentials must be refused with the right status and a problem+json body.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { call, expectProblem, TEST_JWT_SECRET, testNow, type TestUser } from './harness.js';

export type RoleName = 'owner' | 'admin' | 'trainer' | 'physio' | 'member';
const ROLES: RoleName[] = ['owner', 'admin', 'trainer', 'physio', 'member'];

/*
 * Role groups the matrix cases expect, written here rather than imported from src: the completeness guard
 * compares each route's declared rule with the case's, so the case must not be derived from the declaration.
 */
export const ALL: RoleName[] = [...ROLES];
export const STAFF: RoleName[] = ['owner', 'admin', 'trainer', 'physio'];
export const MANAGERS: RoleName[] = ['owner', 'admin'];

export interface MatrixContext {
  app: FastifyInstance;
  gymId: number;
  users: Record<RoleName, TestUser>;
  /** Owner of another gym, not a member of `gymId`. */
  outsider: TestUser;
  outsiderGymId: number;
}

export interface ProtectedRoute {
  method: InjectOptions['method'];
  url: string | ((ctx: MatrixContext) => string);
  /** The body; a function gives a fresh one per request (a create that must not collide with the last one). */
  body?: unknown;
  /** Roles allowed; `'user'` for personal routes (any valid token, no X-Gym-ID). */
  access: RoleName[] | 'user';
  /**
   * What an allowed caller gets: the route's success status, or the exact answer its service gives to this
   * request (a 409 for someone added twice). Per role where the service decides by role after the access rule
   * (only managers remove other members); `member` is the caller of a personal route. Anything else — a 500, a
   * 422 from a stale fixture — fails.
   */
  ok: number | Partial<Record<RoleName, number>>;
}

function expected(route: ProtectedRoute, role: RoleName): number {
  const want = typeof route.ok === 'number' ? route.ok : route.ok[role];
  if (want === undefined) throw new Error(`the matrix case states no status for ${role}`);
  return want;
}

function expectStatus(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  want: number,
) {
  if (want >= 400) expectProblem(res, want);
  else expect(res.statusCode, res.body).toBe(want);
}

const secret = new TextEncoder().encode(TEST_JWT_SECRET);

async function forged(
  kind: 'expired' | 'wrong-secret' | 'alg-none' | 'tampered',
  valid: string,
  userId: number,
) {
  const now = Math.floor(testNow() / 1000);
  const base = () => new SignJWT({}).setSubject(String(userId)).setIssuer('pulso').setAudience('pulso-api');
  switch (kind) {
    case 'expired':
      return base()
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt(now - 7200)
        .setExpirationTime(now - 3600)
        .sign(secret);
    case 'wrong-secret':
      return base()
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(new TextEncoder().encode('another-secret-of-sufficient-length-000000'));
    case 'alg-none': {
      const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: String(userId), iss: 'pulso', aud: 'pulso-api', exp: now + 600 })}.`;
    }
    case 'tampered': {
      // Same header and signature, payload claiming another user.
      const [h, , s] = valid.split('.');
      const payload = Buffer.from(
        JSON.stringify({ sub: String(userId + 1), iss: 'pulso', aud: 'pulso-api', exp: now + 600 }),
      ).toString('base64url');
      return `${h}.${payload}.${s}`;
    }
  }
}

export function accessMatrix(name: string, ctx: () => MatrixContext, route: ProtectedRoute) {
  const gymScoped = route.access !== 'user';
  describe(`access: ${name}`, () => {
    const send = (o: { token?: string; gym?: number | string; headers?: Record<string, string> }) => {
      const c = ctx();
      const url = typeof route.url === 'function' ? route.url(c) : route.url;
      return call(c.app, route.method, url, {
        ...o,
        body: typeof route.body === 'function' ? (route.body as () => unknown)() : route.body,
        gym: gymScoped ? (o.gym ?? c.gymId) : o.gym,
      });
    };

    it('refuses a request without a token (401)', async () => {
      const res = await send({});
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it('refuses a malformed Authorization header (401)', async () => {
      expectProblem(await send({ headers: { authorization: 'Token abc' } }), 401);
      expectProblem(await send({ headers: { authorization: 'Bearer ' } }), 401);
    });

    for (const kind of ['expired', 'wrong-secret', 'alg-none', 'tampered'] as const) {
      it(`refuses a ${kind} token (401)`, async () => {
        const c = ctx();
        const token = await forged(kind, c.users.owner.token, c.users.owner.id);
        expectProblem(await send({ token }), 401);
      });
    }

    if (gymScoped) {
      const allowed = route.access as RoleName[];
      it('refuses a missing or non-integer X-Gym-ID (400)', async () => {
        const c = ctx();
        const url = typeof route.url === 'function' ? route.url(c) : route.url;
        const noHeader = await call(c.app, route.method, url, {
          token: c.users.owner.token,
          body: typeof route.body === 'function' ? (route.body as () => unknown)() : route.body,
        });
        expectProblem(noHeader, 400);
        for (const bad of ['abc', '-1', '0', '1.5', '99999999999', ' ']) {
          const p = expectProblem(await send({ token: c.users.owner.token, gym: bad }), 400);
          expect(p.detail).toMatch(/X-Gym-ID/);
        }
      });

      it('checks the gym header before the token (400 beats 401)', async () => {
        expectProblem(await send({ gym: 'abc' }), 400);
      });

      it('answers 404 for a gym that does not exist', async () => {
        const c = ctx();
        expectProblem(await send({ token: c.users.owner.token, gym: 2_147_000_000 }), 404);
      });

      it("refuses another gym's member (403) and never shows that gym's data", async () => {
        const c = ctx();
        const res = await send({ token: c.outsider.token, gym: c.gymId });
        expectProblem(res, 403);
        expect(res.body).not.toContain(c.users.owner.email);
      });

      for (const role of ROLES) {
        if (allowed.includes(role)) {
          it(`lets a ${role} through`, async () => {
            const c = ctx();
            const res = await send({ token: c.users[role].token });
            expectStatus(res, expected(route, role));
            if (res.statusCode === 403)
              expect(res.json<{ detail: string }>().detail).not.toMatch(/needs one of the roles/);
          });
        } else {
          it(`refuses a ${role} (403)`, async () => {
            const c = ctx();
            const p = expectProblem(await send({ token: c.users[role].token }), 403);
            expect(p.detail).toMatch(/roles/);
          });
        }
      }
    } else {
      it('lets any signed-in user through', async () => {
        const c = ctx();
        const res = await send({ token: c.users.member.token });
        expectStatus(res, expected(route, 'member'));
      });
    }
  });
}

/** A matrix case tied to the router: `pattern` is the route as Fastify registered it. */
interface RoutedCase extends ProtectedRoute {
  pattern: string;
}

export interface GymEntry extends RoutedCase {
  access: RoleName[];
  /** Routes on the caller's own rows (a notification): every role is played by the member who owns them. */
  ownRows?: boolean;
}

export interface UserEntry extends RoutedCase {
  access: 'user';
  /** Personal routes that change or erase the caller run with a fresh user as the "member". */
  freshUser?: boolean;
}

export type MatrixEntry = GymEntry | UserEntry;

/** `'GET /api/v1/...'`: a route as the completeness guard names it. */
export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /api/${string}`;

/**
 * One module's share of the access matrix, in `test/modules/<module>/matrix.ts` (default export). The central
 * `test/platform/tenancy.test.ts` finds every such file, so a new module adds its cases without editing it.
 */
export interface ModuleMatrix {
  /**
   * Creates the fixtures the cases' `url`/`body` closures read (kept in the module file's own variables), in the
   * shared gym of `ctx`. Runs once before any case; modules run in the order of their paths.
   */
  setup?(ctx: MatrixContext): Promise<void>;
  /** Gym-scoped routes (token + `X-Gym-ID`). */
  gym?: GymEntry[];
  /** Personal routes (any valid token, no `X-Gym-ID`). */
  user?: UserEntry[];
  /**
   * Routes this module deliberately leaves public, each with its reason in a comment; the guard refuses any
   * other public /api/ route outside the platform's sign-in, health and problem types. A public `GET` of an
   * `.ics` path is a calendar feed: the guard checks it refuses a missing or dead token.
   */
  public?: RouteKey[];
  /**
   * Runs after every case, in the central "after the matrix" test: what the granted cases must have changed in
   * this module's fixtures, and nothing more.
   */
  verify?(ctx: MatrixContext): Promise<void>;
}

/** Types a module's matrix file (`export default defineMatrix({...})`). */
export const defineMatrix = (m: ModuleMatrix): ModuleMatrix => m;

/** The next spare fixture for a case whose granted request consumes one (a granted delete really deletes). */
export function takeSpare(pool: number[], what: string): number {
  const id = pool.shift();
  if (id === undefined) throw new Error(`the matrix ran out of spare ${what}; add more`);
  return id;
}

/** Fixture creation in the matrix gym: POST as `token` (the owner by default), expecting 201 and an id. */
export async function createIn(
  ctx: MatrixContext,
  url: string,
  body: unknown,
  token = ctx.users.owner.token,
): Promise<number> {
  const res = await call(ctx.app, 'POST', url, { token, gym: ctx.gymId, body });
  if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json<{ id: number }>().id;
}

declare global {
  interface ImportMeta {
    /**
     * Vite's glob import, which Vitest's transform turns into static imports. Declared here because `vite` is
     * only Vitest's own dependency, so `vite/client` types do not resolve from this package; only the eager form
     * is used.
     */
    glob<M>(pattern: string, options: { eager: true; import?: string }): Record<string, M>;
  }
}
