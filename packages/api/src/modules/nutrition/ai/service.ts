import type { PlanBody, PlanDetail } from '@pulso/contracts/nutrition';
import type {
  AiPhotoDraft as AiPhotoDraftT,
  AiStatus,
  AiPlanDraft as AiPlanDraftT,
  GeneratePlanBody,
  GeneratePlanResponse,
  PhotoAnalysis,
} from '@pulso/contracts/nutrition-ai';
import { AiPhotoDraft, AiPlanDraft } from '@pulso/contracts/nutrition-ai';
import type { Config } from '../../../config.js';
import type { Cache } from '../../../platform/cache/index.js';
import { monthIn, periodStartsIn } from '../../../platform/dates.js';
import { AppError, invalid } from '../../../platform/errors.js';
import type { Lang } from '../../../platform/i18n.js';
import { platformMessages as pm } from '../../../platform/messages.js';
import type { Log } from '../../../platform/module.js';
import type { Notify } from '../../../platform/notify.js';
import type { UserDataContributor } from '../../../platform/user-data.js';
import { refuse } from '../reasons.js';
import type { AiUsage, SafetyAuditEntry } from '../service.js';
import { createAiClient, type AiClient, type CallResult, type Meter } from './client.js';
import {
  allowed,
  fitPortions,
  generatePlan,
  macroTargets,
  totalsOf,
  TOLERANCE,
  worstMiss,
  type CandidateFood,
  type GeneratorTargets,
  type MealCode,
} from './generator.js';
import { aiMessages as M } from './messages.js';
import type { AiMetrics } from './metrics.js';
import type { AiRepo } from './repo.js';

/** The food catalogue as the AI part needs it (the foods module provides it). */
export interface AiFoods {
  /** Foods of the gym's catalogue that fit the exclusions, with per-100 g nutrients. */
  candidates(
    gymId: number,
    q: { excludeAllergens: string[]; vegan: boolean; vegetarian: boolean; limit: number },
  ): Promise<CandidateFood[]>;
  /** Foods by name (either language, accent- and case-insensitive); keys are the names as asked. */
  findByNames(gymId: number, names: string[]): Promise<Map<string, CandidateFood>>;
}

export type AiConfig = NonNullable<Config['ai']>;

export interface AiDeps {
  repo: AiRepo;
  /** Undefined: no AI configured; plans come from the generator, photos are refused. */
  config: AiConfig | undefined;
  clock: () => number;
  cache: Cache;
  log: Log;
  notify: () => Notify;
  metrics: AiMetrics;
  foods: () => AiFoods | null;
  nutrition: {
    requireScreeningToStart(gymId: number, userId: number): Promise<unknown>;
    photoSafety(
      gymId: number,
      userId: number,
    ): Promise<{ screeningId: number | null; blockedLevel: string | null; allergies: string[] }>;
    createPlan(gymId: number, authorId: number, body: PlanBody): Promise<PlanDetail>;
    safetyAudit(e: SafetyAuditEntry): Promise<void>;
  };
  /** Tests pass a client with short backoff; default: built from `config`. */
  client?: AiClient;
}

/** The per-user limits: 5 generations and 20 photo analyses an hour. */
export const AI_RATE = { generate: { max: 5, windowS: 3600 }, photo: { max: 20, windowS: 3600 } } as const;
const DISABLED_MS = 24 * 3600_000;
const CANDIDATES = 500;
/** Foods offered to the model by name: enough variety, bounded prompt. */
const PROMPT_FOODS = 80;
const PLAN_MAX_TOKENS = 6000;
const PHOTO_MAX_TOKENS = 800;
/**
 * Prompt tokens an image may count. A low-detail image is a fixed block: 85 tokens on gpt-4o, and gpt-4o-mini
 * bills images at about 33 times the tokens (2,833 for a low-detail image), per OpenAI's vision pricing notes;
 * the larger figure is reserved.
 */
const IMAGE_TOKENS = 2833;

