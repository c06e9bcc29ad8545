import { itemTotals, sumMacros, type Macros } from './nutrition';

/**
 * The plan builder's draft: what the trainer is editing, with each item's values per 100 g kept so the
 * totals can be recomputed live as grams change, before anything is saved.
 */
export interface DraftItem {
  key: string;
  kind: 'food' | 'recipe';
  ref: number;
  name: string;
  per100g: Macros;
  grams: number;
}
export interface DraftMeal {
  key: string;
  name: string;
  meal_type: string;
  time: string | null;
  items: DraftItem[];
}
export interface DraftDay {
  key: string;
  day_number: number | null;
  weekday: number | null;
  kind: string | null;
  meals: DraftMeal[];
}

let seq = 0;
export const newKey = () => `k${++seq}`;

export const mealTotals = (m: DraftMeal): Macros =>
  sumMacros(m.items.map((i) => itemTotals(i.per100g, i.grams)));
export const dayTotals = (d: DraftDay): Macros => sumMacros(d.meals.map(mealTotals));

/** An item read back from a saved plan: its values per 100 g from its totals and grams. */
export function per100FromTotals(totals: Macros, grams: number): Macros {
  const f = grams > 0 ? 100 / grams : 0;
  return {
    kcal: totals.kcal * f,
    protein_g: totals.protein_g * f,
    carbs_g: totals.carbs_g * f,
    fat_g: totals.fat_g * f,
  };
}

/** The next day to add: after the last day number, or the next free weekday in a plan by weekday. */
export function nextDay(days: readonly DraftDay[]): DraftDay {
  const byWeekday = days.some((d) => d.weekday !== null);
  if (byWeekday) {
    const used = new Set(days.map((d) => d.weekday));
    const free = [1, 2, 3, 4, 5, 6, 7].find((w) => !used.has(w));
    if (free) return { key: newKey(), day_number: null, weekday: free, kind: null, meals: [] };
  }
  const last = Math.max(0, ...days.map((d) => d.day_number ?? 0));
  return { key: newKey(), day_number: last + 1, weekday: null, kind: null, meals: [] };
}

/** The draft's days as the API's body (PlanDayBody[]). */
export function daysBody(days: readonly DraftDay[]) {
  return days.map((d) => ({
    ...(d.weekday !== null ? { weekday: d.weekday } : { day_number: d.day_number ?? 1 }),
    ...(d.kind === 'training' || d.kind === 'rest' ? { kind: d.kind } : {}),
    meals: d.meals.map((m) => ({
      name: m.name.trim() || m.meal_type,
      meal_type: m.meal_type,
      ...(m.time ? { time: m.time } : {}),
      items: m.items
        .filter((i) => i.grams > 0)
        .map((i) =>
          i.kind === 'food' ? { food_id: i.ref, grams: i.grams } : { recipe_id: i.ref, grams: i.grams },
        ),
    })),
  }));
}
