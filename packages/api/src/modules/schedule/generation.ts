import type { Executor } from '../../platform/db/index.js';
import { notFound } from '../../platform/errors.js';
import type { Demote } from '../reservations/service.js';
import type { ScheduleContext } from './context.js';
import { fallsOn, localToUtc, occurrences, toLocalIso } from './domain/recurrence.js';
import { scheduleMessages as M } from './messages.js';
import type { ClassRow, SessionWithSlot } from './repo.js';

/**
 * Sessions from their class templates: made lazily for a window, brought in line when a template (or the gym's
 * zone) changes, and the notices to the people holding places when a session is cancelled or changed.
 */
export function createSessionGeneration({ d, now }: ScheduleContext) {
  async function notifyCancelled(
    gymId: number,
    s: SessionWithSlot,
    zone: string,
    userIds: number[],
    tx: Executor,
  ) {
    if (!userIds.length) return;
    await d.notify()(
      userIds.map((userId) => ({
        gymId,
        userId,
        kind: 'session_cancelled' as const,
        title: 'Class cancelled',
        body: `The class "${s.className}" on ${toLocalIso(s.s.startsAt, zone).slice(0, 16).replace('T', ' ')} has been cancelled.`,
        data: {
          name: s.className,
          starts_at: s.s.startsAt.toISOString(),
          timezone: zone,
          session_id: s.s.id,
          class_id: s.s.classId,
        },
      })),
      tx,
    );
  }

  /**
   * Tells the people holding a place or a waitlist entry that their session moved (time), or has another
   * instructor or room. `reason: 'timezone'` when the gym's zone changed.
   */
  async function notifyChanged(
    gymId: number,
    x: SessionWithSlot,
    next: { startsAt: Date; instructorId: number | null; room: string | null },
    zone: string,
    tx: Executor,
    reason?: 'timezone',
  ) {
    const changes = [
      ...(next.startsAt.getTime() !== x.s.startsAt.getTime() ? ['time'] : []),
      ...(next.instructorId !== x.s.instructorId ? ['instructor'] : []),
      ...(next.room !== x.s.room ? ['room'] : []),
    ];
    if (!changes.length || x.status !== 'open') return;
    const userIds = await d.reservations.holders(gymId, x.s.slotId, tx);
    if (!userIds.length) return;
    await d.notify()(
      userIds.map((userId) => ({
        gymId,
        userId,
        kind: 'session_changed' as const,
        title: 'Class changed',
        body: `The class "${x.className}" has changed (${changes.join(', ')}).`,
        data: {
          name: x.className,
          starts_at: next.startsAt.toISOString(),
          previous_starts_at: x.s.startsAt.toISOString(),
          timezone: zone,
          changes,
          room: next.room,
          session_id: x.s.id,
          class_id: x.s.classId,
          ...(reason ? { reason } : {}),
        },
      })),
      tx,
    );
  }

  /**
   * Brings the class's future, not individually changed sessions in line with the (changed) template. A date
   * the template no longer covers loses its session; if people hold places it is cancelled and they are told.
   * People holding places in a session that moves, or changes instructor or room, are told. A capacity below a
   * session's places taken needs `demote` (see the reservation engine).
   */
  async function syncSessions(
    gymId: number,
    tpl: ClassRow,
    zone: string,
    tx: Executor,
    o: { demote?: Demote | 'ask'; reason?: 'timezone' } = {},
  ) {
    for (const x of await d.repo.futureSessions(gymId, tpl.id, now(), tx)) {
      if (x.s.overridden) continue;
      const label = { label: tpl.name, timezone: zone };
      if (!fallsOn(tpl, x.s.date)) {
        if (x.bookedCount + x.waitlistCount === 0) {
          await d.reservations.deleteSlots(gymId, [x.s.slotId], tx);
        } else if (x.status === 'open') {
          const { affected } = await d.reservations.updateSlot(
            gymId,
            x.s.slotId,
            { status: 'cancelled', ...label },
            tx,
          );
          await d.repo.updateSession(gymId, x.s.id, { overridden: true }, tx);
          await notifyCancelled(gymId, x, zone, affected, tx);
        }
        continue;
      }
      const startsAt = localToUtc(x.s.date, tpl.startTime, zone);
      const next = { startsAt, instructorId: tpl.instructorId, room: tpl.room };
      await d.repo.updateSession(gymId, x.s.id, { ...next, durationMin: tpl.durationMin }, tx);
      if (startsAt.getTime() !== x.s.startsAt.getTime() || tpl.capacity !== x.capacity)
        await d.reservations.updateSlot(
          gymId,
          x.s.slotId,
          { startsAt, capacity: tpl.capacity, ...label, demote: o.demote },
          tx,
        );
      await notifyChanged(gymId, x, next, zone, tx, o.reason);
    }
  }

  /** Makes the sessions of [from, to] that do not exist yet (lazily, once: under a per-gym lock). */
  async function ensureSessions(gymId: number, zone: string, from: string, to: string, classId?: number) {
    const tpls = await d.repo.templates(gymId, classId);
    if (classId && !tpls.length) throw notFound(M.msg('class_not_found'));
    const wanted = tpls.flatMap((t) => occurrences(t, from, to).map((date) => ({ t, date })));
    if (!wanted.length) return;
    const ids = tpls.map((t) => t.id);
    const have = await d.repo.sessionKeys(gymId, ids, from, to);
    if (wanted.every((w) => have.has(`${w.t.id}|${w.date}`))) return;
    await d.db.transaction(async (tx) => {
      await d.repo.lockSessionMaking(gymId, tx);
      const fresh = await d.repo.templates(gymId, classId, tx);
      const have2 = await d.repo.sessionKeys(gymId, ids, from, to, tx);
      const missing = fresh.flatMap((t) =>
        occurrences(t, from, to)
          .filter((date) => !have2.has(`${t.id}|${date}`))
          .map((date) => ({
            classId: t.id,
            date,
            startsAt: localToUtc(date, t.startTime, zone),
            durationMin: t.durationMin,
            instructorId: t.instructorId,
            room: t.room,
            capacity: t.capacity,
          })),
      );
      await d.repo.insertSessions(gymId, missing, tx);
    });
  }

  return { notifyCancelled, notifyChanged, syncSessions, ensureSessions };
}
export type SessionGeneration = ReturnType<typeof createSessionGeneration>;
