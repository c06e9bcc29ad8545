import type {
  AdaptiveAdjustment,
  AdaptiveAdjustmentBody,
  InjuryPrevention,
  IntensityZones,
  PhasesGuide,
  ProgressTracking,
} from '@pulso/contracts';
import { invalid } from '../../platform/errors.js';
import { refuse } from './reasons.js';
import type { Lang } from '../../platform/i18n.js';
import { formatDuration } from '../race/domain/predict.js';
import { timeForVdot, vdotOf } from '../race/domain/equivalence.js';
import type { RaceService } from '../race/service.js';
import type { RunningReadModel } from '../running/read-model.js';
import { adaptiveAdjustment } from './domain/adaptive.js';
import { ageOn } from '../../platform/dates.js';
import { addDays } from './domain/dates.js';
import { paceRange, paceStr } from './domain/pace.js';
import {
  INTENSITY_DISTRIBUTION,
  PHASE_CODE,
  PHASES,
  phaseWeeks,
  SESSION_CODE,
  SESSION_INTENSITY,
  typicalWeek,
  type Phase,
  type SessionKind,
} from './domain/plan.js';
import { hrZones, paceAtFraction, tanakaMaxHr, ZONE_VO2_FRACTIONS } from './domain/zones.js';
import { dayName, items, trainingMessages as M } from './messages.js';
import { PROGRAM_DISTANCE_KM, PROGRAM_PRE_RACE_WEEKS } from './program.js';

/**
 * Cadence guidance per zone, steps per minute. Step rate rises with speed, though less than stride length does
 * (Cavanagh, P. R. & Kram, R. (1989). Stride length in distance running: velocity, body dimensions, and added
 * mass effects. Med Sci Sports Exerc 21(4), 467–479); at a given speed a step rate 5–10% above the preferred one
 * lowers hip and knee loading (Heiderscheit, B. C. et al. (2011). Effects of step rate manipulation on joint
 * mechanics during running. Med Sci Sports Exerc 43(2), 296–302). The bands are the running seed's guidance
 * and are typical of recreational runners; the runner's own cadence at each pace is the better reference.
 */
const ZONE_CADENCE = ['150-160', '160-170', '170-180', '180-190', '190+'];
/** Strength days of the injury-prevention schedule (INJURY_SCHEDULE): Monday and Thursday. */
const STRENGTH_DAYS = [0, 3];
import { pct, r1, r2, type LoadedPlan } from './plan-view.js';

/** The guidance use cases: phases, zones, a day's adjustment, progress and injury prevention. */
export interface GuidanceDeps {
  running: RunningReadModel;
  race: Pick<RaceService, 'bestRecent'>;
  today: () => string;
  athleteVdot: (
    userId: number,
    thresholdPace: number | null,
  ) => Promise<{ vdot: number | null; source: 'threshold_pace' | 'workouts' | 'none' }>;
  /** The athlete's plan, if any (today's planned session shapes the day's adjustment). */
  loadPlan: (userId: number) => Promise<LoadedPlan | null>;
}

type Week = { week: number; avg_pace_s_per_km: number | null };
/**
 * If the weekly pace trend (first to last active week, compounded per week) holds, and race time follows pace,
 * how many weeks until the predicted goal time reaches the target.
 */
