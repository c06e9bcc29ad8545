/**
 * Logic of the rehabilitation screens, kept out of the components so it can be tested without a browser: the
 * guided exercise's rep counter and timer, the physio's patient list ordered by need, and the progress charts'
 * data. Time always comes in as an argument (the component passes the clock), never read here.
 */
import type { AlignedData } from 'uplot';

// ------------------------------------------------------------------------------------------- rep counter

export interface RepCounter {
  targetSets: number;
  /** null: no rep target (the patient counts freely). */
  targetReps: number | null;
  /** Completed sets. */
  setsDone: number;
  /** Reps of the set in progress. */
  reps: number;
  /** Every rep counted, across sets (what the session reports as reps done). */
  totalReps: number;
}

export const repCounter = (targetSets: number, targetReps: number | null): RepCounter => ({
  targetSets: Math.max(1, targetSets),
  targetReps: targetReps && targetReps > 0 ? targetReps : null,
  setsDone: 0,
  reps: 0,
  totalReps: 0,
});

export const counterFinished = (c: RepCounter) => c.setsDone >= c.targetSets;

/**
 * One more rep. Reaching the set's target closes the set on its own, so a patient on the floor only ever taps
 * one big button; nothing is counted after the last set.
 */
export function addRep(c: RepCounter): RepCounter {
  if (counterFinished(c)) return c;
  const reps = c.reps + 1;
  const totalReps = c.totalReps + 1;
  if (c.targetReps !== null && reps >= c.targetReps)
    return { ...c, reps: 0, totalReps, setsDone: c.setsDone + 1 };
  return { ...c, reps, totalReps };
}

/** Take back the last rep (a mistaken tap), reopening the set it closed if need be. */
export function undoRep(c: RepCounter): RepCounter {
  if (c.totalReps === 0) return c;
  if (c.reps > 0) return { ...c, reps: c.reps - 1, totalReps: c.totalReps - 1 };
  if (c.setsDone === 0) return c;
  // The last tap closed a set: reopen it one short of its target.
  const reps = c.targetReps !== null ? c.targetReps - 1 : 0;
  return { ...c, setsDone: c.setsDone - 1, reps, totalReps: c.totalReps - 1 };
}

/** Close the set in progress by hand (free counting, or fewer reps than planned). */
export function endSet(c: RepCounter): RepCounter {
  if (counterFinished(c)) return c;
  return { ...c, setsDone: c.setsDone + 1, reps: 0 };
}

// ------------------------------------------------------------------------------------------------- timer

/** A countdown that survives pauses: the time run before the current start, plus since that start. */
export interface Timer {
  durationMs: number;
  /** ms run before the current start */
  elapsedMs: number;
  /** when it was last started (the caller's clock), null when paused */
  startedAt: number | null;
}

export const timer = (durationS: number): Timer => ({
  durationMs: Math.max(0, durationS) * 1000,
  elapsedMs: 0,
  startedAt: null,
});

export const timerElapsed = (t: Timer, now: number) =>
  Math.min(t.durationMs, t.elapsedMs + (t.startedAt === null ? 0 : Math.max(0, now - t.startedAt)));

/** Whole seconds left, rounded up so "0" shows only when the time is really over. */
export const timerRemainingS = (t: Timer, now: number) =>
  Math.ceil((t.durationMs - timerElapsed(t, now)) / 1000);

export const timerDone = (t: Timer, now: number) => timerElapsed(t, now) >= t.durationMs;

export const startTimer = (t: Timer, now: number): Timer =>
  t.startedAt !== null || timerDone(t, now) ? t : { ...t, startedAt: now };

export const pauseTimer = (t: Timer, now: number): Timer =>
  t.startedAt === null ? t : { ...t, elapsedMs: timerElapsed(t, now), startedAt: null };

export const resetTimer = (t: Timer): Timer => ({ ...t, elapsedMs: 0, startedAt: null });

/** m:ss */
export function formatClock(seconds: number) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// ------------------------------------------------------------------------------------------ pain wording

/**
 * The words said next to a 0–10 pain number (so a screen reader says more than a figure). The bands are those of
 * Serlin et al. 1995, "When is cancer pain mild, moderate or severe?", Pain 61(2):277–284: 1–4 mild, 5–6
 * moderate, 7–10 severe.
 */
