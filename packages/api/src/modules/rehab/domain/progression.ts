import type { StoredProgramExercise } from '../tables.js';

/**
 * A programme exercise's dose today under its progression rule (issue 14: "e.g. +10% reps a week while pain
 * after ≤ 3"). The rule is data on the prescription; this is its one interpreter.
 *
 * Periods of `every_days` run from the programme's start. Each *completed* period raises the dose by
 * `increase_percent` (rounded up, so a small dose still moves) when the patient did the exercise in it and no
 * session of it had pain after above `while_pain_at_most`; otherwise the dose holds. The dose never passes
 * `max`. Holding rather than lowering on pain follows the pain-monitoring model of Silbernagel et al. (2007),
 * Am J Sports Med 35(6):897–906, where pain over the accepted level means "do not progress".
 */
export interface DoneSession {
  /** Day number (days since 1970-01-01, UTC). */
  day: number;
  painAfter: number | null;
}

export function progressedDose(
  ex: Pick<StoredProgramExercise, 'reps' | 'hold_s' | 'duration_s' | 'progression'>,
  startDay: number,
  today: number,
  sessions: readonly DoneSession[],
): { reps: number | null; hold_s: number | null; duration_s: number | null } {
  const dose = { reps: ex.reps, hold_s: ex.hold_s, duration_s: ex.duration_s };
  const rule = ex.progression;
  if (!rule) return dose;
  const base = dose[rule.applies_to];
  if (base == null) return dose;
  const periods = Math.max(0, Math.floor((today - startDay) / rule.every_days));
  // One pass over the sessions marks each completed period as done and/or painful (a programme of two years
  // has about a hundred periods and a thousand sessions: no filtering of every session per period).
  const done = new Uint8Array(periods);
  const painful = new Uint8Array(periods);
  for (const s of sessions) {
    const p = Math.floor((s.day - startDay) / rule.every_days);
    if (p < 0 || p >= periods) continue;
    done[p] = 1;
    if (s.painAfter != null && s.painAfter > rule.while_pain_at_most) painful[p] = 1;
  }
  let value = base;
  for (let p = 0; p < periods; p++) {
    if (!done[p] || painful[p]) continue;
    value = Math.ceil(value * (1 + rule.increase_percent / 100) - 1e-9);
    if (rule.max != null && value >= rule.max) {
      value = rule.max;
      break;
    }
  }
  return { ...dose, [rule.applies_to]: value };
}
