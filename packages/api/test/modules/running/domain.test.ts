import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, mondayOf } from '../../../src/platform/dates.js';
import {
  coefficientOfVariation,
  hrvBaseline,
  lnRmssd,
  readinessScore,
  readinessStatus,
} from '../../../src/modules/running/domain/hrv.js';
import {
  acwrEwma,
  acwrRolling,
  banisterTrimp,
  estimatedRpe,
  monotonyStrain,
  pmcLambda,
  pmcStep,
  sessionRpeLoad,
  workoutLoad,
} from '../../../src/modules/running/domain/load.js';
import { assessRisk } from '../../../src/modules/running/domain/risk.js';
import {
  elevationGainM,
  haversineM,
  movingTimeS,
  simplifyIndices,
  totalDistanceM,
  type TrackPoint,
} from '../../../src/modules/running/domain/track.js';
import { hooperIndex, hooperLevel } from '../../../src/modules/running/domain/wellness.js';

describe('session-RPE (Foster et al. 2001, J Strength Cond Res 15:109)', () => {
  it('is CR-10 RPE × minutes: a 30-minute session rated 5 ("hard") is 150 AU', () => {
    expect(sessionRpeLoad(5, 30 * 60)).toBe(150);
    expect(sessionRpeLoad(7, 60 * 60)).toBe(420);
  });
  it('estimates RPE from %HRR when none was given, clamped to 1–10', () => {
    expect(estimatedRpe(48 + 0.7 * 140, 48, 188)).toBe(7);
    expect(estimatedRpe(40, 48, 188)).toBe(1);
    expect(estimatedRpe(200, 48, 188)).toBe(10);
  });
});

describe('Banister TRIMP (Banister 1991; Morton, Fitz-Clarke & Banister 1990)', () => {
  // Worked by hand: 30 min, HRrest 40, HRmax 200, HRavg 130 → ΔHR = 90/160 = 0.5625.
  it('men: 30 × 0.5625 × 0.64·e^(1.92·0.5625) = 31.80', () => {
    expect(banisterTrimp(1800, 130, 40, 200, 'male')).toBeCloseTo(31.8025, 3);
  });
  it('women: 30 × 0.5625 × 0.86·e^(1.67·0.5625) = 37.13', () => {
    expect(banisterTrimp(1800, 130, 40, 200, 'female')).toBeCloseTo(37.1285, 3);
  });
  it('is null for impossible heart rates', () => {
    expect(banisterTrimp(1800, 30, 40, 200, 'male')).toBeNull();
    expect(banisterTrimp(1800, 130, 200, 190, 'male')).toBeNull();
  });
  it('workoutLoad prefers sRPE and falls back to an HR-estimated RPE, never to raw TRIMP', () => {
    const p = { restingHr: 40, maxHr: 200, sex: 'male' as const };
    expect(workoutLoad({ durationS: 1800, rpe: 5, avgHr: 130 }, p)).toMatchObject({
      load: 150,
      source: 'srpe',
    });
    const hr = workoutLoad({ durationS: 1800, rpe: null, avgHr: 130 }, p);
    expect(hr).toMatchObject({ load: 30 * 6, source: 'hr_estimated' });
    expect(hr.trimp).toBeCloseTo(31.8025, 3);
    expect(workoutLoad({ durationS: 1800, rpe: null, avgHr: 130 }, null)).toMatchObject({
      load: null,
      source: 'none',
    });
  });
});

describe('monotony and strain (Foster 1998, Med Sci Sports Exerc 30:1164)', () => {
  // By hand: loads 300, 0, 450, 300, 0, 600, 300 → mean 278.571, SD (population) 203.289.
  it('monotony = mean / SD of the 7 daily loads; strain = weekly load × monotony', () => {
    const r = monotonyStrain([300, 0, 450, 300, 0, 600, 300]);
    expect(r.weeklyLoad).toBe(1950);
    expect(r.monotony).toBeCloseTo(1.37032, 4);
    expect(r.strain).toBeCloseTo(2672.12, 1);
  });
  it('is undefined when every day is the same (SD 0)', () => {
    expect(monotonyStrain([100, 100, 100, 100, 100, 100, 100]).monotony).toBeNull();
  });
});

