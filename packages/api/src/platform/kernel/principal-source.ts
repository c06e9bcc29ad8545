import { asc, eq } from 'drizzle-orm';
import type { PrincipalSource } from '../auth/principal.js';
import type { Db } from '../db/index.js';
import { gymMembers, gyms, users } from './tables.js';

/** Reads who a caller is straight from the kernel tables: the access guard needs no module to authorise. */
export function createPrincipalSource(db: Db): PrincipalSource {
  return {
    async load(userId) {
      const [user] = await db.select().from(users).where(eq(users.id, userId));
      if (!user) return null;
      const memberships = await db
        .select({ id: gyms.id, name: gyms.name, role: gymMembers.role })
        .from(gymMembers)
        .innerJoin(gyms, eq(gyms.id, gymMembers.gymId))
        .where(eq(gymMembers.userId, userId))
        .orderBy(asc(gyms.id));
      return {
        userId: user.id,
        email: user.email,
        emailVerified: user.emailVerifiedAt !== null,
        name: user.name,
        avatarUrl: user.avatarUrl,
        language: user.language,
        createdAt: user.createdAt.toISOString(),
        updatedAt: user.updatedAt.toISOString(),
        gyms: memberships,
      };
    },
    async gymExists(gymId) {
      const r = await db.select({ id: gyms.id }).from(gyms).where(eq(gyms.id, gymId));
      return r.length > 0;
    },
  };
}
