import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, Pagination, Problem } from '@pulso/contracts';
import { MemberParams } from '@pulso/contracts/gyms';
import {
  Analytics,
  Completion,
  CompleteBody,
  Consent,
  ConsentBody,
  Dashboard,
  DiaryBody,
  DiaryEntry,
  Follow,
  Follower,
  Following,
  MealParams,
  PlanBody,
  PlanDetail,
  PlanListQuery,
  PlanPatchBody,
  PlanSummary,
  PlanToday,
  ProgressQuery,
  Screening,
  ScreeningBody,
  ScreeningStatus,
  TodayProgress,
  WeeklyProgress,
} from '@pulso/contracts/nutrition';
import { actorOf, ALL_ROLES, gymOf, INSTRUCTORS, principalOf, STAFF } from '../../platform/auth/access.js';
import type { JsonPage } from '../../platform/cache/json-pages.js';
import { created, jsonBytesSender, paged, sendJsonPage } from '../../platform/http.js';
import { langOf } from '../../platform/i18n.js';
import { responseSerializer } from '../../platform/serializer.js';
import type { NutritionService } from './service.js';

const tags = ['nutrition'];
const all = { gym: ALL_ROLES };
const authors = { gym: INSTRUCTORS };
const staff = { gym: STAFF };
const me = (req: FastifyRequest) => principalOf(req).userId;
const ua = (req: FastifyRequest) => req.headers['user-agent'];
// A cached page's UTF-8 bytes are made once per process, not per request (a plan's detail is ~60 kB of JSON).
const sendPage = jsonBytesSender<JsonPage>((p) => p.json);
const tooMany = { 429: Problem };

