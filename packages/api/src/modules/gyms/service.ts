import type {
  AuditQuery,
  Gym,
  GymCreateBody,
  GymPatchBody,
  GymWithRole,
  Member,
  Pagination,
  Role,
} from '@pulso/contracts';
import type { Audit, AuditRepo } from '../../platform/audit/repo.js';
import { toAuditDto } from '../../platform/audit/repo.js';
import type { Principal, Principals } from '../../platform/auth/principal.js';
import type { GymActor } from '../../platform/auth/access.js';
import { canonicalZone } from '../../platform/calendar/vtimezone.js';
import type { Db, Executor } from '../../platform/db/index.js';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import type { AccountsRepo } from '../accounts/repo.js';
import type { GymRow, GymsRepo } from './repo.js';

export interface GymsDeps {
  db: Db;
  repo: GymsRepo;
  users: Pick<AccountsRepo, 'findByEmail'>;
  auditRepo: Pick<AuditRepo, 'list'>;
  audit: Audit;
  principals: Pick<Principals, 'invalidate' | 'invalidateGym' | 'gymExists'>;
  /** Runs in the transaction that changes the gym's time zone (the schedule moves its future sessions). */
  onTimezoneChange?: (gymId: number, timezone: string, tx: Executor) => Promise<void>;
  /** Runs in the transaction that removes a member (their bookings in the gym are cancelled). */
  onMemberRemoved?: (gymId: number, userId: number, tx: Executor) => Promise<void>;
  /** Runs once that transaction has committed (cached lists that counted the member's places are retired). */
  afterMemberRemoved?: (gymId: number) => Promise<void>;
}

export const toGymDto = (g: GymRow): Gym => ({
  id: g.id,
  name: g.name,
  timezone: g.timezone,
  cancellation_cutoff_min: g.cancellationCutoffMin,
  description: g.description,
  address: g.address,
  phone: g.phone,
  email: g.email,
  created_at: g.createdAt.toISOString(),
  updated_at: g.updatedAt.toISOString(),
});

const toMemberDto = (m: {
  userId: number;
  email: string | null;
  name: string;
  role: Role;
  joinedAt: Date;
}): Member => ({
  user_id: m.userId,
  email: m.email,
  name: m.name,
  role: m.role,
  joined_at: m.joinedAt.toISOString(),
});

/**
 * The API's snake_case settings to the table's columns. The zone is stored under its IANA canonical name
 * (`US/Pacific` → `America/Los_Angeles`, as the response shows): the calendar feeds name it so, and an edit
 * from an alias to its own zone is then no change of zone.
 */
function toGymValues<T extends GymPatchBody>(body: T) {
  const { cancellation_cutoff_min, timezone, ...rest } = body;
  return {
    ...rest,
    ...(timezone !== undefined ? { timezone: canonicalZone(timezone) ?? timezone } : {}),
    ...(cancellation_cutoff_min !== undefined ? { cancellationCutoffMin: cancellation_cutoff_min } : {}),
  };
}

export type Actor = GymActor;

const MANAGER_ROLES: readonly Role[] = ['owner', 'admin'];

