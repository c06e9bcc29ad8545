/**
 * The race models against published values. Sources are cited per test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  airTempForWbgt,
  altitudeMultiplier,
  heatMultiplier,
  hillMultiplier,
  minettiCost,
  OPTIMAL_WBGT_C,
  wbgtFrom,
  windMultiplier,
} from '../../../src/modules/race/domain/conditions.js';
import {
  fractionOfVo2max,
  riegelTime,
  timeForVdot,
  vdotOf,
  vo2AtVelocity,
} from '../../../src/modules/race/domain/equivalence.js';
import { evenSplits, formatDuration, predict } from '../../../src/modules/race/domain/predict.js';

const hms = (s: string) =>
  s
    .split(':')
    .map(Number)
    .reduce((a, b) => a * 60 + b, 0);

/**
 * Daniels, J. (2014). Daniels' Running Formula, 3rd ed., Table 5.1 (VDOT equivalent race times), built from
 * Daniels & Gilbert (1979).
 */
const DANIELS_TABLE: { vdot: number; times: Record<number, string> }[] = [
  { vdot: 30, times: { 5000: '30:40', 10000: '1:03:46', 21097.5: '2:21:04', 42195: '4:49:17' } },
  { vdot: 40, times: { 5000: '24:08', 10000: '50:03', 21097.5: '1:50:59', 42195: '3:49:45' } },
  { vdot: 45, times: { 5000: '21:50', 10000: '45:16', 21097.5: '1:40:20', 42195: '3:28:26' } },
  { vdot: 50, times: { 5000: '19:57', 10000: '41:21', 21097.5: '1:31:35', 42195: '3:10:49' } },
  { vdot: 60, times: { 5000: '17:03', 10000: '35:22', 21097.5: '1:18:09', 42195: '2:43:25' } },
];

describe('Daniels–Gilbert VDOT (Daniels & Gilbert 1979)', () => {
  it('uses the published oxygen-cost and %VO2max curves', () => {
    // VO2 = −4.60 + 0.182258 v + 0.000104 v² at v = 200 m/min: −4.6 + 36.4516 + 4.16
    expect(vo2AtVelocity(200)).toBeCloseTo(36.0116, 4);
    // %max at t = 0 is 0.8 + 0.1894393 + 0.2989558; long efforts tend to 0.8
    expect(fractionOfVo2max(0)).toBeCloseTo(1.2883951, 6);
    expect(fractionOfVo2max(600)).toBeCloseTo(0.8001, 3);
  });

  for (const row of DANIELS_TABLE)
    it(`matches Daniels' table for VDOT ${row.vdot} within 1.5 s per km`, () => {
      for (const [d, t] of Object.entries(row.times)) {
        const km = Number(d) / 1000;
        const predicted = timeForVdot(row.vdot, Number(d));
        expect(Math.abs(predicted - hms(t)), `${d} m`).toBeLessThanOrEqual(1.5 * km);
        // and the inverse: the table time gives back (about) the same VDOT
        expect(vdotOf(Number(d), hms(t))).toBeCloseTo(row.vdot, 0);
      }
    });

  it('solves for time consistently (timeForVdot inverts vdotOf)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 20, max: 85, noNaN: true }),
        fc.double({ min: 1500, max: 100_000, noNaN: true }),
        (v, d) => {
          expect(vdotOf(d, timeForVdot(v, d))).toBeCloseTo(v, 6);
        },
      ),
    );
  });
});

describe('Riegel (1981)', () => {
  it('t2 = t1 · (d2/d1)^1.06: a 40:00 10K gives a 1:28:15 half and a 3:04:00 marathon', () => {
    // 2400 · 2.10975^1.06 = 5295 s; 2400 · 4.2195^1.06 = 11_040 s (Riegel 1981, American Scientist 69:285)
    expect(riegelTime(10_000, 2400, 21_097.5)).toBeCloseTo(2400 * Math.pow(2.10975, 1.06), 6);
    expect(Math.round(riegelTime(10_000, 2400, 21_097.5))).toBe(5295);
    expect(Math.round(riegelTime(10_000, 2400, 42_195))).toBe(11_040);
    // the same distance gives the same time
    expect(riegelTime(5000, 1200, 5000)).toBe(1200);
  });
});

