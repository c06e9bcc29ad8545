import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';

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
 * calendar's zone with a TZID, and the zone's VTIMEZONE (from @touch4it/ical-timezones) is included, so
 * clients show a 09:00 class at 09:00 on both sides of a daylight-saving change. A zone unknown to the
 * VTIMEZONE table falls back to UTC times.
 */
export function writeIcs(c: IcsCalendar, now = new Date()): string {
  const zone = getVtimezoneComponent(c.timezone) !== null ? c.timezone : null;
  const cal = ical({
    name: c.name,
    prodId: { company: 'Pulso', product: 'pulso-api', language: 'EN' },
    // No calendar-level zone name: ical-generator would then write DTSTAMP in local time, and RFC 5545 wants
    // it in UTC. The zone goes on each event (TZID), and the generator adds its VTIMEZONE once.
    timezone: { name: null, generator: getVtimezoneComponent },
    ttl: c.ttlSeconds ?? 3600,
  });
  if (zone) cal.x([['X-WR-TIMEZONE', zone]]);
  // ical-generator formats a native Date with the process's zone; a Luxon DateTime in the gym's zone is
  // written as that zone's wall time.
  const local = (d: Date) => DateTime.fromJSDate(d, { zone: zone ?? 'utc' });
  const utcDate = (d: Date) => DateTime.fromJSDate(d, { zone: 'utc' });
  for (const e of c.events) {
    cal.createEvent({
      id: e.uid,
      ...(e.allDay
        ? { allDay: true, start: utcDate(e.start), end: utcDate(e.end) }
        : {
            timezone: zone,
            start: zone ? local(e.start) : e.start,
            end: zone ? local(e.end) : e.end,
          }),
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
