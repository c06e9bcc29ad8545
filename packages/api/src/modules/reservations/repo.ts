import { and, asc, count, desc, eq, gt, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgSession } from 'drizzle-orm/pg-core';
import { rowsOf, type Db, type Executor } from '../../platform/db/index.js';
import type { RESERVATION_STATUSES, SLOT_KINDS } from './tables.js';
import { reservableSlots, reservations } from './tables.js';

export type SlotRow = typeof reservableSlots.$inferSelect;
export type ReservationRow = typeof reservations.$inferSelect;
// The slot's primary key is (gym_id, id): a join on id alone could not use it.
const slotOfReservation = and(
  eq(reservableSlots.gymId, reservations.gymId),
  eq(reservableSlots.id, reservations.slotId),
);
export type SlotKind = (typeof SLOT_KINDS)[number];
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** The live waitlist rank of a waitlisted row (1 = next to be promoted). */
const rank = sql<number | null>`case when ${reservations.status} = 'waitlisted' then (
  select count(*)::int from reservations w
   where w.gym_id = ${reservations.gymId} and w.slot_id = ${reservations.slotId}
     and w.status = 'waitlisted' and w.position <= ${reservations.position}) end`;

const listColumns = {
  id: reservations.id,
  slotId: reservations.slotId,
  userId: reservations.userId,
  status: reservations.status,
  position: rank,
  createdAt: reservations.createdAt,
  cancelledAt: reservations.cancelledAt,
  kind: reservableSlots.kind,
  startsAt: reservableSlots.startsAt,
  slotStatus: reservableSlots.status,
};
export type ReservationListRow = {
  id: number;
  slotId: number;
  userId: number;
  status: ReservationStatus;
  position: number | null;
  createdAt: Date;
  cancelledAt: Date | null;
  kind: SlotKind;
  startsAt: Date;
  slotStatus: 'open' | 'cancelled';
};

/**
 * The booking statement of `reserveAtomically`, built once. Through `db.execute(sql…)` it would be rebuilt from
 * the template on every booking and sent unnamed, and postgres.js sends an unnamed statement with parameters in
 * two round trips (parse and describe, then bind and execute) to learn the parameters' types. A named prepared
 * statement is parsed once per pooled connection and then costs one round trip (bind and execute) per booking,
 * with the slot's lock held for the same single statement. PGlite runs it as before.
 */
const reserveSql = sql`
        with s as (
          select id, kind, status, starts_at <= ${sql.placeholder('now')}::timestamptz as started,
                 capacity is not null and booked_count >= capacity as full,
                 capacity, booked_count, waitlist_seq, waitlist_count
            from reservable_slots
           where gym_id = ${sql.placeholder('gymId')} and id = ${sql.placeholder('slotId')}
             for update),
        ins as (
          insert into reservations (gym_id, slot_id, user_id, status, position)
          select ${sql.placeholder('gymId')}, s.id, ${sql.placeholder('userId')},
                 (case when s.full then 'waitlisted' else 'booked' end)::reservation_status,
                 case when s.full then s.waitlist_seq + 1 end
            from s
           where s.status = 'open' and not s.started
          on conflict do nothing
          returning id, status),
        upd as (
          update reservable_slots r
             set booked_count = r.booked_count + (ins.status = 'booked')::int,
                 waitlist_count = r.waitlist_count + (ins.status = 'waitlisted')::int,
                 waitlist_seq = r.waitlist_seq + (ins.status = 'waitlisted')::int,
                 updated_at = now()
            from ins
           where r.gym_id = ${sql.placeholder('gymId')} and r.id = ${sql.placeholder('slotId')})
        select s.kind, s.status, s.started, ins.id, ins.status as r_status, s.capacity,
               s.booked_count + coalesce((ins.status = 'booked')::int, 0) as booked_after,
               s.waitlist_count + coalesce((ins.status = 'waitlisted')::int, 0) as waitlist_after,
               case when ins.status = 'waitlisted' then s.waitlist_count + 1 end as position
          from s left join ins on true`;
