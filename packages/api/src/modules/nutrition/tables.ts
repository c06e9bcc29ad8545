import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { encrypted, encryptedTable } from '../../platform/crypto/columns.js';
import { createdAt, updatedAt } from '../../platform/db/columns.js';
import { gyms, users } from '../../platform/kernel/tables.js';

/**
 * A nutrition plan of one gym (issue 13). gym_id leads every key: every query is per gym. Targets per kg are
 * resolved against the follower's latest weight when read (issue 20's link to the body module).
 */
export const nutritionPlans = pgTable(
  'nutrition_plans',
  {
    id: serial('id'),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    description: text('description'),
    goal: text('goal').notNull(),
    type: text('type').notNull(),
    targetCalories: integer('target_calories').notNull(),
    proteinG: doublePrecision('protein_g'),
    carbsG: doublePrecision('carbs_g'),
    fatG: doublePrecision('fat_g'),
    proteinGPerKg: doublePrecision('protein_g_per_kg'),
    carbsGPerKg: doublePrecision('carbs_g_per_kg'),
    fatGPerKg: doublePrecision('fat_g_per_kg'),
    /** Live plans: the day every follower starts on. */
    startDate: date('start_date'),
    /** Set instead of deleting when the plan has (or had) followers. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    // The plan's tree (days, meals, items) has no gym_id and references the plan by id alone: docs/scaling.md.
    uniqueIndex('nutrition_plans_id_uq').on(t.id),
    index('nutrition_plans_gym_idx').on(t.gymId, t.createdAt),
    check('nutrition_plans_type_ck', sql`${t.type} in ('template','regular','live')`),
    check(
      'nutrition_plans_goal_ck',
      sql`${t.goal} in ('weight_loss','muscle_gain','maintenance','performance','health')`,
    ),
  ],
);

/** A day of a plan: by number (day 1, 2, …) or by ISO weekday; training and rest days may differ. */
export const nutritionDays = pgTable(
  'nutrition_days',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => nutritionPlans.id, { onDelete: 'cascade' }),
    dayNumber: integer('day_number'),
    weekday: integer('weekday'),
    kind: text('kind'),
    position: integer('position').notNull(),
  },
  (t) => [index('nutrition_days_plan_idx').on(t.planId, t.position)],
);

export const nutritionMeals = pgTable(
  'nutrition_meals',
  {
    id: serial('id').primaryKey(),
    /** Denormalised so that a plan's whole tree is read by plan id, one query per level. */
    planId: integer('plan_id')
      .notNull()
      .references(() => nutritionPlans.id, { onDelete: 'cascade' }),
    dayId: integer('day_id')
      .notNull()
      .references(() => nutritionDays.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    mealType: text('meal_type').notNull(),
    time: text('time'),
    position: integer('position').notNull(),
  },
  (t) => [index('nutrition_meals_plan_idx').on(t.planId, t.position)],
);

export const nutritionItems = pgTable(
  'nutrition_items',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => nutritionPlans.id, { onDelete: 'cascade' }),
    mealId: integer('meal_id')
      .notNull()
      .references(() => nutritionMeals.id, { onDelete: 'cascade' }),
    foodId: integer('food_id'),
    recipeId: integer('recipe_id'),
    grams: doublePrecision('grams').notNull(),
    note: text('note'),
    position: integer('position').notNull(),
  },
  (t) => [
    index('nutrition_items_plan_idx').on(t.planId, t.position),
    check('nutrition_items_ref_ck', sql`(${t.foodId} is null) <> (${t.recipeId} is null)`),
  ],
);

/**
 * A medical safety screening. The answers and the warnings are special-category data (GDPR art. 9): sealed.
 * Score, level, can_proceed, requires_professional and validity stay clear: the follow gate and the staff's
 * view read them, and analytics counts levels in SQL.
 */
