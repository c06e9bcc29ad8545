import { z } from 'zod';
import { Id, IsoDate, Pagination, Text, Timestamp } from './common.js';
import { Allergen, ALLERGENS } from './foods.js';

/**
 * Nutrition (issue 13): plans authored by a gym's staff (days → meals → items of foods or recipes with grams),
 * followed by members behind a medical safety screening, meal completion, a food diary, progress and analytics.
 * Gym-scoped: every route takes `X-Gym-ID`.
 */

export const NUTRITION_GOALS = [
  'weight_loss',
  'muscle_gain',
  'maintenance',
  'performance',
  'health',
] as const;
export const NutritionGoal = z.enum(NUTRITION_GOALS);
export type NutritionGoal = z.infer<typeof NutritionGoal>;

export const PLAN_TYPES = ['template', 'regular', 'live'] as const;
export const PlanType = z.enum(PLAN_TYPES);
export type PlanType = z.infer<typeof PlanType>;

export const DAY_KINDS = ['training', 'rest'] as const;
export const MEAL_TYPES = ['breakfast', 'mid_morning', 'lunch', 'snack', 'dinner', 'other'] as const;

const grams = z.number().positive().max(5000).describe('Grams of the food or recipe');
const kcal = z.number().int().min(0).max(10_000);
const macroG = z.number().min(0).max(2000);
const perKg = z.number().min(0).max(10);

export const PlanItemBody = z
  .object({
    food_id: Id.optional().describe('A food of the catalogue (the foods module)'),
    recipe_id: Id.optional().describe('A recipe of the gym (the foods module)'),
    grams,
    note: Text.trim().max(200).optional(),
  })
  .refine((i) => (i.food_id === undefined) !== (i.recipe_id === undefined), {
    message: 'Give exactly one of food_id and recipe_id',
    path: ['food_id'],
  });
export type PlanItemBody = z.infer<typeof PlanItemBody>;

export const PlanMealBody = z.object({
  name: Text.trim().min(1).max(80),
  meal_type: z.enum(MEAL_TYPES).default('other'),
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .optional()
    .describe('Suggested time, HH:MM'),
  items: z.array(PlanItemBody).max(40).default([]),
});
export type PlanMealBody = z.infer<typeof PlanMealBody>;

export const PlanDayBody = z
  .object({
    day_number: z.number().int().min(1).max(366).optional().describe('Day of the plan, from 1'),
    weekday: z.number().int().min(1).max(7).optional().describe('ISO weekday (1 = Monday … 7 = Sunday)'),
    kind: z.enum(DAY_KINDS).optional().describe('A training or a rest day (their meals differ)'),
    meals: z.array(PlanMealBody).max(12).default([]),
  })
  .refine((d) => (d.day_number === undefined) !== (d.weekday === undefined), {
    message: 'Give exactly one of day_number and weekday',
    path: ['day_number'],
  });
export type PlanDayBody = z.infer<typeof PlanDayBody>;

const targets = {
  target_calories: kcal.describe('Daily energy target, kcal'),
  protein_g: macroG.nullable().optional(),
  carbs_g: macroG.nullable().optional(),
  fat_g: macroG.nullable().optional(),
  protein_g_per_kg: perKg.nullable().optional().describe('Protein per kg of the follower’s latest weight'),
  carbs_g_per_kg: perKg.nullable().optional(),
  fat_g_per_kg: perKg.nullable().optional(),
};

export const PlanBody = z.object({
  name: Text.trim().min(1).max(120),
  description: Text.trim().max(2000).optional(),
  goal: NutritionGoal,
  type: PlanType.default('regular'),
  ...targets,
  start_date: IsoDate.optional().describe('Live plans: the one start date all followers share'),
  days: z.array(PlanDayBody).max(62).default([]),
});
export type PlanBody = z.infer<typeof PlanBody>;

