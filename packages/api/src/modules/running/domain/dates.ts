/** Calendar days as `YYYY-MM-DD` in UTC; day numbers count days since 1970-01-01. */
const DAY_MS = 86_400_000;

export const dayNumber = (d: string): number => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY_MS);
export const dayString = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
export const addDays = (d: string, n: number): string => dayString(dayNumber(d) + n);
export const todayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** Monday of the ISO week that contains `d`. */
export const mondayOf = (d: string): string => {
  const n = dayNumber(d);
  // 1970-01-01 was a Thursday: (n + 3) % 7 is 0 on Mondays.
  return dayString(n - ((((n + 3) % 7) + 7) % 7));
};