export const nutritionScreenings = pgTable(
  'nutrition_screenings',
  {
    id: serial('id'),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    answers: encrypted<Record<string, unknown>>('answers').notNull(),
    /** Warning codes with their parameters (rendered in the reader's language). */
    warnings: encrypted<{ code: string; params?: Record<string, string | number> }[]>('warnings').notNull(),
    riskScore: integer('risk_score').notNull(),
    riskLevel: text('risk_level').notNull(),
    canProceed: boolean('can_proceed').notNull(),
    requiresProfessional: boolean('requires_professional').notNull(),
    /** Under 18 at the time (a restrictive plan also needs a guardian's consent). */
    minor: boolean('minor').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    index('nutrition_screenings_user_idx').on(t.gymId, t.userId, t.createdAt),
    index('nutrition_screenings_level_idx').on(t.gymId, t.riskLevel),
  ],
);

export const nutritionScreeningsSealed = encryptedTable(nutritionScreenings, {
  owner: 'userId',
  fields: { answers: 'json', warnings: 'json' },
});

/** A guardian's consent for a minor member, recorded by the gym's staff. */
export const nutritionConsents = pgTable(
  'nutrition_consents',
  {
    id: serial('id'),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    guardianName: text('guardian_name').notNull(),
    relationship: text('relationship'),
    recordedBy: integer('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    uniqueIndex('nutrition_consents_gym_user_uq').on(t.gymId, t.userId),
  ],
);

/** One follow per user and plan, held by the unique index (concurrent follows end as one row). */
export const nutritionFollows = pgTable(
  'nutrition_follows',
  {
    id: serial('id'),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    planId: integer('plan_id').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    startedOn: date('started_on').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    foreignKey({
      name: 'nutrition_follows_plan_fk',
      columns: [t.gymId, t.planId],
      foreignColumns: [nutritionPlans.gymId, nutritionPlans.id],
    }).onDelete('cascade'),
    uniqueIndex('nutrition_follows_plan_user_uq').on(t.planId, t.userId),
    index('nutrition_follows_user_idx').on(t.gymId, t.userId),
  ],
);

/** A planned meal eaten on a day: one per user, meal and day (a second POST is the same completion). */
export const nutritionCompletions = pgTable(
  'nutrition_completions',
  {
    id: serial('id'),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    planId: integer('plan_id').notNull(),
    mealId: integer('meal_id')
      .notNull()
      .references(() => nutritionMeals.id, { onDelete: 'cascade' }),
    date: date('date').notNull(),
    satisfaction: integer('satisfaction'),
    notes: encrypted<string>('notes'),
    /** The meal's energy and macros when completed: progress sums them without re-reading the plan tree. */
    kcal: doublePrecision('kcal').notNull(),
    proteinG: doublePrecision('protein_g').notNull(),
    carbsG: doublePrecision('carbs_g').notNull(),
    fatG: doublePrecision('fat_g').notNull(),
    fiberG: doublePrecision('fiber_g').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    foreignKey({
      name: 'nutrition_completions_plan_fk',
      columns: [t.gymId, t.planId],
      foreignColumns: [nutritionPlans.gymId, nutritionPlans.id],
    }).onDelete('cascade'),
    uniqueIndex('nutrition_completions_uq').on(t.userId, t.mealId, t.date),
    index('nutrition_completions_user_date_idx').on(t.gymId, t.userId, t.date),
  ],
);

export const nutritionCompletionsSealed = encryptedTable(nutritionCompletions, {
  owner: 'userId',
  fields: { notes: 'text' },
});

/** Food eaten without a plan. */
export const nutritionDiary = pgTable(
  'nutrition_diary',
  {
    id: serial('id'),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    date: date('date').notNull(),
    mealType: text('meal_type').notNull(),
    foodId: integer('food_id'),
    recipeId: integer('recipe_id'),
    name: text('name'),
    grams: doublePrecision('grams'),
    kcal: doublePrecision('kcal').notNull(),
    proteinG: doublePrecision('protein_g').notNull(),
    carbsG: doublePrecision('carbs_g').notNull(),
    fatG: doublePrecision('fat_g').notNull(),
    fiberG: doublePrecision('fiber_g').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    index('nutrition_diary_user_date_idx').on(t.gymId, t.userId, t.date),
  ],
);
