import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AdaptiveAdjustment,
  CalendarFeed,
  PlanFeedQuery,
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
import { created, jsonBytesSender } from '../../platform/http.js';
import { langOf } from '../../platform/i18n.js';
import { responseSerializer } from '../../platform/serializer.js';
import { feedUrl, Ics, ICS_MEDIA_TYPE, sendIcs } from '../../platform/calendar/http.js';
import { PLAN_FEED_KIND, type PlanFeedService } from './feed.js';
import type { TrainingService } from './service.js';

const PLAN_ICS_PATH = '/api/v1/training/plan.ics';

const tags = ['training'];

export const trainingRoutes =
  (svc: TrainingService, feed: PlanFeedService): FastifyPluginAsyncZod =>
  async (app) => {
    /**
     * The serialised body of each built week, made once per object: `svc.weeklyPlan` hands out the same memoised
     * object while its inputs are unchanged, so a repeat skips serialisation and UTF-8 encoding. The bytes come
     * from the route's own response serializer, so they are exactly what Fastify would have sent (as in
     * race/routes.ts). Weak: they go with the week.
     */
    const sendWeek = jsonBytesSender(
      responseSerializer<WeeklyPlan>(WeeklyPlan, 'GET', '/training/weekly-plan'),
    );

    app.post(
      '/training/plan-feed',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'A secret URL of my training plan as iCalendar, to subscribe to from a calendar app',
          description:
            'Each call issues a new URL and the previous one stops working. The texts follow Accept-Language.',
          response: { 201: CalendarFeed },
        },
      },
      async (req, reply) => {
        const { token, createdAt } = await feed.issue(principalOf(req).userId);
        const lang = langOf(req);
        // The new resource is the feed itself: its URL with the token (without it the route answers 422).
        return created(reply, `${PLAN_ICS_PATH}?token=${token}&lang=${lang}`, {
          kind: PLAN_FEED_KIND,
          url: feedUrl(req, PLAN_ICS_PATH, token, `&lang=${lang}`),
          created_at: createdAt.toISOString(),
        });
      },
    );

    app.delete(
      '/training/plan-feed',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'Revoke my training-plan calendar URL',
          response: { 204: NoContent, 404: Problem },
        },
      },
      async (req, reply) => {
        await feed.revoke(principalOf(req).userId);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/training/plan.ics',
      {
        // Calendar apps send no headers: the secret token in the query is the credential (unknown → 404).
        config: { access: 'public' },
        schema: {
          tags,
          summary:
            'My training plan as iCalendar, one whole-day entry per session (token from POST /training/plan-feed)',
          querystring: PlanFeedQuery,
          produces: [ICS_MEDIA_TYPE],
          response: { 200: Ics, 404: Problem },
        },
      },
      async (req, reply) => sendIcs(reply, await feed.ics(req.query.token, req.query.lang)),
    );

    app.post(
      '/training/plan',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'Create my periodised plan towards a goal race (one active plan)',
          body: TrainingPlanBody,
          response: { 201: TrainingPlan, 409: Problem },
        },
      },
      async (req, reply) => {
        const plan = await svc.createPlan(principalOf(req).userId, req.body, langOf(req));
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
          response: { 200: TrainingPlan, 404: Problem },
        },
      },
      async (req) => svc.getPlan(principalOf(req).userId, langOf(req)),
    );

    app.delete(
      '/training/plan',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'Delete my training plan',
          response: { 204: NoContent, 404: Problem },
        },
      },
      async (req, reply) => {
        await svc.deletePlan(principalOf(req).userId);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/training/weekly-plan',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary:
            "One week of my plan (or of a programme from my profile), adapted to today's readiness and load",
          description:
            'All seven days, rest days as `rest`. Without a saved plan, a programme is built from the profile, ' +
            'starting this week (`source: profile`; week 1 is this week, the running seed’s default). Each ' +
            'session has `segments` (warmup, main, cooldown); days up to today carry what was recorded (`done`, ' +
            '`status`). Alongside our names: `type_code`/`phase_code` (the seed’s EASY_RUN, BASE_BUILDING…), ' +
            '`weekly_volume` (= weekly_volume_km) and `distance` (= distance_km).',
          querystring: WeeklyPlanQuery,
          response: { 200: WeeklyPlan },
        },
      },
      async (req, reply) => {
        const w = await svc.weeklyPlan(principalOf(req).userId, req.query.week, langOf(req));
        return sendWeek(reply, w);
      },
    );

    app.get(
      '/training/phases-guide',
      {
        // General knowledge, the same for everyone (public in the running seed too).
        config: { access: 'public' },
        schema: { tags, summary: 'The five training phases', response: { 200: PhasesGuide } },
      },
      async (req) => svc.phasesGuide(langOf(req)),
    );

    app.get(
      '/training/intensity-zones',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'My five heart-rate zones (Karvonen) and pace ranges',
          querystring: IntensityZonesQuery,
          response: { 200: IntensityZones },
        },
      },
      async (req) => svc.intensityZones(principalOf(req).userId, req.query, langOf(req)),
    );

    app.post(
      '/training/adaptive-adjustment',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: "Today's load multiplier from HRV, sleep, fatigue, stress and volume",
          body: AdaptiveAdjustmentBody,
          response: { 200: AdaptiveAdjustment },
        },
      },
      async (req) => svc.adaptiveAdjustment(principalOf(req).userId, req.body, langOf(req)),
    );

    app.get(
      '/training/progress-tracking',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'My last weeks: volume, pace, readiness, warnings and projection',
          querystring: ProgressQuery,
          response: { 200: ProgressTracking },
        },
      },
      async (req) => svc.progress(principalOf(req).userId, req.query.weeks, langOf(req)),
    );

    app.get(
      '/training/injury-prevention',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'Strength and mobility programme, warning signs and my current load alerts',
          response: { 200: InjuryPrevention },
        },
      },
      async (req) => svc.injuryPrevention(principalOf(req).userId, langOf(req)),
    );
  };
