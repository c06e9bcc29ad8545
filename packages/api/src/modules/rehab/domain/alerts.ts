/**
 * The alert rules of issue 14, as pure functions over a patient's recent history. Each alert carries a key (the
 * session or week it rests on) so that the same condition is stored, and its physio notified, once.
 */
import type { AlertType } from '@pulso/contracts/rehab';
import { DAY_MS } from '../../../platform/dates.js';
import type { WeekAdherence } from './progress.js';

export interface HistorySession {
  id: number;
  /** ms since the epoch */
  at: number;
  exerciseId: number;
  painBefore: number | null;
  painAfter: number | null;
  romDeg: number | null;
  vrScore: number | null;
}

export interface RaisedAlert {
  type: AlertType;
  key: string;
  since: number;
  details: Record<string, number>;
}

/** Pain of a session: after the exercise when recorded (what the rules of progression read), else before. */
export const painOf = (s: HistorySession): number | null => s.painAfter ?? s.painBefore;

/** Issue 14: "pain up 2+ points over 3 sessions": the last of the last three sessions with a pain score is ≥ 2 above the first. */
export const PAIN_RISE_POINTS = 2;
export function painRising(sessions: readonly HistorySession[]): RaisedAlert | null {
  const withPain = sessions.filter((s) => painOf(s) != null);
  if (withPain.length < 3) return null;
  const last3 = withPain.slice(-3);
  const from = painOf(last3[0]!)!;
  const to = painOf(last3[2]!)!;
  if (to - from < PAIN_RISE_POINTS) return null;
  return { type: 'pain_rising', key: `s${last3[2]!.id}`, since: last3[2]!.at, details: { from, to } };
}

/**
 * Pain that stays high: pain after exercise of `PAIN_HIGH_AFTER` or more in each of the last three sessions with a
 * pain score. The pain-monitoring model accepts pain up to 5 of 10 during and after exercise and treats anything
 * above as the high-risk zone that calls for less load (Thomeé R, Phys Ther 1997;77(12):1690–1703; Silbernagel KG
 * et al., Am J Sports Med 2007;35(6):897–906). A flat 6, 6, 6 is not "rising", yet it needs the physio as much.
 */
export const PAIN_HIGH_AFTER = 6;
export function painHigh(sessions: readonly HistorySession[]): RaisedAlert | null {
  const withPain = sessions.filter((s) => painOf(s) != null);
  if (withPain.length < 3) return null;
  const last3 = withPain.slice(-3);
  if (last3.some((s) => painOf(s)! < PAIN_HIGH_AFTER)) return null;
  const newest = last3[2]!;
  return {
    type: 'pain_high',
    key: `s${newest.id}`,
    since: newest.at,
    details: { min: Math.min(...last3.map((s) => painOf(s)!)) },
  };
}

/** Issue 14: "adherence under 50% in a week": the last complete week with something prescribed. */
export const LOW_ADHERENCE = 0.5;
/**
 * Weeks of adherence the rules need (the current one and the last complete one): a week before a programme's
 * start has nothing prescribed, so when the last complete week has nothing prescribed, no earlier week has.
 */
export const ALERT_WEEKS = 2;
export function lowAdherence(weeks: readonly WeekAdherence[], currentWeekStart: number): RaisedAlert | null {
  const done = weeks.filter((w) => w.start < currentWeekStart && w.prescribed > 0);
  const last = done.at(-1);
  if (!last || last.done / last.prescribed >= LOW_ADHERENCE) return null;
  return {
    type: 'low_adherence',
    key: `w${new Date(last.start).toISOString().slice(0, 10)}`,
    since: last.start + 7 * DAY_MS,
    details: {
      adherence: Math.round((last.done / last.prescribed) * 100) / 100,
      done: last.done,
      prescribed: last.prescribed,
    },
  };
}

/**
 * Range of motion going backwards: for an exercise, the mean of its last three measured sessions is more than
 * `ROM_REGRESSION_DEG` below the mean of the three before. The margin is the usual reliability of goniometry
 * (about 5°: Gajdosik & Bohannon 1987, Phys Ther 67(12):1867–1872), so measurement noise alone does not alert.
 */
export const ROM_REGRESSION_DEG = 5;
/**
 * `prescribed`: the exercises of the active programme, when there is one. An exercise the programme no longer
 * holds is not judged: its last measurements never change again, so a regression found in them would stay open
 * for ever after the physio replaced the programme.
 */
export function romRegression(
  sessions: readonly HistorySession[],
  prescribed: ReadonlySet<number> | null = null,
): RaisedAlert | null {
  const byExercise = new Map<number, HistorySession[]>();
  for (const s of sessions) {
    if (s.romDeg == null || (prescribed && !prescribed.has(s.exerciseId))) continue;
    const list = byExercise.get(s.exerciseId) ?? [];
    list.push(s);
    byExercise.set(s.exerciseId, list);
  }
  let worst: RaisedAlert | null = null;
  for (const [exerciseId, list] of byExercise) {
    if (list.length < 6) continue;
    const last = list.slice(-3);
    const before = list.slice(-6, -3);
    const mean = (a: HistorySession[]) => a.reduce((t, s) => t + s.romDeg!, 0) / a.length;
    const lost = mean(before) - mean(last);
    if (lost <= ROM_REGRESSION_DEG) continue;
    const newest = last[2]!;
    if (!worst || lost > worst.details.lost_deg!)
      worst = {
        type: 'rom_regression',
        key: `s${newest.id}`,
        since: newest.at,
        details: { exercise_id: exerciseId, lost_deg: Math.round(lost * 10) / 10 },
      };
  }
  return worst;
}

/** Issue 14: "no session for 7 days", counted from the last session, or from the programme's start if none. */
export const INACTIVE_DAYS = 7;
export function inactive(
  lastSessionAt: number | null,
  programStart: number | null,
  now: number,
): RaisedAlert | null {
  const ref = lastSessionAt ?? programStart;
  if (ref == null) return null;
  const days = Math.floor((now - ref) / DAY_MS);
  if (days < INACTIVE_DAYS) return null;
  return {
    type: 'inactive',
    key: lastSessionAt != null ? `s${lastSessionAt}` : `p${programStart}`,
    since: ref + INACTIVE_DAYS * DAY_MS,
    details: { days },
  };
}

/** Every rule over one history (sessions in time order). */
export function evaluateAlerts(a: {
  sessions: readonly HistorySession[];
  weeks: readonly WeekAdherence[];
  currentWeekStart: number;
  lastSessionAt: number | null;
  programStart: number | null;
  /** Exercises of the active programme (null: no programme, every exercise is judged). */
  prescribed?: ReadonlySet<number> | null;
  now: number;
}): RaisedAlert[] {
  return [
    painRising(a.sessions),
    painHigh(a.sessions),
    lowAdherence(a.weeks, a.currentWeekStart),
    romRegression(a.sessions, a.prescribed ?? null),
    inactive(a.lastSessionAt, a.programStart, a.now),
  ].filter((x): x is RaisedAlert => x !== null);
}
