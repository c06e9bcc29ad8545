import { DateTime } from 'luxon';

/** The dates (YYYY-MM-DD) in [from, to] on which a weekly template falls, within its own start and end. */
export function occurrences(
  t: { weekdays: readonly number[]; startDate: string; endDate: string | null },
  from: string,
  to: string,
): string[] {
  const first = from > t.startDate ? from : t.startDate;
  const last = t.endDate && t.endDate < to ? t.endDate : to;
  const out: string[] = [];
  const days = new Set(t.weekdays);
  let d = DateTime.fromISO(first, { zone: 'UTC' });
  const end = DateTime.fromISO(last, { zone: 'UTC' });
  while (d <= end) {
    if (days.has(d.weekday)) out.push(d.toISODate()!);
    d = d.plus({ days: 1 });
  }
  return out;
}

/** Does a template fall on this date? */
export function fallsOn(
  t: { weekdays: readonly number[]; startDate: string; endDate: string | null },
  date: string,
): boolean {
  return occurrences(t, date, date).length === 1;
}

/**
 * The UTC instant of a wall-clock time on a local date in an IANA zone. A time that does not exist (the hour
 * skipped when clocks go forward) moves forward by the gap, as luxon does; an ambiguous one (the hour repeated
 * when clocks go back) takes the second (standard-time) occurrence, as luxon does.
 */
export function localToUtc(date: string, time: string, zone: string): Date {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!dt.isValid) throw new Error(`invalid local time ${date}T${time} in ${zone}`);
  return dt.toJSDate();
}

/** The instant as ISO 8601 with the zone's offset, e.g. 2026-10-30T07:00:00.000+01:00. */
export function toLocalIso(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISO()!;
}

/** Today's date in the zone. */
export function localToday(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}