const reserveQuery = new PgDialect().sqlToQuery(reserveSql);
type ReserveParams = { gymId: number; slotId: number; userId: number; now: string };
type Prepared = { execute(p: ReserveParams): Promise<unknown> };
// One prepared query per session: the database's (the pool) and each transaction's (its reserved connection).
const reservePrepared = new WeakMap<object, Prepared>();
function reserveStatement(ex: Executor): Prepared {
  // `session` is drizzle's internal handle of a database or transaction; `prepareQuery` with a name is what
  // `.prepare(name)` on a query builder calls (raw SQL has no builder to call it on).
  const session = (ex as unknown as { session: PgSession }).session;
  let p = reservePrepared.get(session);
  if (!p) {
    p = session.prepareQuery(reserveQuery, undefined, 'reserve_atomically', false);
    reservePrepared.set(session, p);
  }
  return p;
}

export function createReservationsRepo(db: Db) {
  return {
    async insertSlot(
      v: { gymId: number; kind: SlotKind; capacity: number | null; startsAt: Date },
      tx: Executor = db,
    ): Promise<SlotRow> {
      const [s] = await tx.insert(reservableSlots).values(v).returning();
      return s!;
    },
    async findSlot(gymId: number, slotId: number, tx: Executor = db): Promise<SlotRow | undefined> {
      const [s] = await tx
        .select()
        .from(reservableSlots)
        .where(and(eq(reservableSlots.gymId, gymId), eq(reservableSlots.id, slotId)));
      return s;
    },
    /** Locks the slot row until the transaction ends: every decision on its places is serialised here. */
    async lockSlot(gymId: number, slotId: number, tx: Executor): Promise<SlotRow | undefined> {
      const [s] = await tx
        .select()
        .from(reservableSlots)
        .where(and(eq(reservableSlots.gymId, gymId), eq(reservableSlots.id, slotId)))
        .for('update');
      return s;
    },
    async setSlot(
      gymId: number,
      slotId: number,
      v: Partial<
        Pick<SlotRow, 'capacity' | 'startsAt' | 'status' | 'bookedCount' | 'waitlistCount' | 'waitlistSeq'>
      >,
      tx: Executor,
    ) {
      await tx
        .update(reservableSlots)
        .set({ ...v, updatedAt: sql`now()` })
        .where(and(eq(reservableSlots.gymId, gymId), eq(reservableSlots.id, slotId)));
    },
    async deleteSlots(gymId: number, slotIds: number[], tx: Executor = db) {
      if (slotIds.length)
        await tx
          .delete(reservableSlots)
          .where(and(eq(reservableSlots.gymId, gymId), inArray(reservableSlots.id, slotIds)));
    },

    /**
     * A reservation in one statement (one round trip, no transaction held open by this process): locks the slot
     * row, decides place or waitlist from its locked counters, inserts the reservation and moves the counters.
     * In READ COMMITTED the lock waits for the previous holder and then reads the row's newest version, and the
     * counters' UPDATE (on the row this statement holds locked) adds to that newest version, so concurrent
     * statements are serialised on the slot exactly as `lockSlot` + insert + `setSlot` in a transaction are.
     * A duplicate (the partial unique index) inserts nothing and leaves the counters alone.
     *
     * `slot` is null when the slot is not the gym's; `reservation` is null when nothing was inserted: the slot
     * is cancelled, has started (`starts_at <= now`), or the person already holds an active reservation.
     */
    async reserveAtomically(
      v: { gymId: number; slotId: number; userId: number; now: Date },
      tx: Executor = db,
    ): Promise<{
      /** The slot, with its counts after this statement. */
      slot: {
        kind: SlotKind;
        status: 'open' | 'cancelled';
        started: boolean;
        capacity: number | null;
        bookedCount: number;
        waitlistCount: number;
      } | null;
      reservation: { id: number; status: 'booked' | 'waitlisted'; position: number | null } | null;
    }> {
      const r = await reserveStatement(tx).execute({
        gymId: v.gymId,
        slotId: v.slotId,
        userId: v.userId,
        now: v.now.toISOString(),
      });
      const [row] = rowsOf<{
        kind: SlotKind;
        status: 'open' | 'cancelled';
        started: boolean;
        id: number | null;
        r_status: 'booked' | 'waitlisted' | null;
        capacity: number | null;
        booked_after: number;
        waitlist_after: number;
        position: number | null;
      }>(r);
      if (!row) return { slot: null, reservation: null };
      return {
        slot: {
          kind: row.kind,
          status: row.status,
          started: row.started,
          capacity: row.capacity === null ? null : Number(row.capacity),
          bookedCount: Number(row.booked_after),
          waitlistCount: Number(row.waitlist_after),
        },
        reservation:
          row.id === null
            ? null
            : {
                id: Number(row.id),
                status: row.r_status!,
                position: row.position === null ? null : Number(row.position),
              },
      };
    },
    async insertReservation(
      v: {
        gymId: number;
        slotId: number;
        userId: number;
        status: ReservationStatus;
        position: number | null;
      },
      tx: Executor,
    ): Promise<ReservationRow | null> {
      // The partial unique index (one active reservation per person and slot) answers "already reserved"
      // in the same round trip, without aborting the caller's transaction.
      const [r] = await tx.insert(reservations).values(v).onConflictDoNothing().returning();
      return r ?? null;
    },
    async findReservation(gymId: number, id: number, tx: Executor = db): Promise<ReservationRow | undefined> {
      const [r] = await tx
        .select()
        .from(reservations)
        .where(and(eq(reservations.gymId, gymId), eq(reservations.id, id)));
      return r;
    },
    async setReservation(
      gymId: number,
      id: number,
      v: Partial<Pick<ReservationRow, 'status' | 'position' | 'cancelledAt' | 'promotedAt'>>,
      tx: Executor,
    ) {
      await tx
        .update(reservations)
        .set({ ...v, updatedAt: sql`now()` })
        .where(and(eq(reservations.gymId, gymId), eq(reservations.id, id)));
    },
    /** The first `n` of the waitlist, in arrival order. */
    async firstWaitlisted(gymId: number, slotId: number, n: number, tx: Executor) {
      return tx
        .select()
        .from(reservations)
        .where(
          and(
            eq(reservations.gymId, gymId),
            eq(reservations.slotId, slotId),
            eq(reservations.status, 'waitlisted'),
          ),
        )
        .orderBy(asc(reservations.position))
        .limit(n);
    },
    /**
     * The `booked` reservations to move to the waitlist when places are lost: the ones named, or the `n` that got
     * their place last (booking or promotion). In booking order.
     */
    async bookedToDemote(
      gymId: number,
      slotId: number,
      pick: { latest: number } | { ids: number[] },
      tx: Executor,
    ): Promise<ReservationRow[]> {
      const gotPlace = sql`coalesce(${reservations.promotedAt}, ${reservations.createdAt})`;
      const rows = await tx
        .select()
        .from(reservations)
        .where(
          and(
            eq(reservations.gymId, gymId),
            eq(reservations.slotId, slotId),
            eq(reservations.status, 'booked'),
            'ids' in pick ? inArray(reservations.id, pick.ids) : undefined,
          ),
        )
        .orderBy(desc(gotPlace), desc(reservations.id))
        .limit('ids' in pick ? pick.ids.length : pick.latest);
      return rows.reverse();
    },
    /** The smallest waitlist ticket of the slot (the head), or null when nobody waits. */
    async headTicket(gymId: number, slotId: number, tx: Executor): Promise<number | null> {
      const [r] = await tx
        .select({ p: sql<number | null>`min(${reservations.position})` })
        .from(reservations)
        .where(
          and(
            eq(reservations.gymId, gymId),
            eq(reservations.slotId, slotId),
            eq(reservations.status, 'waitlisted'),
          ),
        );
      return r?.p ?? null;
    },
    async activeUserIds(gymId: number, slotId: number, tx: Executor = db): Promise<number[]> {
      const r = await tx
        .select({ userId: reservations.userId })
        .from(reservations)
        .where(
          and(
            eq(reservations.gymId, gymId),
            eq(reservations.slotId, slotId),
            inArray(reservations.status, ['booked', 'waitlisted']),
          ),
        );
      return r.map((x) => x.userId);
    },

    async listForUser(
      gymId: number,
      userId: number,
      f: { kind?: SlotKind | undefined; when?: 'upcoming' | 'past' | undefined; now: Date },
      page: { skip: number; limit: number },
      tx: Executor = db,
    ) {
      const w: SQL | undefined = and(
        eq(reservations.gymId, gymId),
        eq(reservations.userId, userId),
        f.kind ? eq(reservableSlots.kind, f.kind) : undefined,
        f.when === 'upcoming' ? gt(reservableSlots.startsAt, f.now) : undefined,
        f.when === 'past' ? lte(reservableSlots.startsAt, f.now) : undefined,
      );
      const order =
        f.when === 'past'
          ? [desc(reservableSlots.startsAt), desc(reservations.id)]
          : [asc(reservableSlots.startsAt), asc(reservations.id)];
      const [rows, [total]] = await Promise.all([
        tx
          .select(listColumns)
          .from(reservations)
          .innerJoin(reservableSlots, slotOfReservation)
          .where(w)
          .orderBy(...order)
          .offset(page.skip)
          .limit(page.limit),
        tx.select({ n: count() }).from(reservations).innerJoin(reservableSlots, slotOfReservation).where(w),
      ]);
      return { rows: rows as ReservationListRow[], total: total?.n ?? 0 };
    },
    async listForSlot(
      gymId: number,
      slotId: number,
      page: { skip: number; limit: number },
      tx: Executor = db,
    ) {
      const w = and(eq(reservations.gymId, gymId), eq(reservations.slotId, slotId));
      const [rows, [total]] = await Promise.all([
        tx
          .select(listColumns)
          .from(reservations)
          .innerJoin(reservableSlots, slotOfReservation)
          .where(w)
          // Places first (in booking order), then the waitlist in its order, then the cancelled.
          .orderBy(
            sql`case ${reservations.status} when 'waitlisted' then 1 when 'cancelled' then 2 else 0 end`,
            asc(reservations.position),
            asc(reservations.id),
          )
          .offset(page.skip)
          .limit(page.limit),
        tx.select({ n: count() }).from(reservations).where(w),
      ]);
      return { rows: rows as ReservationListRow[], total: total?.n ?? 0 };
    },
    async listRow(gymId: number, id: number, tx: Executor = db): Promise<ReservationListRow | undefined> {
      const [r] = await tx
        .select(listColumns)
        .from(reservations)
        .innerJoin(reservableSlots, slotOfReservation)
        .where(and(eq(reservations.gymId, gymId), eq(reservations.id, id)));
      return r;
    },
    async slotsByIds(gymId: number, slotIds: number[], tx: Executor = db): Promise<SlotRow[]> {
      if (!slotIds.length) return [];
      return tx
        .select()
        .from(reservableSlots)
        .where(and(eq(reservableSlots.gymId, gymId), inArray(reservableSlots.id, slotIds)));
    },

    /** Every active reservation of a person, in any gym (account erasure) or in one gym (leaving it). */
    async activeOfUser(userId: number, tx: Executor = db, only?: { gymId: number; startingAfter: Date }) {
      return tx
        .select({ id: reservations.id, gymId: reservations.gymId })
        .from(reservations)
        .innerJoin(reservableSlots, slotOfReservation)
        .where(
          and(
            eq(reservations.userId, userId),
            only ? eq(reservations.gymId, only.gymId) : undefined,
            only ? gt(reservableSlots.startsAt, only.startingAfter) : undefined,
            inArray(reservations.status, ['booked', 'waitlisted']),
          ),
        );
    },
    async exportOfUser(userId: number, tx: Executor = db) {
      return tx
        .select({
          id: reservations.id,
          gym_id: reservations.gymId,
          kind: reservableSlots.kind,
          starts_at: reservableSlots.startsAt,
          status: reservations.status,
          created_at: reservations.createdAt,
          cancelled_at: reservations.cancelledAt,
        })
        .from(reservations)
        .innerJoin(reservableSlots, slotOfReservation)
        .where(eq(reservations.userId, userId))
        .orderBy(asc(reservations.id));
    },
  };
}
export type ReservationsRepo = ReturnType<typeof createReservationsRepo>;