function ifMaintain(
  lang: Lang,
  goal: { distanceKm: number; date: string; targetTimeS: number | null } | null,
  predicted: number | null,
  first: Week | undefined,
  last: Week | undefined,
  now: string,
): { if_maintain_pace: string; weeks_to_target: number | null } {
  if (!goal?.targetTimeS || predicted === null)
    return { if_maintain_pace: M.t(lang, 'progress.maintain.none'), weeks_to_target: null };
  if (predicted <= goal.targetTimeS)
    return { if_maintain_pace: M.t(lang, 'progress.maintain.reached'), weeks_to_target: 0 };
  const span = first && last ? last.week - first.week : 0;
  const rate =
    span > 0 && first!.avg_pace_s_per_km && last!.avg_pace_s_per_km
      ? Math.pow(last!.avg_pace_s_per_km / first!.avg_pace_s_per_km, 1 / span) - 1
      : 0;
  if (rate >= -0.001) return { if_maintain_pace: M.t(lang, 'progress.maintain.flat'), weeks_to_target: null };
  const n = Math.ceil(Math.log(goal.targetTimeS / predicted) / Math.log(1 + rate));
  const weeksLeft = Math.floor((Date.parse(goal.date) - Date.parse(now)) / (7 * 86_400_000));
  return {
    if_maintain_pace: M.t(lang, 'progress.maintain.in_weeks', {
      n,
      when: n <= weeksLeft ? 'before' : 'after',
    }),
    weeks_to_target: n,
  };
}

/** Hold of each stretch in `injury.stretching.<i>`, in seconds: 30 s static holds, 60 s of leg swings. */
const STRETCH_SECONDS = [30, 30, 30, 30, 60];
/** What each day of the injury-prevention week holds, Monday first: strength on STRENGTH_DAYS. */
const INJURY_SCHEDULE: ('strength' | 'stretching' | 'warm_up')[][] = [
  ['strength', 'stretching'],
  ['stretching'],
  ['stretching'],
  ['strength', 'stretching'],
  ['stretching'],
  ['warm_up'],
  ['stretching'],
];

const withUnit = (pace: string | null) => (pace === null ? null : `${pace} min/km`);

