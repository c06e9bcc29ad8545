import { scheduleMessages as M } from './messages.js';
import type {
  Booking,
  BookingCreated,
  Category,
  CategoryCreateBody,
  CategoryPatchBody,
  ClassCreateBody,
  ClassPatchBody,
  GymClass,
  Pagination,
  Session,
  SessionPatchBody,
  SessionQuery,
} from '@pulso/contracts';
import type { Audit } from '../../platform/audit/repo.js';
import { INSTRUCTORS, STAFF } from '../../platform/auth/roles.js';
import type { Cache } from '../../platform/cache/index.js';
import { createJsonPageCache, type JsonPage } from '../../platform/cache/json-pages.js';
import type { Db, Executor } from '../../platform/db/index.js';
import { invalid, notFound } from '../../platform/errors.js';
import { refuse as refuseShared } from '../../platform/reasons.js';
import { refuse as refuseBooking } from '../reservations/reasons.js';
import { refuse } from './reasons.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import type { GymsRepo } from '../gyms/repo.js';
import type { Actor } from '../gyms/service.js';
import type { Notify } from '../../platform/notify.js';
import type { Demote, ReservationListRow, ReservationsService } from '../reservations/service.js';
import { fallsOn, localToUtc, occurrences, toLocalIso } from './domain/recurrence.js';
import type {
  CategoryRow,
  ClassRow,
  ClassValues,
  ClassWithRefs,
  ScheduleRepo,
  SessionWithSlot,
} from './repo.js';

export interface ScheduleDeps {
  db: Db;
  repo: ScheduleRepo;
  gyms: Pick<GymsRepo, 'findGym' | 'findMember'>;
  reservations: ReservationsService;
  /** Resolved on each use, so the notifications module can be wired after this one. */
  notify: () => Notify;
  cache: Cache;
  audit: Audit;
  clock?: () => number;
}

export interface FeedSession extends Session {
  description: string | null;
  revision: number;
  updatedAt: Date;
}

/** Who may teach a class. */
/**
 * The class list's pages are cached per gym, serialised; every write that changes what the list shows (a class,
 * a category) retires the gym's generation after its commit.
 */
const CLASSES_TTL_S = 300;

const toCategoryDto = (c: CategoryRow): Category => ({
  id: c.id,
  name: c.name,
  description: c.description,
  color: c.color,
  created_at: c.createdAt.toISOString(),
  updated_at: c.updatedAt.toISOString(),
});

const toClassDto = ({ cls: c, categoryName, categoryColor, instructorName }: ClassWithRefs): GymClass => {
  const category =
    c.categoryId && categoryName !== null
      ? { id: c.categoryId, name: categoryName, color: categoryColor }
      : null;
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    category_id: c.categoryId,
    category,
    // The gym seed's name for it (issue 12); one object, serialised twice.
    custom_category: category,
    instructor_id: c.instructorId,
    instructor:
      c.instructorId && instructorName !== null ? { id: c.instructorId, name: instructorName } : null,
    weekdays: [...c.weekdays].sort((a, b) => a - b),
    start_time: c.startTime,
    duration_min: c.durationMin,
    room: c.room,
    capacity: c.capacity,
    start_date: c.startDate,
    end_date: c.endDate,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
};

const toSessionDto = (x: SessionWithSlot, zone: string): Session => {
  const capacity = x.capacity ?? 0;
  return {
    id: x.s.id,
    class_id: x.s.classId,
    class_name: x.className,
    date: x.s.date,
    starts_at: x.s.startsAt.toISOString(),
    ends_at: new Date(x.s.startsAt.getTime() + x.s.durationMin * 60_000).toISOString(),
    local_starts_at: toLocalIso(x.s.startsAt, zone),
    capacity,
    booked_count: x.bookedCount,
    spots_left: Math.max(0, capacity - x.bookedCount),
    waitlist_count: x.waitlistCount,
    status: x.status,
    instructor_id: x.s.instructorId,
    room: x.s.room,
    overridden: x.s.overridden,
  };
};

const classValues = (b: ClassPatchBody): ClassValues => {
  const v: ClassValues = {};
  if (b.name !== undefined) v.name = b.name;
  if (b.description !== undefined) v.description = b.description;
  if (b.category_id !== undefined) v.categoryId = b.category_id;
  if (b.instructor_id !== undefined) v.instructorId = b.instructor_id;
  if (b.weekdays !== undefined) v.weekdays = [...b.weekdays].sort((a, c) => a - c);
  if (b.start_time !== undefined) v.startTime = b.start_time;
  if (b.duration_min !== undefined) v.durationMin = b.duration_min;
  if (b.room !== undefined) v.room = b.room;
  if (b.capacity !== undefined) v.capacity = b.capacity;
  if (b.start_date !== undefined) v.startDate = b.start_date;
  if (b.end_date !== undefined) v.endDate = b.end_date;
  return v;
};