export function painBand(n: number): 'none' | 'mild' | 'moderate' | 'severe' {
  if (n <= 0) return 'none';
  if (n <= 4) return 'mild';
  if (n <= 6) return 'moderate';
  return 'severe';
}

// -------------------------------------------------------------------------------------- sorting by need

export interface NeedRow {
  patient_id: number;
  name: string;
  status: string;
  alerts: readonly string[];
  need: number;
  last_session_at: string | null;
}

/**
 * The physio's list, most in need first. The API's `need` already weighs alerts, adherence and days away; the
 * page keeps that order and breaks ties the same way every time (more alerts, then the longest since a session
 * — never seen counts as longest — then name) so the list does not jump about between refreshes. Discharged
 * patients go last whatever their score: nobody has to act on them.
 */
export function sortByNeed<T extends NeedRow>(rows: readonly T[], collator = new Intl.Collator()): T[] {
  const last = (r: T) => (r.last_session_at === null ? -Infinity : Date.parse(r.last_session_at));
  const closed = (r: T) => (r.status === 'discharged' ? 1 : 0);
  return [...rows].sort(
    (a, b) =>
      closed(a) - closed(b) ||
      b.need - a.need ||
      b.alerts.length - a.alerts.length ||
      last(a) - last(b) ||
      collator.compare(a.name, b.name) ||
      a.patient_id - b.patient_id,
  );
}

// ---------------------------------------------------------------------------------------- chart shaping

export interface WeekRow {
  week: string;
  prescribed: number;
  done: number;
  adherence: number | null;
  pain_after_mean: number | null;
  rom_max_deg: number | null;
}

export interface ProgressCharts {
  /** x in seconds (uPlot's time scale), then pain 0–10 */
  pain: AlignedData;
  /** x, then the week's best range of motion in degrees */
  rom: AlignedData;
  /** x, then adherence in percent (done over prescribed; weeks with nothing prescribed are gaps) */
  adherence: AlignedData;
  /** whether any week has a value: an empty chart says nothing, the page shows words instead */
  has: { pain: boolean; rom: boolean; adherence: boolean };
}

/**
 * The API's weeks (oldest first or not) as uPlot series: time in seconds at the Monday (UTC), null where a
 * week has no value so uPlot leaves a gap rather than drawing a fall to zero.
 */
export function progressCharts(weeks: readonly WeekRow[]): ProgressCharts {
  const sorted = [...weeks].sort((a, b) => a.week.localeCompare(b.week));
  const x = sorted.map((w) => Date.parse(`${w.week.slice(0, 10)}T00:00:00Z`) / 1000);
  const pain = sorted.map((w) => w.pain_after_mean);
  const rom = sorted.map((w) => w.rom_max_deg);
  const adherence = sorted.map((w) =>
    w.prescribed > 0 ? Math.round((w.adherence ?? w.done / w.prescribed) * 1000) / 10 : null,
  );
  const any = (a: (number | null)[]) => a.some((v) => v !== null);
  return {
    pain: [x, pain] as AlignedData,
    rom: [x, rom] as AlignedData,
    adherence: [x, adherence] as AlignedData,
    has: { pain: any(pain), rom: any(rom), adherence: any(adherence) },
  };
}

// ------------------------------------------------------------------------------------------- my progress

/**
 * What the patient's progress page shows. Without an active programme (the API's 404) there is nothing to chart
 * and the page says what happens next; with a programme but no session yet, empty charts would read as "no
 * progress", so it says the charts start with the first session instead.
 */
export type ProgressView = 'loading' | 'no_program' | 'error' | 'no_sessions' | 'charts';

export function progressView(s: {
  programPending: boolean;
  /** The programme's request failed with "no programme here" (404). */
  noProgram: boolean;
  /** Any other failure, of the programme or of the progress. */
  failed: boolean;
  /** Sessions in the progress' window, once the progress is loaded. */
  sessions: number | undefined;
}): ProgressView {
  if (s.noProgram) return 'no_program';
  if (s.failed) return 'error';
  if (s.programPending || s.sessions === undefined) return 'loading';
  return s.sessions === 0 ? 'no_sessions' : 'charts';
}
