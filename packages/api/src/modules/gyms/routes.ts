import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AuditLog,
  AuditQuery,
  GymCreateBody,
  GymPatchBody,
  GymWithRole,
  IdParams,
  Invitation,
  InvitationQuery,
  Member,
  MemberAddResult,
  MemberCreateBody,
  MemberParams,
  MemberPatchBody,
  MemberQuery,
  MyInvitation,
  Pagination,
  Problem,
} from '@pulso/contracts';
import { langOf } from '../../platform/i18n.js';
import { actorOf, ALL_ROLES, gymOf, MANAGERS, principalOf, STAFF } from '../../platform/auth/access.js';
import { created, paged } from '../../platform/http.js';
import type { GymsService } from './service.js';

export const gymsRoutes =
  (svc: GymsService, limits: { authMax: number; windowSeconds: number }): FastifyPluginAsyncZod =>
  async (app) => {
    // Each invitation mails an address the caller chooses: the tighter limit of the credential routes.
    const mailLimit = { max: limits.authMax, timeWindow: limits.windowSeconds * 1000 };
    app.post(
      '/gyms',
      {
        config: { access: 'user' },
        schema: {
          tags: ['gyms'],
          summary: 'Create a gym; I become its owner',
          body: GymCreateBody,
          response: { 201: GymWithRole },
        },
      },
      async (req, reply) => {
        const gym = await svc.create(principalOf(req).userId, req.body, req.ip);
        return created(reply, `/api/v1/gyms/${gym.id}`, gym);
      },
    );

    app.get(
      '/gyms',
      {
        config: { access: 'user' },
        schema: {
          tags: ['gyms'],
          summary: 'The gyms I belong to, with my role in each',
          querystring: Pagination,
          response: { 200: z.array(GymWithRole) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.mine(principalOf(req).userId, req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.get(
      '/gyms/current',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags: ['gyms'],
          summary: 'The gym named by X-Gym-ID',
          response: { 200: GymWithRole },
        },
      },
      async (req) => svc.current(gymOf(req).id, gymOf(req).role),
    );

    app.patch(
      '/gyms/current',
      {
        config: { access: { gym: MANAGERS } },
        schema: {
          tags: ['gyms'],
          summary: 'Change the gym named by X-Gym-ID',
          body: GymPatchBody,
          response: { 200: GymWithRole },
        },
      },
      async (req) => svc.update(actorOf(req), req.body),
    );

    app.get(
      '/gyms/:id',
      {
        config: { access: 'user' },
        schema: {
          tags: ['gyms'],
          summary: 'One of my gyms by id',
          params: IdParams,
          response: { 200: GymWithRole, 403: Problem },
        },
      },
      async (req) => svc.byId(principalOf(req), req.params.id),
    );

    app.get(
      '/members',
      {
        config: { access: { gym: STAFF } },
        schema: {
          tags: ['members'],
          summary: "The gym's members (filter by role, search by name or e-mail with q)",
          querystring: Pagination.extend(MemberQuery.shape),
          response: { 200: z.array(Member) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.members(
          gymOf(req).id,
          { role: req.query.role, q: req.query.q },
          req.query,
        );
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.post(
      '/members',
      {
        config: { access: { gym: MANAGERS }, rateLimit: mailLimit },
        schema: {
          tags: ['members'],
          summary: 'Invite someone to the gym by e-mail, or register a walk-in',
          description:
            'Sends an invitation the person accepts (202, `status: "invited"`), with the same answer whether or not the e-mail has an account. With `create_account: true` and `name`, creates the account and adds it at once (201, `status: "active"`); the person sets a password from a mailed link. If that e-mail already has an account, an invitation is sent instead.',
          body: MemberCreateBody,
          response: { 201: MemberAddResult, 202: MemberAddResult, 409: Problem },
        },
      },
      async (req, reply) => {
        const r = await svc.addMember(actorOf(req), req.body, langOf(req));
        if (r.member) return created(reply, `/api/v1/members/${r.member.user_id}`, r);
        return reply.code(202).send(r);
      },
    );

    app.get(
      '/invitations',
      {
        config: { access: { gym: STAFF } },
        schema: {
          tags: ['members'],
          summary: "The gym's invitations, newest first",
          description: 'A pending invitation past its expiry reads as `expired`.',
          querystring: Pagination.extend(InvitationQuery.shape),
          response: { 200: z.array(Invitation) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.invitations(gymOf(req).id, req.query.status, req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.delete(
      '/invitations/:id',
      {
        config: { access: { gym: MANAGERS } },
        schema: {
          tags: ['members'],
          summary: 'Withdraw a pending invitation',
          params: IdParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await svc.revokeInvitation(actorOf(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/users/me/invitations',
      {
        config: { access: 'user' },
        schema: {
          tags: ['users'],
          summary: 'Invitations to join a gym sent to my e-mail',
          description:
            'Shown once my e-mail is confirmed (403 before): anyone can register with any address.',
          querystring: Pagination,
          response: { 200: z.array(MyInvitation), 403: Problem },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.myInvitations(principalOf(req), req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.post(
      '/users/me/invitations/:id/accept',
      {
        config: { access: 'user' },
        schema: {
          tags: ['users'],
          summary: 'Accept an invitation: I join the gym',
          description: '409 if it has expired. Someone already in the gym keeps their role.',
          params: IdParams,
          response: { 200: GymWithRole, 403: Problem, 409: Problem },
        },
      },
      async (req) => (await svc.respondToInvitation(principalOf(req), req.params.id, 'accepted', req.ip))!,
    );

    app.post(
      '/users/me/invitations/:id/decline',
      {
        config: { access: 'user' },
        schema: {
          tags: ['users'],
          summary: 'Decline an invitation',
          params: IdParams,
          response: { 204: z.null(), 403: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        await svc.respondToInvitation(principalOf(req), req.params.id, 'declined', req.ip);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/members/:user_id',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags: ['members'],
          summary: 'One membership (members may read only their own)',
          params: MemberParams,
          response: { 200: Member },
        },
      },
      async (req) => svc.member(actorOf(req), req.params.user_id),
    );

    app.patch(
      '/members/:user_id',
      {
        config: { access: { gym: MANAGERS } },
        schema: {
          tags: ['members'],
          summary: "Change a member's role",
          description: 'Only owners change owners; the last owner cannot be demoted (409).',
          params: MemberParams,
          body: MemberPatchBody,
          response: { 200: Member, 409: Problem },
        },
      },
      async (req) => svc.changeRole(actorOf(req), req.params.user_id, req.body.role),
    );

    app.delete(
      '/members/:user_id',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags: ['members'],
          summary: 'Remove a member (owner/admin), or leave the gym (anyone, for themselves)',
          params: MemberParams,
          response: { 204: z.null(), 409: Problem },
        },
      },
      async (req, reply) => {
        await svc.removeMember(actorOf(req), req.params.user_id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/audit-logs',
      {
        config: { access: { gym: MANAGERS } },
        schema: {
          tags: ['audit'],
          summary: "The gym's audit trail, newest first",
          querystring: Pagination.extend(AuditQuery.shape),
          response: { 200: z.array(AuditLog) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.auditLogs(gymOf(req).id, req.query, req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );
  };
