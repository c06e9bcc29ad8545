import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ConditionsImpact,
  ConditionsImpactQuery,
  RacePredictBody,
  RacePrediction,
  ScenarioComparison,
  ScenarioComparisonBody,
  TerrainGuide,
} from '@pulso/contracts';
import { principalOf } from '../../platform/auth/access.js';
import { langOf } from '../../platform/i18n.js';
import { jsonBytesSender } from '../../platform/http.js';
import { responseSerializer } from '../../platform/serializer.js';
import type { RaceService } from './service.js';

export const raceRoutes =
  (svc: RaceService): FastifyPluginAsyncZod =>
  async (app) => {
    /**
     * The serialised body of each prediction, made once per object: `svc.predict` hands out the same memoised
     * object for a repeated question (no reference), so a repeat skips serialisation and UTF-8 encoding (a
     * marathon's 43 splits are most of the route's serialisation cost). The bytes come from the route's own
     * response serializer, so they are exactly what Fastify would have sent. Weak: they go with the prediction.
     */
    const sendPrediction = jsonBytesSender(
      responseSerializer<RacePrediction>(RacePrediction, 'POST', '/race/predict'),
    );

    app.post(
      '/race/predict',
      {
        config: { access: 'user' },
        schema: {
          tags: ['race'],
          summary: 'Predict a race time (Riegel, VDOT) adjusted for the conditions',
          body: RacePredictBody,
          response: { 200: RacePrediction },
        },
      },
      async (req, reply) => {
        const p = await svc.predict(principalOf(req).userId, req.body, langOf(req));
        return sendPrediction(reply, p);
      },
    );

    app.get(
      '/race/conditions-impact',
      {
        config: { access: 'user' },
        schema: {
          tags: ['race'],
          summary: 'How heat, humidity, wind, terrain and altitude would change my time over a distance',
          description:
            'Impact percentages are positive when slower and negative when faster (the running seed wrote slower ' +
            'as negative). Race-day conditions in the query (all optional; `temperature` is an alias of ' +
            '`temperature_c`) give each factor its `current_impact_percent`, the `cumulative_impact` and the ' +
            '`adjusted_time`; a condition not given has no impact. Times are h:mm:ss with `*_min` in minutes.',
          querystring: ConditionsImpactQuery,
          response: { 200: ConditionsImpact },
        },
      },
      async (req) => svc.conditionsImpact(principalOf(req).userId, req.query, langOf(req)),
    );

    app.get(
      '/race/terrain-guide',
      {
        config: { access: 'public' },
        schema: {
          tags: ['race'],
          summary: 'Terrain types, their typical cost and how to race them',
          response: { 200: TerrainGuide },
        },
      },
      async (req) => svc.terrainGuide(langOf(req)),
    );

    app.post(
      '/race/scenario-comparison',
      {
        config: { access: 'user' },
        schema: {
          tags: ['race'],
          summary: 'Compare 2–10 race scenarios',
          description:
            'The body is `{"scenarios": [...]}` or, as in the running seed, the bare array of scenarios; in ' +
            'conditions `temperature` is an alias of `temperature_c`. `fastest.delta` and `slowest.delta` ' +
            'compare with scenario 1, signed (the seed’s meaning); `gap` is slowest minus fastest.',
          body: ScenarioComparisonBody,
          response: { 200: ScenarioComparison },
        },
      },
      async (req) => svc.compare(principalOf(req).userId, req.body, langOf(req)),
    );
  };
