import { defineMatrix, type GymEntry, type MatrixContext, type RoleName } from '../../access-matrix.js';

const ALL: RoleName[] = ['owner', 'admin', 'trainer', 'physio', 'member'];
const STAFF: RoleName[] = ['owner', 'admin', 'trainer', 'physio'];
const AUTHORS: RoleName[] = ['owner', 'admin', 'trainer'];

/** Fixtures of the shared gym, made through the service: plans, follows by every role, screenings. */
let plan = 0;
let archived = 0;
let unfollowed = 0;
let meal = 0;
let memberId = 0;

const planBody = (name: string) => ({
  name,
  goal: 'maintenance' as const,
  type: 'regular' as const,
  target_calories: 2200,
  days: [{ day_number: 1, meals: [{ name: 'Lunch', meal_type: 'lunch' as const, items: [] }] }],
});

async function setup(c: MatrixContext) {
  const s = c.app.services.nutrition;
  const owner = c.users.owner.id;
  const p = await s.createPlan(c.gymId, owner, planBody('Matrix plan'));
  plan = p.id;
  memberId = c.users.member.id;
  const meals = await s.createPlan(c.gymId, owner, planBody('Meals'));
  meal = meals.days[0]!.meals[0]!.id;
  unfollowed = (await s.createPlan(c.gymId, owner, planBody('Nobody follows'))).id;
  archived = (await s.createPlan(c.gymId, owner, planBody('To archive'))).id;
  for (const role of ALL) {
    const actor = { gymId: c.gymId, userId: c.users[role].id, role, ip: '127.0.0.1' };
    await s.follow(actor, plan);
    await s.follow(actor, meals.id);
    await s.screen(
      actor,
      {
        age: 30,
        medical_conditions: [],
        is_pregnant: false,
        is_breastfeeding: false,
        takes_medications: false,
        has_eating_disorder_history: false,
        allergies: [],
      },
      'en',
    );
  }
  await s.follow({ gymId: c.gymId, userId: c.users.member.id, role: 'member', ip: '127.0.0.1' }, archived);
}

