/**
 * Property-based fuzzing of every operation in the generated OpenAPI document (read at test time, so a new
 * module is fuzzed without touching this file). Requests carry mostly-valid values from the operation's own
 * schemas with bad ones mixed in — wrong types, NUL, lone surrogates, extreme and NaN-like numbers, 100k-char
 * strings, impossible and out-of-range dates, arrays for objects, bad ids, bad headers and content types —
 * sent as the owner of a real gym with real rows, so they reach validation and the handlers.
 *
 * The property: no 5xx, no hang, and every 4xx is an RFC 9457 problem+json whose `status` is the HTTP status.
 * Deterministic: the fast-check seed of each operation comes from a constant and the operation's name.
 * `FUZZ_RUNS` (requests per operation) runs more; `FUZZ_SEED` changes the constant.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  call,
  createGym,
  createTestApp,
  registerUser,
  type TestApp,
  type TestUser,
} from '../harness.js';

const RUNS = Number(process.env.FUZZ_RUNS) || 20;
const SEED = Number(process.env.FUZZ_SEED) || 0x5017;
const REQUEST_TIMEOUT_MS = 10_000;

/*
 * Operations whose right answer the general property would flag, each with its reason:
 * - the live stream stays open by design (until `max_seconds`), so the fuzzer asks it to close at once
 *   (`max_seconds=0`); every other parameter is fuzzed as usual;
 * - a device polling the RFC 8628 token endpoint reads OAuth's own error object (RFC 8628 §3.5, RFC 6749 §5.2:
 *   `{error, error_description}` as application/json), not problem+json;
 * - meal-photo analysis answers 503 problem+json `unavailable` when no AI model is configured (issue 13), as
 *   in this test app.
 */
const STREAMS = new Set(['GET /api/v1/notifications/stream']);
const OAUTH_ERRORS = new Set(['POST /api/v1/rehab/devices/token']);
const UNAVAILABLE_WITHOUT_AI = new Set(['POST /api/v1/nutrition/diary/photo']);
/** A fixed "now" inside the ranges the generators favour, so valid dates are near the app's present. */
const NOW = Date.parse('2026-06-10T09:00:00Z');

type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: Record<string, unknown>;
}

const spec = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')) as OpenApi;

/** Follows a local `$ref` (`#/components/…`, JSON Pointer, RFC 6901) of a schema, parameter or body. */
function resolve<T extends object>(node: T): T {
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref !== 'string') return node;
  let target: unknown = spec;
  for (const key of ref.replace(/^#\//, '').split('/'))
    target = (target as Record<string, unknown> | undefined)?.[
      key.replaceAll('~1', '/').replaceAll('~0', '~')
    ];
  if (!target || typeof target !== 'object') throw new Error(`unresolved $ref ${ref}`);
  return resolve(target as T);
}

// ---- bad values ---------------------------------------------------------------------------------------------
const NASTY_CHARS = [
  '\u0000',
  '\ud800',
  '\udfff',
  '\udc00\ud800',
  '\uffff',
  '\u202e',
  '\u0007',
  '💥',
  '\r\n',
];
const nastyChar = fc.constantFrom(...NASTY_CHARS);
const HUGE = ['x'.repeat(100_000), 'é'.repeat(100_000), '\u0000'.repeat(100_000), '1'.repeat(100_000)];
const NASTY_STRINGS = [
  '',
  ' ',
  'null',
  'undefined',
  'NaN',
  '-NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1',
  '0',
  '0x10',
  '1_000',
  '١٢٣',
  'true',
  '[]',
  '{}',
  "'; DROP TABLE users; --",
  '%00',
  '%',
  '../../etc/passwd',
  '__proto__',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
];
const BAD_DATES = [
  '0000-01-01',
  '0001-06-01',
  '0099-06-01',
  '1000-01-01',
  '1899-12-31',
  '2201-01-01',
  '9999-12-31',
  '+275760-09-13',
  '-000001-01-01',
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '20260601',
  '2026-6-1',
  'today',
];
const BAD_DATE_TIMES = [
  '0000-01-01T00:00:00Z',
  '0001-06-01T10:00:00Z',
  '0099-06-01T10:00:00Z',
  '1899-12-31T23:59:59Z',
  '2201-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:59:59-23:59',
  '0000-01-01T00:00:00+23:59',
  '2026-06-01T24:00:00Z',
  '2026-06-01T10:00:00',
  '2026-06-01T10:00:00+25:00',
  '2026-06-01T10:00:00.1234567890123Z',
  '2026-06-01',
  '1970-01-01T00:00:00Z',
];
const BAD_NUMBERS: unknown[] = [
  -1,
  0,
  -0,
  0.5,
  1e308,
  -1e308,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 53),
  Number.MIN_VALUE,
  '1',
  'NaN',
  'Infinity',
  '1e999',
  '',
];
/** Raw JSON number literals that `JSON.stringify` cannot write: they are spliced into the body text. */
const RAW_NUMBERS = ['1e999', '-1e999', '1e-999', '123456789012345678901234567890', '-0.0'];
const RAW = (n: string) => `\u0001RAW:${n}\u0001`;

const badValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.constantFrom(...HUGE),
  fc.constantFrom(...BAD_DATES, ...BAD_DATE_TIMES),
  fc.constantFrom(...BAD_NUMBERS),
  fc.constantFrom(...RAW_NUMBERS).map(RAW),
  fc.constantFrom(null, true, false, [], {}, [[]], [null], { a: 1 }),
  fc.string({ maxLength: 12, unit: 'binary' }),
  fc.double(),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 2 }),
);

// ---- values from a schema -----------------------------------------------------------------------------------
const iso = (ms: number) => new Date(ms).toISOString();
const goodDateMs = fc.integer({ min: NOW - 400 * 86_400_000, max: NOW + 400 * 86_400_000 });
/** Valid but far from now: the ends of the accepted years. */
const EDGE_DATES = ['1900-01-01', '1970-01-01', '2200-12-31'];
const goodDate = fc.oneof(
  { weight: 9, arbitrary: goodDateMs.map((ms) => iso(ms).slice(0, 10)) },
  { weight: 1, arbitrary: fc.constantFrom(...EDGE_DATES) },
);
const goodDateTime = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .tuple(goodDateMs, fc.constantFrom('Z', '+02:00', '-05:30', '.123Z'))
      .map(([ms, suffix]) => iso(ms).slice(0, 19) + suffix),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('1900-01-01T00:00:00Z', '2200-12-31T23:59:59Z', '2200-12-31T23:00:00-05:00'),
  },
);

/** A string that passes a plain length check but carries a character the storage layer may refuse. */
function sneakyString(min: number, max: number): fc.Arbitrary<string> {
  if (max < 1) return fc.constant('');
  return fc
    .tuple(fc.string({ maxLength: 8 }), nastyChar, fc.string({ maxLength: 8 }))
    .map(([a, c, b]) => (a + c + b).slice(0, max).padEnd(Math.max(min, 1), 'a'));
}

/**
 * How a request is made: `storage` keeps every value of the right type and length but favours what only the
 * storage layer or the date maths would trip on (NUL, lone surrogates, dates far from now); `chaos` swaps any
 * node for a bad value of any kind.
 */
interface Mode {
  /** Weight of a bad value of any type against 14 for a well-typed one. */
  chaos: number;
  /** Weights of a plain string, one with a nasty character, and a nasty constant. */
  strings: [number, number, number];
  /** Weight of an out-of-range or impossible date against 4 for a date near now. */
  badDates: number;
}
const STORAGE: Mode = { chaos: 0, strings: [2, 3, 0], badDates: 3 };
const CHAOS: Mode = { chaos: 1, strings: [3, 2, 1], badDates: 1 };

