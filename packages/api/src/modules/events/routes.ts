import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Event,
  EventCreateBody,
  EventPatchBody,
  EventQuery,
  IdParams,
  MyRegistration,
  MyRegistrationsQuery,
  Pagination,
  Problem,
  Registration,
  RegistrationCreateBody,
  RegistrationResult,
} from '@pulso/contracts';
import { actorOf, ALL_ROLES, gymOf, INSTRUCTORS, MANAGERS, STAFF } from '../../platform/auth/access.js';
import { created, paged, sendJsonPage } from '../../platform/http.js';
import { responseSerializer } from '../../platform/serializer.js';
import type { EventsService } from './service.js';

/** Who creates and edits events: staff who run them (trainers included); deleting is for managers. */
const EDITORS = INSTRUCTORS;

export const eventsRoutes =
  (svc: EventsService): FastifyPluginAsyncZod =>
  async (app) => {
    const EventList = z.array(Event);
    const serializeList = responseSerializer<Event[]>(EventList, 'GET', '/events');

    app.get(
      '/events',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags: ['events'],
          summary: "The gym's events (upcoming by default)",
          description:
            'Cached per gym; every change to an event or its registrations shows on the next read.',
          querystring: Pagination.extend(EventQuery.shape),
          response: { 200: EventList },
        },
      },
      async (req, reply) => {
        const page = await svc.listJson(gymOf(req).id, req.query.when, req.query, serializeList);
        return sendJsonPage(req, reply, page, req.query);
      },
    );

    app.post(
      '/events',
      {
        config: { access: { gym: EDITORS } },
        schema: {
          tags: ['events'],
          summary: 'Create an event',
          body: EventCreateBody,
          response: { 201: Event },
        },
      },
      async (req, reply) => {
        const e = await svc.create(actorOf(req), req.body);
        return created(reply, `/api/v1/events/${e.id}`, e);
      },
    );

    app.get(
      '/events/:id',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags: ['events'],
          summary: 'One event',
          params: IdParams,
          response: { 200: Event },
        },
      },
      async (req) => svc.get(gymOf(req).id, req.params.id),
    );

    app.patch(
      '/events/:id',
      {
        config: { access: { gym: EDITORS } },
        schema: {
          tags: ['events'],
          summary: 'Change or cancel an event',
          description:
            'A new time or place, or a cancellation, notifies everyone registered (event_changed). A higher capacity moves the waitlist up.',
          params: IdParams,
          body: EventPatchBody,
          response: { 200: Event },
        },
      },
      async (req) => svc.update(actorOf(req), req.params.id, req.body),
    );

    app.delete(
      '/events/:id',
      {
        config: { access: { gym: MANAGERS } },
        schema: {
          tags: ['events'],
          summary: 'Delete an event and its registrations (registered people are notified)',
          params: IdParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await svc.remove(actorOf(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/events/:id/registrations',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags: ['events'],
          summary: 'Register for an event (a place, or the waitlist when it is full)',
          description: 'Members register themselves; staff may register a member with `user_id`.',
          params: IdParams,
          body: RegistrationCreateBody,
          response: { 201: RegistrationResult, 409: Problem },
        },
      },
      async (req, reply) => {
        const r = await svc.register(actorOf(req), req.params.id, req.body?.user_id);
        return created(reply, `/api/v1/events/registrations/${r.id}`, r);
      },
    );

    app.get(
      '/events/registrations/:id',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags: ['events'],
          summary: 'One registration (members their own, staff anyone’s)',
          description: 'The Location of a new registration.',
          params: IdParams,
          response: { 200: Registration },
        },
      },
      async (req) => svc.registration(actorOf(req), req.params.id),
    );

    app.delete(
      '/events/registrations/:id',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags: ['events'],
          summary: 'Cancel a registration (members their own, staff anyone’s)',
          description: 'A freed place goes to the first of the waitlist, who is notified.',
          params: IdParams,
          response: { 204: z.null(), 409: Problem },
        },
      },
      async (req, reply) => {
        await svc.unregister(actorOf(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/events/:id/registrations',
      {
        config: { access: { gym: STAFF } },
        schema: {
          tags: ['events'],
          summary: "An event's registrations: places first, then the waitlist in order",
          params: IdParams,
          querystring: Pagination,
          response: { 200: z.array(Registration) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.registrations(gymOf(req).id, req.params.id, req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.get(
      '/users/me/registrations',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags: ['events'],
          summary:
            'My event registrations in the gym of X-Gym-ID (upcoming soonest first, or past latest first)',
          description: 'Cancelled registrations are listed too (status `cancelled`), so a page can say so.',
          querystring: Pagination.extend(MyRegistrationsQuery.shape),
          response: { 200: z.array(MyRegistration) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.myRegistrations(actorOf(req), req.query.when, req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );
  };
