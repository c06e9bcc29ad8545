import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  IdParams,
  LiveSpots,
  Notification,
  NotificationQuery,
  Pagination,
  ReadAllResult,
  StreamQuery,
  StreamTicket,
} from '@pulso/contracts';
import { ALL_ROLES, gymOf, principalOf } from '../../platform/auth/access.js';
import type { Kernel } from '../../platform/module.js';
import { paged } from '../../platform/http.js';
import { langOf } from '../../platform/i18n.js';
import type { NotificationsService } from './service.js';
import { createStreams, TICKET_SECONDS } from './stream.js';

const TEXTS = 'Title and body are in the language of Accept-Language (en or es).';

/**
 * Two views of the same rows: `/notifications` is one gym's (X-Gym-ID), `/users/me/notifications` all of the
 * person's, from every gym and from personal modules (`gym_id` null).
 */
export const notificationsRoutes =
  (svc: NotificationsService, k: Kernel): FastifyPluginAsyncZod =>
  async (app) => {
    const kinds = `Kinds: ${svc.kinds().join(', ')}.`;
    const streams = createStreams({
      svc,
      live: k.live,
      cache: k.cache,
      principals: k.principals,
      clock: k.clock,
      heartbeatSeconds: k.config.live.heartbeatSeconds,
      maxStreamsPerUser: k.config.live.maxStreamsPerUser,
    });
    // Before the server waits for open requests: a stream never finishes by itself.
    app.addHook('preClose', (done) => {
      streams.endAll();
      done();
    });

    app.get(
      '/notifications/stream',
      {
        onRequest: (req) => streams.ticketAuth(req),
        config: { access: 'user' },
        schema: {
          tags: ['notifications'],
          summary: 'Live updates: my new notifications and the places left in my gyms, as Server-Sent Events',
          description: [
            'A `text/event-stream` that stays open. Events:',
            '`notification` (`id:` the notification id; `data:` a Notification in the language of the account or Accept-Language),',
            '`spots` (`data:` ' +
              '`{gym_id, kind: "session"|"event", id, capacity, booked_count, waitlist_count, spots_left, status}`' +
              ' after each booking, cancellation, promotion or capacity change in a gym I belong to),',
            '`resync` (more notifications were missed than a stream replays: reload the list).',
            `Comments (\`: ping\`) every ${k.config.live.heartbeatSeconds} s; \`retry:\` says how long to wait before reconnecting.`,
            'Reconnecting with `Last-Event-ID` (or `?last_event_id=`) first sends the notifications created after that id.',
            'Browsers (EventSource cannot send headers) authenticate with `?ticket=` from POST /notifications/stream-ticket.',
            `At most ${k.config.live.maxStreamsPerUser} open streams per person (429 beyond).`,
            `Kinds: ${svc.kinds().join(', ')}.`,
          ].join(' '),
          querystring: StreamQuery,
          produces: ['text/event-stream'],
          response: {
            200: z
              .string()
              .describe(
                `Server-Sent Events (text/event-stream). A spots event's data: ${JSON.stringify(z.toJSONSchema(LiveSpots))}`,
              ),
          },
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        streams.admit(p.userId);
        const header = req.headers['last-event-id'];
        const fromHeader =
          typeof header === 'string' && /^\s*\d{1,10}\s*$/.test(header) ? Number(header) : undefined;
        const lastEventId = fromHeader ?? req.query.last_event_id;
        await streams.serve(req, reply, {
          userId: p.userId,
          gyms: p.gyms.map((g) => g.id),
          lang: langOf(req),
          ...(lastEventId !== undefined ? { lastEventId } : {}),
          ...(req.query.max_seconds !== undefined ? { maxSeconds: req.query.max_seconds } : {}),
        });
      },
    );

    app.post(
      '/notifications/stream-ticket',
      {
        config: { access: 'user' },
        schema: {
          tags: ['notifications'],
          summary: 'A one-use ticket to open my live stream from a browser',
          description: `EventSource cannot send an Authorization header: pass the ticket as \`?ticket=\` to GET /notifications/stream within ${TICKET_SECONDS} s. It works once; ask for a new one to reconnect.`,
          response: { 200: StreamTicket },
        },
      },
      async (req, reply) => {
        void reply.header('cache-control', 'no-store');
        return streams.issueTicket(principalOf(req).userId);
      },
    );
    app.get(
      '/notifications',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags: ['notifications'],
          summary: 'My notifications in this gym, newest first',
          description: `${TEXTS} ${kinds}`,
          querystring: Pagination.extend(NotificationQuery.shape),
          response: { 200: z.array(Notification) },
        },
      },
      async (req, reply) => {
        const scope = { gymId: gymOf(req).id };
        const { rows, total } = await svc.list(
          scope,
          principalOf(req).userId,
          req.query.unread === 'true',
          req.query,
          langOf(req),
        );
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.post(
      '/notifications/:id/read',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags: ['notifications'],
          summary: 'Mark one of my notifications read',
          params: IdParams,
          response: { 200: Notification },
        },
      },
      async (req) =>
        svc.markRead({ gymId: gymOf(req).id }, principalOf(req).userId, req.params.id, langOf(req)),
    );

    app.post(
      '/notifications/read-all',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags: ['notifications'],
          summary: 'Mark all my notifications in this gym read',
          response: { 200: ReadAllResult },
        },
      },
      async (req) => svc.markAllRead({ gymId: gymOf(req).id }, principalOf(req).userId),
    );

    app.get(
      '/users/me/notifications',
      {
        config: { access: 'user' },
        schema: {
          tags: ['notifications'],
          summary: 'All my notifications, from every gym and from personal modules, newest first',
          description: `${TEXTS} \`gym_id\` is null for what a personal module (not a gym) sent. ${kinds}`,
          querystring: Pagination.extend(NotificationQuery.shape),
          response: { 200: z.array(Notification) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.list(
          'all',
          principalOf(req).userId,
          req.query.unread === 'true',
          req.query,
          langOf(req),
        );
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.post(
      '/users/me/notifications/:id/read',
      {
        config: { access: 'user' },
        schema: {
          tags: ['notifications'],
          summary: 'Mark one of my notifications read, whatever its gym',
          params: IdParams,
          response: { 200: Notification },
        },
      },
      async (req) => svc.markRead('all', principalOf(req).userId, req.params.id, langOf(req)),
    );

    app.post(
      '/users/me/notifications/read-all',
      {
        config: { access: 'user' },
        schema: {
          tags: ['notifications'],
          summary: 'Mark all my notifications read, in every gym',
          response: { 200: ReadAllResult },
        },
      },
      async (req) => svc.markAllRead('all', principalOf(req).userId),
    );
  };
