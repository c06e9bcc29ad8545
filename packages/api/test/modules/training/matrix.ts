/** Access-matrix cases of the training module: the caller's plan and guidance, and the plan's .ics feed. */
import { defineMatrix } from '../../access-matrix.js';

export default defineMatrix({
  user: [
    {
      method: 'POST',
      pattern: '/api/v1/training/plan',
      ok: 201,
      url: '/api/v1/training/plan',
      body: { goal_distance_km: 10, race_date: '2099-01-01', start_date: '2098-10-01', days_per_week: 4 },
      access: 'user',
      freshUser: true,
    },
    {
      method: 'GET',
      pattern: '/api/v1/training/plan',
      ok: 404,
      url: '/api/v1/training/plan',
      access: 'user',
    },
    {
      method: 'POST',
      pattern: '/api/v1/training/plan-feed',
      ok: 201,
      url: '/api/v1/training/plan-feed',
      access: 'user',
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/training/plan-feed',
      ok: 404,
      url: '/api/v1/training/plan-feed',
      access: 'user',
      freshUser: true,
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/training/plan',
      ok: 404,
      url: '/api/v1/training/plan',
      access: 'user',
      freshUser: true,
    },
    {
      method: 'GET',
      pattern: '/api/v1/training/weekly-plan',
      ok: 200,
      url: '/api/v1/training/weekly-plan?week=1',
      access: 'user',
    },
    {
      method: 'GET',
      pattern: '/api/v1/training/intensity-zones',
      ok: 200,
      url: '/api/v1/training/intensity-zones?max_hr=190',
      access: 'user',
    },
    {
      method: 'POST',
      pattern: '/api/v1/training/adaptive-adjustment',
      ok: 200,
      url: '/api/v1/training/adaptive-adjustment',
      body: { sleep_hours: 7, fatigue_rating: 4 },
      access: 'user',
    },
    {
      method: 'GET',
      pattern: '/api/v1/training/progress-tracking',
      ok: 200,
      url: '/api/v1/training/progress-tracking?weeks=4',
      access: 'user',
    },
    {
      method: 'GET',
      pattern: '/api/v1/training/injury-prevention',
      ok: 200,
      url: '/api/v1/training/injury-prevention',
      access: 'user',
    },
  ],

  // Calendar apps cannot send headers: the plan's feed takes the token from POST /training/plan-feed in the query.
  // The phases guide is general knowledge,
  // the same for everyone, and public in the running seed (issue 12).
  public: ['GET /api/v1/training/plan.ics', 'GET /api/v1/training/phases-guide'],
});
