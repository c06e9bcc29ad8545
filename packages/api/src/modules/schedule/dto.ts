import type { Booking, Category, ClassPatchBody, GymClass, Session } from '@pulso/contracts';
import type { ReservationListRow } from '../reservations/service.js';
import { toLocalIso } from './domain/recurrence.js';
import type { CategoryRow, ClassValues, ClassWithRefs, ScheduleRepo, SessionWithSlot } from './repo.js';

/** Row → response mapping of the schedule (no I/O). */

/** A session with what a calendar feed also shows. */
export interface FeedSession extends Session {
  description: string | null;
  revision: number;
  updatedAt: Date;
}

export const toCategoryDto = (c: CategoryRow): Category => ({
  id: c.id,
  name: c.name,
  description: c.description,
  color: c.color,
  created_at: c.createdAt.toISOString(),
  updated_at: c.updatedAt.toISOString(),
});

export const toClassDto = ({
  cls: c,
  categoryName,
  categoryColor,
  instructorName,
}: ClassWithRefs): GymClass => {
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

export const toSessionDto = (x: SessionWithSlot, zone: string): Session => {
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

/** A patch body's fields as the class template's columns (absent fields stay absent). */
export const classValues = (b: ClassPatchBody): ClassValues => {
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

/** The session a reservation's slot belongs to, as `repo.sessionsBySlots` reads it. */
export type SessionOfSlot = Awaited<ReturnType<ScheduleRepo['sessionsBySlots']>>[number];

export const toBookingDto = (r: ReservationListRow, s: SessionOfSlot): Booking => ({
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
});
