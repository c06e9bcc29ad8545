import { describe, expect, it } from 'vitest';
import {
  evaluateAlerts,
  inactive,
  lowAdherence,
  painHigh,
  painRising,
  romRegression,
  type HistorySession,
} from '../../../src/modules/rehab/domain/alerts.js';
import { progressedDose } from '../../../src/modules/rehab/domain/progression.js';
import { mondayStart, trend, weeklyAdherence } from '../../../src/modules/rehab/domain/progress.js';
import { BASE_CATALOGUE } from '../../../src/modules/rehab/catalogue.js';

const DAY = 86_400_000;
/** A Monday, 00:00 UTC: constructed histories are dated from it, never from the wall clock. */
const MON = Date.UTC(2026, 2, 2);

let nextId = 1;
const s = (dayOffset: number, o: Partial<HistorySession> = {}): HistorySession => ({
  id: nextId++,
  at: MON + dayOffset * DAY + 10 * 3_600_000,
  exerciseId: 1,
  painBefore: null,
  painAfter: null,
  romDeg: null,
  vrScore: null,
  ...o,
});

// Thomeé R, Phys Ther 1997;77(12):1690–1703 and Silbernagel KG et al., Am J Sports Med 2007;35(6):897–906:
// pain up to 5/10 is acceptable during and after exercise; above 5 is the high-risk zone.
describe("alert: pain_high (pain after above the pain-monitoring model's 5/10 in three sessions in a row)", () => {
  it('fires on 6, 6, 6, keyed by the newest session, and names the lowest of the three', () => {
    const history = [
      s(0, { painAfter: 2 }),
      s(1, { painAfter: 6 }),
      s(2, { painAfter: 7 }),
      s(3, { painAfter: 6 }),
    ];
    expect(painHigh(history)).toMatchObject({
      type: 'pain_high',
      key: `s${history[3]!.id}`,
      details: { min: 6 },
    });
  });
  it('does not fire when one of the last three is at 5 (still acceptable) or with fewer than three scores', () => {
    expect(painHigh([s(0, { painAfter: 6 }), s(1, { painAfter: 5 }), s(2, { painAfter: 8 })])).toBeNull();
    expect(painHigh([s(0, { painAfter: 9 }), s(1, { painAfter: 9 })])).toBeNull();
  });
});

describe('alert: pain_rising (pain up 2+ points over 3 sessions)', () => {
  it('fires when the third of the last three sessions is 2 points above the first', () => {
    const a = painRising([
      s(0, { painAfter: 1 }),
      s(1, { painAfter: 2 }),
      s(2, { painAfter: 3 }),
      s(3, { painAfter: 4 }),
    ]);
    expect(a).toMatchObject({ type: 'pain_rising', details: { from: 2, to: 4 } });
  });
  it('does not fire on a rise of 1, on fewer than three scores, or when pain falls back', () => {
    expect(painRising([s(0, { painAfter: 2 }), s(1, { painAfter: 3 }), s(2, { painAfter: 3 })])).toBeNull();
    expect(painRising([s(0, { painAfter: 0 }), s(1, { painAfter: 5 })])).toBeNull();
    expect(painRising([s(0, { painAfter: 2 }), s(1, { painAfter: 6 }), s(2, { painAfter: 3 })])).toBeNull();
  });
  it('uses pain before when pain after is missing, and skips sessions without any score', () => {
    const a = painRising([s(0, { painBefore: 3 }), s(1), s(2, { painAfter: 4 }), s(3, { painBefore: 5 })]);
    expect(a?.details).toEqual({ from: 3, to: 5 });
  });
});

describe('alert: low_adherence (under 50% in a week)', () => {
  const week = (start: number, done: number, prescribed: number) => ({
    start,
    done,
    prescribed,
    painAfterMean: null,
    romMaxDeg: null,
    vrScoreMean: null,
  });
  it('reads the last complete week, not the current one', () => {
    const current = MON + 7 * DAY;
    expect(lowAdherence([week(MON, 4, 10), week(current, 0, 10)], current)).toMatchObject({
      type: 'low_adherence',
      key: 'w2026-03-02',
      details: { adherence: 0.4, done: 4, prescribed: 10 },
    });
    // Exactly half is not under half.
    expect(lowAdherence([week(MON, 5, 10), week(current, 0, 10)], current)).toBeNull();
  });
  it('ignores weeks with nothing prescribed', () => {
    expect(lowAdherence([week(MON, 0, 0)], MON + 7 * DAY)).toBeNull();
  });
});

