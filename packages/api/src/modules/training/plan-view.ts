import type { TrainingPlan, WeeklyPlan } from '@pulso/contracts';
import type { Lang } from '../../platform/i18n.js';
import type { LoadStatus, Readiness } from '../running/read-model.js';
import { addDays, type Weekday } from './domain/dates.js';
import { minutesFor, paceRange } from './domain/pace.js';
import { segmentsOf } from './domain/segments.js';
import { adaptSession, weekMultiplier } from './domain/week.js';
import {
  INTENSITY_DISTRIBUTION,
  PHASE_CODE,
  PHASES,
  SESSION_CODE,
  SESSION_INTENSITY,
  type Phase,
  type PlannedWeek,
  type SessionKind,
} from './domain/plan.js';
import { dayName, items, trainingMessages as M } from './messages.js';

/** A plan and its weeks as the API shows them: pure functions of the cached plan and the athlete's state. */

/** A plan with all its sessions, as cached: plain JSON (it may go through Redis). */
export interface LoadedPlan {
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

export const r1 = (x: number) => Math.round(x * 10) / 10;
export const r2 = (x: number) => Math.round(x * 100) / 100;
export const pct = (xs: number[]) => ({
  Z1: `${xs[0]}%`,
  Z2: `${xs[1]}%`,
  Z3: `${xs[2]}%`,
  Z4: `${xs[3]}%`,
  Z5: `${xs[4]}%`,
});

export function toDto(p: LoadedPlan, lang: Lang): TrainingPlan {
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
          name: M.t(lang, `phase.${phase}.name`),
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

/** What was recorded on one day (today and earlier days of the shown week). */
export interface DayDone {
  workouts: number;
  workout_ids: number[];
  distance_km: number;
  duration_min: number;
}

/** Where the week comes from: the saved plan, or the programme built from the profile (and why). */
export interface WeekSource {
  source: 'plan' | 'profile';
  note: string;
}

/**
 * One week as the API shows it: all seven days (rest days as `rest`), each session with its segments, the days up
 * to today with what was recorded (`done`), and the sessions from today on scaled by today's state when the week
 * holds today.
 */
export function buildWeek(
  plan: LoadedPlan,
  n: number,
  lang: Lang,
  now: string,
  vdot: number | null,
  adapt: readonly [Readiness, LoadStatus] | null,
  src: WeekSource,
  done: ReadonlyMap<string, DayDone>,
): WeeklyPlan {
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
    explanation: M.t(lang, 'not_adapted'),
  };
  if (adapt) {
    const [readiness, load] = adapt;
    const res = weekMultiplier({ readiness, load });
    multiplier = res.multiplier;
    const why = res.reasons.map((r) =>
      r.kind === 'readiness'
        ? M.t(lang, 'plan.why.readiness', { s: r.status })
        : r.kind === 'acwr'
          ? M.t(lang, 'plan.why.acwr', { a: r.acwr })
          : M.t(lang, 'plan.why.risk', { r: r.level }),
    );
    adaptation = {
      applied: true,
      multiplier,
      readiness_score: readiness.score,
      readiness_status: readiness.status,
      acwr: load.acwr === null ? null : r2(load.acwr),
      risk_level: load.riskLevel,
      explanation:
        why.length || multiplier > 1
          ? M.t(lang, 'plan.adapted', { m: multiplier, why: why.join('; ') || readiness.status })
          : M.t(lang, 'as_planned'),
    };
  }
  const workouts = [0, 1, 2, 3, 4, 5, 6].map((i): WeeklyPlan['workouts'][number] => {
    const date = addDays(wk.startDate, i);
    const s = sessions.find((x) => x.date === date);
    const d = date <= now ? (done.get(date) ?? null) : null;
    const past = date < now;
    if (!s)
      return {
        day: dayName(lang, date),
        date,
        type: 'rest',
        type_code: SESSION_CODE.rest,
        planned_distance_km: 0,
        distance_km: 0,
        distance: 0,
        total_distance: 0,
        duration_min: null,
        pace_min_km: null,
        intensity_zone: '-',
        adaptive_multiplier: 1,
        notes: M.t(lang, 'rest_day'),
        segments: [],
        status: d ? 'done' : 'rest',
        done: d,
      };
    const {
      kind,
      multiplier: m,
      distanceKm: km,
    } = adaptSession(s, adaptation.applied ? multiplier : null, now);
    const segments = segmentsOf(kind, km, vdot, plan.goalDistanceKm).map((g) => ({
      type: g.type,
      distance_km: g.distanceKm,
      distance: g.distanceKm,
      duration_min: g.durationMin,
      pace: g.pace,
      zone: g.zone,
    }));
    const minutes = segments.every((g) => g.duration_min !== null)
      ? segments.reduce((sum, g) => sum + g.duration_min!, 0)
      : null;
    return {
      day: dayName(lang, date),
      date,
      type: kind,
      type_code: SESSION_CODE[kind],
      planned_distance_km: s.distanceKm,
      distance_km: km,
      distance: km,
      total_distance: r1(segments.reduce((sum, g) => sum + g.distance_km, 0)),
      duration_min: segments.length ? minutes : minutesFor(kind, km, vdot, plan.goalDistanceKm),
      pace_min_km: paceRange(kind, vdot, plan.goalDistanceKm),
      intensity_zone: SESSION_INTENSITY[kind].zone,
      adaptive_multiplier: m,
      notes: M.t(lang, `session.${kind}.note`),
      segments,
      status: d ? 'done' : past ? 'missed' : 'planned',
      done: d,
    };
  });
  const inPhase = weeks.filter((w) => w.phase === wk.phase);
  const volume = r1(workouts.reduce((s, w) => s + (w.type === 'race' ? 0 : w.distance_km), 0));
  return {
    week: n,
    weeks_total: weeks.length,
    source: src.source,
    source_note: src.note,
    phase: wk.phase,
    phase_code: PHASE_CODE[wk.phase],
    phase_name: M.t(lang, `phase.${wk.phase}.name`),
    phase_progress: M.t(lang, 'plan.week_of', {
      w: inPhase.findIndex((w) => w.week === n) + 1,
      n: inPhase.length,
    }),
    start_date: wk.startDate,
    weekly_volume_km: volume,
    weekly_volume: volume,
    total_distance: r1(workouts.reduce((s, w) => s + w.distance_km, 0)),
    recovery_week: wk.recovery,
    intensity_distribution: pct(INTENSITY_DISTRIBUTION[wk.phase]),
    workouts,
    adaptation,
    week_focus: M.t(lang, `phase.${wk.phase}.focus`),
    recommendations: items(lang, 'recommendations'),
  };
}
