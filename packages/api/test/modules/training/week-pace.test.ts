import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minutesFor, paceRange } from '../../../src/modules/training/domain/pace.js';
import { SESSION_INTENSITY, type SessionKind } from '../../../src/modules/training/domain/plan.js';
import { adaptSession, weekMultiplier, type RiskLevel } from '../../../src/modules/training/domain/week.js';

const state = (
  loadMultiplier: number,
  acwr: number | null,
  riskLevel: RiskLevel = 'LOW',
  status = 'ready',
) => ({
  readiness: { status, loadMultiplier },
  load: { acwr, riskLevel },
});

describe('week adaptation rule', () => {
  it('follows readiness up to +10% when load and risk are fine', () => {
    expect(weekMultiplier(state(1.1, 1.0))).toEqual({ multiplier: 1.1, reasons: [] });
    expect(weekMultiplier(state(1.2, 1.0))).toEqual({ multiplier: 1.1, reasons: [] });
    expect(weekMultiplier(state(1, null))).toEqual({ multiplier: 1, reasons: [] });
  });

  it('names low readiness as a reason below 0.95', () => {
    expect(weekMultiplier(state(0.8, null, 'LOW', 'low'))).toEqual({
      multiplier: 0.8,
      reasons: [{ kind: 'readiness', status: 'low' }],
    });
  });

  it('caps by ACWR: 0.9 above 1.3 and 0.8 above 1.5 (Gabbett 2016)', () => {
    expect(weekMultiplier(state(1, 1.3))).toEqual({ multiplier: 1, reasons: [] });
    expect(weekMultiplier(state(1, 1.4))).toEqual({
      multiplier: 0.9,
      reasons: [{ kind: 'acwr', acwr: 1.4 }],
    });
    expect(weekMultiplier(state(1.1, 1.5))).toEqual({
      multiplier: 0.9,
      reasons: [{ kind: 'acwr', acwr: 1.5 }],
    });
    expect(weekMultiplier(state(1.1, 1.567))).toEqual({
      multiplier: 0.8,
      reasons: [{ kind: 'acwr', acwr: 1.57 }],
    });
  });

  it('caps by risk level: 0.85 HIGH, 0.7 VERY_HIGH, and never below 0.5', () => {
    expect(weekMultiplier(state(1, 1, 'HIGH')).multiplier).toBe(0.85);
    expect(weekMultiplier(state(1, 1.6, 'VERY_HIGH'))).toEqual({
      multiplier: 0.7,
      reasons: [
        { kind: 'acwr', acwr: 1.6 },
        { kind: 'risk', level: 'VERY_HIGH' },
      ],
    });
    expect(weekMultiplier(state(0.3, 2, 'VERY_HIGH', 'low')).multiplier).toBe(0.5);
  });

  it('always lands in 0.5–1.1 and never above the readiness multiplier (when that is at least 0.5)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 5, noNaN: true })),
        fc.constantFrom<RiskLevel>('LOW', 'MODERATE', 'HIGH', 'VERY_HIGH'),
        (lm, acwr, risk) => {
          const { multiplier } = weekMultiplier(state(lm, acwr, risk));
          expect(multiplier).toBeGreaterThanOrEqual(0.5);
          expect(multiplier).toBeLessThanOrEqual(1.1);
          if (lm >= 0.5) expect(multiplier).toBeLessThanOrEqual(Math.round(lm * 100) / 100 + 1e-9);
        },
      ),
    );
  });

  it('scales sessions from today on, never the race, and makes a hard session easy under 0.8', () => {
    const today = '2030-03-06';
    expect(adaptSession({ date: '2030-03-05', kind: 'tempo', distanceKm: 10 }, 0.7, today)).toEqual({
      kind: 'tempo',
      multiplier: 1,
      distanceKm: 10,
    });
    expect(adaptSession({ date: today, kind: 'intervals', distanceKm: 10 }, 0.7, today)).toEqual({
      kind: 'easy',
      multiplier: 0.7,
      distanceKm: 7,
    });
    expect(adaptSession({ date: today, kind: 'tempo', distanceKm: 9.5 }, 0.85, today)).toEqual({
      kind: 'tempo',
      multiplier: 0.85,
      distanceKm: 8.1,
    });
    expect(adaptSession({ date: today, kind: 'race', distanceKm: 42.2 }, 0.5, today).distanceKm).toBe(42.2);
    expect(adaptSession({ date: today, kind: 'long', distanceKm: 20 }, null, today).multiplier).toBe(1);
  });
});

describe('session paces', () => {
  // Daniels' Running Formula (3rd ed.) tables, VDOT 50: threshold pace 4:15/km, 10 km in 41:21.
  it("matches Daniels' VDOT 50 threshold pace and 10 km race time", () => {
    expect(paceRange('tempo', 50, 10)).toBe('4:20-4:15');
    expect(paceRange('race', 50, 10)).toBe('4:08');
    expect(minutesFor('race', 10, 50, 10)).toBe(41);
  });

  it('gives nothing without a VDOT, a distance, or a band (hills)', () => {
    expect(paceRange('easy', null, 10)).toBeNull();
    expect(minutesFor('easy', 10, null, 10)).toBeNull();
    expect(minutesFor('easy', 0, 50, 10)).toBeNull();
    expect(paceRange('hills', 50, 10)).toBeNull();
    expect(minutesFor('hills', 10, 50, 10)).toBeGreaterThan(0);
  });

  it('writes every band slower pace first, and a faster VDOT gives shorter sessions', () => {
    const kinds = Object.keys(SESSION_INTENSITY) as SessionKind[];
    for (const k of kinds.filter((x) => SESSION_INTENSITY[x].vo2)) {
      const [slow, fast] = paceRange(k, 50, 10)!
        .split('-')
        .map((p) => {
          const [m, s] = p.split(':').map(Number) as [number, number];
          return m * 60 + s;
        }) as [number, number];
      expect(slow).toBeGreaterThanOrEqual(fast);
      expect(minutesFor(k, 10, 60, 10)!).toBeLessThan(minutesFor(k, 10, 40, 10)!);
    }
  });
});
