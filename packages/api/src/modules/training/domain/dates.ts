/** Calendar days as `YYYY-MM-DD` (UTC); day numbers count days since 1970-01-01. */
const DAY_MS = 86_400_000;
export const dayNumber = (d: string): number => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY_MS);
export const dayString = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
export const addDays = (d: string, n: number): string => dayString(dayNumber(d) + n);
export const todayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export const weekdayOf = (d: string): number => (((dayNumber(d) + 3) % 7) + 7) % 7;
export const mondayOf = (d: string): string => addDays(d, -weekdayOf(d));
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];
