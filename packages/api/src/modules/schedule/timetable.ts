import { scheduleMessages as M } from './messages.js';
import type {
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
import type { JsonPage } from '../../platform/cache/json-pages.js';
import type { Executor } from '../../platform/db/index.js';
import { invalid, notFound } from '../../platform/errors.js';
import { refuse as refuseBooking } from '../reservations/reasons.js';
import { refuse } from './reasons.js';
import type { Actor } from '../gyms/service.js';
import type { ScheduleContext } from './context.js';
import { localToUtc } from './domain/recurrence.js';
import { classValues, toCategoryDto, toClassDto, toSessionDto, type FeedSession } from './dto.js';
import type { SessionGeneration } from './generation.js';
import type { ClassRow } from './repo.js';

/** The gym's timetable: categories, class templates, their sessions (reads, one-date edits) and retiming. */
export function createTimetable(
  { d, now, gymOrThrow, checkRefs, classPages, dropClasses }: ScheduleContext,
  { notifyCancelled, notifyChanged, syncSessions, ensureSessions }: SessionGeneration,
) {
  return {
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
  };
}
