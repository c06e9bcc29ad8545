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
  const periods = Math.floor((today - startDay) / rule.every_days);
  let value = base;
  for (let p = 0; p < periods; p++) {
    const from = startDay + p * rule.every_days;
    const to = from + rule.every_days;
    const inPeriod = sessions.filter((s) => s.day >= from && s.day < to);
    if (inPeriod.length === 0) continue;
    if (inPeriod.some((s) => s.painAfter != null && s.painAfter > rule.while_pain_at_most)) continue;
    value = Math.ceil(value * (1 + rule.increase_percent / 100) - 1e-9);
    if (rule.max != null && value >= rule.max) {
      value = rule.max;
      break;
    }
  }
  return { ...dose, [rule.applies_to]: value };
}
