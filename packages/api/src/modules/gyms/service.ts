import { gymsMessages as M } from './messages.js';
import type {
  AuditQuery,
  Gym,
  GymCreateBody,
  GymPatchBody,
  GymWithRole,
  Invitation,
  InvitationStatus,
  Member,
  MemberAddResult,
  MemberCreateBody,
  MyInvitation,
  Pagination,
  Role,
} from '@pulso/contracts';
import type { Audit, AuditRepo } from '../../platform/audit/repo.js';
import { toAuditDto } from '../../platform/audit/repo.js';
import type { Principal, Principals } from '../../platform/auth/principal.js';
import type { GymActor } from '../../platform/auth/access.js';
import { MANAGERS } from '../../platform/auth/roles.js';
import { canonicalZone } from '../../platform/calendar/vtimezone.js';
import type { Db, Executor } from '../../platform/db/index.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { refuse as refuseShared } from '../../platform/reasons.js';
import { refuse } from './reasons.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import { savedLang, type Lang } from '../../platform/i18n.js';
import type { Mail } from '../../platform/mail.js';
import type { AccountsService } from '../accounts/service.js';
import { invitationMail } from './mails.js';
import type { GymRow, GymsRepo, InvitationRow } from './repo.js';

// Long enough for someone who first has to create an account and confirm their e-mail.
export const INVITATION_TTL_DAYS = 14;

export interface GymsDeps {
  db: Db;
  repo: GymsRepo;
  /** Staff registering a walk-in create the account through the accounts module. */
  walkIns: Pick<AccountsService, 'createForWalkIn'>;
  /** Sends a mail after the change has committed; failures are logged, not returned. */
  mail: (m: Mail) => Promise<void>;
  publicUrl: string;
  clock: () => number;
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

function toInvitationDto(r: InvitationRow, now: Date): Invitation {
  const expired = r.status === 'pending' && r.expiresAt <= now;
  return {
    id: r.id,
    email: r.email,
    role: r.role,
    status: expired ? 'expired' : r.status,
    invited_by: r.invitedBy,
    created_at: r.createdAt.toISOString(),
    expires_at: r.expiresAt.toISOString(),
    responded_at: r.respondedAt?.toISOString() ?? null,
  };
}

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

function verifiedEmail(principal: Principal): string {
  if (!principal.email || principal.emailVerified !== true) throw refuse('email_unverified');
  return principal.email;
}

export function createGymsService(d: GymsDeps) {
  /** An admin manages everyone but owners; only an owner grants or takes away ownership. */
  function assertMayManage(actor: Actor, targetRole: Role | undefined, newRole?: Role) {
    if (actor.role === 'owner') return;
    if (targetRole === 'owner') throw refuse('owner_only', { act: 'change' });
    if (newRole === 'owner') throw refuse('owner_only', { act: 'grant' });
  }

  /** Refuses a change that would leave the gym without an owner. Locks the owner rows until commit. */
  async function keepAnOwner(gymId: number, leavingOwnerId: number, tx: Executor) {
    const owners = await d.repo.lockOwners(gymId, tx);
    if (owners.length <= 1 && owners.includes(leavingOwnerId)) throw refuse('last_owner');
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
        if (!(await d.principals.gymExists(gymId))) throw notFound(M.msg('gym_not_found'));
        throw forbidden(M.msg('not_member'));
      }
      return this.current(gymId, membership.role);
    },

    async current(gymId: number, role: Role): Promise<GymWithRole> {
      const g = await d.repo.findGym(gymId);
      if (!g) throw notFound(M.msg('gym_not_found'));
      return { ...toGymDto(g), role };
    },

