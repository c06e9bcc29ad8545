import { eventsMessages as M } from './messages.js';
import type {
  Event,
  EventCreateBody,
  EventPatchBody,
  MyRegistration,
  Pagination,
  Registration,
  Role,
} from '@pulso/contracts';
import type { z } from 'zod';
import type { Audit } from '../../platform/audit/repo.js';
import type { Cache } from '../../platform/cache/index.js';
import { createJsonPageCache, type JsonPage } from '../../platform/cache/json-pages.js';
import type { GymActor } from '../../platform/auth/access.js';
import { STAFF } from '../../platform/auth/roles.js';
import type { Db, Executor } from '../../platform/db/index.js';
import { invalid, notFound } from '../../platform/errors.js';
import { refuse } from '../../platform/reasons.js';
import type { GymsRepo } from '../gyms/repo.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import type { Notify } from '../../platform/notify.js';
import type { ReservationsRepo } from '../reservations/repo.js';
import type { ReservationsService } from '../reservations/service.js';
import type { EventsRepo, EventValues, EventWithCounts } from './repo.js';

export interface EventsDeps {
  db: Db;
  repo: EventsRepo;
  reservations: ReservationsService;
  /** Who holds a place or waitlist entry, read inside the caller's transaction. */
  reservationsRepo: Pick<ReservationsRepo, 'activeUserIds'>;
  notify: Notify;
  gyms: Pick<GymsRepo, 'findGym' | 'findMember' | 'gymsOfUser'>;
  cache: Cache;
  audit: Audit;
  clock: () => number;
}

export type Actor = GymActor;

const isStaff = (role: Role) => STAFF.includes(role);

export const toEventDto = (e: EventWithCounts): Event => ({
  id: e.id,
  title: e.title,
  description: e.description,
  starts_at: e.startsAt.toISOString(),
  ends_at: e.endsAt.toISOString(),
  location: e.location,
  capacity: e.capacity,
  status: e.status,
  registered_count: e.bookedCount,
  waitlist_count: e.waitlistCount,
  spots_left: e.capacity === null ? null : Math.max(0, e.capacity - e.bookedCount),
  created_at: e.createdAt.toISOString(),
  updated_at: e.updatedAt.toISOString(),
});

/** Seconds a cached list page lives; "upcoming" moves with the clock, so it must not live forever. */
const LIST_TTL = 60;

