import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  daysLeft,
  dayRange,
  fromLocalInput,
  isoWeekday,
  pageInfo,
  pendingInvitations,
  timeZones,
  toggleWeekday,
  toLocalInput,
  totalOf,
} from '../src/lib/staff';

describe('pageInfo', () => {
  it('says 21–40 of 57 on the second page of 20, with both directions open', () => {
    expect(pageInfo(20, 20, 57)).toEqual({ from: 21, to: 40, total: 57, hasPrev: true, hasNext: true });
  });
  it('closes "next" on the last page and "previous" on the first', () => {
    expect(pageInfo(40, 17, 57)).toMatchObject({ from: 41, to: 57, hasNext: false, hasPrev: true });
    expect(pageInfo(0, 5, 5)).toMatchObject({ from: 1, to: 5, hasNext: false, hasPrev: false });
  });
  it('shows 0 as the first row of an empty list (not 1)', () => {
    expect(pageInfo(0, 0, 0)).toMatchObject({ from: 0, to: 0, hasNext: false });
  });
});

describe('totalOf', () => {
  it('reads X-Total-Count', () => {
    expect(totalOf(new Headers({ 'x-total-count': '57' }), 20, 0)).toBe(57);
  });
  it('falls back to the rows read when the header is missing or not a count', () => {
    expect(totalOf(new Headers(), 7, 20)).toBe(27);
    expect(totalOf(new Headers({ 'x-total-count': 'lots' }), 7, 0)).toBe(7);
    expect(totalOf(new Headers({ 'x-total-count': '-1' }), 7, 0)).toBe(7);
  });
});

describe('dates in the browser zone', () => {
  const saved = process.env.TZ;
  // Madrid is UTC+1 in winter and UTC+2 in summer (CET/CEST, EU summer time from the last Sunday of March).
  beforeAll(() => void (process.env.TZ = 'Europe/Madrid'));
  afterAll(() => void (process.env.TZ = saved));

  it('turns a range of whole local days into the first and last instants, in UTC', () => {
    expect(dayRange('2026-01-10', '2026-01-11')).toEqual({
      from: '2026-01-09T23:00:00.000Z',
      to: '2026-01-11T22:59:59.999Z',
    });
    expect(dayRange('2026-07-01', '')).toEqual({ from: '2026-06-30T22:00:00.000Z' });
  });
  it('leaves an empty or impossible day out instead of sending it', () => {
    expect(dayRange('', '')).toEqual({});
    expect(dayRange('2026-02-31x', 'tomorrow')).toEqual({});
  });
  it('round-trips a datetime-local value through the UTC instant the API takes', () => {
    expect(fromLocalInput('2026-03-29T10:30')).toBe('2026-03-29T08:30:00.000Z');
    expect(toLocalInput('2026-03-29T08:30:00.000Z')).toBe('2026-03-29T10:30');
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('not a date')).toBeUndefined();
  });
});

describe('weekdays', () => {
  it('numbers ISO weekdays Monday = 1 … Sunday = 7 (1 January 2026 was a Thursday)', () => {
    expect(isoWeekday('2026-01-01')).toBe(4);
    expect(isoWeekday('2026-01-04')).toBe(7);
    expect(isoWeekday('2026-01-05')).toBe(1);
  });
  it('toggles a day and keeps the list sorted', () => {
    expect(toggleWeekday([1, 5], 3)).toEqual([1, 3, 5]);
    expect(toggleWeekday([1, 3, 5], 3)).toEqual([1, 5]);
  });
});

describe('timeZones', () => {
  it('puts UTC first, sorts the rest and keeps the saved zone even if the browser lacks it', () => {
    expect(timeZones('Asia/Kolkata', () => ['Europe/Madrid', 'America/New_York'])).toEqual([
      'UTC',
      'America/New_York',
      'Asia/Kolkata',
      'Europe/Madrid',
    ]);
  });
  it('still offers UTC and the saved zone when the browser cannot list zones', () => {
    expect(
      timeZones('Europe/Madrid', () => {
        throw new RangeError('unsupported');
      }),
    ).toEqual(['UTC', 'Europe/Madrid']);
  });
});

describe('invitations', () => {
  const now = Date.parse('2026-12-05T12:00:00Z');
  it('counts the days left upwards, so an invitation with hours left still reads one day', () => {
    expect(daysLeft('2026-12-12T12:00:00Z', now)).toBe(7);
    expect(daysLeft('2026-12-05T15:00:00Z', now)).toBe(1);
    expect(daysLeft('2026-12-06T12:00:01Z', now)).toBe(2);
  });
  it('reads a past or unreadable expiry as no days left', () => {
    expect(daysLeft('2026-12-05T11:59:59Z', now)).toBe(0);
    expect(daysLeft('not a date', now)).toBe(0);
  });
  it('lists only the pending ones, newest first', () => {
    const rows = [
      { id: 1, status: 'pending', created_at: '2026-12-01T10:00:00Z' },
      { id: 2, status: 'accepted', created_at: '2026-12-04T10:00:00Z' },
      { id: 3, status: 'pending', created_at: '2026-12-03T10:00:00Z' },
      { id: 4, status: 'expired', created_at: '2026-11-01T10:00:00Z' },
      { id: 5, status: 'revoked', created_at: '2026-12-05T10:00:00Z' },
    ];
    expect(pendingInvitations(rows).map((r) => r.id)).toEqual([3, 1]);
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
  });
});