    async update(actor: Actor, body: GymPatchBody): Promise<GymWithRole> {
      const g = await d.db.transaction(async (tx) => {
        const before = body.timezone !== undefined ? await d.repo.findGym(actor.gymId, tx) : undefined;
        const updated = await d.repo.updateGym(actor.gymId, toGymValues(body), tx);
        if (!updated) throw notFound(M.msg('gym_not_found'));
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

    async members(gymId: number, f: { role?: Role; q?: string }, page: Pagination) {
      const { rows, total } = await d.repo.listMembers(gymId, f, page);
      return { rows: rows.map(toMemberDto), total };
    },

    async member(actor: Actor, userId: number): Promise<Member> {
      if (actor.role === 'member' && userId !== actor.userId)
        throw refuseShared('self_only', { act: 'see_membership' });
      const m = await d.repo.findMember(actor.gymId, userId);
      if (!m) throw notFound(M.msg('member_not_found'));
      return toMemberDto(m);
    },

    /**
     * Invites an e-mail to the gym, or (staff registering a walk-in, `create_account`) creates the account and
     * adds it at once. The invitation path never looks the e-mail up: the answer, the mail sent and the work done
     * are the same whether or not it has an account (only the mail's language follows a saved one), so a manager cannot use it to learn who is registered.
     * A walk-in whose e-mail already has an account becomes an invitation (nobody is added without consent).
     */
    async addMember(actor: Actor, body: MemberCreateBody, lang: Lang = 'en'): Promise<MemberAddResult> {
      assertMayManage(actor, undefined, body.role);
      const now = new Date(d.clock());
      const gym = await d.repo.findGym(actor.gymId);
      if (!gym) throw notFound(M.msg('gym_not_found'));
      const done = await d.db.transaction(async (tx) => {
        if (body.create_account && body.name) {
          const made = await d.walkIns.createForWalkIn(
            { email: body.email, name: body.name, gymName: gym.name },
            lang,
            tx,
          );
          if (made) {
            await d.repo.insertMember(actor.gymId, made.user.id, body.role, tx);
            await d.audit(
              {
                gymId: actor.gymId,
                userId: actor.userId,
                action: 'member.walk_in_added',
                targetType: 'user',
                targetId: made.user.id,
                ip: actor.ip,
                metadata: { role: body.role },
              },
              tx,
            );
            const member = (await d.repo.findMember(actor.gymId, made.user.id, tx))!;
            return { active: { member, userId: made.user.id, mail: made.mail } } as const;
          }
        }
        const invitation = await d.repo.upsertInvitation(
          {
            gymId: actor.gymId,
            email: body.email,
            role: body.role,
            invitedBy: actor.userId,
            expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000),
            now,
          },
          tx,
        );
        await d.audit(
          {
            gymId: actor.gymId,
            userId: actor.userId,
            action: 'member.invited',
            targetType: 'invitation',
            targetId: invitation.id,
            ip: actor.ip,
            metadata: { role: body.role },
          },
          tx,
        );
        return { invitation } as const;
      });
      if ('active' in done && done.active) {
        await d.principals.invalidate(done.active.userId);
        await done.active.mail();
        return {
          status: 'active',
          email: body.email,
          role: body.role,
          invitation: null,
          member: toMemberDto(done.active.member),
        };
      }
      // Written in the invitee's saved language when the address has an account. The query runs either way, and
      // the manager never sees the mail, so the answer still does not tell whether the address is registered.
      const mailLang = savedLang(await d.repo.languageOfEmail(body.email)) ?? lang;
      await d.mail(
        invitationMail(mailLang, body.email, gym.name, body.role, d.publicUrl, INVITATION_TTL_DAYS),
      );
      return {
        status: 'invited',
        email: body.email,
        role: body.role,
        invitation: toInvitationDto(done.invitation, now),
        member: null,
      };
    },

    async invitations(gymId: number, status: InvitationStatus | undefined, page: Pagination) {
      const now = new Date(d.clock());
      const { rows, total } = await d.repo.listInvitations(gymId, status, now, page);
      return { rows: rows.map((r) => toInvitationDto(r, now)), total };
    },

    async revokeInvitation(actor: Actor, id: number): Promise<void> {
      await d.db.transaction(async (tx) => {
        const inv = await d.repo.lockPendingInvitation(actor.gymId, id, tx);
        if (!inv) throw notFound(M.msg('pending_invitation_not_found'));
        assertMayManage(actor, undefined, inv.role);
        await d.repo.setInvitationStatus(actor.gymId, id, 'revoked', new Date(d.clock()), tx);
        await d.audit(
          {
            gymId: actor.gymId,
            userId: actor.userId,
            action: 'member.invitation_revoked',
            targetType: 'invitation',
            targetId: id,
            ip: actor.ip,
          },
          tx,
        );
      });
    },

    /** Invitations to the caller's e-mail; only once that e-mail is confirmed (anyone can type any address). */
    async myInvitations(principal: Principal, page: Pagination) {
      const email = verifiedEmail(principal);
      const now = new Date(d.clock());
      const { rows, total } = await d.repo.invitationsFor(email, now, page);
      return {
        rows: rows.map((r): MyInvitation => ({
          id: r.invitation.id,
          gym: { id: r.invitation.gymId, name: r.gymName },
          role: r.invitation.role,
          invited_by_name: r.inviterName,
          created_at: r.invitation.createdAt.toISOString(),
          expires_at: r.invitation.expiresAt.toISOString(),
        })),
        total,
      };
    },

    async respondToInvitation(
      principal: Principal,
      id: number,
      answer: 'accepted' | 'declined',
      ip: string,
    ): Promise<GymWithRole | null> {
      const email = verifiedEmail(principal);
      const now = new Date(d.clock());
      const joined = await d.db.transaction(async (tx) => {
        const found = await d.repo.lockPendingInvitationFor(email, id, tx);
        if (!found) throw notFound(M.msg('invitation_not_found'));
        const inv = found.invitation;
        if (inv.expiresAt <= now) throw refuse('invitation_expired');
        await d.repo.setInvitationStatus(inv.gymId, id, answer, now, tx);
        if (answer === 'accepted') {
          // Someone already in the gym keeps the role they have.
          await d.repo.insertMember(inv.gymId, principal.userId, inv.role, tx);
        }
        // Joining is about the person (who joined); declining is about the invitation.
        await d.audit(
          answer === 'accepted'
            ? {
                gymId: inv.gymId,
                userId: principal.userId,
                action: 'member.joined',
                targetType: 'user',
                targetId: principal.userId,
                ip,
                metadata: { role: inv.role, invitation_id: id },
              }
            : {
                gymId: inv.gymId,
                userId: principal.userId,
                action: 'member.invitation_declined',
                targetType: 'invitation',
                targetId: id,
                ip,
                metadata: { role: inv.role },
              },
          tx,
        );
        if (answer !== 'accepted') return null;
        const m = (await d.repo.findMember(inv.gymId, principal.userId, tx))!;
        const g = (await d.repo.findGym(inv.gymId, tx))!;
        return { ...toGymDto(g), role: m.role };
      });
      if (joined) await d.principals.invalidate(principal.userId);
      return joined;
    },

    async changeRole(actor: Actor, userId: number, role: Role): Promise<Member> {
      const m = await d.db.transaction(async (tx) => {
        const current = await d.repo.findMember(actor.gymId, userId, tx);
        if (!current) throw notFound(M.msg('member_not_found'));
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
      if (!self && !MANAGERS.includes(actor.role)) throw forbidden(M.msg('remove_needs_staff'));
      await d.db.transaction(async (tx) => {
        const current = await d.repo.findMember(actor.gymId, userId, tx);
        if (!current) throw notFound(M.msg('member_not_found'));
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
            throw refuse('last_owner', { gyms: blocking.map((g) => ({ id: g.gym_id, name: g.name })) });
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
