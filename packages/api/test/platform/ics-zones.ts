/**
 * The time-zone checker of the calendar feeds: writes a calendar of known instants in a zone with `writeIcs`,
 * reads it back with Mozilla's ical.js (an independent RFC 5545 reader) and reports every event whose instant
 * differs, and every TZID the document references without defining it (RFC 5545 §3.2.19 requires a VTIMEZONE
 * for each). The expected instants come from the runtime's own zone database through luxon, independently of
 * the code under test.
 */
import { getAllTimezones } from 'countries-and-timezones';
import ICAL from 'ical.js';
import { writeIcs } from '../../src/platform/calendar/ics.js';
import { vtimezone } from '../../src/platform/calendar/vtimezone.js';

const DAY = 86_400_000;
const MIN = 60_000;

const formats = new Map<string, Intl.DateTimeFormat>();
/** The zone's UTC offset at `t` in ms, from the wall time Intl shows (luxon is ~4x slower per call). */
function offsetAt(zone: string, t: number): number {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, f);
  }
  const [mo, d, y, h, mi, s] = f.format(t).match(/\d+/g)!.map(Number);
  return Date.UTC(y!, mo! - 1, d, h, mi, s) - Math.floor(t / 1000) * 1000;
}

/** The instants where the zone's UTC offset changes in [from, to), to the second. */
export function transitionsOf(zone: string, from: number, to: number): number[] {
  const out: number[] = [];
  // Weekly steps: since the 1990s no zone has changed its offset and back within a week (Morocco's Ramadan
  // suspension of summer time, the shortest, lasts about a month).
  const STEP = 7 * DAY;
  let b = offsetAt(zone, from);
  for (let t = from; t < to; t += STEP) {
    const a = b;
    b = offsetAt(zone, t + STEP);
    if (a === b) continue;
    let lo = t;
    let hi = t + STEP;
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2000) * 1000;
      if (offsetAt(zone, mid) === a) lo = mid;
      else hi = mid;
    }
    out.push(hi);
  }
  return out;
}

/**
 * The instants a zone is checked at, in [now, now + 2 years]: a 09:00 local class every two weeks, and every
 * 20 minutes from two hours before to two hours after each offset change (the skipped and the repeated hours).
 */
export function instantsToCheck(zone: string, now: number): number[] {
  const end = now + 2 * 366 * DAY;
  const set = new Set<number>();
  const firstDay = Math.floor(now / DAY) * DAY;
  for (let day = firstDay; day < end; day += 14 * DAY) {
    const wall = day + 9 * 3_600_000;
    const nine = wall - offsetAt(zone, wall - offsetAt(zone, wall));
    if (nine >= now) set.add(nine);
  }
  for (const tr of transitionsOf(zone, now, end))
    for (let k = -6; k <= 6; k++) if (tr + k * 20 * MIN >= now) set.add(tr + k * 20 * MIN);
  return [...set].sort((a, b) => a - b);
}

export interface ZoneCheck {
  zone: string;
  events: number;
  /** Events whose instant, read back by ical.js, differs from the one written. */
  wrong: { uid: string; expected: string; got: string }[];
  /** TZIDs the events reference that no VTIMEZONE of the document defines. */
  undefinedTzids: string[];
}

/** Writes the zone's check instants with `writeIcs` and reads them back with ical.js. */
export function checkZone(zone: string, now: number): ZoneCheck {
  const instants = instantsToCheck(zone, now);
  const ics = writeIcs(
    {
      name: 'check',
      timezone: zone,
      events: instants.map((t, i) => ({
        uid: `check-${i}@pulso`,
        start: new Date(t),
        end: new Date(t + 45 * MIN),
        summary: 'check',
      })),
    },
    new Date(now),
  );
  return readBack(zone, ics, instants);
}

/** The wall time (YYYYMMDDTHHMMSS) of `t` in the zone, as the checker's own Intl reading gives it. */
const wallOf = (zone: string, t: number) =>
  new Date(t + offsetAt(zone, t)).toISOString().replace(/[-:]/g, '').slice(0, 15);

/** Whether another instant shows the same wall time in the zone (the repeated hour). */
function repeated(zone: string, t: number): boolean {
  const wall = t + offsetAt(zone, t);
  for (const d of [-3, 3]) {
    const o = offsetAt(zone, t + d * 3_600_000);
    if (wall - o !== t && offsetAt(zone, wall - o) === o) return true;
  }
  return false;
}

/**
 * The VTIMEZONE writer alone (no ical-generator, which costs most of `checkZone`): a minimal document with the
 * zone's VTIMEZONE over the span and one event per instant at its local time with the TZID. Instants in a
 * repeated hour are written in UTC, as `writeIcs` does (their local time names two instants).
 */
export function checkVtimezone(zone: string, now: number): ZoneCheck {
  const instants = instantsToCheck(zone, now);
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Pulso//check//EN'];
  lines.push(vtimezone(zone, instants[0]!, instants.at(-1)!));
  instants.forEach((t, i) =>
    lines.push(
      'BEGIN:VEVENT',
      `UID:check-${i}@pulso`,
      'DTSTAMP:20260101T000000Z',
      repeated(zone, t)
        ? `DTSTART:${new Date(t).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`
        : `DTSTART;TZID=${zone}:${wallOf(zone, t)}`,
      'END:VEVENT',
    ),
  );
  lines.push('END:VCALENDAR');
  return readBack(zone, lines.join('\r\n'), instants);
}

export function readBack(zone: string, ics: string, instants: number[]): ZoneCheck {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const defined = new Set(
    cal.getAllSubcomponents('vtimezone').map((z) => String(z.getFirstPropertyValue('tzid'))),
  );
  // ical.js keeps a process-wide registry: only this document's zones may answer.
  ICAL.TimezoneService.reset();
  for (const z of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(z);
  const undefinedTzids = new Set<string>();
  const wrong: ZoneCheck['wrong'] = [];
  const byUid = new Map<string, number>(instants.map((t, i) => [`check-${i}@pulso`, t]));
  for (const v of cal.getAllSubcomponents('vevent')) {
    const uid = String(v.getFirstPropertyValue('uid'));
    const expected = byUid.get(uid);
    if (expected === undefined) continue;
    byUid.delete(uid);
    const prop = v.getFirstProperty('dtstart')!;
    const tzid = prop.getParameter('tzid') as string | undefined;
    if (tzid && !defined.has(tzid)) undefinedTzids.add(tzid);
    const got = (prop.getFirstValue() as ICAL.Time).toUnixTime() * 1000;
    if (got !== expected)
      wrong.push({ uid, expected: new Date(expected).toISOString(), got: new Date(got).toISOString() });
  }
  for (const [uid, t] of byUid) wrong.push({ uid, expected: new Date(t).toISOString(), got: 'missing' });
  ICAL.TimezoneService.reset();
  return { zone, events: instants.length, wrong, undefinedTzids: [...undefinedTzids] };
}

/** Every zone the runtime lists, and the other names it accepts for them (tzdb's links, e.g. US/Pacific). */
export function zonesToCheck(): { zones: string[]; aliases: string[] } {
  const zones = Intl.supportedValuesOf('timeZone');
  const listed = new Set(zones);
  const accepted = (z: string) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: z });
      return true;
    } catch {
      return false;
    }
  };
  const aliases = Object.values(getAllTimezones({ deprecated: true }))
    .map((t) => t.name)
    .filter((n) => !listed.has(n) && accepted(n))
    .sort();
  return { zones, aliases };
}
