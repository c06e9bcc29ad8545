/**
 * The reservation engine: places, bookings and waitlists, shared by class sessions (schedule module) and
 * event registrations (events module). No HTTP here; every method takes an optional `tx` (it runs inside
 * the caller's transaction when given, in its own otherwise).
 *
 * API (see the types below):
 * - `createSlot({gymId, kind: 'session'|'event', capacity: number|null, startsAt}, tx?) → slotId`
 *   (`capacity: null` = unlimited).
 * - `updateSlot(gymId, slotId, {capacity?, startsAt?, status?: 'open'|'cancelled', label?, now?}, tx?)
 *   → {promoted: userId[], affected: userId[], demoted: userId[]}` (`label`/`timezone` go into the notifications' data as
 *   `name`/`timezone`, as the notifications module renders them; same in `cancel`). Raising the capacity promotes the waitlist in order (each
 *   promoted person is notified, `waitlist_promoted`). Cancelling keeps the reservations as they are (the
 *   people see their booking with the slot cancelled, reopening brings it back) and returns in `affected`
 *   the users with a booked or waitlisted reservation: the CALLER notifies them with its own kind
 *   (`session_cancelled`, `event_changed`). 404 when the slot is not the gym's. A capacity below the places
 *   taken with `demote: 'ask'` is a 409 `capacity_below_bookings`; with `demote` 'latest' or the booking ids
 *   (exactly as many as the places lost) those go to the head of the waitlist and are notified
 *   (`moved_to_waitlist`); without `demote` everyone keeps their place (events).
 * - `reserve({gymId, slotId, userId, now, label?}, tx?) → {id, status: 'booked'|'waitlisted', position?}`.
 *   404 unknown slot; 409 when the slot is cancelled, has started (`startsAt <= now`) or the person already
 *   holds an active reservation of it. `position` is the 1-based waitlist rank.
 * - `cancel({gymId, reservationId, actor: {userId, staff}, now, cutoffMinutes, kind?, label?}, tx?)
 *   → {cancelled: Reservation, promoted: userId|null}`. A non-staff actor may cancel only their own (404
 *   otherwise) and, for a booked place, only until `cutoffMinutes` before the start (409 with the reason).
 *   A freed place goes to the first of the waitlist (notified) unless the slot has started or is cancelled.
 *   `kind` restricts to one kind of slot (a session route cannot cancel an event registration: 404).
 * - `mark(gymId, reservationId, 'attended'|'no_show'|'booked', {kind?, now?}, tx?) → Reservation` (409 unless the
 *   reservation holds a place; 409 for attended/no_show before the slot's start when `now` is given).
 * - `holders(gymId, slotId, tx?) → userId[]`: who holds a place or a waitlist entry (to tell them of a change).
 * - `get(gymId, reservationId, kind?) → Reservation` (404); `detail(gymId, reservationId)` → the list row.
 * - `listForUser(gymId, userId, {kind?, when?: 'upcoming'|'past', now}, {skip, limit}) → {rows, total}`;
 *   `listForSlot(gymId, slotId, {skip, limit}) → {rows, total}` (places, then the waitlist in order).
 * - `counts(gymId, slotIds) → Map<slotId, SlotCounts>`; `deleteSlots(gymId, slotIds, tx?)` (reservations go
 *   with them: delete only what nobody needs to be told about).
 * - `cancelAllInGym(gymId, userId, tx?)`: someone left the gym; their active reservations there are cancelled.
 * - `userData()`: the personal-data contributor (export; erasure cancels active reservations first so the
 *   waitlist moves on).
 *
 * Invariants (held by the database, not by this process): every decision about a slot's places is made
 * while its row is locked (`SELECT … FOR UPDATE`), from the locked counters; `booked_count` counts booked,
 * attended and no-show reservations, `waitlist_count` the waitlisted; a person holds at most one
 * non-cancelled reservation per slot (partial unique index; a violation is a 409). Waitlist tickets
 * (`position`) only grow, so the order is the arrival order; the rank shown is computed.
 */
import { reservationsMessages as M } from './messages.js';
import type { Db, Executor } from '../../platform/db/index.js';
import { invalid, notFound } from '../../platform/errors.js';
import { refuse } from './reasons.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import type { ReservationListRow, ReservationRow, ReservationsRepo, SlotKind, SlotRow } from './repo.js';

