import { describe, expect, it } from 'vitest';
import {
  fallsOn,
  localToday,
  localToUtc,
  occurrences,
  toLocalIso,
} from '../../../src/modules/schedule/domain/recurrence.js';

describe('recurrence', () => {
  const tpl = { weekdays: [1, 5], startDate: '2026-10-02', endDate: '2026-10-16' };
  it('expands weekdays within both the window and the template dates', () => {
    expect(occurrences(tpl, '2026-09-01', '2026-12-31')).toEqual([
      '2026-10-02',
      '2026-10-05',
      '2026-10-09',
      '2026-10-12',
      '2026-10-16',
    ]);
    expect(occurrences(tpl, '2026-10-06', '2026-10-08')).toEqual([]);
    expect(occurrences({ ...tpl, endDate: null }, '2027-01-01', '2027-01-04')).toEqual([
      '2027-01-01',
      '2027-01-04',
    ]);
    expect(fallsOn(tpl, '2026-10-09')).toBe(true);
    expect(fallsOn(tpl, '2026-10-10')).toBe(false);
    expect(fallsOn(tpl, '2026-10-19')).toBe(false);
  });

  it('converts wall-clock times with the zone rules of each date', () => {
    expect(localToUtc('2026-10-23', '07:00', 'Europe/Madrid').toISOString()).toBe('2026-10-23T05:00:00.000Z');
    expect(localToUtc('2026-10-30', '07:00', 'Europe/Madrid').toISOString()).toBe('2026-10-30T06:00:00.000Z');
    // Clocks go forward at 02:00 on 2027-03-28: 02:30 does not exist and moves on by the gap (03:30 CEST).
    expect(localToUtc('2027-03-28', '02:30', 'Europe/Madrid').toISOString()).toBe('2027-03-28T01:30:00.000Z');
    // Clocks go back at 03:00 on 2026-10-25: 02:30 happens twice; luxon takes the second (CET).
    expect(localToUtc('2026-10-25', '02:30', 'Europe/Madrid').toISOString()).toBe('2026-10-25T01:30:00.000Z');
    expect(localToUtc('2026-07-01', '06:00', 'America/Bogota').toISOString()).toBe(
      '2026-07-01T11:00:00.000Z',
    );
    expect(toLocalIso(new Date('2026-10-30T06:00:00Z'), 'Europe/Madrid')).toBe(
      '2026-10-30T07:00:00.000+01:00',
    );
    expect(localToday(new Date('2026-10-30T23:30:00Z'), 'Europe/Madrid')).toBe('2026-10-31');
  });
});
