/**
 * The deterministic plan generator: what answers when no language model is configured, the month's AI budget is
 * spent, or the model fails. Pure: the same foods, targets and seed always give the same plan.
 *
 * For each day it picks foods per meal by role (a protein source, a carbohydrate source, a fat source and, for
 * larger meals, a low-energy vegetable or fruit), then solves for the grams of all the day's items at once: a
 * small bounded least-squares problem whose rows are the day's energy and three macro targets (each scaled by
 * its target, so a 5% miss weighs the same in every row) plus lighter rows that keep each meal near its share
 * of the day. Box constraints keep portions plausible. Coordinate descent solves a convex quadratic with box
 * constraints exactly in the limit and converges fast for a few dozen variables (Wright, "Coordinate descent
 * algorithms", Math. Program. 151, 2015); a few hundred sweeps are plenty here.
 */

export interface Per100 {
  kcal: number;
  protein: number;
  carbs: number;
  fat: number;
}

export interface CandidateFood {
  id: number;
  name: string;
  /** The name in the catalogue's other language, also matched by preferences. */
  altName?: string;
  per100: Per100;
  allergens: readonly string[];
  vegan: boolean;
  vegetarian: boolean;
}

export type MealCode =
  'main' | 'breakfast' | 'morning_snack' | 'lunch' | 'afternoon_snack' | 'dinner' | 'evening_snack';

export interface GeneratorTargets {
  kcal: number;
  protein: number;
  carbs: number;
  fat: number;
  mealsPerDay: number;
  days: number;
  /** Allergen codes that must not appear. */
  excludeAllergens: readonly string[];
  vegan: boolean;
  vegetarian: boolean;
  /** Food names (lower-case fragments) to favour. */
  preferences: readonly string[];
  seed: number;
}

export interface GeneratedItemDraft {
  food: CandidateFood;
  grams: number;
}
export interface GeneratedMealDraft {
  code: MealCode;
  items: GeneratedItemDraft[];
}
export interface GeneratedDayDraft {
  day: number;
  meals: GeneratedMealDraft[];
  totals: Per100;
}
export interface GeneratedPlanDraft {
  days: GeneratedDayDraft[];
  /** Whether every day is within `TOLERANCE` of the energy and of every macro target. */
  withinTolerance: boolean;
}

/** The bound: each day within ±5% of the energy and of every macro target. */
export const TOLERANCE = 0.05;

const MEAL_LAYOUT: Record<number, MealCode[]> = {
  1: ['main'],
  2: ['lunch', 'dinner'],
  3: ['breakfast', 'lunch', 'dinner'],
  4: ['breakfast', 'lunch', 'afternoon_snack', 'dinner'],
  5: ['breakfast', 'morning_snack', 'lunch', 'afternoon_snack', 'dinner'],
  6: ['breakfast', 'morning_snack', 'lunch', 'afternoon_snack', 'dinner', 'evening_snack'],
};

/** Relative size of each meal; normalised over the day's meals. A common split, not a clinical rule. */
const MEAL_WEIGHT: Record<MealCode, number> = {
  main: 1,
  breakfast: 0.25,
  morning_snack: 0.1,
  lunch: 0.35,
  afternoon_snack: 0.1,
  dinner: 0.3,
  evening_snack: 0.08,
};

export function mealLayout(mealsPerDay: number): MealCode[] {
  return MEAL_LAYOUT[Math.min(6, Math.max(1, Math.round(mealsPerDay)))]!;
}

/** Whether a food may appear in a plan with these exclusions. */
export function allowed(
  food: CandidateFood,
  t: Pick<GeneratorTargets, 'excludeAllergens' | 'vegan' | 'vegetarian'>,
): boolean {
  if (t.vegan && !food.vegan) return false;
  if (t.vegetarian && !food.vegetarian && !food.vegan) return false;
  return !food.allergens.some((a) => t.excludeAllergens.includes(a));
}

/** mulberry32: a tiny seeded PRNG, enough to vary choices reproducibly (no cryptographic use). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Role = 'protein' | 'carbs' | 'fat' | 'light';

/** Share of a food's energy from each macro, by the Atwater general factors 4/4/9 kcal per g. */
function shares(p: Per100) {
  const e = Math.max(1, 4 * p.protein + 4 * p.carbs + 9 * p.fat);
  return { protein: (4 * p.protein) / e, carbs: (4 * p.carbs) / e, fat: (9 * p.fat) / e };
}

