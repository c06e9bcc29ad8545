import swagger from '@fastify/swagger';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { Problem } from '@pulso/contracts';
import type { Access } from './auth/access.js';
import { STATUS as STATUS_OF, TITLES, type ErrorCode } from './errors.js';
import { problemTypes, reasonIds } from './problems.js';

type JsonSchema = Record<string, unknown>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The request body as documented, for a route whose body Fastify does not validate against `schema.body`
     * (a multipart upload read part by part): media type → JSON Schema.
     */
    documentedBody?: Record<string, JsonSchema>;
  }
}

/** Methods whose request body Fastify reads (and so may refuse: 400, 413, 415), whatever the route declares. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

const PROBLEM_MEDIA_TYPE = 'application/problem+json';

const SUCCESS_TEXT: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '204': 'No content',
};

interface RouteFacts {
  method: string;
  access: Access | undefined;
  rateLimited: boolean;
  hasBody: boolean;
  validates: boolean;
  hasParams: boolean;
}

/**
 * The error statuses the platform itself can answer on a route, from what the route declares: its access rule
 * (platform/auth/access.ts: X-Gym-ID → 400, token → 401, unknown gym → 404, role → 403), its method (Fastify
 * reads the body of these: malformed JSON → 400, too large → 413, a media type with no parser → 415), its
 * schemas (validation → 422; a path names a resource that may not exist → 404, or is badly encoded → 400),
 * the global rate limit (429), and what any route may meet (an unexpected failure → 500; the database
 * unreachable → 503). What a handler adds (409, a 404 of its own…) the route declares itself.
 */
export function platformErrors(r: RouteFacts): ErrorCode[] {
  const codes = new Set<ErrorCode>(['internal', 'unavailable']);
  if (r.access !== undefined && r.access !== 'public') codes.add('unauthorized');
  if (typeof r.access === 'object') {
    codes.add('bad_request');
    codes.add('forbidden');
    codes.add('not_found');
  }
  if (r.hasBody) {
    codes.add('bad_request');
    codes.add('payload_too_large');
    codes.add('unsupported_media_type');
  }
  if (r.validates) codes.add('validation');
  if (r.hasParams) {
    codes.add('not_found');
    // A path parameter that is not valid percent-encoding (platform/errors.ts, frameworkErrors).
    codes.add('bad_request');
  }
  if (r.rateLimited) codes.add('rate_limited');
  return [...codes];
}

/** Response headers the platform sends with an error status. */
const ERROR_HEADERS: Partial<Record<number, Record<string, JsonSchema>>> = {
  401: {
    'www-authenticate': {
      type: 'string',
      description: 'Bearer (RFC 6750) when a token is missing or invalid',
    },
  },
  429: { 'retry-after': { type: 'integer', description: 'Seconds until a request may succeed again' } },
  503: { 'retry-after': { type: 'integer', description: 'Seconds to wait before retrying' } },
};

/** The headers of a list page (platform/http.ts, `paged`): a route whose query takes `skip` and `limit`. */
const PAGE_HEADERS: Record<string, JsonSchema> = {
  'x-total-count': { type: 'integer', description: 'How many items match, over all pages' },
  link: { type: 'string', description: 'The next and previous pages (RFC 8288), when there are any' },
};

function isPaged(query: unknown): boolean {
  const props = (query as { properties?: Record<string, unknown> } | undefined)?.properties;
  return Boolean(props?.skip && props.limit);
}

/**
 * A stable operationId from the method and the path: `GET /api/v1/schedule/sessions/:id/bookings` →
 * `getScheduleSessionsByIdBookings`. Clients generated from the document name their functions after it.
 */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v\d+/, '')
    .split('/')
    .filter(Boolean)
    .flatMap((seg) =>
      seg.startsWith(':') ? ['by', ...seg.slice(1).split(/[^A-Za-z0-9]+/)] : seg.split(/[^A-Za-z0-9]+/),
    )
    .filter(Boolean);
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  return method.toLowerCase() + words.map(cap).join('');
}

function factsOf(route: RouteOptions): RouteFacts {
  const schema = (route.schema ?? {}) as Record<string, unknown>;
  const method = String(route.method);
  return {
    method,
    access: route.config?.access,
    rateLimited: (route.config as { rateLimit?: unknown } | undefined)?.rateLimit !== false,
    hasBody: BODY_METHODS.has(method),
    validates: Boolean(schema.body || schema.querystring || schema.params),
    hasParams: Boolean(schema.params) || route.url.includes(':'),
  };
}

