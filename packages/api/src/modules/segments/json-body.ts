import type { FastifyInstance } from 'fastify';

/**
 * The segments routes' JSON parser: standard JSON, except that the bare tokens `NaN`, `Infinity` and
 * `-Infinity` outside strings are read as the strings "NaN", "Infinity", "-Infinity". Python's `json.dumps`
 * writes them by default (allow_nan=True; RecWay's clients are Python), and JSON (RFC 8259 §6) has no such
 * numbers: instead of a bare 400 "not valid JSON", the number schema then refuses them with a 422 that names
 * the coordinate. Anything else that is not JSON is still a 400. Registered inside the module's plugin, so no
 * other route is affected.
 */
export function tolerantJson(app: FastifyInstance) {
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text === '') return done(jsonError('FST_ERR_CTP_EMPTY_JSON_BODY', 'Body cannot be empty'), undefined);
    try {
      done(null, parse(text));
    } catch {
      try {
        done(null, parse(quoteNonFinite(text)));
      } catch {
        done(jsonError('FST_ERR_CTP_INVALID_JSON_BODY', 'Body is not valid JSON'), undefined);
      }
    }
  });
}

/**
 * The error Fastify's own parser would raise. Its message is never shown: the error handler answers these codes
 * with the platform's `error.json_invalid` in the request's language (platform/errors.ts), as for every route.
 */
function jsonError(code: string, message: string) {
  return Object.assign(new Error(message), { code, statusCode: 400 });
}

// Fastify's default parser refuses `__proto__` keys (prototype poisoning); so does this one.
const parse = (text: string): unknown =>
  JSON.parse(text, (key, value: unknown) => {
    if (key === '__proto__') throw new SyntaxError('__proto__ is not allowed');
    return value;
  });

const NON_FINITE = ['-Infinity', 'Infinity', 'NaN'];

export function quoteNonFinite(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    const token = NON_FINITE.find((t) => text.startsWith(t, i));
    if (token) {
      out += `"${token}"`;
      i += token.length - 1;
    } else out += c;
  }
  return out;
}
