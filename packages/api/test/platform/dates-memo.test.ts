import { describe, expect, it } from 'vitest';
import { addDays, ageOn, mondayOf, todayOf, weekdayOf } from '../../src/platform/dates.js';
import { memoOn } from '../../src/platform/memo.js';

describe('platform dates', () => {
  it('counts whole years, the birthday being the first day of the new year', () => {
    expect(ageOn('1990-06-15', '2030-06-14')).toBe(39);
    expect(ageOn('1990-06-15', '2030-06-15')).toBe(40);
    expect(ageOn('1990-12-31', '2031-01-01')).toBe(40);
    // Born on 29 February: a year older on 1 March of a common year, not on 28 February.
    expect(ageOn('2000-02-29', '2031-02-28')).toBe(30);
    expect(ageOn('2000-02-29', '2031-03-01')).toBe(31);
  });

  it('walks days across month, leap-day and year ends, and finds ISO Mondays', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-02-29', 1)).toBe('2028-03-01');
    expect(addDays('2030-12-31', 1)).toBe('2031-01-01');
    expect(addDays('2030-01-01', -1)).toBe('2029-12-31');
    expect(weekdayOf('1970-01-01')).toBe(3); // a Thursday
    expect(mondayOf('2030-01-06')).toBe('2029-12-31'); // Sunday → the Monday before
    expect(mondayOf('2029-12-31')).toBe('2029-12-31');
    expect(todayOf(Date.UTC(2030, 0, 1, 23, 59, 59))).toBe('2030-01-01');
  });
});

describe('platform memo', () => {
  it('builds once per owner and key, separately per owner, and restarts an owner that is full', () => {
    const memo = memoOn<object, number>(2);
    const a = {};
    const b = {};
    let builds = 0;
    const f = () => ++builds;
    expect(memo(a, 'x', f)).toBe(1);
    expect(memo(a, 'x', f)).toBe(1);
    expect(memo(b, 'x', f)).toBe(2);
    expect(memo(a, 'y', f)).toBe(3);
    // a is full (x, y): a third key starts its memo again, so x is built anew.
    expect(memo(a, 'z', f)).toBe(4);
    expect(memo(a, 'x', f)).toBe(5);
    expect(memo(b, 'x', f)).toBe(2);
  });
});
