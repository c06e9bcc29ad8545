import { dayNumber, weekdayOf } from '../../../platform/dates.js';

/** Energy and macros of an amount of food. */
export interface Nutrients {
  kcal: number;
  protein_g: number;
  carbs_g: number;
  fat_g: number;
  fiber_g: number;
}

export const ZERO: Nutrients = Object.freeze({ kcal: 0, protein_g: 0, carbs_g: 0, fat_g: 0, fiber_g: 0 });

/** Per-100 g values scaled to `grams`. */
export const scale = (per100: Nutrients, grams: number): Nutrients => ({
  kcal: (per100.kcal * grams) / 100,
  protein_g: (per100.protein_g * grams) / 100,
  carbs_g: (per100.carbs_g * grams) / 100,
  fat_g: (per100.fat_g * grams) / 100,
  fiber_g: (per100.fiber_g * grams) / 100,
});

export function sum(xs: readonly Nutrients[]): Nutrients {
  const t = { ...ZERO };
  for (const x of xs) {
    t.kcal += x.kcal;
    t.protein_g += x.protein_g;
    t.carbs_g += x.carbs_g;
    t.fat_g += x.fat_g;
    t.fiber_g += x.fiber_g;
  }
  return t;
}

/** Rounded for output: whole kcal, grams to one decimal (sums are made before rounding). */
export const rounded = (n: Nutrients): Nutrients => ({
  kcal: Math.round(n.kcal),
  protein_g: Math.round(n.protein_g * 10) / 10,
  carbs_g: Math.round(n.carbs_g * 10) / 10,
  fat_g: Math.round(n.fat_g * 10) / 10,
  fiber_g: Math.round(n.fiber_g * 10) / 10,
});

export interface DayKey {
  dayNumber: number | null;
  weekday: number | null;
}

/** How many days a plan lasts: its highest day number, or 7 when its days are weekdays (0 without days). */
export function durationOf(days: readonly DayKey[]): number {
  let max = 0;
  for (const d of days) max = Math.max(max, d.dayNumber ?? (d.weekday ? 7 : 0));
  return max;
}

export type LiveStatus = 'not_started' | 'running' | 'finished';

export function liveStatus(startDate: string, duration: number, today: string): LiveStatus {
  const n = dayNumber(today) - dayNumber(startDate);
  if (n < 0) return 'not_started';
  return n < Math.max(1, duration) ? 'running' : 'finished';
}

/**
 * The plan's day for `date`, for someone who started on `start`: weekday plans by the ISO weekday of the date;
 * numbered plans by days since the start, cycling through the plan (a live plan does not cycle: after its last
 * day there is none). Null when the plan has no day for it.
 */
export function dayFor<D extends DayKey>(
  days: readonly D[],
  start: string,
  date: string,
  live: boolean,
): D | null {
  if (!days.length) return null;
  const since = dayNumber(date) - dayNumber(start);
  if (since < 0) return null;
  if (days.some((d) => d.weekday !== null)) {
    const iso = weekdayOf(date) + 1;
    return days.find((d) => d.weekday === iso) ?? null;
  }
  const duration = durationOf(days);
  if (live && since >= duration) return null;
  const n = (since % duration) + 1;
  return days.find((d) => d.dayNumber === n) ?? null;
}

/** Macro targets: per-kg ones resolved against the weight when known, else the plan's grams. */
export function resolveTargets(
  p: {
    targetCalories: number;
    proteinG: number | null;
    carbsG: number | null;
    fatG: number | null;
    proteinGPerKg: number | null;
    carbsGPerKg: number | null;
    fatGPerKg: number | null;
  },
  weightKg: number | null,
) {
  const pick = (perKg: number | null, g: number | null) =>
    perKg !== null && weightKg !== null ? Math.round(perKg * weightKg * 10) / 10 : g;
  return {
    kcal: p.targetCalories,
    protein_g: pick(p.proteinGPerKg, p.proteinG),
    carbs_g: pick(p.carbsGPerKg, p.carbsG),
    fat_g: pick(p.fatGPerKg, p.fatG),
    weight_kg: weightKg,
  };
}

/** Share of planned meals completed, 0–1 (null when nothing was planned). */
export const adherence = (planned: number, completed: number) =>
  planned > 0 ? Math.min(1, completed / planned) : null;
