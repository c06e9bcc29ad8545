import { DateTime } from 'luxon';

/**
 * Calendar days as `YYYY-MM-DD` in UTC; day numbers count days since 1970-01-01. One set of helpers for every
 * module that reasons in whole days (running analysis, training plans, race look-back windows).
 */
export const DAY_MS = 86_400_000;

export const dayNumber = (d: string): number => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY_MS);
export const dayString = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
export const addDays = (d: string, n: number): string => dayString(dayNumber(d) + n);
export const todayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export const weekdayOf = (d: string): number => (((dayNumber(d) + 3) % 7) + 7) % 7;
/** Monday of the ISO week that contains `d`. */
export const mondayOf = (d: string): string => addDays(d, -weekdayOf(d));

/** Whole years from `birth` to `on` (both `YYYY-MM-DD`): the birthday itself counts as the new year. */
export function ageOn(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** Per zone, the last day answered and the instants it starts and ends (exclusive). */
const dayWindows = new Map<string, { date: string; start: number; end: number }>();
/**
 * The calendar day (`YYYY-MM-DD`) of an instant in an IANA time zone: at 23:30 UTC it is already tomorrow in
 * Madrid. `en-CA` formats dates as ISO `YYYY-MM-DD`. An unknown zone counts as UTC.
 *
 * Hot (every gym-dated read asks it), and `Intl.DateTimeFormat#format` costs microseconds: the day last answered
 * for the zone is kept with its bounds (`dayBoundsIn`, which knows the 23- and 25-hour days), so an instant
 * within them is answered by two comparisons; one outside them (the next day, or an injected clock that went
 * back) is formatted again.
 */
export function todayIn(ms: number, timeZone: string): string {
  const w = dayWindows.get(timeZone);
  if (w && ms >= w.start && ms < w.end) return w.date;
  let f = dayFormats.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      return todayOf(ms);
    }
    dayFormats.set(timeZone, f);
  }
  const date = f.format(ms);
  const { start, end } = dayBoundsIn(date, timeZone);
  // Kept only when the bounds agree with the formatter (they always should; a disagreement is not cached).
  if (start.getTime() <= ms && ms < end.getTime())
    dayWindows.set(timeZone, { date, start: start.getTime(), end: end.getTime() });
  return date;
}

/**
 * The calendar month (`YYYY-MM`) of an instant in an IANA time zone: a Madrid gym's February starts at 23:00 UTC
 * on 31 January (22:00 in summer time). An unknown zone counts as UTC.
 */
export const monthIn = (ms: number, timeZone: string): string => todayIn(ms, timeZone).slice(0, 7);

/**
 * The UTC instants at which the current day and month began in an IANA time zone (a Madrid gym's February
 * begins at 2027-01-31T23:00Z). An unknown zone counts as UTC.
 */
export function periodStartsIn(ms: number, timeZone: string): { day: Date; month: Date } {
  let t = DateTime.fromMillis(ms, { zone: timeZone });
  if (!t.isValid) t = DateTime.fromMillis(ms, { zone: 'UTC' });
  return { day: t.startOf('day').toJSDate(), month: t.startOf('month').toJSDate() };
}

/**
 * The instants a calendar day of an IANA time zone starts and ends (exclusive): 23 or 25 hours on the days the
 * clocks change. An unknown zone counts as UTC.
 */
export function dayBoundsIn(date: string, timeZone: string): { start: Date; end: Date } {
  let t = DateTime.fromISO(date, { zone: timeZone });
  if (!t.isValid) t = DateTime.fromISO(date, { zone: 'UTC' });
  const start = t.startOf('day');
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
}
