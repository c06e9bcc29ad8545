import type { HrvReadiness, OvertrainingHistory, OvertrainingStatus, RunningFactor } from '@pulso/contracts';
import type { Sealed } from '../../platform/crypto/columns.js';
import { addDays, dayNumber, mondayOf } from '../../platform/dates.js';
import type { Lang } from '../../platform/i18n.js';
import {
  hrvBaseline,
  hrvTrend,
  lnRmssd,
  readinessScore,
  readinessStatus,
  type FactorCode,
  type HrvBaseline,
} from './domain/hrv.js';
import {
  ACWR_EWMA_METHOD,
  ACWR_METHOD,
  acwrEwma,
  acwrRolling,
  monotonyStrain,
  pmcSeries,
  type PmcPoint,
} from './domain/load.js';
import { assessRisk } from './domain/risk.js';
import { checkInDto, round, roundN } from './dto.js';
import type { CheckInLite, Inputs } from './snapshot.js';
import { runningMessages as M } from './messages.js';

type Session = 'high_intensity' | 'as_planned' | 'easy_aerobic' | 'recovery_or_rest' | 'as_planned_no_hrv';

/**
 * Overtraining status, readiness and weekly history: pure functions of one athlete's snapshot and a date (the
 * formulas and their sources are in domain/). Deterministic, so the service memoises them on the snapshot.
 */

export const LOAD_UNIT = 'session-RPE arbitrary units (RPE × minutes, Foster 2001)';

/** Opens a sealed check-in note of the snapshot's owner (only the latest one shown is ever opened). */
export type OpenNote = (userId: number, note: Sealed<string> | null) => string | null;

/** Daily loads from the snapshot's first day to `to`, rest days as 0, with the PMC over them. */
export function series(inp: Inputs, to: string) {
  const start = dayNumber(inp.from);
  const n = Math.max(0, dayNumber(to) - start + 1);
  const loads = new Array<number>(n).fill(0);
  const dist = new Array<number>(n).fill(0);
  const dur = new Array<number>(n).fill(0);
  const count = new Array<number>(n).fill(0);
  for (const l of inp.loads) {
    const i = dayNumber(l.day) - start;
    if (i < 0 || i >= n) continue;
    loads[i] = l.load;
    dist[i] = l.distanceKm;
    dur[i] = l.durationS;
    count[i] = l.workouts;
  }
  return { start, loads, dist, dur, count, pmc: pmcSeries(loads) };
}
type Series = ReturnType<typeof series>;

function metricsAt(s: Series, i: number) {
  const upto = s.loads.slice(0, i + 1);
  const rolling = acwrRolling(upto);
  const ewma = acwrEwma(upto);
  const week = upto.slice(-7);
  while (week.length < 7) week.unshift(0);
  const ms = monotonyStrain(week);
  const p: PmcPoint = s.pmc[i] ?? { ctl: 0, atl: 0, tsb: 0 };
  return {
    acwr: {
      value: roundN(rolling.acwr),
      method: ACWR_METHOD,
      acute_load: round(rolling.acute, 1),
      chronic_load: round(rolling.chronic, 1),
      ewma: { value: roundN(ewma.acwr), method: ACWR_EWMA_METHOD },
    },
    weekly_load: round(ms.weeklyLoad, 1),
    monotony: roundN(ms.monotony),
    strain: roundN(ms.strain, 1),
    ctl: round(p.ctl, 1),
    atl: round(p.atl, 1),
    tsb: round(p.tsb, 1),
  };
}

/** The overtraining risk from one day's metrics, HRV baseline and trend, and Hooper index (domain/risk.ts). */
function riskOf(
  m: ReturnType<typeof metricsAt>,
  b: HrvBaseline,
  trend: ReturnType<typeof hrvTrend>,
  hooper: number | null,
) {
  return assessRisk({
    acwr: m.acwr.value,
    monotony: m.monotony,
    tsb: m.tsb,
    ctl: m.ctl,
    hrvStatus: b.status,
    hrvTrend: trend,
    hooper,
  });
}

export const baselineAt = (inp: Inputs, date: string) => hrvBaseline(inp.hrv, date, addDays);

function latestCheckIn(inp: Inputs, date: string, maxAgeDays: number): CheckInLite | null {
  for (let i = inp.checkIns.length - 1; i >= 0; i--) {
    const c = inp.checkIns[i]!;
    if (c.date > date) continue;
    return c.date >= addDays(date, -maxAgeDays) ? c : null;
  }
  return null;
}

export function computeStatus(inp: Inputs, date: string, lang: Lang, openNote: OpenNote): OvertrainingStatus {
  const s = series(inp, date);
  const i = s.loads.length - 1;
  const m = metricsAt(s, i);
  const b = baselineAt(inp, date);
  const trend = hrvTrend(b, baselineAt(inp, addDays(date, -7)));
  const check = latestCheckIn(inp, date, 3);
  const risk = riskOf(m, b, trend, check?.hooperIndex ?? null);
  const factors: RunningFactor[] = risk.factors.map((f) => ({
    code: f.code,
    value: roundN(f.value),
    effect: round(-f.points / 3, 2),
    // Every risk message takes at most `v`; the id is one of a union, typed as one that takes it.
    message: M.t(lang, `risk.${f.code}.message` as 'risk.acwr_high.message', { v: f.value }),
  }));
  const recommendations = [
    M.t(lang, `level.${risk.level}`),
    ...risk.factors.map((f) => M.t(lang, `risk.${f.code}.advice`)),
  ];
  if (m.acwr.value == null && b.status === 'insufficient_data')
    recommendations.push(M.t(lang, 'no_data_advice'));
  const last = inp.checkIns.filter((c) => c.date <= date).at(-1);
  return {
    date,
    load_unit: LOAD_UNIT,
    ...m,
    hrv: {
      status: b.status,
      trend,
      rolling_mean_7d: roundN(b.rolling_mean_7d, 3),
      normal_range: b.normal_range
        ? { low: round(b.normal_range.low, 3), high: round(b.normal_range.high, 3) }
        : null,
    },
    latest_check_in: last ? checkInDto({ ...last, notes: openNote(inp.userId, last.notes) }) : null,
    risk_level: risk.level,
    risk_score: risk.score,
    factors,
    recommendations,
  };
}