describe('acute:chronic workload ratio', () => {
  it('rolling uncoupled 7/28: a constant load gives 1.0; a doubled last week gives 2.0', () => {
    expect(acwrRolling(new Array(28).fill(50)).acwr).toBeCloseTo(1, 10);
    expect(acwrRolling([...new Array(21).fill(50), ...new Array(7).fill(100)]).acwr).toBeCloseTo(2, 10);
  });
  it('needs 28 days of history', () => {
    expect(acwrRolling(new Array(27).fill(50)).acwr).toBeNull();
  });
  it('EWMA uses λ = 2/(N+1): 0.25 acute, 2/29 chronic (Williams et al. 2017)', () => {
    const r = acwrEwma([100]);
    expect(r.acute).toBeCloseTo(25, 10);
    expect(r.chronic).toBeCloseTo(200 / 29, 10);
  });
  it('property: more load on the last day never lowers the rolling ACWR', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 2000, noNaN: true }), { minLength: 28, maxLength: 120 }),
        fc.double({ min: 0, max: 2000, noNaN: true }),
        (days, extra) => {
          const before = acwrRolling(days).acwr;
          const more = [...days];
          more[more.length - 1]! += extra;
          const after = acwrRolling(more).acwr;
          if (before == null) return after == null;
          return after! >= before - 1e-9;
        },
      ),
    );
  });
  it('property: for EWMA the same holds while the ratio is below λa/λc (≈3.6), where the coupled chronic load catches up', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 2000, noNaN: true }), { minLength: 28, maxLength: 120 }),
        fc.double({ min: 0, max: 2000, noNaN: true }),
        (days, extra) => {
          const before = acwrEwma(days).acwr;
          fc.pre(before != null && before < 0.25 / (2 / 29));
          const more = [...days];
          more[more.length - 1]! += extra;
          return acwrEwma(more).acwr! >= before - 1e-9;
        },
      ),
    );
  });
});

describe('performance-management chart (Banister; Allen & Coggan 2010)', () => {
  it('λ = 1 − e^(−1/τ)', () => {
    expect(pmcLambda(42)).toBeCloseTo(0.0235283, 6);
    expect(pmcLambda(7)).toBeCloseTo(0.1331221, 6);
  });
  // By hand: CTL 50, ATL 60, today's load 100 → CTL 50 + 0.0235283·50 = 51.1764; ATL 60 + 0.1331221·40 = 65.3249.
  it('one day of updates, computed by hand', () => {
    const p = pmcStep({ ctl: 50, atl: 60 }, 100);
    expect(p.ctl).toBeCloseTo(51.17642, 4);
    expect(p.atl).toBeCloseTo(65.32488, 4);
    expect(p.tsb).toBe(-10);
  });
});

