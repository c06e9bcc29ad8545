import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Booking,
  BookingCreateBody,
  BookingCreated,
  BookingPatchBody,
  Category,
  CategoryCreateBody,
  CategoryPatchBody,
  ClassCreateBody,
  ClassPagination,
  ClassPatchBody,
  ClassQuery,
  GymClass,
  IdParams,
  MyBookingsQuery,
  Pagination,
  Problem,
  Session,
  SessionPatchBody,
  SessionQuery,
} from '@pulso/contracts';
import { actorOf, ALL_ROLES, gymOf, INSTRUCTORS, MANAGERS, STAFF } from '../../platform/auth/access.js';
import { created, paged, sendJsonPage } from '../../platform/http.js';
import { responseSerializer } from '../../platform/serializer.js';
import type { ScheduleService } from './service.js';

const tags = ['schedule'];

export const scheduleRoutes =
  (svc: ScheduleService): FastifyPluginAsyncZod =>
  async (app) => {
    const ClassList = z.array(GymClass);
    // The list route's own serializer, so the cached page is byte for byte what the route would have sent.
    const serializeClasses = responseSerializer<GymClass[]>(ClassList, 'GET', '/schedule/classes');

    // ---- categories
    app.get(
      '/schedule/categories',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: 'Class categories',
          querystring: Pagination,
          response: { 200: z.array(Category) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.categories(gymOf(req).id, req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );
    app.post(
      '/schedule/categories',
      {
        config: { access: { gym: MANAGERS } },
        schema: {
          tags,
          summary: 'Add a class category',
          body: CategoryCreateBody,
          response: { 201: Category, 409: Problem },
        },
      },
      async (req, reply) => {
        const c = await svc.createCategory(actorOf(req), req.body);
        return created(reply, `/api/v1/schedule/categories/${c.id}`, c);
      },
    );
    app.get(
      '/schedule/categories/:id',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: 'One class category',
          params: IdParams,
          response: { 200: Category },
        },
      },
      async (req) => svc.category(gymOf(req).id, req.params.id),
    );
    app.patch(
      '/schedule/categories/:id',
      {
        config: { access: { gym: MANAGERS } },
        schema: {
          tags,
          summary: 'Change a class category',
          params: IdParams,
          body: CategoryPatchBody,
          response: { 200: Category, 409: Problem },
        },
      },
      async (req) => svc.updateCategory(actorOf(req), req.params.id, req.body),
    );
    app.delete(
      '/schedule/categories/:id',
      {
        config: { access: { gym: MANAGERS } },
        schema: {
          tags,
          summary: 'Delete a class category (its classes keep going, without a category)',
          params: IdParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await svc.deleteCategory(actorOf(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    // ---- classes
    app.get(
      '/schedule/classes',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: "The gym's classes (recurring templates) with category and instructor",
          description:
            "Cached per gym; any change is visible on the next read. start_time is in the gym's time zone. Pages of 100 by default (the gym seed's `limit=100`), at most 100; `custom_category` is the gym seed's name for `category`.",
          querystring: ClassPagination.extend(ClassQuery.shape),
          response: { 200: ClassList },
        },
      },
      async (req, reply) => {
        const page = await svc.classesJson(gymOf(req).id, req.query, req.query, serializeClasses);
        return sendJsonPage(req, reply, page, req.query);
      },
    );
    app.post(
      '/schedule/classes',
      {
        config: { access: { gym: INSTRUCTORS } },
        schema: {
          tags,
          summary: 'Add a recurring class',
          body: ClassCreateBody,
          response: { 201: GymClass },
        },
      },
      async (req, reply) => {
        const c = await svc.createClass(actorOf(req), req.body);
        return created(reply, `/api/v1/schedule/classes/${c.id}`, c);
      },
    );
    app.get(
      '/schedule/classes/:id',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: { tags, summary: 'One class', params: IdParams, response: { 200: GymClass } },
      },
      async (req) => svc.getClass(gymOf(req).id, req.params.id),
    );
    app.patch(
      '/schedule/classes/:id',
      {
        config: { access: { gym: INSTRUCTORS } },
        schema: {
          tags,
          summary: 'Change a class',
          description:
            'Future sessions not changed individually follow the template; a date it no longer covers is removed, or cancelled (and its people told) if anyone holds a place. People booked on a session that moves or changes instructor or room are told (session_changed). A capacity below the places taken in a future session is a 409 (urn:pulso:problem:capacity-below-bookings) unless "demote": "latest" moves the last to get a place to the head of the waitlist (they are told, moved_to_waitlist).',
          params: IdParams,
          body: ClassPatchBody,
          response: { 200: GymClass, 409: Problem },
        },
      },
      async (req) => svc.updateClass(actorOf(req), req.params.id, req.body),
    );
    app.delete(
      '/schedule/classes/:id',
      {
        config: { access: { gym: MANAGERS } },
        schema: {
          tags,
          summary: 'Delete a class and its sessions (people booked in future sessions are told)',
          params: IdParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await svc.deleteClass(actorOf(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    // ---- sessions
    app.get(
      '/schedule/sessions',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: 'Dated sessions in [from, to] (dates in the gym’s time zone, at most 62 days)',
          querystring: SessionQuery,
          response: { 200: z.array(Session) },
        },
      },
      async (req) => svc.sessions(gymOf(req).id, req.query),
    );
    app.get(
      '/schedule/sessions/:id',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: { tags, summary: 'One session', params: IdParams, response: { 200: Session } },
      },
      async (req) => svc.session(gymOf(req).id, req.params.id),
    );
    app.patch(
      '/schedule/sessions/:id',
      {
        config: { access: { gym: STAFF } },
        schema: {
          tags,
          summary: 'Change one date: cancel or reopen, time, duration, capacity, instructor, room',
          description:
            'Cancelling tells the people booked or waitlisted (409 once the session has started); a new time, instructor or room tells them too (session_changed); raising the capacity promotes the waitlist. A capacity below the places taken is a 409 (urn:pulso:problem:capacity-below-bookings) unless "demote" names the bookings to move to the head of the waitlist (as many as the places lost) or is "latest" (the last to get a place); they are told (moved_to_waitlist).',
          params: IdParams,
          body: SessionPatchBody,
          response: { 200: Session, 409: Problem },
        },
      },
      async (req) => svc.updateSession(actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/schedule/sessions/:id/bookings',
      {
        config: { access: { gym: STAFF } },
        schema: {
          tags,
          summary: "A session's bookings: places first, then the waitlist in order",
          params: IdParams,
          querystring: Pagination,
          response: { 200: z.array(Booking) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.roster(gymOf(req).id, req.params.id, req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );

    // ---- bookings
    app.post(
      '/schedule/sessions/:id/bookings',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: 'Book a place (or join the waitlist when full)',
          description:
            'A member books for themself; staff may book any member with {"user_id"}. 409 when already booked, started or cancelled.',
          params: IdParams,
          body: BookingCreateBody,
          response: { 201: BookingCreated, 409: Problem },
        },
      },
      async (req, reply) => {
        const b = await svc.book(actorOf(req), req.params.id, req.body?.user_id);
        return created(reply, `/api/v1/schedule/bookings/${b.id}`, b);
      },
    );
    app.get(
      '/schedule/bookings/:id',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: 'One booking (members their own, staff anyone’s)',
          description: 'The Location of a new booking.',
          params: IdParams,
          response: { 200: Booking },
        },
      },
      async (req) => svc.booking(actorOf(req), req.params.id),
    );
    app.delete(
      '/schedule/bookings/:id',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: 'Cancel a booking (one’s own, or anyone’s for staff); the first of the waitlist moves up',
          description:
            "Members: booked places only up to the gym's cancellation_cutoff_min before the start (409).",
          params: IdParams,
          response: { 204: z.null(), 409: Problem },
        },
      },
      async (req, reply) => {
        await svc.cancelBooking(actorOf(req), req.params.id);
        return reply.code(204).send(null);
      },
    );
    app.patch(
      '/schedule/bookings/:id',
      {
        config: { access: { gym: STAFF } },
        schema: {
          tags,
          summary: 'Record attendance: attended, no_show (or back to booked)',
          description: "Attendance is recorded from the session's start (409 before).",
          params: IdParams,
          body: BookingPatchBody,
          response: { 200: Booking, 409: Problem },
        },
      },
      async (req) => svc.markBooking(actorOf(req), req.params.id, req.body.status),
    );
    app.get(
      '/users/me/bookings',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: 'My class bookings in the gym of X-Gym-ID (upcoming soonest first, or past latest first)',
          querystring: Pagination.extend(MyBookingsQuery.shape),
          response: { 200: z.array(Booking) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.myBookings(actorOf(req), req.query.when, req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );
  };
