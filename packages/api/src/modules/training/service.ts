import type { TrainingPlan, TrainingPlanBody, WeeklyPlan } from '@pulso/contracts';
import type { Cache } from '../../platform/cache/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, invalid } from '../../platform/errors.js';
import { refuse } from './reasons.js';
import type { Lang } from '../../platform/i18n.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import { vdotOf } from '../race/domain/equivalence.js';
import type { RaceService } from '../race/service.js';
import type { RunningReadModel } from '../running/read-model.js';
import { memoOn } from '../../platform/memo.js';
import { addDays, dayNumber, mondayOf, todayOf, type Weekday } from './domain/dates.js';
import {
  generatePlan,
  MAX_PLAN_WEEKS,
  MIN_PRE_RACE_WEEKS,
  SESSION_INTENSITY,
  type Phase,
  type PlannedWeek,
  type SessionKind,
} from './domain/plan.js';
import { vdotFromThresholdPace } from './domain/zones.js';
import { createGuidance } from './guidance.js';
import { PROGRAM_DISTANCE_KM, PROGRAM_PRE_RACE_WEEKS } from './program.js';
import { buildWeek, r1, toDto, type DayDone, type LoadedPlan, type WeekSource } from './plan-view.js';
import type { TrainingRepo } from './repo.js';
import { trainingMessages as M } from './messages.js';

export interface TrainingDeps {
  db: Db;
  repo: TrainingRepo;
  running: RunningReadModel;
  race: Pick<RaceService, 'bestRecent'>;
  cache: Cache;
  clock: () => number;
}

/**
 * Plans change only through this service (create, delete) and account erasure, which all invalidate; the TTL
 * bounds the known window of a read racing an invalidation (ARCHITECTURE.md, Cache).
 */
const PLAN_TTL_S = 300;
/** Built weeks kept per cached plan object (weeks × languages × adaptation states of one day). */
const WEEKS_PER_PLAN = 16;
const planKey = (userId: number) => `training:plan:${userId}`;
/** Running days a week by experience, when no plan says (common coaching practice: 3 for beginners up to 6). */
const DAYS_BY_EXPERIENCE = { beginner: 3, intermediate: 4, advanced: 5, elite: 6 } as const;

export interface CalendarSession {
  date: string;
  week: number;
  phase: Phase;
  kind: SessionKind;
  distanceKm: number;
  zone: string;
}

/**
 * The training plan use cases (create, read, delete, weekly view, calendar sessions), composed with the plan
 * views (plan-view.ts), the guidance use cases (guidance.ts) and the pure rules in domain/.
 */
