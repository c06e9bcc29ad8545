import { describe, expect, it } from 'vitest';
import { writeIcs } from '../../src/platform/calendar/ics.js';
import { canonicalZone, offsetAt, vtimezone } from '../../src/platform/calendar/vtimezone.js';
import { checkVtimezone, checkZone, zonesToCheck } from './ics-zones.js';

// The feed's clock: every check runs from this instant to two years after it.
const NOW = Date.parse('2026-11-29T12:00:00Z');

const failures = (checks: ReturnType<typeof checkZone>[]) =>
  checks
    .filter((c) => c.wrong.length || c.undefinedTzids.length)
    .map((c) => ({ zone: c.zone, wrong: c.wrong.slice(0, 2), undefinedTzids: c.undefinedTzids }));

describe('calendar feeds in every time zone (read back by ical.js)', () => {
  const { zones, aliases } = zonesToCheck();

  it('covers every zone the runtime lists and the aliases it accepts', () => {
    expect(zones.length).toBeGreaterThan(400);
    expect(aliases).toEqual(expect.arrayContaining(['US/Pacific', 'Asia/Kolkata', 'Etc/UTC']));
  });

  it('VTIMEZONE is exact for every zone, now and two years ahead', () => {
    expect(failures(zones.map((z) => checkVtimezone(z, NOW)))).toEqual([]);
  });

  it('names each alias by its canonical zone, which keeps its offsets', () => {
    expect(canonicalZone('US/Pacific')).toBe('America/Los_Angeles');
    expect(canonicalZone('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(canonicalZone('asia/kolkata')).toBe('Asia/Kolkata');
    expect(canonicalZone('Europe/Kiev')).toBe('Europe/Kyiv');
    expect(canonicalZone('Etc/UTC')).toBe('UTC');
    expect(canonicalZone('Etc/GMT+3')).toBe('Etc/GMT+3');
    expect(canonicalZone('Mars/Olympus')).toBeNull();
    const moved = aliases.flatMap((a) => {
      const c = canonicalZone(a)!;
      const same = [0, 91, 182, 273, 365, 456, 547, 638].every(
        (d) => offsetAt(c, NOW + d * 86_400_000) === offsetAt(a, NOW + d * 86_400_000),
      );
      return same && canonicalZone(c) === c ? [] : [`${a} -> ${c}`];
    });
    expect(moved).toEqual([]);
  });

  // The whole writer (ical-generator + VTIMEZONE + UTC for repeated hours) on the zones the old table got
  // wrong, the fixed-offset ones, zones with half-hour changes and aliases.
  it.each([
    'Europe/Madrid',
    'America/New_York',
    'America/Sao_Paulo',
    'Asia/Almaty',
    'Pacific/Fiji',
    'America/Mexico_City',
    'Africa/Cairo',
    'Asia/Tehran',
    'Africa/Casablanca',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'UTC',
    'Etc/GMT+3',
    'US/Pacific',
    'Asia/Calcutta',
  ])('writeIcs puts every event at its instant in %s', (zone) => {
    const c = checkZone(zone, NOW);
    expect(c.events).toBeGreaterThan(50);
    expect(failures([c])).toEqual([]);
  });

  it('writes explicit onsets: DTSTART and RDATEs in the local time before each change', () => {
    const madrid = vtimezone(
      'Europe/Madrid',
      Date.parse('2027-01-10T00:00:00Z'),
      Date.parse('2028-12-20T00:00:00Z'),
    );
    expect(madrid).not.toContain('RRULE');
    // Summer time starts on the last Sunday of March at 01:00 UTC: 02:00 local before the change.
    expect(madrid).toContain('RDATE:20270328T020000');
    expect(madrid).toContain('RDATE:20280326T020000');
    expect(madrid).toContain('RDATE:20271031T030000');
    expect(madrid).toMatch(/BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\n/);
    const fixed = vtimezone('Etc/GMT+3', NOW, NOW + 86_400_000);
    expect(fixed.match(/BEGIN:(STANDARD|DAYLIGHT)/g)).toEqual(['BEGIN:STANDARD']);
    expect(fixed).toContain('TZOFFSETFROM:-0300\r\nTZOFFSETTO:-0300');
  });

  it('writes a time of the repeated hour in UTC, and a UTC calendar without any VTIMEZONE', () => {
    // 1 November 2026, New York: 01:30 happens twice (EDT at 05:30Z, then EST at 06:30Z).
    const ev = (iso: string) => ({
      uid: iso,
      start: new Date(iso),
      end: new Date(Date.parse(iso) + 30 * 60_000),
      summary: 'x',
    });
    const ny = writeIcs(
      { name: 'x', timezone: 'US/Eastern', events: [ev('2026-11-01T05:30:00Z'), ev('2026-11-01T12:00:00Z')] },
      new Date(NOW),
    );
    expect(ny).toContain('DTSTART:20261101T053000Z');
    expect(ny).toContain('DTSTART;TZID=America/New_York:20261101T070000');
    const utc = writeIcs(
      { name: 'x', timezone: 'Etc/UTC', events: [ev('2026-11-01T05:30:00Z')] },
      new Date(NOW),
    );
    expect(utc).not.toContain('VTIMEZONE');
    expect(utc).toContain('DTSTART:20261101T053000Z');
  });
});