function stringFor(s: Schema, m: Mode): fc.Arbitrary<string> {
  const [plain, sneaky, nasty] = m.strings;
  if (s.format === 'date')
    return fc.oneof(
      { weight: 4, arbitrary: goodDate },
      { weight: m.badDates, arbitrary: fc.constantFrom(...BAD_DATES) },
    );
  if (s.format === 'date-time')
    return fc.oneof(
      { weight: 4, arbitrary: goodDateTime },
      { weight: m.badDates, arbitrary: fc.constantFrom(...BAD_DATE_TIMES) },
    );
  if (s.format === 'email')
    return fc.oneof(
      { weight: 4, arbitrary: fc.uuid().map((u) => `fuzz-${u.slice(0, 13)}@test.pulso.example`) },
      { weight: sneaky, arbitrary: sneakyString(1, 30).map((x) => `${x}@test.pulso.example`) },
    );
  if (s.pattern) {
    const re = new RegExp(s.pattern);
    return fc.oneof(
      { weight: 4, arbitrary: fc.stringMatching(re) },
      { weight: sneaky, arbitrary: sneakyString(1, 12) },
    );
  }
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, 40);
  return fc.oneof(
    { weight: plain, arbitrary: fc.string({ minLength: min, maxLength: Math.max(min, max) }) },
    { weight: sneaky, arbitrary: sneakyString(min, s.maxLength ?? 40) },
    { weight: nasty, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  );
}

function numberFor(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const lo =
    s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 1e-9) : -1e6);
  const hi =
    s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 1e-9) : 1e6);
  const edges = fc.constantFrom(lo, hi);
  const inside = integer
    ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) })
    : fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
  return fc.oneof({ weight: 4, arbitrary: inside }, edges);
}

/** Mostly-valid values for `s`, each node replaced by a bad value now and then. */
function valueFor(schema: Schema, m: Mode, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 14, arbitrary: validish(schema, m, depth) },
    { weight: m.chaos, arbitrary: badValue },
  );
}

function validish(schema: Schema, m: Mode, depth: number): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => validish(a, m, depth)));
  if (s.allOf?.length) return validish(s.allOf[0]!, m, depth);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((t) => validish({ ...s, type: t }, m, depth)));
  switch (types[0]) {
    case 'string':
      return stringFor(s, m);
    case 'integer':
      return numberFor(s, true);
    case 'number':
      return numberFor(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(s.items && depth < 4 ? valueFor(s.items, m, depth + 1) : badValue, {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 5, 5),
      });
    case 'object': {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const keys = Object.keys(props);
      if (!keys.length || depth >= 4)
        return fc.dictionary(fc.string({ maxLength: 6 }), badValue, { maxKeys: 2 });
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const k of keys) record[k] = valueFor(props[k]!, m, depth + 1);
      return fc.record(record, { requiredKeys: keys.filter((k) => required.has(k)) });
    }
    default:
      return badValue;
  }
}

// ---- requests -----------------------------------------------------------------------------------------------
interface Fixtures {
  owner: TestUser;
  gymId: number;
  ids: number[];
}

interface Req {
  path: Record<string, string>;
  query: Record<string, string | string[]>;
  /** 'valid', 'none', or the header's literal value. */
  auth: string;
  /** 'valid', 'none', or the header's literal value. */
  gym: string;
  lang: string | undefined;
  body:
    { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; contentType?: string; text: string };
}

const badId = fc.constantFrom(
  '0',
  '-1',
  '1.5',
  '1e3',
  '0x1f',
  'abc',
  ' 1',
  '2147483648',
  '99999999999999999999',
  'NaN',
  '%00',
  '%E2%82',
  '%F0%9F%92%A5',
  '9'.repeat(300),
);