interface TransformInput {
  schema: Record<string, unknown>;
  url: string;
  route: RouteOptions;
  openapiObject: Record<string, unknown>;
}

/**
 * The document's view of a route: fastify-type-provider-zod turns the Zod schemas into JSON Schema, then every
 * error response becomes `application/problem+json` (what `platform/errors.ts` sends) and the statuses the
 * platform can answer are added, so a new route is documented completely by declaring its access rule and
 * schemas, and only its handler's own errors.
 */
function transform(input: TransformInput) {
  const out = jsonSchemaTransform(input) as {
    schema: Record<string, unknown>;
    url: string;
  };
  const schema = out.schema;
  if (schema.hide) return out;
  const { route } = input;
  const declared = (route.schema as { response?: Record<string, unknown> } | undefined)?.response ?? {};
  const converted = { ...(schema.response as Record<string, JsonSchema> | undefined) };
  const problemSchema = { $ref: '#/components/schemas/Problem' };

  const paged = isPaged(schema.querystring);
  const response: Record<string, JsonSchema> = {};
  for (const [status, json] of Object.entries(converted)) {
    if (declared[status] === Problem) response[status] = problemResponse(Number(status), problemSchema);
    else {
      const r = { ...json };
      if (r.description === undefined && SUCCESS_TEXT[status])
        r['x-response-description'] = SUCCESS_TEXT[status];
      if (paged && status === '200') r.headers = PAGE_HEADERS;
      response[status] = r;
    }
  }
  for (const code of platformErrors(factsOf(route))) {
    const status = STATUS_OF[code];
    response[String(status)] ??= problemResponse(status, problemSchema);
  }
  schema.response = Object.fromEntries(Object.entries(response).sort(([a], [b]) => a.localeCompare(b)));

  const documented = route.config?.documentedBody;
  if (documented && !schema.body)
    schema.body = {
      content: Object.fromEntries(Object.entries(documented).map(([type, s]) => [type, { schema: s }])),
    };
  return out;
}

/**
 * The Problem schema once, as the document's component every error response refers to. `code` lists every
 * value the server sends (generic codes and domain reasons), so a generated client gets a union to switch on;
 * the list only grows, and a client meeting a code it does not know falls back on the status.
 */
function problemComponent(): JsonSchema {
  const input = { schema: { response: { default: Problem } }, url: '/', openapiObject: { openapi: '3.1.0' } };
  const out = jsonSchemaTransform(input as never) as { schema: { response: { default: JsonSchema } } };
  const schema = out.schema.response.default as { properties: Record<string, JsonSchema> };
  schema.properties.code = {
    ...schema.properties.code,
    enum: [...Object.keys(STATUS_OF), ...reasonIds()],
  };
  // Each domain reason's type, code, status, titles and a sample detail in English and Spanish.
  return { ...schema, 'x-problem-types': problemTypes() };
}

function problemResponse(status: number, schema: JsonSchema): JsonSchema {
  const code = (Object.keys(STATUS_OF) as ErrorCode[]).find((c) => STATUS_OF[c] === status);
  return {
    description: code ? TITLES[code] : 'Error',
    ...(ERROR_HEADERS[status] ? { headers: ERROR_HEADERS[status] } : {}),
    content: { [PROBLEM_MEDIA_TYPE]: { schema } },
  };
}

/**
 * Registers the document (@fastify/swagger) and gives each documented route an operationId, derived unless the
 * route sets one; two routes with one id refuse to start, as a route without an access rule does.
 */
export async function registerOpenApi(app: FastifyInstance, info: { version: string }) {
  const ids = new Map<string, string>();
  app.addHook('onRoute', (route) => {
    // Fastify's automatic HEAD twins are left out of the document (as @fastify/swagger does).
    if (route.method === 'HEAD' || route.schema?.hide) return;
    for (const method of [route.method].flat()) {
      route.schema ??= {};
      const schema = route.schema as { operationId?: string };
      schema.operationId ??= operationIdOf(String(method), route.url);
      const other = ids.get(schema.operationId);
      if (other !== undefined)
        throw new Error(`operationId ${schema.operationId} of ${method} ${route.url} is also ${other}'s`);
      ids.set(schema.operationId, `${method} ${route.url}`);
    }
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Pulso API',
        version: info.version,
        description:
          'Multi-tenant sports & health platform. Gym-scoped routes take the X-Gym-ID header. Errors are RFC 9457 application/problem+json.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        schemas: { Problem: problemComponent() },
      },
    },
    transform: transform as never,
  });
}
