import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { canonicalZone, isAmbiguous, vtimezone } from './vtimezone.js';

export interface IcsEvent {
  /** Stable across renderings (e.g. `session-42@pulso`), so calendar apps update instead of duplicating. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string | null;
  location?: string | null;
  status?: 'confirmed' | 'tentative' | 'cancelled';
  /** When the item last changed (DTSTAMP/LAST-MODIFIED); defaults to the time of rendering. */
  updatedAt?: Date;
  /** Bumped by the caller when the item changes, if it keeps a counter. */
  sequence?: number;
  /**
   * A whole-day item (DTSTART;VALUE=DATE): `start` and `end` are read as UTC dates, `end` exclusive. Plan
   * sessions have a day but no hour, and a date carries no zone, so it reads the same in every calendar.
   */
  allDay?: boolean;
}

export interface IcsCalendar {
  name: string;
  /** IANA zone the times are written in (DTSTART;TZID=… with its VTIMEZONE). */
  timezone: string;
  /** Suggested refresh interval for clients (X-PUBLISHED-TTL / REFRESH-INTERVAL). */
  ttlSeconds?: number;
  events: IcsEvent[];
}

const STATUS = {
  confirmed: ICalEventStatus.CONFIRMED,
  tentative: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
} as const;

/**
 * Writes an iCalendar (RFC 5545) document with ical-generator. Times are written as local times of the
 * calendar's zone with a TZID, and the zone's VTIMEZONE is written from the runtime's zone database for the span
 * the events cover (vtimezone.ts), so clients show a 09:00 class at 09:00 on both sides of a daylight-saving
 * change and at the instant the API means. The zone is named by its IANA canonical name (`US/Pacific` is written
 * as `America/Los_Angeles`). Written in UTC instead: every time when the zone is UTC (or unknown), and an event
 * whose local time falls in a repeated hour (its local time would name two instants).
 */
export function writeIcs(c: IcsCalendar, now = new Date()): string {
  const canonical = canonicalZone(c.timezone);
  const zone = canonical && canonical !== 'UTC' ? canonical : null;
  const timed = c.events.filter((e) => !e.allDay);
  const from = Math.min(...timed.map((e) => e.start.getTime()));
  const to = Math.max(...timed.map((e) => e.end.getTime()));
  const cal = ical({
    name: c.name,
    prodId: { company: 'Pulso', product: 'pulso-api', language: 'EN' },
    // No calendar-level zone name: ical-generator would then write DTSTAMP in local time, and RFC 5545 wants
    // it in UTC. The zone goes on each event (TZID), and the generator adds its VTIMEZONE once.
    timezone: { name: null, generator: (tz) => (timed.length ? vtimezone(tz, from, to) : null) },
    ttl: c.ttlSeconds ?? 3600,
  });
  cal.x([['X-WR-TIMEZONE', zone ?? 'UTC']]);
  // ical-generator formats a native Date with the process's zone; a Luxon DateTime in the gym's zone is
  // written as that zone's wall time.
  const local = (d: Date) => DateTime.fromJSDate(d, { zone: zone ?? 'utc' });
  const utcDate = (d: Date) => DateTime.fromJSDate(d, { zone: 'utc' });
  const inZone = (e: IcsEvent) =>
    zone !== null && !isAmbiguous(zone, e.start.getTime()) && !isAmbiguous(zone, e.end.getTime());
  for (const e of c.events) {
    cal.createEvent({
      id: e.uid,
      ...(e.allDay
        ? { allDay: true, start: utcDate(e.start), end: utcDate(e.end) }
        : inZone(e)
          ? { timezone: zone, start: local(e.start), end: local(e.end) }
          : { timezone: null, start: e.start, end: e.end }),
      stamp: e.updatedAt ?? now,
      lastModified: e.updatedAt ?? null,
      summary: e.summary,
      description: e.description ?? null,
      location: e.location ?? null,
      status: STATUS[e.status ?? 'confirmed'],
      sequence: e.sequence ?? 0,
    });
  }
  return cal.toString();
}