function pathValue(s: Schema | undefined, ids: number[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ids).map(String) },
    { weight: 2, arbitrary: badId },
    { weight: 1, arbitrary: (s ? valueFor(s, CHAOS) : badValue).map((v) => encode(asText(v))) },
  );
}

/**
 * `encodeURIComponent` throws on a lone surrogate; a client can still send its WTF-8 bytes, so write those.
 */
function encode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(s[i]!);
  }
  return out;
}

function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? '';
}

function queryValue(s: Schema | undefined, m: Mode): fc.Arbitrary<string | string[]> {
  return fc.oneof(
    { weight: 10, arbitrary: (s ? valueFor(s, m) : badValue).map(asText) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom('1', 'a', '\u0000'), { minLength: 2, maxLength: 3 }) },
  );
}

const multipart = (boundary: string, parts: string[]) =>
  parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('') + `--${boundary}--\r\n`;

const rawBodies: fc.Arbitrary<{ kind: 'raw'; contentType?: string; text: string }> = fc.oneof(
  fc.constantFrom(
    { kind: 'raw' as const, contentType: 'application/json', text: '' },
    { kind: 'raw' as const, contentType: 'application/json', text: '{"a":' },
    { kind: 'raw' as const, contentType: 'application/json', text: 'null' },
    { kind: 'raw' as const, contentType: 'application/json', text: '"\\u0000"' },
    { kind: 'raw' as const, contentType: 'application/json', text: '{"__proto__":{"x":1}}' },
    { kind: 'raw' as const, contentType: 'application/json; charset=utf-16', text: '{}' },
    { kind: 'raw' as const, contentType: 'application/json', text: '[' + '['.repeat(5000) },
    { kind: 'raw' as const, contentType: 'text/plain', text: 'hello' },
    { kind: 'raw' as const, contentType: 'application/xml', text: '<a/>' },
    { kind: 'raw' as const, contentType: 'application/x-www-form-urlencoded', text: 'a=1&b=2' },
    { kind: 'raw' as const, contentType: 'multipart/form-data', text: 'no boundary' },
    { kind: 'raw' as const, contentType: 'multipart/form-data; boundary=', text: '--\r\n' },
    {
      kind: 'raw' as const,
      contentType: 'multipart/form-data; boundary=abc',
      text: '--xyz\r\nnothing\r\n--xyz--',
    },
    {
      kind: 'raw' as const,
      contentType: 'multipart/form-data; boundary=abc',
      text: '--abc\r\nContent-Disposition: form-data; name="file"; filename="a.gpx"\r\n\r\n<gpx',
    },
    { kind: 'raw' as const, contentType: 'image/png', text: '\u0089PNG' },
    { kind: 'raw' as const, contentType: '', text: '{}' },
    { kind: 'raw' as const, contentType: undefined, text: '{}' },
    { kind: 'raw' as const, contentType: ';;;', text: '{}' },
  ),
  // A well-formed multipart upload with fuzzed file contents and fields.
  fc
    .tuple(
      fc.constantFrom('file', 'other', ''),
      fc.constantFrom('a.gpx', 'a.tcx', 'a.fit', 'a\u0000.gpx', '', '../x.gpx'),
      fc.oneof(
        fc.constantFrom(
          '<?xml version="1.0"?><gpx><trk><trkseg><trkpt lat="0" lon="0"><time>0000-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>',
          '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><gpx>&a;</gpx>',
          '<gpx><trk><trkseg><trkpt lat="91" lon="500"><time>9999-12-31T23:59:59Z</time></trkpt></trkseg></trk></gpx>',
          '\u0000\u0000\u0000\u0000',
          '',
        ),
        fc.string({ maxLength: 64, unit: 'binary' }),
      ),
      fc.dictionary(fc.constantFrom('sport', 'rpe', 'notes', 'x'), badValue.map(asText), { maxKeys: 3 }),
    )
    .map(([field, filename, content, fields]) => ({
      kind: 'raw' as const,
      contentType: 'multipart/form-data; boundary=fuzzfuzz',
      text: multipart('fuzzfuzz', [
        ...Object.entries(fields).map(([k, v]) => `Content-Disposition: form-data; name="${k}"\r\n\r\n${v}`),
        `Content-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}`,
      ]),
    })),
);

