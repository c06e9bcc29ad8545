import type {
  AdaptiveAdjustment,
  AdaptiveAdjustmentBody,
  InjuryPrevention,
  IntensityZones,
  PhasesGuide,
  ProgressTracking,
  TrainingPlan,
  TrainingPlanBody,
  WeeklyPlan,
} from '@pulso/contracts';
import type { Cache } from '../../platform/cache/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, invalid, refuse } from '../../platform/errors.js';
import type { Lang } from '../../platform/i18n.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import { formatDuration } from '../race/domain/predict.js';
import { timeForVdot, vdotOf } from '../race/domain/equivalence.js';
import type { RaceService } from '../race/service.js';
import type { LoadStatus, Readiness, RunningReadModel } from '../running/read-model.js';
import { adaptiveAdjustment } from './domain/adaptive.js';
import { addDays, dayNumber, mondayOf, todayOf, weekdayOf, type Weekday } from './domain/dates.js';
import {
  generatePlan,
  INTENSITY_DISTRIBUTION,
  MAX_PLAN_WEEKS,
  MIN_PRE_RACE_WEEKS,
  PHASES,
  SESSION_INTENSITY,
  type Phase,
  type PlannedWeek,
  type SessionKind,
} from './domain/plan.js';
import {
  hrZones,
  paceAtFraction,
  racePace,
  tanakaMaxHr,
  vdotFromThresholdPace,
  ZONE_VO2_FRACTIONS,
} from './domain/zones.js';
import type { TrainingRepo } from './repo.js';
import {
  ADAPT_TEXT,
  DAY_NAME,
  INJURY_TEXT,
  PHASE_FOCUS,
  PHASE_GOALS,
  PHASE_KEY_SESSIONS,
  PHASE_NAME,
  PHASE_VOLUME,
  PROGRESS_TEXT,
  SESSION_NOTE,
  TRAINING_TEXT,
  ZONE_TEXT,
} from './texts.js';

export interface TrainingDeps {
  db: Db;
  repo: TrainingRepo;
  running: RunningReadModel;
  race: Pick<RaceService, 'bestRecent'>;
  cache: Cache;
  clock: () => number;
}

/** A plan with all its sessions, as cached: plain JSON (it may go through Redis). */
interface LoadedPlan {
  id: number;
  goalDistanceKm: number;
  raceDate: string;
  startDate: string;
  daysPerWeek: number;
  longRunDay: string;
  startVolumeKm: number;
  peakVolumeKm: number;
  createdAt: string;
  weeks: PlannedWeek[];
  sessions: { date: string; week: number; phase: Phase; kind: SessionKind; distanceKm: number }[];
}
/**
 * Plans change only through this service (create, delete) and account erasure, which all invalidate; the TTL
 * bounds the known window of a read racing an invalidation (ARCHITECTURE.md, Cache).
 */
const PLAN_TTL_S = 300;
/** Built weeks kept per cached plan object (weeks × languages × adaptation states of one day). */
const WEEKS_PER_PLAN = 16;
const planKey = (userId: number) => `training:plan:${userId}`;

