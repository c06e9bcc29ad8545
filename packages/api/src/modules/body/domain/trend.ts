import { dayNumber } from '../../../platform/dates.js';

/**
 * The smoothed trend of John Walker's "The Hacker's Diet" (1991, chapter "Signal and Noise"): an exponentially
 * smoothed moving average with a 10% smoothing factor, started at the first reading:
 *     trend_t = trend_{t-1} + 0.1 · (value_t − trend_{t-1})
 * Walker's series has one reading per day. Between readings further apart we apply the daily step once per day
 * of the gap with the new reading held over it, i.e. an effective factor of 1 − 0.9^gap: two readings a week
 * apart move the trend as much as seven daily readings of that value would, so a sparse logger's trend is not
 * frozen and a daily logger's is exactly Walker's.
 */
export const TREND_FACTOR = 0.1;
export const TREND_METHOD = {
  name: 'exponentially smoothed moving average',
  smoothing_factor: TREND_FACTOR,
  source:
    "J. Walker, The Hacker's Diet (1991), 'Signal and Noise': 10% smoothing; gaps of n days weigh 1 − 0.9^n",
};

export interface Reading {
  date: string; // YYYY-MM-DD, ascending, one per date
  value: number;
}

export function smoothed(readings: readonly Reading[], alpha = TREND_FACTOR): number[] {
  const out: number[] = [];
  let trend = 0;
  let prevDay = 0;
  readings.forEach((r, i) => {
    const day = dayNumber(r.date);
    if (i === 0) trend = r.value;
    else {
      const gap = Math.max(1, day - prevDay);
      const a = 1 - (1 - alpha) ** gap;
      trend += a * (r.value - trend);
    }
    prevDay = day;
    out.push(trend);
  });
  return out;
}

/**
 * Change per 7 days: the least-squares slope of the trend against the day number, as Walker reads the rate of
 * loss or gain off a line fitted to the trend. Null with fewer than two readings or all on one day.
 */
export function weeklyChange(dates: readonly string[], trend: readonly number[]): number | null {
  const n = dates.length;
  if (n < 2) return null;
  const xs = dates.map(dayNumber);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = trend.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (trend[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  if (sxx === 0) return null;
  return (sxy / sxx) * 7;
}

/** Body-mass index, kg/m² (Quetelet). */
export const bmi = (weightKg: number, heightCm: number) => weightKg / (heightCm / 100) ** 2;

/**
 * WHO adult classes (WHO Technical Report Series 894, 2000, Table 2.1): < 18.5 underweight, 18.5–24.9 normal,
 * 25–29.9 overweight (pre-obese), ≥ 30 obese. Adults only: under 18 BMI is read against BMI-for-age charts,
 * which we do not have, so no class is given.
 */
export function bmiCategory(b: number): 'underweight' | 'normal' | 'overweight' | 'obese' {
  if (b < 18.5) return 'underweight';
  if (b < 25) return 'normal';
  if (b < 30) return 'overweight';
  return 'obese';
}