export const PlanPatchBody = z
  .object({
    name: Text.trim().min(1).max(120),
    description: Text.trim().max(2000).nullable(),
    goal: NutritionGoal,
    ...targets,
    target_calories: kcal,
    start_date: IsoDate.nullable(),
    days: z.array(PlanDayBody).max(62).describe('Replaces every day of the plan'),
  })
  .partial();
export type PlanPatchBody = z.infer<typeof PlanPatchBody>;

export const Nutrients = z.object({
  kcal: z.number(),
  protein_g: z.number(),
  carbs_g: z.number(),
  fat_g: z.number(),
  fiber_g: z.number(),
});
export type Nutrients = z.infer<typeof Nutrients>;

export const PlanItem = z.object({
  id: z.number().int(),
  food_id: z.number().int().nullable(),
  recipe_id: z.number().int().nullable(),
  name: z.string().nullable().describe('The food or recipe name (English), when the catalogue knows it'),
  name_es: z.string().nullable(),
  grams: z.number(),
  note: z.string().nullable(),
  totals: Nutrients,
});
export const PlanMeal = z.object({
  id: z.number().int(),
  name: z.string(),
  meal_type: z.string(),
  time: z.string().nullable(),
  items: z.array(PlanItem),
  totals: Nutrients,
});
export type PlanMeal = z.infer<typeof PlanMeal>;
export const PlanDay = z.object({
  id: z.number().int(),
  day_number: z.number().int().nullable(),
  weekday: z.number().int().nullable(),
  kind: z.string().nullable(),
  meals: z.array(PlanMeal),
  totals: Nutrients,
});
export type PlanDay = z.infer<typeof PlanDay>;

export const LIVE_STATUSES = ['not_started', 'running', 'finished'] as const;

