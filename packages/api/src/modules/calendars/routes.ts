import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CalendarFeed, FeedTokenQuery, Problem } from '@pulso/contracts';
import { ALL_ROLES, gymOf, principalOf } from '../../platform/auth/access.js';
import { feedUrl, Ics, ICS_MEDIA_TYPE, sendIcs } from '../../platform/calendar/http.js';
import { created } from '../../platform/http.js';
import { FEED_KINDS, type CalendarsService } from './service.js';

const TIMETABLE_PATH = '/api/v1/schedule/calendar.ics';
const PERSONAL_PATH = '/api/v1/users/me/calendar.ics';

/**
 * Calendar feeds. The .ics routes are `public`: calendar apps cannot send headers, so the secret token in the
 * query is the credential (unknown or revoked → 404). The routes that issue and revoke the URLs are not.
 */
export const calendarsRoutes =
  (svc: CalendarsService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/schedule/calendar-feed',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags: ['calendar'],
          summary: "A secret URL of the gym's timetable (classes and events) as iCalendar",
          description: 'Each call issues a new URL; the previous one stops working.',
          response: { 201: CalendarFeed },
        },
      },
      async (req, reply) => {
        const { token, createdAt } = await svc.issue({
          userId: principalOf(req).userId,
          gymId: gymOf(req).id,
          kind: FEED_KINDS.timetable,
        });
        // The new resource is the feed itself: its URL with the token (without it the route answers 422).
        return created(reply, `${TIMETABLE_PATH}?token=${token}`, {
          kind: FEED_KINDS.timetable,
          url: feedUrl(req, TIMETABLE_PATH, token),
          created_at: createdAt.toISOString(),
        });
      },
    );

    app.delete(
      '/schedule/calendar-feed',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags: ['calendar'],
          summary: "Revoke my secret URL of the gym's timetable",
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await svc.revoke({
          userId: principalOf(req).userId,
          gymId: gymOf(req).id,
          kind: FEED_KINDS.timetable,
        });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/schedule/calendar.ics',
      {
        config: { access: 'public' },
        schema: {
          tags: ['calendar'],
          summary:
            "The gym's timetable, 2 weeks back to 8 weeks ahead (token from POST /schedule/calendar-feed)",
          querystring: FeedTokenQuery,
          produces: [ICS_MEDIA_TYPE],
          response: { 200: Ics, 404: Problem },
        },
      },
      async (req, reply) => sendIcs(reply, await svc.timetable(req.query.token)),
    );

    app.post(
      '/users/me/calendar-feed',
      {
        config: { access: 'user' },
        schema: {
          tags: ['calendar'],
          summary: 'A secret URL of my bookings and event registrations (all my gyms) as iCalendar',
          description: 'Each call issues a new URL; the previous one stops working.',
          response: { 201: CalendarFeed },
        },
      },
      async (req, reply) => {
        const { token, createdAt } = await svc.issue({
          userId: principalOf(req).userId,
          gymId: null,
          kind: FEED_KINDS.mine,
        });
        // The new resource is the feed itself: its URL with the token (without it the route answers 422).
        return created(reply, `${PERSONAL_PATH}?token=${token}`, {
          kind: FEED_KINDS.mine,
          url: feedUrl(req, PERSONAL_PATH, token),
          created_at: createdAt.toISOString(),
        });
      },
    );

    app.delete(
      '/users/me/calendar-feed',
      {
        config: { access: 'user' },
        schema: {
          tags: ['calendar'],
          summary: 'Revoke my personal calendar URL',
          response: { 204: z.null(), 404: Problem },
        },
      },
      async (req, reply) => {
        await svc.revoke({ userId: principalOf(req).userId, gymId: null, kind: FEED_KINDS.mine });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/users/me/calendar.ics',
      {
        config: { access: 'public' },
        schema: {
          tags: ['calendar'],
          summary: 'My bookings and event registrations (token from POST /users/me/calendar-feed)',
          querystring: FeedTokenQuery,
          produces: [ICS_MEDIA_TYPE],
          response: { 200: Ics, 404: Problem },
        },
      },
      async (req, reply) => sendIcs(reply, await svc.personal(req.query.token)),
    );
  };