const MEAL_TYPE: Record<MealCode, PlanBody['days'][number]['meals'][number]['meal_type']> = {
  main: 'other',
  breakfast: 'breakfast',
  morning_snack: 'mid_morning',
  lunch: 'lunch',
  afternoon_snack: 'snack',
  dinner: 'dinner',
  evening_snack: 'snack',
};

/** Accent- and case-insensitive key of a food name. */
export const nameKey = (s: string) =>
  s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

const usd = (micros: number) => Math.round(micros) / 1e6;

export function createAiService(d: AiDeps) {
  const client = d.client ?? (d.config ? createAiClient(d.config) : undefined);
  /** The gym's current budget month, in the gym's time zone (read per call: a gym may change its zone). */
  const monthOf = async (gymId: number) => monthIn(d.clock(), await d.repo.zoneOf(gymId));

  async function rateLimit(kind: keyof typeof AI_RATE, userId: number) {
    const { max, windowS } = AI_RATE[kind];
    const r = await d.cache.incr(`nutrition:rl:ai_${kind}:${userId}`, windowS);
    if (r.count > max)
      throw new AppError('rate_limited', pm.msg('rate.detail', { max, seconds: windowS }), {
        retryAfter: Math.max(1, r.ttl),
      });
  }

  /** Whether AI is off for the gym now (a month's budget was spent in the last 24 h, this month's or the last). */
  async function disabled(gymId: number): Promise<boolean> {
    const until = await d.repo.disabledUntil(gymId);
    return !!until && until.getTime() > d.clock();
  }

  /**
   * The gym's meter for this month. A reservation the budget cannot cover at all (spent + this call over the
   * budget, whatever else is in flight) ends AI for the gym for 24 h and, the first time in the month, tells its
   * owners and admins.
   */
  async function meterFor(gymId: number, cfg: AiConfig): Promise<Meter> {
    // One month for the whole call: a retry that crosses midnight settles where it reserved.
    const month = await monthOf(gymId);
    const budgetMicros = Math.round(cfg.monthlyBudgetUsd * 1e6);
    return {
      async reserve(micros) {
        if (await d.repo.reserve(gymId, month, micros, budgetMicros)) return true;
        const b = await d.repo.budget(gymId, month);
        if (b && b.spentMicros + micros > budgetMicros) {
          const now = d.clock();
          const until = new Date(now + DISABLED_MS);
          if (await d.repo.disable(gymId, month, until, new Date(now))) {
            const admins = await d.repo.admins(gymId);
            await d.notify()(
              admins.map((userId) => ({
                gymId,
                userId,
                kind: 'nutrition_ai_budget_spent',
                data: { budget_usd: cfg.monthlyBudgetUsd, month, until: until.toISOString() },
              })),
            );
            d.log.warn({ gymId, month }, 'AI budget of the month spent: AI off for 24 h');
          }
        }
        return false;
      },
      settle: (reserved, actual) => d.repo.settle(gymId, month, reserved, actual),
    };
  }

  function record(kind: 'plan' | 'photo', r: CallResult<unknown>) {
    d.metrics.tokens.inc({ direction: 'prompt' }, r.promptTokens);
    d.metrics.tokens.inc({ direction: 'completion' }, r.completionTokens);
    d.metrics.cost.inc(usd(r.costMicros));
    if (!r.ok && r.reason === 'budget') d.metrics.calls.inc({ kind, outcome: 'budget' });
  }

  function targetsOf(b: GeneratePlanBody) {
    const def = macroTargets(b.goal, b.calories);
    const t = { protein: b.protein_g ?? def.protein, carbs: b.carbs_g ?? def.carbs, fat: b.fat_g ?? def.fat };
    const atwater = 4 * t.protein + 4 * t.carbs + 9 * t.fat;
    if (Math.abs(atwater - b.calories) > 0.1 * b.calories)
      throw invalid('calories', M.msg('macros_inconsistent', { kcal: Math.round(atwater) }));
    return { kcal: b.calories, ...t };
  }

  const exclusions = (b: GeneratePlanBody) => {
    const excl = new Set<string>(b.allergens);
    if (b.restrictions.includes('gluten_free')) excl.add('gluten');
    if (b.restrictions.includes('lactose_free')) excl.add('milk');
    return {
      excludeAllergens: [...excl],
      vegan: b.restrictions.includes('vegan'),
      vegetarian: b.restrictions.includes('vegetarian'),
    };
  };

  function planPrompt(
    b: GeneratePlanBody,
    t: { kcal: number; protein: number; carbs: number; fat: number },
    foods: CandidateFood[],
  ) {
    // An even spread over the catalogue's order (it groups foods by kind), not its first rows: the model sees
    // fruit, vegetables, grains, protein foods and fats alike.
    const step = Math.max(1, foods.length / PROMPT_FOODS);
    const offered = Array.from(
      { length: Math.min(PROMPT_FOODS, foods.length) },
      (_, i) => foods[Math.floor(i * step)]!,
    );
    const list = offered
      .map(
        (f) =>
          `${f.name} | ${f.per100.kcal} kcal | P ${f.per100.protein} | C ${f.per100.carbs} | F ${f.per100.fat}`,
      )
      .join('\n');
    return [
      {
        role: 'system' as const,
        content:
          'You plan meals for a gym member. Use only foods from the catalogue given, writing each name exactly as ' +
          'listed, with grams. Each day must come within 5% of the daily energy and of each macro target. Answer ' +
          'in the JSON schema given, nothing else.',
      },
      {
        role: 'user' as const,
        content:
          `Goal: ${b.goal}. Days: ${b.days}. Meals per day: ${b.meals_per_day}.\n` +
          `Daily targets: ${t.kcal} kcal, protein ${t.protein} g, carbohydrate ${t.carbs} g, fat ${t.fat} g.\n` +
          (b.preferences.length ? `Favour: ${b.preferences.join(', ')}.\n` : '') +
          `Catalogue (per 100 g: name | energy | protein g | carbohydrate g | fat g):\n${list}`,
      },
    ];
  }

  type DraftDay = {
    day: number;
    meals: {
      name: string;
      mealType: PlanBody['days'][number]['meals'][number]['meal_type'];
      items: { food: CandidateFood; grams: number }[];
    }[];
  };

  /**
   * The AI path: a draft whose foods are all in the catalogue and allowed, and whose every day lands within
   * ±5% of the targets once its portions are scaled (`fitPortions`), as plan days; null if it fails. A day no
   * scaling can fix goes back to the model with its totals; after the last attempt the generator answers.
   */
  async function viaAi(
    gymId: number,
    b: GeneratePlanBody,
    t: ReturnType<typeof targetsOf>,
    candidates: CandidateFood[],
    excl: ReturnType<typeof exclusions>,
  ) {
    const cfg = d.config!;
    const foods = d.foods()!;
    const byName = new Map(candidates.map((f) => [nameKey(f.name), f]));
    let fitted: DraftDay[] | null = null;
    const r = await client!.structured<AiPlanDraftT>({
      model: cfg.model,
      name: 'nutrition_plan',
      schema: AiPlanDraft,
      messages: planPrompt(b, t, candidates),
      maxTokens: PLAN_MAX_TOKENS,
      meter: await meterFor(gymId, cfg),
      onAttempt: (outcome) => d.metrics.calls.inc({ kind: 'plan', outcome }),
      check: async (draft) => {
        const names = [
          ...new Set(draft.days.flatMap((x) => x.meals.flatMap((m) => m.items.map((i) => i.food)))),
        ];
        const missing = names.filter((n) => !byName.has(nameKey(n)));
        const found = missing.length
          ? await foods.findByNames(gymId, missing)
          : new Map<string, CandidateFood>();
        const unknown: string[] = [];
        const excluded: string[] = [];
        const resolved = new Map<string, CandidateFood>();
        for (const n of names) {
          const f = byName.get(nameKey(n)) ?? found.get(n);
          if (!f) unknown.push(n);
          else if (!allowed(f, excl)) excluded.push(n);
          else resolved.set(n, f);
        }
        if (unknown.length || excluded.length || draft.days.length < b.days)
          return {
            failure: 'unknown_foods' as const,
            correction:
              (unknown.length ? `Not in the catalogue: ${unknown.join(', ')}. ` : '') +
              (excluded.length ? `Not allowed for this person: ${excluded.join(', ')}. ` : '') +
              (draft.days.length < b.days ? `Give all ${b.days} days. ` : '') +
              'Answer again using only catalogue names.',
          };
        // Models are loose with arithmetic: scale the drafted portions to the targets, and only when a day
        // cannot get there with its foods ask for another draft, saying by how much it missed.
        const days: DraftDay[] = [];
        const off: string[] = [];
        for (const [i, day] of draft.days.slice(0, b.days).entries()) {
          const meals = day.meals.slice(0, b.meals_per_day);
          const flat = meals.flatMap((m) =>
            m.items.map((it) => ({ food: resolved.get(it.food)!, grams: it.grams })),
          );
          const fit = fitPortions(flat, t);
          let k = 0;
          days.push({
            day: i + 1,
            meals: meals.map((m) => ({
              name: m.name,
              mealType: m.meal_type,
              items: m.items.map(() => fit.items[k++]!),
            })),
          });
          if (fit.miss > TOLERANCE) {
            const drafted = totalsOf(flat);
            off.push(
              `day ${i + 1}: ${Math.round(drafted.kcal)} kcal, protein ${Math.round(drafted.protein)} g, ` +
                `carbohydrate ${Math.round(drafted.carbs)} g, fat ${Math.round(drafted.fat)} g`,
            );
          }
        }
        if (off.length)
          return {
            failure: 'off_targets' as const,
            correction:
              `These days miss the daily targets (${t.kcal} kcal, protein ${t.protein} g, carbohydrate ` +
              `${t.carbs} g, fat ${t.fat} g) by more than 5%: ${off.join('; ')}. ` +
              'Change foods or portions so that every day is within 5%, and answer again.',
          };
        fitted = days;
        return null;
      },
    });
    record('plan', r);
    return { result: r, days: r.ok ? fitted : null };
  }

  return {
    rateLimit,

    requireConfigured() {
      if (!d.config || !client) throw new AppError('unavailable', M.msg('not_configured'));
    },

    /**
     * What the gym's people can ask of AI right now, so that apps offer a meal photo only when it can be
     * analysed. A budget cut-off counts as off: the photo would be refused until it lifts.
     */
    async status(gymId: number): Promise<AiStatus> {
      const on = !!d.config && !!client && !(await disabled(gymId));
      return { photo_analysis: on, plan_generation: on };
    },

    async generate(
      actor: { gymId: number; userId: number },
      b: GeneratePlanBody,
      lang: Lang,
      client_: { ip?: string | null; userAgent?: string | null } = {},
    ): Promise<GeneratePlanResponse> {
      await rateLimit('generate', actor.userId);
      try {
        await d.nutrition.requireScreeningToStart(actor.gymId, actor.userId);
      } catch (e) {
        const reason = e instanceof AppError && e.extra.reason ? e.extra.reason.id : 'error';
        await d.nutrition.safetyAudit({
          ...actor,
          action: 'ai_generation',
          allowed: false,
          reason,
          ...client_,
        });
        throw e;
      }
      const t = targetsOf(b);
      const excl = exclusions(b);
      const foods = d.foods();
      const candidates = foods
        ? await foods.candidates(actor.gymId, { ...excl, limit: CANDIDATES })
        : ([] as CandidateFood[]);
      const usable = candidates.filter((f) => allowed(f, excl));
      if (!usable.length) throw invalid('restrictions', M.msg('catalogue_empty'));

      let fallbackReason: GeneratePlanResponse['fallback_reason'] = null;
      let ai: Awaited<ReturnType<typeof viaAi>> | null = null;
      if (!d.config || !client) fallbackReason = 'not_configured';
      else if (await disabled(actor.gymId)) fallbackReason = 'disabled';
      else {
        ai = await viaAi(actor.gymId, b, t, usable, excl);
        if (!ai.days) fallbackReason = ai.result.ok ? 'failed' : ai.result.reason;
      }

      let days: DraftDay[];
      if (ai?.days) days = ai.days;
      else {
        const gen = generatePlan(usable, {
          ...t,
          mealsPerDay: b.meals_per_day,
          days: b.days,
          ...excl,
          preferences: b.preferences,
          // Same request, same plan: the seed comes from the request, not the clock.
          seed: actor.userId * 31 + b.calories + b.days * 7 + b.meals_per_day,
        } satisfies GeneratorTargets);
        days = gen.days.map((day) => ({
          day: day.day,
          meals: day.meals.map((m) => ({
            name: M.t(lang, `meal.${m.code}`),
            mealType: MEAL_TYPE[m.code],
            items: m.items,
          })),
        }));
      }
      const within = days.every(
        (day) => worstMiss(totalsOf(day.meals.flatMap((m) => m.items)), t) <= TOLERANCE,
      );
      const source = ai?.days ? ('ai' as const) : ('fallback' as const);
      const report = ai?.result;
      const model = report && report.attempts > 0 ? report.model : null;
      const costMicros = report?.costMicros ?? 0;

      const plan = await d.nutrition.createPlan(actor.gymId, actor.userId, {
        name: b.name ?? M.t(lang, 'plan.name', { goal: b.goal, kcal: b.calories }),
        description: M.t(lang, 'plan.description', { source, model: model ?? '' }),
        goal: b.goal,
        type: 'regular',
        target_calories: t.kcal,
        protein_g: t.protein,
        carbs_g: t.carbs,
        fat_g: t.fat,
        days: days.map((day) => ({
          day_number: day.day,
          meals: day.meals.map((m) => ({
            name: m.name,
            meal_type: m.mealType,
            items: m.items.map((i) => ({ food_id: i.food.id, grams: i.grams })),
          })),
        })),
      });

      d.metrics.generations.inc({ source, reason: fallbackReason ?? 'none' });
      await d.repo.log({
        gymId: actor.gymId,
        userId: actor.userId,
        kind: 'plan',
        model,
        source,
        outcome: fallbackReason ?? 'ok',
        attempts: report?.attempts ?? 0,
        promptTokens: report?.promptTokens ?? 0,
        completionTokens: report?.completionTokens ?? 0,
        costMicros,
        createdAt: new Date(d.clock()),
      });
      await d.nutrition.safetyAudit({
        ...actor,
        action: 'ai_generation',
        allowed: true,
        reason: source === 'ai' ? 'generated_ai' : `fallback_${fallbackReason}`,
        targetId: plan.id,
        aiModel: model,
        aiCostUsd: model ? usd(costMicros) : null,
        ...client_,
      });
      return {
        source,
        fallback_reason: fallbackReason,
        model,
        cost_usd: usd(costMicros),
        within_targets: within,
        plan,
      };
    },

    /**
     * Proposed items of a meal photo for the user to confirm; nothing is logged. The latest safety screening
     * applies: one that cannot proceed refuses (audited, before any call is paid for), and proposed foods that
     * contain an allergen it declared are flagged and warned about.
     */
    async analysePhoto(
      actor: { gymId: number; userId: number },
      image: { data: Buffer; mime: string },
      lang: Lang = 'en',
      client_: { ip?: string | null; userAgent?: string | null } = {},
    ): Promise<PhotoAnalysis> {
      if (!d.config || !client) throw new AppError('unavailable', M.msg('not_configured'));
      await rateLimit('photo', actor.userId);
      const safety = await d.nutrition.photoSafety(actor.gymId, actor.userId);
      if (safety.blockedLevel) {
        await d.nutrition.safetyAudit({
          ...actor,
          action: 'ai_generation',
          allowed: false,
          reason: 'photo_screening_blocked',
          screeningId: safety.screeningId,
          ...client_,
        });
        throw refuse('screening_blocked', { level: safety.blockedLevel });
      }
      if (await disabled(actor.gymId))
        throw new AppError('unavailable', M.msg('ai_unavailable', { why: 'budget' }));
      const cfg = d.config;
      const r = await client.structured<AiPhotoDraftT>({
        model: cfg.visionModel,
        name: 'meal_photo',
        schema: AiPhotoDraft,
        maxTokens: PHOTO_MAX_TOKENS,
        extraPromptTokens: IMAGE_TOKENS,
        meter: await meterFor(actor.gymId, cfg),
        onAttempt: (outcome) => d.metrics.calls.inc({ kind: 'photo', outcome }),
        messages: [
          {
            role: 'system',
            content:
              'List the foods visible in this meal photo with an estimate of their grams and your confidence (0 to 1). ' +
              'Use common English food names. Answer in the JSON schema given.',
          },
          {
            role: 'user',
            content: [
              {
                type: 'image_url',
                image_url: {
                  url: `data:${image.mime};base64,${image.data.toString('base64')}`,
                  detail: 'low',
                },
              },
            ],
          },
        ],
      });
      record('photo', r);
      await d.repo.log({
        gymId: actor.gymId,
        userId: actor.userId,
        kind: 'photo',
        model: r.attempts > 0 ? r.model : null,
        source: r.ok ? 'ai' : 'none',
        outcome: r.ok ? 'ok' : r.reason,
        attempts: r.attempts,
        promptTokens: r.promptTokens,
        completionTokens: r.completionTokens,
        costMicros: r.costMicros,
        createdAt: new Date(d.clock()),
      });
      if (!r.ok)
        throw new AppError(
          'unavailable',
          M.msg('ai_unavailable', { why: r.reason === 'budget' ? 'budget' : 'failed' }),
        );
      const names = r.value.items.map((i) => i.food);
      const foods = d.foods();
      const found =
        foods && names.length
          ? await foods.findByNames(actor.gymId, names)
          : new Map<string, CandidateFood>();
      const declared = new Set(safety.allergies);
      const warnings: string[] = [];
      const items = r.value.items.map((i) => {
        const f = found.get(i.food);
        const allergens = (f?.allergens ?? []) as PhotoAnalysis['items'][number]['allergens'];
        const hit = allergens.filter((a) => declared.has(a));
        for (const a of hit)
          warnings.push(
            M.t(lang, 'photo.allergen', {
              food: (lang === 'es' ? f!.altName : undefined) ?? f!.name,
              allergen: a,
            }),
          );
        if (!f) warnings.push(M.t(lang, 'photo.unmatched', { food: i.food }));
        return {
          name: i.food,
          grams: Math.round(i.grams),
          confidence: i.confidence,
          food_id: f?.id ?? null,
          kcal: f ? Math.round((f.per100.kcal * i.grams) / 100) : null,
          allergens,
          declared_allergens: hit,
        };
      });
      return { model: r.model, items, warnings };
    },

    /** Figures for the nutrition analytics (registered with `setAiUsageSource`). */
    async usage(gymId: number): Promise<AiUsage> {
      const { day, month } = periodStartsIn(d.clock(), await d.repo.zoneOf(gymId));
      const [d1, m1] = await Promise.all([d.repo.usageSince(gymId, day), d.repo.usageSince(gymId, month)]);
      return {
        generationsToday: d1.generations,
        generationsMonth: m1.generations,
        costTodayUsd: usd(d1.costMicros),
        costMonthUsd: usd(m1.costMicros),
      };
    },

    userData(): UserDataContributor {
      return {
        name: 'nutrition_ai',
        async export(userId, tx) {
          const rows = await d.repo.byUser(userId, tx);
          return rows.map((r) => ({
            kind: r.kind,
            model: r.model,
            source: r.source,
            outcome: r.outcome,
            cost_usd: usd(r.costMicros),
            created_at: r.createdAt.toISOString(),
          }));
        },
        // The rows keep the gym's spend when the account goes: user_id is set null by the database.
      };
    },
  };
}

export type AiService = ReturnType<typeof createAiService>;
