import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { Problem } from '@pulso/contracts';
import { langOf } from './i18n.js';
import { problemType, REASONS, renderReason, type ParamsOf, type ReasonId } from './problems.js';

/** One code per kind of failure; the HTTP status comes from this table only. */
export const STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  validation: 422,
  rate_limited: 429,
  header_fields_too_large: 431,
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
  request_timeout: 'Request timeout',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  uri_too_long: 'URI too long',
  unsupported_media_type: 'Unsupported media type',
  validation: 'Validation failed',
  rate_limited: 'Too many requests',
  header_fields_too_large: 'Request header fields too large',
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
    readonly extra: {
      errors?: FieldError[];
      retryAfter?: number;
      headers?: Record<string, string>;
      /** A domain reason (platform/problems.ts): its own type, and title and detail in the request's language. */
      reason?: { id: ReasonId; params: unknown };
    } = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }
  get status(): number {
    return STATUS[this.code];
  }
}

const GENERIC_OF_STATUS = {
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'validation',
} as const;

/**
 * A refusal for a reason of the domain (platform/problems.ts). The English detail is the error's message (logs,
 * CLI); an HTTP answer renders the reason again in the request's language.
 */
export function refuse<R extends ReasonId>(
  id: R,
  ...[params, errors]: Record<never, never> extends ParamsOf<R>
    ? [params?: ParamsOf<R>, errors?: FieldError[]]
    : [params: ParamsOf<R>, errors?: FieldError[]]
): AppError {
  const p = (params ?? {}) as ParamsOf<R>;
  return new AppError(GENERIC_OF_STATUS[REASONS[id].status], renderReason(id, p, 'en').detail, {
    reason: { id, params: p },
    ...(errors ? { errors } : {}),
  });
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (detail: string) => new AppError('forbidden', detail);
export const unauthorized = (detail: string) => new AppError('unauthorized', detail);
export const invalid = (field: string, message: string) =>
  new AppError('validation', `${field}: ${message}`, { errors: [{ field, message }] });

export function problem(code: ErrorCode, detail: string, errors?: FieldError[]): Problem {
  return {
    type: problemType(code),
    code,
    title: TITLES[code],
    status: STATUS[code],
    detail,
    ...(errors ? { errors } : {}),
  };
}

function sendBody(reply: FastifyReply, p: Problem) {
  return reply.code(p.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(p));
}

export function sendProblem(reply: FastifyReply, code: ErrorCode, detail: string, errors?: FieldError[]) {
  return sendBody(reply, problem(code, detail, errors));
}

function sendReason(request: FastifyRequest, reply: FastifyReply, err: AppError) {
  const { id, params } = err.extra.reason!;
  // Asking the language marks the answer with Content-Language and Vary (platform/i18n.ts).
  const { title, detail } = renderReason(id, params as never, langOf(request));
  const errors = err.extra.errors;
  return sendBody(reply, {
    type: problemType(id),
    code: id,
    title,
    status: REASONS[id].status,
    detail,
    ...(errors ? { errors } : {}),
  });
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

/**
 * PostgreSQL refused a value (SQLSTATE class 22, data exception, or 23514, check violation: PostgreSQL
 * documentation, Appendix A). The contracts should refuse such input first; this keeps whatever slips through
 * a 422 rather than a 500. The driver's message may quote the value (personal data), so it is not echoed.
 */
const DATA_ERRORS: Record<string, string> = {
  '22001': 'A text is longer than the field can store',
  '22003': 'A number is outside the range the field can store',
  '22007': 'A date or time is not valid',
  '22008': 'A date or time is outside the range that can be stored',
  '22021': 'A text contains a character that cannot be stored (NUL or invalid Unicode)',
  '22P02': 'A value does not have the form the field needs',
  '22P05': 'A text contains a character that cannot be stored (NUL or invalid Unicode)',
  '23514': 'The values break a rule of the data',
};

export function dataErrorProblem(err: unknown): { detail: string; errors?: FieldError[] } | undefined {
  const code = pgCode(err);
  if (!code || !(code.startsWith('22') || code === '23514')) return undefined;
  const root = rootCause(err) as { column?: unknown; column_name?: unknown };
  const message = DATA_ERRORS[code] ?? 'A value cannot be stored';
  // PGlite names the column `column`, postgres.js `column_name`; PostgreSQL sends it only for some errors.
  const column = typeof root.column === 'string' ? root.column : root.column_name;
  if (typeof column === 'string' && column)
    return { detail: `${column}: ${message}`, errors: [{ field: column, message }] };
  return { detail: message };
}

/**
 * Errors of the multipart parser (busboy, under @fastify/multipart) for a missing or unusable boundary and a
 * body that ends before its closing boundary. They carry no code or status, only these messages.
 */
const MULTIPART_PARSE_ERRORS = [
  /^Multipart: Boundary not found$/,
  /^Boundary required$/,
  /^The needle cannot (be an empty String\/Buffer|have a length bigger than 256)\.$/,
  /^Unexpected end of multipart data$/,
  /terminated early due to unexpected end of multipart data$/,
];

function isMultipartParseError(err: FastifyError, request: FastifyRequest): boolean {
  if (!/^multipart\//i.test(request.headers['content-type'] ?? '')) return false;
  return !err.code && MULTIPART_PARSE_ERRORS.some((re) => re.test(err.message));
}

/** What @fastify/multipart's own errors mean to the client. */
const MULTIPART_CODES: Record<string, [ErrorCode, string]> = {
  FST_INVALID_MULTIPART_CONTENT_TYPE: ['unsupported_media_type', 'Send the body as multipart/form-data'],
  FST_PARTS_LIMIT: ['payload_too_large', 'The form has more parts than the server accepts'],
  FST_FILES_LIMIT: ['payload_too_large', 'The form has more files than the server accepts'],
  FST_FIELDS_LIMIT: ['payload_too_large', 'The form has more fields than the server accepts'],
  FST_REQ_FILE_TOO_LARGE: ['payload_too_large', 'The file is larger than the server accepts'],
  FST_PROTO_VIOLATION: ['bad_request', 'A form field has a name that is not allowed'],
  FST_INVALID_JSON_FIELD_ERROR: ['bad_request', 'A form field declared as JSON is not valid JSON'],
  FST_MP_PREMATURE_CLOSE: ['bad_request', 'The request ended before the multipart body was complete'],
};

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

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      if (err.extra.retryAfter !== undefined) void reply.header('retry-after', String(err.extra.retryAfter));
      for (const [k, v] of Object.entries(err.extra.headers ?? {})) void reply.header(k, v);
      if (err.extra.reason) return sendReason(request, reply, err);
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
    const data = dataErrorProblem(err);
    if (data) {
      // Worth a look: a contract let through a value its column refuses. Only the SQLSTATE is logged, since
      // PostgreSQL's message may quote the value.
      request.log.warn({ err: { code: pgCode(err) } }, 'database refused a value');
      return sendProblem(reply, 'validation', data.detail, data.errors);
    }
    const multipart = err.code ? MULTIPART_CODES[err.code] : undefined;
    if (multipart) return sendProblem(reply, multipart[0], multipart[1]);
    if (isMultipartParseError(err, request)) {
      return sendProblem(
        reply,
        'bad_request',
        'The multipart body is malformed: check the boundary in Content-Type and that the body ends with it',
      );
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

/**
 * Fastify's `frameworkErrors`: errors raised while routing, before any hook or handler runs — a path
 * parameter longer than `maxParamLength` (414) and a URL whose percent-encoding does not decode (400).
 */
export function frameworkErrorHandler(
  err: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const [code, detail]: [ErrorCode, string] =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? ['uri_too_long', 'A path segment of the URL is longer than the server accepts']
      : err.code === 'FST_ERR_BAD_URL'
        ? ['bad_request', 'The URL is malformed (invalid percent-encoding)']
        : ['bad_request', 'The request is malformed'];
  void sendProblem(reply, code, detail);
}

/**
 * Fastify's `clientErrorHandler`: the HTTP parser refused the request (malformed request line or headers,
 * headers too large, or a request that was too slow), so there is no request object; the answer is written to
 * the socket by hand, as Node's own handler does, but as a problem.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, detail]: [ErrorCode, string] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? ['request_timeout', 'The request was not received in time']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? ['header_fields_too_large', 'The request line and headers are larger than the server accepts']
        : ['bad_request', 'The request is not valid HTTP'];
  if (socket.writable) {
    const body = JSON.stringify(problem(code, detail));
    socket.write(
      `HTTP/1.1 ${STATUS[code]} ${TITLES[code]}\r\nConnection: close\r\n` +
        `Content-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
