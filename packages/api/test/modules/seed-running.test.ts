/**
 * Acceptance test of issue 12 (running coach part): replays every request and example response of the running
 * seed (`shared/seeds/running-platform-tier2-part5.md`, "8 endpoints restantes" and the metrics endpoint of
 * "Monitoring") against Pulso, with the seed's own bodies, field names and query parameters, and checks the
 * status and the fields of each example response. Where Pulso keeps its own convention the check names it
 * (README, "Seed compatibility (running coach)"): impact percentages are positive when slower, times are
 * `h:mm:ss` strings with the minutes in `*_min`, and responses are not wrapped in an envelope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, mondayOf } from '../../src/platform/dates.js';
import { call, createTestApp, registerUser, testDay, type TestApp, type TestUser } from '../harness.js';

let t: TestApp;
/** The seed's example athlete: max HR 190, threshold pace 5:00 min/km, ~45 km a week, a half marathon ahead. */
let u: TestUser;
const today = () => testDay();
// The day the history below was seeded on, fixed once: some instants of .ci/date-instants cross midnight during
// the file, and a workout seeded "3 days ago" stays on its date when "today" moves on.
let seededOn = '';

const get = (url: string, o: { token?: string; query?: Record<string, string> } = {}) =>
  call(t.app, 'GET', url, { token: 'token' in o ? o.token : u.token, query: o.query });
const post = (url: string, body: unknown) => call(t.app, 'POST', url, { token: u.token, body });

