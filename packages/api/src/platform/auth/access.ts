import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { Role } from '@pulso/contracts';
import { AppError, type ErrorText } from '../errors.js';
import { platformMessages as pm } from '../messages.js';
import type { Principal, Principals } from './principal.js';

/**
 * What a route requires, stated on the route itself (`config.access`):
 * - `'public'`: anyone;
 * - `'user'`: a valid bearer token;
 * - `{ gym: roles }`: a bearer token and membership, with one of `roles`, of the gym named by `X-Gym-ID`.
 */
export type Access = 'public' | 'user' | { gym: readonly Role[] };

export { ALL_ROLES, INSTRUCTORS, MANAGERS, STAFF } from './roles.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
    gym: { id: number; role: Role } | null;
  }
}

export interface Identity {
  /** The user id behind a bearer token (ours or the identity provider's); throws a 401 AppError. */
  userIdFor(token: string): Promise<number>;
}

const challenge = { headers: { 'www-authenticate': 'Bearer' } };
const denied = (detail: ErrorText) => new AppError('unauthorized', detail, challenge);

const GYM_HEADER = /^[1-9][0-9]{0,9}$/;

export const gymHeaderSchema = z.object({
  'x-gym-id': z.string().describe('Id of the gym (tenant) the request acts in'),
});

/** The principal of a request that passed `access: 'user'` or a gym rule. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new Error('route has no access rule that authenticates');
  return req.principal;
}
export function gymOf(req: FastifyRequest): { id: number; role: Role } {
  if (!req.gym) throw new Error('route is not gym-scoped');
  return req.gym;
}

/** Who acts in a gym-scoped request, as services take it (services never see the request). */
export interface GymActor {
  userId: number;
  gymId: number;
  role: Role;
  ip: string;
}
export function actorOf(req: FastifyRequest): GymActor {
  const gym = gymOf(req);
  return { userId: principalOf(req).userId, gymId: gym.id, role: gym.role, ip: req.ip };
}

/**
 * Installs the access rules. The order of checks is the gym seed's, made strict (design §5):
 * X-Gym-ID not an integer → 400; no or invalid token → 401; gym unknown → 404; not a member or wrong role → 403.
 */
export function registerAccess(app: FastifyInstance, identity: Identity, principals: Principals) {
  app.decorateRequest('principal', null);
  app.decorateRequest('gym', null);

  async function authenticate(req: FastifyRequest): Promise<Principal> {
    const header = req.headers.authorization;
    if (!header) throw denied(pm.msg('auth.token_missing'));
    const m = /^Bearer +([A-Za-z0-9\-_.~+/]+=*)$/i.exec(header);
    if (!m) throw denied(pm.msg('auth.bearer_form'));
    const userId = await identity.userIdFor(m[1]!);
    const principal = await principals.get(userId);
    if (!principal) throw denied(pm.msg('auth.account_gone'));
    req.principal = principal;
    return principal;
  }

  const userHook: onRequestAsyncHookHandler = async (req) => {
    // A route's own onRequest hook, which runs before this one, may have authenticated the request by another
    // credential (the one-use ticket of the live stream, which a browser's EventSource sends in the URL).
    if (req.principal) return;
    await authenticate(req);
  };

  const gymHook = (roles: readonly Role[]): onRequestAsyncHookHandler =>
    async function (req) {
      const raw = req.headers['x-gym-id'];
      if (raw === undefined) throw new AppError('bad_request', pm.msg('auth.gym_header_missing'));
      if (typeof raw !== 'string' || !GYM_HEADER.test(raw.trim()) || Number(raw) > 2_147_483_647)
        throw new AppError('bad_request', pm.msg('auth.gym_header_invalid'));
      const gymId = Number(raw);
      const principal = await authenticate(req);
      const membership = principal.gyms.find((g) => g.id === gymId);
      if (!membership) {
        if (!(await principals.gymExists(gymId)))
          throw new AppError('not_found', pm.msg('auth.gym_not_found'));
        throw new AppError('forbidden', pm.msg('auth.not_member'));
      }
      if (!roles.includes(membership.role))
        throw new AppError('forbidden', pm.msg('auth.role_needed', { roles: roles.join(', ') }));
      req.gym = { id: gymId, role: membership.role };
    };

  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access === undefined) {
      if (route.url.startsWith('/api/'))
        throw new Error(`${String(route.method)} ${route.url} declares no access rule`);
      return;
    }
    if (access === 'public') return;
    const hook = access === 'user' ? userHook : gymHook(access.gym);
    const existing = route.onRequest ? [route.onRequest].flat() : [];
    // After the hooks already there (the rate limiter's): refused requests count against the limit too.
    route.onRequest = [...existing, hook];
    route.schema ??= {};
    const schema = route.schema as Record<string, unknown>;
    schema.security = [{ bearer: [] }];
    if (access !== 'user') {
      schema.headers ??= gymHeaderSchema;
      const roles = access.gym.join(', ');
      schema.description = [schema.description, `Gym-scoped (X-Gym-ID). Roles: ${roles}.`]
        .filter(Boolean)
        .join('\n\n');
    }
  });
}