function roleScore(food: CandidateFood, role: Role): number {
  const s = shares(food.per100);
  if (role === 'light') return food.per100.kcal <= 90 ? 1 - food.per100.kcal / 90 : -1;
  return s[role];
}

/**
 * Portion bounds in grams: energy-dense foods (oils, nuts) get smaller caps; caps grow with a meal larger than
 * about 800 kcal (one meal a day at 3,000 kcal needs bigger portions, not a failed plan).
 */
function bounds(food: CandidateFood, role: Role, mealKcal: number): [number, number] {
  const density = food.per100.kcal;
  const scale = Math.max(1, mealKcal / 800);
  if (role === 'fat') return [3, (density > 600 ? 60 : 150) * scale];
  if (role === 'light') return [30, 400];
  return [15, (density > 300 ? 250 : 450) * scale];
}

interface Slot {
  meal: number;
  food: CandidateFood;
  lo: number;
  hi: number;
}

function rolesFor(code: MealCode): Role[] {
  if (code.endsWith('snack')) return ['protein', 'carbs', 'fat'];
  return ['protein', 'carbs', 'fat', 'light'];
}

/**
 * Solves min Σ_r w_r (c_r·g − t_r)² for g within [lo, hi] by cyclic coordinate descent: each step minimises
 * the quadratic exactly along one variable and clips it to its box.
 */
function solveBoxedLeastSquares(
  rows: { coef: number[]; target: number; weight: number }[],
  lo: number[],
  hi: number[],
  start: number[],
  sweeps = 300,
): number[] {
  const g = start.slice();
  const res = rows.map((r) => r.coef.reduce((s, c, j) => s + c * g[j]!, 0) - r.target);
  for (let it = 0; it < sweeps; it++) {
    let moved = 0;
    for (let j = 0; j < g.length; j++) {
      let a = 0;
      let b = 0;
      for (let r = 0; r < rows.length; r++) {
        const c = rows[r]!.coef[j]!;
        if (c === 0) continue;
        a += rows[r]!.weight * c * c;
        b += rows[r]!.weight * c * res[r]!;
      }
      if (a <= 0) continue;
      const next = Math.min(hi[j]!, Math.max(lo[j]!, g[j]! - b / a));
      const d = next - g[j]!;
      if (d !== 0) {
        for (let r = 0; r < rows.length; r++) res[r]! += rows[r]!.coef[j]! * d;
        g[j] = next;
        moved = Math.max(moved, Math.abs(d));
      }
    }
    if (moved < 1e-4) break;
  }
  return g;
}

export function totalsOf(items: readonly GeneratedItemDraft[]): Per100 {
  const t = { kcal: 0, protein: 0, carbs: 0, fat: 0 };
  for (const { food, grams } of items) {
    t.kcal += (food.per100.kcal * grams) / 100;
    t.protein += (food.per100.protein * grams) / 100;
    t.carbs += (food.per100.carbs * grams) / 100;
    t.fat += (food.per100.fat * grams) / 100;
  }
  return t;
}

/** The largest relative miss of a day's totals against the targets (0.05 = 5%). */
export function worstMiss(t: Per100, target: Per100): number {
  const rel = (x: number, y: number) => (y > 0 ? Math.abs(x - y) / y : x > 0 ? 1 : 0);
  return Math.max(
    rel(t.kcal, target.kcal),
    rel(t.protein, target.protein),
    rel(t.carbs, target.carbs),
    rel(t.fat, target.fat),
  );
}

