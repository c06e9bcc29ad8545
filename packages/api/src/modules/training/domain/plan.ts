/**
 * Periodised plan: base → build & strength → specific → taper → race & recovery.
 *
 * Sources behind the choices:
 * - Polarised / pyramidal intensity distribution, ~80% of sessions easy (Seiler, S. (2010). What is best
 *   practice for training intensity and duration distribution in endurance athletes? Int J Sports Physiol
 *   Perform 5, 276–291).
 * - Loading weeks then a lighter week (3:1), and volume growth kept moderate: weekly increases beyond ~30%
 *   raise injury risk in novice runners (Nielsen, R. Ø. et al. (2014). Excessive progression in weekly
 *   running distance and risk of running-related injuries. J Orthop Sports Phys Ther 44(10), 739–747);
 *   we cap load weeks at +10%.
 * - Taper: about two weeks, volume cut progressively by 41–60%, intensity and frequency kept (Bosquet, L. et
 *   al. (2007). Effects of tapering on performance: a meta-analysis. Med Sci Sports Exerc 39(8), 1358–1365).
 */
import { addDays, dayNumber, mondayOf, weekdayOf, WEEKDAYS, type Weekday } from './dates.js';

export type Phase = 'base' | 'build' | 'specific' | 'taper' | 'race';
export const PHASES: readonly Phase[] = ['base', 'build', 'specific', 'taper', 'race'];
export type SessionKind =
  'easy' | 'recovery' | 'long' | 'strides' | 'hills' | 'tempo' | 'intervals' | 'race_pace' | 'race';

export interface PlanInput {
  goalDistanceKm: number;
  raceDate: string;
  startDate: string;
  daysPerWeek: number;
  longRunDay: Weekday;
  startVolumeKm: number;
}

export interface PlannedSession {
  date: string;
  week: number;
  phase: Phase;
  kind: SessionKind;
  distanceKm: number;
}

export interface PlannedWeek {
  week: number;
  phase: Phase;
  startDate: string;
  volumeKm: number;
  recovery: boolean;
}

