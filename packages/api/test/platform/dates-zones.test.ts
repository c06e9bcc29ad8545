import { describe, expect, it } from 'vitest';
import { dayBoundsIn, monthIn, periodStartsIn, todayIn } from '../../src/platform/dates.js';

// Europe/Madrid is UTC+1 in winter and UTC+2 in summer; the clocks change at 01:00 UTC on the last Sunday of
// March and of October (EU Directive 2000/84/EC): 2027-03-28 has 23 hours there, 2026-10-25 has 25.
const H = 3_600_000;

describe('calendar days and months in a gym’s time zone', () => {
  it('gives the zone’s date, which runs ahead of or behind UTC’s near midnight', () => {
    expect(todayIn(Date.parse('2026-11-30T22:59:59Z'), 'Europe/Madrid')).toBe('2026-11-30');
    expect(todayIn(Date.parse('2026-11-30T23:00:00Z'), 'Europe/Madrid')).toBe('2026-12-01');
    expect(todayIn(Date.parse('2028-02-29T23:30:00Z'), 'Europe/Madrid')).toBe('2028-03-01');
    expect(todayIn(Date.parse('2028-03-01T03:00:00Z'), 'America/New_York')).toBe('2028-02-29');
    expect(todayIn(Date.parse('2026-12-31T23:30:00Z'), 'Not/A_Zone')).toBe('2026-12-31');
    expect(monthIn(Date.parse('2026-12-31T23:30:00Z'), 'Europe/Madrid')).toBe('2027-01');
  });

  it('answers from the day it last gave only within that day’s bounds (next day, clock back, DST days)', () => {
    const at = (iso: string, zone = 'Europe/Madrid') => todayIn(Date.parse(iso), zone);
    // 25-hour autumn day in Madrid: 2026-10-24T22:00Z to 2026-10-25T23:00Z.
    expect(at('2026-10-25T12:00:00Z')).toBe('2026-10-25');
    expect(at('2026-10-25T22:59:59.999Z')).toBe('2026-10-25');
    expect(at('2026-10-25T23:00:00Z')).toBe('2026-10-26');
    // The clock goes back (an injected clock may): the kept day does not answer for an earlier instant.
    expect(at('2026-10-24T21:59:59.999Z')).toBe('2026-10-24');
    expect(at('2026-10-24T22:00:00Z')).toBe('2026-10-25');
    // 23-hour spring day: 2027-03-27T23:00Z to 2027-03-28T22:00Z.
    expect(at('2027-03-28T21:59:59.999Z')).toBe('2027-03-28');
    expect(at('2027-03-28T22:00:00Z')).toBe('2027-03-29');
    // Each zone keeps its own day: the same instant is another date in New York.
    expect(at('2027-03-28T22:00:00Z', 'America/New_York')).toBe('2027-03-28');
    expect(at('2027-03-28T21:59:00Z')).toBe('2027-03-28');
    // An unknown zone counts as UTC every time.
    expect(at('2027-03-28T23:30:00Z', 'Not/A_Zone')).toBe('2027-03-28');
    expect(at('2027-03-29T00:30:00Z', 'Not/A_Zone')).toBe('2027-03-29');
  });

  it('bounds a day by the zone’s midnights: 23 hours and 25 hours on the days the clocks change', () => {
    const spring = dayBoundsIn('2027-03-28', 'Europe/Madrid');
    expect(spring.start.toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(spring.end.getTime() - spring.start.getTime()).toBe(23 * H);
    const autumn = dayBoundsIn('2026-10-25', 'Europe/Madrid');
    expect(autumn.start.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * H);
    const leap = dayBoundsIn('2028-02-29', 'UTC');
    expect([leap.start.toISOString(), leap.end.toISOString()]).toEqual([
      '2028-02-29T00:00:00.000Z',
      '2028-03-01T00:00:00.000Z',
    ]);
    expect(dayBoundsIn('2026-12-05', 'Not/A_Zone').start.toISOString()).toBe('2026-12-05T00:00:00.000Z');
  });

  it('starts the day and the month at the zone’s midnight', () => {
    const p = periodStartsIn(Date.parse('2027-02-01T00:30:00Z'), 'Europe/Madrid');
    expect(p.day.toISOString()).toBe('2027-01-31T23:00:00.000Z');
    expect(p.month.toISOString()).toBe('2027-01-31T23:00:00.000Z');
  });
});