function requestFor(op: Operation, ids: number[]): fc.Arbitrary<Req> {
  return fc.oneof(
    { weight: 3, arbitrary: requestIn(op, ids, STORAGE) },
    { weight: 2, arbitrary: requestIn(op, ids, CHAOS) },
  );
}

function requestIn(op: Operation, ids: number[], m: Mode): fc.Arbitrary<Req> {
  const params = (op.parameters ?? []).map((p) => resolve(p));
  const path: Record<string, fc.Arbitrary<string>> = {};
  const query: Record<string, fc.Arbitrary<string | string[]>> = {};
  for (const p of params) {
    if (p.in === 'path') path[p.name] = pathValue(p.schema, ids);
    if (p.in === 'query') query[p.name] = queryValue(p.schema, m);
  }
  query['unknown_param'] = fc.constantFrom('1', '\u0000');
  const required = params.filter((p) => p.in === 'query' && p.required).map((p) => p.name);
  const requestBody = op.requestBody && resolve(op.requestBody);
  const content = Object.entries(requestBody?.content ?? {});
  const jsonSchema = content.find(([type]) => /\bjson\b/.test(type))?.[1].schema;
  const body: fc.Arbitrary<Req['body']> = fc.oneof(
    {
      weight: 12,
      arbitrary: jsonSchema
        ? valueFor(jsonSchema, m).map((value) => ({ kind: 'json' as const, value }))
        : fc.constant({ kind: 'none' as const }),
    },
    { weight: 1, arbitrary: badValue.map((value) => ({ kind: 'json' as const, value })) },
    { weight: 2, arbitrary: rawBodies },
  );
  return fc.record({
    path: fc.record(path),
    query: fc.record(query, { requiredKeys: required }),
    auth: fc.oneof(
      { weight: 20, arbitrary: fc.constant('valid') },
      fc.constantFrom(
        'none',
        'Bearer',
        'Bearer ',
        'Bearer garbage',
        'Bearer a.b.c',
        'Basic dXNlcjpwYXNz',
        'bearer   ',
        'Bearer ' + 'x'.repeat(10_000),
        'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
      ),
    ),
    gym: fc.oneof(
      { weight: 20, arbitrary: fc.constant('valid') },
      fc.constantFrom(
        'none',
        '',
        '0',
        '-1',
        '1.5',
        'abc',
        '1e3',
        '2147483648',
        '9'.repeat(400),
        ' 1',
        '1,2',
        '999999',
      ),
    ),
    lang: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(undefined, 'es', 'en', 'es-ES,es;q=0.9,en;q=0.8') },
      fc.constantFrom('', '*', 'zz', 'es;q=abc', ';;;,,,', 'es,'.repeat(3000), 'en-US;q=1e999', 'ÿÿÿ'),
    ),
    body,
  });
}

function urlFor(template: string, values: Record<string, string>, query: Req['query']): string {
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? '1');
  const qs = Object.entries(query)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encode(k)}=${encode(x)}`))
    .join('&');
  return qs ? `${path}?${qs}` : path;
}

function serialiseJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.replace(/"\\u0001RAW:([^"\\]*)\\u0001"/g, '$1');
}

function describeReq(method: string, url: string, r: Req): string {
  const cut = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}…(${s.length} chars)` : s);
  const body =
    r.body.kind === 'json'
      ? cut(serialiseJson(r.body.value))
      : r.body.kind === 'raw'
        ? `[${r.body.contentType}] ${cut(JSON.stringify(r.body.text))}`
        : '';
  return `${method} ${cut(url)} auth=${cut(r.auth)} gym=${cut(r.gym)} lang=${cut(String(r.lang))} body=${body}`;
}

