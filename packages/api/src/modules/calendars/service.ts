import { calendarsMessages as M } from './messages.js';
import type { CalendarFeeds, FeedOwner } from '../../platform/calendar/feeds.js';
import { writeIcs, type IcsEvent } from '../../platform/calendar/ics.js';
import { notFound } from '../../platform/errors.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import type { EventRow } from '../events/repo.js';
import type { EventsService } from '../events/service.js';
import type { GymsRepo } from '../gyms/repo.js';
import type { ReservationsService } from '../reservations/service.js';
import type { ScheduleService } from '../schedule/service.js';

export const FEED_KINDS = { timetable: 'gym_timetable', mine: 'my_bookings' } as const;

/** The window a feed covers, in days around today. */
const PAST_DAYS = 14;
const AHEAD_DAYS = 56;
const DAY = 86_400_000;
/** The schedule answers at most this many days per call. */
const SESSIONS_CHUNK_DAYS = 35;
/** Upper bound on the reservations read per gym for a personal feed. */
const MAX_ROWS = 100;

export interface CalendarsDeps {
  feeds: CalendarFeeds;
  schedule: Pick<ScheduleService, 'feedSessions' | 'myBookings'>;
  events: Pick<EventsService, 'inWindow' | 'bySlotIds'>;
  reservations: Pick<ReservationsService, 'listForUser'>;
  gyms: Pick<GymsRepo, 'findGym' | 'findMember' | 'gymsOfUser'>;
  clock: () => number;
}

const ymd = (d: Date, timezone: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);

const eventItem = (e: EventRow, gymName: string | null, registration?: string): IcsEvent => ({
  uid: `event-${e.id}@pulso`,
  start: e.startsAt,
  end: e.endsAt,
  summary: gymName ? `${e.title} · ${gymName}` : e.title,
  description: [e.description, registration].filter(Boolean).join('\n\n') || null,
  location: e.location,
  status: e.status === 'cancelled' ? 'cancelled' : registration === 'Waitlisted' ? 'tentative' : 'confirmed',
  updatedAt: e.updatedAt,
  sequence: e.revision,
});

/**
 * Calendar feeds of the gym modules: the gym's timetable (classes and events) and a person's own bookings and
 * event registrations, as iCalendar at secret URLs (platform/calendar).
 */
