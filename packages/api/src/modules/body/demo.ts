import { addDays, todayOf } from '../../platform/dates.js';
import type { BodyService } from './service.js';

/**
 * Demo body data for the demo athlete: 12 weeks of morning weights from 60 kg down ~0.25 kg a week, with
 * day-to-day water noise of ±0.6 kg (what the trend is for), a body-fat reading every two weeks, a monthly
 * waist measurement and a weekly blood pressure. Deterministic, dated back from the seeding clock.
 */
export async function seedBodyDemo(s: BodyService, userId: number, now: number) {
  const today = todayOf(now);
  let seed = 20;
  const rnd = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const rows: Parameters<BodyService['writeMany']>[1] = [];
  const days = 84;
  for (let k = days; k >= 0; k--) {
    const date = addDays(today, -k);
    const i = days - k;
    if (rnd() < 0.85)
      rows.push({
        date,
        metric: 'weight',
        value: round1(60 - (0.25 * i) / 7 + (rnd() - 0.5) * 1.2),
        diastolic: null,
      });
    if (i % 14 === 0)
      rows.push({ date, metric: 'body_fat', value: round1(24 - i / 42 + (rnd() - 0.5)), diastolic: null });
    if (i % 28 === 0) rows.push({ date, metric: 'waist', value: round1(72 - i / 28), diastolic: null });
    if (i % 7 === 3)
      rows.push({
        date,
        metric: 'blood_pressure',
        value: 118 + Math.round(rnd() * 8),
        diastolic: 76 + Math.round(rnd() * 6),
      });
  }
  await s.writeMany(userId, rows, 'demo');
}

const round1 = (x: number) => Math.round(x * 10) / 10;
