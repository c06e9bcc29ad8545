import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, mondayOf, todayOf } from '../../../src/modules/training/domain/dates.js';
import {
  call,
  createTestApp,
  expectProblem,
  registerUser,
  testIso,
  testNow,
  type TestApp,
  type TestUser,
} from '../../harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const today = () => todayOf(testNow());
const raceIn = (weeks: number) => addDays(mondayOf(today()), weeks * 7 + 6); // a Sunday

async function withPlan(body: Record<string, unknown> = {}) {
  const u = await registerUser(t.app);
  // The tests' clock moves, and some instants of .ci/date-instants cross midnight: "today" for the server is
  // one of the days seen just before and just after the request.
  const dayBefore = today();
  const res = await call(t.app, 'POST', '/api/v1/training/plan', {
    token: u.token,
    body: {
      goal_distance_km: 21.0975,
      race_date: raceIn(12),
      days_per_week: 4,
      long_run_day: 'sunday',
      ...body,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { u, plan: res.json<Plan>(), res, days: [dayBefore, today()] };
}

interface Plan {
  id: number;
  weeks_total: number;
  phases: { phase: string; from_week: number; to_week: number }[];
  weeks: { week: number; volume_km: number; phase: string }[];
  race_date: string;
  start_date: string;
}
interface Week {
  week: number;
  phase: string;
  workouts: {
    date: string;
    type: string;
    distance_km: number;
    planned_distance_km: number;
    adaptive_multiplier: number;
    pace_min_km: string | null;
    day: string;
    notes: string;
  }[];
  adaptation: { applied: boolean; multiplier: number; explanation: string; readiness_status: string | null };
  intensity_distribution: Record<string, string>;
}

/** Two weeks of normal HRV up to yesterday. */
async function normalFortnight(u: TestUser) {
  for (let d = 14; d >= 1; d--)
    await call(t.app, 'POST', '/api/v1/hrv/readings', {
      token: u.token,
      body: { date: addDays(today(), -d), rmssd_ms: 60 + (d % 3) },
    });
}

/** This morning: HRV far below the fortnight after a short night, tired, stressed and sore. */
async function badMorning(u: TestUser) {
  const hrv = await call(t.app, 'POST', '/api/v1/hrv/readings', {
    token: u.token,
    body: {
      date: today(),
      rmssd_ms: 25,
      sleep_hours: 4,
      sleep_quality: 1,
      fatigue: 7,
      stress: 7,
      soreness: 7,
    },
  });
  expect([200, 201]).toContain(hrv.statusCode);
}

describe('training plan', () => {
  it('POST creates a five-phase plan (201 + Location); GET returns it; a second POST is 409; DELETE 204', async () => {
    const { u, plan, res, days } = await withPlan();
    expect(res.headers.location).toBe('/api/v1/training/plan');
    expect(plan.phases.map((p) => p.phase)).toEqual(['base', 'build', 'specific', 'taper', 'race']);
    expect(days).toContain(plan.start_date);
    expect(plan.weeks_total).toBe(14);
    const got = await call(t.app, 'GET', '/api/v1/training/plan', { token: u.token });
    expect(got.json<Plan>().id).toBe(plan.id);
    const again = await call(t.app, 'POST', '/api/v1/training/plan', {
      token: u.token,
      body: { goal_distance_km: 10, race_date: raceIn(8), days_per_week: 3 },
    });
    expect(expectProblem(again, 409).type).toBe('urn:pulso:problem:plan-exists');
    expect((await call(t.app, 'DELETE', '/api/v1/training/plan', { token: u.token })).statusCode).toBe(204);
    expectProblem(await call(t.app, 'GET', '/api/v1/training/plan', { token: u.token }), 404);
    expectProblem(await call(t.app, 'DELETE', '/api/v1/training/plan', { token: u.token }), 404);
    // Without a saved plan the week comes from a programme built from the profile (the running seed's way).
    const week = await call(t.app, 'GET', '/api/v1/training/weekly-plan', { token: u.token });
    expect(week.statusCode).toBe(200);
    expect(week.json<{ source: string; week: number }>()).toMatchObject({ source: 'profile', week: 1 });
  });

  it('starts from my profile volume', async () => {
    const u = await registerUser(t.app);
    await call(t.app, 'PUT', '/api/v1/athlete/profile', { token: u.token, body: { weekly_volume_km: 50 } });
    const res = await call(t.app, 'POST', '/api/v1/training/plan', {
      token: u.token,
      body: { goal_distance_km: 42.195, race_date: raceIn(16), days_per_week: 6 },
    });
    expect(res.json<Plan & { start_volume_km: number }>().start_volume_km).toBe(50);
  });

  it('rejects bad plans with 422 naming the field', async () => {
    const u = await registerUser(t.app);
    const cases: [Record<string, unknown>, string][] = [
      [{ race_date: addDays(today(), -3) }, 'race_date'],
      [{ start_date: addDays(today(), 20), race_date: addDays(today(), 10) }, 'race_date'],
      [{ race_date: addDays(today(), 14) }, 'race_date'],
      [{ race_date: addDays(today(), 400) }, 'race_date'],
      [{ days_per_week: 8 }, 'days_per_week'],
      [{ days_per_week: 2 }, 'days_per_week'],
      [{ goal_distance_km: -10 }, 'goal_distance_km'],
      [{ long_run_day: 'funday' }, 'long_run_day'],
      [{ race_date: '2027-02-30' }, 'race_date'],
      [{ start_date: addDays(today(), -30) }, 'start_date'],
    ];
    for (const [patch, field] of cases) {
      const p = expectProblem(
        await call(t.app, 'POST', '/api/v1/training/plan', {
          token: u.token,
          body: { goal_distance_km: 10, race_date: raceIn(10), days_per_week: 4, ...patch },
        }),
        422,
      );
      expect(
        p.errors?.map((e) => e.field),
        JSON.stringify(patch),
      ).toContain(field);
    }
  });
});

describe('GET /training/weekly-plan', () => {
  it('returns the current week adapted to readiness, and a later week as planned', async () => {
    const { u } = await withPlan();
    const now = await call(t.app, 'GET', '/api/v1/training/weekly-plan', { token: u.token });
    expect(now.statusCode).toBe(200);
    const w = now.json<Week>();
    expect(w.week).toBe(1);
    expect(w.phase).toBe('base');
    expect(w.adaptation.applied).toBe(true);
    expect(w.adaptation.explanation.length).toBeGreaterThan(10);
    // All seven days; the plan starts today, so the days before it are rest days, shown with what was done.
    expect(w.workouts).toHaveLength(7);
    expect(w.workouts.filter((x) => x.date < today()).every((x) => x.type === 'rest')).toBe(true);
    expect(Object.keys(w.intensity_distribution)).toEqual(['Z1', 'Z2', 'Z3', 'Z4', 'Z5']);

    const later = (
      await call(t.app, 'GET', '/api/v1/training/weekly-plan', { token: u.token, query: { week: '6' } })
    ).json<Week>();
    expect(later.week).toBe(6);
    expect(later.adaptation.applied).toBe(false);
    expect(later.workouts).toHaveLength(7);
    expect(later.workouts.filter((x) => x.type !== 'rest')).toHaveLength(4);
    expect(
      later.workouts.every((x) => x.adaptive_multiplier === 1 && x.distance_km === x.planned_distance_km),
    ).toBe(true);
    const race = (
      await call(t.app, 'GET', '/api/v1/training/weekly-plan', { token: u.token, query: { week: '13' } })
    ).json<Week>();
    expect(race.workouts.find((x) => x.type === 'race')).toMatchObject({ distance_km: 21.1 });

    const es = (
      await call(t.app, 'GET', '/api/v1/training/weekly-plan', {
        token: u.token,
        query: { week: '6' },
        headers: { 'accept-language': 'es' },
      })
    ).json<Week>();
    expect(['Lunes', 'Martes', 'Miércoles', 'Jueves', 'Viernes', 'Sábado', 'Domingo']).toContain(
      es.workouts[0]!.day,
    );
  });

  it('scales the sessions from today on down when readiness is low', async () => {
    const { u } = await withPlan({ days_per_week: 7 });
    // Two weeks of normal HRV, then a morning far below it after a short night.
    await normalFortnight(u);
    await badMorning(u);
    const w = (await call(t.app, 'GET', '/api/v1/training/weekly-plan', { token: u.token })).json<Week>();
    expect(w.adaptation.applied).toBe(true);
    expect(w.adaptation.multiplier).toBeLessThan(1);
    expect(w.adaptation.explanation).toMatch(/scaled/);
    const todays = w.workouts.filter((x) => x.date >= today() && x.type !== 'race' && x.type !== 'rest');
    expect(todays.length).toBeGreaterThan(0);
    for (const x of todays) {
      expect(x.adaptive_multiplier).toBe(w.adaptation.multiplier);
      expect(x.distance_km).toBeLessThan(x.planned_distance_km);
    }
  });

  it('repeats give identical bodies; an HRV reading or a profile change shows on the next request', async () => {
    const { u } = await withPlan({ days_per_week: 7 });
    await normalFortnight(u);
    const get = (query?: Record<string, string>, lang = 'en') =>
      call(t.app, 'GET', '/api/v1/training/weekly-plan', {
        token: u.token,
        ...(query ? { query } : {}),
        headers: { 'accept-language': lang },
      });
    const first = await get();
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    for (const [q, lang] of [
      [undefined, 'en'],
      [{ week: '6' }, 'en'],
      [{ week: '6' }, 'es'],
    ] as const) {
      const a = await get(q, lang);
      const b = await get(q, lang);
      expect(a.statusCode).toBe(200);
      expect(b.body).toBe(a.body);
    }
    expect((await get()).body).toBe(first.body);
    const before = first.json<Week>();
    expect(before.adaptation.multiplier).toBeGreaterThanOrEqual(0.95);

    // A bad morning, posted after the week was built and memoised: the very next request adapts to it.
    await badMorning(u);
    const after = (await get()).json<Week>();
    expect(after.adaptation.multiplier).toBeLessThan(before.adaptation.multiplier);
    expect(after.adaptation.explanation).toMatch(/scaled/);
    expect(
      after.workouts.find((x) => x.date >= today() && x.type !== 'race' && x.type !== 'rest')!.distance_km,
    ).toBeLessThan(
      before.workouts.find((x) => x.date >= today() && x.type !== 'race' && x.type !== 'rest')!.distance_km,
    );

    // A threshold pace in the profile changes the paces of a later week on the next request too.
    const later = (await get({ week: '6' })).json<Week>();
    await call(t.app, 'PUT', '/api/v1/athlete/profile', {
      token: u.token,
      body: { threshold_pace_s_per_km: 240 },
    });
    const paced = (await get({ week: '6' })).json<Week>();
    expect(paced.workouts.map((x) => x.pace_min_km)).not.toEqual(later.workouts.map((x) => x.pace_min_km));
    expect(paced.workouts.some((x) => x.pace_min_km !== null)).toBe(true);
  });

  it('422 for a week outside the plan or outside 1–52', async () => {
    const { u } = await withPlan();
    for (const week of ['15', '0', '53', 'x'])
      expect(
        expectProblem(
          await call(t.app, 'GET', '/api/v1/training/weekly-plan', { token: u.token, query: { week } }),
          422,
        ).errors?.[0]?.field,
      ).toBe('query.week');
  });

  it('sessions are queryable by date for a calendar feed', async () => {
    const { u, plan } = await withPlan();
    const s = await t.app.services.training.sessionsBetween(u.id, '2000-01-01', '2100-01-01');
    expect(s.length).toBeGreaterThan(40);
    expect(s.at(-1)!.date > plan.race_date).toBe(true);
    expect(s.find((x) => x.kind === 'race')!.date).toBe(plan.race_date);
    const oneWeek = await t.app.services.training.sessionsBetween(
      u.id,
      addDays(mondayOf(today()), 35),
      addDays(mondayOf(today()), 42),
    );
    expect(oneWeek).toHaveLength(4);
  });

  it('the plan goes into the account export and away with the account', async () => {
    const { u, plan } = await withPlan();
    const exp = await call(t.app, 'GET', '/api/v1/users/me/export', { token: u.token });
    expect(exp.statusCode).toBe(200);
    expect(exp.body).toContain(`"race_date":"${plan.race_date}"`);
    expect((await call(t.app, 'DELETE', '/api/v1/users/me', { token: u.token })).statusCode).toBe(204);
    expect(await t.app.services.training.sessionsBetween(u.id, '2000-01-01', '2100-01-01')).toEqual([]);
  });
});

describe('GET /training/intensity-zones', () => {
  it('Karvonen zones with resting HR, and paces from the threshold pace', async () => {
    const u = await registerUser(t.app);
    await call(t.app, 'PUT', '/api/v1/athlete/profile', {
      token: u.token,
      body: { max_hr: 190, resting_hr: 50, threshold_pace_s_per_km: 255 },
    });
    const res = await call(t.app, 'GET', '/api/v1/training/intensity-zones', { token: u.token });
    expect(res.statusCode).toBe(200);
    const b = res.json<{
      method: string;
      zones: { zone: number; hr_min: number; hr_max: number; pace_range: string }[];
      vdot: number;
    }>();
    expect(b.method).toBe('heart_rate_reserve');
    expect(b.zones.map((z) => [z.zone, z.hr_min, z.hr_max])).toEqual([
      [1, 120, 134],
      [2, 134, 148],
      [3, 148, 162],
      [4, 162, 176],
      [5, 176, 190],
    ]);
    expect(b.vdot).toBeCloseTo(50, 0);
    expect(b.zones[3]!.pace_range).toMatch(/^4:\d\d-4:\d\d min\/km$/);
  });

  it('estimates max HR by Tanaka from the birth date and says so; % of max without resting HR', async () => {
    const u = await registerUser(t.app);
    const y = new Date(testNow()).getUTCFullYear() - 40;
    await call(t.app, 'PUT', '/api/v1/athlete/profile', {
      token: u.token,
      body: { birth_date: `${y}-01-01` },
    });
    const b = (await call(t.app, 'GET', '/api/v1/training/intensity-zones', { token: u.token })).json<{
      max_hr: number;
      max_hr_source: string;
      method: string;
      notes: string[];
      zones: { hr_min: number; hr_max: number }[];
    }>();
    expect(b.max_hr).toBe(180); // 208 − 0.7 × 40
    expect(b.max_hr_source).toBe('tanaka_estimate');
    expect(b.method).toBe('percent_max_hr');
    expect(b.notes.join(' ')).toMatch(/Tanaka/);
    expect(b.zones[0]).toMatchObject({ hr_min: 90, hr_max: 108 });
  });

  it('422 without max HR or birth date, and for impossible heart rates', async () => {
    const u = await registerUser(t.app);
    expect(
      expectProblem(await call(t.app, 'GET', '/api/v1/training/intensity-zones', { token: u.token }), 422)
        .detail,
    ).toMatch(/max_hr/);
    const bad: [Record<string, string>, string][] = [
      [{ max_hr: '400' }, 'query.max_hr'],
      [{ max_hr: '180', resting_hr: '170' }, 'query.resting_hr'],
      [{ max_hr: '180', resting_hr: '10' }, 'query.resting_hr'],
    ];
    for (const [query, field] of bad)
      expect(
        expectProblem(
          await call(t.app, 'GET', '/api/v1/training/intensity-zones', { token: u.token, query }),
          422,
        ).errors?.map((e) => e.field),
      ).toContain(field);
  });
});

describe('POST /training/adaptive-adjustment', () => {
  it("answers the seed's example", async () => {
    const u = await registerUser(t.app);
    const res = await call(t.app, 'POST', '/api/v1/training/adaptive-adjustment', {
      token: u.token,
      body: {
        hrv_current: 35,
        hrv_baseline: 45,
        sleep_hours: 6.5,
        fatigue_rating: 7,
        stress_level: 6,
        recent_volume_km: 45,
      },
    });
    expect(res.statusCode).toBe(200);
    const b = res.json<{
      final_multiplier: number;
      adjustment_level: string;
      factors: Record<string, number | null>;
      recommended_workout: { type: string; distance_km: number };
      reasoning: string;
    }>();
    expect(b.adjustment_level).toBe('MODERATE_REDUCE');
    expect(b.final_multiplier).toBeGreaterThanOrEqual(0.5);
    expect(b.final_multiplier).toBeLessThanOrEqual(1.2);
    expect(b.factors.hrv_factor).toBeCloseTo(0.81, 2);
    expect(b.recommended_workout.type).toBe('easy');
    expect(b.recommended_workout.distance_km).toBeCloseTo((45 / 5) * b.final_multiplier, 0);
    expect(b.reasoning).toMatch(/HRV/);
  });

  it('422 for out-of-range input or HRV without its baseline', async () => {
    const u = await registerUser(t.app);
    for (const [body, field] of [
      [{ fatigue_rating: 11 }, 'fatigue_rating'],
      [{ sleep_hours: -1 }, 'sleep_hours'],
      [{ hrv_current: 40 }, 'hrv_baseline'],
    ] as const)
      expect(
        expectProblem(
          await call(t.app, 'POST', '/api/v1/training/adaptive-adjustment', { token: u.token, body }),
          422,
        ).errors?.map((e) => e.field),
      ).toContain(field);
  });
});

describe('progress, guides', () => {
  it('progress-tracking summarises my weeks and flags jumps in volume', async () => {
    const u = await registerUser(t.app);
    const mk = (daysAgo: number, km: number) =>
      call(t.app, 'POST', '/api/v1/workouts', {
        token: u.token,
        body: {
          started_at: testIso(-daysAgo * 86_400_000),
          sport: 'run',
          distance_km: km,
          duration_s: Math.round(km * 330),
          rpe: 5,
        },
      });
    for (const [d, km] of [
      [15, 8],
      [14, 8],
      [8, 10],
      [7, 10],
      [1, 15],
      [0, 15],
    ] as const)
      expect((await mk(d, km)).statusCode).toBe(201);
    const res = await call(t.app, 'GET', '/api/v1/training/progress-tracking', {
      token: u.token,
      query: { weeks: '4' },
    });
    expect(res.statusCode).toBe(200);
    const b = res.json<{
      tracking_period: number;
      weekly_data: { volume_km: number }[];
      summary: { volume_trend_percent: number | null };
      adaptation_signs: { warnings: string[] };
    }>();
    expect(b.tracking_period).toBe(4);
    expect(b.weekly_data).toHaveLength(4);
    expect(b.weekly_data.reduce((s, w) => s + w.volume_km, 0)).toBeCloseTo(66, 0);
    expectProblem(
      await call(t.app, 'GET', '/api/v1/training/progress-tracking', {
        token: u.token,
        query: { weeks: '60' },
      }),
      422,
    );
  });

  it('phases-guide and injury-prevention, in both languages', async () => {
    const u = await registerUser(t.app);
    const g = (await call(t.app, 'GET', '/api/v1/training/phases-guide', { token: u.token })).json<{
      phases: { name: string }[];
    }>();
    expect(g.phases.map((p) => p.name)).toEqual([
      'Base Building',
      'Build & Strength',
      'Race Specific',
      'Taper',
      'Race & Recovery',
    ]);
    const ges = (
      await call(t.app, 'GET', '/api/v1/training/phases-guide', {
        token: u.token,
        headers: { 'accept-language': 'es' },
      })
    ).json<{ phases: { name: string }[] }>();
    expect(ges.phases[3]!.name).toBe('Puesta a punto');
    const ip = await call(t.app, 'GET', '/api/v1/training/injury-prevention', { token: u.token });
    expect(ip.statusCode).toBe(200);
    const b = ip.json<{
      strength_exercises: unknown[];
      stretching_routines: unknown[];
      warning_signs: string[];
    }>();
    expect(b.strength_exercises).toHaveLength(5);
    expect(b.stretching_routines).toHaveLength(5);
    expect(b.warning_signs.length).toBeGreaterThan(2);
    expectProblem(await call(t.app, 'GET', '/api/v1/training/injury-prevention'), 401);
  });
});

describe('GET /training/weekly-plan opened on a Sunday (issue 12)', () => {
  // This week's Sunday, evening: the whole week is behind but its last day.
  const monday = mondayOf(today());
  const sunday = addDays(monday, 6);
  const base = Date.parse(`${sunday}T18:00:00Z`);
  const started = performance.now();
  let s: TestApp;
  beforeAll(async () => {
    s = await createTestApp({ clock: () => base + Math.floor(performance.now() - started) });
  });
  afterAll(() => s.close());

  interface Day {
    date: string;
    type: string;
    status: string;
    done: { workouts: number; workout_ids: number[]; distance_km: number; duration_min: number } | null;
  }

  it('shows all seven days, the past ones with what was done', async () => {
    const u = await registerUser(s.app, { ip: '198.51.100.121' });
    const workout = async (date: string, sport: string, km: number, min: number) => {
      const res = await call(s.app, 'POST', '/api/v1/workouts', {
        token: u.token,
        body: { started_at: `${date}T07:30:00Z`, sport, distance_km: km, duration_s: min * 60 },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: number }>().id;
    };
    const mon = await workout(monday, 'run', 8, 48);
    const wed1 = await workout(addDays(monday, 2), 'run', 6, 36);
    const wed2 = await workout(addDays(monday, 2), 'ride', 20, 50);

    const check = (days: Day[]) => {
      expect(days.map((d) => d.date)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => addDays(monday, i)));
      expect(days[0]).toMatchObject({
        status: 'done',
        done: { workouts: 1, workout_ids: [mon], distance_km: 8, duration_min: 48 },
      });
      expect(days[2]!.status).toBe('done');
      expect(days[2]!.done).toEqual({
        workouts: 2,
        workout_ids: [wed1, wed2].sort((a, b) => a - b),
        distance_km: 26,
        duration_min: 86,
      });
      for (const i of [1, 3, 4, 5]) {
        expect(days[i]!.done).toBeNull();
        expect(days[i]!.status).toBe(days[i]!.type === 'rest' ? 'rest' : 'missed');
      }
    };

    // No saved plan: the profile's programme began on Monday.
    const noPlan = await call(s.app, 'GET', '/api/v1/training/weekly-plan', { token: u.token });
    expect(noPlan.statusCode, noPlan.body).toBe(200);
    const a = noPlan.json<{ source: string; workouts: Day[] }>();
    expect(a.source).toBe('profile');
    check(a.workouts);
    expect(a.workouts.some((d) => d.status === 'missed')).toBe(true);
    expect(a.workouts[6]!.status).toBe(a.workouts[6]!.type === 'rest' ? 'rest' : 'planned');

    // A plan created today (Sunday) has no sessions before today, but the week still shows the days done.
    const plan = await call(s.app, 'POST', '/api/v1/training/plan', {
      token: u.token,
      body: {
        goal_distance_km: 10,
        race_date: addDays(sunday, 10 * 7),
        days_per_week: 4,
        long_run_day: 'sunday',
      },
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const saved = await call(s.app, 'GET', '/api/v1/training/weekly-plan', { token: u.token });
    const b = saved.json<{ source: string; week: number; workouts: Day[] }>();
    expect(b).toMatchObject({ source: 'plan', week: 1 });
    check(b.workouts);
    expect(b.workouts.slice(0, 6).every((d) => d.type === 'rest')).toBe(true);
    expect(b.workouts[6]).toMatchObject({ type: 'long', status: 'planned', done: null });

    // A run logged on Sunday evening shows on the next request (the memoised week is keyed by it).
    await workout(sunday, 'run', 12, 70);
    const after = await call(s.app, 'GET', '/api/v1/training/weekly-plan', { token: u.token });
    expect(after.json<{ workouts: Day[] }>().workouts[6]).toMatchObject({
      type: 'long',
      status: 'done',
      done: { distance_km: 12 },
    });
  });
});
