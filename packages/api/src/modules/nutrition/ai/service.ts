import type { PlanBody, PlanDetail } from '@pulso/contracts/nutrition';
import type {
  AiPhotoDraft as AiPhotoDraftT,
  AiPlanDraft as AiPlanDraftT,
  GeneratePlanBody,
  GeneratePlanResponse,
  PhotoAnalysis,
} from '@pulso/contracts/nutrition-ai';
import { AiPhotoDraft, AiPlanDraft } from '@pulso/contracts/nutrition-ai';
import type { Config } from '../../../config.js';
import type { Cache } from '../../../platform/cache/index.js';
import { AppError, invalid } from '../../../platform/errors.js';
import type { Lang } from '../../../platform/i18n.js';
import { platformMessages as pm } from '../../../platform/messages.js';
import type { Log } from '../../../platform/module.js';
import type { Notify } from '../../../platform/notify.js';
import type { UserDataContributor } from '../../../platform/user-data.js';
import type { AiUsage, SafetyAuditEntry } from '../service.js';
import { createAiClient, type AiClient, type CallResult, type Meter } from './client.js';
import {
  allowed,
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
  const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

  async function rateLimit(kind: keyof typeof AI_RATE, userId: number) {
    const { max, windowS } = AI_RATE[kind];
    const r = await d.cache.incr(`nutrition:rl:ai_${kind}:${userId}`, windowS);
    if (r.count > max)
      throw new AppError('rate_limited', pm.msg('rate.detail', { max, seconds: windowS }), {
        retryAfter: Math.max(1, r.ttl),
      });
  }

  /** Whether AI is off for the gym now (its month's budget was spent in the last 24 h). */
  async function disabled(gymId: number): Promise<boolean> {
    const b = await d.repo.budget(gymId, monthOf(d.clock()));
    return !!b?.disabledUntil && b.disabledUntil.getTime() > d.clock();
  }

  /**
   * The gym's meter for this month. A reservation the budget cannot cover at all (spent + this call over the
   * budget, whatever else is in flight) ends AI for the gym for 24 h and, the first time in the month, tells its
   * owners and admins.
   */
  function meterFor(gymId: number, cfg: AiConfig): Meter {
    const month = monthOf(d.clock());
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

  /** The AI path: a draft whose foods are all in the catalogue and allowed, as a plan body; null if it fails. */
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
    const resolved = new Map<string, CandidateFood>();
    const r = await client!.structured<AiPlanDraftT>({
      model: cfg.model,
      name: 'nutrition_plan',
      schema: AiPlanDraft,
      messages: planPrompt(b, t, candidates),
      maxTokens: PLAN_MAX_TOKENS,
      meter: meterFor(gymId, cfg),
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
        for (const n of names) {
          const f = byName.get(nameKey(n)) ?? found.get(n);
          if (!f) unknown.push(n);
          else if (!allowed(f, excl)) excluded.push(n);
          else resolved.set(n, f);
        }
        if (!unknown.length && !excluded.length && draft.days.length >= b.days) return null;
        return {
          failure: 'unknown_foods' as const,
          correction:
            (unknown.length ? `Not in the catalogue: ${unknown.join(', ')}. ` : '') +
            (excluded.length ? `Not allowed for this person: ${excluded.join(', ')}. ` : '') +
            (draft.days.length < b.days ? `Give all ${b.days} days. ` : '') +
            'Answer again using only catalogue names.',
        };
      },
    });
    record('plan', r);
    if (!r.ok) return { result: r, days: null };
    const days = r.value.days.slice(0, b.days).map((day, i) => ({
      day: i + 1,
      meals: day.meals.slice(0, b.meals_per_day).map((m) => ({
        name: m.name,
        mealType: m.meal_type,
        items: m.items.map((it) => ({ food: resolved.get(it.food)!, grams: Math.round(it.grams) })),
      })),
    }));
    return { result: r, days };
  }

  return {
    rateLimit,

    requireConfigured() {
      if (!d.config || !client) throw new AppError('unavailable', M.msg('not_configured'));
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

      type Day = {
        day: number;
        meals: {
          name: string;
          mealType: PlanBody['days'][number]['meals'][number]['meal_type'];
          items: { food: CandidateFood; grams: number }[];
        }[];
      };
      let days: Day[];
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

    /** Proposed items of a meal photo for the user to confirm; nothing is logged. */
    async analysePhoto(
      actor: { gymId: number; userId: number },
      image: { data: Buffer; mime: string },
    ): Promise<PhotoAnalysis> {
      if (!d.config || !client) throw new AppError('unavailable', M.msg('not_configured'));
      await rateLimit('photo', actor.userId);
      if (await disabled(actor.gymId))
        throw new AppError('unavailable', M.msg('ai_unavailable', { why: 'budget' }));
      const cfg = d.config;
      const r = await client.structured<AiPhotoDraftT>({
        model: cfg.visionModel,
        name: 'meal_photo',
        schema: AiPhotoDraft,
        maxTokens: PHOTO_MAX_TOKENS,
        extraPromptTokens: IMAGE_TOKENS,
        meter: meterFor(actor.gymId, cfg),
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
      return {
        model: r.model,
        items: r.value.items.map((i) => {
          const f = found.get(i.food);
          return {
            name: i.food,
            grams: Math.round(i.grams),
            confidence: i.confidence,
            food_id: f?.id ?? null,
            kcal: f ? Math.round((f.per100.kcal * i.grams) / 100) : null,
          };
        }),
      };
    },

    /** Figures for the nutrition analytics (registered with `setAiUsageSource`). */
    async usage(gymId: number, today: string): Promise<AiUsage> {
      const day = new Date(`${today}T00:00:00Z`);
      const month = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
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
