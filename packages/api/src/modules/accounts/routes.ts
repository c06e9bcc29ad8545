import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Accepted,
  AuthProviders,
  LoginBody,
  Me,
  OidcCallbackBody,
  PasswordResetBody,
  PasswordResetConfirmBody,
  PatchMeBody,
  Problem,
  RegisterBody,
  SessionModeHeaders,
  SessionRefreshBody,
  RefreshedPair,
  TokenPair,
  UserCard,
  UserIdParams,
  VerifyEmailBody,
} from '@pulso/contracts';
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { REFRESH_TTL_SECONDS } from '../../platform/auth/tokens.js';
import { errorSummary, invalid, notFound } from '../../platform/errors.js';
import { accountsMessages as m } from './messages.js';
import { refuse } from './reasons.js';
import { principalOf } from '../../platform/auth/access.js';
import { sessionOfVerified } from '../../platform/auth/tokens.js';
import { langOf } from '../../platform/i18n.js';
import type { OidcLogin } from './oidc-login.js';
import type { AccountsService } from './service.js';

const lang = (req: FastifyRequest) => langOf(req);
/** The caller's session, from the bearer token the access rule verified. */
const sessionOf = (req: FastifyRequest) =>
  sessionOfVerified(/^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '');

/**
 * The browser mode of a session (ARCHITECTURE.md, "Web app sessions"). The refresh token lives in an httpOnly
 * cookie the page's scripts cannot read, sent only to the auth routes (Path) and never on a request another
 * site starts (SameSite=Strict). `Secure` is set when the request came over HTTPS; over plain HTTP a browser
 * would drop a Secure cookie (except on http://localhost, which browsers treat as secure), so a server tried
 * out on http://<ip> still works, as the API's other plain-HTTP concessions do.
 */
export const SESSION_COOKIE = 'pulso_refresh';
const COOKIE_PATH = '/api/v1/auth';

const cookieMode = (req: FastifyRequest) => req.headers['x-pulso-session'] === 'cookie';

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string) {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https',
    maxAge: REFRESH_TTL_SECONDS,
  });
}

function clearSessionCookie(req: FastifyRequest, reply: FastifyReply) {
  void reply.clearCookie(SESSION_COOKIE, {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https',
  });
}

/**
 * CSRF defence for the routes a cookie authenticates (refresh and sign-out; every other route takes the access
 * token as a bearer header, which a browser never adds by itself). Besides SameSite=Strict, the request must come
 * from the app's own origin: Fetch Metadata (`Sec-Fetch-Site: same-origin`) where the browser sends it, else an
 * `Origin` equal to this server's. A request with neither is not a browser's, so it carries no ambient cookie.
 */
function sameOrigin(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin';
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return true;
  return origin === `${req.protocol}://${req.host}`;
}

/** The refresh token of a refresh or sign-out: the body's, else the session cookie's (same-origin only). */
function refreshTokenOf(req: FastifyRequest, body: SessionRefreshBody | undefined): string | undefined {
  if (body?.refresh_token) return body.refresh_token;
  const fromCookie = req.cookies[SESSION_COOKIE];
  if (!fromCookie) return undefined;
  if (!sameOrigin(req)) throw refuse('cross_site', {});
  return fromCookie;
}

/** In the browser mode the refresh token goes into the cookie and out of the body. */
function answerPair(req: FastifyRequest, reply: FastifyReply, pair: TokenPair): TokenPair {
  if (!cookieMode(req) || !pair.refresh_token) return pair;
  setSessionCookie(req, reply, pair.refresh_token);
  const { refresh_token: _dropped, ...rest } = pair;
  return rest;
}

