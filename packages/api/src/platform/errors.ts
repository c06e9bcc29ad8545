import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { Problem } from '@pulso/contracts';

/** One code per kind of failure; the HTTP status comes from this table only. */
export const STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;
export type ErrorCode = keyof typeof STATUS;

export const TITLES: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  validation: 'Validation failed',
  rate_limited: 'Too many requests',
  internal: 'Internal server error',
  unavailable: 'Service unavailable',
};

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: { errors?: FieldError[]; retryAfter?: number; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const conflict = (detail: string) => new AppError('conflict', detail);
export const forbidden = (detail: string) => new AppError('forbidden', detail);
export const unauthorized = (detail: string) => new AppError('unauthorized', detail);
export const invalid = (field: string, message: string) =>
  new AppError('validation', `${field}: ${message}`, { errors: [{ field, message }] });

export function problem(code: ErrorCode, detail: string, errors?: FieldError[]): Problem {
  return {
    type: `urn:pulso:problem:${code.replaceAll('_', '-')}`,
    title: TITLES[code],
    status: STATUS[code],
    detail,
    ...(errors ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, code: ErrorCode, detail: string, errors?: FieldError[]) {
  return reply
    .code(STATUS[code])
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(problem(code, detail, errors)));
}

/** PostgreSQL and driver errors that mean "the database is not reachable right now". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);

function rootCause(err: unknown): unknown {
  let e = err as { cause?: unknown } | undefined;
  for (let i = 0; i < 5 && e && typeof e === 'object' && e.cause; i++) e = e.cause;
  return e;
}

/**
 * What of an unexpected error may be logged. Drizzle's query errors carry the SQL parameters (e-mails, health
 * data) in their message; the driver's own error underneath names the failure without the values.
 */
export function safeError(err: unknown): { type: string; code?: string; message: string; stack?: string } {
  const root = rootCause(err);
  const e = root instanceof Error ? root : err instanceof Error ? err : new Error(String(err));
  return { type: e.name, code: pgCode(err), message: e.message, stack: e.stack };
}

export function isDatabaseUnavailable(err: unknown): boolean {
  const c = rootCause(err) as { code?: string; errors?: unknown[] } | undefined;
  if (!c || typeof c !== 'object') return false;
  if (c.code && (UNAVAILABLE_CODES.has(c.code) || c.code.startsWith('08'))) return true;
  // AggregateError from net when every address refused the connection.
  return Array.isArray(c.errors) && c.errors.some((x) => isDatabaseUnavailable(x));
}

/** Postgres error code of a failed query (drizzle wraps the driver's error as `cause`). */
export function pgCode(err: unknown): string | undefined {
  const c = rootCause(err) as { code?: unknown } | undefined;
  return typeof c?.code === 'string' ? c.code : undefined;
}

function fieldPath(instancePath: string, context: string): string {
  const p = instancePath.split('/').filter(Boolean).join('.');
  // Fastify calls the query string's validation context "querystring"; clients know it as the query.
  const where = context === 'querystring' ? 'query' : context;
  const prefix = where === 'body' ? '' : `${where}.`;
  return p ? `${prefix}${p}` : where;
}

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message: string;
  params: { keys?: string[] };
}

/** One `{field, message}` per invalid field; an unknown key is named itself. */
function fieldErrors(issues: ValidationIssue[], where: string): FieldError[] {
  return issues.flatMap((v) =>
    v.keyword === 'unrecognized_keys' && v.params.keys?.length
      ? v.params.keys.map((k) => ({
          field: fieldPath(`${v.instancePath}/${k}`, where),
          message: 'Unknown field',
        }))
      : [{ field: fieldPath(v.instancePath, where), message: v.message }],
  );
}

/**
 * Fastify's `frameworkErrors`: failures met while routing, before the error handler exists for the request
 * (a path segment that is not valid percent-encoding), answered as problem+json like every other error.
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  void sendProblem(
    reply,
    'bad_request',
    err.code === 'FST_ERR_BAD_URL' ? 'The URL is not valid percent-encoding' : 'The request is malformed',
  );
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      if (err.extra.retryAfter !== undefined) void reply.header('retry-after', String(err.extra.retryAfter));
      for (const [k, v] of Object.entries(err.extra.headers ?? {})) void reply.header(k, v);
      return sendProblem(reply, err.code, err.detail, err.extra.errors);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const issues: unknown[] = err.validation;
      const errors = fieldErrors(issues as ValidationIssue[], where);
      const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
      return sendProblem(reply, 'validation', detail, errors);
    }
    if (isResponseSerializationError(err)) {
      request.log.error(
        { err: { message: err.message, issues: err.cause.issues } },
        'response failed its schema',
      );
      return sendProblem(reply, 'internal', 'The server could not produce a valid response');
    }
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err: { message: err.message } }, 'database unavailable');
      void reply.header('retry-after', '5');
      return sendProblem(reply, 'unavailable', 'The database is not reachable; try again shortly');
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(reply, 'unsupported_media_type', 'Send the request body as application/json');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(reply, 'payload_too_large', 'The request body is larger than the server accepts');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendProblem(reply, 'bad_request', 'The request body is not valid JSON');
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendProblem(reply, 'bad_request', 'Content-Length does not match the body');
    }
    if (err instanceof SyntaxError || err.statusCode === 400) {
      return sendProblem(reply, 'bad_request', 'The request is malformed');
    }
    if (err.statusCode === 429) {
      return sendProblem(reply, 'rate_limited', 'Too many requests; retry later');
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const code = (Object.entries(STATUS).find(([, s]) => s === err.statusCode)?.[0] ??
        'bad_request') as ErrorCode;
      return sendProblem(reply, code, err.message);
    }
    request.log.error({ err: safeError(err) }, 'unhandled error');
    return sendProblem(reply, 'internal', 'An unexpected error occurred; it has been logged');
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 'not_found', `No route for ${request.method} ${request.url.split('?')[0]}`),
  );
}