export function createScheduleService(d: ScheduleDeps) {
  const clock = d.clock ?? Date.now;
  const now = () => new Date(clock());

  async function gymOrThrow(gymId: number, tx?: Executor) {
    const g = await d.gyms.findGym(gymId, tx);
    if (!g) throw notFound(M.msg('gym_not_found'));
    return g;
  }

  async function checkRefs(
    gymId: number,
    b: { instructor_id?: number | null | undefined; category_id?: number | null | undefined },
    tx?: Executor,
  ) {
    if (b.instructor_id) {
      const m = await d.gyms.findMember(gymId, b.instructor_id, tx);
      if (!m || !INSTRUCTORS.includes(m.role)) throw invalid('instructor_id', M.msg('not_instructor'));
    }
    if (b.category_id && !(await d.repo.findCategory(gymId, b.category_id, tx)))
      throw invalid('category_id', M.msg('no_category'));
  }

  const classPages = createJsonPageCache(d.cache, { prefix: 'schedule:classes', ttlSeconds: CLASSES_TTL_S });
  const dropClasses = (gymId: number) => classPages.invalidate(gymId);

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
      return [
        {
          id: r.id,
          session_id: s.id,
          class_id: s.classId,
          class_name: s.className,
          user_id: r.userId,
          starts_at: r.startsAt.toISOString(),
          status: r.status,
          position: r.position,
          session_status: r.slotStatus,
          created_at: r.createdAt.toISOString(),
          cancelled_at: r.cancelledAt?.toISOString() ?? null,
        },
      ];
    });
  }

  async function sessionOfBooking(gymId: number, bookingId: number) {
    const r = await d.reservations.get(gymId, bookingId, 'session');
    const [s] = await d.repo.sessionsBySlots(gymId, [r.slotId]);
    if (!s) throw notFound(M.msg('booking_not_found'));
    return { r, s };
  }

  return {
    /** Class lists name their instructor: a rename or an erased account drops those gyms' cached lists. */
    userData(): UserDataContributor {
      return {
        name: 'schedule',
        async nameChanged(userId, tx) {
          for (const gymId of await d.repo.gymsInstructedBy(userId, tx)) await dropClasses(gymId);
        },
      };
    },

    // ---- categories
    async categories(gymId: number, page: Pagination) {
      const { rows, total } = await d.repo.listCategories(gymId, page);
      return { rows: rows.map(toCategoryDto), total };
    },
    async category(gymId: number, id: number): Promise<Category> {
      const c = await d.repo.findCategory(gymId, id);
      if (!c) throw notFound(M.msg('category_not_found'));
      return toCategoryDto(c);
    },
    async createCategory(actor: Actor, b: CategoryCreateBody): Promise<Category> {
      const c = await d.repo.insertCategory(actor.gymId, b);
      if (!c) throw refuse('category_name_taken');
      return toCategoryDto(c);
    },
    async updateCategory(actor: Actor, id: number, b: CategoryPatchBody): Promise<Category> {
      const c = await d.repo.updateCategory(actor.gymId, id, b);
      if (c === undefined) throw notFound(M.msg('category_not_found'));
      if (c === null) throw refuse('category_name_taken');
      await dropClasses(actor.gymId);
      return toCategoryDto(c);
    },
    async deleteCategory(actor: Actor, id: number): Promise<void> {
      await d.db.transaction(async (tx) => {
        if (!(await d.repo.deleteCategory(actor.gymId, id, tx))) throw notFound(M.msg('category_not_found'));
        await d.audit(
          {
            gymId: actor.gymId,
            userId: actor.userId,
            action: 'category.deleted',
            targetType: 'class_category',
            targetId: id,
            ip: actor.ip,
          },
          tx,
        );
      });
      await dropClasses(actor.gymId);
    },

    // ---- classes
    /**
     * The seed's cached read, one page of the gym's classes as serialised JSON: a hit costs no database round
     * trip and no serialisation. A miss reads the gym's classes (tens of rows) and filters and pages them here.
     * `serialize` is the route's own response serializer.
     */
    async classesJson(
      gymId: number,
      q: { category_id?: number | undefined; instructor_id?: number | undefined },
      page: Pagination,
      serialize: (rows: GymClass[]) => string,
    ): Promise<JsonPage> {
      const variant = `${q.category_id ?? ''}:${q.instructor_id ?? ''}:${page.skip}:${page.limit}`;
      return classPages.get(gymId, variant, async () => {
        const rows = (await d.repo.listClasses(gymId))
          .filter(
            (c) =>
              (!q.category_id || c.cls.categoryId === q.category_id) &&
              (!q.instructor_id || c.cls.instructorId === q.instructor_id),
          )
          .map(toClassDto);
        return { json: serialize(rows.slice(page.skip, page.skip + page.limit)), total: rows.length };
      });
    },
    async getClass(gymId: number, id: number): Promise<GymClass> {
      const c = await d.repo.findClass(gymId, id);
      if (!c) throw notFound(M.msg('class_not_found'));
      return toClassDto(c);
    },
    async createClass(actor: Actor, b: ClassCreateBody): Promise<GymClass> {
      await checkRefs(actor.gymId, b);
      const c = await d.db.transaction(async (tx) => {
        const row = await d.repo.insertClass(
          actor.gymId,
          {
            name: b.name,
            weekdays: [...b.weekdays].sort((x, y) => x - y),
            startTime: b.start_time,
            durationMin: b.duration_min,
            capacity: b.capacity,
            startDate: b.start_date,
            ...classValues({
              description: b.description,
              category_id: b.category_id,
              instructor_id: b.instructor_id,
              room: b.room,
              end_date: b.end_date,
            }),
          },
          tx,
        );
        await d.audit(
          {
            gymId: actor.gymId,
            userId: actor.userId,
            action: 'class.created',
            targetType: 'class',
            targetId: row.id,
            ip: actor.ip,
          },
          tx,
        );
        return row;
      });
      await dropClasses(actor.gymId);
      return this.getClass(actor.gymId, c.id);
    },
    async updateClass(actor: Actor, id: number, b: ClassPatchBody): Promise<GymClass> {
      await d.db.transaction(async (tx) => {
        const gym = await gymOrThrow(actor.gymId, tx);
        // Same lock as the making of sessions: a reader cannot make sessions from the old template meanwhile.
        await d.repo.lockSessionMaking(actor.gymId, tx);
        const cur = await d.repo.lockClass(actor.gymId, id, tx);
        if (!cur) throw notFound(M.msg('class_not_found'));
        await checkRefs(actor.gymId, b, tx);
        const v = classValues(b);
        const next: ClassRow = { ...cur, ...v };
        if (next.endDate && next.endDate < next.startDate)
          throw invalid(b.end_date !== undefined ? 'end_date' : 'start_date', M.msg('end_before_start'));
        await d.repo.updateClass(actor.gymId, id, v, tx);
        await syncSessions(actor.gymId, next, gym.timezone, tx, { demote: b.demote ?? 'ask' });
        // Past and individually changed sessions show the class's name and description in the feeds too.
        if (v.name !== undefined || v.description !== undefined)
          await d.repo.bumpSessionsOfClass(actor.gymId, id, tx);
        await d.audit(
          {
            gymId: actor.gymId,
            userId: actor.userId,
            action: 'class.updated',
            targetType: 'class',
            targetId: id,
            ip: actor.ip,
            metadata: { fields: Object.keys(b) },
          },
          tx,
        );
      });
      await dropClasses(actor.gymId);
      return this.getClass(actor.gymId, id);
    },
    /** Deletes the template and its sessions; people holding places in future sessions are told. */
    async deleteClass(actor: Actor, id: number): Promise<void> {
      await d.db.transaction(async (tx) => {
        const gym = await gymOrThrow(actor.gymId, tx);
        await d.repo.lockSessionMaking(actor.gymId, tx);
        const cur = await d.repo.lockClass(actor.gymId, id, tx);
        if (!cur) throw notFound(M.msg('class_not_found'));
        for (const x of await d.repo.futureSessions(actor.gymId, id, now(), tx)) {
          if (x.status !== 'open') continue;
          const { affected } = await d.reservations.updateSlot(
            actor.gymId,
            x.s.slotId,
            { status: 'cancelled' },
            tx,
          );
          await notifyCancelled(actor.gymId, x, gym.timezone, affected, tx);
        }
        await d.reservations.deleteSlots(actor.gymId, await d.repo.slotIdsOfClass(actor.gymId, id, tx), tx);
        await d.repo.deleteClass(actor.gymId, id, tx);
        await d.audit(
          {
            gymId: actor.gymId,
            userId: actor.userId,
            action: 'class.deleted',
            targetType: 'class',
            targetId: id,
            ip: actor.ip,
            metadata: { name: cur.name },
          },
          tx,
        );
      });
      await dropClasses(actor.gymId);
    },

    /**
     * The gym's time zone changed: future sessions not changed individually keep their wall-clock time in the
     * new zone (the caller's transaction; the gym row it updated is locked until commit).
     */
    async retime(gymId: number, timezone: string, tx: Executor): Promise<void> {
      await d.repo.lockSessionMaking(gymId, tx);
      for (const tpl of await d.repo.templates(gymId, undefined, tx))
        await syncSessions(gymId, tpl, timezone, tx, { reason: 'timezone' });
    },

    // ---- sessions
    async sessions(gymId: number, q: SessionQuery): Promise<Session[]> {
      const gym = await gymOrThrow(gymId);
      await ensureSessions(gymId, gym.timezone, q.from, q.to, q.class_id);
      const rows = await d.repo.sessionsInRange(gymId, q.from, q.to, q.class_id);
      return rows.map((x) => toSessionDto(x, gym.timezone));
    },
    /** `sessions` with what a calendar feed also shows: the class's description and the revision (SEQUENCE). */
    async feedSessions(gymId: number, q: SessionQuery): Promise<FeedSession[]> {
      const gym = await gymOrThrow(gymId);
      await ensureSessions(gymId, gym.timezone, q.from, q.to, q.class_id);
      const rows = await d.repo.sessionsInRange(gymId, q.from, q.to, q.class_id);
      return rows.map((x) => ({
        ...toSessionDto(x, gym.timezone),
        description: x.classDescription,
        revision: x.s.revision,
        updatedAt: x.s.updatedAt,
      }));
    },
    async session(gymId: number, id: number): Promise<Session> {
      const gym = await gymOrThrow(gymId);
      const x = await d.repo.findSession(gymId, id);
      if (!x) throw notFound(M.msg('session_not_found'));
      return toSessionDto(x, gym.timezone);
    },
    /** A change for one date (cancel, reopen, time, duration, capacity, instructor, room); the template stays. */
    async updateSession(actor: Actor, id: number, b: SessionPatchBody): Promise<Session> {
      await d.db.transaction(async (tx) => {
        const gym = await gymOrThrow(actor.gymId, tx);
        const x = await d.repo.findSession(actor.gymId, id, tx);
        if (!x) throw notFound(M.msg('session_not_found'));
        await checkRefs(actor.gymId, b, tx);
        if (b.status === 'cancelled' && x.status === 'open' && x.s.startsAt <= now())
          throw refuseBooking('slot_started', { kind: 'session', act: 'cancel' });
        const startsAt = b.start_time ? localToUtc(x.s.date, b.start_time, gym.timezone) : undefined;
        await d.repo.updateSession(
          actor.gymId,
          id,
          {
            overridden: true,
            ...(startsAt ? { startsAt } : {}),
            ...(b.duration_min !== undefined ? { durationMin: b.duration_min } : {}),
            ...(b.instructor_id !== undefined ? { instructorId: b.instructor_id } : {}),
            ...(b.room !== undefined ? { room: b.room } : {}),
          },
          tx,
        );
        const { affected } = await d.reservations.updateSlot(
          actor.gymId,
          x.s.slotId,
          {
            ...(b.capacity !== undefined ? { capacity: b.capacity } : {}),
            ...(startsAt ? { startsAt } : {}),
            ...(b.status !== undefined ? { status: b.status } : {}),
            label: x.className,
            timezone: gym.timezone,
            demote: b.demote ?? 'ask',
          },
          tx,
        );
        await notifyCancelled(actor.gymId, x, gym.timezone, affected, tx);
        if (b.status !== 'cancelled')
          await notifyChanged(
            actor.gymId,
            x,
            {
              startsAt: startsAt ?? x.s.startsAt,
              instructorId: b.instructor_id !== undefined ? b.instructor_id : x.s.instructorId,
              room: b.room !== undefined ? b.room : x.s.room,
            },
            gym.timezone,
            tx,
          );
        await d.audit(
          {
            gymId: actor.gymId,
            userId: actor.userId,
            action: b.status === 'cancelled' ? 'session.cancelled' : 'session.updated',
            targetType: 'class_session',
            targetId: id,
            ip: actor.ip,
            metadata: { fields: Object.keys(b) },
          },
          tx,
        );
      });
      return this.session(actor.gymId, id);
    },

    // ---- bookings
    async book(actor: Actor, sessionId: number, forUser: number | undefined): Promise<BookingCreated> {
      const userId = forUser ?? actor.userId;
      if (userId !== actor.userId) {
        if (!STAFF.includes(actor.role)) throw refuseShared('self_only', { act: 'book' });
        if (!(await d.gyms.findMember(actor.gymId, userId))) throw invalid('user_id', M.msg('not_member'));
      }
      const x = await d.repo.findSession(actor.gymId, sessionId);
      if (!x) throw notFound(M.msg('session_not_found'));
      return d.reservations.reserve({ gymId: actor.gymId, slotId: x.s.slotId, userId, now: now() });
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
export type ScheduleService = ReturnType<typeof createScheduleService>;
