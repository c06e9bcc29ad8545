/** The workouts calendar: month grid, loads per day and week, keyboard moves. */
import { describe, expect, it } from 'vitest';
import { keyTarget, monthGrid, monthRange, parseMonth, shiftMonth } from '../src/lib/calendar';

const w = (id: number, started_at: string, load: number | null, km: number | null = 5) => ({
  id,
  started_at,
  sport: 'run',
  distance_km: km,
  duration_s: 1800,
  training_load: { load },
});

describe('month range', () => {
  it('covers whole Monday–Sunday weeks around the month (Feb 2026 starts on a Sunday)', () => {
    // 2026-02-01 is a Sunday, 2026-02-28 a Saturday.
    expect(monthRange('2026-02')).toEqual({ from: '2026-01-26', to: '2026-03-01' });
  });
  it('handles a leap February and year ends', () => {
    expect(monthRange('2024-02')).toEqual({ from: '2024-01-29', to: '2024-03-03' });
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
  });
  it('accepts only YYYY-MM', () => {
    expect(parseMonth('2026-12')).toBe('2026-12');
    expect(parseMonth('2026-13')).toBeNull();
    expect(parseMonth('2026-1')).toBeNull();
    expect(parseMonth(202612)).toBeNull();
  });
});

describe('monthGrid', () => {
  const grid = monthGrid('2026-02', [
    w(1, '2026-02-03T07:00:00Z', 120),
    w(2, '2026-02-03T18:00:00Z', 60.25, 3.2),
    w(3, '2026-02-05T07:00:00Z', null),
    w(4, '2026-01-27T07:00:00Z', 90),
    w(5, '2026-03-10T07:00:00Z', 500), // outside the grid
  ]);
  it('has five weeks of seven days, flagging the days of other months', () => {
    expect(grid).toHaveLength(5);
    expect(grid.every((wk) => wk.days.length === 7)).toBe(true);
    expect(grid[0]!.days[0]).toMatchObject({ date: '2026-01-26', inMonth: false });
    expect(grid[0]!.days[6]).toMatchObject({ date: '2026-02-01', inMonth: true });
  });
  it('sums each day’s load and distance, a workout without a load adding nothing', () => {
    const tue = grid[1]!.days[1]!;
    expect(tue.date).toBe('2026-02-03');
    expect(tue.workouts.map((x) => x.id)).toEqual([1, 2]);
    expect(tue.load).toBe(180.3);
    expect(tue.km).toBe(8.2);
    expect(grid[1]!.days[3]).toMatchObject({ date: '2026-02-05', load: 0, km: 5 });
  });
  it('sums each week, including the neighbouring month’s days it shows', () => {
    expect(grid[0]!.load).toBe(90);
    expect(grid[1]!.load).toBe(180.3);
    expect(grid[1]!.km).toBe(13.2);
    expect(grid.flatMap((wk) => wk.days).some((d) => d.workouts.some((x) => x.id === 5))).toBe(false);
  });
});

describe('keyTarget', () => {
  it('moves by a day, a week, to the week’s ends and by a month', () => {
    expect(keyTarget('2026-03-01', 'ArrowLeft')).toBe('2026-02-28');
    expect(keyTarget('2026-02-28', 'ArrowRight')).toBe('2026-03-01');
    expect(keyTarget('2026-02-03', 'ArrowUp')).toBe('2026-01-27');
    expect(keyTarget('2026-02-03', 'ArrowDown')).toBe('2026-02-10');
    expect(keyTarget('2026-02-05', 'Home')).toBe('2026-02-02');
    expect(keyTarget('2026-02-05', 'End')).toBe('2026-02-08');
    expect(keyTarget('2026-01-31', 'PageDown')).toBe('2026-02-28');
    expect(keyTarget('2026-03-31', 'PageUp')).toBe('2026-02-28');
    expect(keyTarget('2026-02-05', 'a')).toBeNull();
  });
});