describe('conditions models', () => {
  it('WBGT approximation (Australian BoM): 25 °C at 60% RH is about 24.7 °C', () => {
    // e = 0.6 · 6.105 · exp(17.27·25/262.7) = 19.02 hPa; 0.567·25 + 0.393·19.02 + 3.94 = 25.59
    expect(wbgtFrom(25, 60)).toBeCloseTo(25.59, 1);
  });

  it('heat (Ely et al. 2007): no penalty at WBGT 5–10 °C; slower runners lose more', () => {
    expect(heatMultiplier(8, 50, 12_000)).toBe(1);
    const elite = heatMultiplier(25, 75, 8000) - 1;
    const slow = heatMultiplier(25, 35, 16_000) - 1;
    // Ely 2007: a few % for the fastest at WBGT ~25 °C, ~10% or more for slower runners
    expect(elite).toBeGreaterThan(0.02);
    expect(elite).toBeLessThan(0.045);
    expect(slow).toBeGreaterThan(0.09);
    expect(slow).toBeLessThan(0.12);
  });

  it('wind (Pugh 1971, Davies 1980): headwind costs, tailwind gives back about half', () => {
    const v = 4; // m/s
    const head = windMultiplier(v, 20, 'headwind') - 1;
    const tail = 1 - windMultiplier(v, 20, 'tailwind');
    expect(head).toBeGreaterThan(0.01);
    expect(head).toBeLessThan(0.08);
    expect(tail).toBeGreaterThan(0);
    expect(tail).toBeLessThan(0.5 * head);
    // at a moderate 10 km/h the gain is about half the cost (Davies 1980)
    const ratio = (1 - windMultiplier(v, 10, 'tailwind')) / (windMultiplier(v, 10, 'headwind') - 1);
    expect(ratio).toBeGreaterThan(0.35);
    expect(ratio).toBeLessThan(0.65);
    expect(windMultiplier(v, 20, 'variable')).toBeGreaterThan(1);
    expect(windMultiplier(v, 0, 'headwind')).toBe(1);
  });

  it('altitude (Wehrlin & Hallén 2006): none at sea level, about +6–8% per 1000 m above 300 m', () => {
    expect(altitudeMultiplier(0, 50, 10_000)).toBe(1);
    const at1300 = altitudeMultiplier(1300, 50, 10_000) - 1;
    expect(at1300).toBeGreaterThan(0.055);
    expect(at1300).toBeLessThan(0.085);
  });

  it('Minetti et al. 2002: C(0) = 3.6 J/kg/m, 2.5× on a 20% climb, lowest near −20%', () => {
    expect(minettiCost(0)).toBeCloseTo(3.6, 6);
    // Minetti 2002 (Fig. 3 and its polynomial): about 9.0 J/kg/m at +0.2 and 1.8 J/kg/m at −0.2
    expect(minettiCost(0.2)).toBeCloseTo(9.0, 1);
    expect(minettiCost(-0.2)).toBeCloseTo(1.8, 0);
    const min = [-0.3, -0.25, -0.2, -0.15, -0.1].map(minettiCost);
    expect(Math.min(...min)).toBe(minettiCost(-0.2));
  });
});

