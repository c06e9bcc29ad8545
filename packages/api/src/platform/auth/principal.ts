import type { Role } from '@pulso/contracts';
import type { Cache } from '../cache/index.js';

/** Who is calling: the account and its gyms, cached so that authorising a request needs no query. */
export interface Principal {
  userId: number;
  email: string | null;
  emailVerified: boolean;
  name: string;
  /** Absent in a principal cached by a version before issue 12 (Redis across a deploy): read as null. */
  avatarUrl?: string | null;
  /**
   * The saved language (`langOf` prefers it to Accept-Language); null follows the header. Absent in a principal
   * cached before it existed: read as null. A string, not `Lang`: a cached value may name a language since removed.
   */
  language?: string | null;
  createdAt: string;
  updatedAt: string;
  gyms: { id: number; name: string; role: Role }[];
}

export interface PrincipalSource {
  load(userId: number): Promise<Principal | null>;
  gymExists(gymId: number): Promise<boolean>;
}

export interface Principals {
  get(userId: number): Promise<Principal | null>;
  gymExists(gymId: number): Promise<boolean>;
  /** Call after any change to these users' accounts or memberships. */
  invalidate(...userIds: number[]): Promise<void>;
  invalidateGym(gymId: number): Promise<void>;
}

// Bounded staleness if an invalidation is ever lost (e.g. Redis blip between write and publish).
const PRINCIPAL_TTL = 300;
const GYM_TTL = 600;

export function createPrincipals(cache: Cache, source: PrincipalSource): Principals {
  return {
    async get(userId) {
      const key = `principal:${userId}`;
      const hit = await cache.get<Principal>(key);
      if (hit) return hit;
      const p = await source.load(userId);
      if (p) await cache.set(key, p, PRINCIPAL_TTL);
      return p;
    },
    async gymExists(gymId) {
      const key = `gym-exists:${gymId}`;
      const hit = await cache.get<boolean>(key);
      if (hit !== undefined) return hit;
      const exists = await source.gymExists(gymId);
      // Only positive answers are cached: a gym created a moment later must not stay "unknown".
      if (exists) await cache.set(key, true, GYM_TTL);
      return exists;
    },
    invalidate: (...userIds) => cache.del(...userIds.map((id) => `principal:${id}`)),
    invalidateGym: (gymId) => cache.del(`gym-exists:${gymId}`),
  };
}