describe('HRV (Plews 2012/2013/2014; Buchheit 2014)', () => {
  const points = (from: string, values: number[]) =>
    values.map((v, i) => ({ date: addDays(from, i), rmssdMs: v }));
  it('ln rMSSD', () => {
    expect(lnRmssd(60)).toBeCloseTo(4.09434, 5);
  });
  it('CV = SD/mean × 100 (sample SD)', () => {
    expect(coefficientOfVariation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo((2.13809 / 5) * 100, 3);
  });
  it('is insufficient_data with fewer than 3 readings in the last 7 days', () => {
    const pts = points('2026-01-01', new Array(40).fill(60));
    const b = hrvBaseline([...pts.slice(0, 33), pts[35]!, pts[39]!], '2026-02-09', addDays);
    expect(b.readings_7d).toBe(2);
    expect(b.status).toBe('insufficient_data');
  });
  it('normal range = 60-day mean ± 0.5 SD; a week below it is low, inside balanced, above high', () => {
    const base = Array.from({ length: 53 }, (_, i) => 60 + (i % 2 ? 6 : -6));
    const pts = (week: number) => points('2026-01-01', [...base, ...new Array(7).fill(week)]);
    const day = '2026-03-01';
    const low = hrvBaseline(pts(40), day, addDays);
    expect(low.normal_range).not.toBeNull();
    expect(low.normal_range!.high - low.normal_range!.low).toBeCloseTo(low.baseline_sd!, 10);
    expect(low.status).toBe('low');
    expect(hrvBaseline(pts(60), day, addDays).status).toBe('balanced');
    expect(hrvBaseline(pts(90), day, addDays).status).toBe('high');
  });
  it('readiness: a reading well below baseline scores lower than one at baseline', () => {
    const base = Array.from({ length: 60 }, (_, i) => 60 + (i % 2 ? 5 : -5));
    const at = (today: number) =>
      readinessScore({
        baseline: hrvBaseline(points('2026-01-01', [...base.slice(0, 59), today]), '2026-03-01', addDays),
        today: null,
        restingHrBaseline: null,
        tsb: null,
        ctl: null,
      }).score!;
    expect(at(35)).toBeLessThan(at(60));
    expect(at(35)).toBeLessThan(50);
    expect(readinessStatus(at(35)).loadMultiplier).toBeLessThan(1);
    expect(readinessStatus(null)).toEqual({ status: 'insufficient_data', loadMultiplier: 1 });
  });
});

describe('Hooper index (Hooper & Mackinnon 1995)', () => {
  it('is the sum of the four 1–7 items', () => {
    expect(hooperIndex({ sleep: 3, stress: 4, fatigue: 5, soreness: 6 })).toBe(18);
    expect(hooperLevel(18)).toBe('watch');
    expect(hooperLevel(8)).toBe('good');
    expect(hooperLevel(24)).toBe('warning');
  });
});

describe('risk', () => {
  it('an ACWR spike plus low HRV and a bad check-in is VERY_HIGH; nothing wrong is LOW', () => {
    expect(
      assessRisk({
        acwr: 1.7,
        monotony: 1.2,
        tsb: -10,
        ctl: 100,
        hrvStatus: 'low',
        hrvTrend: 'falling',
        hooper: 21,
      }).level,
    ).toBe('VERY_HIGH');
    expect(
      assessRisk({
        acwr: 1.05,
        monotony: 1.2,
        tsb: 5,
        ctl: 100,
        hrvStatus: 'balanced',
        hrvTrend: 'stable',
        hooper: 10,
      }).level,
    ).toBe('LOW');
  });
});

describe('track geometry', () => {
  it('haversine: 1° of latitude on the IUGG mean sphere is 111.195 km', () => {
    expect(haversineM(40, -3.7, 41, -3.7)).toBeCloseTo(111_195.08, 1);
    // Madrid (Puerta del Sol) – Barcelona (Plaça de Catalunya): ~505 km great-circle.
    expect(haversineM(40.4169, -3.7035, 41.387, 2.17) / 1000).toBeGreaterThan(500);
    expect(haversineM(40.4169, -3.7035, 41.387, 2.17) / 1000).toBeLessThan(510);
  });
  const line = (n: number, stepDeg: number, dt: number): TrackPoint[] =>
    Array.from({ length: n }, (_, i) => ({
      lat: 40 + i * stepDeg,
      lon: -3.7,
      ele: null,
      t: i * dt * 1000,
      hr: null,
    }));
  it('moving time leaves out a stop (speed below the sport threshold)', () => {
    const moving = line(11, 0.0001, 5); // ~11 m every 5 s = 2.2 m/s
    const last = moving[moving.length - 1]!;
    const stopped = Array.from({ length: 6 }, (_, i) => ({ ...last, t: last.t + (i + 1) * 5000 }));
    const pts = [...moving, ...stopped];
    expect(movingTimeS(pts, 'run')).toBe(50);
    expect(totalDistanceM(pts)).toBeCloseTo(111.195, 1);
  });
  it('elevation gain ignores noise under the threshold but counts a real climb', () => {
    const noisy = Array.from({ length: 200 }, (_, i) => 650 + (i % 2 ? 2 : -2));
    expect(elevationGainM(noisy)).toBe(0);
    const climb = Array.from({ length: 101 }, (_, i) => 600 + i + (i % 2 ? 1.5 : -1.5));
    const g = elevationGainM(climb)!;
    expect(g).toBeGreaterThan(92);
    expect(g).toBeLessThanOrEqual(101);
  });
  it('Douglas–Peucker keeps only the ends of a straight line and the corner of an L', () => {
    expect(simplifyIndices(line(50, 0.0001, 1), 1)).toEqual([0, 49]);
    const l = [
      ...line(10, 0.0001, 1),
      ...Array.from({ length: 10 }, (_, i) => ({
        lat: 40.0009,
        lon: -3.7 + (i + 1) * 0.0001,
        ele: null,
        t: 0,
        hr: null,
      })),
    ];
    expect(simplifyIndices(l, 1)).toEqual([0, 9, 19]);
  });
});

describe('dates', () => {
  it('mondayOf', () => {
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(mondayOf('2026-11-22')).toBe('2026-11-16');
  });
});