function seedOf(name: string): number {
  // FNV-1a, so each operation has its own stable stream and adding one does not shift the others.
  let h = 0x811c9dc5 ^ SEED;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h | 0;
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// ---- the test -----------------------------------------------------------------------------------------------
let t: TestApp;
let fx: Fixtures;

async function makeFixtures(): Promise<Fixtures> {
  const owner = await registerUser(t.app, { name: 'Fuzz Owner' });
  const gymId = await createGym(t.app, owner, 'Fuzz Gym');
  const member = await registerUser(t.app, { name: 'Fuzz Member' });
  await addMember(t.app, owner, gymId, member, 'member');
  const ids = new Set<number>([1, 2, gymId, owner.id, member.id]);
  const made = async (method: 'POST' | 'PUT', url: string, body: unknown) => {
    const res = await call(t.app, method, url, { token: owner.token, gym: gymId, body });
    if (res.statusCode >= 300) throw new Error(`fixture ${url}: ${res.statusCode} ${res.body}`);
    const id = res.json<{ id?: number }>().id;
    if (id) ids.add(id);
    return res;
  };
  await made('POST', '/api/v1/schedule/categories', { name: 'Fuzz category' });
  await made('POST', '/api/v1/schedule/classes', {
    name: 'Fuzz class',
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    start_time: '18:00',
    duration_min: 60,
    capacity: 10,
    start_date: '2026-06-01',
  });
  const sessions = await call(t.app, 'GET', '/api/v1/schedule/sessions', {
    token: owner.token,
    gym: gymId,
    query: { from: '2026-06-11', to: '2026-06-14' },
  });
  for (const s of sessions.json<{ id: number }[]>()) ids.add(s.id);
  const first = sessions.json<{ id: number }[]>()[0]!.id;
  await made('POST', `/api/v1/schedule/sessions/${first}/bookings`, { user_id: member.id });
  const ev = await made('POST', '/api/v1/events', {
    title: 'Fuzz run',
    starts_at: '2026-07-01T09:00:00Z',
    ends_at: '2026-07-01T11:00:00Z',
    location: 'Retiro',
    capacity: 1,
  });
  const eventId = ev.json<{ id: number }>().id;
  await made('POST', `/api/v1/events/${eventId}/registrations`, { user_id: member.id });
  await made('POST', `/api/v1/events/${eventId}/registrations`, { user_id: owner.id });
  await made('POST', '/api/v1/workouts', { started_at: '2026-06-09T07:00:00Z', duration_s: 3600, rpe: 5 });
  await made('PUT', '/api/v1/athlete/profile', { max_hr: 190, resting_hr: 50, sex: 'female' });
  await made('POST', '/api/v1/hrv/readings', { date: '2026-06-09', rmssd_ms: 60 });
  await made('POST', '/api/v1/overtraining/check-in', {
    date: '2026-06-09',
    sleep: 3,
    stress: 3,
    fatigue: 3,
    soreness: 3,
  });
  return { owner, gymId, ids: [...ids] };
}

/** A fuzzed DELETE /users/me or password change may retire the account: start again with a fresh one. */
async function ensureAlive() {
  const res = await call(t.app, 'GET', '/api/v1/users/me', { token: fx.owner.token });
  const gyms = res.statusCode === 200 ? res.json<{ gyms: { id: number }[] }>().gyms : [];
  if (!gyms.some((g) => g.id === fx.gymId)) fx = await makeFixtures();
}

const operations = Object.entries(spec.paths)
  .flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({
        method: method.toUpperCase() as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
        path,
        op,
      })),
  )
  // Destructive operations last, so the others run against the fixtures; erasing the account at the very end.
  .sort((a, b) => rank(a) - rank(b));
function rank(o: { method: string; path: string }) {
  if (o.method === 'DELETE' && o.path.endsWith('/users/me')) return 2;
  return o.method === 'DELETE' ? 1 : 0;
}

