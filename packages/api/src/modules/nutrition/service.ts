import type {
  Analytics,
  Completion,
  Consent,
  DayProgress,
  DiaryBody,
  DiaryEntry,
  Following,
  PlanBody,
  PlanDay,
  PlanDetail,
  PlanListQuery,
  PlanPatchBody,
  PlanSummary,
  PlanToday,
  Screening,
  ScreeningBody,
  ScreeningStatus,
  TodayProgress,
  WeeklyProgress,
} from '@pulso/contracts/nutrition';
import { LRUCache } from 'lru-cache';
import type { GymActor } from '../../platform/auth/access.js';
import type { Audit, AuditEntry } from '../../platform/audit/repo.js';
import type { Cache } from '../../platform/cache/index.js';
import { createJsonPageCache, type JsonPage } from '../../platform/cache/json-pages.js';
import { addDays, dayBoundsIn, dayNumber, dayString, todayIn } from '../../platform/dates.js';
import type { Db, Executor } from '../../platform/db/index.js';
import { groupWrite, rowAtFault } from '../../platform/group-write.js';
import { AppError, invalid, notFound } from '../../platform/errors.js';
import type { Lang } from '../../platform/i18n.js';
import { memoOn } from '../../platform/memo.js';
import { platformMessages as pm } from '../../platform/messages.js';
import type { Notify } from '../../platform/notify.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import {
  adherence,
  dayFor,
  durationOf,
  liveStatus,
  resolveTargets,
  rounded,
  scale,
  sum,
  ZERO,
  type Nutrients,
} from './domain/plan.js';
import { isRestrictive, scoreScreening, SCREENING_VALID_HOURS, type Warning } from './domain/screening.js';
import { nutritionMessages as M } from './messages.js';
import type { NutritionMetrics } from './metrics.js';
import { refuse } from './reasons.js';
import type {
  CompletionRow,
  CompletionWrite,
  CompletionWriteResult,
  FollowOpenInput,
  FollowOpenResult,
  NutritionRepo,
  PlanRow,
  TreeDay,
} from './repo.js';

/** Per-100 g values of a food or recipe, with its name in the catalogue. */
export type FoodInfo = Nutrients & { name: string | null; name_es?: string | null };

/**
 * The catalogue as the nutrition module needs it (the foods module provides it): per-100 g nutrients of foods
 * and recipes of a gym, in one call for any number of ids. Unknown ids are absent from the maps.
 */
export interface FoodsLookup {
  nutrientsOf(
    gymId: number,
    refs: { foods: number[]; recipes: number[] },
  ): Promise<{ foods: Map<number, FoodInfo>; recipes: Map<number, FoodInfo> }>;
}

/** What the AI part reports for the analytics of a gym (zeros when no AI part is installed). */
export interface AiUsage {
  generationsToday: number;
  generationsMonth: number;
  costTodayUsd: number;
  costMonthUsd: number;
}
/** Day and month are the gym's, in its time zone (the AI part reads the zone). */
export type AiUsageSource = (gymId: number) => Promise<AiUsage>;

export interface NutritionDeps {
  db: Db;
  repo: NutritionRepo;
  cache: Cache;
  audit: Audit;
  clock: () => number;
  notify: () => Notify;
  foods: FoodsLookup | null;
  /** The body module: latest weight, and the day's energy budget. */
  body: {
    latestWeight(userId: number, on?: string): Promise<{ kg: number; date: string } | null>;
    energy(
      userId: number,
      q: { date?: string; activity: 'sedentary' },
      lang: Lang,
    ): Promise<{ budget_kcal: number; resting: { kcal: number }; workouts_kcal: number }>;
  };
  /** The athlete profile's height (running module). */
  heightOf(userId: number): Promise<number | null>;
  metrics: NutritionMetrics;
  /** Whether the person is a member of the gym (any role). */
  isMember(gymId: number, userId: number): Promise<boolean>;
}

/** Audit actions of the safety trail (issue 13). Rows carry a reason code, never a medical detail. */
export const SAFETY_ACTIONS = {
  safety_evaluation: 'nutrition.safety_evaluation',
  plan_follow: 'nutrition.plan_follow',
  ai_generation: 'nutrition.ai_generation',
} as const;

export interface SafetyAuditEntry {
  gymId: number;
  userId: number;
  action: keyof typeof SAFETY_ACTIONS;
  allowed: boolean;
  /** A code: `low_risk`, `screening_required`, `guardian_consent_required`, … */
  reason: string;
  screeningId?: number | null;
  targetId?: number | null;
  aiModel?: string | null;
  aiCostUsd?: number | null;
  ip?: string | null;
  userAgent?: string | null;
}

export const PLAN_TTL_S = 300;
export const RATE = {
  plan: { max: 10, windowS: 3600 },
  screening: { max: 3, windowS: 86_400 },
} as const;
export const RANGE_MAX_DAYS = 366;
const WEEK = 7;

const iso = (d: Date) => d.toISOString();

function treeOf(days: NonNullable<PlanBody['days']>): TreeDay[] {
  return days.map((d) => ({
    dayNumber: d.day_number ?? null,
    weekday: d.weekday ?? null,
    kind: d.kind ?? null,
    meals: d.meals.map((m) => ({
      name: m.name,
      mealType: m.meal_type,
      time: m.time ?? null,
      items: m.items.map((i) => ({
        foodId: i.food_id ?? null,
        recipeId: i.recipe_id ?? null,
        grams: i.grams,
        note: i.note ?? null,
      })),
    })),
  }));
}

function checkDays(days: NonNullable<PlanBody['days']>) {
  const byNumber = days.filter((d) => d.day_number !== undefined).length;
  if (byNumber && byNumber !== days.length) throw invalid('days', M.msg('days.mixed'));
  const seen = new Set<string>();
  days.forEach((d, i) => {
    const key = d.day_number !== undefined ? `n${d.day_number}` : `w${d.weekday}:${d.kind ?? ''}`;
    if (seen.has(key))
      throw invalid(
        `days.${i}.${d.day_number !== undefined ? 'day_number' : 'weekday'}`,
        M.msg('days.repeated', { day: d.day_number ?? d.weekday ?? 0 }),
      );
    seen.add(key);
  });
}

