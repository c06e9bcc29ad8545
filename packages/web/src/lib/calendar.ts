/**
 * The workouts calendar's logic: the month grid (Monday-first weeks, UTC days as the API's from/to are), each
 * day's and week's training load, and where the arrow keys move. Pure functions, tested in test/calendar.test.ts.
 */
import { addDays, mondayOf } from './week';

export interface CalendarWorkout {
  id: number;
  started_at: string;
  sport: string;
  distance_km: number | null;
  duration_s: number;
  training_load: { load: number | null };
}

export interface CalendarDay<W extends CalendarWorkout = CalendarWorkout> {
  date: string;
  /** False for the days of the previous/next month that fill the first and last weeks. */
  inMonth: boolean;
  workouts: W[];
  /** Sum of the day's training loads (sRPE units); workouts without a load add nothing. */
  load: number;
  km: number;
}

export interface CalendarWeek<W extends CalendarWorkout = CalendarWorkout> {
  monday: string;
  days: CalendarDay<W>[];
  load: number;
  km: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A valid YYYY-MM, or null. */
export function parseMonth(s: unknown): string | null {
  return typeof s === 'string' && MONTH.test(s) ? s : null;
}

/** The month `n` months after `month` (YYYY-MM). */
export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

/** The first and last day the month's grid shows: whole Monday–Sunday weeks around the month. */
export function monthRange(month: string): { from: string; to: string } {
  const first = `${month}-01`;
  const last = addDays(`${shiftMonth(month, 1)}-01`, -1);
  return { from: mondayOf(first), to: addDays(mondayOf(last), 6) };
}

/** The month grid with each workout on its UTC day, and the loads and distances per day and per week. */
export function monthGrid<W extends CalendarWorkout>(
  month: string,
  workouts: readonly W[],
): CalendarWeek<W>[] {
  const byDay = new Map<string, W[]>();
  for (const w of workouts) {
    const day = w.started_at.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), w]);
  }
  const { from, to } = monthRange(month);
  const weeks: CalendarWeek<W>[] = [];
  for (let monday = from; monday <= to; monday = addDays(monday, 7)) {
    const days = Array.from({ length: 7 }, (_, i) => {
      const date = addDays(monday, i);
      const ws = (byDay.get(date) ?? []).slice().sort((a, b) => a.started_at.localeCompare(b.started_at));
      return {
        date,
        inMonth: date.startsWith(month),
        workouts: ws,
        load: round1(ws.reduce((s, w) => s + (w.training_load.load ?? 0), 0)),
        km: round1(ws.reduce((s, w) => s + (w.distance_km ?? 0), 0)),
      };
    });
    weeks.push({
      monday,
      days,
      load: round1(days.reduce((s, d) => s + d.load, 0)),
      km: round1(days.reduce((s, d) => s + d.km, 0)),
    });
  }
  return weeks;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The day a key moves the focus to in the grid (the ARIA grid pattern): arrows by a day or a week, Home/End to
 * the week's ends, PageUp/PageDown by a month (same day of the month, clamped). Null for other keys.
 */
export function keyTarget(day: string, key: string): string | null {
  switch (key) {
    case 'ArrowLeft':
      return addDays(day, -1);
    case 'ArrowRight':
      return addDays(day, 1);
    case 'ArrowUp':
      return addDays(day, -7);
    case 'ArrowDown':
      return addDays(day, 7);
    case 'Home':
      return mondayOf(day);
    case 'End':
      return addDays(mondayOf(day), 6);
    case 'PageUp':
    case 'PageDown': {
      const month = shiftMonth(day.slice(0, 7), key === 'PageUp' ? -1 : 1);
      const lastDay = addDays(`${shiftMonth(month, 1)}-01`, -1).slice(8);
      const dd = Math.min(Number(day.slice(8)), Number(lastDay));
      return `${month}-${String(dd).padStart(2, '0')}`;
    }
    default:
      return null;
  }
}
