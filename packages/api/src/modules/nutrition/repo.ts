import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  isNull,
  isNotNull,
  lt,
  lte,
  or,
  sql,
} from 'drizzle-orm';
import type { Opened } from '../../platform/crypto/columns.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import {
  executePrepared,
  preparedStatement,
  rowsOf,
  type Db,
  type Executor,
} from '../../platform/db/index.js';
import { gyms, users } from '../../platform/kernel/tables.js';
import type { AuditEntry } from '../../platform/audit/repo.js';
import { auditLogs } from '../../platform/audit/tables.js';
import { RESTRICTIVE_GOAL, RESTRICTIVE_KCAL } from './domain/screening.js';
import {
  nutritionCompletions,
  nutritionCompletionsSealed,
  nutritionConsents,
  nutritionDays,
  nutritionDiary,
  nutritionFollows,
  nutritionItems,
  nutritionMeals,
  nutritionPlans,
  nutritionScreenings,
  nutritionScreeningsSealed,
} from './tables.js';

export type PlanRow = typeof nutritionPlans.$inferSelect;
export type PlanInsert = typeof nutritionPlans.$inferInsert;
export type DayRow = typeof nutritionDays.$inferSelect;
export type MealRow = typeof nutritionMeals.$inferSelect;
export type ItemRow = typeof nutritionItems.$inferSelect;
export type DiaryRow = typeof nutritionDiary.$inferSelect;
export type ConsentRow = typeof nutritionConsents.$inferSelect;
export type FollowRow = typeof nutritionFollows.$inferSelect;
type CompletionSelect = typeof nutritionCompletions.$inferSelect;
export type CompletionRow = Opened<CompletionSelect>;
export type CompletionInsert = Omit<typeof nutritionCompletions.$inferInsert, 'notes' | 'createdAt'> & {
  notes: string | null;
  createdAt: Date;
};

/** A follow for `followOpen`: its values and its audit row (the request's actor, IP and user agent). */
export interface FollowOpenInput {
  value: { gymId: number; planId: number; userId: number; startedOn: string; createdAt: Date };
  audit: AuditEntry;
}
/** See `followOpen`. */
export type FollowOpenResult = {
  archived: boolean;
  goal: string;
  targetCalories: number;
  row: FollowRow | null;
} | null;
/** A completion for `complete`; `check`: the meal's plan and the follow are checked in the statement. */
export interface CompletionWrite {
  values: CompletionInsert;
  check: boolean;
}
/** See `complete`. */
export type CompletionWriteResult = {
  planId: number;
  following: boolean;
  done?: { row: CompletionRow; created: boolean };
} | null;

/** Energy and macros as the completion and diary rows hold them. */
interface Nutrients {
  kcal: number;
  proteinG: number;
  carbsG: number;
  fatG: number;
  fiberG: number;
}

export interface TreeDay {
  dayNumber: number | null;
  weekday: number | null;
  kind: string | null;
  meals: {
    name: string;
    mealType: string;
    time: string | null;
    items: { foodId: number | null; recipeId: number | null; grams: number; note: string | null }[];
  }[];
}

