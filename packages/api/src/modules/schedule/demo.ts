import { addDays, todayOf } from '../../platform/dates.js';
import type { DemoContext } from '../../platform/module.js';
import type { ScheduleService } from './service.js';

/** A week-repeating timetable (Madrid time) starting today, and a few bookings for the coming week. */
export async function seedSchedule(s: ScheduleService, demo: DemoContext) {
  const { gymId, now } = demo;
  const actor = { userId: demo.ownerId, gymId, role: 'owner' as const, ip: '127.0.0.1' };
  const trainer = demo.trainerId;
  const today = todayOf(now);
  const cat: Record<string, number> = {};
  for (const [name, color] of [
    ['Cardio', '#e4572e'],
    ['Strength', '#17bebb'],
    ['Mind & body', '#76b041'],
  ] as const)
    cat[name] = (await s.createCategory(actor, { name, color })).id;
  const timetable = [
    {
      name: 'Spinning',
      category_id: cat.Cardio!,
      weekdays: [1, 3, 5],
      start_time: '07:00',
      duration_min: 45,
      capacity: 20,
      room: 'Cycling room',
    },
    {
      name: 'HIIT',
      category_id: cat.Cardio!,
      weekdays: [2, 4],
      start_time: '07:30',
      duration_min: 30,
      capacity: 16,
      room: 'Main floor',
    },
    {
      name: 'Functional training',
      category_id: cat.Strength!,
      weekdays: [1, 3],
      start_time: '18:00',
      duration_min: 60,
      capacity: 12,
      room: 'Main floor',
    },
    {
      name: 'Yoga',
      category_id: cat['Mind & body']!,
      weekdays: [2, 4],
      start_time: '19:00',
      duration_min: 60,
      capacity: 15,
      room: 'Studio',
    },
    {
      name: 'Pilates',
      category_id: cat['Mind & body']!,
      weekdays: [6],
      start_time: '10:00',
      duration_min: 50,
      capacity: 2,
      room: 'Studio',
    },
  ];
  for (const c of timetable) await s.createClass(actor, { ...c, instructor_id: trainer, start_date: today });
  const week = addDays(today, 6);
  const sessions = (await s.sessions(gymId, { from: today, to: week })).filter(
    (x) => new Date(x.starts_at).getTime() > now + 3_600_000,
  );
  // The three members book the first sessions; Pilates (2 places) fills up and puts one on the waitlist.
  const members = demo.memberIds;
  for (const session of sessions.slice(0, 3))
    for (const userId of members) await s.book({ ...actor, userId, role: 'member' }, session.id, undefined);
  const pilates = sessions.find((x) => x.class_name === 'Pilates');
  if (pilates && sessions.indexOf(pilates) >= 3)
    for (const userId of members) await s.book({ ...actor, userId, role: 'member' }, pilates.id, undefined);
}