/** A readiness factor's sentence; the signed ones say above or below, with the distance unsigned. */
function factorText(lang: Lang, code: FactorCode, v: number): string {
  const signed = code === 'hrv_today' || code === 'resting_hr';
  return M.t(lang, `factor.${code}` as 'factor.hrv_today', {
    v: signed ? Math.abs(v) : v,
    dir: v >= 0 ? 'above' : 'below',
  });
}

export function computeReadiness(inp: Inputs, date: string, lang: Lang): HrvReadiness {
  const b = baselineAt(inp, date);
  const today = inp.hrv.find((h) => h.date === date) ?? null;
  const from60 = addDays(date, -59);
  const rhr = inp.hrv.filter((h) => h.date >= from60 && h.date < date && h.restingHr != null);
  const rhrBase = rhr.length >= 7 ? rhr.reduce((a, h) => a + h.restingHr!, 0) / rhr.length : null;
  const s = series(inp, date);
  const p = s.pmc.at(-1);
  // A same-day check-in stands in for the reading's questionnaire fields.
  const ci = inp.checkIns.find((c) => c.date === date);
  const t = today
    ? {
        ...today,
        sleepQuality: today.sleepQuality ?? ci?.sleep ?? null,
        fatigue: today.fatigue ?? ci?.fatigue ?? null,
        stress: today.stress ?? ci?.stress ?? null,
        soreness: today.soreness ?? ci?.soreness ?? null,
      }
    : null;
  const { score, factors } = readinessScore({
    baseline: b,
    today: t,
    restingHrBaseline: rhrBase,
    tsb: p ? p.tsb : null,
    ctl: p ? p.ctl : null,
  });
  const st = readinessStatus(score);
  let session: Session = 'as_planned_no_hrv';
  if (score != null) {
    if (score >= 85 && b.status !== 'low') session = 'high_intensity';
    else if (score >= 70) session = 'as_planned';
    else if (score >= 50) session = 'easy_aerobic';
    else session = 'recovery_or_rest';
  }
  return {
    date,
    score,
    status: st.status,
    load_multiplier: st.loadMultiplier,
    hrv_status: b.status,
    recommendation: { session, text: M.t(lang, `session.${session}`) },
    factors: factors.map((f) => ({
      code: f.code,
      value: f.value,
      effect: round(f.effect, 2),
      message: factorText(lang, f.code, f.value),
    })),
  };
}

export function computeHistory(inp: Inputs, date: string, weeks: number): OvertrainingHistory {
  const s = series(inp, date);
  const firstMonday = addDays(mondayOf(date), -7 * (weeks - 1));
  const out: OvertrainingHistory['weeks'] = [];
  for (let k = 0; k < weeks; k++) {
    const ws = addDays(firstMonday, 7 * k);
    const weekEnd = addDays(ws, 6);
    const end = weekEnd < date ? weekEnd : date;
    const i = dayNumber(end) - s.start;
    const i0 = Math.max(0, dayNumber(ws) - s.start);
    const m = metricsAt(s, i);
    let workouts = 0,
      dist = 0,
      dur = 0;
    for (let j = i0; j <= i; j++) {
      workouts += s.count[j] ?? 0;
      dist += s.dist[j] ?? 0;
      dur += s.dur[j] ?? 0;
    }
    const b = baselineAt(inp, end);
    const hrvWeek = inp.hrv.filter((h) => h.date >= ws && h.date <= end).map((h) => lnRmssd(h.rmssdMs));
    const checks = inp.checkIns.filter((c) => c.date >= ws && c.date <= end);
    const hooper = checks.length ? checks.reduce((a, c) => a + c.hooperIndex, 0) / checks.length : null;
    const risk = riskOf(m, b, hrvTrend(b, baselineAt(inp, addDays(end, -7))), hooper);
    out.push({
      week_start: ws,
      week_end: weekEnd,
      ...m,
      workouts,
      distance_km: round(dist, 2),
      duration_s: dur,
      hrv_mean_ln_rmssd: hrvWeek.length
        ? round(hrvWeek.reduce((a, x) => a + x, 0) / hrvWeek.length, 3)
        : null,
      hrv_status: b.status,
      hooper_mean: roundN(hooper, 1),
      risk_level: risk.level,
    });
  }
  return { weeks: out, acwr_method: ACWR_METHOD, load_unit: LOAD_UNIT };
}

/** The computations above, memoised on the snapshot they read (a write gives a new snapshot, so no stale hit). */
export function createAnalysis(
  memoized: <T>(snapshot: object, key: string, build: () => T) => T,
  openNote: OpenNote,
) {
  return {
    statusAt: (inp: Inputs, date: string, lang: Lang): OvertrainingStatus =>
      memoized(inp, `status:${date}:${lang}`, () => computeStatus(inp, date, lang, openNote)),
    readinessAt: (inp: Inputs, date: string, lang: Lang): HrvReadiness =>
      memoized(inp, `readiness:${date}:${lang}`, () => computeReadiness(inp, date, lang)),
    historyAt: (inp: Inputs, date: string, weeks: number): OvertrainingHistory =>
      memoized(inp, `history:${date}:${weeks}`, () => computeHistory(inp, date, weeks)),
  };
}
export type Analysis = ReturnType<typeof createAnalysis>;