export function createEventsService(d: EventsDeps) {
  const now = () => new Date(d.clock());
  /** The gym's list pages, serialised (platform/cache/json-pages.ts). */
  const pages = createJsonPageCache(d.cache, { prefix: 'events', ttlSeconds: LIST_TTL });
  /** After every committed change to a gym's events or their registrations, before answering. */
  const invalidate = (gymId: number) => pages.invalidate(gymId);

  async function gymTimezone(gymId: number, tx?: Executor): Promise<string> {
    return (await d.gyms.findGym(gymId, tx))?.timezone ?? 'UTC';
  }

  function checkTimes(startsAt: Date, endsAt: Date) {
    if (endsAt <= startsAt) throw invalid('ends_at', M.msg('ends_after_start'));
  }

  async function get(gymId: number, id: number, tx?: Executor): Promise<EventWithCounts> {
    const e = await d.repo.find(gymId, id, tx);
    if (!e) throw notFound(M.msg('event_not_found'));
    return e;
  }

  return {
    invalidate,

    /**
     * Events keep nothing about a person (registrations are the reservations module's), but their cached
     * pages count the places an erased account gives up: retired once the erasure has committed.
     */
    userData(): UserDataContributor {
      return {
        name: 'events',
        beforeErase: async (userId, tx) => {
          const gymIds = (await d.gyms.gymsOfUser(userId, null, tx)).rows.map((r) => r.gym.id);
          return async () => {
            for (const id of gymIds) await invalidate(id);
          };
        },
      };
    },

    /**
     * One page of the gym's events as serialised JSON (the hot read: a hit costs no database round trip and
     * no serialisation). `serialize` is the route's own response serialiser.
     */
    async listJson(
      gymId: number,
      when: 'upcoming' | 'past' | 'all',
      page: Pagination,
      serialize: (rows: Event[]) => string,
    ): Promise<JsonPage> {
      return pages.get(gymId, `${when}:${page.skip}:${page.limit}`, async () => {
        const { rows, total } = await d.repo.list(gymId, when, now(), page);
        return { json: serialize(rows.map(toEventDto)), total };
      });
    },

    async get(gymId: number, id: number): Promise<Event> {
      return toEventDto(await get(gymId, id));
    },

    async create(actor: Actor, body: EventCreateBody): Promise<Event> {
      const startsAt = new Date(body.starts_at);
      const endsAt = new Date(body.ends_at);
      checkTimes(startsAt, endsAt);
      const e = await d.db.transaction(async (tx) => {
        const slotId = await d.reservations.createSlot(
          { gymId: actor.gymId, kind: 'event', capacity: body.capacity, startsAt },
          tx,
        );
        const row = await d.repo.insert(
          {
            gymId: actor.gymId,
            slotId,
            createdBy: actor.userId,
            title: body.title,
            description: body.description ?? null,
            startsAt,
            endsAt,
            location: body.location ?? null,
            capacity: body.capacity,
          },
          tx,
        );
        await d.audit(
          {
            gymId: actor.gymId,
            userId: actor.userId,
            action: 'event.created',
            targetType: 'event',
            targetId: row.id,
            ip: actor.ip,
          },
          tx,
        );
        return get(actor.gymId, row.id, tx);
      });
      await invalidate(actor.gymId);
      return toEventDto(e);
    },

    async update(actor: Actor, id: number, body: EventPatchBody): Promise<Event> {
      const e = await d.db.transaction(async (tx) => {
        const before = await d.repo.lock(actor.gymId, id, tx);
        if (!before) throw notFound(M.msg('event_not_found'));
        const v: EventValues = {};
        if (body.title !== undefined) v.title = body.title;
        if (body.description !== undefined) v.description = body.description;
        if (body.location !== undefined) v.location = body.location;
        if (body.capacity !== undefined) v.capacity = body.capacity;
        if (body.status !== undefined) v.status = body.status;
        if (body.starts_at !== undefined) v.startsAt = new Date(body.starts_at);
        if (body.ends_at !== undefined) v.endsAt = new Date(body.ends_at);
        const startsAt = v.startsAt ?? before.startsAt;
        const endsAt = v.endsAt ?? before.endsAt;
        if (body.starts_at !== undefined && body.ends_at === undefined && endsAt <= startsAt)
          throw invalid('starts_at', M.msg('starts_before_end'));
        checkTimes(startsAt, endsAt);

        const timeChanged =
          startsAt.getTime() !== before.startsAt.getTime() || endsAt.getTime() !== before.endsAt.getTime();
        const locationChanged = v.location !== undefined && v.location !== before.location;
        const cancelling = v.status === 'cancelled' && before.status !== 'cancelled';
        const reopening = v.status === 'scheduled' && before.status === 'cancelled';

        // The slot first: raising the capacity promotes the waitlist (the engine notifies those promoted).
        const { affected } = await d.reservations.updateSlot(
          actor.gymId,
          before.slotId,
          {
            ...(v.capacity !== undefined ? { capacity: v.capacity } : {}),
            ...(v.startsAt !== undefined ? { startsAt } : {}),
            ...(cancelling ? { status: 'cancelled' as const } : reopening ? { status: 'open' as const } : {}),
            label: `"${v.title ?? before.title}"`,
          },
          tx,
        );
        await d.repo.update(actor.gymId, id, v, tx);

        const change = cancelling
          ? 'cancelled'
          : timeChanged || locationChanged || reopening
            ? timeChanged
              ? 'time'
              : locationChanged
                ? 'location'
                : 'details'
            : null;
        if (change) {
          const recipients = cancelling
            ? affected
            : await d.reservationsRepo.activeUserIds(actor.gymId, before.slotId, tx);
          await notifyChange(
            actor.gymId,
            recipients,
            {
              event_id: id,
              name: v.title ?? before.title,
              change,
              starts_at: startsAt.toISOString(),
              ends_at: endsAt.toISOString(),
              location: v.location !== undefined ? v.location : before.location,
            },
            tx,
          );
        }
        await d.audit(
          {
            gymId: actor.gymId,
            userId: actor.userId,
            action: 'event.updated',
            targetType: 'event',
            targetId: id,
            ip: actor.ip,
            metadata: { fields: Object.keys(body) },
          },
          tx,
        );
        return get(actor.gymId, id, tx);
      });
      await invalidate(actor.gymId);
      return toEventDto(e);
    },

    /** Deletes the event and its registrations; people holding a place or waitlist entry are told. */
    async remove(actor: Actor, id: number): Promise<void> {
      await d.db.transaction(async (tx) => {
        const e = await d.repo.lock(actor.gymId, id, tx);
        if (!e) throw notFound(M.msg('event_not_found'));
        if (e.status !== 'cancelled')
          await notifyChange(
            actor.gymId,
            await d.reservationsRepo.activeUserIds(actor.gymId, e.slotId, tx),
            { event_id: id, name: e.title, change: 'cancelled', starts_at: e.startsAt.toISOString() },
            tx,
          );
        await d.repo.delete(actor.gymId, id, tx);
        await d.reservations.deleteSlots(actor.gymId, [e.slotId], tx);
        await d.audit(
          {
            gymId: actor.gymId,
            userId: actor.userId,
            action: 'event.deleted',
            targetType: 'event',
            targetId: id,
            ip: actor.ip,
            metadata: { title: e.title },
          },
          tx,
        );
      });
      await invalidate(actor.gymId);
    },

    /** A member registers themself; staff may register any member of the gym (`userId`). */
    async register(actor: Actor, eventId: number, userId: number | undefined) {
      const target = userId ?? actor.userId;
      if (target !== actor.userId) {
        if (!isStaff(actor.role)) throw refuse('self_only', { act: 'register' });
        if (!(await d.gyms.findMember(actor.gymId, target))) throw invalid('user_id', M.msg('not_member'));
      }
      const e = await d.repo.find(actor.gymId, eventId);
      if (!e) throw notFound(M.msg('event_not_found'));
      const r = await d.reservations.reserve({
        gymId: actor.gymId,
        slotId: e.slotId,
        userId: target,
        now: now(),
      });
      await invalidate(actor.gymId);
      return r;
    },

    /** Cancels a registration (members their own, staff anyone's); the waitlist moves up. */
    async unregister(actor: Actor, registrationId: number): Promise<void> {
      const e = await d.repo.findBySlotOfReservation(actor.gymId, registrationId);
      await d.reservations.cancel({
        gymId: actor.gymId,
        reservationId: registrationId,
        actor: { userId: actor.userId, staff: isStaff(actor.role) },
        now: now(),
        cutoffMinutes: 0,
        kind: 'event',
        ...(e ? { label: `"${e.title}"` } : {}),
      });
      await invalidate(actor.gymId);
    },

    /** One registration: members see only their own (another's is a 404, as if it did not exist); staff any. */
    async registration(actor: Actor, registrationId: number): Promise<z.infer<typeof Registration>> {
      const e = await d.repo.findBySlotOfReservation(actor.gymId, registrationId);
      if (!e) throw notFound(M.msg('registration_not_found'));
      const r = await d.reservations.detail(actor.gymId, registrationId);
      if (!isStaff(actor.role) && r.userId !== actor.userId) throw notFound(M.msg('registration_not_found'));
      return {
        id: r.id,
        event_id: e.id,
        user_id: r.userId,
        status: r.status,
        position: r.position,
        created_at: r.createdAt.toISOString(),
        cancelled_at: r.cancelledAt?.toISOString() ?? null,
      };
    },

    async registrations(gymId: number, eventId: number, page: Pagination) {
      const e = await d.repo.find(gymId, eventId);
      if (!e) throw notFound(M.msg('event_not_found'));
      const { rows, total } = await d.reservations.listForSlot(gymId, e.slotId, page);
      return {
        rows: rows.map((r) => ({
          id: r.id,
          event_id: e.id,
          user_id: r.userId,
          status: r.status,
          position: r.position,
          created_at: r.createdAt.toISOString(),
          cancelled_at: r.cancelledAt?.toISOString() ?? null,
        })),
        total,
      };
    },

    /** My registrations in the actor's gym (cancelled ones included), with their event's title and start. */
    async myRegistrations(
      actor: Actor,
      when: 'upcoming' | 'past' | undefined,
      page: Pagination,
    ): Promise<{ rows: MyRegistration[]; total: number }> {
      const { rows, total } = await d.reservations.listForUser(
        actor.gymId,
        actor.userId,
        { kind: 'event', when, now: now() },
        page,
      );
      const byslot = new Map(
        (await d.repo.bySlotIds([actor.gymId], [...new Set(rows.map((r) => r.slotId))])).map((e) => [
          e.slotId,
          e,
        ]),
      );
      return {
        rows: rows.flatMap((r) => {
          const e = byslot.get(r.slotId);
          // A registration whose event was deleted in between is gone with it.
          if (!e) return [];
          return [
            {
              id: r.id,
              event_id: e.id,
              user_id: r.userId,
              status: r.status,
              position: r.position,
              created_at: r.createdAt.toISOString(),
              cancelled_at: r.cancelledAt?.toISOString() ?? null,
              title: e.title,
              starts_at: r.startsAt.toISOString(),
              event_status: e.status,
            },
          ];
        }),
        total,
      };
    },

    /** Events of a gym in a window, for the gym's calendar feed. */
    inWindow: (gymId: number, from: Date, to: Date) => d.repo.inWindow(gymId, from, to),
    bySlotIds: (gymIds: number[], slotIds: number[]) => d.repo.bySlotIds(gymIds, slotIds),
  };

  async function notifyChange(
    gymId: number,
    userIds: number[],
    data: Record<string, unknown>,
    tx: Executor,
  ): Promise<void> {
    if (!userIds.length) return;
    const timezone = await gymTimezone(gymId, tx);
    await d.notify(
      userIds.map((userId) => ({ gymId, userId, kind: 'event_changed', data: { ...data, timezone } })),
      tx,
    );
  }
}
export type EventsService = ReturnType<typeof createEventsService>;
