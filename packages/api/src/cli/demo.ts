import type { Role } from '@pulso/contracts';
import { hashPassword } from '../platform/auth/passwords.js';
import type { Services } from '../services.js';
import { seedRunnerDemo } from '../modules/running/demo.js';
import { addDays, mondayOf, todayOf } from '../platform/dates.js';

export const DEMO_PASSWORD = 'pulso-demo-2026';

const PEOPLE: { email: string; name: string; role: Role }[] = [
  { email: 'owner@demo.pulso.example', name: 'Olivia Owner', role: 'owner' },
  { email: 'admin@demo.pulso.example', name: 'Adrián Admin', role: 'admin' },
  { email: 'trainer@demo.pulso.example', name: 'Teresa Trainer', role: 'trainer' },
  { email: 'physio@demo.pulso.example', name: 'Pablo Physio', role: 'physio' },
  { email: 'member1@demo.pulso.example', name: 'Marta Member', role: 'member' },
  { email: 'member2@demo.pulso.example', name: 'Mateo Member', role: 'member' },
  { email: 'member3@demo.pulso.example', name: 'Lucía Member', role: 'member' },
];

/** The account that holds the running demo data. */
export const RUNNER_EMAIL = 'member1@demo.pulso.example';

/** "Demo Gym" with one person per role and three members, all with the same demo password. */
export async function seedDemo(s: Services) {
  // Every date below comes from the services' clock, so a test (or a demo for another day) sets "today".
  const now = s.clock();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids: number[] = [];
  for (const p of PEOPLE) {
    const existing = await s.repos.accounts.findByEmail(p.email);
    if (existing) {
      ids.push(existing.id);
      continue;
    }
    const { id } = await s.repos.accounts.insert({ email: p.email, name: p.name, passwordHash });
    // Their addresses are under example (RFC 2606): no confirmation link could ever reach them, and without a
    // confirmed e-mail they could not accept an invitation to another gym (the README's tour invites them).
    await s.repos.accounts.update(id, { emailVerifiedAt: new Date(now) });
    ids.push(id);
  }
  const gym = await s.gyms.create(ids[0]!, { name: 'Demo Gym', timezone: 'Europe/Madrid' }, '127.0.0.1');
  for (let i = 1; i < PEOPLE.length; i++) {
    await s.repos.gyms.insertMember(gym.id, ids[i]!, PEOPLE[i]!.role);
  }
  await s.principals.invalidate(...ids);
  await seedSchedule(s, gym.id, ids, now);
  await seedEvents(s, gym.id, ids, now);
  // Marta Member is also the demo athlete: profile, 16 weeks of workouts, daily HRV (modules/running/demo.ts).
  const runner = PEOPLE.findIndex((p) => p.email === RUNNER_EMAIL);
  await seedRunnerDemo(s.running, ids[runner]!, now);
  // Her goal: a half marathon on the Sunday 14 weeks on. The plan starts on this week's Monday (a start up to a
  // week back is allowed), so the current week shows all its runs on any weekday, not only those from today on.
  const monday = mondayOf(todayOf(now));
  await s.training.createPlan(
    ids[runner]!,
    {
      start_date: monday,
      goal_distance_km: 21.0975,
      race_date: addDays(monday, 14 * 7 + 6),
      days_per_week: 4,
      long_run_day: 'sunday',
    },
    'en',
  );
  return { gymId: gym.id, people: PEOPLE, password: DEMO_PASSWORD, runner: RUNNER_EMAIL };
}

/** A week-repeating timetable (Madrid time) starting today, and a few bookings for the coming week. */
async function seedSchedule(s: Services, gymId: number, ids: number[], now: number) {
  const actor = { userId: ids[0]!, gymId, role: 'owner' as const, ip: '127.0.0.1' };
  const trainer = ids[2]!;
  const today = todayOf(now);
  const cat: Record<string, number> = {};
  for (const [name, color] of [
    ['Cardio', '#e4572e'],
    ['Strength', '#17bebb'],
    ['Mind & body', '#76b041'],
  ] as const)
    cat[name] = (await s.schedule.createCategory(actor, { name, color })).id;
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
  for (const c of timetable)
    await s.schedule.createClass(actor, { ...c, instructor_id: trainer, start_date: today });
  const week = addDays(today, 6);
  const sessions = (await s.schedule.sessions(gymId, { from: today, to: week })).filter(
    (x) => new Date(x.starts_at).getTime() > now + 3_600_000,
  );
  // The three members book the first sessions; Pilates (2 places) fills up and puts one on the waitlist.
  const members = ids.slice(4);
  for (const session of sessions.slice(0, 3))
    for (const userId of members)
      await s.schedule.book({ ...actor, userId, role: 'member' }, session.id, undefined);
  const pilates = sessions.find((x) => x.class_name === 'Pilates');
  if (pilates && sessions.indexOf(pilates) >= 3)
    for (const userId of members)
      await s.schedule.book({ ...actor, userId, role: 'member' }, pilates.id, undefined);
}

/**
 * Upcoming events with registrations: the workshop (3 places) fills up and waitlists one member; one member
 * leaves it, so the first of the waitlist is promoted and notified; the run moves, so its people are notified.
 */
async function seedEvents(s: Services, gymId: number, ids: number[], now: number) {
  const actor = { userId: ids[0]!, gymId, role: 'owner' as const, ip: '127.0.0.1' };
  const at = (days: number, hourUtc: number, hours: number) => {
    const start = new Date(now + days * 86_400_000);
    start.setUTCHours(hourUtc, 0, 0, 0);
    return {
      starts_at: start.toISOString(),
      ends_at: new Date(start.getTime() + hours * 3_600_000).toISOString(),
    };
  };
  const members = ids.slice(4);
  const workshop = await s.events.create(actor, {
    title: 'Mobility workshop',
    description: 'Two hours on hips, shoulders and spine with Pablo.',
    location: 'Studio',
    capacity: 2,
    ...at(5, 9, 2),
  });
  const run = await s.events.create(actor, {
    title: 'Sunday 10K run',
    description: 'An easy group run along the river; all paces welcome.',
    location: 'Main entrance',
    capacity: null,
    ...at(9, 8, 2),
  });
  await s.events.create(actor, {
    title: 'Open day',
    description: 'Bring a friend: free classes all day.',
    location: null,
    capacity: 100,
    ...at(20, 8, 10),
  });
  const asMember = (userId: number) => ({ ...actor, userId, role: 'member' as const });
  const regs = [];
  for (const userId of members) regs.push(await s.events.register(asMember(userId), workshop.id, undefined));
  for (const userId of members.slice(0, 2)) await s.events.register(asMember(userId), run.id, undefined);
  // The first member gives up their place: the waitlisted one moves up and gets a notification.
  await s.events.unregister(asMember(members[0]!), regs[0]!.id);
  // The run starts an hour later: both runners are told.
  const later = new Date(Date.parse(run.starts_at) + 3_600_000);
  await s.events.update(actor, run.id, {
    starts_at: later.toISOString(),
    ends_at: new Date(later.getTime() + 2 * 3_600_000).toISOString(),
  });
}

export function printDemo(demo: Awaited<ReturnType<typeof seedDemo>>) {
  console.log(
    `\n  Demo data created: "Demo Gym" (X-Gym-ID: ${demo.gymId}). Every account's password: ${demo.password}`,
  );
  for (const p of demo.people) console.log(`    ${p.role.padEnd(8)} ${p.email}`);
  console.log(`  Running demo athlete (workouts, HRV, overtraining): ${demo.runner}`);
  console.log('  Change or delete these accounts before you let anyone else reach this server.\n');
}
