import { and, asc, count, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/index.js';
import { reservableSlots, reservations } from '../reservations/tables.js';
import { events } from './tables.js';

export type EventRow = typeof events.$inferSelect;
export type EventValues = Partial<
  Pick<EventRow, 'title' | 'description' | 'startsAt' | 'endsAt' | 'location' | 'capacity' | 'status'>
>;
/** An event with the counters of its slot. */
export type EventWithCounts = EventRow & { bookedCount: number; waitlistCount: number };

export function createEventsRepo(db: Db) {
  const select = (tx: Executor) =>
    tx
      .select({
        event: events,
        bookedCount: reservableSlots.bookedCount,
        waitlistCount: reservableSlots.waitlistCount,
      })
      .from(events)
      .innerJoin(
        reservableSlots,
        and(eq(reservableSlots.gymId, events.gymId), eq(reservableSlots.id, events.slotId)),
      );
  const flat = (r: { event: EventRow; bookedCount: number; waitlistCount: number }): EventWithCounts => ({
    ...r.event,
    bookedCount: r.bookedCount,
    waitlistCount: r.waitlistCount,
  });

  return {
    /** slot id → event id, for live updates of places (`platform/live.ts`). */
    async eventsOfSlots(gymId: number, slotIds: number[], tx: Executor = db): Promise<Map<number, number>> {
      if (!slotIds.length) return new Map();
      const rows = await tx
        .select({ id: events.id, slotId: events.slotId })
        .from(events)
        .where(and(eq(events.gymId, gymId), inArray(events.slotId, slotIds)));
      return new Map(rows.map((r) => [r.slotId, r.id]));
    },
    async insert(
      v: Required<Omit<EventValues, 'status'>> & { gymId: number; slotId: number; createdBy: number },
      tx: Executor = db,
    ): Promise<EventRow> {
      const [e] = await tx.insert(events).values(v).returning();
      return e!;
    },
    async find(gymId: number, id: number, tx: Executor = db): Promise<EventWithCounts | undefined> {
      const [r] = await select(tx).where(and(eq(events.gymId, gymId), eq(events.id, id)));
      return r && flat(r);
    },
    /** Locks the event row for an update (two concurrent edits serialise). */
    async lock(gymId: number, id: number, tx: Executor): Promise<EventRow | undefined> {
      const [e] = await tx
        .select()
        .from(events)
        .where(and(eq(events.gymId, gymId), eq(events.id, id)))
        .for('update');
      return e;
    },
    async update(gymId: number, id: number, v: EventValues, tx: Executor) {
      await tx
        .update(events)
        .set({ ...v, revision: sql`${events.revision} + 1`, updatedAt: sql`now()` })
        .where(and(eq(events.gymId, gymId), eq(events.id, id)));
    },
    async delete(gymId: number, id: number, tx: Executor) {
      await tx.delete(events).where(and(eq(events.gymId, gymId), eq(events.id, id)));
    },
    async list(
      gymId: number,
      when: 'upcoming' | 'past' | 'all',
      now: Date,
      page: { skip: number; limit: number },
      tx: Executor = db,
    ) {
      const w = and(
        eq(events.gymId, gymId),
        when === 'upcoming' ? gte(events.endsAt, now) : undefined,
        when === 'past' ? lt(events.endsAt, now) : undefined,
      );
      const order =
        when === 'past' ? [desc(events.startsAt), desc(events.id)] : [asc(events.startsAt), asc(events.id)];
      const [rows, [total]] = await Promise.all([
        select(tx)
          .where(w)
          .orderBy(...order)
          .offset(page.skip)
          .limit(page.limit),
        tx.select({ n: count() }).from(events).where(w),
      ]);
      return { rows: rows.map(flat), total: total?.n ?? 0 };
    },
    /** Events in a time window (calendar feeds), cancelled ones included. */
    async inWindow(gymId: number, from: Date, to: Date, tx: Executor = db): Promise<EventRow[]> {
      return tx
        .select()
        .from(events)
        .where(and(eq(events.gymId, gymId), gte(events.endsAt, from), lt(events.startsAt, to)))
        .orderBy(asc(events.startsAt));
    },
    /** The event a reservation belongs to (undefined when it is not an event's). */
    async findBySlotOfReservation(gymId: number, reservationId: number, tx: Executor = db) {
      const [e] = await tx
        .select({ id: events.id, title: events.title })
        .from(events)
        .innerJoin(
          reservations,
          and(eq(reservations.slotId, events.slotId), eq(reservations.gymId, events.gymId)),
        )
        .where(and(eq(events.gymId, gymId), eq(reservations.id, reservationId)));
      return e;
    },
    /** The events behind reservation slots (a person's calendar, across the gyms named). */
    async bySlotIds(gymIds: number[], slotIds: number[], tx: Executor = db): Promise<EventRow[]> {
      if (!slotIds.length || !gymIds.length) return [];
      return tx
        .select()
        .from(events)
        .where(and(inArray(events.gymId, gymIds), inArray(events.slotId, slotIds)));
    },
  };
}
export type EventsRepo = ReturnType<typeof createEventsRepo>;