export const nutritionRoutes =
  (svc: NutritionService): FastifyPluginAsyncZod =>
  async (app) => {
    const serializePlans = responseSerializer<PlanSummary[]>(z.array(PlanSummary), 'GET', '/nutrition/plans');
    const serializeFollowing = responseSerializer<Following[]>(
      z.array(Following),
      'GET',
      '/nutrition/following',
    );
    const serializeWeekly = responseSerializer<WeeklyProgress>(
      WeeklyProgress,
      'GET',
      '/nutrition/progress/weekly',
    );

    app.get(
      '/nutrition/plans',
      {
        config: { access: all },
        schema: {
          tags,
          summary:
            'The gym’s nutrition plans, newest first (filters: goal, type, text; archived=true for archived)',
          querystring: PlanListQuery,
          response: { 200: z.array(PlanSummary) },
        },
      },
      async (req, reply) =>
        sendJsonPage(req, reply, await svc.listPage(gymOf(req).id, req.query, serializePlans), req.query),
    );

    app.post(
      '/nutrition/plans',
      {
        config: { access: authors },
        schema: {
          tags,
          summary: 'Create a plan with its days, meals and items (10 an hour per author)',
          body: PlanBody,
          response: { 201: PlanDetail, ...tooMany },
        },
      },
      async (req, reply) => {
        const a = actorOf(req);
        await svc.rateLimit('plan', a.userId);
        const p = await svc.createPlan(a.gymId, a.userId, req.body);
        return created(reply, `/api/v1/nutrition/plans/${p.id}`, p);
      },
    );

    app.get(
      '/nutrition/plans/:id',
      {
        config: { access: all },
        schema: {
          tags,
          summary: 'A plan, nested (days → meals → items), with totals per item, meal, day and plan',
          params: IdParams,
          response: { 200: PlanDetail },
        },
      },
      async (req, reply) => sendPage(reply, await svc.detailPage(gymOf(req).id, req.params.id)),
    );

    app.patch(
      '/nutrition/plans/:id',
      {
        config: { access: authors },
        schema: {
          tags,
          summary: 'Change a plan; `days` replaces all its days. Followers of a live plan are notified',
          params: IdParams,
          body: PlanPatchBody,
          response: { 200: PlanDetail, 409: Problem },
        },
      },
      async (req) => svc.patchPlan(actorOf(req), req.params.id, req.body),
    );

    app.delete(
      '/nutrition/plans/:id',
      {
        config: { access: authors },
        schema: {
          tags,
          summary: 'Delete a plan; one that has or had followers is archived instead (the answer says which)',
          params: IdParams,
          response: { 200: z.object({ archived: z.boolean() }) },
        },
      },
      async (req) => svc.removePlan(actorOf(req), req.params.id),
    );

    app.post(
      '/nutrition/plans/:id/duplicate',
      {
        config: { access: authors },
        schema: {
          tags,
          summary: 'Copy a plan (days, meals and items) as a new plan of the gym',
          params: IdParams,
          response: { 201: PlanDetail, ...tooMany },
        },
      },
      async (req, reply) => {
        const a = actorOf(req);
        await svc.rateLimit('plan', a.userId);
        const p = await svc.duplicate(a, req.params.id);
        return created(reply, `/api/v1/nutrition/plans/${p.id}`, p);
      },
    );

    app.post(
      '/nutrition/plans/:id/follow',
      {
        config: { access: all },
        schema: {
          tags,
          summary:
            'Follow a plan; a restrictive one needs a valid screening that can proceed (and, under 18, consent)',
          params: IdParams,
          response: { 201: Follow, 403: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const f = await svc.follow(actorOf(req), req.params.id, ua(req));
        return created(reply, '/api/v1/nutrition/following', f);
      },
    );

    app.delete(
      '/nutrition/plans/:id/follow',
      {
        config: { access: all },
        schema: { tags, summary: 'Stop following a plan', params: IdParams, response: { 204: z.null() } },
      },
      async (req, reply) => {
        await svc.unfollow(actorOf(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/nutrition/plans/:id/followers',
      {
        config: { access: staff },
        schema: {
          tags,
          summary: 'Who follows the plan',
          params: IdParams,
          querystring: Pagination,
          response: { 200: z.array(Follower) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.followers(gymOf(req).id, req.params.id, req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.get(
      '/nutrition/plans/:id/today',
      {
        config: { access: all },
        schema: {
          tags,
          summary: 'Today’s day of the plan (live plans: the shared start date), with my targets',
          params: IdParams,
          response: { 200: PlanToday },
        },
      },
      async (req) => svc.planToday(gymOf(req).id, me(req), req.params.id),
    );

    app.get(
      '/nutrition/following',
      {
        config: { access: all },
        schema: { tags, summary: 'The plans I follow in this gym', response: { 200: z.array(Following) } },
      },
      async (req, reply) => {
        const page = await svc.followingPage(gymOf(req).id, me(req), serializeFollowing);
        return sendPage(reply, page);
      },
    );

    app.post(
      '/nutrition/meals/:id/complete',
      {
        config: { access: all },
        schema: {
          tags,
          summary: 'Mark a meal of a plan I follow as eaten on a day (again on the same day: 200, updated)',
          params: MealParams,
          body: CompleteBody,
          response: { 200: Completion, 201: Completion, 403: Problem },
        },
      },
      async (req, reply) => {
        const { completion, created: isNew } = await svc.completeMeal(actorOf(req), req.params.id, req.body);
        return isNew ? reply.code(201).send(completion) : completion;
      },
    );

    app.post(
      '/nutrition/diary',
      {
        config: { access: all },
        schema: {
          tags,
          summary:
            'Record food eaten outside a plan (a catalogue food or recipe with grams, or a name with kcal)',
          body: DiaryBody,
          response: { 201: DiaryEntry },
        },
      },
      async (req, reply) => {
        const e = await svc.addDiary(actorOf(req), req.body);
        return reply.code(201).send(e);
      },
    );

    app.get(
      '/nutrition/progress/today',
      {
        config: { access: all },
        schema: {
          tags,
          summary: 'Today: planned vs eaten, macros, my targets and the energy budget of the body module',
          response: { 200: TodayProgress },
        },
      },
      async (req) => svc.today(gymOf(req).id, me(req), langOf(req)),
    );

    app.get(
      '/nutrition/progress/weekly',
      {
        config: { access: all },
        schema: {
          tags,
          summary: 'The last 7 days: adherence per day and for the week',
          response: { 200: WeeklyProgress },
        },
      },
      async (req, reply) => sendPage(reply, await svc.weeklyPage(gymOf(req).id, me(req), serializeWeekly)),
    );

    app.get(
      '/nutrition/progress',
      {
        config: { access: all },
        schema: {
          tags,
          summary: 'Progress per day over any range of up to 366 days (from/to inclusive, UTC)',
          querystring: ProgressQuery,
          response: { 200: WeeklyProgress },
        },
      },
      async (req) => svc.range(gymOf(req).id, me(req), req.query.from, req.query.to),
    );

    app.get(
      '/nutrition/progress/export',
      {
        config: { access: all },
        schema: {
          tags,
          summary: 'The same range as CSV (one row per day)',
          querystring: ProgressQuery,
          produces: ['text/csv'],
          response: { 200: z.string().describe('text/csv; header row then one row per day') },
        },
      },
      async (req, reply) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="nutrition-progress.csv"')
          .send(await svc.csv(gymOf(req).id, me(req), req.query.from, req.query.to)),
    );

    app.get(
      '/nutrition/dashboard',
      {
        config: { access: all },
        schema: {
          tags,
          summary: 'My current plan, today, the week and recommendations',
          response: { 200: Dashboard },
        },
      },
      async (req) => svc.dashboard(gymOf(req).id, me(req), langOf(req)),
    );

    app.post(
      '/nutrition/safety/screenings',
      {
        config: { access: all },
        schema: {
          tags,
          summary: 'Medical safety screening (3 a day); valid 24 h for starting a restrictive or AI plan',
          description:
            'Only `age` is required. Weight and height, when not sent, come from my latest body entry and my athlete profile (`measurements_source`). The answers are encrypted at rest and shown only to me.',
          body: ScreeningBody,
          response: { 201: Screening, ...tooMany },
        },
      },
      async (req, reply) => {
        const s = await svc.screen(actorOf(req), req.body, langOf(req), ua(req));
        return created(reply, '/api/v1/nutrition/safety/screenings/current', s);
      },
    );

    app.get(
      '/nutrition/safety/screenings/current',
      {
        config: { access: all },
        schema: {
          tags,
          summary: 'My latest screening in this gym (valid or not)',
          response: { 200: Screening },
        },
      },
      async (req) => svc.currentScreening(gymOf(req).id, me(req), langOf(req)),
    );

    app.get(
      '/nutrition/members/:user_id/screening',
      {
        config: { access: staff },
        schema: {
          tags,
          summary:
            'A member’s screening as staff see it: level, can_proceed, requires_professional, validity',
          params: MemberParams,
          response: { 200: ScreeningStatus },
        },
      },
      async (req) => svc.memberScreening(gymOf(req).id, req.params.user_id),
    );

    app.post(
      '/nutrition/safety/consents',
      {
        config: { access: staff },
        schema: {
          tags,
          summary: 'Record a guardian’s consent for a member under 18 (audited)',
          body: ConsentBody,
          response: { 201: Consent },
        },
      },
      async (req, reply) => reply.code(201).send(await svc.recordConsent(actorOf(req), req.body)),
    );

    app.get(
      '/nutrition/analytics',
      {
        config: { access: staff },
        schema: {
          tags,
          summary: 'Followers per plan, adherence, screenings by level (counts only), plans and AI use',
          response: { 200: Analytics },
        },
      },
      async (req) => svc.analytics(gymOf(req).id),
    );
  };