let n = 0;
const gym: GymEntry[] = [
  { method: 'GET', pattern: '/api/v1/nutrition/plans', ok: 200, url: '/api/v1/nutrition/plans', access: ALL },
  {
    method: 'POST',
    pattern: '/api/v1/nutrition/plans',
    ok: 201,
    url: '/api/v1/nutrition/plans',
    body: () => planBody(`Matrix ${++n}`),
    access: AUTHORS,
  },
  {
    method: 'GET',
    pattern: '/api/v1/nutrition/plans/:id',
    ok: 200,
    url: () => `/api/v1/nutrition/plans/${plan}`,
    access: ALL,
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/nutrition/plans/:id',
    ok: 200,
    url: () => `/api/v1/nutrition/plans/${plan}`,
    body: { description: 'Changed by the matrix' },
    access: AUTHORS,
  },
  // It has a follower: archived, never deleted, so every granted role gets the same 200.
  {
    method: 'DELETE',
    pattern: '/api/v1/nutrition/plans/:id',
    ok: 200,
    url: () => `/api/v1/nutrition/plans/${archived}`,
    access: AUTHORS,
  },
  {
    method: 'POST',
    pattern: '/api/v1/nutrition/plans/:id/duplicate',
    ok: 201,
    url: () => `/api/v1/nutrition/plans/${plan}/duplicate`,
    access: AUTHORS,
  },
  {
    method: 'POST',
    pattern: '/api/v1/nutrition/plans/:id/follow',
    ok: 201,
    url: () => `/api/v1/nutrition/plans/${unfollowed}/follow`,
    access: ALL,
  },
  // Every role follows it from the setup.
  {
    method: 'DELETE',
    pattern: '/api/v1/nutrition/plans/:id/follow',
    ok: 204,
    url: () => `/api/v1/nutrition/plans/${plan}/follow`,
    access: ALL,
  },
  {
    method: 'GET',
    pattern: '/api/v1/nutrition/plans/:id/followers',
    ok: 200,
    url: () => `/api/v1/nutrition/plans/${plan}/followers`,
    access: STAFF,
  },
  {
    method: 'GET',
    pattern: '/api/v1/nutrition/plans/:id/today',
    ok: 200,
    url: () => `/api/v1/nutrition/plans/${plan}/today`,
    access: ALL,
  },
  {
    method: 'GET',
    pattern: '/api/v1/nutrition/following',
    ok: 200,
    url: '/api/v1/nutrition/following',
    access: ALL,
  },
  {
    method: 'POST',
    pattern: '/api/v1/nutrition/meals/:id/complete',
    ok: 201,
    url: () => `/api/v1/nutrition/meals/${meal}/complete`,
    body: { satisfaction: 3 },
    access: ALL,
  },
  // Every role holds a low-risk screening (setup); the matrix app has no AI, so the generator answers.
  {
    method: 'POST',
    pattern: '/api/v1/nutrition/plans/generate',
    ok: 201,
    url: '/api/v1/nutrition/plans/generate',
    body: { goal: 'maintenance', calories: 2000, meals_per_day: 3, days: 1 },
    access: ALL,
  },
  // No AI configured in the matrix app: every role may ask, and hears that it is off.
  {
    method: 'GET',
    pattern: '/api/v1/nutrition/ai/status',
    ok: 200,
    url: '/api/v1/nutrition/ai/status',
    access: ALL,
  },
  // No AI configured in the matrix app: every allowed role gets the 503 saying so.
  {
    method: 'POST',
    pattern: '/api/v1/nutrition/diary/photo',
    ok: 503,
    url: '/api/v1/nutrition/diary/photo',
    access: ALL,
  },
  {
    method: 'POST',
    pattern: '/api/v1/nutrition/diary',
    ok: 201,
    url: '/api/v1/nutrition/diary',
    body: { name: 'Apple', kcal: 52 },
    access: ALL,
  },
  {
    method: 'GET',
    pattern: '/api/v1/nutrition/progress/today',
    ok: 200,
    url: '/api/v1/nutrition/progress/today',
    access: ALL,
  },
  {
    method: 'GET',
    pattern: '/api/v1/nutrition/progress/weekly',
    ok: 200,
    url: '/api/v1/nutrition/progress/weekly',
    access: ALL,
  },
  {
    method: 'GET',
    pattern: '/api/v1/nutrition/progress',
    ok: 200,
    url: '/api/v1/nutrition/progress?from=2026-01-01&to=2026-01-07',
    access: ALL,
  },
  {
    method: 'GET',
    pattern: '/api/v1/nutrition/progress/export',
    ok: 200,
    url: '/api/v1/nutrition/progress/export?from=2026-01-01&to=2026-01-07',
    access: ALL,
  },
  {
    method: 'GET',
    pattern: '/api/v1/nutrition/dashboard',
    ok: 200,
    url: '/api/v1/nutrition/dashboard',
    access: ALL,
  },
  {
    method: 'POST',
    pattern: '/api/v1/nutrition/safety/screenings',
    ok: 201,
    url: '/api/v1/nutrition/safety/screenings',
    body: { age: 35 },
    access: ALL,
  },
  {
    method: 'GET',
    pattern: '/api/v1/nutrition/safety/screenings/current',
    ok: 200,
    url: '/api/v1/nutrition/safety/screenings/current',
    access: ALL,
  },
  {
    method: 'GET',
    pattern: '/api/v1/nutrition/members/:user_id/screening',
    ok: 200,
    url: (c) => `/api/v1/nutrition/members/${c.users.member.id}/screening`,
    access: STAFF,
  },
  {
    method: 'POST',
    pattern: '/api/v1/nutrition/safety/consents',
    ok: 201,
    url: '/api/v1/nutrition/safety/consents',
    body: () => ({ user_id: memberId, guardian_name: 'Guardian' }),
    access: STAFF,
  },
  {
    method: 'GET',
    pattern: '/api/v1/nutrition/analytics',
    ok: 200,
    url: '/api/v1/nutrition/analytics',
    access: STAFF,
  },
];

export default defineMatrix({ setup, gym });