export const PlanSummary = z.object({
  id: z.number().int(),
  gym_id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  goal: NutritionGoal,
  type: PlanType,
  target_calories: z.number().int(),
  protein_g: z.number().nullable(),
  carbs_g: z.number().nullable(),
  fat_g: z.number().nullable(),
  protein_g_per_kg: z.number().nullable(),
  carbs_g_per_kg: z.number().nullable(),
  fat_g_per_kg: z.number().nullable(),
  restrictive: z
    .boolean()
    .describe('Under 1,500 kcal a day or a weight_loss goal: following needs a screening'),
  start_date: z.string().nullable(),
  duration_days: z.number().int(),
  live_status: z.enum(LIVE_STATUSES).nullable(),
  followers: z.number().int(),
  archived: z.boolean(),
  author_id: z.number().int().nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type PlanSummary = z.infer<typeof PlanSummary>;

export const PlanDetail = PlanSummary.extend({ days: z.array(PlanDay), totals: Nutrients });
export type PlanDetail = z.infer<typeof PlanDetail>;

export const PlanListQuery = Pagination.extend({
  goal: NutritionGoal.optional(),
  type: PlanType.optional(),
  q: Text.trim().min(1).max(100).optional().describe('Text in the name or description'),
  archived: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export type PlanListQuery = z.infer<typeof PlanListQuery>;

export const Targets = z.object({
  kcal: z.number().int(),
  protein_g: z.number().nullable(),
  carbs_g: z.number().nullable(),
  fat_g: z.number().nullable(),
  weight_kg: z.number().nullable().describe('The latest weight the per-kg targets were resolved against'),
});

export const PlanToday = z.object({
  plan_id: z.number().int(),
  date: z.string(),
  live_status: z.enum(LIVE_STATUSES).nullable(),
  day: PlanDay.nullable().describe(
    'Today’s day of the plan; null before a live plan starts or after it ends',
  ),
  targets: Targets,
});
export type PlanToday = z.infer<typeof PlanToday>;

// ---- Screening
export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export const RiskLevel = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof RiskLevel>;

export const ScreeningBody = z.object({
  age: z.number().int().min(1).max(120),
  weight_kg: z.number().min(20).max(400).optional(),
  height_cm: z.number().min(80).max(260).optional(),
  sex: z.enum(['male', 'female', 'other']).optional(),
  medical_conditions: z.array(Text.trim().min(1).max(60)).max(30).default([]),
  is_pregnant: z.boolean().default(false),
  is_breastfeeding: z.boolean().default(false),
  takes_medications: z.boolean().default(false),
  medication_list: Text.trim().max(1000).optional(),
  has_eating_disorder_history: z.boolean().default(false),
  allergies: z
    .array(Allergen)
    .max(ALLERGENS.length)
    .default([])
    .describe('Allergens (EU 14) I react to: meal-photo proposals warn when a proposed food contains one'),
});
export type ScreeningBody = z.infer<typeof ScreeningBody>;

export const MEASUREMENT_SOURCES = ['request', 'body_entries', 'athlete_profile'] as const;

export const Screening = z.object({
  id: z.number().int(),
  screening_id: z.number().int().describe('The same as id (the seed’s name)'),
  risk_score: z.number().int(),
  risk_level: RiskLevel,
  can_proceed: z.boolean(),
  requires_professional: z.boolean(),
  warnings: z.array(z.string()).describe('In the request’s language'),
  expires_at: Timestamp,
  created_at: Timestamp,
  measurements_source: z
    .object({
      weight: z.enum(MEASUREMENT_SOURCES).nullable(),
      height: z.enum(MEASUREMENT_SOURCES).nullable(),
    })
    .describe('Where weight and height came from: the request, my latest body entry or my athlete profile'),
});
export type Screening = z.infer<typeof Screening>;

/** What the gym's staff see of a member's screening: no answers, no warnings, no score. */
export const ScreeningStatus = z.object({
  user_id: z.number().int(),
  risk_level: RiskLevel,
  can_proceed: z.boolean(),
  requires_professional: z.boolean(),
  expires_at: Timestamp,
  valid: z.boolean(),
  guardian_consent: z.boolean(),
});
export type ScreeningStatus = z.infer<typeof ScreeningStatus>;

export const ConsentBody = z.object({
  user_id: Id.describe('The minor member'),
  guardian_name: Text.trim().min(1).max(120),
  relationship: Text.trim().min(1).max(60).optional(),
});
export const Consent = z.object({
  id: z.number().int(),
  user_id: z.number().int(),
  guardian_name: z.string(),
  relationship: z.string().nullable(),
  recorded_by: z.number().int().nullable(),
  created_at: Timestamp,
});
export type Consent = z.infer<typeof Consent>;

// ---- Following
export const Follow = z.object({
  plan_id: z.number().int(),
  user_id: z.number().int(),
  started_on: z.string(),
  created_at: Timestamp,
});
export type Follow = z.infer<typeof Follow>;

export const Following = Follow.extend({ plan: PlanSummary });
export type Following = z.infer<typeof Following>;

export const Follower = z.object({
  user_id: z.number().int(),
  name: z.string(),
  started_on: z.string(),
  created_at: Timestamp,
});

export const MealParams = z.object({ id: Id });
export const CompleteBody = z.object({
  date: IsoDate.optional().describe('The day the meal was eaten; default: today'),
  satisfaction: z.number().int().min(1).max(5).optional(),
  notes: Text.trim().max(500).optional(),
});
export const Completion = z.object({
  meal_id: z.number().int(),
  plan_id: z.number().int(),
  date: z.string(),
  satisfaction: z.number().int().nullable(),
  notes: z.string().nullable(),
  totals: Nutrients,
  created_at: Timestamp,
});
export type Completion = z.infer<typeof Completion>;

export const DiaryBody = z
  .object({
    date: IsoDate.optional(),
    food_id: Id.optional(),
    recipe_id: Id.optional(),
    grams: grams.optional(),
    name: Text.trim().min(1).max(120).optional().describe('A food not in the catalogue, with its values'),
    kcal: z.number().min(0).max(10_000).optional(),
    protein_g: macroG.optional(),
    carbs_g: macroG.optional(),
    fat_g: macroG.optional(),
    meal_type: z.enum(MEAL_TYPES).default('other'),
  })
  .refine(
    (b) =>
      (b.food_id !== undefined || b.recipe_id !== undefined) !==
      (b.name !== undefined && b.kcal !== undefined),
    { message: 'Give food_id or recipe_id with grams, or name with kcal', path: ['food_id'] },
  );
export type DiaryBody = z.infer<typeof DiaryBody>;

export const DiaryEntry = z.object({
  id: z.number().int(),
  date: z.string(),
  meal_type: z.string(),
  food_id: z.number().int().nullable(),
  recipe_id: z.number().int().nullable(),
  name: z.string().nullable(),
  grams: z.number().nullable(),
  totals: Nutrients,
  created_at: Timestamp,
});
export type DiaryEntry = z.infer<typeof DiaryEntry>;

// ---- Progress
export const DayProgress = z.object({
  date: z.string(),
  planned: Nutrients,
  eaten: Nutrients,
  meals_planned: z.number().int(),
  meals_completed: z.number().int(),
  adherence: z.number().nullable().describe('Completed / planned meals, 0–1; null with no meal planned'),
});
export type DayProgress = z.infer<typeof DayProgress>;

export const EnergyBudget = z.object({
  budget_kcal: z.number().int().describe('Resting + daily activity + the day’s workouts (the body module)'),
  resting_kcal: z.number().int(),
  workouts_kcal: z.number().int(),
  eaten_kcal: z.number().int(),
  balance_kcal: z.number().int().describe('Eaten minus budget: negative is a deficit'),
});

export const TodayProgress = DayProgress.extend({
  plan_id: z.number().int().nullable(),
  meals: z.array(
    z.object({
      meal_id: z.number().int(),
      plan_id: z.number().int(),
      name: z.string(),
      meal_type: z.string(),
      totals: Nutrients,
      completed: z.boolean(),
    }),
  ),
  diary: z.array(DiaryEntry),
  targets: Targets.nullable(),
  energy: EnergyBudget.nullable().describe(
    'Null when the body module lacks weight, height, birth date or sex',
  ),
});
export type TodayProgress = z.infer<typeof TodayProgress>;

export const WeeklyProgress = z.object({
  from: z.string(),
  to: z.string(),
  days: z.array(DayProgress),
  adherence: z.number().nullable(),
  average_eaten_kcal: z.number().int(),
  average_planned_kcal: z.number().int(),
});
export type WeeklyProgress = z.infer<typeof WeeklyProgress>;

export const ProgressQuery = z.object({
  from: IsoDate,
  to: IsoDate,
});

export const Dashboard = z.object({
  current_plan: PlanSummary.nullable(),
  today: TodayProgress,
  weekly: WeeklyProgress,
  recommendations: z.array(z.object({ code: z.string(), text: z.string() })),
});

export const Analytics = z.object({
  plans: z.object({
    total: z.number().int(),
    created_today: z.number().int(),
    followers: z.array(
      z.object({ plan_id: z.number().int(), name: z.string(), followers: z.number().int() }),
    ),
  }),
  adherence_distribution: z
    .object({
      '0-25': z.number().int(),
      '25-50': z.number().int(),
      '50-75': z.number().int(),
      '75-100': z.number().int(),
    })
    .describe('Followers by their meal adherence over the last 7 days'),
  screenings_by_level: z.record(RiskLevel, z.number().int()),
  ai: z.object({
    generations_today: z.number().int(),
    generations_month: z.number().int(),
    cost_today_usd: z.number(),
    cost_month_usd: z.number(),
    cost_per_active_user_usd: z.number(),
  }),
  active_users: z
    .number()
    .int()
    .describe('Members who completed a meal or wrote the diary in the last 7 days'),
});
export type Analytics = z.infer<typeof Analytics>;