export function createCalendarsService(d: CalendarsDeps) {
  const now = () => new Date(d.clock());

  async function sessionsOf(gymId: number, timezone: string, from: Date, to: Date) {
    const out = [];
    for (let t = from.getTime(); t < to.getTime(); t += SESSIONS_CHUNK_DAYS * DAY) {
      const end = new Date(Math.min(t + (SESSIONS_CHUNK_DAYS - 1) * DAY, to.getTime()));
      out.push(
        ...(await d.schedule.feedSessions(gymId, {
          from: ymd(new Date(t), timezone),
          to: ymd(end, timezone),
        })),
      );
    }
    return out;
  }

  async function gymOrNotFound(gymId: number) {
    const gym = await d.gyms.findGym(gymId);
    if (!gym) throw notFound(M.msg('calendar_not_found'));
    return gym;
  }

  return {
    issue: (o: FeedOwner) => d.feeds.rotate(o),
    async revoke(o: FeedOwner) {
      if (!(await d.feeds.revoke(o))) throw notFound(M.msg('feed_not_found'));
    },

    /** The gym's timetable for the holder of a live token who is still a member of the gym; else 404. */
    async timetable(token: string): Promise<string> {
      const owner = await d.feeds.resolve(token, FEED_KINDS.timetable);
      if (!owner || owner.gymId === null || !(await d.gyms.findMember(owner.gymId, owner.userId)))
        throw notFound(M.msg('calendar_not_found'));
      const gym = await gymOrNotFound(owner.gymId);
      const t = now();
      const from = new Date(t.getTime() - PAST_DAYS * DAY);
      const to = new Date(t.getTime() + AHEAD_DAYS * DAY);
      const sessions = await sessionsOf(gym.id, gym.timezone, from, to);
      const events = await d.events.inWindow(gym.id, from, to);
      return writeIcs(
        {
          name: gym.name,
          timezone: gym.timezone,
          events: [
            ...sessions.map((s): IcsEvent => ({
              uid: `session-${s.id}@pulso`,
              start: new Date(s.starts_at),
              end: new Date(s.ends_at),
              summary: s.class_name,
              description: s.description,
              location: s.room,
              status: s.status === 'cancelled' ? 'cancelled' : 'confirmed',
              updatedAt: s.updatedAt,
              sequence: s.revision,
            })),
            ...events.map((e) => eventItem(e, null)),
          ],
        },
        t,
      );
    },

    /** A person's bookings and event registrations in every gym they belong to. */
    async personal(token: string): Promise<string> {
      const owner = await d.feeds.resolve(token, FEED_KINDS.mine);
      if (!owner) throw notFound(M.msg('calendar_not_found'));
      const t = now();
      const from = new Date(t.getTime() - PAST_DAYS * DAY);
      const to = new Date(t.getTime() + AHEAD_DAYS * DAY);
      const inWindow = (iso: string | Date) => {
        const x = new Date(iso).getTime();
        return x >= from.getTime() && x < to.getTime();
      };
      const { rows: memberships } = await d.gyms.gymsOfUser(owner.userId, null);
      const items: IcsEvent[] = [];
      for (const { gym, role } of memberships) {
        const actor = { userId: owner.userId, gymId: gym.id, role: role, ip: '' };
        // The soonest upcoming and the latest past ones: the window is around now.
        const page = { skip: 0, limit: MAX_ROWS };
        const bookings = [
          ...(await d.schedule.myBookings(actor, 'upcoming', page)).rows,
          ...(await d.schedule.myBookings(actor, 'past', page)).rows,
        ];
        const live = bookings.filter((b) => b.status !== 'cancelled' && inWindow(b.starts_at));
        if (live.length) {
          const sessions = new Map(
            (await sessionsOf(gym.id, gym.timezone, from, to)).map((s) => [s.id, s] as const),
          );
          for (const b of live) {
            const s = sessions.get(b.session_id);
            const start = new Date(b.starts_at);
            items.push({
              uid: `booking-${b.id}@pulso`,
              start,
              end: s ? new Date(s.ends_at) : new Date(start.getTime() + 3_600_000),
              summary: `${b.class_name} · ${gym.name}`,
              description:
                [
                  s?.description,
                  b.status === 'waitlisted' ? `Waitlisted (position ${b.position ?? '?'})` : null,
                ]
                  .filter(Boolean)
                  .join('\n\n') || null,
              location: s?.room ?? null,
              ...(s ? { updatedAt: s.updatedAt, sequence: s.revision } : {}),
              status:
                b.session_status === 'cancelled'
                  ? 'cancelled'
                  : b.status === 'waitlisted'
                    ? 'tentative'
                    : 'confirmed',
            });
          }
        }
        const regs = [];
        for (const when of ['upcoming', 'past'] as const)
          regs.push(
            ...(await d.reservations.listForUser(gym.id, owner.userId, { kind: 'event', when, now: t }, page))
              .rows,
          );
        const active = regs.filter((r) => r.status !== 'cancelled');
        const events = new Map(
          (
            await d.events.bySlotIds(
              [gym.id],
              active.map((r) => r.slotId),
            )
          ).map((e) => [e.slotId, e] as const),
        );
        for (const r of active) {
          const e = events.get(r.slotId);
          if (e && inWindow(e.startsAt))
            items.push({
              ...eventItem(e, gym.name, r.status === 'waitlisted' ? 'Waitlisted' : undefined),
              uid: `registration-${r.id}@pulso`,
            });
        }
      }
      // Times in the gyms' zone when they share one; in UTC (still exact) when they do not.
      const zones = new Set(memberships.map((m) => m.gym.timezone));
      const timezone = zones.size === 1 ? [...zones][0]! : 'UTC';
      return writeIcs({ name: 'Pulso', timezone, events: items }, t);
    },

    userData(): UserDataContributor {
      return { name: 'calendar_feeds', export: (userId, tx) => d.feeds.ofUser(userId, tx) };
    },
  };
}
export type CalendarsService = ReturnType<typeof createCalendarsService>;
