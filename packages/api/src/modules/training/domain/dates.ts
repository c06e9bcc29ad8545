export { addDays, dayNumber, dayString, mondayOf, todayOf, weekdayOf } from '../../../platform/dates.js';

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