describe('alert: rom_regression (range of motion going backwards)', () => {
  it('fires when the last three measurements average more than 5° below the three before', () => {
    const h = [90, 92, 94, 88, 86, 84].map((rom, i) => s(i, { romDeg: rom }));
    // before = 92, last = 86: 6° lost.
    expect(romRegression(h)).toMatchObject({
      type: 'rom_regression',
      details: { exercise_id: 1, lost_deg: 6 },
    });
  });
  it('does not fire within the 5° reliability of goniometry, nor with fewer than six measurements', () => {
    expect(romRegression([90, 92, 94, 90, 88, 89].map((rom, i) => s(i, { romDeg: rom })))).toBeNull();
    expect(romRegression([90, 80, 70, 60, 50].map((rom, i) => s(i, { romDeg: rom })))).toBeNull();
  });
  it('judges each exercise on its own measurements', () => {
    const h = [
      ...[100, 100, 100].map((rom, i) => s(i, { romDeg: rom, exerciseId: 1 })),
      ...[60, 60, 60].map((rom, i) => s(i + 3, { romDeg: rom, exerciseId: 2 })),
    ];
    expect(romRegression(h)).toBeNull();
  });
  it('judges only the active programme’s exercises: a dropped exercise’s old regression is not raised', () => {
    const h = [90, 92, 94, 88, 86, 84].map((rom, i) => s(i, { romDeg: rom, exerciseId: 7 }));
    expect(romRegression(h, new Set([7]))).toMatchObject({ details: { exercise_id: 7, lost_deg: 6 } });
    expect(romRegression(h, new Set([8]))).toBeNull();
    // Without a programme every exercise is judged.
    expect(romRegression(h, null)?.details.exercise_id).toBe(7);
  });
});

describe('alert: inactive (no session for 7 days)', () => {
  it('counts from the last session', () => {
    expect(inactive(MON, MON - 30 * DAY, MON + 6 * DAY)).toBeNull();
    expect(inactive(MON, MON - 30 * DAY, MON + 7 * DAY)).toMatchObject({
      type: 'inactive',
      details: { days: 7 },
    });
  });
  it('counts from the programme start when there is no session, and is silent without a programme', () => {
    expect(inactive(null, MON, MON + 8 * DAY)?.details.days).toBe(8);
    expect(inactive(null, null, MON + 80 * DAY)).toBeNull();
  });
});

describe('all rules on one history', () => {
  it('raises each alert once with a stable key, so re-evaluating raises the same keys', () => {
    const sessions = [
      s(0, { painAfter: 1, romDeg: 100 }),
      s(1, { painAfter: 2, romDeg: 100 }),
      s(2, { painAfter: 3, romDeg: 100 }),
    ];
    sessions.push(s(3, { romDeg: 90 }), s(4, { romDeg: 90 }), s(5, { romDeg: 90 }));
    const now = MON + 20 * DAY;
    const weeks = weeklyAdherence(
      sessions,
      { start: MON, exercises: [{ exerciseId: 1, frequencyPerWeek: 7 }] },
      now,
      3,
    );
    const args = {
      sessions,
      weeks,
      currentWeekStart: mondayStart(now),
      lastSessionAt: sessions.at(-1)!.at,
      programStart: MON,
      now,
    };
    const a = evaluateAlerts(args);
    expect(a.map((x) => x.type).sort()).toEqual([
      'inactive',
      'low_adherence',
      'pain_rising',
      'rom_regression',
    ]);
    expect(evaluateAlerts(args).map((x) => x.key)).toEqual(a.map((x) => x.key));
  });
});

describe('weekly adherence', () => {
  it('counts distinct days per exercise up to its frequency, and ignores unprescribed exercises', () => {
    const sessions = [
      s(0),
      s(0), // the same day twice counts once
      s(1),
      s(2),
      s(3), // a fourth day beyond frequency 3 is not counted
      s(1, { exerciseId: 2 }),
      s(2, { exerciseId: 99 }),
    ];
    const [w] = weeklyAdherence(
      sessions,
      {
        start: MON,
        exercises: [
          { exerciseId: 1, frequencyPerWeek: 3 },
          { exerciseId: 2, frequencyPerWeek: 2 },
        ],
      },
      MON + 3 * DAY,
      1,
    );
    expect(w).toMatchObject({ start: MON, prescribed: 5, done: 4 });
  });
  it('counts nothing done before the programme started, even of the same exercise in its start week', () => {
    // The old programme had exercise 1 on Monday to Wednesday; the new one (exercise 1 too) starts on Thursday.
    const sessions = [s(0), s(1), s(2), s(3), s(4)];
    const [w] = weeklyAdherence(
      sessions,
      { start: MON + 3 * DAY, exercises: [{ exerciseId: 1, frequencyPerWeek: 7 }] },
      MON + 5 * DAY,
      1,
    );
    expect(w).toMatchObject({ prescribed: 4, done: 2 });
  });
  it('prorates the week the programme starts in', () => {
    const [w] = weeklyAdherence(
      [],
      { start: MON + 4 * DAY, exercises: [{ exerciseId: 1, frequencyPerWeek: 7 }] },
      MON + 5 * DAY,
      1,
    );
    expect(w!.prescribed).toBe(3);
  });
  it('weeks start on Monday (UTC)', () => {
    expect(mondayStart(MON + 6 * DAY + 23 * 3_600_000)).toBe(MON);
    expect(mondayStart(MON + 7 * DAY)).toBe(MON + 7 * DAY);
  });
});

