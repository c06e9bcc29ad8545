import { and, asc, count, desc, eq, gt, ilike, inArray, lte, or, sql } from 'drizzle-orm';
import type { InvitationStatus, Role } from '@pulso/contracts';
import { rowsOf, type Db, type Executor } from '../../platform/db/index.js';
import { pgCode } from '../../platform/errors.js';
import { users } from '../../platform/kernel/tables.js';
import { gymMembers, gyms } from '../../platform/kernel/tables.js';
import { gymInvitations } from './tables.js';

export type GymRow = typeof gyms.$inferSelect;
export type InvitationRow = typeof gymInvitations.$inferSelect;
export type GymValues = Partial<Omit<typeof gyms.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>>;

/** `%` and `_` typed in a search are meant literally. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const memberColumns = {
  userId: gymMembers.userId,
  email: users.email,
  name: users.name,
  role: gymMembers.role,
  joinedAt: gymMembers.createdAt,
};

export function createGymsRepo(db: Db) {
  return {
    async insertGym(v: GymValues & { name: string }, tx: Executor = db): Promise<GymRow> {
      const [g] = await tx.insert(gyms).values(v).returning();
      return g!;
    },
    async findGym(id: number, tx: Executor = db): Promise<GymRow | undefined> {
      const [g] = await tx.select().from(gyms).where(eq(gyms.id, id));
      return g;
    },
    /** The saved language of the account with this e-mail (citext: any case); null without one or no account. */
    async languageOfEmail(email: string, tx: Executor = db): Promise<string | null> {
      const [u] = await tx.select({ language: users.language }).from(users).where(eq(users.email, email));
      return u?.language ?? null;
    },
    async gymExists(id: number, tx: Executor = db): Promise<boolean> {
      const r = await tx.select({ id: gyms.id }).from(gyms).where(eq(gyms.id, id));
      return r.length > 0;
    },
    async updateGym(id: number, v: GymValues, tx: Executor = db): Promise<GymRow | undefined> {
      const [g] = await tx
        .update(gyms)
        .set({ ...v, updatedAt: sql`now()` })
        .where(eq(gyms.id, id))
        .returning();
      return g;
    },
    async deleteGyms(ids: number[], tx: Executor = db) {
      if (ids.length) await tx.delete(gyms).where(inArray(gyms.id, ids));
    },
    async gymsOfUser(userId: number, page: { skip: number; limit: number } | null, tx: Executor = db) {
      const q = tx
        .select({ gym: gyms, role: gymMembers.role })
        .from(gymMembers)
        .innerJoin(gyms, eq(gyms.id, gymMembers.gymId))
        .where(eq(gymMembers.userId, userId))
        .orderBy(asc(gyms.id));
      const rows = page ? await q.offset(page.skip).limit(page.limit) : await q;
      const [total] = await tx.select({ n: count() }).from(gymMembers).where(eq(gymMembers.userId, userId));
      return { rows, total: total?.n ?? 0 };
    },

    /** Returns false when the user is already a member. */
    async insertMember(gymId: number, userId: number, role: Role, tx: Executor = db): Promise<boolean> {
      try {
        await tx.insert(gymMembers).values({ gymId, userId, role });
        return true;
      } catch (err) {
        if (pgCode(err) === '23505') return false;
        throw err;
      }
    },
    async findMember(gymId: number, userId: number, tx: Executor = db) {
      const [m] = await tx
        .select(memberColumns)
        .from(gymMembers)
        .innerJoin(users, eq(users.id, gymMembers.userId))
        .where(and(eq(gymMembers.gymId, gymId), eq(gymMembers.userId, userId)));
      return m;
    },
    async listMembers(
      gymId: number,
      f: { role?: Role; q?: string },
      page: { skip: number; limit: number },
      tx: Executor = db,
    ) {
      const like = f.q ? `%${likeEscape(f.q)}%` : undefined;
      const w = and(
        eq(gymMembers.gymId, gymId),
        f.role ? eq(gymMembers.role, f.role) : undefined,
        like ? or(ilike(users.name, like), ilike(users.email, like)) : undefined,
      );
      const [rows, [total]] = await Promise.all([
        tx
          .select(memberColumns)
          .from(gymMembers)
          .innerJoin(users, eq(users.id, gymMembers.userId))
          .where(w)
          .orderBy(asc(gymMembers.createdAt), asc(gymMembers.userId))
          .offset(page.skip)
          .limit(page.limit),
        // The search reads the name and e-mail: the count joins the users as the page does.
        tx.select({ n: count() }).from(gymMembers).innerJoin(users, eq(users.id, gymMembers.userId)).where(w),
      ]);
      return { rows, total: total?.n ?? 0 };
    },
    async memberIds(gymId: number, tx: Executor = db): Promise<number[]> {
      const r = await tx
        .select({ id: gymMembers.userId })
        .from(gymMembers)
        .where(eq(gymMembers.gymId, gymId));
      return r.map((x) => x.id);
    },
    async setRole(gymId: number, userId: number, role: Role, tx: Executor = db) {
      await tx
        .update(gymMembers)
        .set({ role })
        .where(and(eq(gymMembers.gymId, gymId), eq(gymMembers.userId, userId)));
    },
    async deleteMember(gymId: number, userId: number, tx: Executor = db) {
      await tx.delete(gymMembers).where(and(eq(gymMembers.gymId, gymId), eq(gymMembers.userId, userId)));
    },
    /**
     * Locks the gym's owner rows (FOR UPDATE) and returns their ids. Two concurrent demotions of the last two
     * owners serialise here, so the second sees one owner left and is refused.
     */
    async lockOwners(gymId: number, tx: Executor): Promise<number[]> {
      const r = await tx
        .select({ id: gymMembers.userId })
        .from(gymMembers)
        .where(and(eq(gymMembers.gymId, gymId), eq(gymMembers.role, 'owner')))
        .for('update');
      return r.map((x) => x.id);
    },
    /** Gyms where the user is the only owner, with how many other members each has. */
    async soleOwnerships(userId: number, tx: Executor = db) {
      const r = await tx.execute(sql`
        select g.id as gym_id, g.name,
               (select count(*)::int from gym_members o where o.gym_id = g.id and o.user_id <> ${userId}) as others
          from gym_members m join gyms g on g.id = m.gym_id
         where m.user_id = ${userId} and m.role = 'owner'
           and not exists (select 1 from gym_members x
                            where x.gym_id = m.gym_id and x.role = 'owner' and x.user_id <> ${userId})
         for update of m`);
      return rowsOf<{ gym_id: number; name: string; others: number }>(r);
    },
    /** Creates the pending invitation of (gym, e-mail), or renews the one there is (role, inviter, expiry). */
    async upsertInvitation(
      v: { gymId: number; email: string; role: Role; invitedBy: number; expiresAt: Date; now: Date },
      tx: Executor = db,
    ): Promise<InvitationRow> {
      const { now, ...values } = v;
      const [r] = await tx
        .insert(gymInvitations)
        .values({ ...values, createdAt: now })
        .onConflictDoUpdate({
          target: [gymInvitations.gymId, gymInvitations.email],
          targetWhere: sql`${gymInvitations.status} = 'pending'`,
          set: { role: v.role, invitedBy: v.invitedBy, expiresAt: v.expiresAt, createdAt: now },
        })
        .returning();
      return r!;
    },
    async listInvitations(
      gymId: number,
      status: InvitationStatus | undefined,
      now: Date,
      page: { skip: number; limit: number },
      tx: Executor = db,
    ) {
      const byStatus =
        status === 'expired'
          ? and(eq(gymInvitations.status, 'pending'), lte(gymInvitations.expiresAt, now))
          : status === 'pending'
            ? and(eq(gymInvitations.status, 'pending'), gt(gymInvitations.expiresAt, now))
            : status
              ? eq(gymInvitations.status, status)
              : undefined;
      const w = and(eq(gymInvitations.gymId, gymId), byStatus);
      const [rows, [total]] = await Promise.all([
        tx
          .select()
          .from(gymInvitations)
          .where(w)
          .orderBy(desc(gymInvitations.createdAt), desc(gymInvitations.id))
          .offset(page.skip)
          .limit(page.limit),
        tx.select({ n: count() }).from(gymInvitations).where(w),
      ]);
      return { rows, total: total?.n ?? 0 };
    },
    /** A pending invitation of the gym, locked until commit. */
    async lockPendingInvitation(gymId: number, id: number, tx: Executor) {
      const [r] = await tx
        .select()
        .from(gymInvitations)
        .where(
          and(
            eq(gymInvitations.gymId, gymId),
            eq(gymInvitations.id, id),
            eq(gymInvitations.status, 'pending'),
          ),
        )
        .for('update');
      return r;
    },
    /** A pending invitation addressed to `email`, locked until commit. */
    async lockPendingInvitationFor(email: string, id: number, tx: Executor) {
      const [r] = await tx
        .select({ invitation: gymInvitations, gymName: gyms.name })
        .from(gymInvitations)
        .innerJoin(gyms, eq(gyms.id, gymInvitations.gymId))
        .where(
          and(
            eq(gymInvitations.id, id),
            eq(gymInvitations.email, email),
            eq(gymInvitations.status, 'pending'),
          ),
        )
        .for('update', { of: gymInvitations });
      return r;
    },
    async setInvitationStatus(
      gymId: number,
      id: number,
      status: 'accepted' | 'declined' | 'revoked',
      now: Date,
      tx: Executor = db,
    ) {
      await tx
        .update(gymInvitations)
        .set({ status, respondedAt: now })
        .where(and(eq(gymInvitations.gymId, gymId), eq(gymInvitations.id, id)));
    },
    /** The live invitations addressed to an e-mail, newest first, with the gym's and the inviter's names. */
    async invitationsFor(email: string, now: Date, page: { skip: number; limit: number }, tx: Executor = db) {
      const w = and(
        eq(gymInvitations.email, email),
        eq(gymInvitations.status, 'pending'),
        gt(gymInvitations.expiresAt, now),
      );
      const [rows, [total]] = await Promise.all([
        tx
          .select({
            invitation: gymInvitations,
            gymName: gyms.name,
            inviterName: users.name,
          })
          .from(gymInvitations)
          .innerJoin(gyms, eq(gyms.id, gymInvitations.gymId))
          .leftJoin(users, eq(users.id, gymInvitations.invitedBy))
          .where(w)
          .orderBy(desc(gymInvitations.createdAt), desc(gymInvitations.id))
          .offset(page.skip)
          .limit(page.limit),
        tx.select({ n: count() }).from(gymInvitations).where(w),
      ]);
      return { rows, total: total?.n ?? 0 };
    },
    async membershipsForExport(userId: number, tx: Executor = db) {
      return tx
        .select({
          gym_id: gyms.id,
          gym_name: gyms.name,
          role: gymMembers.role,
          joined_at: gymMembers.createdAt,
        })
        .from(gymMembers)
        .innerJoin(gyms, eq(gyms.id, gymMembers.gymId))
        .where(eq(gymMembers.userId, userId));
    },
  };
}
export type GymsRepo = ReturnType<typeof createGymsRepo>;