export interface CalendarSession {
  date: string;
  week: number;
  phase: Phase;
  kind: SessionKind;
  distanceKm: number;
  zone: string;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const pct = (xs: number[]) => ({
  Z1: `${xs[0]}%`,
  Z2: `${xs[1]}%`,
  Z3: `${xs[2]}%`,
  Z4: `${xs[3]}%`,
  Z5: `${xs[4]}%`,
});
const paceStr = (s: number) => formatDuration(s);

function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export function createTrainingService({ db, repo, running, race, cache, clock }: TrainingDeps) {
  const today = () => todayOf(clock());
  /** Built weeks, per cached plan object: they go with it (a plan create/delete drops it from the cache). */
  const weeksByPlan = new WeakMap<LoadedPlan, Map<string, WeeklyPlan>>();

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

  function toDto(p: LoadedPlan, lang: Lang): TrainingPlan {
    const weeks = p.weeks;
    const last = weeks.at(-1)!;
    return {
      id: p.id,
      goal_distance_km: p.goalDistanceKm,
      race_date: p.raceDate,
      start_date: p.startDate,
      end_date: addDays(last.startDate, 6),
      days_per_week: p.daysPerWeek,
      long_run_day: p.longRunDay as Weekday,
      start_volume_km: p.startVolumeKm,
      peak_volume_km: p.peakVolumeKm,
      weeks_total: weeks.length,
      phases: PHASES.flatMap((phase) => {
        const ws = weeks.filter((w) => w.phase === phase);
        if (!ws.length) return [];
        return [
          {
            phase,
            name: PHASE_NAME[lang][phase],
            from_week: ws[0]!.week,
            to_week: ws.at(-1)!.week,
            start_date: ws[0]!.startDate,
            end_date: addDays(ws.at(-1)!.startDate, 6),
          },
        ];
      }),
      weeks: weeks.map((w) => ({
        week: w.week,
        phase: w.phase,
        start_date: w.startDate,
        volume_km: w.volumeKm,
        recovery_week: w.recovery,
      })),
      created_at: p.createdAt,
    };
  }

  function buildWeek(
    plan: LoadedPlan,
    n: number,
    lang: Lang,
    now: string,
    vdot: number | null,
    adapt: readonly [Readiness, LoadStatus] | null,
  ): WeeklyPlan {
    const T = TRAINING_TEXT[lang];
    const weeks = plan.weeks;
    const wk = weeks[n - 1]!;
    const weekEnd = addDays(wk.startDate, 7);
    const sessions = plan.sessions.filter((s) => s.date >= wk.startDate && s.date < weekEnd);
    let multiplier = 1;
    let adaptation: WeeklyPlan['adaptation'] = {
      applied: false,
      multiplier: 1,
      readiness_score: null,
      readiness_status: null,
      acwr: null,
      risk_level: null,
      explanation: T.notAdapted,
    };
    if (adapt) {
      const [readiness, load] = adapt;
      const why: string[] = [];
      multiplier = Math.min(1.1, readiness.loadMultiplier);
      if (readiness.loadMultiplier < 0.95) why.push(T.why.readiness(readiness.status));
      if (load.acwr !== null && load.acwr > 1.5) {
        multiplier = Math.min(multiplier, 0.8);
        why.push(T.why.acwr(r2(load.acwr)));
      } else if (load.acwr !== null && load.acwr > 1.3) {
        multiplier = Math.min(multiplier, 0.9);
        why.push(T.why.acwr(r2(load.acwr)));
      }
      if (load.riskLevel === 'HIGH' || load.riskLevel === 'VERY_HIGH') {
        multiplier = Math.min(multiplier, load.riskLevel === 'HIGH' ? 0.85 : 0.7);
        why.push(T.why.risk(load.riskLevel));
      }
      // Planned progression already adds load: never scale a week up beyond 10%.
      multiplier = r2(Math.max(0.5, Math.min(1.1, multiplier)));
      adaptation = {
        applied: true,
        multiplier,
        readiness_score: readiness.score,
        readiness_status: readiness.status,
        acwr: load.acwr === null ? null : r2(load.acwr),
        risk_level: load.riskLevel,
        explanation:
          why.length || multiplier > 1
            ? T.adapted(multiplier, why.join('; ') || readiness.status)
            : T.asPlanned,
      };
    }
    const workouts = sessions.map((s) => {
      let kind = s.kind;
      const m = adaptation.applied && s.date >= now && kind !== 'race' ? multiplier : 1;
      // A hard session on a bad day becomes an easy one.
      if (m < 0.8 && ['tempo', 'intervals', 'race_pace', 'hills'].includes(kind)) kind = 'easy';
      const km = r1(s.distanceKm * m);
      return {
        day: DAY_NAME[lang][weekdayOf(s.date)]!,
        date: s.date,
        type: kind,
        planned_distance_km: s.distanceKm,
        distance_km: km,
        duration_min: minutesFor(kind, km, vdot, plan.goalDistanceKm),
        pace_min_km: paceRange(kind, vdot, plan.goalDistanceKm),
        intensity_zone: SESSION_INTENSITY[kind].zone,
        adaptive_multiplier: m,
        notes: SESSION_NOTE[lang][kind],
      };
    });
    const inPhase = weeks.filter((w) => w.phase === wk.phase);
    return {
      week: n,
      weeks_total: weeks.length,
      phase: wk.phase,
      phase_name: PHASE_NAME[lang][wk.phase],
      phase_progress: T.weekOf(inPhase.findIndex((w) => w.week === n) + 1, inPhase.length),
      start_date: wk.startDate,
      weekly_volume_km: r1(workouts.reduce((s, w) => s + (w.type === 'race' ? 0 : w.distance_km), 0)),
      recovery_week: wk.recovery,
      intensity_distribution: pct(INTENSITY_DISTRIBUTION[wk.phase]),
      workouts,
      adaptation,
      week_focus: PHASE_FOCUS[lang][wk.phase],
      recommendations: T.recommendations,
    };
  }

  async function planOrThrow(userId: number, lang: Lang) {
    const p = await loadPlan(userId);
    if (!p) throw new AppError('not_found', TRAINING_TEXT[lang].noPlan);
    return p;
  }

  /** Paces for a session kind at a VDOT, as "m:ss-m:ss" (slower first). */
  function paceRange(kind: SessionKind, vdot: number | null, goalKm: number): string | null {
    if (vdot === null) return null;
    const band = SESSION_INTENSITY[kind].vo2;
    if (band) return `${paceStr(paceAtFraction(vdot, band[0]))}-${paceStr(paceAtFraction(vdot, band[1]))}`;
    if (kind === 'race_pace' || kind === 'race') return paceStr(racePace(vdot, goalKm * 1000));
    return null;
  }
  function minutesFor(kind: SessionKind, km: number, vdot: number | null, goalKm: number): number | null {
    if (vdot === null || km <= 0) return null;
    const band = SESSION_INTENSITY[kind].vo2;
    const pace = band
      ? (paceAtFraction(vdot, band[0]) + paceAtFraction(vdot, band[1])) / 2
      : kind === 'race' || kind === 'race_pace'
        ? // race pace blocks sit inside an easy run: average of the two
          kind === 'race'
          ? racePace(vdot, goalKm * 1000)
          : (racePace(vdot, goalKm * 1000) + paceAtFraction(vdot, 0.68)) / 2
        : paceAtFraction(vdot, 0.7); // hills: the run around the repeats
    return Math.round((km * pace) / 60);
  }

  return {
    async createPlan(userId: number, body: TrainingPlanBody, lang: Lang): Promise<TrainingPlan> {
      const T = TRAINING_TEXT[lang];
      const start = body.start_date ?? today();
      if (dayNumber(start) < dayNumber(today()) - 7) throw invalid('start_date', T.startPast);
      if (body.race_date <= start) throw invalid('race_date', T.raceBeforeStart);
      const preRace = (dayNumber(mondayOf(body.race_date)) - dayNumber(mondayOf(start))) / 7;
      if (preRace < MIN_PRE_RACE_WEEKS) throw invalid('race_date', T.tooShort(MIN_PRE_RACE_WEEKS));
      if (preRace + 2 > MAX_PLAN_WEEKS) throw invalid('race_date', T.tooLong(MAX_PLAN_WEEKS));
      if (await repo.planOf(userId)) throw refuse('plan_exists');

      let volume = body.current_weekly_volume_km;
      if (volume === undefined) {
        const profile = await running.profile(userId);
        volume = profile?.weeklyVolumeKm ?? undefined;
      }
      if (volume === undefined) {
        const weeks = await running.weeklySummaries(userId, addDays(mondayOf(today()), -1), 4);
        const total = weeks.reduce((s, w) => s + w.distanceKm, 0);
        volume = total > 0 ? total / 4 : 20;
      }
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
      return toDto(await planOrThrow(userId, lang), lang);
    },

    async getPlan(userId: number, lang: Lang) {
      return toDto(await planOrThrow(userId, lang), lang);
    },

    async deletePlan(userId: number, lang: Lang) {
      const deleted = await repo.deletePlan(userId);
      await cache.del(planKey(userId));
      if (!deleted) throw new AppError('not_found', TRAINING_TEXT[lang].noPlan);
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
     * it adapts to). It is memoised on the cached plan object (the cache hands out the same object until a plan
     * create/delete drops it), keyed by the rest as values: VDOT and the adaptation inputs are read on every
     * request (cheap: the read model memoises them on its snapshot, dropped by any workout, HRV, check-in or
     * profile write), so a changed input is a different key and a stale week cannot be served. A repeat costs
     * a map lookup and hands out the same object, so routes.ts can keep its serialised bytes. Never mutated.
     */
    async weeklyPlan(userId: number, week: number | undefined, lang: Lang): Promise<WeeklyPlan> {
      const T = TRAINING_TEXT[lang];
      const plan = await planOrThrow(userId, lang);
      const weeks = plan.weeks;
      const now = today();
      const current = weeks.find((w) => w.startDate <= now && now <= addDays(w.startDate, 6));
      const n = week ?? current?.week ?? 1;
      const wk = weeks[n - 1];
      if (!wk) throw invalid('query.week', T.beyond(weeks.length));
      const profile = await running.profile(userId);
      const { vdot } = await athleteVdot(userId, profile?.thresholdPaceSPerKm ?? null);
      // Adapt only the week that holds today: readiness and load describe now, not a month ahead.
      const weekEnd = addDays(wk.startDate, 7);
      const adapt =
        wk.startDate <= now && now < weekEnd
          ? await Promise.all([running.readiness(userId, now), running.loadStatus(userId, now)])
          : null;
      const k = adapt
        ? `${n}|${lang}|${now}|${vdot}|${adapt[0].score}|${adapt[0].status}|${adapt[0].loadMultiplier}|${adapt[1].acwr}|${adapt[1].riskLevel}`
        : `${n}|${lang}|${now}|${vdot}`;
      let memo = weeksByPlan.get(plan);
      if (!memo) weeksByPlan.set(plan, (memo = new Map<string, WeeklyPlan>()));
      let out = memo.get(k);
      if (!out) {
        out = buildWeek(plan, n, lang, now, vdot, adapt);
        if (memo.size >= WEEKS_PER_PLAN) memo.clear();
        memo.set(k, out);
      }
      return out;
    },

    phasesGuide(lang: Lang): PhasesGuide {
      const typical: Record<Phase, string> = {
        base: '3-6',
        build: '3-4',
        specific: '3-4',
        taper: '1-2',
        race: '1-2',
      };
      return {
        phases: PHASES.map((phase, i) => ({
          number: i + 1,
          phase,
          name: PHASE_NAME[lang][phase],
          typical_weeks: typical[phase],
          focus: PHASE_FOCUS[lang][phase],
          intensity_distribution: pct(INTENSITY_DISTRIBUTION[phase]),
          volume_change: PHASE_VOLUME[lang][phase],
          goals: PHASE_GOALS[lang][phase],
          key_sessions: PHASE_KEY_SESSIONS[lang][phase],
        })),
        total_program_weeks: '12-20',
        typical_progression: '1 → 2 → 3 → 4 → 5',
        sources: ['Seiler 2010', 'Bosquet et al. 2007', 'Nielsen et al. 2014', 'Daniels 2014'],
      };
    },

    async intensityZones(
      userId: number,
      q: { max_hr?: number; resting_hr?: number },
      lang: Lang,
    ): Promise<IntensityZones> {
      const T = TRAINING_TEXT[lang];
      const profile = await running.profile(userId);
      const notes: string[] = [];
      let maxHr = q.max_hr ?? profile?.maxHr ?? null;
      let maxSource: IntensityZones['max_hr_source'] = q.max_hr ? 'query' : 'profile';
      if (maxHr === null) {
        if (!profile?.birthDate)
          throw refuse('max_hr_needed', {}, [{ field: 'query.max_hr', message: T.maxHrNeeded }]);
        const age = ageOn(profile.birthDate, today());
        maxHr = Math.round(tanakaMaxHr(age));
        maxSource = 'tanaka_estimate';
        notes.push(T.tanaka(age));
      }
      const resting = q.resting_hr ?? profile?.restingHr ?? null;
      if (resting !== null && resting > maxHr - 30)
        throw invalid(q.resting_hr !== undefined ? 'query.resting_hr' : 'resting_hr', T.restingAboveMax);
      notes.push(resting !== null ? T.karvonen : T.pctMax);
      const { vdot, source } = await athleteVdot(userId, profile?.thresholdPaceSPerKm ?? null);
      if (vdot === null) notes.push(T.noPace);
      const zones = hrZones(maxHr, resting).map((z, i) => {
        const f = ZONE_VO2_FRACTIONS[i]!;
        return {
          zone: z.zone,
          name: ZONE_TEXT[lang][i]!.name,
          hr_min: z.hrMin,
          hr_max: z.hrMax,
          hr_range: `${z.hrMin}-${z.hrMax} (${z.pctMin}-${z.pctMax}%)`,
          pace_range:
            vdot === null
              ? null
              : `${paceStr(paceAtFraction(vdot, f[0]))}-${paceStr(paceAtFraction(vdot, f[1]))} min/km`,
          description: ZONE_TEXT[lang][i]!.description,
          use: ZONE_TEXT[lang][i]!.use,
          feeling: ZONE_TEXT[lang][i]!.feeling,
        };
      });
      return {
        method: resting !== null ? 'heart_rate_reserve' : 'percent_max_hr',
        method_source: resting !== null ? 'Karvonen et al. 1957' : '% of max HR',
        max_hr: maxHr,
        max_hr_source: maxSource,
        resting_hr: resting,
        threshold_pace: vdot === null ? null : `${paceStr(paceAtFraction(vdot, 0.88))} min/km`,
        vdot: vdot === null ? null : r1(vdot),
        pace_source: source,
        zones,
        notes,
      };
    },

    async adaptiveAdjustment(
      userId: number,
      b: AdaptiveAdjustmentBody,
      lang: Lang,
    ): Promise<AdaptiveAdjustment> {
      const T = TRAINING_TEXT[lang];
      if ((b.hrv_current === undefined) !== (b.hrv_baseline === undefined))
        throw invalid(b.hrv_current === undefined ? 'hrv_current' : 'hrv_baseline', T.hrvPair);
      const profile = await running.profile(userId);
      const usual = b.usual_volume_km ?? profile?.weeklyVolumeKm ?? undefined;
      const res = adaptiveAdjustment({
        hrvCurrent: b.hrv_current,
        hrvBaseline: b.hrv_baseline,
        sleepHours: b.sleep_hours,
        fatigueRating: b.fatigue_rating,
        stressLevel: b.stress_level,
        recentVolumeKm: b.recent_volume_km,
        usualVolumeKm: usual,
      });
      const A = ADAPT_TEXT[lang];
      const { vdot } = await athleteVdot(userId, profile?.thresholdPaceSPerKm ?? null);
      // Today's planned session if there is one; else a fifth of the recent week.
      const planned = (await loadPlan(userId))?.sessions.find((s) => s.date === today());
      const baseKm = planned?.distanceKm ?? ((b.recent_volume_km ?? usual ?? 30) / 5 || 6);
      let kind: SessionKind = planned?.kind ?? 'easy';
      if (res.multiplier < 0.95 && kind !== 'race') kind = res.multiplier < 0.7 ? 'recovery' : 'easy';
      const bad = (Object.entries(res.factors) as [keyof typeof A.factor, number | null][])
        .filter(([, v]) => v !== null && v < 0.95)
        .map(([k]) => A.factor[k]);
      return {
        final_multiplier: res.multiplier,
        adjustment_level: res.level,
        action: A.action[res.level],
        factors: {
          hrv_factor: res.factors.hrv,
          sleep_factor: res.factors.sleep,
          fatigue_factor: res.factors.fatigue,
          stress_factor: res.factors.stress,
          volume_factor: res.factors.volume,
        },
        recommended_workout: {
          type: res.level === 'REST' ? 'rest' : kind,
          distance_km: res.level === 'REST' ? 0 : r1(Math.max(3, baseKm * res.multiplier)),
          pace: res.level === 'REST' ? null : paceRange(kind, vdot, 10),
          intensity: res.level === 'REST' ? '-' : SESSION_INTENSITY[kind].zone,
        },
        reasoning: bad.length ? A.reasoning(bad) : A.fine,
      };
    },

    async progress(userId: number, weeks: number, lang: Lang): Promise<ProgressTracking> {
      const P = PROGRESS_TEXT[lang];
      const now = today();
      const [summaries, profile, load, rEnd, rStart] = await Promise.all([
        running.weeklySummaries(userId, now, weeks),
        running.profile(userId),
        running.loadStatus(userId, now),
        running.readiness(userId, now),
        running.readiness(userId, addDays(now, -7 * (weeks - 1))),
      ]);
      const data = summaries.map((w, i) => ({
        week: i + 1,
        week_start: w.weekStart,
        workouts: w.workouts,
        volume_km: r1(w.distanceKm),
        duration_min: Math.round(w.durationS / 60),
        avg_pace_s_per_km: w.distanceKm > 0 ? Math.round(w.durationS / w.distanceKm) : null,
        load: Math.round(w.load),
      }));
      const active = data.filter((d) => d.volume_km > 0);
      const first = active[0];
      const last = active.at(-1);
      const trend =
        first && last && first !== last ? Math.round((last.volume_km / first.volume_km - 1) * 100) : null;
      const paceChange =
        first?.avg_pace_s_per_km && last?.avg_pace_s_per_km && first !== last
          ? r1((last.avg_pace_s_per_km / first.avg_pace_s_per_km - 1) * 100)
          : null;
      const positive: string[] = [];
      const warnings: string[] = [];
      if (paceChange !== null && paceChange < 0) positive.push(P.positive.pace);
      if (trend !== null && trend > 0 && trend <= 30 * weeks) positive.push(P.positive.volume);
      if (data.length > 1 && data.every((d) => d.workouts > 0)) positive.push(P.positive.consistent);
      for (let i = 1; i < data.length; i++) {
        const a = data[i - 1]!.volume_km;
        const b = data[i]!.volume_km;
        if (a > 0 && b / a > 1.3)
          warnings.push(P.warnings.jump(data[i]!.week, Math.round((b / a - 1) * 100)));
      }
      if (load.acwr !== null && load.acwr > 1.5) warnings.push(P.warnings.acwr(r2(load.acwr)));
      const rTrend =
        rEnd.score === null || rStart.score === null
          ? P.none
          : rEnd.score - rStart.score > 5
            ? P.up(Math.round(rEnd.score - rStart.score))
            : rEnd.score - rStart.score < -5
              ? P.down(Math.round(rEnd.score - rStart.score))
              : P.flat;
      // Projection: the goal race from the best recent effort.
      const goal = profile?.goalRace ?? null;
      const ref = goal ? await race.bestRecent(userId) : null;
      const predicted =
        goal && ref ? timeForVdot(vdotOf(ref.distance_km * 1000, ref.time_s), goal.distanceKm * 1000) : null;
      return {
        tracking_period: weeks,
        summary: {
          volume_trend_percent: trend,
          volume_trend:
            trend === null ? P.none : trend > 2 ? P.up(trend) : trend < -2 ? P.down(trend) : P.flat,
          pace_first_s_per_km: first?.avg_pace_s_per_km ?? null,
          pace_last_s_per_km: last?.avg_pace_s_per_km ?? null,
          pace_improvement:
            paceChange === null
              ? P.none
              : P.pace(paceStr(first!.avg_pace_s_per_km!), paceStr(last!.avg_pace_s_per_km!), paceChange),
          readiness_trend: rTrend,
          overall_status: !active.length
            ? P.status.none
            : warnings.length > 1
              ? P.status.warning
              : warnings.length
                ? P.status.caution
                : P.status.good,
        },
        weekly_data: data,
        adaptation_signs: { positive, warnings },
        projection: {
          goal: goal ? `${goal.distanceKm} km ${goal.date}` : null,
          predicted_time: predicted === null ? null : formatDuration(predicted),
          target_time: goal?.targetTimeS ? formatDuration(goal.targetTimeS) : null,
          current_trajectory:
            !goal?.targetTimeS || predicted === null
              ? P.trajectory.none
              : predicted <= goal.targetTimeS
                ? P.trajectory.on
                : P.trajectory.behind,
        },
      };
    },

    async injuryPrevention(userId: number, lang: Lang): Promise<InjuryPrevention> {
      const I = INJURY_TEXT[lang];
      const load = await running.loadStatus(userId, today());
      const alerts: string[] = [];
      if (load.acwr !== null && load.acwr > 1.3) alerts.push(I.alertLoad(r2(load.acwr)));
      if (load.riskLevel === 'HIGH' || load.riskLevel === 'VERY_HIGH')
        alerts.push(I.alertRisk(load.riskLevel));
      return {
        strength_exercises: I.strength,
        stretching_routines: I.stretching,
        weekly_schedule: I.schedule,
        warning_signs: I.warnings,
        current_alerts: alerts,
        sources: [
          'van Dyk et al. 2019 (Br J Sports Med 53:1362)',
          'Lauersen et al. 2014 (Br J Sports Med 48:871)',
          'Gabbett 2016',
          'Nielsen et al. 2014',
        ],
      };
    },

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
