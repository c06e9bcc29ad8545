/**
 * Data shaping for the progress charts: pure functions, tested in test/progress.test.ts.
 */

export interface EfficiencyWorkout {
  started_at: string;
  sport: string;
  distance_km: number | null;
  duration_s: number;
  moving_time_s: number | null;
  avg_hr: number | null;
}

/**
 * Pace at heart rate as the efficiency factor of each run: speed in metres per minute over the average heart
 * rate (Friel's "efficiency factor", the running form of Coggan's EF). A rising EF means a faster pace at the
 * same heart rate. Moving time is used when known so stops do not count as slow running. Only runs with a heart
 * rate and at least 1 km are kept (shorter ones are too noisy). Columns: unix seconds, EF, pace s/km, avg HR.
 */
export function efficiencySeries(workouts: readonly EfficiencyWorkout[]) {
  const rows = workouts
    .filter(
      (w) =>
        (w.sport === 'run' || w.sport === 'trail_run') &&
        w.avg_hr != null &&
        w.avg_hr > 0 &&
        w.distance_km != null &&
        w.distance_km >= 1,
    )
    .map((w) => {
      const seconds = w.moving_time_s && w.moving_time_s > 0 ? w.moving_time_s : w.duration_s;
      const metresPerMin = (w.distance_km! * 1000) / (seconds / 60);
      return {
        x: Date.parse(w.started_at) / 1000,
        ef: Math.round((metresPerMin / w.avg_hr!) * 1000) / 1000,
        pace: seconds / w.distance_km!,
        hr: w.avg_hr!,
      };
    })
    .filter((r) => Number.isFinite(r.x) && Number.isFinite(r.ef))
    .sort((a, b) => a.x - b.x);
  return [
    rows.map((r) => r.x),
    rows.map((r) => r.ef),
    rows.map((r) => r.pace),
    rows.map((r) => r.hr),
  ] as const;
}

/** Weekly volume columns (unix seconds at each Monday, km, minutes) from the progress-tracking weeks. */
export function volumeSeries(
  weeks: readonly { week_start: string; volume_km: number; duration_min: number }[],
) {
  const sorted = weeks.slice().sort((a, b) => a.week_start.localeCompare(b.week_start));
  return [
    sorted.map((w) => Date.parse(`${w.week_start}T00:00:00Z`) / 1000),
    sorted.map((w) => w.volume_km),
    sorted.map((w) => w.duration_min),
  ] as const;
}
