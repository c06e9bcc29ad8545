import { LRUCache } from 'lru-cache';
import { scheduleMessages as M } from './messages.js';
import type { Booking, BookingCreated, Pagination } from '@pulso/contracts';
import { STAFF } from '../../platform/auth/roles.js';
import { AppError, invalid, notFound } from '../../platform/errors.js';
import { refuse as refuseShared } from '../../platform/reasons.js';
import type { Actor } from '../gyms/service.js';
import type { ReservationListRow } from '../reservations/service.js';
import type { ScheduleContext } from './context.js';
import { toBookingDto } from './dto.js';

/** Booking a session, cancelling, attendance, a session's roster and one's own bookings (the reservation engine). */
export function createBookings({ d, now, gymOrThrow }: ScheduleContext) {
  // A session's slot never changes (ids are never reused, and a deleted session takes its slot along), so the
  // mapping is kept in the process: a booking is then one statement, the reservation itself. Only sessions that
  // exist are remembered; a stale entry of a deleted session finds no slot, which is the same 404.
  const slots = new LRUCache<string, number>({ max: 50_000 });
  async function slotOfSession(gymId: number, sessionId: number): Promise<number> {
    const key = `${gymId}:${sessionId}`;
    let slotId = slots.get(key);
    if (slotId === undefined) {
      slotId = await d.repo.slotOfSession(gymId, sessionId);
      if (slotId === undefined) throw notFound(M.msg('session_not_found'));
      slots.set(key, slotId);
    }
    return slotId;
  }

  async function bookingDtos(gymId: number, rows: ReservationListRow[]): Promise<Booking[]> {
    const sessions = new Map(
      (await d.repo.sessionsBySlots(gymId, [...new Set(rows.map((r) => r.slotId))])).map((s) => [
        s.slotId,
        s,
      ]),
    );
    return rows.flatMap((r) => {
      const s = sessions.get(r.slotId);
      if (!s) return [];
      return [toBookingDto(r, s)];
    });
  }

  async function sessionOfBooking(gymId: number, bookingId: number) {
    const r = await d.reservations.get(gymId, bookingId, 'session');
    const [s] = await d.repo.sessionsBySlots(gymId, [r.slotId]);
    if (!s) throw notFound(M.msg('booking_not_found'));
    return { r, s };
  }

  return {
    async book(actor: Actor, sessionId: number, forUser: number | undefined): Promise<BookingCreated> {
      const userId = forUser ?? actor.userId;
      if (userId !== actor.userId) {
        if (!STAFF.includes(actor.role)) throw refuseShared('self_only', { act: 'book' });
        if (!(await d.gyms.findMember(actor.gymId, userId))) throw invalid('user_id', M.msg('not_member'));
      }
      const slotId = await slotOfSession(actor.gymId, sessionId);
      try {
        return await d.reservations.reserve({ gymId: actor.gymId, slotId, userId, now: now() });
      } catch (err) {
        // The slot went with its session: the session is what the caller named.
        if (err instanceof AppError && err.code === 'not_found') {
          slots.delete(`${actor.gymId}:${sessionId}`);
          throw notFound(M.msg('session_not_found'));
        }
        throw err;
      }
    },
    async cancelBooking(actor: Actor, bookingId: number): Promise<void> {
      const staff = STAFF.includes(actor.role);
      const { r, s } = await sessionOfBooking(actor.gymId, bookingId);
      if (!staff && r.userId !== actor.userId) throw notFound(M.msg('booking_not_found'));
      const gym = await gymOrThrow(actor.gymId);
      await d.db.transaction(async (tx) => {
        await d.reservations.cancel(
          {
            gymId: actor.gymId,
            reservationId: bookingId,
            actor: { userId: actor.userId, staff },
            now: now(),
            cutoffMinutes: gym.cancellationCutoffMin,
            kind: 'session',
            label: s.className,
            timezone: gym.timezone,
          },
          tx,
        );
        if (r.userId !== actor.userId)
          await d.audit(
            {
              gymId: actor.gymId,
              userId: actor.userId,
              action: 'booking.cancelled',
              targetType: 'booking',
              targetId: bookingId,
              ip: actor.ip,
              metadata: { for_user: r.userId, session_id: s.id },
            },
            tx,
          );
      });
    },
    /** One booking: members see only their own (another's is a 404, as if it did not exist); staff any. */
    async booking(actor: Actor, bookingId: number): Promise<Booking> {
      const { r } = await sessionOfBooking(actor.gymId, bookingId);
      if (!STAFF.includes(actor.role) && r.userId !== actor.userId)
        throw notFound(M.msg('booking_not_found'));
      const [dto] = await bookingDtos(actor.gymId, [await d.reservations.detail(actor.gymId, bookingId)]);
      if (!dto) throw notFound(M.msg('booking_not_found'));
      return dto;
    },
    async markBooking(
      actor: Actor,
      bookingId: number,
      status: 'attended' | 'no_show' | 'booked',
    ): Promise<Booking> {
      await sessionOfBooking(actor.gymId, bookingId);
      await d.reservations.mark(actor.gymId, bookingId, status, { kind: 'session', now: now() });
      const [dto] = await bookingDtos(actor.gymId, [await d.reservations.detail(actor.gymId, bookingId)]);
      return dto!;
    },
    async roster(gymId: number, sessionId: number, page: Pagination) {
      const x = await d.repo.findSession(gymId, sessionId);
      if (!x) throw notFound(M.msg('session_not_found'));
      const { rows, total } = await d.reservations.listForSlot(gymId, x.s.slotId, page);
      return { rows: await bookingDtos(gymId, rows), total };
    },
    async myBookings(actor: Actor, when: 'upcoming' | 'past' | undefined, page: Pagination) {
      const { rows, total } = await d.reservations.listForUser(
        actor.gymId,
        actor.userId,
        { kind: 'session', when, now: now() },
        page,
      );
      return { rows: await bookingDtos(actor.gymId, rows), total };
    },
  };
}
