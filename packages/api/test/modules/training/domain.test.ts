import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adaptiveAdjustment, hrvFactor, sleepFactor } from '../../../src/modules/training/domain/adaptive.js';
import { addDays, mondayOf, weekdayOf, WEEKDAYS } from '../../../src/modules/training/domain/dates.js';
import { generatePlan, PHASES, typicalWeek } from '../../../src/modules/training/domain/plan.js';
import { paceRange } from '../../../src/modules/training/domain/pace.js';
import { segmentsOf } from '../../../src/modules/training/domain/segments.js';
import {
  hrZones,
  karvonen,
  paceAtFraction,
  tanakaMaxHr,
  vdotFromThresholdPace,
} from '../../../src/modules/training/domain/zones.js';
import { timeForVdot } from '../../../src/modules/race/domain/equivalence.js';

describe('heart rate', () => {
  it('Tanaka et al. 2001: 208 − 0.7 × age (40 years → 180 bpm, 20 → 194)', () => {
    expect(tanakaMaxHr(40)).toBe(180);
    expect(tanakaMaxHr(20)).toBe(194);
  });

  it('Karvonen et al. 1957, worked example: rest 70, max 180, 60% → 136 bpm', () => {
    // 70 + 0.6 × (180 − 70) = 136 (the ACSM's Guidelines worked example of the HRR method)
    expect(karvonen(70, 180, 0.6)).toBe(136);
  });

  it('five contiguous zones: by reserve with a resting HR, by % of max without', () => {
    const hrr = hrZones(190, 50);
    expect(hrr.map((z) => [z.hrMin, z.hrMax])).toEqual([
      [120, 134],
      [134, 148],
      [148, 162],
      [162, 176],
      [176, 190],
    ]);
    const pmax = hrZones(190, null);
    expect(pmax.map((z) => [z.hrMin, z.hrMax])).toEqual([
      [95, 114],
      [114, 133],
      [133, 152],
      [152, 171],
      [171, 190],
    ]);
  });

  it('paces: threshold ≈ 88% VO2max is close to one-hour race pace (Daniels)', () => {
    // VDOT 50: T pace 4:15/km in Daniels' tables (3rd ed., Table 5.2)
    expect(paceAtFraction(50, 0.88)).toBeGreaterThan(250);
    expect(paceAtFraction(50, 0.88)).toBeLessThan(260);
    // and back: a 4:15 threshold pace is VDOT ~50
    expect(vdotFromThresholdPace(255)).toBeCloseTo(50, 0);
    // easy pace is slower than marathon pace
    expect(paceAtFraction(50, 0.7)).toBeGreaterThan(timeForVdot(50, 42_195) / 42.195);
  });
});

