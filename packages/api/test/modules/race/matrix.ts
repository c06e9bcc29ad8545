/** Access-matrix cases of the race module: personal predictions, and the public terrain guide. */
import { defineMatrix } from '../../access-matrix.js';

export default defineMatrix({
  user: [
    {
      method: 'POST',
      pattern: '/api/v1/race/predict',
      ok: 200,
      url: '/api/v1/race/predict',
      body: { distance_km: 21.1, reference: { distance_km: 10, time_s: 2400 } },
      access: 'user',
    },
    {
      method: 'GET',
      pattern: '/api/v1/race/conditions-impact',
      ok: 200,
      url: '/api/v1/race/conditions-impact?distance_km=10',
      access: 'user',
    },
    {
      method: 'POST',
      pattern: '/api/v1/race/scenario-comparison',
      ok: 200,
      url: '/api/v1/race/scenario-comparison',
      body: {
        scenarios: [
          { distance_km: 10, reference: { distance_km: 5, time_s: 1200 } },
          { distance_km: 10, reference: { distance_km: 5, time_s: 1200 }, conditions: { temperature_c: 25 } },
        ],
      },
      access: 'user',
    },
  ],

  // The terrain guide is general knowledge, the same for everyone (issue 3).
  public: ['GET /api/v1/race/terrain-guide'],
});