beforeAll(async () => {
  t = await createTestApp({ clock: () => NOW });
  fx = await makeFixtures();
}, 120_000);
afterAll(() => t?.close());

describe('fuzzing every OpenAPI operation', () => {
  it(`answers ${RUNS} fuzzed requests per operation with no 5xx, no hang, and problem+json errors`, async () => {
    expect(operations.length).toBeGreaterThan(50);
    const failures: string[] = [];
    let requests = 0;
    let serverErrors = 0;
    const byStatus = new Map<number, number>();
    for (const { method, path, op } of operations) {
      await ensureAlive();
      const name = `${method} ${path}`;
      const samples = fc.sample(requestFor(op, fx.ids), { seed: seedOf(name), numRuns: RUNS });
      for (const r of samples) {
        const url = urlFor(path, r.path, STREAMS.has(name) ? { ...r.query, max_seconds: '0' } : r.query);
        const headers: Record<string, string> = {};
        if (r.auth === 'valid') headers.authorization = `Bearer ${fx.owner.token}`;
        else if (r.auth !== 'none') headers.authorization = r.auth;
        if (r.gym === 'valid') headers['x-gym-id'] = String(fx.gymId);
        else if (r.gym !== 'none') headers['x-gym-id'] = r.gym;
        if (r.lang !== undefined) headers['accept-language'] = r.lang;
        let payload: string | undefined;
        if (r.body.kind === 'json' && method !== 'GET' && method !== 'DELETE') {
          headers['content-type'] = 'application/json';
          payload = serialiseJson(r.body.value);
        } else if (r.body.kind === 'raw') {
          if (r.body.contentType !== undefined) headers['content-type'] = r.body.contentType;
          payload = r.body.text;
        }
        const what = describeReq(method, url, r);
        requests++;
        let res;
        try {
          res = await withTimeout(t.app.inject({ method, url, headers, payload }), REQUEST_TIMEOUT_MS, what);
        } catch (err) {
          failures.push(`${(err as Error).message}`);
          continue;
        }
        byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
        const ct = String(res.headers['content-type'] ?? '');
        if (
          res.statusCode === 503 &&
          UNAVAILABLE_WITHOUT_AI.has(name) &&
          !t.config.ai &&
          ct.startsWith('application/problem+json') &&
          res.json<{ code?: string }>().code === 'unavailable'
        ) {
          continue;
        }
        if (
          res.statusCode >= 400 &&
          res.statusCode < 500 &&
          OAUTH_ERRORS.has(name) &&
          ct.startsWith('application/json') &&
          typeof res.json<{ error?: unknown }>().error === 'string'
        ) {
          continue;
        }
        if (res.statusCode >= 500) {
          serverErrors++;
          failures.push(`${res.statusCode} ← ${what}\n    ${res.body.slice(0, 300)}`);
        } else if (res.statusCode >= 400) {
          let status: unknown;
          try {
            status = (JSON.parse(res.body) as { status?: unknown }).status;
          } catch {
            status = undefined;
          }
          if (!ct.startsWith('application/problem+json') || status !== res.statusCode)
            failures.push(`${res.statusCode} [${ct}] not a problem ← ${what}\n    ${res.body.slice(0, 300)}`);
        }
      }
    }
    const statuses = [...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    console.log(
      `fuzz: ${requests} requests over ${operations.length} operations, ${serverErrors} 5xx (${statuses.join(' ')})`,
    );
    // Most requests must get past validation, or the fuzz only tests the contracts.
    expect(requests - (byStatus.get(422) ?? 0)).toBeGreaterThan(requests / 3);
    if (failures.length) {
      const byOp = failures.slice(0, 200).join('\n');
      expect.fail(`${failures.length} bad answers of ${requests} requests (${serverErrors} 5xx):\n${byOp}`);
    }
  }, 600_000);
});
