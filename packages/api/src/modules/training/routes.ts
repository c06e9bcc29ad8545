import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AdaptiveAdjustment,
  AdaptiveAdjustmentBody,
  InjuryPrevention,
  IntensityZones,
  IntensityZonesQuery,
  NoContent,
  PhasesGuide,
  Problem,
  ProgressQuery,
  ProgressTracking,
  TrainingPlan,
  TrainingPlanBody,
  WeeklyPlan,
  WeeklyPlanQuery,
} from '@pulso/contracts';
import { principalOf } from '../../platform/auth/access.js';
import { created } from '../../platform/http.js';
import { pickLang } from '../../platform/i18n.js';
import type { TrainingService } from './service.js';

const errors = { 401: Problem, 422: Problem };
const tags = ['training'];

export const trainingRoutes =
  (svc: TrainingService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/training/plan',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'Create my periodised plan towards a goal race (one active plan)',
          body: TrainingPlanBody,
          response: { 201: TrainingPlan, 409: Problem, ...errors },
        },
      },
      async (req, reply) => {
        const plan = await svc.createPlan(
          principalOf(req).userId,
          req.body,
          pickLang(req.headers['accept-language']),
        );
        return created(reply, '/api/v1/training/plan', plan);
      },
    );

    app.get(
      '/training/plan',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'My training plan',
          response: { 200: TrainingPlan, 404: Problem, ...errors },
        },
      },
      async (req) => svc.getPlan(principalOf(req).userId, pickLang(req.headers['accept-language'])),
    );

    app.delete(
      '/training/plan',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'Delete my training plan',
          response: { 204: NoContent, 404: Problem, ...errors },
        },
      },
      async (req, reply) => {
        await svc.deletePlan(principalOf(req).userId, pickLang(req.headers['accept-language']));
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/training/weekly-plan',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: "One week of my plan, adapted to today's readiness and load",
          querystring: WeeklyPlanQuery,
          response: { 200: WeeklyPlan, 404: Problem, ...errors },
        },
      },
      async (req) =>
        svc.weeklyPlan(principalOf(req).userId, req.query.week, pickLang(req.headers['accept-language'])),
    );

    app.get(
      '/training/phases-guide',
      {
        config: { access: 'user' },
        schema: { tags, summary: 'The five training phases', response: { 200: PhasesGuide, ...errors } },
      },
      async (req) => svc.phasesGuide(pickLang(req.headers['accept-language'])),
    );

    app.get(
      '/training/intensity-zones',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'My five heart-rate zones (Karvonen) and pace ranges',
          querystring: IntensityZonesQuery,
          response: { 200: IntensityZones, ...errors },
        },
      },
      async (req) =>
        svc.intensityZones(principalOf(req).userId, req.query, pickLang(req.headers['accept-language'])),
    );

    app.post(
      '/training/adaptive-adjustment',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: "Today's load multiplier from HRV, sleep, fatigue, stress and volume",
          body: AdaptiveAdjustmentBody,
          response: { 200: AdaptiveAdjustment, ...errors },
        },
      },
      async (req) =>
        svc.adaptiveAdjustment(principalOf(req).userId, req.body, pickLang(req.headers['accept-language'])),
    );

    app.get(
      '/training/progress-tracking',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'My last weeks: volume, pace, readiness, warnings and projection',
          querystring: ProgressQuery,
          response: { 200: ProgressTracking, ...errors },
        },
      },
      async (req) =>
        svc.progress(principalOf(req).userId, req.query.weeks, pickLang(req.headers['accept-language'])),
    );

    app.get(
      '/training/injury-prevention',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'Strength and mobility programme, warning signs and my current load alerts',
          response: { 200: InjuryPrevention, ...errors },
        },
      },
      async (req) => svc.injuryPrevention(principalOf(req).userId, pickLang(req.headers['accept-language'])),
    );
  };
