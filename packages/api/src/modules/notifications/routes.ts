import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, Notification, NotificationQuery, Pagination, ReadAllResult } from '@pulso/contracts';
import { ALL_ROLES, gymOf, principalOf } from '../../platform/auth/access.js';
import { paged } from '../../platform/http.js';
import { langOf } from '../../platform/i18n.js';
import type { NotificationsService } from './service.js';

export const notificationsRoutes =
  (svc: NotificationsService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/notifications',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags: ['notifications'],
          summary: 'My notifications in this gym, newest first',
          description: 'Title and body are in the language of Accept-Language (en or es).',
          querystring: Pagination.extend(NotificationQuery.shape),
          response: { 200: z.array(Notification) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.list(
          gymOf(req).id,
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
      async (req) => svc.markRead(gymOf(req).id, principalOf(req).userId, req.params.id, langOf(req)),
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
      async (req) => svc.markAllRead(gymOf(req).id, principalOf(req).userId),
    );
  };
