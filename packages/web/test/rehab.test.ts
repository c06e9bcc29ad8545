import { describe, expect, it } from 'vitest';
import {
  progressView,
  addRep,
  counterFinished,
  endSet,
  formatClock,
  painBand,
  pauseTimer,
  progressCharts,
  repCounter,
  resetTimer,
  sortByNeed,
  startTimer,
  timer,
  timerDone,
  timerRemainingS,
  undoRep,
} from '../src/lib/rehab';

const times = <T>(n: number, f: (x: T) => T, x: T) => Array.from({ length: n }).reduce<T>((a) => f(a), x);

describe('rep counter', () => {
  it('closes a set when its target is reached and stops after the last set', () => {
    let c = repCounter(2, 3);
    c = addRep(addRep(c));
    expect(c).toMatchObject({ setsDone: 0, reps: 2, totalReps: 2 });
    c = addRep(c);
    expect(c).toMatchObject({ setsDone: 1, reps: 0, totalReps: 3 });
    c = times(3, addRep, c);
    expect(counterFinished(c)).toBe(true);
    expect(c.totalReps).toBe(6);
    // Taps after the end count nothing.
    expect(addRep(c)).toBe(c);
  });

  it('undoes a tap, reopening the set it closed', () => {
    let c = times(3, addRep, repCounter(2, 3));
    expect(c.setsDone).toBe(1);
    c = undoRep(c);
    expect(c).toMatchObject({ setsDone: 0, reps: 2, totalReps: 2 });
    expect(undoRep(repCounter(1, 5))).toMatchObject({ totalReps: 0, reps: 0, setsDone: 0 });
  });

  it('counts freely without a rep target and closes sets by hand', () => {
    let c = times(7, addRep, repCounter(2, null));
    expect(c).toMatchObject({ setsDone: 0, reps: 7 });
    c = endSet(c);
    expect(c).toMatchObject({ setsDone: 1, reps: 0, totalReps: 7 });
    c = endSet(addRep(c));
    expect(counterFinished(c)).toBe(true);
    expect(c.totalReps).toBe(8);
  });
});

describe('timer', () => {
  it('counts down across a pause with the clock it is given', () => {
    let t = startTimer(timer(30), 1_000);
    expect(timerRemainingS(t, 1_000)).toBe(30);
    expect(timerRemainingS(t, 11_000)).toBe(20);
    // 0.4 s into a second still shows the whole second left.
    expect(timerRemainingS(t, 11_400)).toBe(20);
    t = pauseTimer(t, 11_000);
    // Paused: time passing changes nothing.
    expect(timerRemainingS(t, 500_000)).toBe(20);
    t = startTimer(t, 600_000);
    expect(timerRemainingS(t, 619_000)).toBe(1);
    expect(timerDone(t, 619_999)).toBe(false);
    expect(timerDone(t, 620_000)).toBe(true);
    expect(timerRemainingS(t, 700_000)).toBe(0);
    expect(timerRemainingS(resetTimer(t), 700_000)).toBe(30);
  });

  it('formats minutes and seconds', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(65)).toBe('1:05');
    expect(formatClock(600)).toBe('10:00');
  });
});

describe('painBand', () => {
  it('follows the NRS cut-offs of Serlin et al. 1995 (1–4 mild, 5–6 moderate, 7–10 severe)', () => {
    expect([0, 1, 4, 5, 6, 7, 10].map(painBand)).toEqual([
      'none',
      'mild',
      'mild',
      'moderate',
      'moderate',
      'severe',
      'severe',
    ]);
  });
});

describe('sortByNeed', () => {
  const row = (id: number, o: Partial<Parameters<typeof sortByNeed>[0][number]>) => ({
    patient_id: id,
    name: `P${id}`,
    status: 'active',
    alerts: [] as string[],
    need: 0,
    last_session_at: null as string | null,
    ...o,
  });
  it('puts the highest need first, breaks ties by alerts, time away and name, and discharged last', () => {
    const rows = [
      row(1, { need: 1, last_session_at: '2026-03-10T10:00:00Z' }),
      row(2, { need: 10, alerts: ['pain_rising'], status: 'discharged' }),
      row(3, { need: 5, alerts: ['pain_rising'] }),
      row(4, { need: 5, alerts: ['pain_rising', 'inactive'] }),
      row(5, { need: 1, last_session_at: '2026-03-01T10:00:00Z' }),
      row(6, { need: 1, last_session_at: null, name: 'Zoe' }),
      row(7, { need: 1, last_session_at: null, name: 'Ana' }),
    ];
    expect(sortByNeed(rows).map((r) => r.patient_id)).toEqual([4, 3, 7, 6, 5, 1, 2]);
    // The input is left as it was.
    expect(rows[0]!.patient_id).toBe(1);
  });
});

describe('progressCharts', () => {
  it('orders weeks, puts x in seconds at Monday UTC and leaves gaps for weeks without a value', () => {
    const c = progressCharts([
      { week: '2026-03-09', prescribed: 6, done: 3, adherence: 0.5, pain_after_mean: 4.5, rom_max_deg: 95 },
      { week: '2026-03-02', prescribed: 6, done: 6, adherence: 1, pain_after_mean: null, rom_max_deg: null },
      {
        week: '2026-03-16',
        prescribed: 0,
        done: 0,
        adherence: null,
        pain_after_mean: null,
        rom_max_deg: null,
      },
    ]);
    const x = c.pain[0] as number[];
    expect(x).toEqual(
      [Date.UTC(2026, 2, 2), Date.UTC(2026, 2, 9), Date.UTC(2026, 2, 16)].map((ms) => ms / 1000),
    );
    expect(c.pain[1]).toEqual([null, 4.5, null]);
    expect(c.rom[1]).toEqual([null, 95, null]);
    expect(c.adherence[1]).toEqual([100, 50, null]);
    expect(c.has).toEqual({ pain: true, rom: true, adherence: true });
  });

  it('says when there is nothing to draw', () => {
    const c = progressCharts([
      {
        week: '2026-03-02',
        prescribed: 0,
        done: 0,
        adherence: null,
        pain_after_mean: null,
        rom_max_deg: null,
      },
    ]);
    expect(c.has).toEqual({ pain: false, rom: false, adherence: false });
  });
});

describe('progressView', () => {
  const base = { programPending: false, noProgram: false, failed: false, sessions: 4 };
  it('charts a programme with sessions', () => {
    expect(progressView(base)).toBe('charts');
  });
  it('says what happens next without a programme, even while other requests fail or load', () => {
    expect(progressView({ ...base, noProgram: true, sessions: undefined })).toBe('no_program');
    expect(progressView({ ...base, noProgram: true, failed: true })).toBe('no_program');
  });
  it('does not chart an empty window: the first session starts the charts', () => {
    expect(progressView({ ...base, sessions: 0 })).toBe('no_sessions');
  });
  it('waits for the programme and then its progress, and reports other failures', () => {
    expect(progressView({ ...base, programPending: true, sessions: undefined })).toBe('loading');
    expect(progressView({ ...base, sessions: undefined })).toBe('loading');
    expect(progressView({ ...base, failed: true, sessions: undefined })).toBe('error');
  });
});