export function createGymsService(d: GymsDeps) {
  /** An admin manages everyone but owners; only an owner grants or takes away ownership. */
  function assertMayManage(actor: Actor, targetRole: Role | undefined, newRole?: Role) {
    if (actor.role === 'owner') return;
    if (targetRole === 'owner') throw forbidden('Only an owner can change or remove an owner');
    if (newRole === 'owner') throw forbidden('Only an owner can make someone an owner');
  }

  /** Refuses a change that would leave the gym without an owner. Locks the owner rows until commit. */
  async function keepAnOwner(gymId: number, leavingOwnerId: number, tx: Executor) {
    const owners = await d.repo.lockOwners(gymId, tx);
    if (owners.length <= 1 && owners.includes(leavingOwnerId))
      throw conflict('A gym must keep at least one owner; make someone else owner first');
  }

  return {
    async create(userId: number, body: GymCreateBody, ip: string): Promise<GymWithRole> {
      const gym = await d.db.transaction(async (tx) => {
        const g = await d.repo.insertGym(toGymValues(body), tx);
        await d.repo.insertMember(g.id, userId, 'owner', tx);
        await d.audit(
          { gymId: g.id, userId, action: 'gym.created', targetType: 'gym', targetId: g.id, ip },
          tx,
        );
        return g;
      });
      await d.principals.invalidate(userId);
      return { ...toGymDto(gym), role: 'owner' };
    },

    async mine(userId: number, page: Pagination) {
      const { rows, total } = await d.repo.gymsOfUser(userId, page);
      return { rows: rows.map((r) => ({ ...toGymDto(r.gym), role: r.role })), total };
    },

    /** A gym addressed by id outside the X-Gym-ID rules, with the same answers: 404 unknown, 403 not mine. */
    async byId(principal: Principal, gymId: number): Promise<GymWithRole> {
      const membership = principal.gyms.find((g) => g.id === gymId);
      if (!membership) {
        if (!(await d.principals.gymExists(gymId))) throw notFound('Gym');
        throw forbidden('You are not a member of this gym');
      }
      return this.current(gymId, membership.role);
    },

    async current(gymId: number, role: Role): Promise<GymWithRole> {
      const g = await d.repo.findGym(gymId);
      if (!g) throw notFound('Gym');
      return { ...toGymDto(g), role };
    },

    async update(actor: Actor, body: GymPatchBody): Promise<GymWithRole> {
      const g = await d.db.transaction(async (tx) => {
        const before = body.timezone !== undefined ? await d.repo.findGym(actor.gymId, tx) : undefined;
        const updated = await d.repo.updateGym(actor.gymId, toGymValues(body), tx);
        if (!updated) throw notFound('Gym');
        if (before && before.timezone !== updated.timezone)
          await d.onTimezoneChange?.(actor.gymId, updated.timezone, tx);
        await d.audit(
          {
            gymId: actor.gymId,
            userId: actor.userId,
            action: 'gym.updated',
            targetType: 'gym',
            targetId: actor.gymId,
            ip: actor.ip,
            metadata: { fields: Object.keys(body) },
          },
          tx,
        );
        return updated;
      });
      // Members' cached principals carry the gym's name.
      if (body.name !== undefined) await d.principals.invalidate(...(await d.repo.memberIds(actor.gymId)));
      return { ...toGymDto(g), role: actor.role };
    },

    async members(gymId: number, role: Role | undefined, page: Pagination) {
      const { rows, total } = await d.repo.listMembers(gymId, role, page);
      return { rows: rows.map(toMemberDto), total };
    },

    async member(actor: Actor, userId: number): Promise<Member> {
      if (actor.role === 'member' && userId !== actor.userId)
        throw forbidden('Members can only see their own membership');
      const m = await d.repo.findMember(actor.gymId, userId);
      if (!m) throw notFound('Member');
      return toMemberDto(m);
    },

    async addMember(actor: Actor, email: string, role: Role): Promise<Member> {
      assertMayManage(actor, undefined, role);
      const user = await d.users.findByEmail(email);
      if (!user) throw notFound('User with this e-mail');
      const m = await d.db.transaction(async (tx) => {
        if (!(await d.repo.insertMember(actor.gymId, user.id, role, tx)))
          throw conflict('This user is already a member of the gym');
        await d.audit(
          {
            gymId: actor.gymId,
            userId: actor.userId,
            action: 'member.added',
            targetType: 'user',
            targetId: user.id,
            ip: actor.ip,
            metadata: { role },
          },
          tx,
        );
        return (await d.repo.findMember(actor.gymId, user.id, tx))!;
      });
      await d.principals.invalidate(user.id);
      return toMemberDto(m);
    },

    async changeRole(actor: Actor, userId: number, role: Role): Promise<Member> {
      const m = await d.db.transaction(async (tx) => {
        const current = await d.repo.findMember(actor.gymId, userId, tx);
        if (!current) throw notFound('Member');
        assertMayManage(actor, current.role, role);
        if (current.role === role) return current;
        if (current.role === 'owner') await keepAnOwner(actor.gymId, userId, tx);
        await d.repo.setRole(actor.gymId, userId, role, tx);
        await d.audit(
          {
            gymId: actor.gymId,
            userId: actor.userId,
            action: 'member.role_changed',
            targetType: 'user',
            targetId: userId,
            ip: actor.ip,
            metadata: { from: current.role, to: role },
          },
          tx,
        );
        return { ...current, role };
      });
      await d.principals.invalidate(userId);
      return toMemberDto(m);
    },

    async removeMember(actor: Actor, userId: number): Promise<void> {
      const self = userId === actor.userId;
      if (!self && !MANAGER_ROLES.includes(actor.role))
        throw forbidden('Only an owner or admin can remove members');
      await d.db.transaction(async (tx) => {
        const current = await d.repo.findMember(actor.gymId, userId, tx);
        if (!current) throw notFound('Member');
        if (!self) assertMayManage(actor, current.role);
        if (current.role === 'owner') await keepAnOwner(actor.gymId, userId, tx);
        await d.repo.deleteMember(actor.gymId, userId, tx);
        await d.onMemberRemoved?.(actor.gymId, userId, tx);
        await d.audit(
          {
            gymId: actor.gymId,
            userId: actor.userId,
            action: self ? 'member.left' : 'member.removed',
            targetType: 'user',
            targetId: userId,
            ip: actor.ip,
            metadata: { role: current.role },
          },
          tx,
        );
      });
      await d.afterMemberRemoved?.(actor.gymId);
      await d.principals.invalidate(userId);
    },

    async auditLogs(gymId: number, q: AuditQuery, page: Pagination) {
      const { rows, total } = await d.auditRepo.list(
        gymId,
        { action: q.action, userId: q.user_id, from: q.from, to: q.to },
        page,
      );
      return { rows: rows.map(toAuditDto), total };
    },

    /** Account erasure and export, seen from the gyms. */
    userData(): UserDataContributor {
      return {
        name: 'gyms',
        export: async (userId, tx) =>
          (await d.repo.membershipsForExport(userId, tx)).map((m) => ({
            ...m,
            joined_at: m.joined_at.toISOString(),
          })),
        beforeErase: async (userId, tx) => {
          const sole = await d.repo.soleOwnerships(userId, tx);
          const blocking = sole.filter((g) => g.others > 0);
          if (blocking.length)
            throw new AppError(
              'conflict',
              `You are the last owner of ${blocking.map((g) => `"${g.name}" (id ${g.gym_id})`).join(', ')}; make another member owner first`,
            );
          // Gyms with nobody else in them go with their only member.
          const alone = sole.map((g) => g.gym_id);
          await d.repo.deleteGyms(alone, tx);
          for (const id of alone) await d.principals.invalidateGym(id);
        },
      };
    },
  };
}
export type GymsService = ReturnType<typeof createGymsService>;