export interface Plan {
  weeks: PlannedWeek[];
  sessions: PlannedSession[];
  peakVolumeKm: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Peak weekly volume band and longest run by race distance (common coaching ranges, e.g. Daniels 2014, Pfitzinger). */
function targets(distanceKm: number) {
  if (distanceKm >= 30) return { minPeak: 55, maxPeak: 110, maxLong: 32, longShare: 0.38, taper: 2 };
  if (distanceKm >= 15) return { minPeak: 40, maxPeak: 90, maxLong: 22, longShare: 0.33, taper: 1 };
  if (distanceKm >= 8) return { minPeak: 32, maxPeak: 80, maxLong: 18, longShare: 0.3, taper: 1 };
  return { minPeak: 25, maxPeak: 70, maxLong: 14, longShare: 0.3, taper: 1 };
}

/** Which days of the week hold sessions: offsets after the long run, and each one's role. */
const LAYOUT: Record<number, { offset: number; role: 'long' | 'q1' | 'q2' | 'easy' }[]> = {
  3: [
    { offset: 0, role: 'long' },
    { offset: 2, role: 'q1' },
    { offset: 4, role: 'easy' },
  ],
  4: [
    { offset: 0, role: 'long' },
    { offset: 2, role: 'q1' },
    { offset: 3, role: 'easy' },
    { offset: 5, role: 'q2' },
  ],
  5: [
    { offset: 0, role: 'long' },
    { offset: 2, role: 'q1' },
    { offset: 3, role: 'easy' },
    { offset: 5, role: 'q2' },
    { offset: 6, role: 'easy' },
  ],
  6: [
    { offset: 0, role: 'long' },
    { offset: 1, role: 'easy' },
    { offset: 2, role: 'q1' },
    { offset: 3, role: 'easy' },
    { offset: 5, role: 'q2' },
    { offset: 6, role: 'easy' },
  ],
  7: [
    { offset: 0, role: 'long' },
    { offset: 1, role: 'easy' },
    { offset: 2, role: 'q1' },
    { offset: 3, role: 'easy' },
    { offset: 4, role: 'easy' },
    { offset: 5, role: 'q2' },
    { offset: 6, role: 'easy' },
  ],
};

function qualityFor(phase: Phase, role: 'q1' | 'q2', distanceKm: number): SessionKind {
  const long = distanceKm >= 15;
  switch (phase) {
    case 'base':
      return role === 'q1' ? 'hills' : 'strides';
    case 'build':
      return role === 'q1' ? 'tempo' : 'hills';
    case 'specific':
      if (role === 'q1') return long ? 'race_pace' : 'intervals';
      return long ? 'tempo' : 'race_pace';
    case 'taper':
      return role === 'q1' ? 'race_pace' : 'strides';
    case 'race':
      return 'strides';
  }
}

export function phaseWeeks(preRaceWeeks: number, distanceKm: number) {
  const taper = Math.min(targets(distanceKm).taper, Math.max(0, preRaceWeeks - 2));
  const rest = preRaceWeeks - taper;
  const build = Math.max(rest >= 2 ? 1 : 0, Math.round(rest * 0.3));
  const specific = Math.max(rest >= 1 ? 1 : 0, Math.round(rest * 0.3));
  const base = rest - build - specific;
  return { base, build, specific, taper };
}

/** Every phase gets at least a week when the race is at least this many weeks after the start week. */
export const MIN_PRE_RACE_WEEKS = 5;
export const MAX_PLAN_WEEKS = 52;

/**
 * The plan runs from the Monday of the start date's week to the week after the race (recovery). Week 1 holds
 * no sessions before the start date.
 */
export function generatePlan(input: PlanInput): Plan {
  const { goalDistanceKm: dist, raceDate, startDate, daysPerWeek } = input;
  const t = targets(dist);
  const firstMonday = mondayOf(startDate);
  const raceMonday = mondayOf(raceDate);
  const preRace = (dayNumber(raceMonday) - dayNumber(firstMonday)) / 7;
  const split = phaseWeeks(preRace, dist);
  const phaseOf = (w: number): Phase => {
    if (w < split.base) return 'base';
    if (w < split.base + split.build) return 'build';
    if (w < preRace - split.taper) return 'specific';
    if (w < preRace) return 'taper';
    return 'race';
  };
  const start = Math.max(15, input.startVolumeKm);
  const peak = Math.min(t.maxPeak, Math.max(t.minPeak, start * 1.4));
  const loadWeeks = preRace - split.taper;

  const weeks: PlannedWeek[] = [];
  let volume = start;
  for (let w = 0; w < preRace + 2; w++) {
    const phase = phaseOf(w);
    let v: number;
    let recovery = false;
    if (w < loadWeeks) {
      // Every fourth week is lighter (3:1); otherwise grow by at most 10% towards the peak.
      if (w > 0 && (w + 1) % 4 === 0) {
        recovery = true;
        v = volume * 0.75;
      } else {
        if (w > 0)
          volume = Math.min(
            peak,
            volume * 1.1,
            volume + (peak - volume) / Math.max(1, loadWeeks - w) + volume * 0.02,
          );
        v = volume;
      }
    } else if (phase === 'taper') {
      const i = w - loadWeeks; // 0 … taper−1
      v = Math.max(volume, start) * (split.taper === 2 ? [0.75, 0.6][i]! : 0.65);
    } else if (w === preRace)
      v = volume * 0.45; // race week, race excluded
    else {
      v = volume * 0.25;
      recovery = true;
    }
    weeks.push({ week: w + 1, phase, startDate: addDays(firstMonday, w * 7), volumeKm: round1(v), recovery });
  }

  const sessions: PlannedSession[] = [];
  const longDay = WEEKDAYS.indexOf(input.longRunDay);
  for (const wk of weeks) {
    const inRaceWeek = wk.week === preRace + 1;
    const isRecoveryAfterRace = wk.week === preRace + 2;
    const days: { date: string; kind: SessionKind; share: number }[] = [];
    if (inRaceWeek) {
      const raceDay = weekdayOf(raceDate);
      for (const { offset } of LAYOUT[daysPerWeek]!) {
        const wd = (longDay + offset) % 7;
        if (wd >= raceDay - 1) continue; // the day before is rest, after the race too
        days.push({
          date: addDays(wk.startDate, wd),
          kind: raceDay - wd >= 4 && !days.some((d) => d.kind === 'race_pace') ? 'race_pace' : 'easy',
          share: 1,
        });
      }
      days.push({ date: raceDate, kind: 'race', share: 0 });
    } else if (isRecoveryAfterRace) {
      const n = Math.max(2, daysPerWeek - 2);
      LAYOUT[daysPerWeek]!.slice(0, n)
        .map(({ offset }) => (longDay + offset) % 7)
        .filter((wd) => wd >= 2) // two full rest days after the race
        .forEach((wd) => days.push({ date: addDays(wk.startDate, wd), kind: 'recovery', share: 1 }));
    } else {
      for (const { offset, role } of LAYOUT[daysPerWeek]!) {
        const wd = (longDay + offset) % 7;
        let kind: SessionKind =
          role === 'long' ? 'long' : role === 'easy' ? 'easy' : qualityFor(wk.phase, role, dist);
        if (wk.recovery && (kind === 'tempo' || kind === 'intervals' || kind === 'race_pace'))
          kind = 'strides';
        const share =
          role === 'long'
            ? t.longShare + (daysPerWeek <= 3 ? 0.07 : 0)
            : kind === 'easy' || kind === 'strides'
              ? 1
              : 1.15;
        days.push({ date: addDays(wk.startDate, wd), kind, share });
      }
    }
    // The long run takes its share (capped), the rest is split by weight.
    const longS = days.find((d) => d.kind === 'long');
    const longKm = longS ? Math.min(t.maxLong, wk.volumeKm * longS.share) : 0;
    const others = days.filter((d) => d.kind !== 'long' && d.kind !== 'race');
    const weight = others.reduce((s, d) => s + d.share, 0);
    const rest = Math.max(0, wk.volumeKm - longKm);
    for (const d of days) {
      if (d.date < startDate) continue;
      const km = d.kind === 'race' ? dist : d.kind === 'long' ? longKm : (rest * d.share) / weight;
      sessions.push({
        date: d.date,
        week: wk.week,
        phase: wk.phase,
        kind: d.kind,
        distanceKm: round1(Math.max(d.kind === 'race' ? dist : 3, km)),
      });
    }
  }
  sessions.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { weeks, sessions, peakVolumeKm: round1(peak) };
}

/** Planned intensity distribution per phase, % of running time by zone (pyramidal, Seiler 2010). */
export const INTENSITY_DISTRIBUTION: Record<Phase, [number, number, number, number, number]> = {
  base: [15, 70, 10, 5, 0],
  build: [10, 65, 12, 10, 3],
  specific: [10, 60, 15, 10, 5],
  taper: [15, 60, 12, 8, 5],
  race: [25, 55, 10, 5, 5],
};

/** HR zone and pace band (fractions of VO2max) per session kind. */
export const SESSION_INTENSITY: Record<SessionKind, { zone: string; vo2: [number, number] | null }> = {
  recovery: { zone: 'Z1', vo2: [0.55, 0.62] },
  easy: { zone: 'Z1-Z2', vo2: [0.62, 0.72] },
  long: { zone: 'Z2', vo2: [0.65, 0.74] },
  strides: { zone: 'Z1-Z2', vo2: [0.62, 0.72] },
  hills: { zone: 'Z4-Z5', vo2: null },
  tempo: { zone: 'Z4', vo2: [0.86, 0.88] },
  intervals: { zone: 'Z5', vo2: [0.97, 1.0] },
  race_pace: { zone: 'Z3-Z4', vo2: null },
  race: { zone: 'Z3-Z5', vo2: null },
};

/** The running seed's names of our phases and session kinds (returned alongside ours). */
export const PHASE_CODE = {
  base: 'BASE_BUILDING',
  build: 'BUILD_STRENGTH',
  specific: 'RACE_SPECIFIC',
  taper: 'TAPER',
  race: 'RACE_RECOVERY',
} as const satisfies Record<Phase, string>;
export const SESSION_CODE = {
  easy: 'EASY_RUN',
  recovery: 'RECOVERY_RUN',
  long: 'LONG_RUN',
  strides: 'EASY_RUN_STRIDES',
  hills: 'HILL_REPEATS',
  tempo: 'TEMPO_RUN',
  intervals: 'INTERVALS',
  race_pace: 'RACE_PACE_RUN',
  race: 'RACE',
  rest: 'REST',
} as const satisfies Record<SessionKind | 'rest', string>;

/**
 * A typical loading week of a phase: the session kind of each weekday (Monday first), 'rest' where none — the
 * same layout and quality choices as `generatePlan`.
 */
export function typicalWeek(
  phase: Phase,
  daysPerWeek: number,
  longRunDay: Weekday,
  distanceKm: number,
): (SessionKind | 'rest')[] {
  const out = Array.from({ length: 7 }, (): SessionKind | 'rest' => 'rest');
  const longDay = WEEKDAYS.indexOf(longRunDay);
  for (const { offset, role } of LAYOUT[daysPerWeek]!) {
    const wd = (longDay + offset) % 7;
    out[wd] = role === 'long' ? 'long' : role === 'easy' ? 'easy' : qualityFor(phase, role, distanceKm);
  }
  return out;
}