/** Nutrition: plans, the safety screening and its gate, following, meals, diary, progress and analytics. */
export function createNutritionService(d: NutritionDeps) {
  /**
   * "Today" is the gym's calendar day, in its time zone (issue 13): a Madrid member who logs dinner at 00:30
   * logs it on the new day, not on yesterday's UTC date. The zone is cached like the pages (a change of zone
   * retires it, see `zoneChanged`).
   */
  const zoneKey = (gymId: number) => `nutrition:tz:${gymId}`;
  /** The zone this process last read for each gym: only a guess (see `readOnToday`), never an answer. */
  const lastZone = new Map<number, string>();
  async function zoneOf(gymId: number): Promise<string> {
    let tz = await d.cache.get<string>(zoneKey(gymId));
    if (!tz) {
      tz = await d.repo.zoneOf(gymId);
      await d.cache.set(zoneKey(gymId), tz, PLAN_TTL_S);
    }
    if (lastZone.get(gymId) !== tz) lastZone.set(gymId, tz);
    return tz;
  }
  const today = async (gymId: number) => todayIn(d.clock(), await zoneOf(gymId));

  /**
   * A read that depends on the gym's today, made together with the look-up of the zone instead of after it: on
   * the date of the zone this process last saw, while the zone is read from the cache, so that both cache
   * look-ups resume in the same event-loop turn (one hop per cached read instead of two). When the zone read
   * differs from the guess (it changed: `zoneChanged`), the first result is dropped and the read is made again
   * on the right date. Only for reads: a write made on a guessed date could not be taken back.
   */
  async function readOnToday<T>(gymId: number, read: (date: string) => Promise<T>): Promise<T> {
    const guess = lastZone.get(gymId);
    if (guess !== undefined) {
      const [tz, result] = await Promise.all([zoneOf(gymId), read(todayIn(d.clock(), guess))]);
      if (tz === guess) return result;
    }
    return read(await today(gymId));
  }
  const detailCache = createJsonPageCache(d.cache, { prefix: 'nutrition:plan', ttlSeconds: PLAN_TTL_S });
  const listCache = createJsonPageCache(d.cache, { prefix: 'nutrition:plans', ttlSeconds: PLAN_TTL_S });
  const followingCache = createJsonPageCache(d.cache, {
    prefix: 'nutrition:following',
    ttlSeconds: PLAN_TTL_S,
  });
  /**
   * A member's week (GET /progress/weekly) as the bytes of the route's serializer, per gym and member. Everything
   * it is made of retires it before its writer answers: the member's completions, diary entries, follows and
   * unfollows, and any change of a plan they follow (edit, archive, a catalogue change of its foods). The gym's
   * date is the variant, so the gym's midnight starts a new entry and the old one expires with its TTL.
   */
  const weekCache = createJsonPageCache(d.cache, { prefix: 'nutrition:week', ttlSeconds: PLAN_TTL_S });
  const weekKey = (gymId: number, userId: number) => weekCache.generationKey(`${gymId}:${userId}`);
  let aiUsage: AiUsageSource | null = null;
  const parsed = new WeakMap<JsonPage, PlanDetail>();

  async function rateLimit(kind: keyof typeof RATE, userId: number) {
    const { max, windowS } = RATE[kind];
    const r = await d.cache.incr(`nutrition:rl:${kind}:${userId}`, windowS);
    if (r.count > max)
      throw new AppError('rate_limited', pm.msg('rate.detail', { max, seconds: windowS }), {
        retryAfter: Math.max(1, r.ttl),
      });
  }

  /**
   * Follows of plans that are not restrictive, and completions, are written in groups (platform/group-write.ts):
   * those that arrive while a write is under way share the next statement and its commit, where each had its
   * own (under load the sessions waited mostly on the WAL's flush, one per request). Each request still waits
   * for its own row and gets its own answer (and failure); an idle server writes each at once. A failed group is
   * written again row by row only when the database refused a row's values (`rowAtFault`): after a lost
   * connection the group may have committed, and written again its follows would answer 409 and its new
   * completions 200, though nothing would be stored twice.
   */
  const followOpen = groupWrite<FollowOpenInput, FollowOpenResult>((list) => d.repo.followOpen(list), {
    retryAlone: rowAtFault,
  });
  const complete = groupWrite<CompletionWrite, CompletionWriteResult>((list) => d.repo.complete(list), {
    retryAlone: rowAtFault,
  });

  async function safetyAudit(e: SafetyAuditEntry, tx?: Executor) {
    await d.audit(safetyAuditEntry(e), tx);
  }

  function safetyAuditEntry(e: SafetyAuditEntry): AuditEntry {
    return {
      gymId: e.gymId,
      userId: e.userId,
      action: SAFETY_ACTIONS[e.action],
      targetType: e.action === 'plan_follow' ? 'nutrition_plan' : 'nutrition_screening',
      targetId: e.targetId ?? e.screeningId ?? null,
      ip: e.ip ?? null,
      metadata: {
        allowed: e.allowed,
        reason: e.reason,
        ...(e.screeningId ? { screening_id: e.screeningId } : {}),
        ...(e.aiModel ? { ai_model: e.aiModel } : {}),
        ...(e.aiCostUsd != null ? { ai_cost_usd: e.aiCostUsd } : {}),
        ...(e.userAgent ? { user_agent: e.userAgent.slice(0, 200) } : {}),
      },
    };
  }

  // ---------- plan trees
  async function lookup(gymId: number, items: { foodId: number | null; recipeId: number | null }[]) {
    const foods = [...new Set(items.flatMap((i) => (i.foodId ? [i.foodId] : [])))];
    const recipes = [...new Set(items.flatMap((i) => (i.recipeId ? [i.recipeId] : [])))];
    if (!d.foods || (!foods.length && !recipes.length))
      return { foods: new Map<number, FoodInfo>(), recipes: new Map<number, FoodInfo>() };
    return d.foods.nutrientsOf(gymId, { foods, recipes });
  }

  /** With a catalogue, every item must name a food or recipe of the gym: 422 naming the item otherwise. */
  async function checkFoods(gymId: number, days: TreeDay[]) {
    if (!d.foods) return;
    const items = days.flatMap((day, i) =>
      day.meals.flatMap((m, j) =>
        m.items.map((it, k) => ({ ...it, path: `days.${i}.meals.${j}.items.${k}` })),
      ),
    );
    const found = await lookup(gymId, items);
    for (const it of items) {
      if (it.foodId && !found.foods.has(it.foodId))
        throw invalid(`${it.path}.food_id`, M.msg('food.unknown', { id: it.foodId }));
      if (it.recipeId && !found.recipes.has(it.recipeId))
        throw invalid(`${it.path}.recipe_id`, M.msg('food.unknown', { id: it.recipeId }));
    }
  }

  /** `date`: the gym's today, for the live status. */
  function summary(p: PlanRow, followers: number, duration: number, date: string): PlanSummary {
    return {
      id: p.id,
      gym_id: p.gymId,
      name: p.name,
      description: p.description,
      goal: p.goal as PlanSummary['goal'],
      type: p.type as PlanSummary['type'],
      target_calories: p.targetCalories,
      protein_g: p.proteinG,
      carbs_g: p.carbsG,
      fat_g: p.fatG,
      protein_g_per_kg: p.proteinGPerKg,
      carbs_g_per_kg: p.carbsGPerKg,
      fat_g_per_kg: p.fatGPerKg,
      restrictive: isRestrictive(p),
      start_date: p.startDate,
      duration_days: duration,
      live_status: p.type === 'live' && p.startDate ? liveStatus(p.startDate, duration, date) : null,
      followers,
      archived: p.archivedAt !== null,
      author_id: p.authorId,
      created_at: iso(p.createdAt),
      updated_at: iso(p.updatedAt),
    };
  }

  /** The nested detail with totals per item, meal, day and plan: 4 queries for the tree and 1 catalogue call. */
  async function buildDetail(gymId: number, id: number, date: string): Promise<PlanDetail> {
    const [head, tree] = await Promise.all([d.repo.plan(gymId, id), d.repo.tree([id])]);
    if (!head) throw notFound(M.msg('plan_not_found'));
    const info = await lookup(gymId, tree.items);
    const itemsOf = new Map<number, PlanDetail['days'][number]['meals'][number]['items']>();
    for (const it of tree.items) {
      const per100 = it.foodId
        ? info.foods.get(it.foodId)
        : it.recipeId
          ? info.recipes.get(it.recipeId)
          : undefined;
      const list = itemsOf.get(it.mealId) ?? [];
      list.push({
        id: it.id,
        food_id: it.foodId,
        recipe_id: it.recipeId,
        name: per100?.name ?? null,
        name_es: per100?.name_es ?? per100?.name ?? null,
        grams: it.grams,
        note: it.note,
        totals: per100 ? scale(per100, it.grams) : { ...ZERO },
      });
      itemsOf.set(it.mealId, list);
    }
    const mealsOf = new Map<number, PlanDay['meals']>();
    for (const m of tree.meals) {
      const items = itemsOf.get(m.id) ?? [];
      const list = mealsOf.get(m.dayId) ?? [];
      list.push({
        id: m.id,
        name: m.name,
        meal_type: m.mealType,
        time: m.time,
        items,
        totals: sum(items.map((i) => i.totals)),
      });
      mealsOf.set(m.dayId, list);
    }
    const days: PlanDay[] = tree.days.map((day) => {
      const meals = mealsOf.get(day.id) ?? [];
      return {
        id: day.id,
        day_number: day.dayNumber,
        weekday: day.weekday,
        kind: day.kind,
        meals,
        totals: sum(meals.map((m) => m.totals)),
      };
    });
    const planTotals = sum(days.map((x) => x.totals));
    // Round only for output, after every sum.
    for (const day of days) {
      for (const m of day.meals) {
        for (const i of m.items) i.totals = rounded(i.totals);
        m.totals = rounded(m.totals);
      }
      day.totals = rounded(day.totals);
    }
    return {
      ...summary(head.plan, head.followers, durationOf(tree.days), date),
      days,
      totals: rounded(planTotals),
    };
  }

  const detailScope = (gymId: number, id: number) => `${gymId}:${id}`;

  /**
   * The cached detail (serialised once); the very next read after a change is rebuilt (write generations). The
   * gym's date is part of the variant: a live plan's status changes at the gym's midnight, not at the TTL.
   */
  const detailPage = (gymId: number, id: number, gymToday?: string) => {
    const onDate = (date: string) =>
      detailCache.get(detailScope(gymId, id), `d:${date}`, async () => ({
        json: JSON.stringify(await buildDetail(gymId, id, date)),
        total: 1,
      }));
    return gymToday ? onDate(gymToday) : readOnToday(gymId, onDate);
  };

  /** `gymToday`: the gym's date when the caller has it already. */
  async function detail(gymId: number, id: number, gymToday?: string): Promise<PlanDetail> {
    const page = await detailPage(gymId, id, gymToday);
    let v = parsed.get(page);
    if (!v) {
      v = JSON.parse(page.json) as PlanDetail;
      parsed.set(page, v);
    }
    return v;
  }

  /**
   * After a commit that changed a plan (or its followers): its detail, the gym's lists, and the followers' lists
   * and weeks (a week is made of the followed plans' days and meals).
   */
  async function invalidatePlan(gymId: number, planId: number, followerIds: number[] = []) {
    // One DEL and one announcement for all of them (a follow retires four scopes).
    await d.cache.del(
      detailCache.generationKey(detailScope(gymId, planId)),
      listCache.generationKey(gymId),
      ...followerIds.flatMap((u) => [followingCache.generationKey(`${gymId}:${u}`), weekKey(gymId, u)]),
    );
  }

  function planValues(b: PlanBody | PlanPatchBody) {
    const v: Partial<PlanRow> = {};
    if (b.name !== undefined) v.name = b.name;
    if (b.description !== undefined) v.description = b.description ?? null;
    if (b.goal !== undefined) v.goal = b.goal;
    if (b.target_calories !== undefined) v.targetCalories = b.target_calories;
    if (b.protein_g !== undefined) v.proteinG = b.protein_g ?? null;
    if (b.carbs_g !== undefined) v.carbsG = b.carbs_g ?? null;
    if (b.fat_g !== undefined) v.fatG = b.fat_g ?? null;
    if (b.protein_g_per_kg !== undefined) v.proteinGPerKg = b.protein_g_per_kg ?? null;
    if (b.carbs_g_per_kg !== undefined) v.carbsGPerKg = b.carbs_g_per_kg ?? null;
    if (b.fat_g_per_kg !== undefined) v.fatGPerKg = b.fat_g_per_kg ?? null;
    if (b.start_date !== undefined) v.startDate = b.start_date ?? null;
    return v;
  }

  // ---------- screening gate
  async function validScreening(gymId: number, userId: number, tx?: Executor) {
    const s = await d.repo.latestScreening(gymId, userId, tx);
    return s && s.expiresAt.getTime() > d.clock() ? s : undefined;
  }

  /** Throws screening_required / screening_blocked unless the person holds a valid screening that can proceed. */
  async function requireScreeningToStart(gymId: number, userId: number, tx?: Executor) {
    const s = await validScreening(gymId, userId, tx);
    if (!s) throw refuse('screening_required');
    if (!s.canProceed) throw refuse('screening_blocked', { level: s.riskLevel });
    return s;
  }

  const reasonCode = (e: unknown) =>
    e instanceof AppError && e.extra.reason ? e.extra.reason.id : e instanceof AppError ? e.code : 'error';

  // ---------- progress
  interface FollowedPlan {
    planId: number;
    start: string;
    live: boolean;
    detail: PlanDetail;
    followedOn: string;
  }

  type FollowRead = { planId: number; type: string; startDate: string | null; startedOn: string };
  type NutrientRow = {
    date: string;
    kcal: number;
    proteinG: number;
    carbsG: number;
    fatG: number;
    fiberG: number;
  };

  /** Today's reads: the diary's whole entries, which it lists. */
  async function readFull(gymId: number, userId: number, from: string, to: string) {
    const [follows, completions, diary] = await Promise.all([
      d.repo.followedPlans(gymId, userId),
      d.repo.completions(gymId, userId, from, to),
      d.repo.diary(gymId, userId, from, to),
    ]);
    return { follows, completions, diary };
  }

  async function followedPlans(gymId: number, rows: FollowRead[], gymToday: string): Promise<FollowedPlan[]> {
    const plans = await Promise.all(rows.map((r) => detail(gymId, r.planId, gymToday)));
    return rows.map((r, i) => ({
      planId: r.planId,
      live: r.type === 'live',
      start: r.type === 'live' && r.startDate ? r.startDate : r.startedOn,
      followedOn: r.startedOn,
      detail: plans[i]!,
    }));
  }

  /**
   * A plan's days keyed as `dayFor` reads them, made once per cached detail (the detail object is immutable and
   * replaced on a change), not once per plan and date of every progress request.
   */
  const dayKeysOf = memoOn<PlanDetail, { dayNumber: number | null; weekday: number | null; day: PlanDay }[]>(
    1,
  );
  const keyedDays = (p: PlanDetail) =>
    dayKeysOf(p, 'days', () =>
      p.days.map((day) => ({ dayNumber: day.day_number, weekday: day.weekday, day })),
    );

  /** Each meal's totals by id, made once per cached detail (a completion stores its meal's). */
  /** The gym and plan of meals seen by completions: fixed for a meal's life (a plan's edit makes new meals). */
  const mealPlans = new LRUCache<number, { gymId: number; planId: number }>({ max: 50_000 });
  const mealTotalsOf = memoOn<PlanDetail, Map<number, Nutrients>>(1);
  const mealTotals = (p: PlanDetail) =>
    mealTotalsOf(p, 'meals', () => new Map(p.days.flatMap((x) => x.meals.map((m) => [m.id, m.totals]))));

  function plannedOn(plans: FollowedPlan[], date: string) {
    const out: { plan: FollowedPlan; day: PlanDay }[] = [];
    for (const p of plans) {
      if (date < p.followedOn && !p.live) continue;
      const day = dayFor(keyedDays(p.detail), p.start, date, p.live)?.day;
      if (day) out.push({ plan: p, day });
    }
    return out;
  }

  /** `read`: the follows, completions and diary of the range (`readFull`, or the repo's `progressBetween`). */
  async function daysBetween<D extends NutrientRow>(
    gymId: number,
    from: string,
    to: string,
    gymToday: string,
    read: Promise<{ follows: FollowRead[]; completions: (NutrientRow & { mealId: number })[]; diary: D[] }>,
  ) {
    const { follows, completions, diary } = await read;
    const plans = await followedPlans(gymId, follows, gymToday);
    const done = new Map<string, typeof completions>();
    for (const c of completions) {
      const list = done.get(c.date);
      if (list) list.push(c);
      else done.set(c.date, [c]);
    }
    const ate = new Map<string, typeof diary>();
    for (const x of diary) {
      const list = ate.get(x.date);
      if (list) list.push(x);
      else ate.set(x.date, [x]);
    }
    const days: (DayProgress & { planned_meals: { planId: number; meal: PlanDay['meals'][number] }[] })[] =
      [];
    const first = dayNumber(from);
    const last = dayNumber(to);
    for (let n = first; n <= last; n++) {
      const date = dayString(n);
      const planned = plannedOn(plans, date);
      const meals = planned.flatMap((p) => p.day.meals.map((meal) => ({ planId: p.plan.planId, meal })));
      const comps = done.get(date) ?? [];
      const entries = ate.get(date) ?? [];
      const eaten = sum([
        ...comps.map((c) => ({
          kcal: c.kcal,
          protein_g: c.proteinG,
          carbs_g: c.carbsG,
          fat_g: c.fatG,
          fiber_g: c.fiberG,
        })),
        ...entries.map((e) => ({
          kcal: e.kcal,
          protein_g: e.proteinG,
          carbs_g: e.carbsG,
          fat_g: e.fatG,
          fiber_g: e.fiberG,
        })),
      ]);
      const mealIds = new Set(meals.map((m) => m.meal.id));
      const completed = comps.filter((c) => mealIds.has(c.mealId)).length;
      days.push({
        date,
        planned: rounded(sum(meals.map((m) => m.meal.totals))),
        eaten: rounded(eaten),
        meals_planned: meals.length,
        meals_completed: completed,
        adherence: adherence(meals.length, completed),
        planned_meals: meals,
      });
    }
    return { days, plans, completions, diary };
  }

  const publicDay = ({ planned_meals: _, ...day }: DayProgress & { planned_meals?: unknown }): DayProgress =>
    day;

  /** The 7 days ending on `to` (the gym's today). */
  async function weekOf(gymId: number, userId: number, to: string): Promise<WeeklyProgress> {
    const from = addDays(to, -(WEEK - 1));
    const { days } = await daysBetween(gymId, from, to, to, d.repo.progressBetween(gymId, userId, from, to));
    return summarise(days, from, to);
  }

  function summarise(days: DayProgress[], from: string, to: string): WeeklyProgress {
    const planned = days.reduce((s, x) => s + x.meals_planned, 0);
    const completed = days.reduce((s, x) => s + x.meals_completed, 0);
    const n = Math.max(1, days.length);
    return {
      from,
      to,
      days: days.map(publicDay),
      adherence: adherence(planned, completed),
      average_eaten_kcal: Math.round(days.reduce((s, x) => s + x.eaten.kcal, 0) / n),
      average_planned_kcal: Math.round(days.reduce((s, x) => s + x.planned.kcal, 0) / n),
    };
  }

  function diaryDto(e: Awaited<ReturnType<NutritionRepo['diary']>>[number]): DiaryEntry {
    return {
      id: e.id,
      date: e.date,
      meal_type: e.mealType,
      food_id: e.foodId,
      recipe_id: e.recipeId,
      name: e.name,
      grams: e.grams,
      totals: rounded({
        kcal: e.kcal,
        protein_g: e.proteinG,
        carbs_g: e.carbsG,
        fat_g: e.fatG,
        fiber_g: e.fiberG,
      }),
      created_at: iso(e.createdAt),
    };
  }

  function checkRange(from: string, to: string, today: string) {
    if (to > today) throw invalid('query.to', M.msg('date_in_future', { today }));
    if (from > to) throw invalid('query.from', M.msg('from_after_to'));
    if (dayNumber(to) - dayNumber(from) + 1 > RANGE_MAX_DAYS)
      throw invalid('query.from', M.msg('range_too_long', { max: RANGE_MAX_DAYS }));
  }

  async function targetsFor(userId: number, p: PlanDetail | undefined, date: string) {
    if (!p) return null;
    const perKg = p.protein_g_per_kg !== null || p.carbs_g_per_kg !== null || p.fat_g_per_kg !== null;
    const w = perKg ? await d.body.latestWeight(userId, date) : null;
    return resolveTargets(
      {
        targetCalories: p.target_calories,
        proteinG: p.protein_g,
        carbsG: p.carbs_g,
        fatG: p.fat_g,
        proteinGPerKg: p.protein_g_per_kg,
        carbsGPerKg: p.carbs_g_per_kg,
        fatGPerKg: p.fat_g_per_kg,
      },
      w ? w.kg : null,
    );
  }

  const api = {
    rateLimit,
    safetyAudit,
    metrics: d.metrics,
    requireScreeningToStart: (gymId: number, userId: number) => requireScreeningToStart(gymId, userId),

    /**
     * What the latest screening says for a meal-photo analysis, whatever its age: logging food starts nothing,
     * so no screening is needed, but one that cannot proceed still blocks (letting it expire must not lift the
     * block; a new screening that can proceed does), and the allergies it declared stay declared.
     */
    async photoSafety(
      gymId: number,
      userId: number,
    ): Promise<{ screeningId: number | null; blockedLevel: string | null; allergies: string[] }> {
      const s = await d.repo.latestScreening(gymId, userId);
      if (!s) return { screeningId: null, blockedLevel: null, allergies: [] };
      const answers = s.answers as { allergies?: string[] };
      return {
        screeningId: s.id,
        blockedLevel: s.canProceed ? null : s.riskLevel,
        allergies: answers.allergies ?? [],
      };
    },

    /**
     * A catalogue changed (the foods module tells after its commit): the cached details of the plans that use
     * those foods or recipes are rebuilt on their next read, not after the TTL. Base foods are read-only; a
     * change is one gym's, or (`gymId` null) the shared foods of `pulso import-foods`, which any gym may use.
     */
    async catalogueChanged(gymId: number | null, change: { foodIds: number[]; recipeIds: number[] }) {
      const plans = await d.repo.plansUsing(gymId, change.foodIds, change.recipeIds);
      // Their followers' weeks sum those foods' nutrients too.
      const followers = await Promise.all(plans.map((p) => d.repo.followerIds(p.id)));
      const keys = plans.flatMap((p, i) => [
        detailCache.generationKey(detailScope(p.gymId, p.id)),
        ...followers[i]!.map((u) => weekKey(p.gymId, u)),
      ]);
      if (keys.length) await d.cache.del(...keys);
    },

    /** The gym moved to another time zone (after its commit): its "today" and its cached lists are retired. */
    async zoneChanged(gymId: number) {
      await Promise.all([d.cache.del(zoneKey(gymId)), listCache.invalidate(gymId)]);
    },

    /** The AI part registers its usage figures here at build time; analytics shows zeros without one. */
    setAiUsageSource(fn: AiUsageSource) {
      aiUsage = fn;
    },

    // ---------- plans
    async createPlan(gymId: number, authorId: number, b: PlanBody): Promise<PlanDetail> {
      if (b.type === 'live' && !b.start_date) throw invalid('start_date', M.msg('live.start_required'));
      checkDays(b.days);
      const tree = treeOf(b.days);
      await checkFoods(gymId, tree);
      const now = new Date(d.clock());
      const plan = await d.db.transaction(async (tx) => {
        const p = await d.repo.insertPlan(
          {
            ...planValues(b),
            gymId,
            authorId,
            name: b.name,
            goal: b.goal,
            type: b.type,
            targetCalories: b.target_calories,
            createdAt: now,
            updatedAt: now,
          },
          tx,
        );
        await d.repo.insertTree(p.id, tree, tx);
        return p;
      });
      await invalidatePlan(gymId, plan.id);
      return detail(gymId, plan.id);
    },

    listPage(gymId: number, q: PlanListQuery, serialize: (rows: PlanSummary[]) => string) {
      // The gym's date is in the variant: live statuses change at the gym's midnight.
      return readOnToday(gymId, (date) => {
        const variant = JSON.stringify([date, q.goal, q.type, q.q, q.archived, q.skip, q.limit]);
        return listCache.get(gymId, variant, async () => {
          const { rows, total } = await d.repo.listPlans(gymId, q, q);
          const keys = await d.repo.dayKeys(rows.map((r) => r.plan.id));
          const daysOf = new Map<number, { dayNumber: number | null; weekday: number | null }[]>();
          for (const k of keys) daysOf.set(k.planId, [...(daysOf.get(k.planId) ?? []), k]);
          const list = rows.map((r) =>
            summary(r.plan, r.followers, durationOf(daysOf.get(r.plan.id) ?? []), date),
          );
          return { json: serialize(list), total };
        });
      });
    },

    detailPage: (gymId: number, id: number) => detailPage(gymId, id),
    detail,

    async patchPlan(actor: GymActor, id: number, b: PlanPatchBody): Promise<PlanDetail> {
      if (b.days) checkDays(b.days);
      const tree = b.days ? treeOf(b.days) : null;
      if (tree) await checkFoods(actor.gymId, tree);
      const followerIds = await d.db.transaction(async (tx) => {
        const p = await d.repo.lockPlan(actor.gymId, id, tx);
        if (!p) throw notFound(M.msg('plan_not_found'));
        if (p.archivedAt) throw refuse('plan_archived', { plan_id: id });
        const startDate = b.start_date === undefined ? p.startDate : b.start_date;
        if (p.type === 'live' && !startDate) throw invalid('start_date', M.msg('live.start_required'));
        await d.repo.updatePlan(actor.gymId, id, planValues(b), tx);
        if (tree) {
          await d.repo.deleteTree(id, tx);
          await d.repo.insertTree(id, tree, tx);
        }
        const ids = await d.repo.followerIds(id, tx);
        // A live plan is followed together: its followers hear of a change at once (issue 13).
        if (p.type === 'live' && ids.length)
          await d.notify()(
            ids.map((userId) => ({
              gymId: actor.gymId,
              userId,
              kind: 'nutrition_plan_changed',
              data: { name: b.name ?? p.name, plan_id: id },
            })),
            tx,
          );
        return ids;
      });
      await invalidatePlan(actor.gymId, id, followerIds);
      return detail(actor.gymId, id);
    },

    /** Deletes a plan nobody followed; a plan with followers (or a history of them) is archived instead. */
    async removePlan(actor: GymActor, id: number): Promise<{ archived: boolean }> {
      const { archived, ids } = await d.db.transaction(async (tx) => {
        const p = await d.repo.lockPlan(actor.gymId, id, tx);
        if (!p) throw notFound(M.msg('plan_not_found'));
        const ids = await d.repo.followerIds(id, tx);
        if (await d.repo.planHasHistory(id, tx)) {
          await d.repo.updatePlan(actor.gymId, id, { archivedAt: p.archivedAt ?? new Date(d.clock()) }, tx);
          return { archived: true, ids };
        }
        await d.repo.deletePlan(actor.gymId, id, tx);
        return { archived: false, ids };
      });
      await d.audit({
        gymId: actor.gymId,
        userId: actor.userId,
        action: archived ? 'nutrition.plan_archived' : 'nutrition.plan_deleted',
        targetType: 'nutrition_plan',
        targetId: id,
        ip: actor.ip,
      });
      await invalidatePlan(actor.gymId, id, ids);
      return { archived };
    },

    async duplicate(actor: GymActor, id: number): Promise<PlanDetail> {
      const src = await buildDetail(actor.gymId, id, await today(actor.gymId));
      const body: PlanBody = {
        name: src.name,
        ...(src.description ? { description: src.description } : {}),
        goal: src.goal,
        type: src.type,
        target_calories: src.target_calories,
        protein_g: src.protein_g,
        carbs_g: src.carbs_g,
        fat_g: src.fat_g,
        protein_g_per_kg: src.protein_g_per_kg,
        carbs_g_per_kg: src.carbs_g_per_kg,
        fat_g_per_kg: src.fat_g_per_kg,
        ...(src.start_date ? { start_date: src.start_date } : {}),
        days: src.days.map((day) => ({
          ...(day.day_number !== null ? { day_number: day.day_number } : {}),
          ...(day.weekday !== null ? { weekday: day.weekday } : {}),
          ...(day.kind ? { kind: day.kind as 'training' | 'rest' } : {}),
          meals: day.meals.map((m) => ({
            name: m.name,
            meal_type: m.meal_type as 'other',
            ...(m.time ? { time: m.time } : {}),
            items: m.items.map((i) => ({
              ...(i.food_id ? { food_id: i.food_id } : { recipe_id: i.recipe_id! }),
              grams: i.grams,
              ...(i.note ? { note: i.note } : {}),
            })),
          })),
        })),
      };
      return api.createPlan(actor.gymId, actor.userId, body);
    },

    async planToday(gymId: number, userId: number, id: number): Promise<PlanToday> {
      const p = await detail(gymId, id);
      const follow = await d.repo.followOf(id, userId);
      const date = await today(gymId);
      const live = p.type === 'live';
      const start = live && p.start_date ? p.start_date : (follow?.startedOn ?? date);
      const day = dayFor(
        p.days.map((x) => ({ ...x, dayNumber: x.day_number, weekday: x.weekday })),
        start,
        date,
        live,
      );
      const { dayNumber: _n, ...plain } = (day ?? {}) as PlanDay & {
        dayNumber?: unknown;
        weekday: number | null;
      };
      return {
        plan_id: id,
        date,
        live_status: p.live_status,
        day: day ? plain : null,
        targets: (await targetsFor(userId, p, date))!,
      };
    },

    // ---------- screening
    async screen(actor: GymActor, b: ScreeningBody, lang: Lang, userAgent?: string): Promise<Screening> {
      await rateLimit('screening', actor.userId);
      const source: Screening['measurements_source'] = { weight: null, height: null };
      let weightKg = b.weight_kg ?? null;
      let heightCm = b.height_cm ?? null;
      if (weightKg !== null) source.weight = 'request';
      else {
        const w = await d.body.latestWeight(actor.userId, await today(actor.gymId));
        if (w) {
          weightKg = w.kg;
          source.weight = 'body_entries';
        }
      }
      if (heightCm !== null) source.height = 'request';
      else {
        heightCm = await d.heightOf(actor.userId);
        if (heightCm !== null) source.height = 'athlete_profile';
      }
      const r = scoreScreening({
        age: b.age,
        weightKg,
        heightCm,
        medicalConditions: b.medical_conditions,
        isPregnant: b.is_pregnant,
        isBreastfeeding: b.is_breastfeeding,
        takesMedications: b.takes_medications,
        hasEatingDisorderHistory: b.has_eating_disorder_history,
      });
      const now = d.clock();
      const row = await d.repo.insertScreening({
        gymId: actor.gymId,
        userId: actor.userId,
        answers: { ...b, weight_kg: weightKg, height_cm: heightCm, measurements_source: source },
        warnings: r.warnings,
        riskScore: r.riskScore,
        riskLevel: r.riskLevel,
        canProceed: r.canProceed,
        requiresProfessional: r.requiresProfessional,
        minor: b.age < 18,
        expiresAt: new Date(now + SCREENING_VALID_HOURS * 3_600_000),
        createdAt: new Date(now),
      });
      d.metrics.screenings.inc({ level: r.riskLevel });
      await safetyAudit({
        gymId: actor.gymId,
        userId: actor.userId,
        action: 'safety_evaluation',
        allowed: r.canProceed,
        // The level is the reason code: no condition, pregnancy or warning goes into the audit log.
        reason: `risk_${r.riskLevel.toLowerCase()}`,
        screeningId: row.id,
        ip: actor.ip,
        userAgent: userAgent ?? null,
      });
      return screeningDto(row, lang);
    },

    async currentScreening(gymId: number, userId: number, lang: Lang): Promise<Screening> {
      const s = await d.repo.latestScreening(gymId, userId);
      if (!s) throw notFound(M.msg('screening_not_found'));
      return screeningDto(s, lang);
    },

    /** What staff see: level, can_proceed, requires_professional, validity and consent; no answers. */
    async memberScreening(gymId: number, memberId: number): Promise<ScreeningStatus> {
      const [s, consent] = await Promise.all([
        d.repo.screeningStatus(gymId, memberId),
        d.repo.consent(gymId, memberId),
      ]);
      if (!s) throw notFound(M.msg('screening_not_found'));
      return {
        user_id: memberId,
        risk_level: s.riskLevel as ScreeningStatus['risk_level'],
        can_proceed: s.canProceed,
        requires_professional: s.requiresProfessional,
        expires_at: iso(s.expiresAt),
        valid: s.expiresAt.getTime() > d.clock(),
        guardian_consent: !!consent,
      };
    },

    async recordConsent(
      actor: GymActor,
      b: { user_id: number; guardian_name: string; relationship?: string | undefined },
    ): Promise<Consent> {
      if (!(await d.isMember(actor.gymId, b.user_id))) throw notFound(M.msg('member_not_found'));
      const r = await d.db.transaction(async (tx) => {
        const c = await d.repo.upsertConsent(
          {
            gymId: actor.gymId,
            userId: b.user_id,
            guardianName: b.guardian_name,
            relationship: b.relationship ?? null,
            recordedBy: actor.userId,
          },
          tx,
        );
        await d.audit(
          {
            gymId: actor.gymId,
            userId: actor.userId,
            action: 'nutrition.guardian_consent',
            targetType: 'user',
            targetId: b.user_id,
            ip: actor.ip,
          },
          tx,
        );
        return c;
      });
      return {
        id: r.id,
        user_id: r.userId,
        guardian_name: r.guardianName,
        relationship: r.relationship,
        recorded_by: r.recordedBy,
        created_at: iso(r.createdAt),
      };
    },

    // ---------- following
    async follow(actor: GymActor, planId: number, userAgent?: string) {
      const date = await today(actor.gymId);
      const dto = (row: { planId: number; userId: number; startedOn: string; createdAt: Date }) => ({
        plan_id: row.planId,
        user_id: row.userId,
        started_on: row.startedOn,
        created_at: iso(row.createdAt),
      });
      const value = { gymId: actor.gymId, planId, userId: actor.userId, startedOn: date };
      // Most plans are not restrictive: one statement decides and writes the follow and its audit row. A
      // restrictive plan answers with its goal and target and nothing written; the gate's transaction decides.
      const open = await followOpen({
        value: { ...value, createdAt: new Date(d.clock()) },
        audit: safetyAuditEntry({
          gymId: actor.gymId,
          userId: actor.userId,
          action: 'plan_follow',
          allowed: true,
          reason: 'not_restrictive',
          targetId: planId,
          ip: actor.ip,
          userAgent: userAgent ?? null,
        }),
      });
      if (!open) throw notFound(M.msg('plan_not_found'));
      if (open.archived) throw refuse('plan_archived', { plan_id: planId });
      if (!isRestrictive(open)) {
        if (!open.row) throw refuse('already_following', { plan_id: planId });
        await invalidatePlan(actor.gymId, planId, [actor.userId]);
        return dto(open.row);
      }
      try {
        const row = await d.db.transaction(async (tx) => {
          const p = await d.repo.sharePlan(actor.gymId, planId, tx);
          if (!p) throw notFound(M.msg('plan_not_found'));
          if (p.archivedAt) throw refuse('plan_archived', { plan_id: planId });
          let screeningId: number | null = null;
          let reason = 'not_restrictive';
          if (isRestrictive(p)) {
            const s = await requireScreeningToStart(actor.gymId, actor.userId, tx);
            screeningId = s.id;
            reason = `risk_${s.riskLevel.toLowerCase()}`;
            if (s.minor && !(await d.repo.consent(actor.gymId, actor.userId, tx)))
              throw refuse('guardian_consent_required');
          }
          const f = await d.repo.follow(
            {
              gymId: actor.gymId,
              planId,
              userId: actor.userId,
              startedOn: date,
              createdAt: new Date(d.clock()),
            },
            tx,
          );
          if (!f) throw refuse('already_following', { plan_id: planId });
          await safetyAudit(
            {
              gymId: actor.gymId,
              userId: actor.userId,
              action: 'plan_follow',
              allowed: true,
              reason,
              screeningId,
              targetId: planId,
              ip: actor.ip,
              userAgent: userAgent ?? null,
            },
            tx,
          );
          return f;
        });
        await invalidatePlan(actor.gymId, planId, [actor.userId]);
        return dto(row);
      } catch (e) {
        const code = reasonCode(e);
        // Refusals of the gate are part of the safety trail; a repeat or a missing plan is not a decision.
        if (
          code === 'screening_required' ||
          code === 'screening_blocked' ||
          code === 'guardian_consent_required'
        )
          await safetyAudit({
            gymId: actor.gymId,
            userId: actor.userId,
            action: 'plan_follow',
            allowed: false,
            reason: code,
            targetId: planId,
            ip: actor.ip,
            userAgent: userAgent ?? null,
          });
        throw e;
      }
    },

    async unfollow(actor: GymActor, planId: number) {
      if (!(await d.repo.unfollow(actor.gymId, planId, actor.userId)))
        throw notFound(M.msg('follow_not_found'));
      await invalidatePlan(actor.gymId, planId, [actor.userId]);
    },

    async followers(gymId: number, planId: number, page: { skip: number; limit: number }) {
      if (!(await d.repo.plan(gymId, planId))) throw notFound(M.msg('plan_not_found'));
      const { rows, total } = await d.repo.followers(gymId, planId, page);
      return {
        rows: rows.map((r) => ({
          user_id: r.follow.userId,
          name: r.name,
          started_on: r.follow.startedOn,
          created_at: iso(r.follow.createdAt),
        })),
        total,
      };
    },

    followingPage(gymId: number, userId: number, serialize: (rows: Following[]) => string) {
      return readOnToday(gymId, (date) =>
        followingCache.get(`${gymId}:${userId}`, date, async () => {
          const rows = await d.repo.following(gymId, userId);
          const keys = await d.repo.dayKeys(rows.map((r) => r.plan.id));
          const list = rows.map((r) => ({
            plan_id: r.plan.id,
            user_id: r.follow.userId,
            started_on: r.follow.startedOn,
            created_at: iso(r.follow.createdAt),
            plan: summary(r.plan, r.followers, durationOf(keys.filter((k) => k.planId === r.plan.id)), date),
          }));
          return { json: serialize(list), total: list.length };
        }),
      );
    },

    // ---------- meals and diary
    async completeMeal(
      actor: GymActor,
      mealId: number,
      b: { date?: string | undefined; satisfaction?: number | undefined; notes?: string | undefined },
    ): Promise<{ completion: Completion; created: boolean }> {
      const values = (planId: number, date: string, t: Nutrients) => ({
        gymId: actor.gymId,
        userId: actor.userId,
        planId,
        mealId,
        date,
        satisfaction: b.satisfaction ?? null,
        notes: b.notes ?? null,
        kcal: t.kcal,
        proteinG: t.protein_g,
        carbsG: t.carbs_g,
        fatG: t.fat_g,
        fiberG: t.fiber_g,
        createdAt: new Date(d.clock()),
      });
      let done: { row: CompletionRow; created: boolean } | undefined;
      // A meal's plan seen before (a meal never moves): its totals come from the plan's cached detail, read with
      // the gym's day, and one statement checks the meal and the follow and writes (see the repo's `complete`).
      const known = mealPlans.get(mealId);
      if (known?.gymId === actor.gymId) {
        const [now, plan] = await Promise.all([
          today(actor.gymId),
          // A plan deleted since (its meals with it) fails here: the path below answers as for any meal.
          detail(actor.gymId, known.planId).catch(() => undefined),
        ]);
        if (plan) {
          const date = b.date ?? now;
          if (date > now) throw invalid('date', M.msg('date_in_future', { today: now }));
          const t = mealTotals(plan).get(mealId) ?? ZERO;
          const r = await complete({ values: values(known.planId, date, t), check: true });
          if (!r) throw notFound(M.msg('meal_not_found'));
          if (!r.following) throw refuse('not_following', { plan_id: r.planId });
          done = r.done;
        } else mealPlans.delete(mealId);
      }
      if (!done) {
        // The meal's check does not depend on the date: both are read at once, then judged in the usual order
        // (a date in the future is a 422 before the meal's 404 or 403).
        const [now, m] = await Promise.all([
          today(actor.gymId),
          d.repo.mealOfFollower(actor.gymId, mealId, actor.userId),
        ]);
        const date = b.date ?? now;
        if (date > now) throw invalid('date', M.msg('date_in_future', { today: now }));
        if (!m) throw notFound(M.msg('meal_not_found'));
        mealPlans.set(mealId, { gymId: actor.gymId, planId: m.planId });
        if (!m.following) throw refuse('not_following', { plan_id: m.planId });
        const t = mealTotals(await detail(actor.gymId, m.planId, now)).get(mealId) ?? ZERO;
        done = (await complete({ values: values(m.planId, date, t), check: false }))?.done;
        // Unchecked, the statement always writes: an answer without the row would be its fault.
        if (!done) throw new Error('a completion was not written');
      }
      const { row, created } = done;
      await d.cache.del(weekKey(actor.gymId, actor.userId));
      return {
        created,
        completion: {
          meal_id: mealId,
          plan_id: row.planId,
          date: row.date,
          satisfaction: row.satisfaction,
          notes: row.notes ?? null,
          totals: rounded({
            kcal: row.kcal,
            protein_g: row.proteinG,
            carbs_g: row.carbsG,
            fat_g: row.fatG,
            fiber_g: row.fiberG,
          }),
          created_at: iso(row.createdAt),
        },
      };
    },

    async addDiary(actor: GymActor, b: DiaryBody): Promise<DiaryEntry> {
      const now = await today(actor.gymId);
      const date = b.date ?? now;
      if (date > now) throw invalid('date', M.msg('date_in_future', { today: now }));
      let t: Nutrients;
      if (b.food_id !== undefined || b.recipe_id !== undefined) {
        if (b.grams === undefined) throw invalid('grams', M.msg('grams.required'));
        const info = await lookup(actor.gymId, [
          { foodId: b.food_id ?? null, recipeId: b.recipe_id ?? null },
        ]);
        const per100 = b.food_id ? info.foods.get(b.food_id) : info.recipes.get(b.recipe_id!);
        if (!per100 && d.foods)
          throw invalid(
            b.food_id ? 'food_id' : 'recipe_id',
            M.msg('food.unknown', { id: b.food_id ?? b.recipe_id! }),
          );
        t = per100 ? scale(per100, b.grams) : { ...ZERO };
      } else
        t = {
          kcal: b.kcal!,
          protein_g: b.protein_g ?? 0,
          carbs_g: b.carbs_g ?? 0,
          fat_g: b.fat_g ?? 0,
          fiber_g: 0,
        };
      const row = await d.repo.insertDiary({
        gymId: actor.gymId,
        userId: actor.userId,
        date,
        mealType: b.meal_type,
        foodId: b.food_id ?? null,
        recipeId: b.recipe_id ?? null,
        name: b.name ?? null,
        grams: b.grams ?? null,
        kcal: t.kcal,
        proteinG: t.protein_g,
        carbsG: t.carbs_g,
        fatG: t.fat_g,
        fiberG: t.fiber_g,
        createdAt: new Date(d.clock()),
      });
      await d.cache.del(weekKey(actor.gymId, actor.userId));
      return diaryDto(row);
    },

    // ---------- progress
    async today(gymId: number, userId: number, lang: Lang): Promise<TodayProgress> {
      const date = await today(gymId);
      const { days, plans, completions, diary } = await daysBetween(
        gymId,
        date,
        date,
        date,
        readFull(gymId, userId, date, date),
      );
      const day = days[0]!;
      const doneIds = new Set(completions.map((c) => c.mealId));
      const current = plans[0]?.detail;
      let energy: TodayProgress['energy'] = null;
      try {
        // Sedentary apart from the recorded workouts, which the body module adds one by one.
        const e = await d.body.energy(userId, { date, activity: 'sedentary' }, lang);
        energy = {
          budget_kcal: e.budget_kcal,
          resting_kcal: e.resting.kcal,
          workouts_kcal: e.workouts_kcal,
          eaten_kcal: day.eaten.kcal,
          balance_kcal: day.eaten.kcal - e.budget_kcal,
        };
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
      }
      return {
        ...publicDay(day),
        plan_id: current?.id ?? null,
        meals: day.planned_meals.map(({ planId, meal }) => ({
          meal_id: meal.id,
          plan_id: planId,
          name: meal.name,
          meal_type: meal.meal_type,
          totals: meal.totals,
          completed: doneIds.has(meal.id),
        })),
        diary: diary.map(diaryDto),
        targets: await targetsFor(userId, current, date),
        energy,
      };
    },

    weekly(gymId: number, userId: number): Promise<WeeklyProgress> {
      return readOnToday(gymId, (to) => weekOf(gymId, userId, to));
    },

    /**
     * The week as the bytes `serialize` (the route's response serializer) makes of it, cached (`weekCache`): a
     * repeat read is two in-process look-ups with the gym's zone, no query and no serialisation.
     */
    weeklyPage(gymId: number, userId: number, serialize: (w: WeeklyProgress) => string): Promise<JsonPage> {
      return readOnToday(gymId, (to) =>
        weekCache.get(`${gymId}:${userId}`, to, async () => ({
          json: serialize(await weekOf(gymId, userId, to)),
          total: 1,
        })),
      );
    },

    async range(gymId: number, userId: number, from: string, to: string): Promise<WeeklyProgress> {
      const date = await today(gymId);
      checkRange(from, to, date);
      const { days } = await daysBetween(
        gymId,
        from,
        to,
        date,
        d.repo.progressBetween(gymId, userId, from, to),
      );
      return summarise(days, from, to);
    },

    async csv(gymId: number, userId: number, from: string, to: string): Promise<string> {
      const r = await api.range(gymId, userId, from, to);
      const head =
        'date,planned_kcal,eaten_kcal,eaten_protein_g,eaten_carbs_g,eaten_fat_g,meals_planned,meals_completed,adherence';
      const lines = r.days.map((x) =>
        [
          x.date,
          x.planned.kcal,
          x.eaten.kcal,
          x.eaten.protein_g,
          x.eaten.carbs_g,
          x.eaten.fat_g,
          x.meals_planned,
          x.meals_completed,
          x.adherence === null ? '' : x.adherence.toFixed(3),
        ].join(','),
      );
      return [head, ...lines].join('\r\n') + '\r\n';
    },

    async dashboard(gymId: number, userId: number, lang: Lang) {
      const [t, w, following] = await Promise.all([
        api.today(gymId, userId, lang),
        api.weekly(gymId, userId),
        d.repo.following(gymId, userId),
      ]);
      const current = following[0];
      const recs: { code: string; text: string }[] = [];
      const rec = (code: string, args?: Record<string, string | number>) =>
        recs.push({ code, text: M.t(lang, `rec.${code}` as 'rec.no_plan', args as never) });
      if (!current) {
        rec('no_plan');
        if (!(await validScreening(gymId, userId))) rec('screening');
      } else if (w.adherence === null || w.days.every((x) => x.meals_completed === 0)) rec('log_meals');
      else if (w.adherence < 0.6) rec('low_adherence', { pct: w.adherence });
      else rec('good_adherence', { pct: w.adherence });
      if (t.energy && t.energy.balance_kcal > 300) rec('over_budget', { kcal: t.energy.balance_kcal });
      return {
        current_plan: current
          ? summary(
              current.plan,
              current.followers,
              (await detail(gymId, current.plan.id)).duration_days,
              await today(gymId),
            )
          : null,
        today: t,
        weekly: w,
        recommendations: recs,
      };
    },

    async analytics(gymId: number): Promise<Analytics> {
      const zone = await zoneOf(gymId);
      const date = todayIn(d.clock(), zone);
      const weekFrom = addDays(date, -(WEEK - 1));
      const [a, levels, mealsPerDay, ai] = await Promise.all([
        d.repo.analytics(gymId, dayBoundsIn(date, zone), weekFrom, date),
        d.repo.screeningsByLevel(gymId),
        d.repo.mealsPerDay(gymId),
        aiUsage
          ? aiUsage(gymId)
          : Promise.resolve({ generationsToday: 0, generationsMonth: 0, costTodayUsd: 0, costMonthUsd: 0 }),
      ]);
      const dist = { '0-25': 0, '25-50': 0, '50-75': 0, '75-100': 0 };
      const perDay = new Map(mealsPerDay.map((x) => [x.planId, x.perDay]));
      for (const f of a.completedPerFollower) {
        const expected = (perDay.get(f.planId) ?? 0) * WEEK;
        const share = expected > 0 ? Math.min(1, f.done / expected) : 0;
        dist[share < 0.25 ? '0-25' : share < 0.5 ? '25-50' : share < 0.75 ? '50-75' : '75-100']++;
      }
      const byLevel = { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 };
      for (const l of levels) byLevel[l.level as keyof typeof byLevel] = l.n;
      const round2 = (x: number) => Math.round(x * 100) / 100;
      return {
        plans: {
          total: a.total,
          created_today: a.createdToday,
          followers: a.followers.map((f) => ({ plan_id: f.planId, name: f.name, followers: f.followers })),
        },
        adherence_distribution: dist,
        screenings_by_level: byLevel,
        ai: {
          generations_today: ai.generationsToday,
          generations_month: ai.generationsMonth,
          cost_today_usd: round2(ai.costTodayUsd),
          cost_month_usd: round2(ai.costMonthUsd),
          cost_per_active_user_usd: a.active ? Math.round((ai.costMonthUsd / a.active) * 10_000) / 10_000 : 0,
        },
        active_users: a.active,
      };
    },

    userData(): UserDataContributor {
      return {
        name: 'nutrition',
        async export(userId, tx) {
          const x = await d.repo.exportOf(userId, tx);
          return {
            screenings: x.screenings.map((s) => ({
              id: s.id,
              gym_id: s.gymId,
              answers: s.answers,
              warnings: s.warnings,
              risk_score: s.riskScore,
              risk_level: s.riskLevel,
              can_proceed: s.canProceed,
              requires_professional: s.requiresProfessional,
              expires_at: iso(s.expiresAt),
              created_at: iso(s.createdAt),
            })),
            guardian_consents: x.consents.map((c) => ({
              gym_id: c.gymId,
              guardian_name: c.guardianName,
              relationship: c.relationship,
              created_at: iso(c.createdAt),
            })),
            follows: x.follows.map((f) => ({ gym_id: f.gymId, plan_id: f.planId, started_on: f.startedOn })),
            completions: x.completions.map((c) => ({
              gym_id: c.gymId,
              plan_id: c.planId,
              meal_id: c.mealId,
              date: c.date,
              satisfaction: c.satisfaction,
              notes: c.notes,
              kcal: c.kcal,
            })),
            diary: x.diary.map(diaryDto),
          };
        },
        /** Once the account is gone, no cached week may still hold the person's meals. */
        async beforeErase(userId, tx) {
          const gyms = await d.repo.progressGymsOf(userId, tx);
          if (!gyms.length) return;
          return () => d.cache.del(...gyms.map((g) => weekKey(g, userId)));
        },
        // Every row keyed to the person cascades with the user; plans they authored stay with author_id null.
      };
    },
  };

  function screeningDto(
    s: NonNullable<Awaited<ReturnType<NutritionRepo['latestScreening']>>>,
    lang: Lang,
  ): Screening {
    const answers = s.answers as { measurements_source?: Screening['measurements_source'] };
    return {
      id: s.id,
      screening_id: s.id,
      risk_score: s.riskScore,
      risk_level: s.riskLevel as Screening['risk_level'],
      can_proceed: s.canProceed,
      requires_professional: s.requiresProfessional,
      warnings: (s.warnings as Warning[]).map((w) =>
        M.t(lang, `warning.${w.code}` as 'warning.minor', (w.params ?? {}) as never),
      ),
      expires_at: iso(s.expiresAt),
      created_at: iso(s.createdAt),
      measurements_source: answers.measurements_source ?? { weight: null, height: null },
    };
  }

  return api;
}

export type NutritionService = ReturnType<typeof createNutritionService>;