export interface PlanFilter {
  goal?: string | undefined;
  type?: string | undefined;
  q?: string | undefined;
  archived: boolean;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Followers of a plan, counted in the same statement as the plan rows. The outer column is written qualified:
 * Drizzle leaves column names unqualified in single-table selects, where `id` would bind to the subquery's row.
 */
const followersCount = sql<number>`(select count(*)::int from nutrition_follows f where f.plan_id = "nutrition_plans"."id")`;

/** All SQL of the nutrition module. Screening answers and warnings, and completion notes, are sealed. */
const ph = (name: string) => sql.placeholder(name);

type CompletionResult = {
  id: number;
  gym_id: number;
  user_id: number;
  plan_id: number;
  meal_id: number;
  date: string;
  satisfaction: number | null;
  notes: string | null;
  kcal: number;
  protein_g: number;
  carbs_g: number;
  fat_g: number;
  fiber_g: number;
  created_at: string | Date;
  created: boolean;
};
const completionReturning =
  sql.raw(`id, gym_id, user_id, plan_id, meal_id, date::text as date, satisfaction, notes,
  kcal, protein_g, carbs_g, fat_g, fiber_g, created_at, (xmax = 0) as created`);

export function createNutritionRepo(db: Db, kr: Keyring) {
  // The hot reads of progress and completions, built once: Drizzle's query building was a large share of their
  // server CPU (bench/RESULTS.md, "Nutrition").
  const followedPlansQuery = db
    .select({
      planId: nutritionFollows.planId,
      startedOn: nutritionFollows.startedOn,
      type: nutritionPlans.type,
      startDate: nutritionPlans.startDate,
    })
    .from(nutritionFollows)
    .innerJoin(
      nutritionPlans,
      and(eq(nutritionPlans.gymId, nutritionFollows.gymId), eq(nutritionPlans.id, nutritionFollows.planId)),
    )
    .where(
      and(
        eq(nutritionFollows.gymId, sql.placeholder('gymId')),
        eq(nutritionFollows.userId, sql.placeholder('userId')),
      ),
    )
    .orderBy(desc(nutritionFollows.createdAt), desc(nutritionFollows.id))
    .prepare('nutrition_followed_plans');
  // Prepared: postgres.js sends an unprepared statement with parameters in two round trips (a Describe to learn
  // the parameter types, then the Bind and Execute); a named one is described once per connection.
  //
  // Follows and completions are written in groups (the service groups those that arrive while a write is under
  // way: platform/group-write.ts), so each statement takes its group as one JSON array: one parameter, hence one
  // statement text for any group size, and one commit for the group where each request had its own. `ord` is a
  // row's place in the group; the answer names it, so that each caller gets its own row's result. The tables are
  // read through LATERAL subqueries with LIMIT (which the planner keeps as they are): an index probe per row of
  // the group, where a join with the JSON rows (estimated at 100 whatever their number) was planned as a hash
  // join over a scan of the whole table, a cost for a lone request that grows with the table.
  //
  // Follows: the plans are held FOR SHARE (each once, in id order) while the follows and their audit rows are
  // inserted, so an archive (FOR UPDATE) waits for the statement as it waits for the gate's transaction. The
  // follows' ids are drawn before the insert (a CTE that calls nextval is evaluated once) so that each inserted
  // row is matched back to its request: RETURNING cannot name the input row, and ON CONFLICT skips some. Of two
  // requests of one user and plan in one group the earlier goes in first and the later finds it, as when they
  // come one after the other. Rows go in by plan and user: two groups (of two API nodes) that meet on the
  // unique index wait for each other in one order, never in a cycle. Each audit row is its own request's
  // (actor, IP, user agent), written only for a follow inserted.
  const followOpenStatement = preparedStatement<{ rows: string }>(
    db,
    'nutrition_follow_open_group',
    sql`
    with v as (
      select * from json_to_recordset(${ph('rows')}::json) as v(
        ord int, gym_id int, plan_id int, user_id int, started_on date, created_at timestamptz,
        audit_gym_id int, audit_user_id int, action text, target_type text, target_id text, ip inet,
        metadata jsonb)
    ), p as (
      select x.* from (select distinct gym_id, plan_id from v order by plan_id) k
      cross join lateral (
        select id, gym_id, goal, target_calories, archived_at from ${nutritionPlans}
         where gym_id = k.gym_id and id = k.plan_id limit 1 for share) x
    ), n as (
      select v.*, nextval('nutrition_follows_id_seq'::regclass)::int as fid
        from v join p on p.gym_id = v.gym_id and p.id = v.plan_id
       where p.archived_at is null
         and p.target_calories >= ${RESTRICTIVE_KCAL} and p.goal <> ${RESTRICTIVE_GOAL}
    ), f as (
      insert into ${nutritionFollows} (id, gym_id, plan_id, user_id, started_on, created_at)
      select fid, gym_id, plan_id, user_id, started_on, created_at from n order by plan_id, user_id, ord
      on conflict do nothing
      returning id, gym_id, plan_id, user_id, started_on::text as started_on, created_at
    ), a as (
      insert into ${auditLogs} (gym_id, user_id, action, target_type, target_id, ip, metadata)
      select n.audit_gym_id, n.audit_user_id, n.action, n.target_type, n.target_id, n.ip, n.metadata
        from f join n on n.fid = f.id
    )
    select v.ord, p.archived_at is not null as archived, p.goal, p.target_calories,
           f.id, f.gym_id, f.plan_id, f.user_id, f.started_on, f.created_at
      from v join p on p.gym_id = v.gym_id and p.id = v.plan_id
      left join n on n.ord = v.ord left join f on f.id = n.fid`,
  );
  // Completions: one per user, meal and day, a repeat replacing satisfaction and notes. A row with `chk` is
  // written only when its meal is of its plan in the gym and the person follows that plan (the answer says what
  // was found either way); one without was checked by the caller. DO UPDATE cannot touch one row twice in a
  // statement, so requests of the same user, meal and day in one group are written as one row: the first one's
  // values (what the first of them would have inserted) with the last one's satisfaction and notes (what the
  // last update would have left), which is the row that writing them one after the other leaves. Rows go in by
  // key, so that two groups (of two API nodes) updating the same rows lock them in one order, never in a cycle.
  const completeStatement = preparedStatement<{ rows: string }>(
    db,
    'nutrition_complete_group',
    sql`
    with v as (
      select * from json_to_recordset(${ph('rows')}::json) as v(
        ord int, chk boolean, gym_id int, user_id int, plan_id int, meal_id int, date date, satisfaction int,
        notes text, kcal float8, protein_g float8, carbs_g float8, fat_g float8, fiber_g float8,
        created_at timestamptz)
    ), m as (
      select v.ord, x.plan_id as meal_plan_id, x.following
        from v cross join lateral (
          select m.plan_id,
                 exists(select 1 from ${nutritionFollows} f
                         where f.plan_id = m.plan_id and f.user_id = v.user_id) as following
            from ${nutritionMeals} m
           where m.id = v.meal_id
             and (select p.gym_id from ${nutritionPlans} p where p.id = m.plan_id) = v.gym_id
           limit 1) x
       where v.chk
    ), ok as (
      select v.*, row_number() over w as nth,
             last_value(v.satisfaction) over (w rows between unbounded preceding and unbounded following)
               as last_satisfaction,
             last_value(v.notes) over (w rows between unbounded preceding and unbounded following) as last_notes
        from v left join m on m.ord = v.ord
       where not v.chk or (m.following and m.meal_plan_id = v.plan_id)
      window w as (partition by v.user_id, v.meal_id, v.date order by v.ord)
    ), c as (
      insert into ${nutritionCompletions} (gym_id, user_id, plan_id, meal_id, date, satisfaction, notes, kcal,
        protein_g, carbs_g, fat_g, fiber_g, created_at)
      select gym_id, user_id, plan_id, meal_id, date, last_satisfaction, last_notes, kcal, protein_g, carbs_g,
             fat_g, fiber_g, created_at
        from ok where nth = 1 order by user_id, meal_id, date
      on conflict (user_id, meal_id, date)
        do update set satisfaction = excluded.satisfaction, notes = excluded.notes
      returning ${completionReturning}, date as day
    )
    select v.ord, m.meal_plan_id, m.following, ok.nth, c.*
      from v left join m on m.ord = v.ord left join ok on ok.ord = v.ord
      left join c on c.user_id = ok.user_id and c.meal_id = ok.meal_id and c.day = ok.date`,
  );
  const mealOfFollowerQuery = db
    .select({
      planId: nutritionMeals.planId,
      following: sql<boolean>`exists(select 1 from nutrition_follows f
        where f.plan_id = ${nutritionMeals.planId} and f.user_id = ${sql.placeholder('userId')})`,
    })
    .from(nutritionMeals)
    .innerJoin(nutritionPlans, eq(nutritionPlans.id, nutritionMeals.planId))
    .where(
      and(
        eq(nutritionMeals.id, sql.placeholder('mealId')),
        eq(nutritionPlans.gymId, sql.placeholder('gymId')),
      ),
    )
    .prepare('nutrition_meal_of_follower');
  // What progress sums (no notes: nothing is decrypted for a read that does not show them).
  const completionsQuery = db
    .select({
      mealId: nutritionCompletions.mealId,
      date: nutritionCompletions.date,
      kcal: nutritionCompletions.kcal,
      proteinG: nutritionCompletions.proteinG,
      carbsG: nutritionCompletions.carbsG,
      fatG: nutritionCompletions.fatG,
      fiberG: nutritionCompletions.fiberG,
    })
    .from(nutritionCompletions)
    .where(
      and(
        eq(nutritionCompletions.gymId, sql.placeholder('gymId')),
        eq(nutritionCompletions.userId, sql.placeholder('userId')),
        gte(nutritionCompletions.date, sql.placeholder('from')),
        lte(nutritionCompletions.date, sql.placeholder('to')),
      ),
    )
    .prepare('nutrition_completions_between');
  const diaryQuery = db
    .select()
    .from(nutritionDiary)
    .where(
      and(
        eq(nutritionDiary.gymId, sql.placeholder('gymId')),
        eq(nutritionDiary.userId, sql.placeholder('userId')),
        gte(nutritionDiary.date, sql.placeholder('from')),
        lte(nutritionDiary.date, sql.placeholder('to')),
      ),
    )
    .orderBy(asc(nutritionDiary.date), asc(nutritionDiary.id))
    .prepare('nutrition_diary_between');

  const openScreening = (r: typeof nutritionScreenings.$inferSelect) => nutritionScreeningsSealed.open(kr, r);
  const openCompletion = (r: typeof nutritionCompletions.$inferSelect) =>
    nutritionCompletionsSealed.open(kr, r);
  /**
   * A completion as its request wrote it: the stored row with the request's own satisfaction and notes (those of
   * a later request of the same group may be what the row holds now; see `completeStatement`). The notes are
   * the ones the request sent, so nothing sealed is opened again.
   */
  const completionRow = (r: CompletionResult, v: CompletionInsert): CompletionRow => ({
    id: r.id,
    gymId: r.gym_id,
    userId: r.user_id,
    planId: r.plan_id,
    mealId: r.meal_id,
    date: r.date,
    satisfaction: v.satisfaction ?? null,
    notes: v.notes,
    kcal: Number(r.kcal),
    proteinG: Number(r.protein_g),
    carbsG: Number(r.carbs_g),
    fatG: Number(r.fat_g),
    fiberG: Number(r.fiber_g),
    createdAt: new Date(r.created_at),
  });

  return {
    /** The gym's IANA time zone: its "today" is the nutrition module's. */
    async zoneOf(gymId: number): Promise<string> {
      const [r] = await db.select({ tz: gyms.timezone }).from(gyms).where(eq(gyms.id, gymId));
      return r?.tz ?? 'UTC';
    },

    // ---------- plans
    async insertPlan(v: PlanInsert, tx: Executor = db): Promise<PlanRow> {
      const [r] = await tx.insert(nutritionPlans).values(v).returning();
      return r!;
    },

    /** Writes a plan's days, meals and items: three inserts whatever the size of the tree. */
    async insertTree(planId: number, days: TreeDay[], tx: Executor) {
      if (!days.length) return;
      const dayRows = await tx
        .insert(nutritionDays)
        .values(
          days.map((d, i) => ({
            planId,
            dayNumber: d.dayNumber,
            weekday: d.weekday,
            kind: d.kind,
            position: i,
          })),
        )
        .returning({ id: nutritionDays.id, position: nutritionDays.position });
      const dayId = new Map(dayRows.map((r) => [r.position, r.id]));
      const meals = days.flatMap((d, i) => d.meals.map((m) => ({ m, dayId: dayId.get(i)! })));
      if (!meals.length) return;
      const mealRows = await tx
        .insert(nutritionMeals)
        .values(
          meals.map(({ m, dayId: did }, j) => ({
            planId,
            dayId: did,
            name: m.name,
            mealType: m.mealType,
            time: m.time,
            position: j,
          })),
        )
        .returning({ id: nutritionMeals.id, position: nutritionMeals.position });
      const mealId = new Map(mealRows.map((r) => [r.position, r.id]));
      const items = meals.flatMap(({ m }, j) => m.items.map((it) => ({ it, mealId: mealId.get(j)! })));
      if (!items.length) return;
      await tx.insert(nutritionItems).values(
        items.map(({ it, mealId: mid }, k) => ({
          planId,
          mealId: mid,
          foodId: it.foodId,
          recipeId: it.recipeId,
          grams: it.grams,
          note: it.note,
          position: k,
        })),
      );
    },

    async deleteTree(planId: number, tx: Executor) {
      await tx.delete(nutritionDays).where(eq(nutritionDays.planId, planId));
    },

    async updatePlan(gymId: number, id: number, set: Partial<PlanInsert>, tx: Executor) {
      await tx
        .update(nutritionPlans)
        .set({ ...set, updatedAt: sql`now()` })
        .where(and(eq(nutritionPlans.gymId, gymId), eq(nutritionPlans.id, id)));
    },

    async plan(gymId: number, id: number, tx: Executor = db) {
      const [r] = await tx
        .select({ plan: nutritionPlans, followers: followersCount })
        .from(nutritionPlans)
        .where(and(eq(nutritionPlans.gymId, gymId), eq(nutritionPlans.id, id)));
      return r;
    },

    /** The plan's row locked for a change (the follow gate and archive decisions read it under the lock). */
    async lockPlan(gymId: number, id: number, tx: Executor) {
      const [r] = await tx
        .select()
        .from(nutritionPlans)
        .where(and(eq(nutritionPlans.gymId, gymId), eq(nutritionPlans.id, id)))
        .for('update');
      return r;
    },

    /**
     * The plan's row held against a change while a follow is decided: shared, so follows of one plan run side by
     * side, while an archive (which locks it for update) waits for them and they for it.
     */
    async sharePlan(gymId: number, id: number, tx: Executor) {
      const [r] = await tx
        .select()
        .from(nutritionPlans)
        .where(and(eq(nutritionPlans.gymId, gymId), eq(nutritionPlans.id, id)))
        .for('share');
      return r;
    },

    /** A plan's whole tree: one query per level, by plan id (no N+1). */
    async tree(planIds: number[], tx: Executor = db) {
      if (!planIds.length) return { days: [], meals: [], items: [] };
      const [days, meals, items] = await Promise.all([
        tx
          .select()
          .from(nutritionDays)
          .where(inArray(nutritionDays.planId, planIds))
          .orderBy(asc(nutritionDays.position)),
        tx
          .select()
          .from(nutritionMeals)
          .where(inArray(nutritionMeals.planId, planIds))
          .orderBy(asc(nutritionMeals.position)),
        tx
          .select()
          .from(nutritionItems)
          .where(inArray(nutritionItems.planId, planIds))
          .orderBy(asc(nutritionItems.position)),
      ]);
      return { days, meals, items };
    },

    /** The day numbers and weekdays of plans (for durations and live status in lists). */
    async dayKeys(planIds: number[], tx: Executor = db) {
      if (!planIds.length) return [];
      return tx
        .select({
          planId: nutritionDays.planId,
          dayNumber: nutritionDays.dayNumber,
          weekday: nutritionDays.weekday,
        })
        .from(nutritionDays)
        .where(inArray(nutritionDays.planId, planIds));
    },

    async listPlans(gymId: number, f: PlanFilter, page: { skip: number; limit: number }) {
      const where = and(
        eq(nutritionPlans.gymId, gymId),
        f.archived ? isNotNull(nutritionPlans.archivedAt) : isNull(nutritionPlans.archivedAt),
        f.goal ? eq(nutritionPlans.goal, f.goal) : undefined,
        f.type ? eq(nutritionPlans.type, f.type) : undefined,
        f.q
          ? or(
              ilike(nutritionPlans.name, `%${likeEscape(f.q)}%`),
              ilike(nutritionPlans.description, `%${likeEscape(f.q)}%`),
            )
          : undefined,
      );
      const [rows, [total]] = await Promise.all([
        db
          .select({ plan: nutritionPlans, followers: followersCount })
          .from(nutritionPlans)
          .where(where)
          .orderBy(desc(nutritionPlans.createdAt), desc(nutritionPlans.id))
          .offset(page.skip)
          .limit(page.limit),
        db.select({ n: count() }).from(nutritionPlans).where(where),
      ]);
      return { rows, total: total!.n };
    },

    async deletePlan(gymId: number, id: number, tx: Executor) {
      await tx.delete(nutritionPlans).where(and(eq(nutritionPlans.gymId, gymId), eq(nutritionPlans.id, id)));
    },

    /** Whether anyone ever followed or completed a meal of the plan (such a plan is archived, not deleted). */
    async planHasHistory(planId: number, tx: Executor) {
      const [r] = await tx
        .select({
          used: sql<boolean>`exists(select 1 from ${nutritionFollows} where plan_id = ${planId})
             or exists(select 1 from ${nutritionCompletions} where plan_id = ${planId})`,
        })
        .from(sql`(select 1) as one`);
      return !!r?.used;
    },

    // ---------- follows
    /** Inserts the follow unless it exists; null when it did (the unique index decides, not a prior read). */
    async follow(
      v: { gymId: number; planId: number; userId: number; startedOn: string; createdAt: Date },
      tx: Executor,
    ) {
      const [r] = await tx.insert(nutritionFollows).values(v).onConflictDoNothing().returning();
      return r ?? null;
    },
    async unfollow(gymId: number, planId: number, userId: number, tx: Executor = db) {
      const r = await tx
        .delete(nutritionFollows)
        .where(
          and(
            eq(nutritionFollows.gymId, gymId),
            eq(nutritionFollows.planId, planId),
            eq(nutritionFollows.userId, userId),
          ),
        )
        .returning({ id: nutritionFollows.id });
      return r.length > 0;
    },
    async followOf(planId: number, userId: number, tx: Executor = db) {
      const [r] = await tx
        .select()
        .from(nutritionFollows)
        .where(and(eq(nutritionFollows.planId, planId), eq(nutritionFollows.userId, userId)));
      return r;
    },
    /** What progress needs of my follows in a gym (no follower counts), newest first. */
    async followedPlans(gymId: number, userId: number) {
      return followedPlansQuery.execute({ gymId, userId });
    },
    /**
     * What a summary of progress reads, in one prepared statement (one round trip instead of three): my follows
     * as `followedPlans` gives them (newest first), and the nutrients of the meals I completed and of the food I
     * logged between two days (by date, then as written), without the diary's other fields or any note.
     */
    async progressBetween(gymId: number, userId: number, from: string, to: string) {
      const rows = rowsOf<{
        k: number;
        plan_id: number | null;
        date: string;
        type: string | null;
        start_date: string | null;
        meal_id: number | null;
        kcal: number;
        protein_g: number;
        carbs_g: number;
        fat_g: number;
        fiber_g: number;
      }>(
        await executePrepared(
          db,
          'nutrition_progress_between',
          // The union is wrapped: a union's own ORDER BY takes only its column names, not an expression.
          sql`
          select * from (
          select 0 as k, f.plan_id, f.started_on::text as date, p.type, p.start_date::text as start_date,
                 null::int as meal_id, null::float8 as kcal, null::float8 as protein_g, null::float8 as carbs_g,
                 null::float8 as fat_g, null::float8 as fiber_g, f.created_at as at, f.id
            from ${nutritionFollows} f
            join ${nutritionPlans} p on p.gym_id = f.gym_id and p.id = f.plan_id
           where f.gym_id = ${gymId}::int and f.user_id = ${userId}::int
          union all
          select 1, c.plan_id, c.date::text, null, null, c.meal_id, c.kcal, c.protein_g, c.carbs_g, c.fat_g,
                 c.fiber_g, null, c.id
            from ${nutritionCompletions} c
           where c.gym_id = ${gymId}::int and c.user_id = ${userId}::int
             and c.date >= ${from}::date and c.date <= ${to}::date
          union all
          select 2, null, x.date::text, null, null, null, x.kcal, x.protein_g, x.carbs_g, x.fat_g, x.fiber_g, null, x.id
            from ${nutritionDiary} x
           where x.gym_id = ${gymId}::int and x.user_id = ${userId}::int
             and x.date >= ${from}::date and x.date <= ${to}::date
          ) u
          order by k, at desc, case when k = 0 then -id end, date, id`,
        ),
      );
      const follows: { planId: number; startedOn: string; type: string; startDate: string | null }[] = [];
      const completions: (Nutrients & { mealId: number; date: string })[] = [];
      const diary: (Nutrients & { date: string })[] = [];
      for (const r of rows) {
        if (r.k === 0)
          follows.push({ planId: r.plan_id!, startedOn: r.date, type: r.type!, startDate: r.start_date });
        else {
          const n = {
            date: r.date,
            kcal: Number(r.kcal),
            proteinG: Number(r.protein_g),
            carbsG: Number(r.carbs_g),
            fatG: Number(r.fat_g),
            fiberG: Number(r.fiber_g),
          };
          if (r.k === 1) completions.push({ ...n, mealId: r.meal_id! });
          else diary.push(n);
        }
      }
      return { follows, completions, diary };
    },
    /**
     * Follows of plans that are not restrictive, decided and written in one statement (one round trip instead of
     * a transaction's five), any number of them (one commit for the group): the plans' rows are held FOR SHARE
     * while the follows and their audit rows are inserted, so an archive (FOR UPDATE) waits for them as it waits
     * for the transaction. The rule is the domain's (`isRestrictive`, same constants); a restrictive plan is not
     * followed here, and the caller, seeing its goal and target, takes the screening gate's transaction instead.
     * One answer per follow, in order: null when the gym has no such plan; `row` null when nothing was written
     * (archived, restrictive, or already followed: by an earlier request of the group too).
     */
    async followOpen(list: FollowOpenInput[]): Promise<FollowOpenResult[]> {
      if (!list.length) return [];
      const rows = list.map(({ value: v, audit }, ord) => ({
        ord,
        gym_id: v.gymId,
        plan_id: v.planId,
        user_id: v.userId,
        started_on: v.startedOn,
        created_at: v.createdAt.toISOString(),
        audit_gym_id: audit.gymId ?? null,
        audit_user_id: audit.userId ?? null,
        action: audit.action,
        target_type: audit.targetType ?? null,
        target_id: audit.targetId == null ? null : String(audit.targetId),
        ip: audit.ip ?? null,
        metadata: audit.metadata ?? {},
      }));
      const found = new Map(
        rowsOf<{
          ord: number;
          archived: boolean;
          goal: string;
          target_calories: number;
          id: number | null;
          gym_id: number;
          plan_id: number;
          user_id: number;
          started_on: string;
          created_at: string | Date;
        }>(await followOpenStatement({ rows: JSON.stringify(rows) })).map((r) => [Number(r.ord), r]),
      );
      return list.map((_, ord): FollowOpenResult => {
        const r = found.get(ord);
        if (!r) return null;
        return {
          archived: r.archived,
          goal: r.goal,
          targetCalories: r.target_calories,
          row:
            r.id == null
              ? null
              : {
                  id: r.id,
                  gymId: r.gym_id,
                  planId: r.plan_id,
                  userId: r.user_id,
                  startedOn: r.started_on,
                  createdAt: new Date(r.created_at),
                },
        };
      });
    },
    /** My follows in a gym with their plans, newest first. */
    async following(gymId: number, userId: number, tx: Executor = db) {
      return tx
        .select({ follow: nutritionFollows, plan: nutritionPlans, followers: followersCount })
        .from(nutritionFollows)
        .innerJoin(
          nutritionPlans,
          and(
            eq(nutritionPlans.gymId, nutritionFollows.gymId),
            eq(nutritionPlans.id, nutritionFollows.planId),
          ),
        )
        .where(and(eq(nutritionFollows.gymId, gymId), eq(nutritionFollows.userId, userId)))
        .orderBy(desc(nutritionFollows.createdAt), desc(nutritionFollows.id));
    },
    async followers(gymId: number, planId: number, page: { skip: number; limit: number }) {
      const where = and(eq(nutritionFollows.gymId, gymId), eq(nutritionFollows.planId, planId));
      const [rows, [total]] = await Promise.all([
        db
          .select({ follow: nutritionFollows, name: users.name })
          .from(nutritionFollows)
          .innerJoin(users, eq(users.id, nutritionFollows.userId))
          .where(where)
          .orderBy(asc(nutritionFollows.createdAt), asc(nutritionFollows.id))
          .offset(page.skip)
          .limit(page.limit),
        db.select({ n: count() }).from(nutritionFollows).where(where),
      ]);
      return { rows, total: total!.n };
    },
    async followerIds(planId: number, tx: Executor = db) {
      const r = await tx
        .select({ userId: nutritionFollows.userId })
        .from(nutritionFollows)
        .where(eq(nutritionFollows.planId, planId));
      return r.map((x) => x.userId);
    },

    /** The gyms where the person has progress of their own (follows, completions, diary): their cached weeks. */
    async progressGymsOf(userId: number, tx: Executor = db): Promise<number[]> {
      const r = await tx
        .selectDistinct({ gymId: nutritionFollows.gymId })
        .from(nutritionFollows)
        .where(eq(nutritionFollows.userId, userId))
        .union(
          tx
            .selectDistinct({ gymId: nutritionCompletions.gymId })
            .from(nutritionCompletions)
            .where(eq(nutritionCompletions.userId, userId)),
        )
        .union(
          tx
            .selectDistinct({ gymId: nutritionDiary.gymId })
            .from(nutritionDiary)
            .where(eq(nutritionDiary.userId, userId)),
        );
      return r.map((x) => x.gymId);
    },

    // ---------- screenings and consents
    async insertScreening(
      v: Omit<typeof nutritionScreenings.$inferInsert, 'answers' | 'warnings'> & {
        answers: Record<string, unknown>;
        warnings: { code: string; params?: Record<string, string | number> }[];
      },
    ) {
      const [r] = await db
        .insert(nutritionScreenings)
        .values(nutritionScreeningsSealed.seal(kr, v.userId, v))
        .returning();
      return openScreening(r!);
    },
    /** The latest screening of a person in a gym (opened: only for its owner or the gate). */
    /** The gym's plans with an item of any of these foods or recipes. */
    /** Plans with items of these foods or recipes: the gym's, or every gym's (`gymId` null: shared foods). */
    async plansUsing(
      gymId: number | null,
      foodIds: number[],
      recipeIds: number[],
    ): Promise<{ gymId: number; id: number }[]> {
      const refs = [
        ...(foodIds.length ? [inArray(nutritionItems.foodId, foodIds)] : []),
        ...(recipeIds.length ? [inArray(nutritionItems.recipeId, recipeIds)] : []),
      ];
      if (!refs.length) return [];
      return db
        .selectDistinct({ gymId: nutritionPlans.gymId, id: nutritionPlans.id })
        .from(nutritionItems)
        .innerJoin(nutritionPlans, eq(nutritionPlans.id, nutritionItems.planId))
        .where(gymId === null ? or(...refs) : and(eq(nutritionPlans.gymId, gymId), or(...refs)));
    },

    async latestScreening(gymId: number, userId: number, tx: Executor = db) {
      const [r] = await tx
        .select()
        .from(nutritionScreenings)
        .where(and(eq(nutritionScreenings.gymId, gymId), eq(nutritionScreenings.userId, userId)))
        .orderBy(desc(nutritionScreenings.createdAt), desc(nutritionScreenings.id))
        .limit(1);
      return r ? openScreening(r) : undefined;
    },
    /** What staff may see of it: no answers, no warnings, no score (nothing is decrypted). */
    async screeningStatus(gymId: number, userId: number) {
      const [r] = await db
        .select({
          riskLevel: nutritionScreenings.riskLevel,
          canProceed: nutritionScreenings.canProceed,
          requiresProfessional: nutritionScreenings.requiresProfessional,
          expiresAt: nutritionScreenings.expiresAt,
        })
        .from(nutritionScreenings)
        .where(and(eq(nutritionScreenings.gymId, gymId), eq(nutritionScreenings.userId, userId)))
        .orderBy(desc(nutritionScreenings.createdAt), desc(nutritionScreenings.id))
        .limit(1);
      return r;
    },
    async screeningsByLevel(gymId: number) {
      return db
        .select({ level: nutritionScreenings.riskLevel, n: count() })
        .from(nutritionScreenings)
        .where(eq(nutritionScreenings.gymId, gymId))
        .groupBy(nutritionScreenings.riskLevel);
    },
    async upsertConsent(v: typeof nutritionConsents.$inferInsert, tx: Executor = db) {
      const [r] = await tx
        .insert(nutritionConsents)
        .values(v)
        .onConflictDoUpdate({
          target: [nutritionConsents.gymId, nutritionConsents.userId],
          set: { guardianName: v.guardianName, relationship: v.relationship, recordedBy: v.recordedBy },
        })
        .returning();
      return r!;
    },
    async consent(gymId: number, userId: number, tx: Executor = db) {
      const [r] = await tx
        .select()
        .from(nutritionConsents)
        .where(and(eq(nutritionConsents.gymId, gymId), eq(nutritionConsents.userId, userId)));
      return r;
    },

    // ---------- meals, completions, diary
    async meal(planIdsOrGym: { gymId: number }, mealId: number) {
      const [r] = await db
        .select({ meal: nutritionMeals, day: nutritionDays, plan: nutritionPlans })
        .from(nutritionMeals)
        .innerJoin(nutritionDays, eq(nutritionDays.id, nutritionMeals.dayId))
        .innerJoin(nutritionPlans, eq(nutritionPlans.id, nutritionMeals.planId))
        .where(and(eq(nutritionMeals.id, mealId), eq(nutritionPlans.gymId, planIdsOrGym.gymId)));
      return r;
    },
    /** The plan of a meal of the gym, and whether the person follows it: one query for a completion's checks. */
    async mealOfFollower(gymId: number, mealId: number, userId: number) {
      const [r] = await mealOfFollowerQuery.execute({ gymId, mealId, userId });
      return r;
    },
    async mealItems(mealId: number) {
      return db.select().from(nutritionItems).where(eq(nutritionItems.mealId, mealId));
    },
    /**
     * Completions, any number in one statement and one commit (the service groups them). One per user, meal and
     * day: a repeat updates satisfaction and notes (idempotent), within a group too, with the answers that
     * writing them one after the other gives (the first of a day's repeats is the one that may be new; each
     * answers its own satisfaction and notes). A fixed, prepared statement: building Drizzle's insert and sending
     * it unprepared (two round trips, see `followOpen`) was most of a completion's server CPU.
     *
     * With `check` (a meal whose plan the caller already knows: a meal never moves to another plan), the checks of
     * `mealOfFollower` are made in the same statement: one round trip instead of two. It writes only when the
     * meal is of that plan in the gym and the person follows it, and the answer says what was found either way
     * (null: no such meal in the gym). Without, the caller has checked: the answer is always `done`.
     */
    async complete(list: CompletionWrite[]): Promise<CompletionWriteResult[]> {
      if (!list.length) return [];
      const rows = list.map(({ values: v, check }, ord) => ({
        ord,
        chk: check,
        gym_id: v.gymId,
        user_id: v.userId,
        plan_id: v.planId,
        meal_id: v.mealId,
        date: v.date,
        satisfaction: v.satisfaction ?? null,
        notes: nutritionCompletionsSealed.seal(kr, v.userId, v).notes ?? null,
        kcal: v.kcal,
        protein_g: v.proteinG,
        carbs_g: v.carbsG,
        fat_g: v.fatG,
        fiber_g: v.fiberG,
        created_at: v.createdAt.toISOString(),
      }));
      const found = new Map(
        rowsOf<
          Omit<CompletionResult, 'id'> & {
            ord: number;
            meal_plan_id: number | null;
            following: boolean | null;
            nth: number | string | null;
            id: number | null;
          }
        >(await completeStatement({ rows: JSON.stringify(rows) })).map((r) => [Number(r.ord), r]),
      );
      return list.map(({ values: v, check }, ord): CompletionWriteResult => {
        const r = found.get(ord);
        if (check && r?.meal_plan_id == null) return null;
        return {
          planId: r?.meal_plan_id ?? v.planId,
          following: r?.following ?? true,
          ...(r?.id == null
            ? {}
            : {
                done: {
                  row: completionRow(r as CompletionResult, v),
                  created: r.created && Number(r.nth) === 1,
                },
              }),
        };
      });
    },
    /** The meals I completed between two days with their nutrients (what progress needs; notes stay sealed). */
    async completions(gymId: number, userId: number, from: string, to: string) {
      return completionsQuery.execute({ gymId, userId, from, to });
    },
    async insertDiary(v: typeof nutritionDiary.$inferInsert) {
      const [r] = await db.insert(nutritionDiary).values(v).returning();
      return r!;
    },
    async diary(gymId: number, userId: number, from: string, to: string): Promise<DiaryRow[]> {
      return diaryQuery.execute({ gymId, userId, from, to });
    },

    // ---------- analytics (counts only)
    /** `day`: the gym's today as instants (its time zone's midnights); `weekFrom`..`today`: its last 7 days. */
    async analytics(gymId: number, day: { start: Date; end: Date }, weekFrom: string, today: string) {
      const [plans, [created], followers, completedPerFollower, [active]] = await Promise.all([
        db.select({ n: count() }).from(nutritionPlans).where(eq(nutritionPlans.gymId, gymId)),
        db
          .select({ n: count() })
          .from(nutritionPlans)
          .where(
            and(
              eq(nutritionPlans.gymId, gymId),
              gte(nutritionPlans.createdAt, day.start),
              lt(nutritionPlans.createdAt, day.end),
            ),
          ),
        db
          .select({
            planId: nutritionPlans.id,
            name: nutritionPlans.name,
            followers: count(nutritionFollows.id),
          })
          .from(nutritionPlans)
          .innerJoin(
            nutritionFollows,
            and(
              eq(nutritionFollows.gymId, nutritionPlans.gymId),
              eq(nutritionFollows.planId, nutritionPlans.id),
            ),
          )
          .where(eq(nutritionPlans.gymId, gymId))
          .groupBy(nutritionPlans.id, nutritionPlans.name)
          .orderBy(desc(count(nutritionFollows.id)), asc(nutritionPlans.id))
          .limit(50),
        db
          .select({
            userId: nutritionFollows.userId,
            planId: nutritionFollows.planId,
            done: sql<number>`(select count(*)::int from nutrition_completions c
               where c.user_id = "nutrition_follows"."user_id" and c.plan_id = "nutrition_follows"."plan_id"
               and c.date >= ${weekFrom} and c.date <= ${today})`,
          })
          .from(nutritionFollows)
          .where(eq(nutritionFollows.gymId, gymId)),
        db.select({ n: sql<number>`count(distinct u)::int` }).from(
          sql`(select user_id as u from ${nutritionCompletions} where gym_id = ${gymId} and date >= ${weekFrom}
               union all select user_id from ${nutritionDiary} where gym_id = ${gymId} and date >= ${weekFrom}) x`,
        ),
      ]);
      return {
        total: plans[0]!.n,
        createdToday: created!.n,
        followers,
        completedPerFollower,
        active: active!.n,
      };
    },

    /** Meals a day of each plan of the gym that has followers (for the adherence distribution). */
    async mealsPerDay(gymId: number) {
      return db
        .select({
          planId: nutritionMeals.planId,
          perDay: sql<number>`count(*)::float / greatest(1, count(distinct ${nutritionMeals.dayId}))`,
        })
        .from(nutritionMeals)
        .innerJoin(nutritionPlans, eq(nutritionPlans.id, nutritionMeals.planId))
        .where(
          and(
            eq(nutritionPlans.gymId, gymId),
            sql`exists(select 1 from nutrition_follows f where f.plan_id = "nutrition_plans"."id")`,
          ),
        )
        .groupBy(nutritionMeals.planId);
    },

    // ---------- personal data
    async exportOf(userId: number, tx: Executor) {
      const [screenings, consents, follows, completions, diary] = await Promise.all([
        tx.select().from(nutritionScreenings).where(eq(nutritionScreenings.userId, userId)),
        tx.select().from(nutritionConsents).where(eq(nutritionConsents.userId, userId)),
        tx.select().from(nutritionFollows).where(eq(nutritionFollows.userId, userId)),
        tx.select().from(nutritionCompletions).where(eq(nutritionCompletions.userId, userId)),
        tx.select().from(nutritionDiary).where(eq(nutritionDiary.userId, userId)),
      ]);
      return {
        screenings: screenings.map(openScreening),
        consents,
        follows,
        completions: completions.map(openCompletion),
        diary,
      };
    },
  };
}

export type NutritionRepo = ReturnType<typeof createNutritionRepo>;