beforeAll(async () => {
  t = await createTestApp();
  seededOn = today();
  u = await registerUser(t.app, { ip: '198.51.100.112' });
  const profile = await call(t.app, 'PUT', '/api/v1/athlete/profile', {
    token: u.token,
    body: {
      birth_date: '1990-05-01',
      max_hr: 190,
      threshold_pace_s_per_km: 300,
      weekly_volume_km: 45,
      experience_level: 'intermediate',
      goal_race: { distance_km: 21.1, date: addDays(seededOn, 12 * 7), target_time_s: 6300 },
    },
  });
  expect(profile.statusCode, profile.body).toBe(200);
  // Eight weeks of steady running (a load the acute:chronic ratio calls normal), 9 km every third day, a little
  // faster each time, and a 10 km in 48:00 (VDOT ~42, a ~1:46 half: the seed's base time of 105.4 min).
  for (let d = 54; d >= 3; d -= 3) {
    const res = await post('/api/v1/workouts', {
      started_at: `${addDays(seededOn, -d)}T07:00:00Z`,
      sport: 'run',
      distance_km: 9,
      duration_s: 9 * (300 + d),
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const ten = await post('/api/v1/workouts', {
    started_at: `${addDays(seededOn, -5)}T18:00:00Z`,
    sport: 'run',
    distance_km: 10,
    duration_s: 2880,
  });
  expect(ten.statusCode, ten.body).toBe(201);
  for (let d = 27; d >= 0; d--) {
    const res = await post('/api/v1/hrv/readings', { date: addDays(seededOn, -d), rmssd_ms: 42 + (d % 3) });
    expect([200, 201]).toContain(res.statusCode);
  }
});
afterAll(() => t.close());

describe('5.2 GET /api/v1/race/conditions-impact?distance_km=21.1', () => {
  interface Factor {
    current_impact_percent: number;
  }
  interface Impact {
    distance_km: number;
    factors: {
      temperature: Factor & {
        optimal_temp: number;
        impact_by_temp: { temperature_c: number; impact_percent: number }[];
      };
      humidity: Factor & { interpretation: string };
      wind: Factor & { worst_case_headwind: number; best_case_tailwind: number };
      terrain: Factor & { elevation_equivalent: string; elevation_equivalent_km: number };
      altitude: Factor & { acclimatization_needed: boolean };
    };
    cumulative_impact: number;
    base_time: string;
    base_time_min: number;
    adjusted_time: string;
    adjusted_time_min: number;
  }

  it('answers every field of the example, with the seed query alone', async () => {
    const res = await get('/api/v1/race/conditions-impact', { query: { distance_km: '21.1' } });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json<Impact>();
    expect(b.distance_km).toBe(21.1);
    const f = b.factors;
    for (const k of ['temperature', 'humidity', 'wind', 'terrain', 'altitude'] as const)
      expect(typeof f[k].current_impact_percent, k).toBe('number');
    expect(typeof f.temperature.optimal_temp).toBe('number');
    expect(f.temperature.impact_by_temp.map((x) => x.temperature_c)).toEqual(
      expect.arrayContaining([0, 5, 10, 15, 20, 25, 30]),
    );
    expect(f.humidity.interpretation.length).toBeGreaterThan(5);
    // Sign: positive = slower (the seed writes slower as negative); a headwind costs, a tailwind gives back.
    expect(f.wind.worst_case_headwind).toBeGreaterThan(0);
    expect(f.wind.best_case_tailwind).toBeLessThan(0);
    expect(Math.abs(f.wind.best_case_tailwind)).toBeLessThan(f.wind.worst_case_headwind);
    expect(f.terrain.elevation_equivalent).toMatch(/km/);
    expect(f.altitude.acclimatization_needed).toBe(false);
    // No conditions given: nothing changes the time.
    expect(b.cumulative_impact).toBe(0);
    expect(b.base_time_min).toBeGreaterThan(100);
    expect(b.base_time_min).toBeLessThan(112);
    expect(b.adjusted_time_min).toBe(b.base_time_min);
    expect(b.base_time).toMatch(/^1:4\d:\d\d$/);
  });

  it('gives the current impact of race-day conditions passed in the query, and their cumulative effect', async () => {
    const res = await get('/api/v1/race/conditions-impact', {
      query: {
        distance_km: '21.1',
        temperature: '25',
        humidity_pct: '80',
        wind_kmh: '15',
        terrain: 'rolling_hills',
        altitude_m: '600',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json<Impact>();
    const f = b.factors;
    expect(f.temperature.current_impact_percent).toBeGreaterThan(0);
    expect(f.humidity.current_impact_percent).toBeGreaterThan(0);
    expect(f.wind.current_impact_percent).toBeGreaterThan(0);
    expect(f.terrain.current_impact_percent).toBeGreaterThan(0);
    expect(f.terrain.elevation_equivalent_km).toBeGreaterThan(0);
    expect(f.altitude.current_impact_percent).toBeGreaterThan(0);
    expect(f.humidity.interpretation).toBe('Humid: sweat evaporates poorly, heat builds up faster.');
    expect(b.cumulative_impact).toBeGreaterThan(f.temperature.current_impact_percent);
    expect(b.adjusted_time_min).toBeCloseTo(b.base_time_min * (1 + b.cumulative_impact / 100), 0);
  });
});

describe('5.3 GET /api/v1/race/terrain-guide (public)', () => {
  it('has each terrain of the example with its elevation equivalent, and the general rule', async () => {
    const res = await get('/api/v1/race/terrain-guide', { token: undefined });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json<{
      terrains: Record<
        string,
        {
          impact_percent: number;
          description: string;
          pacing_strategy: string;
          examples: string[];
          shoes_recommendation: string;
          elevation_equivalent: string;
        }
      >;
      general_rule: string;
    }>();
    const names = ['flat_road', 'rolling_hills', 'mountain', 'technical_trail'];
    expect(Object.keys(b.terrains)).toEqual(names);
    for (const n of names) {
      const x = b.terrains[n]!;
      expect(x.description.length, n).toBeGreaterThan(3);
      expect(x.pacing_strategy.length, n).toBeGreaterThan(3);
      expect(x.shoes_recommendation.length, n).toBeGreaterThan(3);
      expect(x.examples.length, n).toBeGreaterThan(0);
      expect(x.elevation_equivalent, n).toMatch(/km/);
    }
    // The seed's order of cost: 0 < 2 < 8 < 15 %.
    const cost = names.map((n) => b.terrains[n]!.impact_percent);
    expect(cost[0]).toBe(0);
    expect([...cost].sort((a, c) => a - c)).toEqual(cost);
    expect(new Set(cost).size).toBe(4);
    expect(b.general_rule).toMatch(/100 m/);
  });
});

describe('5.4 POST /api/v1/race/scenario-comparison', () => {
  it("takes the seed's bare array with `temperature`, and answers its example's fields", async () => {
    const res = await post('/api/v1/race/scenario-comparison', [
      { distance_km: 21.1, conditions: { temperature: 15 } },
      { distance_km: 21.1, conditions: { temperature: 22 } },
      { distance_km: 21.1, conditions: { temperature: 10 } },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json<{
      scenarios: { name: string; time: string; temp: number | null }[];
      fastest: { index: number; time: string; delta: string };
      slowest: { index: number; time: string; delta: string };
      recommendation: string;
    }>();
    expect(b.scenarios.map((s) => s.name)).toEqual(['Scenario 1', 'Scenario 2', 'Scenario 3']);
    expect(b.scenarios.map((s) => s.temp)).toEqual([15, 22, 10]);
    for (const s of b.scenarios) expect(s.time).toMatch(/^\d:\d\d:\d\d$/);
    // As in the example: the cool day is the fastest, the warm one the slowest, deltas against scenario 1.
    expect(b.fastest).toMatchObject({ index: 2, time: b.scenarios[2]!.time });
    expect(b.fastest.delta).toMatch(/^-\d+:\d\d$/);
    expect(b.slowest).toMatchObject({ index: 1, time: b.scenarios[1]!.time });
    expect(b.slowest.delta).toMatch(/^\+\d+:\d\d$/);
    expect(b.recommendation).toMatch(/Scenario 3/);
  });

  it('says which field is wrong in the bare-array form too', async () => {
    const res = await post('/api/v1/race/scenario-comparison', [
      { distance_km: 21.1, conditions: { temperature: 15 } },
      { distance_km: 21.1, conditions: { temperature: 99 } },
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('1.conditions.temperature');
  });
});

interface Workout {
  day: string;
  date: string;
  type: string;
  type_code: string;
  distance: number;
  distance_km: number;
  duration_min: number | null;
  pace_min_km: string | null;
  intensity_zone: string;
  notes: string;
  adaptive_multiplier: number;
  segments: { type: string; distance: number; pace: string | null; zone: string }[];
  total_distance: number;
  status: string;
}
interface Week {
  week: number;
  adaptation: { multiplier: number };
  source: string;
  phase: string;
  phase_code: string;
  phase_progress: string;
  weekly_volume: number;
  total_distance: number;
  intensity_distribution: Record<string, string>;
  workouts: Workout[];
  week_focus: string;
  recommendations: string[];
}

/** `quality`: the week has a hard session as planned (not turned easy by a bad day, see adaptation). */
function checkWeek(b: Week, monday: string, quality: boolean) {
  expect(b.phase_progress).toMatch(/^Week \d+ of \d+$/);
  expect(typeof b.weekly_volume).toBe('number');
  expect(b.weekly_volume).toBeGreaterThan(0);
  expect(Object.keys(b.intensity_distribution)).toEqual(['Z1', 'Z2', 'Z3', 'Z4', 'Z5']);
  expect(b.workouts.map((w) => w.day)).toEqual([
    'Monday',
    'Tuesday',
    'Wednesday',
    'Thursday',
    'Friday',
    'Saturday',
    'Sunday',
  ]);
  expect(b.workouts.map((w) => w.date)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => addDays(monday, i)));
  const rest = b.workouts.filter((w) => w.type === 'rest');
  expect(rest.length).toBeGreaterThan(0);
  for (const w of rest) expect(w).toMatchObject({ type_code: 'REST', distance: 0, segments: [] });
  const runs = b.workouts.filter((w) => w.type !== 'rest');
  expect(runs.length).toBeGreaterThanOrEqual(3);
  for (const w of runs) {
    expect(w.distance).toBe(w.distance_km);
    expect(w.distance).toBeGreaterThan(0);
    expect(w.type_code).toMatch(/^[A-Z_]+$/);
    expect(w.intensity_zone).toMatch(/^Z\d/);
    expect(w.notes.length).toBeGreaterThan(3);
    expect(w.adaptive_multiplier).toBeGreaterThan(0);
    expect(w.pace_min_km === null || /^\d+:\d\d(-\d+:\d\d)?$/.test(w.pace_min_km)).toBe(true);
    expect(w.segments.length).toBeGreaterThan(0);
    const sum = w.segments.reduce((s, x) => s + x.distance, 0);
    expect(sum).toBeCloseTo(w.total_distance, 1);
    expect(w.total_distance).toBeCloseTo(w.distance, 1);
    for (const s of w.segments) {
      expect(['warmup', 'main', 'cooldown']).toContain(s.type);
      expect(s.zone).toMatch(/^Z\d/);
    }
  }
  // A quality session is warm-up, main set, cool-down, as the seed's tempo run.
  if (quality) {
    const hard = runs.find((w) => w.segments.length === 3);
    expect(hard, 'a session with warm-up, main and cool-down').toBeDefined();
    expect(hard!.segments.map((s) => s.type)).toEqual(['warmup', 'main', 'cooldown']);
  }
  expect(b.total_distance).toBeCloseTo(
    runs.reduce((s, w) => s + w.distance, 0),
    1,
  );
  expect(b.week_focus.length).toBeGreaterThan(5);
  expect(b.recommendations.length).toBeGreaterThan(0);
}

describe('6.1 GET /api/v1/training/weekly-plan', () => {
  it('works with no saved plan: week 1 from the profile (the seed default), all 7 days', async () => {
    const res = await get('/api/v1/training/weekly-plan');
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json<Week>();
    expect(b.week).toBe(1);
    expect(b.source).toBe('profile');
    expect(b.phase).toBe('base');
    expect(b.phase_code).toBe('BASE_BUILDING');
    // A day far below par (adaptation under 0.8) turns the hard sessions from today on into easy runs.
    checkWeek(b, mondayOf(today()), b.adaptation.multiplier >= 0.8);
    // Days already past show what was done: the days of this week with a run are `done`.
    const ran = new Set([5, 6, 3].map((d) => addDays(seededOn, -d)));
    for (const w of b.workouts) {
      if (w.date > today()) expect(['planned', 'rest']).toContain(w.status);
      else if (ran.has(w.date)) expect(w.status, w.date).toBe('done');
      else expect(['missed', 'rest', 'planned']).toContain(w.status);
    }
    const explicit = await get('/api/v1/training/weekly-plan', { query: { week: '1' } });
    expect(explicit.json<Week>()).toEqual(b);
    const later = await get('/api/v1/training/weekly-plan', { query: { week: '3' } });
    expect(later.statusCode).toBe(200);
    checkWeek(later.json<Week>(), addDays(mondayOf(today()), 14), true);
  });

  it('with a saved plan, shows that plan (source plan)', async () => {
    const me = await registerUser(t.app, { ip: '198.51.100.113' });
    const plan = await call(t.app, 'POST', '/api/v1/training/plan', {
      token: me.token,
      body: {
        goal_distance_km: 21.1,
        race_date: addDays(mondayOf(today()), 12 * 7 + 6),
        start_date: mondayOf(today()),
        days_per_week: 4,
        long_run_day: 'sunday',
        current_weekly_volume_km: 40,
      },
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const res = await get('/api/v1/training/weekly-plan', { token: me.token, query: { week: '1' } });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json<Week>();
    expect(b.source).toBe('plan');
    checkWeek(b, mondayOf(today()), false);
    const later = await get('/api/v1/training/weekly-plan', { token: me.token, query: { week: '3' } });
    checkWeek(later.json<Week>(), addDays(mondayOf(today()), 14), true);
  });
});

describe('6.2 GET /api/v1/training/phases-guide (public)', () => {
  it("has the example's fields, weeks as numbers", async () => {
    const res = await get('/api/v1/training/phases-guide', { token: undefined });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json<{
      phases: {
        number: number;
        name: string;
        weeks: number;
        focus: string;
        intensity_distribution: Record<string, string>;
        volume_increase: string;
        goals: string[];
        weekly_structure: string[];
      }[];
      total_program_weeks: number;
      typical_progression: string;
    }>();
    expect(b.phases.map((p) => p.number)).toEqual([1, 2, 3, 4, 5]);
    expect(b.phases[0]!.name).toBe('Base Building');
    expect(b.phases[1]!.name).toBe('Build & Strength');
    for (const p of b.phases) {
      expect(Number.isInteger(p.weeks)).toBe(true);
      expect(p.weeks).toBeGreaterThan(0);
      expect(p.focus.length).toBeGreaterThan(5);
      expect(Object.keys(p.intensity_distribution)).toEqual(['Z1', 'Z2', 'Z3', 'Z4', 'Z5']);
      expect(p.volume_increase.length).toBeGreaterThan(3);
      expect(p.goals.length).toBeGreaterThan(0);
      expect(p.weekly_structure.map((s) => s.slice(0, 4))).toEqual([
        'Mon:',
        'Tue:',
        'Wed:',
        'Thu:',
        'Fri:',
        'Sat:',
        'Sun:',
      ]);
    }
    expect(b.phases[0]!.weekly_structure.filter((s) => /Rest/.test(s)).length).toBeGreaterThan(0);
    expect(b.total_program_weeks).toBe(16);
    expect(b.phases.reduce((s, p) => s + p.weeks, 0)).toBe(b.total_program_weeks);
    expect(b.typical_progression).toMatch(/1 → 2 → 3 → 4 → 5/);
  });
});

describe('6.3 GET /api/v1/training/intensity-zones', () => {
  it('reproduces the example for a user with max HR 190', async () => {
    const res = await get('/api/v1/training/intensity-zones');
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json<{
      user_max_hr: number;
      user_threshold_pace: string;
      zones: {
        zone: number;
        name: string;
        hr_range: string;
        pace_range: string;
        rpm: string;
        description: string;
        use: string;
        feeling: string;
        examples: string[];
      }[];
    }>();
    expect(b.user_max_hr).toBe(190);
    expect(b.user_threshold_pace).toBe('5:00 min/km');
    // Without a resting HR, % of max HR: exactly the seed's ranges.
    expect(b.zones.map((z) => z.hr_range)).toEqual([
      '95-114 (50-60%)',
      '114-133 (60-70%)',
      '133-152 (70-80%)',
      '152-171 (80-90%)',
      '171-190 (90-100%)',
    ]);
    expect(b.zones.map((z) => z.rpm)).toEqual(['150-160', '160-170', '170-180', '180-190', '190+']);
    for (const z of b.zones) {
      expect(z.pace_range).toMatch(/min\/km$/);
      for (const k of ['name', 'description', 'use', 'feeling'] as const)
        expect(z[k].length).toBeGreaterThan(2);
      expect(z.examples.length).toBeGreaterThan(1);
    }
  });
});

describe('6.4 POST /api/v1/training/adaptive-adjustment', () => {
  it("takes the example request and answers the example's fields", async () => {
    const res = await post('/api/v1/training/adaptive-adjustment', {
      hrv_current: 35,
      hrv_baseline: 45,
      sleep_hours: 6.5,
      fatigue_rating: 7,
      stress_level: 6,
      recent_volume_km: 45,
    });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json<{
      final_multiplier: number;
      adjustment_level: string;
      action: string;
      factors: Record<string, number | null>;
      recommended_workout: {
        type: string;
        type_code: string;
        distance_km: number;
        pace: string;
        intensity: string;
      };
      reasoning: string;
    }>();
    // Low HRV, short sleep, high fatigue: a reduction, as in the example (0.75, MODERATE_REDUCE).
    expect(b.final_multiplier).toBeGreaterThanOrEqual(0.5);
    expect(b.final_multiplier).toBeLessThan(0.9);
    expect(['SLIGHT_REDUCE', 'MODERATE_REDUCE']).toContain(b.adjustment_level);
    expect(b.action.length).toBeGreaterThan(3);
    expect(Object.keys(b.factors).sort()).toEqual(
      ['fatigue_factor', 'hrv_factor', 'sleep_factor', 'stress_factor', 'volume_factor'].sort(),
    );
    expect(b.factors.hrv_factor).toBeLessThan(1);
    expect(b.factors.sleep_factor).toBeLessThan(1);
    expect(b.factors.fatigue_factor).toBeLessThan(1);
    // The profile says 45 km a week is usual: the seed's volume factor of 1.0.
    expect(b.factors.volume_factor).toBe(1);
    expect(b.recommended_workout).toMatchObject({ type: 'easy', type_code: 'EASY_RUN' });
    expect(b.recommended_workout.distance_km).toBeGreaterThan(0);
    expect(b.recommended_workout.pace).toMatch(/min\/km$/);
    expect(b.recommended_workout.intensity).toMatch(/^Z1/);
    expect(b.reasoning).toMatch(/HRV/);
  });
});

describe('6.5 GET /api/v1/training/progress-tracking', () => {
  it("answers the example's fields for the seed's default of 4 weeks", async () => {
    const res = await get('/api/v1/training/progress-tracking');
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json<{
      tracking_period: number;
      summary: { volume_trend: string; pace_improvement: string; hrv_trend: string; overall_status: string };
      weekly_data: { week: number; volume: number; avg_pace: number | null; hrv: number | null }[];
      adaptation_signs: { positive: string[]; warnings: string[] };
      projection: { if_maintain_pace: string; current_trajectory: string };
    }>();
    expect(b.tracking_period).toBe(4);
    for (const k of ['volume_trend', 'pace_improvement', 'hrv_trend', 'overall_status'] as const)
      expect(b.summary[k].length, k).toBeGreaterThan(2);
    expect(b.summary.hrv_trend).toMatch(/stable/);
    expect(b.weekly_data.map((w) => w.week)).toEqual([1, 2, 3, 4]);
    for (const w of b.weekly_data) {
      expect(typeof w.volume).toBe('number');
      expect(w.hrv).toBeGreaterThan(40);
      expect(w.hrv).toBeLessThan(46);
    }
    // avg_pace in decimal minutes per km, as the seed's 4.98.
    const paces = b.weekly_data.map((w) => w.avg_pace).filter((p): p is number => p !== null);
    expect(paces.length).toBeGreaterThan(1);
    for (const p of paces) {
      expect(p).toBeGreaterThan(4);
      expect(p).toBeLessThan(6);
    }
    expect(Array.isArray(b.adaptation_signs.positive)).toBe(true);
    expect(Array.isArray(b.adaptation_signs.warnings)).toBe(true);
    // 48:00 for 10 km predicts about 1:46 for the half, behind the 1:45 target; the runs get faster every week.
    expect(b.projection.current_trajectory).toBe('Behind the target');
    expect(b.projection.if_maintain_pace).toMatch(/reach the target in \d+ weeks?, (before|after) the race/); // one week reads "1 week"
    expect(b.projection.current_trajectory.length).toBeGreaterThan(2);
  });
});

describe('6.6 GET /api/v1/training/injury-prevention', () => {
  it("answers the example's fields, with a progression for every exercise", async () => {
    const res = await get('/api/v1/training/injury-prevention');
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json<{
      strength_exercises: Record<string, string>[];
      stretching_routines: (Record<string, string> & { duration_sec: number })[];
      weekly_schedule: Record<string, string[]>;
      warning_signs: string[];
    }>();
    expect(b.strength_exercises.length).toBeGreaterThanOrEqual(5);
    for (const e of b.strength_exercises)
      for (const k of ['name', 'target', 'week_1', 'week_4', 'progression', 'when', 'why'])
        expect(e[k]?.length, `${e.name} ${k}`).toBeGreaterThan(0);
    expect(b.strength_exercises[0]!.progression).toBe('linear');
    expect(b.stretching_routines.length).toBeGreaterThanOrEqual(5);
    for (const s of b.stretching_routines) {
      for (const k of ['name', 'target', 'when', 'progression', 'why'])
        expect(s[k]?.length).toBeGreaterThan(0);
      expect(s.duration_sec).toBeGreaterThan(0);
    }
    expect(b.stretching_routines[0]!.progression).toBe('none');
    expect(b.weekly_schedule.Monday!.length).toBeGreaterThan(0);
    expect(b.warning_signs.length).toBeGreaterThanOrEqual(4);
  });
});

describe('Monitoring: GET /api/v1/health/metrics', () => {
  it("has the example's fields", async () => {
    const res = await get('/api/v1/health/metrics', { token: undefined });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json<{
      status: string;
      timestamp: string;
      database: { connected: boolean; query_time_ms: number | null };
      cache: { hits: number; misses: number; hit_rate: number | null };
      memory_mb: number;
      cpu_percent: number;
    }>();
    expect(b.status).toBe('healthy');
    expect(Number.isNaN(Date.parse(b.timestamp))).toBe(false);
    expect(b.database.connected).toBe(true);
    expect(b.database).toHaveProperty('query_time_ms');
    expect(typeof b.cache.hits).toBe('number');
    expect(typeof b.cache.misses).toBe('number');
    expect(b.cache).toHaveProperty('hit_rate');
    expect(b.memory_mb).toBeGreaterThan(0);
    expect(typeof b.cpu_percent).toBe('number');
  });
});
