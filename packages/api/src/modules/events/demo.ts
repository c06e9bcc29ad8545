import type { DemoContext } from '../../platform/module.js';
import type { EventsService } from './service.js';

/**
 * Upcoming events with registrations: the workshop (3 places) fills up and waitlists one member; one member
 * leaves it, so the first of the waitlist is promoted and notified; the run moves, so its people are notified.
 */
export async function seedEvents(s: EventsService, demo: DemoContext) {
  const { gymId, now } = demo;
  const actor = { userId: demo.ownerId, gymId, role: 'owner' as const, ip: '127.0.0.1' };
  const at = (days: number, hourUtc: number, hours: number) => {
    const start = new Date(now + days * 86_400_000);
    start.setUTCHours(hourUtc, 0, 0, 0);
    return {
      starts_at: start.toISOString(),
      ends_at: new Date(start.getTime() + hours * 3_600_000).toISOString(),
    };
  };
  const members = demo.memberIds;
  const workshop = await s.create(actor, {
    title: 'Mobility workshop',
    description: 'Two hours on hips, shoulders and spine with Pablo.',
    location: 'Studio',
    capacity: 2,
    ...at(5, 9, 2),
  });
  const run = await s.create(actor, {
    title: 'Sunday 10K run',
    description: 'An easy group run along the river; all paces welcome.',
    location: 'Main entrance',
    capacity: null,
    ...at(9, 8, 2),
  });
  await s.create(actor, {
    title: 'Open day',
    description: 'Bring a friend: free classes all day.',
    location: null,
    capacity: 100,
    ...at(20, 8, 10),
  });
  const asMember = (userId: number) => ({ ...actor, userId, role: 'member' as const });
  const regs = [];
  for (const userId of members) regs.push(await s.register(asMember(userId), workshop.id, undefined));
  for (const userId of members.slice(0, 2)) await s.register(asMember(userId), run.id, undefined);
  // The first member gives up their place: the waitlisted one moves up and gets a notification.
  await s.unregister(asMember(members[0]!), regs[0]!.id);
  // The run starts an hour later: both runners are told.
  const later = new Date(Date.parse(run.starts_at) + 3_600_000);
  await s.update(actor, run.id, {
    starts_at: later.toISOString(),
    ends_at: new Date(later.getTime() + 2 * 3_600_000).toISOString(),
  });
}