describe('plan generation', () => {
  const base = {
    goalDistanceKm: 42.195,
    raceDate: '2027-03-14',
    startDate: '2026-11-25',
    daysPerWeek: 5,
    longRunDay: 'sunday' as const,
    startVolumeKm: 40,
  };

  it('has the five phases in order and ends the week after the race', () => {
    const p = generatePlan(base);
    const order = [...new Set(p.weeks.map((w) => w.phase))];
    expect(order).toEqual([...PHASES]);
    expect(p.weeks.at(-1)!.startDate).toBe(addDays(mondayOf(base.raceDate), 7));
    expect(p.sessions.filter((s) => s.kind === 'race')).toEqual([
      expect.objectContaining({ date: base.raceDate, distanceKm: 42.2 }),
    ]);
    expect(p.sessions.every((s) => s.date >= base.startDate)).toBe(true);
  });

  it('grows at most 10% a week, with a lighter week every 4th, and tapers 40–60% (Bosquet et al. 2007)', () => {
    const p = generatePlan(base);
    const load = p.weeks.filter((w) => w.phase !== 'taper' && w.phase !== 'race');
    for (let i = 1; i < load.length; i++)
      if (!load[i]!.recovery && !load[i - 1]!.recovery)
        expect(load[i]!.volumeKm / load[i - 1]!.volumeKm).toBeLessThanOrEqual(1.101);
    expect(load.filter((w) => w.recovery).length).toBeGreaterThanOrEqual(2);
    const peak = Math.max(...load.map((w) => w.volumeKm));
    const lastTaper = p.weeks.filter((w) => w.phase === 'taper').at(-1)!;
    expect(1 - lastTaper.volumeKm / peak).toBeGreaterThanOrEqual(0.39);
    expect(1 - lastTaper.volumeKm / peak).toBeLessThanOrEqual(0.6);
  });

  it('property: sessions on the right days, long run on its day, most sessions easy (Seiler 2010)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 7 }),
        fc.constantFrom(...WEEKDAYS),
        fc.integer({ min: 5, max: 50 }),
        fc.constantFrom(5, 10, 21.0975, 42.195),
        fc.integer({ min: 0, max: 150 }),
        (days, longRunDay, preWeeks, dist, vol) => {
          const startDate = '2026-11-25';
          const raceDate = addDays(mondayOf(startDate), preWeeks * 7 + 5);
          const p = generatePlan({
            goalDistanceKm: dist,
            raceDate,
            startDate,
            daysPerWeek: days,
            longRunDay,
            startVolumeKm: vol,
          });
          expect(new Set(p.weeks.map((w) => w.phase)).size).toBe(5);
          for (const w of p.weeks.filter((x) => x.phase !== 'race' && x.startDate > startDate)) {
            const s = p.sessions.filter((x) => x.week === w.week);
            expect(s).toHaveLength(days);
            expect(new Set(s.map((x) => x.date)).size).toBe(days);
            const long = s.filter((x) => x.kind === 'long');
            expect(long).toHaveLength(1);
            expect(WEEKDAYS[weekdayOf(long[0]!.date)]).toBe(longRunDay);
            const hard = s.filter((x) => ['tempo', 'intervals', 'race_pace', 'hills'].includes(x.kind));
            expect(hard.length).toBeLessThanOrEqual(2);
          }
          expect(p.sessions.every((s) => s.distanceKm > 0)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('adaptive adjustment', () => {
  it("the seed's example: low HRV, short sleep, high fatigue → a moderate reduction", () => {
    const r = adaptiveAdjustment({
      hrvCurrent: 35,
      hrvBaseline: 45,
      sleepHours: 6.5,
      fatigueRating: 7,
      stressLevel: 6,
    });
    expect(r.level).toBe('MODERATE_REDUCE');
    expect(r.multiplier).toBeGreaterThanOrEqual(0.7);
    expect(r.multiplier).toBeLessThan(0.85);
    expect(r.factors.volume).toBeNull();
    // ln(35/45) = −0.251 → 1 − 0.75 × 0.251
    expect(hrvFactor(35, 45)).toBeCloseTo(0.81, 2);
    expect(sleepFactor(6.5)).toBe(0.9);
  });

  it('a red flag is not averaged away', () => {
    const r = adaptiveAdjustment({
      hrvCurrent: 50,
      hrvBaseline: 50,
      sleepHours: 8,
      fatigueRating: 10,
      stressLevel: 2,
    });
    expect(r.multiplier).toBeLessThanOrEqual(0.5);
    expect(r.level).toBe('REST');
  });

  it('property: the multiplier stays in 0.5–1.2 and worse inputs never raise it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 150 }),
        fc.integer({ min: 10, max: 150 }),
        fc.double({ min: 0, max: 12, noNaN: true }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 10 }),
        (cur, baseline, sleep, fatigue, stress) => {
          const r = adaptiveAdjustment({
            hrvCurrent: cur,
            hrvBaseline: baseline,
            sleepHours: sleep,
            fatigueRating: fatigue,
            stressLevel: stress,
          });
          expect(r.multiplier).toBeGreaterThanOrEqual(0.5);
          expect(r.multiplier).toBeLessThanOrEqual(1.2);
          const worse = adaptiveAdjustment({
            hrvCurrent: cur,
            hrvBaseline: baseline,
            sleepHours: sleep,
            fatigueRating: fatigue + 1,
            stressLevel: stress,
          });
          expect(worse.multiplier).toBeLessThanOrEqual(r.multiplier);
        },
      ),
    );
  });
});

describe('session segments (issue 12)', () => {
  it('a hard session is warm-up, main set and cool-down at easy pace, adding up to its distance', () => {
    for (const kind of ['tempo', 'intervals', 'race_pace', 'hills'] as const)
      fc.assert(
        fc.property(fc.integer({ min: 30, max: 300 }), (tenths) => {
          const km = tenths / 10;
          const s = segmentsOf(kind, km, 45, 21.0975);
          expect(s.map((x) => x.type)).toEqual(['warmup', 'main', 'cooldown']);
          expect(s.reduce((sum, x) => sum + x.distanceKm, 0)).toBeCloseTo(km, 1);
          // Bishop 2003: 10–20 min of easy running before hard work; 1–3 km at easy pace.
          expect(s[0]!.distanceKm).toBeGreaterThanOrEqual(1);
          expect(s[0]!.distanceKm).toBeLessThanOrEqual(3);
          expect(s[2]!.distanceKm).toBeGreaterThanOrEqual(1);
          expect(s[2]!.distanceKm).toBeLessThanOrEqual(2);
          expect(s[0]!.pace).toBe(paceRange('easy', 45, 21.0975));
          expect(s[1]!.pace).toBe(paceRange(kind, 45, 21.0975));
        }),
      );
  });

  it('a steady run is one main segment; no distance, no segment', () => {
    expect(segmentsOf('long', 18, 45, 21.0975)).toEqual([
      expect.objectContaining({ type: 'main', distanceKm: 18, zone: 'Z2' }),
    ]);
    expect(segmentsOf('easy', 0, 45, 10)).toEqual([]);
  });

  it("a phase's typical week follows the plan layout: 4 days, long run on Sunday", () => {
    expect(typicalWeek('base', 4, 'sunday', 21.0975)).toEqual([
      'rest',
      'hills',
      'easy',
      'rest',
      'strides',
      'rest',
      'long',
    ]);
    expect(typicalWeek('build', 4, 'sunday', 21.0975)).toContain('tempo');
  });
});