export function createGuidance({ running, race, today, athleteVdot, loadPlan }: GuidanceDeps) {
  return {
    phasesGuide(lang: Lang): PhasesGuide {
      const typical: Record<Phase, string> = {
        base: '3-6',
        build: '3-4',
        specific: '3-4',
        taper: '1-2',
        race: '1-2',
      };
      // The phases of the programme a profile gets without a saved plan (service.ts): 16 weeks to a half.
      const split = phaseWeeks(PROGRAM_PRE_RACE_WEEKS, PROGRAM_DISTANCE_KM);
      const weeks: Record<Phase, number> = { ...split, race: 2 };
      const structure = (phase: Phase) =>
        typicalWeek(phase, 4, 'sunday', PROGRAM_DISTANCE_KM).map((kind, day) => {
          const k = phase === 'race' && kind === 'long' ? 'race' : kind;
          const label = k === 'rest' ? M.t(lang, 'week.rest') : M.t(lang, `session.${k}.name`);
          const strength = phase !== 'taper' && phase !== 'race' && STRENGTH_DAYS.includes(day);
          return `${dayName(lang, day, 'short')}: ${label}${strength ? ` + ${M.t(lang, 'week.strength')}` : ''}`;
        });
      return {
        phases: PHASES.map((phase, i) => ({
          number: i + 1,
          phase,
          phase_code: PHASE_CODE[phase],
          name: M.t(lang, `phase.${phase}.name`),
          weeks: weeks[phase],
          typical_weeks: typical[phase],
          focus: M.t(lang, `phase.${phase}.focus`),
          intensity_distribution: pct(INTENSITY_DISTRIBUTION[phase]),
          volume_change: M.t(lang, `phase.${phase}.volume`),
          volume_increase: M.t(lang, `phase.${phase}.volume`),
          goals: items(lang, `phase.${phase}.goals`),
          key_sessions: items(lang, `phase.${phase}.key_sessions`),
          weekly_structure: structure(phase),
        })),
        total_program_weeks: PHASES.reduce((sum, p) => sum + weeks[p], 0),
        total_program_weeks_range: '12-20',
        typical_progression: '1 → 2 → 3 → 4 → 5',
        sources: ['Seiler 2010', 'Bosquet et al. 2007', 'Nielsen et al. 2014', 'Daniels 2014'],
      };
    },

    async intensityZones(
      userId: number,
      q: { max_hr?: number; resting_hr?: number },
      lang: Lang,
    ): Promise<IntensityZones> {
      const profile = await running.profile(userId);
      const notes: string[] = [];
      let maxHr = q.max_hr ?? profile?.maxHr ?? null;
      let maxSource: IntensityZones['max_hr_source'] = q.max_hr ? 'query' : 'profile';
      if (maxHr === null) {
        if (!profile?.birthDate)
          throw refuse('max_hr_needed', {}, [{ field: 'query.max_hr', message: M.msg('max_hr_needed') }]);
        const age = ageOn(profile.birthDate, today());
        maxHr = Math.round(tanakaMaxHr(age));
        maxSource = 'tanaka_estimate';
        notes.push(M.t(lang, 'zones.tanaka', { age }));
      }
      const resting = q.resting_hr ?? profile?.restingHr ?? null;
      if (resting !== null && resting > maxHr - 30)
        throw invalid(
          q.resting_hr !== undefined ? 'query.resting_hr' : 'resting_hr',
          M.msg('resting_above_max'),
        );
      notes.push(M.t(lang, resting !== null ? 'karvonen' : 'pct_max'));
      const { vdot, source } = await athleteVdot(userId, profile?.thresholdPaceSPerKm ?? null);
      if (vdot === null) notes.push(M.t(lang, 'no_pace'));
      const zones = hrZones(maxHr, resting).map((z, i) => {
        const f = ZONE_VO2_FRACTIONS[i]!;
        const zone = z.zone as 1 | 2 | 3 | 4 | 5;
        return {
          zone: z.zone,
          name: M.t(lang, `zone.${zone}.name`),
          hr_min: z.hrMin,
          hr_max: z.hrMax,
          hr_range: `${z.hrMin}-${z.hrMax} (${z.pctMin}-${z.pctMax}%)`,
          pace_range:
            vdot === null
              ? null
              : `${paceStr(paceAtFraction(vdot, f[0]))}-${paceStr(paceAtFraction(vdot, f[1]))} min/km`,
          description: M.t(lang, `zone.${zone}.description`),
          use: M.t(lang, `zone.${zone}.use`),
          feeling: M.t(lang, `zone.${zone}.feeling`),
          rpm: ZONE_CADENCE[i]!,
          examples: items(lang, `zone.${z.zone}.examples`),
        };
      });
      const thresholdPace = vdot === null ? null : `${paceStr(paceAtFraction(vdot, 0.88))} min/km`;
      return {
        method: resting !== null ? 'heart_rate_reserve' : 'percent_max_hr',
        method_source: resting !== null ? 'Karvonen et al. 1957' : '% of max HR',
        max_hr: maxHr,
        user_max_hr: maxHr,
        user_threshold_pace: thresholdPace,
        max_hr_source: maxSource,
        resting_hr: resting,
        threshold_pace: thresholdPace,
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
      if ((b.hrv_current === undefined) !== (b.hrv_baseline === undefined))
        throw invalid(b.hrv_current === undefined ? 'hrv_current' : 'hrv_baseline', M.msg('hrv_pair'));
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
      const { vdot } = await athleteVdot(userId, profile?.thresholdPaceSPerKm ?? null);
      // Today's planned session if there is one; else a fifth of the recent week.
      const planned = (await loadPlan(userId))?.sessions.find((s) => s.date === today());
      const baseKm = planned?.distanceKm ?? ((b.recent_volume_km ?? usual ?? 30) / 5 || 6);
      let kind: SessionKind = planned?.kind ?? 'easy';
      if (res.multiplier < 0.95 && kind !== 'race') kind = res.multiplier < 0.7 ? 'recovery' : 'easy';
      const bad = (Object.entries(res.factors) as [keyof typeof res.factors, number | null][])
        .filter(([, v]) => v !== null && v < 0.95)
        .map(([k]) => M.t(lang, `adapt.factor.${k}`));
      return {
        final_multiplier: res.multiplier,
        adjustment_level: res.level,
        action: M.t(lang, `adapt.action.${res.level}`),
        factors: {
          hrv_factor: res.factors.hrv,
          sleep_factor: res.factors.sleep,
          fatigue_factor: res.factors.fatigue,
          stress_factor: res.factors.stress,
          volume_factor: res.factors.volume,
        },
        recommended_workout: {
          type: res.level === 'REST' ? 'rest' : kind,
          type_code: SESSION_CODE[res.level === 'REST' ? 'rest' : kind],
          distance_km: res.level === 'REST' ? 0 : r1(Math.max(3, baseKm * res.multiplier)),
          pace: res.level === 'REST' ? null : withUnit(paceRange(kind, vdot, 10)),
          intensity: res.level === 'REST' ? '-' : SESSION_INTENSITY[kind].zone,
        },
        // The factors add up to the advice, so they are joined by "+" rather than listed in words.
        reasoning: bad.length
          ? M.t(lang, 'adapt.reasoning', { factors: bad.join(' + ') })
          : M.t(lang, 'adapt.fine'),
      };
    },

    async progress(userId: number, weeks: number, lang: Lang): Promise<ProgressTracking> {
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
        volume: r1(w.distanceKm),
        avg_pace: w.distanceKm > 0 ? r2(w.durationS / w.distanceKm / 60) : null,
        hrv: w.hrvMs,
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
      if (paceChange !== null && paceChange < 0) positive.push(M.t(lang, 'progress.positive.pace'));
      if (trend !== null && trend > 0 && trend <= 30 * weeks)
        positive.push(M.t(lang, 'progress.positive.volume'));
      if (data.length > 1 && data.every((d) => d.workouts > 0))
        positive.push(M.t(lang, 'progress.positive.consistent'));
      for (let i = 1; i < data.length; i++) {
        const a = data[i - 1]!.volume_km;
        const b = data[i]!.volume_km;
        if (a > 0 && b / a > 1.3)
          warnings.push(
            M.t(lang, 'progress.warnings.jump', { w: data[i]!.week, p: Math.round((b / a - 1) * 100) }),
          );
      }
      if (load.acwr !== null && load.acwr > 1.5)
        warnings.push(M.t(lang, 'progress.warnings.acwr', { a: r2(load.acwr) }));
      const rTrend =
        rEnd.score === null || rStart.score === null
          ? M.t(lang, 'progress.none')
          : rEnd.score - rStart.score > 5
            ? M.t(lang, 'progress.up', { p: Math.round(rEnd.score - rStart.score) })
            : rEnd.score - rStart.score < -5
              ? M.t(lang, 'progress.down', { p: Math.round(rEnd.score - rStart.score) })
              : M.t(lang, 'progress.flat');
      // HRV: weekly ln rMSSD means, first against last week with readings. Changes within ±5% (0.05 in ln) are
      // read as stable: day-to-day CV of rMSSD is ~10% and a weekly mean damps it (Plews, D. J. et al. (2012).
      // Heart rate variability in elite triathletes. Eur J Appl Physiol 112, 3729–3741).
      const hrvWeeks = data.filter((d) => d.hrv !== null);
      const hrvFirst = hrvWeeks[0]?.hrv;
      const hrvLast = hrvWeeks.at(-1)?.hrv;
      const dLn = hrvWeeks.length > 1 ? Math.log(hrvLast! / hrvFirst!) : null;
      const hrvTrend =
        dLn === null
          ? M.t(lang, 'progress.none')
          : dLn > 0.05
            ? M.t(lang, 'progress.hrv.up', { p: Math.round((hrvLast! / hrvFirst! - 1) * 100) })
            : dLn < -0.05
              ? M.t(lang, 'progress.hrv.down', { p: Math.round((hrvLast! / hrvFirst! - 1) * 100) })
              : M.t(lang, 'progress.hrv.flat');
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
            trend === null
              ? M.t(lang, 'progress.none')
              : trend > 2
                ? M.t(lang, 'progress.up', { p: trend })
                : trend < -2
                  ? M.t(lang, 'progress.down', { p: trend })
                  : M.t(lang, 'progress.flat'),
          pace_first_s_per_km: first?.avg_pace_s_per_km ?? null,
          pace_last_s_per_km: last?.avg_pace_s_per_km ?? null,
          pace_improvement:
            paceChange === null
              ? M.t(lang, 'progress.none')
              : M.t(lang, paceChange > 0 ? 'progress.pace_up' : 'progress.pace', {
                  a: paceStr(first!.avg_pace_s_per_km!),
                  b: paceStr(last!.avg_pace_s_per_km!),
                  p: paceChange,
                }),
          readiness_trend: rTrend,
          hrv_trend: hrvTrend,
          overall_status: !active.length
            ? M.t(lang, 'progress.status.none')
            : warnings.length > 1
              ? M.t(lang, 'progress.status.warning')
              : warnings.length
                ? M.t(lang, 'progress.status.caution')
                : M.t(lang, 'progress.status.good'),
        },
        weekly_data: data,
        adaptation_signs: { positive, warnings },
        projection: {
          goal: goal ? `${goal.distanceKm} km ${goal.date}` : null,
          predicted_time: predicted === null ? null : formatDuration(predicted),
          target_time: goal?.targetTimeS ? formatDuration(goal.targetTimeS) : null,
          current_trajectory:
            !goal?.targetTimeS || predicted === null
              ? M.t(lang, 'progress.trajectory.none')
              : predicted <= goal.targetTimeS
                ? M.t(lang, 'progress.trajectory.on')
                : M.t(lang, 'progress.trajectory.behind'),
          ...ifMaintain(lang, goal, predicted, first, last, now),
        },
      };
    },

    async injuryPrevention(userId: number, lang: Lang): Promise<InjuryPrevention> {
      const load = await running.loadStatus(userId, today());
      const alerts: string[] = [];
      if (load.acwr !== null && load.acwr > 1.3)
        alerts.push(M.t(lang, 'injury.alert_load', { a: r2(load.acwr) }));
      if (load.riskLevel === 'HIGH' || load.riskLevel === 'VERY_HIGH')
        alerts.push(M.t(lang, 'injury.alert_risk', { r: load.riskLevel }));
      const t = M.t as (l: Lang, id: string) => string;
      return {
        strength_exercises: [0, 1, 2, 3, 4].map((i) => ({
          name: t(lang, `injury.strength.${i}.name`),
          target: t(lang, `injury.strength.${i}.target`),
          week_1: t(lang, `injury.strength.${i}.week_1`),
          week_4: t(lang, `injury.strength.${i}.week_4`),
          progression: 'linear' as const,
          when: t(lang, `injury.strength.${i}.when`),
          why: t(lang, `injury.strength.${i}.why`),
        })),
        stretching_routines: STRETCH_SECONDS.map((duration_sec, i) => ({
          name: t(lang, `injury.stretching.${i}.name`),
          target: t(lang, `injury.stretching.${i}.target`),
          duration_sec,
          when: t(lang, `injury.stretching.${i}.when`),
          progression: 'none' as const,
          why: t(lang, `injury.stretching.${i}.why`),
        })),
        // Keyed by the weekday's name in the reader's language ("Monday", "Lunes"), Monday first.
        weekly_schedule: Object.fromEntries(
          INJURY_SCHEDULE.map((acts, day) => [
            dayName(lang, day),
            acts.map((a) => M.t(lang, `injury.activity.${a}`)),
          ]),
        ),
        warning_signs: items(lang, 'injury.warnings'),
        current_alerts: alerts,
        sources: [
          'van Dyk et al. 2019 (Br J Sports Med 53:1362)',
          'Lauersen et al. 2014 (Br J Sports Med 48:871)',
          'Gabbett 2016',
          'Nielsen et al. 2014',
        ],
      };
    },
  };
}