function pick(
  pool: CandidateFood[],
  role: Role,
  rand: () => number,
  usedToday: Set<number>,
  preferred: (f: CandidateFood) => boolean,
): CandidateFood | undefined {
  const ranked = pool
    .map((f) => ({ f, s: roleScore(f, role) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.f.id - b.f.id);
  if (!ranked.length) return undefined;
  // The best few for the role; a preferred food among them comes first, then a seeded choice avoiding repeats.
  const top = ranked.slice(0, Math.max(3, Math.ceil(ranked.length / 4))).map((x) => x.f);
  const fav = top.find((f) => preferred(f) && !usedToday.has(f.id));
  if (fav) return fav;
  const fresh = top.filter((f) => !usedToday.has(f.id));
  const from = fresh.length ? fresh : top;
  return from[Math.floor(rand() * from.length)];
}

function buildDay(
  pool: CandidateFood[],
  t: GeneratorTargets,
  layout: MealCode[],
  rand: () => number,
): { meals: GeneratedMealDraft[]; totals: Per100; miss: number } {
  const prefs = t.preferences.map((p) => p.toLowerCase());
  const preferred = (f: CandidateFood) =>
    prefs.some((p) => f.name.toLowerCase().includes(p) || !!f.altName?.toLowerCase().includes(p));
  const used = new Set<number>();
  const slots: Slot[] = [];
  const weights = layout.map((c) => MEAL_WEIGHT[c]);
  const wsum = weights.reduce((a, b) => a + b, 0);
  layout.forEach((code, meal) => {
    const mealKcal = (t.kcal * weights[meal]!) / wsum;
    const inMeal = new Set<number>();
    for (const role of rolesFor(code)) {
      const f = pick(
        pool.filter((x) => !inMeal.has(x.id)),
        role,
        rand,
        used,
        preferred,
      );
      if (!f) continue;
      inMeal.add(f.id);
      used.add(f.id);
      const [lo, hi] = bounds(f, role, mealKcal);
      slots.push({ meal, food: f, lo, hi });
    }
  });
  const macro = (k: keyof Per100, target: number) => ({
    coef: slots.map((s) => s.food.per100[k] / 100),
    target,
    weight: 1 / Math.max(1, target) ** 2,
  });
  const rows = [
    macro('kcal', t.kcal),
    macro('protein', t.protein),
    macro('carbs', t.carbs),
    macro('fat', t.fat),
    // Meal balance: a tenth of the weight of a day row, so it steers without costing the day's accuracy.
    ...layout.map((_, m) => {
      const target = (t.kcal * weights[m]!) / wsum;
      return {
        coef: slots.map((s) => (s.meal === m ? s.food.per100.kcal / 100 : 0)),
        target,
        weight: 0.1 / Math.max(1, target) ** 2,
      };
    }),
  ];
  const start = slots.map((s) => Math.min(s.hi, Math.max(s.lo, 100)));
  const g = solveBoxedLeastSquares(
    rows,
    slots.map((s) => s.lo),
    slots.map((s) => s.hi),
    start,
  );
  const meals: GeneratedMealDraft[] = layout.map((code) => ({ code, items: [] }));
  slots.forEach((s, j) => meals[s.meal]!.items.push({ food: s.food, grams: Math.round(g[j]!) }));
  const totals = totalsOf(meals.flatMap((m) => m.items));
  return { meals, totals, miss: worstMiss(totals, t) };
}

/**
 * Builds a plan of `t.days` days from `foods`, never using an excluded allergen or, for vegan and vegetarian
 * targets, a food that is not. Each day tries a few seeded food choices and keeps the first within tolerance
 * (else the closest), so a catalogue that cannot meet a target still yields its best plan, flagged.
 */
/**
 * How far a drafted portion may be scaled to bring a day within tolerance: a third to three times the drafted
 * grams keeps the draft's foods and their proportions recognisable (a 150 g portion stays between 50 and 450 g)
 * while leaving room to fix a day that misses by a realistic margin.
 */
export const PORTION_SCALE: readonly [number, number] = [1 / 3, 3];
/**
 * Weight of keeping a portion as drafted, against 1 for each target row: a portion doubled costs as much as a
 * day 3% off one target, so the fit moves portions freely to meet the targets but no further.
 */
const DRAFT_PULL = 1e-3;
/** The drafts' own portion limits (`AiPlanDraft`): grams stay within them after scaling. */
const DRAFT_GRAMS: readonly [number, number] = [1, 1000];

/**
 * Rescales the portions of one drafted day (foods fixed) so that its energy and macros come as close as the
 * portion bounds allow to the targets: the same bounded least squares as the generator, rows scaled by their
 * targets, each portion boxed to `PORTION_SCALE` of its drafted grams. Returns whole grams and the day's worst
 * relative miss after rounding (the caller decides whether that is within tolerance).
 */
export function fitPortions(
  items: readonly GeneratedItemDraft[],
  target: Per100,
): { items: GeneratedItemDraft[]; miss: number } {
  if (!items.length) return { items: [], miss: worstMiss(totalsOf([]), target) };
  const lo = items.map((i) => Math.max(DRAFT_GRAMS[0], i.grams * PORTION_SCALE[0]));
  const hi = items.map((i, j) => Math.min(DRAFT_GRAMS[1], Math.max(lo[j]!, i.grams * PORTION_SCALE[1])));
  const row = (k: keyof Per100) => ({
    coef: items.map((i) => i.food.per100[k] / 100),
    target: target[k],
    weight: 1 / Math.max(1, target[k]) ** 2,
  });
  // A light pull of each portion towards its drafted grams (relative, so a 10 g and a 300 g portion weigh
  // alike): among the many fits that meet the targets, the one that changes the draft least.
  const keep = items.map((it, j) => ({
    coef: items.map((_, k) => (k === j ? 1 / it.grams : 0)),
    target: 1,
    weight: DRAFT_PULL,
  }));
  const g = solveBoxedLeastSquares(
    [row('kcal'), row('protein'), row('carbs'), row('fat'), ...keep],
    lo,
    hi,
    items.map((i, j) => Math.min(hi[j]!, Math.max(lo[j]!, i.grams))),
  );
  const fitted = items.map((i, j) => ({
    food: i.food,
    grams: Math.min(DRAFT_GRAMS[1], Math.max(DRAFT_GRAMS[0], Math.round(g[j]!))),
  }));
  return { items: fitted, miss: worstMiss(totalsOf(fitted), target) };
}

export function generatePlan(foods: readonly CandidateFood[], t: GeneratorTargets): GeneratedPlanDraft {
  const pool = foods.filter((f) => allowed(f, t) && f.per100.kcal > 0);
  const layout = mealLayout(t.mealsPerDay);
  const days: GeneratedDayDraft[] = [];
  let within = true;
  for (let d = 1; d <= t.days; d++) {
    const rand = prng(t.seed * 7919 + d);
    let best: ReturnType<typeof buildDay> | undefined;
    for (let attempt = 0; attempt < 12; attempt++) {
      const day = buildDay(pool, t, layout, rand);
      if (!best || day.miss < best.miss) best = day;
      if (best.miss <= TOLERANCE * 0.9) break;
    }
    if (!best || best.miss > TOLERANCE) within = false;
    days.push({ day: d, meals: best?.meals ?? [], totals: best?.totals ?? totalsOf([]) });
  }
  return { days, withinTolerance: within };
}

/**
 * Default daily macro grams for a goal, as shares of energy inside the Acceptable Macronutrient Distribution
 * Ranges of the Institute of Medicine's "Dietary Reference Intakes for Energy, Carbohydrate, Fiber, Fat, Fatty
 * Acids, Cholesterol, Protein, and Amino Acids" (2005): protein 10–35%, fat 20–35%, carbohydrate 45–65% (weight
 * loss and muscle gain lean to the protein end, where the ranges allow, with carbohydrate just under 45% for
 * weight loss as high-protein diets do). Grams by Atwater's 4/4/9 kcal per g.
 */
export const GOAL_SPLIT: Record<string, { protein: number; carbs: number; fat: number }> = {
  weight_loss: { protein: 0.3, carbs: 0.4, fat: 0.3 },
  muscle_gain: { protein: 0.25, carbs: 0.5, fat: 0.25 },
  maintenance: { protein: 0.2, carbs: 0.5, fat: 0.3 },
  performance: { protein: 0.2, carbs: 0.55, fat: 0.25 },
  health: { protein: 0.2, carbs: 0.5, fat: 0.3 },
};

export function macroTargets(goal: string, kcal: number): { protein: number; carbs: number; fat: number } {
  const s = GOAL_SPLIT[goal] ?? GOAL_SPLIT.maintenance!;
  return {
    protein: Math.round((kcal * s.protein) / 4),
    carbs: Math.round((kcal * s.carbs) / 4),
    fat: Math.round((kcal * s.fat) / 9),
  };
}