export const accountsRoutes =
  (
    svc: AccountsService,
    limits: { authMax: number; windowSeconds: number },
    oidc?: { issuer: string; login: OidcLogin },
  ): FastifyPluginAsyncZod =>
  async (app) => {
    // Cookies are parsed only in this plugin's routes; no other route reads one.
    await app.register(cookie);
    // Credential routes get a tighter per-IP limit than the default: each one costs an argon2 hash.
    const credentialLimit = { max: limits.authMax, timeWindow: limits.windowSeconds * 1000 };
    app.post(
      '/auth/register',
      {
        config: { access: 'public', rateLimit: credentialLimit },
        schema: {
          tags: ['auth'],
          summary: 'Create an account',
          description:
            'The password must not be common, breached, guessable from the e-mail or a repeated pattern (422 on `password` says why). A link to confirm the e-mail is mailed.',
          body: RegisterBody,
          headers: SessionModeHeaders,
          response: { 201: TokenPair, 409: Problem },
        },
      },
      async (req, reply) =>
        reply.code(201).send(answerPair(req, reply, await svc.register(req.body, req.ip, lang(req)))),
    );

    app.post(
      '/auth/login',
      {
        config: { access: 'public', rateLimit: credentialLimit },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with e-mail and password',
          description:
            'At most 5 failed attempts a minute per e-mail and client IP; then 429 with Retry-After.',
          body: LoginBody,
          headers: SessionModeHeaders,
          response: { 200: TokenPair, 401: Problem },
        },
      },
      async (req, reply) => answerPair(req, reply, await svc.login(req.body, req.ip)),
    );

    app.get(
      '/auth/providers',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary:
            'How one can sign in here besides e-mail and password (the OpenID Connect provider, if any)',
          response: { 200: AuthProviders, 503: Problem },
        },
      },
      async () => ({ oidc: oidc ? await oidc.login.providers() : null }),
    );

    app.post(
      '/auth/oidc/callback',
      {
        config: { access: 'public', rateLimit: credentialLimit },
        schema: {
          tags: ['auth'],
          summary:
            "Finish the web app's sign-in with the OpenID Connect provider: an authorization code for a session",
          description:
            'The code (with its PKCE verifier and redirect URI) is exchanged at the provider; its access token is verified as a bearer token of that provider would be, and the person gets a session as after a password sign-in (created on first sight). Only when the server has OIDC_ISSUER and OIDC_CLIENT_ID.',
          body: OidcCallbackBody,
          headers: SessionModeHeaders,
          response: { 200: TokenPair, 401: Problem, 404: Problem, 503: Problem },
        },
      },
      async (req, reply) => {
        if (!oidc) throw notFound(m.msg('oidc_off'));
        const claims = await oidc.login.exchange(
          req.body.code,
          req.body.code_verifier,
          req.body.redirect_uri,
        );
        return answerPair(req, reply, await svc.signInExternal(oidc.issuer, claims, req.ip));
      },
    );

    app.post(
      '/auth/refresh',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'Exchange a refresh token for a new pair',
          description:
            'The presented token stops working. Presenting an already used token revokes its whole family. The browser app sends no body: its token is in the session cookie, accepted only from the app’s own origin (403 `cross_site` otherwise).',
          body: SessionRefreshBody.optional(),
          headers: SessionModeHeaders,
          response: { 200: RefreshedPair, 401: Problem, 403: Problem },
        },
      },
      async (req, reply): Promise<RefreshedPair> => {
        const token = refreshTokenOf(req, req.body);
        if (!token) throw invalid('refresh_token', m.msg('refresh_missing'));
        let pair: TokenPair;
        try {
          pair = answerPair(req, reply, await svc.refresh(token, req.ip));
        } catch (err) {
          // A dead cookie is dropped, so the browser stops presenting it.
          if (!req.body?.refresh_token) clearSessionCookie(req, reply);
          throw err;
        }
        if (!cookieMode(req)) return pair;
        // The token has rotated and the new cookie is set: failing now would lose the session, so a profile that
        // cannot be read is left out (the app then asks GET /users/me itself).
        const me = await svc.meOf(pair.user.id).catch((err: unknown) => {
          req.log.warn({ err: errorSummary(err) }, 'profile for the refresh answer not read');
          return null;
        });
        return me ? { ...pair, me } : pair;
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'Revoke a refresh token and the session it belongs to',
          description:
            'The browser app sends no body: the session cookie’s token is revoked (from the app’s own origin only) and the cookie cleared.',
          body: SessionRefreshBody.optional(),
          response: { 204: z.null(), 403: Problem },
        },
      },
      async (req, reply) => {
        const token = refreshTokenOf(req, req.body);
        if (!token) throw invalid('refresh_token', m.msg('refresh_missing'));
        if (!req.body?.refresh_token) clearSessionCookie(req, reply);
        await svc.logout(token);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/users/me',
      {
        config: { access: 'user' },
        schema: {
          tags: ['users'],
          summary: 'My account, with my gyms and roles',
          response: { 200: Me },
        },
      },
      (req) => svc.me(principalOf(req)),
    );

    app.get(
      '/users/:user_id',
      {
        config: { access: 'user' },
        schema: {
          tags: ['users'],
          summary: 'Another member of one of my gyms: name, profile and roles in the gyms we share',
          description:
            'The gym seed’s `GET /users/{user_id}`, limited to people who share a gym with the caller (no e-mail). Anyone else, and an unknown id, is the same 404 `user_not_found`.',
          params: UserIdParams,
          response: { 200: UserCard, 404: Problem },
        },
      },
      (req) => svc.userCard(principalOf(req), req.params.user_id),
    );

    app.patch(
      '/users/me',
      {
        config: { access: 'user', rateLimit: credentialLimit },
        schema: {
          tags: ['users'],
          summary: 'Change my name, profile, language, e-mail or password',
          description:
            '`profile.avatar_url` must be an https URL (null clears it); members of my gyms see it. `language` (`en`, `es`; null clears it) is the language of the texts answered to me and of the mails sent to me, over Accept-Language. Changing the e-mail or the password needs `current_password` and signs out every other session; a new e-mail is unverified until the link mailed to it is used.',
          body: PatchMeBody,
          response: { 200: Me, 409: Problem },
        },
      },
      async (req) => svc.updateMe(principalOf(req).userId, req.body, req.ip, lang(req), sessionOf(req)),
    );

    app.post(
      '/auth/password-reset',
      {
        config: { access: 'public', rateLimit: credentialLimit },
        schema: {
          tags: ['auth'],
          summary: 'Ask for a password reset link by mail',
          description:
            'Always 202, whether or not the e-mail has an account. The link works once, for 30 minutes.',
          body: PasswordResetBody,
          response: { 202: Accepted },
        },
      },
      async (req, reply) =>
        reply.code(202).send({
          status: 'accepted',
          detail: await svc.requestPasswordReset(req.body.email, req.ip, lang(req)),
        }),
    );

    app.post(
      '/auth/password-reset/confirm',
      {
        config: { access: 'public', rateLimit: credentialLimit },
        schema: {
          tags: ['auth'],
          summary: 'Set a new password with the token of a reset mail',
          description:
            'Every session of the account is signed out. 422 on `token` if it is unknown, used or expired.',
          body: PasswordResetConfirmBody,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await svc.confirmPasswordReset(req.body.token, req.body.password, req.ip, lang(req));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/auth/verify-email',
      {
        config: { access: 'public', rateLimit: credentialLimit },
        schema: {
          tags: ['auth'],
          summary: 'Confirm my e-mail with the token of the verification mail',
          body: VerifyEmailBody,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await svc.verifyEmail(req.body.token, req.ip);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/users/me/verify-email',
      {
        config: { access: 'user', rateLimit: credentialLimit },
        schema: {
          tags: ['users'],
          summary: 'Mail me a new verification link',
          description: 'Nothing is sent when the e-mail is already verified.',
          response: { 202: Accepted, 401: Problem, 429: Problem },
        },
      },
      async (req, reply) => {
        await svc.resendVerification(principalOf(req).userId, lang(req));
        return reply.code(202).send({ status: 'accepted', detail: 'Verification mail requested' });
      },
    );

    app.delete(
      '/users/me',
      {
        config: { access: 'user' },
        schema: {
          tags: ['users'],
          summary: 'Erase my account and personal data',
          description:
            'Refused (409) while I am the last owner of a gym that has other members; gyms where I am the only member are deleted with me.',
          response: { 204: z.null(), 409: Problem },
        },
      },
      async (req, reply) => {
        await svc.deleteMe(principalOf(req).userId, req.ip);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/users/me/export',
      {
        config: {
          access: 'user',
          // Per session, not per IP: an export is costly for one account, and a gym's members often share one
          // IP. The limiter runs before the token is checked, so it keys on a hash of the presented header.
          rateLimit: {
            max: 10,
            timeWindow: 60_000,
            keyGenerator: (req) =>
              `export:${createHash('sha256')
                .update(req.headers.authorization ?? req.ip)
                .digest('base64url')}`,
          },
        },
        schema: {
          tags: ['users'],
          summary: 'Everything Pulso keeps about me, as JSON',
          response: { 200: z.record(z.string(), z.unknown()) },
        },
      },
      async (req, reply) => {
        const data = await svc.exportMe(principalOf(req).userId, req.ip);
        return reply.header('content-disposition', 'attachment; filename="pulso-export.json"').send(data);
      },
    );
  };