import type { Live } from '../../platform/live.js';
import type { Notify } from '../../platform/notify.js';
export type { ReservationListRow, ReservationStatus, SlotKind } from './repo.js';

/** Who loses their place when the capacity drops below the places taken: the latest to get one, or these ids. */
export type Demote = 'latest' | number[];

export interface ReservationsDeps {
  db: Db;
  repo: ReservationsRepo;
  notify: Notify;
  /** Open timetables hear each committed change of places (`platform/live.ts`); none in unit tests. */
  live?: Live;
  /** The app's clock (tests set it): whether a slot has started, promotion and cancellation times. */
  clock?: () => number;
}

export interface SlotCounts {
  slotId: number;
  capacity: number | null;
  bookedCount: number;
  waitlistCount: number;
  /** null when the capacity is unlimited. */
  spotsLeft: number | null;
  status: 'open' | 'cancelled';
  startsAt: Date;
}

export interface ReserveResult {
  id: number;
  status: 'booked' | 'waitlisted';
  position?: number;
}

export interface Reservation {
  id: number;
  gymId: number;
  slotId: number;
  userId: number;
  status: ReservationRow['status'];
  createdAt: Date;
  cancelledAt: Date | null;
}

export interface CancelInput {
  gymId: number;
  reservationId: number;
  actor: { userId: number; staff: boolean };
  now: Date;
  cutoffMinutes: number;
  kind?: SlotKind;
  /** What the notification calls the slot (its `data.name`), e.g. the class name, and the gym's zone. */
  label?: string;
  timezone?: string;
}
type About = { label?: string | undefined; timezone?: string | undefined };

const what = (kind: SlotKind) => (kind === 'session' ? 'session' : 'event');
const toReservation = (r: ReservationRow): Reservation => ({
  id: r.id,
  gymId: r.gymId,
  slotId: r.slotId,
  userId: r.userId,
  status: r.status,
  createdAt: r.createdAt,
  cancelledAt: r.cancelledAt,
});
const countsOf = (s: SlotRow): SlotCounts => ({
  slotId: s.id,
  capacity: s.capacity,
  bookedCount: s.bookedCount,
  waitlistCount: s.waitlistCount,
  spotsLeft: s.capacity === null ? null : Math.max(0, s.capacity - s.bookedCount),
  status: s.status,
  startsAt: s.startsAt,
});

