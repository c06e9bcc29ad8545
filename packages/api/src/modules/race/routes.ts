import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ConditionsImpact,
  ConditionsImpactQuery,
  Problem,
  RacePredictBody,
  RacePrediction,
  ScenarioComparison,
  ScenarioComparisonBody,
  TerrainGuide,
} from '@pulso/contracts';
import { principalOf } from '../../platform/auth/access.js';
import { pickLang } from '../../platform/i18n.js';
import type { RaceService } from './service.js';

const errors = { 401: Problem, 422: Problem };

export const raceRoutes =
  (svc: RaceService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/race/predict',
      {
        config: { access: 'user' },
        schema: {
          tags: ['race'],
          summary: 'Predict a race time (Riegel, VDOT) adjusted for the conditions',
          body: RacePredictBody,
          response: { 200: RacePrediction, ...errors },
        },
      },
      async (req) => svc.predict(principalOf(req).userId, req.body, pickLang(req.headers['accept-language'])),
    );

    app.get(
      '/race/conditions-impact',
      {
        config: { access: 'user' },
        schema: {
          tags: ['race'],
          summary: 'How heat, humidity, wind, terrain and altitude would change my time over a distance',
          querystring: ConditionsImpactQuery,
          response: { 200: ConditionsImpact, ...errors },
        },
      },
      async (req) =>
        svc.conditionsImpact(
          principalOf(req).userId,
          req.query.distance_km,
          pickLang(req.headers['accept-language']),
        ),
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
      async (req) => svc.terrainGuide(pickLang(req.headers['accept-language'])),
    );

    app.post(
      '/race/scenario-comparison',
      {
        config: { access: 'user' },
        schema: {
          tags: ['race'],
          summary: 'Compare 2–10 race scenarios',
          body: ScenarioComparisonBody,
          response: { 200: ScenarioComparison, ...errors },
        },
      },
      async (req) => svc.compare(principalOf(req).userId, req.body, pickLang(req.headers['accept-language'])),
    );
  };