export function createTrainingService({ db, repo, running, race, cache, clock }: TrainingDeps) {
  const today = () => todayOf(clock());
  /** Built weeks, per cached plan object: they go with it (a plan create/delete drops it from the cache). */
  const weekOf = memoOn<LoadedPlan, WeeklyPlan>(WEEKS_PER_PLAN);

  async function loadPlan(userId: number): Promise<LoadedPlan | null> {
    const hit = await cache.get<{ p: LoadedPlan | null }>(planKey(userId));
    if (hit) return hit.p;
    const row = await repo.planOf(userId);
    let p: LoadedPlan | null = null;
    if (row) {
      const sessions = await repo.sessionsBetween(userId, '0001-01-01', '9999-12-31');
      p = {
        id: row.id,
        goalDistanceKm: row.goalDistanceKm,
        raceDate: row.raceDate,
        startDate: row.startDate,
        daysPerWeek: row.daysPerWeek,
        longRunDay: row.longRunDay,
        startVolumeKm: row.startVolumeKm,
        peakVolumeKm: row.peakVolumeKm,
        createdAt: row.createdAt.toISOString(),
        weeks: JSON.parse(row.weeks) as PlannedWeek[],
        sessions: sessions.map((x) => ({
          date: x.date,
          week: x.week,
          phase: x.phase as Phase,
          kind: x.kind as SessionKind,
          distanceKm: x.distanceKm,
        })),
      };
    }
    await cache.set(planKey(userId), { p }, PLAN_TTL_S);
    return p;
  }

  async function athleteVdot(userId: number, thresholdPace: number | null) {
    if (thresholdPace)
      return { vdot: vdotFromThresholdPace(thresholdPace), source: 'threshold_pace' as const };
    const ref = await race.bestRecent(userId);
    if (ref) return { vdot: vdotOf(ref.distance_km * 1000, ref.time_s), source: 'workouts' as const };
    return { vdot: null, source: 'none' as const };
  }

  const guidance = createGuidance({ running, race, today, athleteVdot, loadPlan });

  async function planOrThrow(userId: number) {
    const p = await loadPlan(userId);
    if (!p) throw new AppError('not_found', M.msg('no_plan'));
    return p;
  }

  /** The weekly volume a plan starts from: given, else the profile's, else my last 4 weeks, else 20 km. */
  async function startingVolume(userId: number, given: number | undefined): Promise<number> {
    if (given !== undefined) return given;
    const profile = await running.profile(userId);
    if (profile?.weeklyVolumeKm != null) return profile.weeklyVolumeKm;
    const weeks = await running.weeklySummaries(userId, addDays(mondayOf(today()), -1), 4);
    const total = weeks.reduce((s, w) => s + w.distanceKm, 0);
    return total > 0 ? total / 4 : 20;
  }

  /** Without a saved plan: the programme the profile implies, from this week's Monday (not stored). */
  async function programFromProfile(
    userId: number,
    lang: Lang,
  ): Promise<{ plan: LoadedPlan; src: WeekSource }> {
    const profile = await running.profile(userId);
    const start = mondayOf(today());
    const goal = profile?.goalRace;
    const goalWeeks = goal ? (dayNumber(mondayOf(goal.date)) - dayNumber(start)) / 7 : -1;
    const useGoal = !!goal && goalWeeks >= MIN_PRE_RACE_WEEKS && goalWeeks + 2 <= MAX_PLAN_WEEKS;
    const distanceKm = useGoal ? goal.distanceKm : PROGRAM_DISTANCE_KM;
    const raceDate = useGoal ? goal.date : addDays(start, PROGRAM_PRE_RACE_WEEKS * 7 + 6);
    const daysPerWeek = profile?.experienceLevel ? DAYS_BY_EXPERIENCE[profile.experienceLevel] : 4;
    const longRunDay: Weekday = 'sunday';
    const volume = await startingVolume(userId, undefined);
    const g = generatePlan({
      goalDistanceKm: distanceKm,
      raceDate,
      startDate: start,
      daysPerWeek,
      longRunDay,
      startVolumeKm: volume,
    });
    return {
      plan: {
        id: 0,
        goalDistanceKm: distanceKm,
        raceDate,
        startDate: start,
        daysPerWeek,
        longRunDay,
        startVolumeKm: r1(Math.max(15, volume)),
        peakVolumeKm: g.peakVolumeKm,
        createdAt: new Date(clock()).toISOString(),
        weeks: g.weeks,
        sessions: g.sessions,
      },
      src: {
        source: 'profile',
        note: useGoal
          ? M.t(lang, 'plan.from_goal', { km: goal.distanceKm, date: new Date(`${goal.date}T00:00:00Z`) })
          : M.t(lang, 'plan.from_profile', { weeks: g.weeks.length }),
      },
    };
  }

  /** Workouts recorded per day in [from, to). */
  async function doneBetween(userId: number, from: string, to: string): Promise<Map<string, DayDone>> {
    const out = new Map<string, DayDone>();
    if (from >= to) return out;
    for (const w of await running.workoutsBetween(userId, from, to)) {
      const day = w.startedAt.toISOString().slice(0, 10);
      const d = out.get(day) ?? { workouts: 0, workout_ids: [], distance_km: 0, duration_min: 0 };
      d.workouts += 1;
      d.workout_ids.push(w.id);
      d.distance_km = r1(d.distance_km + (w.distanceKm ?? 0));
      d.duration_min = Math.round(d.duration_min + w.durationS / 60);
      out.set(day, d);
    }
    for (const d of out.values()) d.workout_ids.sort((a, b) => a - b);
    return out;
  }

  return {
    async createPlan(userId: number, body: TrainingPlanBody, lang: Lang): Promise<TrainingPlan> {
      const start = body.start_date ?? today();
      if (dayNumber(start) < dayNumber(today()) - 7) throw invalid('start_date', M.msg('start_past'));
      if (body.race_date <= start) throw invalid('race_date', M.msg('race_before_start'));
      const preRace = (dayNumber(mondayOf(body.race_date)) - dayNumber(mondayOf(start))) / 7;
      if (preRace < MIN_PRE_RACE_WEEKS)
        throw invalid('race_date', M.msg('plan.too_short', { w: MIN_PRE_RACE_WEEKS }));
      if (preRace + 2 > MAX_PLAN_WEEKS)
        throw invalid('race_date', M.msg('plan.too_long', { w: MAX_PLAN_WEEKS }));
      if (await repo.planOf(userId)) throw refuse('plan_exists');

      const volume = await startingVolume(userId, body.current_weekly_volume_km);
      const plan = generatePlan({
        goalDistanceKm: body.goal_distance_km,
        raceDate: body.race_date,
        startDate: start,
        daysPerWeek: body.days_per_week,
        longRunDay: body.long_run_day,
        startVolumeKm: volume,
      });
      const row = await db.transaction(async (tx) =>
        repo.insertPlan(
          {
            userId,
            goalDistanceKm: body.goal_distance_km,
            raceDate: body.race_date,
            startDate: start,
            daysPerWeek: body.days_per_week,
            longRunDay: body.long_run_day,
            startVolumeKm: r1(Math.max(15, volume)),
            peakVolumeKm: plan.peakVolumeKm,
            weeks: JSON.stringify(plan.weeks),
          },
          plan.sessions.map((s) => ({
            date: s.date,
            week: s.week,
            phase: s.phase,
            kind: s.kind,
            distanceKm: s.distanceKm,
          })),
          tx,
        ),
      );
      if (!row) throw refuse('plan_exists');
      await cache.del(planKey(userId));
      return toDto(await planOrThrow(userId), lang);
    },

    async getPlan(userId: number, lang: Lang) {
      return toDto(await planOrThrow(userId), lang);
    },

    async deletePlan(userId: number) {
      const deleted = await repo.deletePlan(userId);
      await cache.del(planKey(userId));
      if (!deleted) throw new AppError('not_found', M.msg('no_plan'));
    },

    /** The plan's sessions dated in [from, to): what a calendar feed needs. */
    async sessionsBetween(userId: number, from: string, to: string): Promise<CalendarSession[]> {
      const p = await loadPlan(userId);
      return (p?.sessions ?? [])
        .filter((s) => s.date >= from && s.date < to)
        .map((s) => ({ ...s, zone: SESSION_INTENSITY[s.kind].zone }));
    },

    /**
     * The week is a pure function of (plan, week number, language, today, VDOT, the readiness and load figures
     * it adapts to, the workouts recorded this week). With a saved plan it is memoised on the cached plan object
     * (the cache hands out the same object until a plan create/delete drops it), keyed by the rest as values:
     * VDOT, the adaptation inputs and the week's workouts are read on every request (cheap: the read model
     * memoises them on its snapshot, dropped by any workout, HRV, check-in or profile write), so a changed input
     * is a different key and a stale week cannot be served. A repeat costs a map lookup and hands out the same
     * object, so routes.ts can keep its serialised bytes. Never mutated.
     * Without a saved plan the programme is built from the profile, starting this week (week 1), as the running
     * seed does; it is not stored, and is rebuilt per request.
     */
    async weeklyPlan(userId: number, week: number | undefined, lang: Lang): Promise<WeeklyPlan> {
      const saved = await loadPlan(userId);
      const { plan, src } = saved
        ? { plan: saved, src: { source: 'plan' as const, note: M.t(lang, 'from_plan') } }
        : await programFromProfile(userId, lang);
      const weeks = plan.weeks;
      const now = today();
      const current = weeks.find((w) => w.startDate <= now && now <= addDays(w.startDate, 6));
      const n = week ?? current?.week ?? 1;
      const wk = weeks[n - 1];
      if (!wk) throw invalid('query.week', M.msg('plan.beyond', { n: weeks.length }));
      const profile = await running.profile(userId);
      const { vdot } = await athleteVdot(userId, profile?.thresholdPaceSPerKm ?? null);
      // Adapt only the week that holds today: readiness and load describe now, not a month ahead.
      const weekEnd = addDays(wk.startDate, 7);
      const adapt =
        wk.startDate <= now && now < weekEnd
          ? await Promise.all([running.readiness(userId, now), running.loadStatus(userId, now)])
          : null;
      // What was done on the week's days up to today.
      const doneTo = addDays(now, 1) < weekEnd ? addDays(now, 1) : weekEnd;
      const done = await doneBetween(userId, wk.startDate, doneTo);
      const build = () => buildWeek(plan, n, lang, now, vdot, adapt, src, done);
      if (!saved) return build();
      const doneKey = [...done.entries()]
        .map(([d, x]) => `${d}:${x.workout_ids.join(',')}:${x.distance_km}:${x.duration_min}`)
        .join(';');
      const k = adapt
        ? `${n}|${lang}|${now}|${vdot}|${adapt[0].score}|${adapt[0].status}|${adapt[0].loadMultiplier}|${adapt[1].acwr}|${adapt[1].riskLevel}|${doneKey}`
        : `${n}|${lang}|${now}|${vdot}|${doneKey}`;
      return weekOf(saved, k, build);
    },

    ...guidance,

    userData(): UserDataContributor {
      return {
        name: 'training_plans',
        async export(userId, tx) {
          const row = await repo.planOf(userId, tx);
          if (!row) return null;
          const sessions = await repo.sessionsBetween(userId, '0001-01-01', '9999-12-31', tx);
          return {
            goal_distance_km: row.goalDistanceKm,
            race_date: row.raceDate,
            start_date: row.startDate,
            days_per_week: row.daysPerWeek,
            long_run_day: row.longRunDay,
            start_volume_km: row.startVolumeKm,
            peak_volume_km: row.peakVolumeKm,
            weeks: JSON.parse(row.weeks) as unknown,
            created_at: row.createdAt.toISOString(),
            sessions: sessions.map((s) => ({
              date: s.date,
              week: s.week,
              phase: s.phase,
              type: s.kind,
              distance_km: s.distanceKm,
            })),
          };
        },
        // The rows go by ON DELETE CASCADE; the cached copy must go too.
        beforeErase: (userId) => cache.del(planKey(userId)),
      };
    },
  };
}
export type TrainingService = ReturnType<typeof createTrainingService>;