export function createReservationsService(d: ReservationsDeps) {
  const clock = d.clock ?? Date.now;
  /** After `tx` commits, open streams hear the slot's places as they are now (its counters, updated in place). */
  const changed = (slot: SlotRow, tx: Executor) =>
    d.live?.slotChanged(
      {
        gymId: slot.gymId,
        slotId: slot.id,
        kind: slot.kind,
        capacity: slot.capacity,
        bookedCount: slot.bookedCount,
        waitlistCount: slot.waitlistCount,
        status: slot.status,
      },
      tx,
    );
  const inTx = <T>(tx: Executor | undefined, fn: (tx: Executor) => Promise<T>): Promise<T> =>
    tx ? fn(tx) : d.db.transaction((t) => fn(t));

  async function lock(gymId: number, slotId: number, tx: Executor): Promise<SlotRow> {
    const slot = await d.repo.lockSlot(gymId, slotId, tx);
    if (!slot) throw notFound(M.msg('slot_not_found'));
    return slot;
  }

  /**
   * Moves the head of the waitlist into free places. The slot must be locked by the caller; `slot` holds its
   * current counters and is updated in place.
   */
  async function promote(slot: SlotRow, about: About, tx: Executor): Promise<number[]> {
    if (slot.status !== 'open' || slot.waitlistCount === 0) return [];
    const free = slot.capacity === null ? slot.waitlistCount : slot.capacity - slot.bookedCount;
    if (free <= 0) return [];
    const next = await d.repo.firstWaitlisted(slot.gymId, slot.id, free, tx);
    if (!next.length) return [];
    const now = new Date(clock());
    for (const r of next)
      await d.repo.setReservation(
        slot.gymId,
        r.id,
        { status: 'booked', position: null, promotedAt: now },
        tx,
      );
    slot.bookedCount += next.length;
    slot.waitlistCount -= next.length;
    await d.repo.setSlot(
      slot.gymId,
      slot.id,
      { bookedCount: slot.bookedCount, waitlistCount: slot.waitlistCount },
      tx,
    );
    const name = about.label ?? `your ${what(slot.kind)}`;
    await d.notify(
      next.map((r) => ({
        gymId: slot.gymId,
        userId: r.userId,
        kind: 'waitlist_promoted' as const,
        title: 'You have a place',
        body: `A place came free: you moved from the waitlist to a place for ${name}.`,
        data: {
          reservation_id: r.id,
          slot_id: slot.id,
          slot_kind: slot.kind,
          starts_at: slot.startsAt.toISOString(),
          ...(about.label ? { name: about.label } : {}),
          ...(about.timezone ? { timezone: about.timezone } : {}),
        },
      })),
      tx,
    );
    return next.map((r) => r.userId);
  }

  /**
   * The capacity goes below the places taken: `booked_count - capacity` booked reservations go to the head of
   * the waitlist (in their booking order: they held a place, so they come before those who never did) and are
   * told. Without a choice, or with one that does not name exactly that many booked places of the slot, nothing
   * changes. The slot must be locked; its counters are updated in place.
   */
  async function demote(
    slot: SlotRow,
    capacity: number,
    choice: Demote | undefined,
    about: About,
    tx: Executor,
  ): Promise<number[]> {
    const n = slot.bookedCount - capacity;
    const w = what(slot.kind);
    if (!choice)
      throw refuse(
        'capacity_below_bookings',
        { kind: slot.kind, booked: slot.bookedCount, capacity, moved: n },
        [{ field: 'capacity', message: M.msg('capacity_below', { booked: slot.bookedCount }) }],
      );
    if (choice !== 'latest' && new Set(choice).size !== n)
      throw invalid('demote', M.msg('demote_count', { n, kind: slot.kind }));
    const rows = await d.repo.bookedToDemote(
      slot.gymId,
      slot.id,
      choice === 'latest' ? { latest: n } : { ids: [...new Set(choice)] },
      tx,
    );
    if (rows.length !== n)
      throw choice === 'latest'
        ? refuse('too_few_to_demote', { movable: rows.length })
        : invalid('demote', M.msg('demote_ids', { kind: slot.kind }));
    const head = (await d.repo.headTicket(slot.gymId, slot.id, tx)) ?? slot.waitlistSeq + 1;
    for (const [i, r] of rows.entries())
      await d.repo.setReservation(
        slot.gymId,
        r.id,
        { status: 'waitlisted', position: head - n + i, promotedAt: null },
        tx,
      );
    slot.bookedCount -= n;
    slot.waitlistCount += n;
    await d.repo.setSlot(
      slot.gymId,
      slot.id,
      { bookedCount: slot.bookedCount, waitlistCount: slot.waitlistCount },
      tx,
    );
    await d.notify(
      rows.map((r, i) => ({
        gymId: slot.gymId,
        userId: r.userId,
        kind: 'moved_to_waitlist' as const,
        title: 'Moved to the waitlist',
        body: `There are fewer places now: you are number ${i + 1} on the waitlist of your ${w}.`,
        data: {
          reservation_id: r.id,
          slot_id: slot.id,
          slot_kind: slot.kind,
          starts_at: slot.startsAt.toISOString(),
          position: i + 1,
          ...(about.label ? { name: about.label } : {}),
          ...(about.timezone ? { timezone: about.timezone } : {}),
        },
      })),
      tx,
    );
    return rows.map((r) => r.userId);
  }

  const service = {
    /** Who holds a place or a waitlist entry of the slot (to be told of a change). */
    holders(gymId: number, slotId: number, tx?: Executor): Promise<number[]> {
      return d.repo.activeUserIds(gymId, slotId, tx);
    },

    async createSlot(
      v: { gymId: number; kind: SlotKind; capacity: number | null; startsAt: Date },
      tx?: Executor,
    ): Promise<number> {
      return (await d.repo.insertSlot(v, tx)).id;
    },

    async updateSlot(
      gymId: number,
      slotId: number,
      patch: {
        capacity?: number | null;
        startsAt?: Date;
        status?: 'open' | 'cancelled';
        label?: string;
        timezone?: string;
        /**
         * What a capacity below the places taken does: unset keeps every place (the events module's rule);
         * 'ask' refuses (409) and a `Demote` choice moves those people to the waitlist.
         */
        demote?: Demote | 'ask' | undefined;
      },
      tx?: Executor,
    ): Promise<{ promoted: number[]; affected: number[]; demoted: number[] }> {
      return inTx(tx, async (tx) => {
        const slot = await lock(gymId, slotId, tx);
        const set: Parameters<ReservationsRepo['setSlot']>[2] = {};
        const demoted =
          patch.demote && patch.capacity != null && patch.capacity < slot.bookedCount
            ? await demote(slot, patch.capacity, patch.demote === 'ask' ? undefined : patch.demote, patch, tx)
            : [];
        if (patch.capacity !== undefined) set.capacity = slot.capacity = patch.capacity;
        if (patch.startsAt !== undefined) set.startsAt = slot.startsAt = patch.startsAt;
        const cancelling = patch.status === 'cancelled' && slot.status !== 'cancelled';
        if (patch.status !== undefined) set.status = slot.status = patch.status;
        if (Object.keys(set).length) await d.repo.setSlot(gymId, slotId, set, tx);
        const affected = cancelling ? await d.repo.activeUserIds(gymId, slotId, tx) : [];
        const promoted = slot.startsAt.getTime() > clock() ? await promote(slot, patch, tx) : [];
        changed(slot, tx);
        return { promoted, affected, demoted };
      });
    },

    async reserve(
      v: { gymId: number; slotId: number; userId: number; now: Date },
      tx?: Executor,
    ): Promise<ReserveResult> {
      // One statement, one round trip (see `reserveAtomically`): the slot's lock is held only inside the
      // database, never across this process's event loop. It is its own transaction unless `tx` is given.
      const { slot, reservation: r } = await d.repo.reserveAtomically(v, tx);
      if (!slot) throw notFound(M.msg('slot_not_found'));
      const kind = slot.kind;
      if (slot.status === 'cancelled') throw refuse('slot_cancelled', { kind });
      if (slot.started) throw refuse('slot_started', { kind, act: 'book' });
      if (!r) throw refuse('already_booked', { kind });
      // Places left, told to open timetables once committed (at once when the statement was its own transaction).
      d.live?.slotChanged(
        {
          gymId: v.gymId,
          slotId: v.slotId,
          kind,
          capacity: slot.capacity,
          bookedCount: slot.bookedCount,
          waitlistCount: slot.waitlistCount,
          status: slot.status,
        },
        tx,
      );
      return r.status === 'waitlisted'
        ? { id: r.id, status: 'waitlisted', position: r.position! }
        : { id: r.id, status: 'booked' };
    },

    async cancel(
      c: CancelInput,
      tx?: Executor,
    ): Promise<{ cancelled: Reservation; promoted: number | null }> {
      return inTx(tx, async (tx) => {
        const before = await d.repo.findReservation(c.gymId, c.reservationId, tx);
        if (!before || (!c.actor.staff && before.userId !== c.actor.userId))
          throw notFound(M.msg('booking_not_found'));
        const slot = await lock(c.gymId, before.slotId, tx);
        if (c.kind && slot.kind !== c.kind) throw notFound(M.msg('booking_not_found'));
        // Re-read under the slot lock: a concurrent cancel or promotion may have changed it.
        const r = (await d.repo.findReservation(c.gymId, c.reservationId, tx))!;
        if (r.status === 'cancelled') throw refuse('booking_cancelled');
        if (r.status === 'attended' || r.status === 'no_show')
          throw refuse('attendance_recorded', { kind: slot.kind });
        if (!c.actor.staff && r.status === 'booked') {
          const limit = slot.startsAt.getTime() - c.cutoffMinutes * 60_000;
          if (c.now.getTime() > limit)
            throw slot.startsAt <= c.now
              ? refuse('slot_started', { kind: slot.kind, act: 'cancel_booking' })
              : refuse('cancellation_closed', { minutes: c.cutoffMinutes });
        }
        const cancelledAt = new Date(clock());
        await d.repo.setReservation(c.gymId, r.id, { status: 'cancelled', position: null, cancelledAt }, tx);
        let promoted: number | null = null;
        if (r.status === 'waitlisted') {
          slot.waitlistCount -= 1;
          await d.repo.setSlot(c.gymId, slot.id, { waitlistCount: slot.waitlistCount }, tx);
        } else {
          slot.bookedCount -= 1;
          await d.repo.setSlot(c.gymId, slot.id, { bookedCount: slot.bookedCount }, tx);
          if (slot.startsAt > c.now) promoted = (await promote(slot, c, tx))[0] ?? null;
        }
        changed(slot, tx);
        return { cancelled: toReservation({ ...r, status: 'cancelled', cancelledAt }), promoted };
      });
    },

    async mark(
      gymId: number,
      reservationId: number,
      status: 'attended' | 'no_show' | 'booked',
      o: { kind?: SlotKind; now?: Date } = {},
      tx?: Executor,
    ): Promise<Reservation> {
      return inTx(tx, async (tx) => {
        const before = await d.repo.findReservation(gymId, reservationId, tx);
        if (!before) throw notFound(M.msg('booking_not_found'));
        const slot = await lock(gymId, before.slotId, tx);
        if (o.kind && slot.kind !== o.kind) throw notFound(M.msg('booking_not_found'));
        const r = (await d.repo.findReservation(gymId, reservationId, tx))!;
        if (r.status === 'cancelled' || r.status === 'waitlisted')
          throw refuse('booking_not_markable', { status: r.status });
        if (status !== 'booked' && o.now && slot.startsAt > o.now)
          throw refuse('attendance_too_early', { kind: slot.kind, startsAt: slot.startsAt });
        await d.repo.setReservation(gymId, r.id, { status }, tx);
        return toReservation({ ...r, status });
      });
    },

    async get(gymId: number, reservationId: number, kind?: SlotKind): Promise<Reservation> {
      const r = await d.repo.findReservation(gymId, reservationId);
      if (!r) throw notFound(M.msg('booking_not_found'));
      if (kind) {
        const s = await d.repo.findSlot(gymId, r.slotId);
        if (s?.kind !== kind) throw notFound(M.msg('booking_not_found'));
      }
      return toReservation(r);
    },

    /** One reservation as the lists show it (with its slot and live waitlist rank). */
    async detail(gymId: number, reservationId: number): Promise<ReservationListRow> {
      const r = await d.repo.listRow(gymId, reservationId);
      if (!r) throw notFound(M.msg('booking_not_found'));
      return r;
    },

    listForUser(
      gymId: number,
      userId: number,
      f: { kind?: SlotKind | undefined; when?: 'upcoming' | 'past' | undefined; now: Date },
      page: { skip: number; limit: number },
    ): Promise<{ rows: ReservationListRow[]; total: number }> {
      return d.repo.listForUser(gymId, userId, f, page);
    },

    listForSlot(
      gymId: number,
      slotId: number,
      page: { skip: number; limit: number },
    ): Promise<{ rows: ReservationListRow[]; total: number }> {
      return d.repo.listForSlot(gymId, slotId, page);
    },

    async counts(gymId: number, slotIds: number[], tx?: Executor): Promise<Map<number, SlotCounts>> {
      const rows = await d.repo.slotsByIds(gymId, [...new Set(slotIds)], tx);
      return new Map(rows.map((s) => [s.id, countsOf(s)]));
    },

    async deleteSlots(gymId: number, slotIds: number[], tx?: Executor): Promise<void> {
      await d.repo.deleteSlots(gymId, slotIds, tx);
    },

    /**
     * Someone leaves a gym (or is removed): their booked and waitlisted reservations there for what has not
     * started yet are cancelled, so the places go to the waitlists. Past ones keep their status.
     */
    async cancelAllInGym(gymId: number, userId: number, tx?: Executor): Promise<number> {
      const now = new Date(clock());
      let n = 0;
      for (const r of await d.repo.activeOfUser(userId, tx, { gymId, startingAfter: now })) {
        await service.cancel(
          { gymId, reservationId: r.id, actor: { userId, staff: true }, now, cutoffMinutes: 0 },
          tx,
        );
        n++;
      }
      return n;
    },

    userData(): UserDataContributor {
      return {
        name: 'reservations',
        export: async (userId, tx) =>
          (await d.repo.exportOfUser(userId, tx)).map((r) => ({
            ...r,
            starts_at: r.starts_at.toISOString(),
            created_at: r.created_at.toISOString(),
            cancelled_at: r.cancelled_at?.toISOString() ?? null,
          })),
        // The rows go with the account (ON DELETE CASCADE); cancelling first keeps the counters right and
        // gives the freed places to the waitlist.
        beforeErase: async (userId, tx) => {
          const now = new Date(clock());
          for (const r of await d.repo.activeOfUser(userId, tx))
            await service.cancel(
              { gymId: r.gymId, reservationId: r.id, actor: { userId, staff: true }, now, cutoffMinutes: 0 },
              tx,
            );
        },
      };
    },
  };
  return service;
}
export type ReservationsService = ReturnType<typeof createReservationsService>;
