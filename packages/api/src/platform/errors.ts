import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { Problem } from '@pulso/contracts';
import { isMsg, type Msg } from './catalogue.js';
import { langOf } from './i18n.js';
import { platformMessages as pm, type Lang } from './messages.js';
import {
  problemType,
  reasonOf,
  registerReasons,
  type AnyReason,
  type Reason,
  type ReasonTexts,
} from './problems.js';

export { reason } from './problems.js';

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

/** The English titles (the status line of a socket answer, the OpenAPI document); answers use `titleOf`. */
export const TITLES = Object.fromEntries(
  Object.keys(STATUS).map((code) => [code, titleOf(code as ErrorCode, 'en')]),
) as Record<ErrorCode, string>;

export function titleOf(code: ErrorCode, lang: Lang): string {
  return pm.t(lang, `title.${code}`);
}

/** A text of an error: English as is (a detail nobody has translated yet), or a catalogue message. */
export type ErrorText = string | Msg;
export const textIn = (t: ErrorText, lang: Lang) => (typeof t === 'string' ? t : t.render(lang));

export interface FieldError {
  field: string;
  message: string;
}
/** A field error as raised: its message is rendered in the request's language when answered. */
export interface FieldErrorIn {
  field: string;
  message: ErrorText;
}

export class AppError extends Error {
  /** The detail in English (logs, CLI, services called directly); answers render `text` in the request's language. */
  readonly detail: string;
  readonly text: ErrorText;
  constructor(
    readonly code: ErrorCode,
    detail: ErrorText,
    readonly extra: {
      errors?: FieldErrorIn[];
      retryAfter?: number;
      headers?: Record<string, string>;
      /** A domain reason (platform/problems.ts): its own type, and title and detail in the request's language. */
      reason?: { id: string; params: unknown };
    } = {},
  ) {
    const en = textIn(detail, 'en');
    super(en);
    this.detail = en;
    this.text = detail;
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

type ParamsOfReason<R> = R extends Reason<infer P> ? P : never;

/**
 * Defines a module's refusal reasons (platform/problems.ts) and returns its typed `refuse(id, params)`: an
 * AppError whose English detail is the error's message (logs, CLI); an HTTP answer renders the reason again in
 * the request's language.
 */
export function defineReasons<const T extends Record<string, AnyReason>>(catalogue: ReasonTexts, reasons: T) {
  registerReasons(catalogue, reasons);
  const refuse = <R extends keyof T & string>(
    id: R,
    ...[params, errors]: Record<never, never> extends ParamsOfReason<T[R]>
      ? [params?: ParamsOfReason<T[R]>, errors?: FieldErrorIn[]]
      : [params: ParamsOfReason<T[R]>, errors?: FieldErrorIn[]]
  ): AppError => {
    const r = reasonOf(id)!;
    const p = params ?? {};
    return new AppError(GENERIC_OF_STATUS[r.status], r.render(p, 'en').detail, {
      reason: { id, params: p },
      ...(errors ? { errors } : {}),
    });
  };
  return { refuse };
}

/** A 404 whose detail is a module's "… not found" message (its noun needs its own gender in Spanish). */
export const notFound = (detail: ErrorText) => new AppError('not_found', detail);
export const forbidden = (detail: ErrorText) => new AppError('forbidden', detail);
export const unauthorized = (detail: ErrorText) => new AppError('unauthorized', detail);
export const invalid = (field: string, message: ErrorText) =>
  new AppError(
    'validation',
    isMsg(message)
      ? { id: message.id, render: (lang) => `${field}: ${message.render(lang)}` }
      : `${field}: ${message}`,
    { errors: [{ field, message }] },
  );

const fieldErrorsIn = (errors: FieldErrorIn[] | undefined, lang: Lang): FieldError[] | undefined =>
  errors?.map((e) => ({ field: e.field, message: textIn(e.message, lang) }));

export function problem(
  code: ErrorCode,
  detail: ErrorText,
  errors?: FieldErrorIn[],
  lang: Lang = 'en',
): Problem {
  const list = fieldErrorsIn(errors, lang);
  return {
    type: problemType(code),
    code,
    title: titleOf(code, lang),
    status: STATUS[code],
    detail: textIn(detail, lang),
    ...(list ? { errors: list } : {}),
  };
}

function sendBody(reply: FastifyReply, p: Problem) {
  return reply.code(p.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(p));
}

/** Answers a problem in the request's language (asking it marks the reply with Content-Language and Vary). */
export function sendProblem(
  reply: FastifyReply,
  code: ErrorCode,
  detail: ErrorText,
  errors?: FieldErrorIn[],
) {
  return sendBody(reply, problem(code, detail, errors, langOf(reply.request)));
}

function sendReason(request: FastifyRequest, reply: FastifyReply, err: AppError) {
  const { id, params } = err.extra.reason!;
  // Asking the language marks the answer with Content-Language and Vary (platform/i18n.ts).
  const lang = langOf(request);
  const r = reasonOf(id)!;
  const { title, detail } = r.render(params, lang);
  const errors = fieldErrorsIn(err.extra.errors, lang);
  return sendBody(reply, {
    type: problemType(id),
    code: id,
    title,
    status: r.status,
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
  // A write reaching a standby that is not promoted yet (a failover in progress, the pool still on the old
  // address): the next connection finds the new primary.
  '25006', // read_only_sql_transaction
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

/** `safeError` without the stack: for warnings about errors that are expected now and then (no trace needed). */
export function errorSummary(err: unknown): { type: string; code?: string; message: string } {
  const { type, code, message } = safeError(err);
  return { type, ...(code ? { code } : {}), message };
}

export function isDatabaseUnavailable(err: unknown): boolean {
  const c = rootCause(err) as { code?: string; errors?: unknown[] } | undefined;
  if (!c || typeof c !== 'object') return false;
  if (c.code && (UNAVAILABLE_CODES.has(c.code) || c.code.startsWith('08'))) return true;
  // AggregateError from net when every address refused the connection.
  return Array.isArray(c.errors) && c.errors.some((x) => isDatabaseUnavailable(x));
}

/**
 * The client hung up while its body was being read. Node fails the request stream with "aborted" and the code
 * ECONNRESET, which a dropped database connection has too: without this check a client's hang-up was logged as
 * "database unavailable" (a false alarm for whoever watches the warnings) and counted as a 503. The error
 * comes from the socket itself, never wrapped, so a database error (`cause` set by drizzle, message
 * "read ECONNRESET") is not taken for it.
 */
export function isClientAbort(err: unknown, request: FastifyRequest): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  return (
    e?.code === 'ECONNRESET' && e.message === 'aborted' && e.cause === undefined && request.raw.destroyed
  );
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
const DATA_ERRORS = new Set([
  '22001',
  '22003',
  '22007',
  '22008',
  '22021',
  '22P02',
  '22P05',
  '23514',
] as const);
type DataError = typeof DATA_ERRORS extends Set<infer C> ? C : never;

export function dataErrorProblem(
  err: unknown,
  lang: Lang = 'en',
): { detail: string; errors?: FieldError[] } | undefined {
  const code = pgCode(err);
  if (!code || !(code.startsWith('22') || code === '23514')) return undefined;
  const root = rootCause(err) as { column?: unknown; column_name?: unknown };
  const message = pm.t(lang, DATA_ERRORS.has(code as DataError) ? `data.${code as DataError}` : 'data.other');
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
const MULTIPART_CODES: Record<string, [ErrorCode, Msg]> = {
  FST_INVALID_MULTIPART_CONTENT_TYPE: ['unsupported_media_type', pm.msg('multipart.form_expected')],
  FST_PARTS_LIMIT: ['payload_too_large', pm.msg('multipart.parts_limit')],
  FST_FILES_LIMIT: ['payload_too_large', pm.msg('multipart.files_limit')],
  FST_FIELDS_LIMIT: ['payload_too_large', pm.msg('multipart.fields_limit')],
  FST_REQ_FILE_TOO_LARGE: ['payload_too_large', pm.msg('multipart.file_too_large')],
  FST_PROTO_VIOLATION: ['bad_request', pm.msg('multipart.bad_field_name')],
  FST_INVALID_JSON_FIELD_ERROR: ['bad_request', pm.msg('multipart.bad_json_field')],
  FST_MP_PREMATURE_CLOSE: ['bad_request', pm.msg('multipart.premature_close')],
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
  params: Record<string, unknown> & { keys?: string[] };
}

/** One `{field, message}` per invalid field; an unknown key is named itself. */
function fieldErrors(issues: ValidationIssue[], where: string): FieldErrorIn[] {
  return issues.flatMap((v) =>
    v.keyword === 'unrecognized_keys' && v.params.keys?.length
      ? v.params.keys.map((k) => ({
          field: fieldPath(`${v.instancePath}/${k}`, where),
          message: pm.msg('zod.unknown_field'),
        }))
      : [{ field: fieldPath(v.instancePath, where), message: issueMessage(v) }],
  );
}

/**
 * A Zod issue in the request's language. `z.config(z.locales.es())` is global to the process, so the issue is
 * translated here, when the answer is written, from its code and parameters (Zod 4's `$ZodIssue` shapes). A
 * contract's own refinement names its message in `params.msg` (a `contract.*` id, its values beside it); one
 * that names none keeps the contract's English text.
 */
function issueMessage(v: ValidationIssue): ErrorText {
  const p = v.params;
  const str = (x: unknown) => String(x);
  switch (v.keyword) {
    case 'invalid_type':
      // Zod 4 no longer has a "required" code: a missing value is an invalid_type that received undefined.
      if (/received undefined$/.test(v.message)) return pm.msg('zod.required');
      return pm.msg('zod.invalid_type', { expected: str(p.expected) });
    case 'too_small':
    case 'too_big': {
      const small = v.keyword === 'too_small';
      const bound = small ? p.minimum : p.maximum;
      if (p.origin === 'date') {
        const limit = new Date(bound as number);
        return small ? pm.msg('zod.date_too_early', { limit }) : pm.msg('zod.date_too_late', { limit });
      }
      const args = { origin: str(p.origin), inclusive: p.inclusive === false ? 'no' : 'yes' };
      const n = Number(bound);
      return small
        ? pm.msg('zod.too_small', { ...args, minimum: n })
        : pm.msg('zod.too_big', { ...args, maximum: n });
    }
    case 'invalid_format':
      return pm.msg('zod.invalid_format', { format: str(p.format) });
    case 'not_multiple_of':
      return pm.msg('zod.not_multiple_of', { divisor: Number(p.divisor) });
    case 'invalid_value':
      return pm.msg('zod.invalid_value', {
        values: Array.isArray(p.values) ? p.values.map((x) => JSON.stringify(x)).join(', ') : '',
      });
    case 'invalid_union':
      return pm.msg('zod.invalid_union');
    case 'invalid_key':
      return pm.msg('zod.invalid_key');
    case 'invalid_element':
      return pm.msg('zod.invalid_element');
    case 'custom': {
      const own = p.params as ({ msg?: unknown } & Record<string, unknown>) | undefined;
      const id = `contract.${String(own?.msg)}`;
      if (own?.msg && id in pm.texts.en) {
        const { msg: _, ...args } = own;
        return { id, render: (lang) => (pm.t as (l: Lang, id: string, a: object) => string)(lang, id, args) };
      }
      return v.message;
    }
  }
  return pm.msg('zod.invalid');
}

/**
 * A `preParsing` hook: no route decompresses a request body, so a compressed one (`Content-Encoding: gzip`)
 * was read as its raw bytes and refused as "not valid JSON". RFC 9110 §15.5.16 and §12.5.3 ask for a 415 with
 * `Accept-Encoding` naming the codings accepted: only the body as it is (`identity`).
 */
export async function refuseContentCoding(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  const coding = request.headers['content-encoding'];
  const hasBody =
    request.headers['transfer-encoding'] !== undefined ||
    (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0');
  if (hasBody && coding !== undefined && coding.trim().toLowerCase() !== 'identity') {
    void reply.header('accept-encoding', 'identity');
    throw new AppError('unsupported_media_type', pm.msg('error.content_coding'));
  }
  return payload;
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      if (err.extra.retryAfter !== undefined) void reply.header('retry-after', String(err.extra.retryAfter));
      for (const [k, v] of Object.entries(err.extra.headers ?? {})) void reply.header(k, v);
      if (err.extra.reason) return sendReason(request, reply, err);
      return sendProblem(reply, err.code, err.text, err.extra.errors);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const issues: unknown[] = err.validation;
      const errors = fieldErrors(issues as ValidationIssue[], where);
      const detail: Msg = {
        id: 'platform.validation',
        render: (lang) => errors.map((e) => `${e.field}: ${textIn(e.message, lang)}`).join('; '),
      };
      return sendProblem(reply, 'validation', detail, errors);
    }
    if (isResponseSerializationError(err)) {
      request.log.error(
        { err: { message: err.message, issues: err.cause.issues } },
        'response failed its schema',
      );
      return sendProblem(reply, 'internal', pm.msg('error.response_invalid'));
    }
    if (isClientAbort(err, request)) {
      request.log.info('client closed the connection while sending its request body');
      return sendProblem(reply, 'bad_request', pm.msg('error.malformed'));
    }
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err: errorSummary(err) }, 'database unavailable');
      void reply.header('retry-after', '5');
      return sendProblem(reply, 'unavailable', pm.msg('error.database_unavailable'));
    }
    const data = dataErrorProblem(err, langOf(request));
    if (data) {
      // Worth a look: a contract let through a value its column refuses. Only the SQLSTATE is logged, since
      // PostgreSQL's message may quote the value.
      request.log.warn({ err: { code: pgCode(err) } }, 'database refused a value');
      return sendProblem(reply, 'validation', data.detail, data.errors);
    }
    const multipart = err.code ? MULTIPART_CODES[err.code] : undefined;
    if (multipart) return sendProblem(reply, multipart[0], multipart[1]);
    if (isMultipartParseError(err, request)) {
      return sendProblem(reply, 'bad_request', pm.msg('error.multipart_malformed'));
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(reply, 'unsupported_media_type', pm.msg('error.json_expected'));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(reply, 'payload_too_large', pm.msg('error.body_too_large'));
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendProblem(reply, 'bad_request', pm.msg('error.json_invalid'));
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendProblem(reply, 'bad_request', pm.msg('error.content_length'));
    }
    if (err instanceof SyntaxError || err.statusCode === 400) {
      return sendProblem(reply, 'bad_request', pm.msg('error.malformed'));
    }
    if (err.statusCode === 429) {
      return sendProblem(reply, 'rate_limited', pm.msg('error.rate_limited'));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const code = (Object.entries(STATUS).find(([, s]) => s === err.statusCode)?.[0] ??
        'bad_request') as ErrorCode;
      return sendProblem(reply, code, err.message);
    }
    request.log.error({ err: safeError(err) }, 'unhandled error');
    return sendProblem(reply, 'internal', pm.msg('error.unexpected'));
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      'not_found',
      pm.msg('error.no_route', { method: request.method, path: request.url.split('?')[0] ?? '' }),
    ),
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
  const [code, detail]: [ErrorCode, Msg] =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? ['uri_too_long', pm.msg('error.param_too_long')]
      : err.code === 'FST_ERR_BAD_URL'
        ? ['bad_request', pm.msg('error.bad_url')]
        : ['bad_request', pm.msg('error.malformed')];
  void sendProblem(reply, code, detail);
}

/**
 * Fastify's `clientErrorHandler`: the HTTP parser refused the request (malformed request line or headers,
 * headers too large, or a request that was too slow), so there is no request object; the answer is written to
 * the socket by hand, as Node's own handler does, but as a problem.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // No request was parsed, so no Accept-Language either: English.
  const [code, detail]: [ErrorCode, Msg] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? ['request_timeout', pm.msg('error.request_timeout')]
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? ['header_fields_too_large', pm.msg('error.headers_too_large')]
        : ['bad_request', pm.msg('error.not_http')];
  if (socket.writable) {
    const body = JSON.stringify(problem(code, detail));
    socket.write(
      `HTTP/1.1 ${STATUS[code]} ${TITLES[code]}\r\nConnection: close\r\n` +
        `Content-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
