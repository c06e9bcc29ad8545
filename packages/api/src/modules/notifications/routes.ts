import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, Notification, NotificationQuery, Pagination, ReadAllResult } from '@pulso/contracts';
import { ALL_ROLES, gymOf, principalOf } from '../../platform/auth/access.js';
import { paged } from '../../platform/http.js';
import { langOf } from '../../platform/i18n.js';
import type { NotificationsService } from './service.js';

const TEXTS = 'Title and body are in the language of Accept-Language (en or es).';

/**
 * Two views of the same rows: `/notifications` is one gym's (X-Gym-ID), `/users/me/notifications` all of the
 * person's, from every gym and from personal modules (`gym_id` null).
 */
export const notificationsRoutes =
  (svc: NotificationsService): FastifyPluginAsyncZod =>
  async (app) => {
    const kinds = `Kinds: ${svc.kinds().join(', ')}.`;
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
