import { platformMessages as pm } from './platform/messages.js';
import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { registerAccess } from './platform/auth/access.js';
import { createIdentity } from './platform/auth/identity.js';
import { createOidcVerifier } from './platform/auth/oidc.js';
import type { Cache } from './platform/cache/index.js';
import type { Database } from './platform/db/index.js';
import { requestTiming, type RequestTiming } from './platform/db/timing.js';
import {
  clientErrorHandler,
  frameworkErrorHandler,
  refuseContentCoding,
  registerErrorHandling,
  sendProblem,
} from './platform/errors.js';
import { serializerCompiler as fastSerializerCompiler } from './platform/serializer.js';
import { registerMetrics } from './platform/metrics.js';
import { registerOpenApi } from './platform/openapi.js';
import { registerRateLimit } from './platform/rate-limit.js';
import { requestLoggerFactory } from './platform/request-logger.js';
import { createSecurityHeaders } from './platform/security-headers.js';
import { healthRoutes } from './modules/health/routes.js';
import { problemTypesRoutes } from './platform/problems-routes.js';
import { buildServices, type Services } from './services.js';
import type { Mailer } from './platform/mail.js';
import { sendLanguageHeaders } from './platform/i18n.js';
import { registerWeb } from './platform/web.js';

export interface AppDeps {
  config: Readonly<Config>;
  database: Database;
  cache: Cache;
  logger: FastifyBaseLogger;
  clock?: () => number;
  /** Default: the transport of `config.mail`; tests pass a capturing one. */
  mailer?: Mailer;
}

declare module 'fastify' {
  interface FastifyRequest {
    timing: RequestTiming | null;
  }
  interface FastifyInstance {
    services: Services;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database, cache } = deps;
  const app = Fastify({
    loggerInstance: deps.logger,
    // Our own onResponse hook writes the one line per request.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: requestLoggerFactory,
    bodyLimit: config.bodyLimit,
    // Limits of a public server (0 turns a timeout off). Node wants the headers' deadline within the request's.
    requestTimeout: config.http.requestTimeoutMs,
    connectionTimeout: config.http.connectionTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    http: {
      maxHeaderSize: config.http.maxHeaderSize,
      headersTimeout: Math.min(60_000, config.http.requestTimeoutMs || 60_000),
    },
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Routing and HTTP-parser errors answer as problems too (Fastify writes plain JSON by default).
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    // Our own 503 while draining (below), so that it is problem+json like every other error.
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(fastSerializerCompiler);
  // JSON only: a text/plain body is a 415, not a string handed to a JSON schema.
  app.removeContentTypeParser('text/plain');

  const logRequests = (deps.logger as unknown as { isLevelEnabled(l: string): boolean }).isLevelEnabled(
    'info',
  );

  app.decorateRequest('timing', null);
  app.decorateRequest('lang', null);
  app.decorateRequest('langSource', null);
  // Set once close() has begun: requests still arriving on kept-alive connections are turned away with a
  // 503 the load balancer can retry elsewhere (Fastify already adds `Connection: close` then).
  let draining = false;
  app.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  const securityHeadersFor = createSecurityHeaders({
    imgOrigins: config.mapTiles ? [config.mapTiles.origin] : [],
  });
  app.addHook('onRequest', (req, reply, done) => {
    void reply.headers(securityHeadersFor(req.url, req.protocol === 'https'));
    void reply.header('x-request-id', req.id);
    if (draining) {
      void reply.header('retry-after', '5');
      return void sendProblem(reply, 'unavailable', pm.msg('error.draining'));
    }
    if (!config.serverTimingDb) return done();
    // Database time per request needs AsyncLocalStorage, which on Node 20 taxes every promise in the process
    // (~15% of a cached read's CPU): on unless NODE_ENV=production, or SERVER_TIMING_DB says otherwise.
    const timing = { dbMs: 0, queries: 0 };
    req.timing = timing;
    requestTiming.run(timing, done);
  });
  app.addHook('onSend', (req, reply, payload, done) => {
    const t = req.timing;
    const app_ms = reply.elapsedTime.toFixed(2);
    void reply.header(
      'server-timing',
      t ? `app;dur=${app_ms}, db;dur=${t.dbMs.toFixed(2)};desc="${t.queries} queries"` : `app;dur=${app_ms}`,
    );
    sendLanguageHeaders(req, reply);
    done(null, payload);
  });
  app.addHook('onResponse', (req, reply, done) => {
    if (!logRequests) return done();
    // One line per request; the route pattern, never the raw URL (it may carry personal data).
    req.log.info(
      {
        method: req.method,
        route: req.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 100) / 100,
        user_id: req.principal?.userId,
      },
      'request',
    );
    done();
  });

  registerErrorHandling(app);
  app.addHook('preParsing', refuseContentCoding);

  // No origins configured: no CORS headers at all, so the hook is not installed.
  if (config.corsOrigins.length)
    await app.register(cors, {
      origin: config.corsOrigins,
      credentials: true,
      exposedHeaders: ['x-total-count', 'link', 'x-request-id', 'server-timing', 'retry-after', 'location'],
    });
  await registerRateLimit(app, config, cache.redis, cache.prefix);

  await registerOpenApi(app, { version: config.version });
  // No `staticCSP`: swagger-ui's own policy always carries `upgrade-insecure-requests` (a blank page over plain
  // HTTP from another machine) and would replace ours in its onSend. Its hash lists are empty and its validator
  // badge is off, so helmet's page policy from platform/security-headers.ts is all the page needs.
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const services = buildServices(deps);
  app.decorate('services', services);
  const metrics = registerMetrics(app, database, cache);
  for (const m of services.modules)
    for (const metric of m.metrics?.(services[m.name]) ?? []) metrics.registry.registerMetric(metric);
  app.addHook('onClose', async () => {
    metrics.stop();
    await services.close();
    services.mailer.close?.();
  });

  const identity = createIdentity(
    services.tokens,
    cache,
    config.oidc
      ? {
          verifier: createOidcVerifier(config.oidc, services.clock),
          users: { resolve: (subject, claims) => services.accounts.resolveExternal(subject, claims) },
          issuer: config.oidc.issuer,
        }
      : undefined,
  );
  registerAccess(app, identity, services.principals);

  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () => app.swagger());
  await app.register(
    healthRoutes({
      database,
      cache,
      metrics,
      version: config.version,
      metricsToken: config.metricsToken,
      startedAt: performance.now(),
      clock: services.clock,
    }),
  );
  // Every module's routes, in the order of MODULES (src/modules/index.ts).
  for (const m of services.modules)
    if (m.routes) await app.register(m.routes(services[m.name], services), { prefix: m.prefix ?? '/api/v1' });
  await app.register(problemTypesRoutes(), { prefix: '/api/v1' });
  app.addHook('onReady', () => {
    for (const m of services.modules) m.start?.(services[m.name]);
    return Promise.resolve();
  });
  // The web app at `/`, last: its catch-all only answers what no route above matched.
  registerWeb(app, config.webDir);

  return app;
}
