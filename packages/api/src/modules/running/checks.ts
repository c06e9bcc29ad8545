import { runningMessages as M } from './messages.js';
import type { AthleteProfileBody } from '@pulso/contracts';
import { ageOn } from '../../platform/dates.js';
import { invalid } from '../../platform/errors.js';

/** Plausibility checks of what an athlete writes, beyond the contract's ranges (each names its field). */

const MAX_AVG_SPEED_MS: Record<string, number> = {
  run: 7,
  trail_run: 7,
  walk: 4,
  hike: 4,
  ride: 30,
  swim: 3,
};

/** `now` is today as YYYY-MM-DD. */
export function checkProfile(b: AthleteProfileBody, now: string) {
  if (b.birth_date != null) {
    if (b.birth_date >= now) throw invalid('birth_date', M.msg('birth_in_past'));
    const age = ageOn(b.birth_date, now);
    if (age < 10 || age > 110) throw invalid('birth_date', M.msg('age_range', { age }));
  }
  if (b.resting_hr != null && b.max_hr != null && b.resting_hr >= b.max_hr)
    throw invalid('resting_hr', M.msg('resting_below_max'));
  if (b.resting_hr != null && b.max_hr != null && b.max_hr - b.resting_hr < 40)
    throw invalid('max_hr', M.msg('reserve_too_small'));
  if (b.goal_race) {
    if (b.goal_race.date < now) throw invalid('goal_race.date', M.msg('goal_date'));
    const t = b.goal_race.target_time_s;
    // 100 s/km is faster than any world record from 1 km up.
    if (t != null && t / b.goal_race.distance_km < 100)
      throw invalid('goal_race.target_time_s', M.msg('goal_pace'));
  }
}

export interface WorkoutShape {
  startedAt: Date;
  sport: string;
  distanceKm: number | null;
  durationS: number;
  movingTimeS: number | null;
  avgHr: number | null;
  maxHr: number | null;
}
/** `nowMs` is the app's clock. */
export function checkWorkout(w: WorkoutShape, nowMs: number) {
  if (w.startedAt.getTime() > nowMs + 10 * 60_000) throw invalid('started_at', M.msg('in_future'));
  if (w.startedAt.getTime() < Date.UTC(1990, 0, 1)) throw invalid('started_at', M.msg('before_1990'));
  if (w.movingTimeS != null && w.movingTimeS > w.durationS)
    throw invalid('moving_time_s', M.msg('moving_le_duration'));
  if (w.avgHr != null && w.maxHr != null && w.avgHr > w.maxHr) throw invalid('avg_hr', M.msg('avg_le_max'));
  const cap = MAX_AVG_SPEED_MS[w.sport];
  if (cap && w.distanceKm) {
    const speed = (w.distanceKm * 1000) / (w.movingTimeS || w.durationS);
    if (speed > cap)
      throw invalid('distance_km', M.msg('speed_implausible', { kmh: speed * 3.6, sport: w.sport }));
  }
}

export function checkRange(from: string | undefined, to: string | undefined) {
  if (from && to && from > to) throw invalid('query.from', M.msg('from_after_to'));
}
