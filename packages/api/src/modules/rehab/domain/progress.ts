/**
 * Weekly adherence and trends (issue 14: "adherence (done vs prescribed per week), pain, range-of-motion and
 * VR-score trends"). Weeks are ISO weeks, Monday to Sunday, in UTC.
 */
import { DAY_MS } from '../../../platform/dates.js';
import type { HistorySession } from './alerts.js';
import { painOf } from './alerts.js';

export interface Prescription {
  exerciseId: number;
  frequencyPerWeek: number;
}

export interface WeekAdherence {
  /** ms of Monday 00:00 UTC */
  start: number;
  prescribed: number;
  /** Sessions that count: per exercise, distinct days with a session, at most its weekly frequency. */
  done: number;
  painAfterMean: number | null;
  romMaxDeg: number | null;
  vrScoreMean: number | null;
}

export const mondayStart = (ms: number): number => {
  const day = Math.floor(ms / DAY_MS);
  const weekday = (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return (day - weekday) * DAY_MS;
};

/**
 * `nWeeks` weeks ending with the week of `now`. A week before the programme's start (or with no programme) has
 * nothing prescribed; the week the programme starts in counts its days from the start on, prorated.
 */
export function weeklyAdherence(
  sessions: readonly HistorySession[],
  program: { start: number; exercises: readonly Prescription[] } | null,
  now: number,
  nWeeks: number,
): WeekAdherence[] {
  const current = mondayStart(now);
  const first = current - (nWeeks - 1) * 7 * DAY_MS;
  const weekly = program ? program.exercises.reduce((t, e) => t + e.frequencyPerWeek, 0) : 0;
  const prescribedIds = new Set(program?.exercises.map((e) => e.exerciseId));
  const freq = new Map(program?.exercises.map((e) => [e.exerciseId, e.frequencyPerWeek]));
  const weeks: WeekAdherence[] = [];
  for (let w = first; w <= current; w += 7 * DAY_MS) {
    let prescribed = 0;
    if (program && program.start < w + 7 * DAY_MS) {
      const daysIn = Math.min(7, (w + 7 * DAY_MS - Math.max(w, program.start)) / DAY_MS);
      prescribed = Math.round((weekly * daysIn) / 7);
    }
    weeks.push({ start: w, prescribed, done: 0, painAfterMean: null, romMaxDeg: null, vrScoreMean: null });
  }
  // Per week: pain, range of motion and VR score of its sessions, and per prescribed exercise its days.
  const acc = new Map<
    number,
    { pain: number[]; rom: number[]; vr: number[]; days: Map<number, Set<number>> }
  >();
  for (const s of sessions) {
    if (s.at < first) continue;
    const w = mondayStart(s.at);
    let a = acc.get(w);
    if (!a) acc.set(w, (a = { pain: [], rom: [], vr: [], days: new Map() }));
    const p = painOf(s);
    if (p != null) a.pain.push(p);
    if (s.romDeg != null) a.rom.push(s.romDeg);
    if (s.vrScore != null) a.vr.push(s.vrScore);
    // Only the active programme's exercises, and only from its start: a session done under the programme it
    // replaced (even of the same exercise, earlier in the start week) fulfils nothing of this one.
    if (!prescribedIds.has(s.exerciseId) || s.at < program!.start) continue;
    let set = a.days.get(s.exerciseId);
    if (!set) a.days.set(s.exerciseId, (set = new Set()));
    set.add(Math.floor(s.at / DAY_MS));
  }
  const mean = (a: number[]) =>
    a.length ? Math.round((a.reduce((t, v) => t + v, 0) / a.length) * 10) / 10 : null;
  for (const week of weeks) {
    const a = acc.get(week.start);
    if (a) {
      for (const [id, f] of freq) week.done += Math.min(f, a.days.get(id)?.size ?? 0);
      week.painAfterMean = mean(a.pain);
      week.romMaxDeg = a.rom.length ? Math.max(...a.rom) : null;
      week.vrScoreMean = mean(a.vr);
    }
  }
  return weeks;
}

/**
 * Direction of a series: the least-squares slope over its points (index as x), with a dead band so that noise
 * reads as flat. `band` is in the series' units per point.
 */
export function trend(values: readonly number[], band: number): 'up' | 'down' | 'flat' | null {
  if (values.length < 3) return null;
  const n = values.length;
  const mx = (n - 1) / 2;
  const my = values.reduce((t, v) => t + v, 0) / n;
  let num = 0;
  let den = 0;
  values.forEach((v, i) => {
    num += (i - mx) * (v - my);
    den += (i - mx) ** 2;
  });
  const slope = num / den;
  if (slope > band) return 'up';
  if (slope < -band) return 'down';
  return 'flat';
}