describe('progression rule (+10% reps a week while pain after ≤ 3)', () => {
  const ex = {
    reps: 10,
    hold_s: null,
    duration_s: null,
    progression: { applies_to: 'reps' as const, increase_percent: 10, every_days: 7, while_pain_at_most: 3 },
  };
  const start = 20_000;
  it('raises the dose once per completed week with sessions and pain in bounds, rounding up', () => {
    const done = [start + 1, start + 8, start + 15].map((day) => ({ day, painAfter: 2 }));
    // 10 → 11 → 13 (12.1 rounded up) → 15 (14.3 rounded up); the current week does not count yet.
    expect(progressedDose(ex, start, start + 21, done).reps).toBe(15);
    expect(progressedDose(ex, start, start + 20, done).reps).toBe(13);
  });
  it('holds in a week with pain over the limit or without sessions', () => {
    const done = [
      { day: start + 1, painAfter: 5 },
      { day: start + 15, painAfter: 1 },
    ];
    expect(progressedDose(ex, start, start + 21, done).reps).toBe(11);
  });
  it('stops at the maximum and leaves other doses alone', () => {
    const capped = { ...ex, hold_s: 30, progression: { ...ex.progression, increase_percent: 50, max: 20 } };
    const done = Array.from({ length: 10 }, (_, i) => ({ day: start + i * 7, painAfter: 0 }));
    expect(progressedDose(capped, start, start + 70, done)).toEqual({
      reps: 20,
      hold_s: 30,
      duration_s: null,
    });
  });
  it('without a rule the prescription stands', () => {
    expect(
      progressedDose({ ...ex, progression: null }, start, start + 70, [{ day: start, painAfter: 0 }]).reps,
    ).toBe(10);
  });
  it('ignores sessions before the start and in the current period, and a start still to come', () => {
    const done = [
      { day: start - 3, painAfter: 0 },
      { day: start + 2, painAfter: 9 },
      { day: start + 14, painAfter: 0 },
    ];
    // Week 1 painful (holds), week 2 without sessions (holds), week 3 is the current one: no change.
    expect(progressedDose(ex, start, start + 20, done).reps).toBe(10);
    expect(progressedDose(ex, start, start - 5, done).reps).toBe(10);
  });
  it('on two years of sessions, moves exactly in the weeks done without pain over the limit', () => {
    // A week is done and painless when w % 3 == 0 and not w % 5 == 0 (painful), else missed or painful.
    const big = { ...ex, reps: 5, progression: { ...ex.progression, increase_percent: 1 } };
    const done: { day: number; painAfter: number }[] = [];
    let expected = 5;
    for (let w = 0; w < 104; w++) {
      if (w % 3 !== 0) continue;
      done.push(
        { day: start + w * 7 + 2, painAfter: 2 },
        { day: start + w * 7 + 4, painAfter: w % 5 === 0 ? 4 : 1 },
      );
      if (w % 5 !== 0) expected = Math.ceil(expected * 1.01 - 1e-9);
    }
    expect(progressedDose(big, start, start + 104 * 7, done).reps).toBe(expected);
  });
});

describe('trend', () => {
  it('reads the slope with a dead band', () => {
    expect(trend([1, 2, 3, 4], 0.5)).toBe('up');
    expect(trend([4, 3, 2, 1], 0.5)).toBe('down');
    expect(trend([3, 3.2, 2.9, 3.1], 0.5)).toBe('flat');
    expect(trend([1, 2], 0.5)).toBeNull();
  });
});

describe('base catalogue', () => {
  it('has about 30 exercises over knee, hip, ankle, shoulder and back, each with texts in both languages and a source', () => {
    expect(BASE_CATALOGUE.length).toBeGreaterThanOrEqual(30);
    const regions = new Set(BASE_CATALOGUE.map((e) => e.body_region));
    for (const r of ['knee', 'hip', 'ankle', 'shoulder', 'back']) expect(regions).toContain(r);
    expect(new Set(BASE_CATALOGUE.map((e) => e.slug)).size).toBe(BASE_CATALOGUE.length);
    for (const e of BASE_CATALOGUE) {
      expect(e.source.length, e.slug).toBeGreaterThan(10);
      expect(e.name.es, e.slug).not.toBe(e.name.en);
      expect(e.instructions.es, e.slug).not.toBe(e.instructions.en);
    }
  });
});