describe('property: worse conditions never predict a faster time', () => {
  const ref = { distanceM: 10_000, timeS: 2400 };
  const dist = fc.constantFrom(5000, 10_000, 21_097.5, 42_195);
  // Bisection solvers: equal up to floating-point noise counts as "not faster".
  const time = (d: number, c: Parameters<typeof predict>[2]) => predict(d, ref, c).adjustedS * (1 + 1e-9);
  const exact = (d: number, c: Parameters<typeof predict>[2]) => predict(d, ref, c).adjustedS;

  it('hotter (from 5 °C up) or more humid', () => {
    fc.assert(
      fc.property(
        dist,
        fc.double({ min: 5, max: 45, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (d, t, dt, rh) => {
          expect(time(d, { temperatureC: t + dt, humidityPct: rh })).toBeGreaterThanOrEqual(
            exact(d, { temperatureC: t, humidityPct: rh }),
          );
          expect(
            time(d, { temperatureC: t, humidityPct: Math.min(100, rh + dt * 5) }),
          ).toBeGreaterThanOrEqual(exact(d, { temperatureC: t, humidityPct: rh }));
        },
      ),
    );
  });

  it('a stronger headwind (and any wind against no wind)', () => {
    fc.assert(
      fc.property(
        dist,
        fc.double({ min: 0, max: 80, noNaN: true }),
        fc.double({ min: 0, max: 40, noNaN: true }),
        (d, w, dw) => {
          expect(time(d, { windKmh: w + dw, windDirection: 'headwind' })).toBeGreaterThanOrEqual(
            exact(d, { windKmh: w, windDirection: 'headwind' }),
          );
          expect(time(d, { windKmh: w, windDirection: 'variable' })).toBeGreaterThanOrEqual(exact(d, {}));
          expect(time(d, { windKmh: w, windDirection: 'crosswind' })).toBeGreaterThanOrEqual(exact(d, {}));
        },
      ),
    );
  });

  it('more climbing', () => {
    fc.assert(
      fc.property(
        dist,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (d, a, b) => {
          const max = 0.5 * 0.45 * d;
          const [lo, hi] = [Math.min(a, b) * max, Math.max(a, b) * max];
          expect(time(d, { elevationGainM: hi })).toBeGreaterThanOrEqual(exact(d, { elevationGainM: lo }));
          expect(hillMultiplier(hi, d)).toBeGreaterThanOrEqual(1);
        },
      ),
    );
  });

  it('higher altitude', () => {
    fc.assert(
      fc.property(
        dist,
        fc.double({ min: -400, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (d, alt, da) => {
          expect(time(d, { altitudeM: alt + da })).toBeGreaterThanOrEqual(exact(d, { altitudeM: alt }));
        },
      ),
    );
  });

  it('a harder terrain', () => {
    fc.assert(
      fc.property(dist, (d) => {
        const ts = (['flat_road', 'rolling_hills', 'mountain', 'technical_trail'] as const).map((terrain) =>
          time(d, { terrain }),
        );
        for (let i = 1; i < ts.length; i++) expect(ts[i]).toBeGreaterThan(ts[i - 1]!);
      }),
    );
  });
});

describe('prediction', () => {
  it('neutral: base is the mean of Riegel and VDOT, the range covers both, splits add up', () => {
    const p = predict(42_195, { distanceM: 10_000, timeS: 2400 });
    expect(p.baseS).toBeCloseTo((p.riegelS + p.vdotS) / 2, 6);
    expect(p.adjustedS).toBe(p.baseS);
    expect(p.rangeS.low).toBeLessThanOrEqual(Math.min(p.riegelS, p.vdotS));
    expect(p.rangeS.high).toBeGreaterThanOrEqual(Math.max(p.riegelS, p.vdotS));
    const splits = evenSplits(42_195, p.adjustedS);
    expect(splits).toHaveLength(43);
    expect(splits.at(-1)!.cumulative_s).toBeCloseTo(p.adjustedS, 0);
    expect(splits.at(-1)!.distance_km).toBe(42.195);
  });

  it('formats durations', () => {
    expect(formatDuration(11_449)).toBe('3:10:49');
    expect(formatDuration(299.6)).toBe('5:00');
    expect(formatDuration(-132)).toBe('-2:12');
  });
});

describe('optimal temperature (issue 12)', () => {
  it("is the air temperature whose WBGT at 50% humidity is the middle of Ely et al. 2007's best 5–10 °C", () => {
    const t = airTempForWbgt(OPTIMAL_WBGT_C, 50);
    expect(wbgtFrom(t, 50)).toBeCloseTo(7.5, 6);
    // Air temperature runs below WBGT here (the BoM formula adds 3.94 °C for sun): about 3.6 °C.
    expect(t).toBeGreaterThan(3);
    expect(t).toBeLessThan(4.5);
    // And no heat cost there, nor in the whole 5–10 °C WBGT band.
    for (const wbgt of [5, 7.5, 10]) expect(heatMultiplier(wbgt, 45, 6000)).toBe(1);
    // Drier air needs a warmer day for the same WBGT.
    expect(airTempForWbgt(OPTIMAL_WBGT_C, 20)).toBeGreaterThan(t);
  });
});
