/**
 * The OpenAPI document says what the server does (issue 10 §5): a realistic scenario drives the real app over
 * HTTP, and every answer is checked against the document the app serves — the status is declared for the
 * operation, the media type is declared for that status, and the body is valid against the declared schema
 * (JSON Schema 2020-12 for OpenAPI 3.1; draft-07 with `nullable` for 3.0). At the end, every operation of the
 * document must have answered with a success at least once, and every Location of a 201 must answer.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import sharp from 'sharp';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStub } from '../modules/nutrition/ai/stub.js';
import {
  call,
  createTestApp,
  PASSWORD,
  tokenFromMail,
  uniqueEmail,
  type CallOptions,
  type TestApp,
  type TestUser,
} from '../harness.js';

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv | Ajv2020) => void;

/**
 * The app's clock, so sessions, plans and readings fall where the scenario puts them: after the sample GPX
 * (2026-10-05). Refresh tokens are still checked against the database's now() (accounts/repo.ts), so the
 * clock must not be more than their 7 days behind the real time.
 */
const NOW = Date.parse('2027-06-09T08:00:00Z');
const DATA_ENCRYPTION_KEY = randomBytes(32).toString('hex');
/** Moved forward only where a step needs a later time (attendance), and back after it. */
let now = NOW;
const day = (offset: number) => new Date(NOW + offset * 86_400_000).toISOString().slice(0, 10);
/** Days from NOW back to its week's Monday. */
const MONDAY = -((new Date(NOW).getUTCDay() + 6) % 7);

interface MediaType {
  schema?: unknown;
}
interface Operation {
  operationId?: string;
  responses: Record<string, { content?: Record<string, MediaType>; headers?: Record<string, unknown> }>;
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}
interface Op {
  key: string;
  method: string;
  path: string;
  regex: RegExp;
  params: number;
  op: Operation;
}

const DOC_ID = 'urn:pulso:openapi';

/**
 * Operations the scenario cannot answer with a success, each with the reason (`'METHOD /path': why`). None
 * today: a new route belongs in the scenario below.
 */
const UNREACHABLE: Record<string, string> = {
  // A success needs an OpenID Connect provider's token endpoint; test/modules/accounts/oidc-sign-in.test.ts runs
  // it against a provider on loopback. Here its refusal without a configured provider is checked.
  'POST /api/v1/auth/oidc/callback': 'needs an OpenID Connect provider',
};

let t: TestApp;
let doc: Doc;
let ops: Op[];
let ajv: Ajv | Ajv2020;
const validators = new Map<string, ValidateFunction>();
/** Operation → statuses it answered in the scenario. */
const seen = new Map<string, Set<number>>();
const violations: string[] = [];
/** Location headers of the 201s (each followed as it came). */
const locations: string[] = [];

function compileDoc(d: Doc) {
  // OpenAPI 3.1 schema objects are JSON Schema 2020-12; 3.0's are a draft-04/07 dialect with `nullable`.
  const opts = { strict: false, allErrors: true, validateSchema: false, logger: false } as const;
  const a = d.openapi.startsWith('3.1') ? new Ajv2020(opts) : new Ajv({ ...opts, nullable: true } as never);
  addFormats(a);
  // The whole document under one id: a `$ref: '#/components/schemas/X'` resolves inside it.
  a.addSchema({ ...d, $id: DOC_ID });
  return a;
}

const pointer = (...segs: string[]) =>
  segs.map((s) => encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');

function opsOf(d: Doc): Op[] {
  const out: Op[] = [];
  for (const [path, methods] of Object.entries(d.paths))
    for (const [method, op] of Object.entries(methods)) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const params = (path.match(/\{[^}]+\}/g) ?? []).length;
      const regex = new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        regex,
        params,
        op,
      });
    }
  // A literal segment wins over a parameter, as in the router (/gyms/current before /gyms/{id}).
  return out.sort((a, b) => a.params - b.params);
}

/** What `check` reads of a response. */
type Answer = Pick<LightMyRequestResponse, 'statusCode' | 'headers' | 'body' | 'rawPayload'>;

function check(method: string, url: string, res: Answer) {
  const path = url.split('?')[0]!;
  const found = ops.find((o) => o.method === method && o.regex.test(path));
  const where = `${method} ${url} → ${res.statusCode}`;
  if (!found) {
    violations.push(`${where}: no operation in the document`);
    return;
  }
  let statuses = seen.get(found.key);
  if (!statuses) seen.set(found.key, (statuses = new Set()));
  statuses.add(res.statusCode);
  const declared = found.op.responses[String(res.statusCode)] ?? found.op.responses.default;
  if (!declared) {
    violations.push(`${where}: status not declared (${Object.keys(found.op.responses).join(', ')})`);
    return;
  }
  // A list page always says how many items there are (Link only when there are neighbouring pages).
  if (declared.headers?.['x-total-count'] && !/^\d+$/.test(String(res.headers['x-total-count'])))
    violations.push(`${where}: X-Total-Count missing`);
  if (!declared.content) {
    if (res.rawPayload.length) violations.push(`${where}: a body where the document declares none`);
    return;
  }
  const media = String(res.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim();
  if (!declared.content[media]) {
    violations.push(
      `${where}: media type ${media} not declared (${Object.keys(declared.content).join(', ')})`,
    );
    return;
  }
  if (!declared.content[media].schema) return;
  const key = `${found.key} ${res.statusCode} ${media}`;
  let validate = validators.get(key);
  if (!validate) {
    const ref = `${DOC_ID}#/${pointer('paths', found.path, found.method.toLowerCase(), 'responses', String(res.statusCode), 'content', media, 'schema')}`;
    validate = ajv.compile({ $ref: ref });
    validators.set(key, validate);
  }
  let body: unknown = res.body;
  if (/[/+]json$/.test(media)) {
    try {
      body = JSON.parse(res.body);
    } catch {
      violations.push(`${where}: ${media} body is not JSON`);
      return;
    }
  }
  if (!validate(body))
    violations.push(
      `${where}: body invalid against the schema: ${JSON.stringify(validate.errors?.slice(0, 3))}`,
    );
}

/** One request through the real app, checked against the document; `expect` is the status the scenario needs. */
async function req(method: InjectOptions['method'], url: string, o: CallOptions & { expect?: number } = {}) {
  const { expect: want, ...opts } = o;
  const res = await call(t.app, method, url, opts);
  check(String(method), url, res);
  if (want !== undefined) expect(res.statusCode, `${String(method)} ${url}: ${res.body}`).toBe(want);
  if (res.statusCode === 201 && res.headers.location) {
    // What was just created answers at its Location, with the creator's credentials.
    const at = String(res.headers.location);
    const got = await call(t.app, 'GET', at, opts.token ? { token: opts.token, gym: opts.gym } : {});
    check('GET', at, got);
    expect(got.statusCode, `Location ${at} of ${String(method)} ${url}: ${got.body}`).toBe(200);
    locations.push(at);
  }
  return res;
}

async function register(name: string): Promise<TestUser> {
  const email = uniqueEmail('oas');
  const res = await req('POST', '/api/v1/auth/register', {
    body: { email, password: PASSWORD, name },
    expect: 201,
  });
  const b = res.json<{ user: { id: number }; access_token: string; refresh_token: string }>();
  return { id: b.user.id, email, password: PASSWORD, token: b.access_token, refresh: b.refresh_token };
}

const SAMPLE_GPX = readFileSync(new URL('../../samples/retiro-loop.gpx', import.meta.url));

const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

function multipart(parts: { name: string; filename?: string; content: Buffer | string }[]) {
  const boundary = '----pulso-conformance';
  const chunks: Buffer[] = [];
  for (const p of parts)
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\n\r\n`,
      ),
      Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content),
      Buffer.from('\r\n'),
    );
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

let owner: TestUser;
let member: TestUser;
let trainer: TestUser;
let runner: TestUser;
let gymId: number;
const gym = (u: TestUser) => ({ token: u.token, gym: gymId });

beforeAll(async () => {
  t = await createTestApp({ clock: () => now, env: { DATA_ENCRYPTION_KEY } });
  const res = await call(t.app, 'GET', '/openapi.json');
  expect(res.statusCode).toBe(200);
  doc = res.json<Doc>();
  ops = opsOf(doc);
  ajv = compileDoc(doc);
});
afterAll(() => t.close());

describe('OpenAPI conformance: a scenario through every operation', () => {
  it('the checker refuses an undeclared status, media type or body', () => {
    const answer = (statusCode: number, type: string, body: string): Answer => ({
      statusCode,
      headers: { 'content-type': type },
      body,
      rawPayload: Buffer.from(body),
    });
    check('GET', '/api/v1/users/me', answer(418, 'application/json', '{}'));
    check('GET', '/api/v1/workouts/7/track', answer(200, 'application/json', '{}'));
    check('GET', '/api/v1/users/me', answer(200, 'application/json', '{"id":1}'));
    check('GET', '/api/v1/users/me', answer(401, 'application/problem+json', '{"title":"x"}'));
    check('DELETE', '/api/v1/workouts/7', answer(204, '', 'unexpected'));
    check('GET', '/api/v1/nowhere', answer(200, 'application/json', '{}'));
    expect(violations).toHaveLength(6);
    expect(violations[0]).toMatch(/status not declared/);
    expect(violations[1]).toMatch(/media type application\/json not declared/);
    expect(violations[2]).toMatch(/body invalid/);
    expect(violations[3]).toMatch(/body invalid/);
    expect(violations[4]).toMatch(/a body where the document declares none/);
    expect(violations[5]).toMatch(/no operation in the document/);
    violations.length = 0;
    seen.clear();
  });

  it('accounts and health', async () => {
    await req('GET', '/health', { expect: 200 });
    await req('GET', '/health/database', { expect: 200 });
    await req('GET', '/health/ready', { expect: 200 });
    await req('GET', '/api/v1/problem-types', { expect: 200 });
    await req('GET', '/api/v1/health/metrics', { expect: 200 });

    owner = await register('Owner');
    member = await register('Member');
    trainer = await register('Trainer');
    runner = await register('Runner');
    const login = await req('POST', '/api/v1/auth/login', {
      body: { email: owner.email, password: PASSWORD },
      expect: 200,
    });
    const refreshed = await req('POST', '/api/v1/auth/refresh', {
      body: { refresh_token: login.json<{ refresh_token: string }>().refresh_token },
      expect: 200,
    });
    await req('POST', '/api/v1/auth/logout', {
      body: { refresh_token: refreshed.json<{ refresh_token: string }>().refresh_token },
      expect: 204,
    });
    await req('GET', '/api/v1/users/me', { token: owner.token, expect: 200 });
    await req('GET', '/api/v1/auth/providers', { expect: 200 });
    await req('POST', '/api/v1/auth/oidc/callback', {
      body: {
        code: 'abc',
        code_verifier: 'v'.repeat(43),
        redirect_uri: 'https://app.example/sign-in/callback',
      },
      expect: 404,
    });
    await req('PATCH', '/api/v1/users/me', { token: owner.token, body: { name: 'Gym Owner' }, expect: 200 });
    // The saved language, set and cleared (the rest of this file reads the owner's texts in English).
    await req('PATCH', '/api/v1/users/me', { token: owner.token, body: { language: 'es' }, expect: 200 });
    await req('PATCH', '/api/v1/users/me', { token: owner.token, body: { language: 'fr' }, expect: 422 });
    await req('PATCH', '/api/v1/users/me', { token: owner.token, body: { language: null }, expect: 200 });
    await req('GET', '/api/v1/users/me/export', { token: runner.token, expect: 200 });
    await req('POST', '/api/v1/users/me/verify-email', { token: owner.token, expect: 202 });
    // A forgotten password: the same 202 for any address; the mailed token sets a new one.
    const forgetful = await register('Forgetful');
    await req('POST', '/api/v1/auth/password-reset', { body: { email: forgetful.email }, expect: 202 });
    await req('POST', '/api/v1/auth/password-reset/confirm', {
      body: { token: tokenFromMail(forgetful.email, /Reset/), password: 'violet lantern orbit 47' },
      expect: 204,
    });
    const leaving = await register('Leaving');
    await req('DELETE', '/api/v1/users/me', { token: leaving.token, expect: 204 });
  });

  it('gyms, members and the audit trail', async () => {
    const created = await req('POST', '/api/v1/gyms', {
      token: owner.token,
      body: { name: 'OAS Gym' },
      expect: 201,
    });
    gymId = created.json<{ id: number }>().id;
    await req('GET', '/api/v1/gyms', { token: owner.token, expect: 200 });
    await req('GET', '/api/v1/gyms/current', { ...gym(owner), expect: 200 });
    await req('PATCH', '/api/v1/gyms/current', {
      ...gym(owner),
      body: { timezone: 'Europe/Madrid' },
      expect: 200,
    });
    // Nobody joins without consenting: an invitation (202), accepted by its addressee once their e-mail is confirmed.
    const join = async (u: TestUser) => {
      const inv = await req('POST', '/api/v1/members', {
        ...gym(owner),
        body: { email: u.email, role: 'member' },
        expect: 202,
      });
      await req('POST', '/api/v1/auth/verify-email', {
        body: { token: tokenFromMail(u.email, /Confirm/) },
        expect: 204,
      });
      await req('GET', '/api/v1/users/me/invitations', { token: u.token, expect: 200 });
      const id = inv.json<{ invitation: { id: number } }>().invitation.id;
      await req('POST', `/api/v1/users/me/invitations/${id}/accept`, { token: u.token, expect: 200 });
    };
    await join(member);
    await join(trainer);
    await req('PATCH', `/api/v1/members/${trainer.id}`, {
      ...gym(owner),
      body: { role: 'trainer' },
      expect: 200,
    });
    await req('GET', '/api/v1/members', { ...gym(owner), expect: 200 });
    // The gym seed's GET /users/{user_id}: a gym mate (200), and anyone else is the user_not_found 404.
    await req('PATCH', '/api/v1/users/me', {
      token: trainer.token,
      body: { profile: { avatar_url: 'https://cdn.example.org/t.png' } },
      expect: 200,
    });
    await req('GET', `/api/v1/users/${trainer.id}`, { token: member.token, expect: 200 });
    await req('GET', `/api/v1/users/${runner.id}`, { token: member.token, expect: 404 });
    await join(runner);
    await req('DELETE', `/api/v1/members/${runner.id}`, { ...gym(owner), expect: 204 });
    // An invitation declined, one withdrawn, and a walk-in registered at the desk (201, at its Location).
    const declined = await req('POST', '/api/v1/members', {
      ...gym(owner),
      body: { email: runner.email, role: 'member' },
      expect: 202,
    });
    await req(
      'POST',
      `/api/v1/users/me/invitations/${declined.json<{ invitation: { id: number } }>().invitation.id}/decline`,
      { token: runner.token, expect: 204 },
    );
    const withdrawn = await req('POST', '/api/v1/members', {
      ...gym(owner),
      body: { email: uniqueEmail('oas-invitee'), role: 'member' },
      expect: 202,
    });
    await req('GET', '/api/v1/invitations', { ...gym(owner), expect: 200 });
    await req(
      'DELETE',
      `/api/v1/invitations/${withdrawn.json<{ invitation: { id: number } }>().invitation.id}`,
      { ...gym(owner), expect: 204 },
    );
    await req('POST', '/api/v1/members', {
      ...gym(owner),
      body: { email: uniqueEmail('oas-walk-in'), role: 'member', name: 'Walk In', create_account: true },
      expect: 201,
    });
    await req('GET', '/api/v1/audit-logs', { ...gym(owner), expect: 200 });
  });

  it('the class schedule: categories, classes, sessions, bookings, notifications', async () => {
    const cat = await req('POST', '/api/v1/schedule/categories', {
      ...gym(owner),
      body: { name: 'Yoga' },
      expect: 201,
    });
    const catId = cat.json<{ id: number }>().id;
    await req('GET', '/api/v1/schedule/categories', { ...gym(member), expect: 200 });
    await req('PATCH', `/api/v1/schedule/categories/${catId}`, {
      ...gym(owner),
      body: { color: '#00aa88' },
      expect: 200,
    });
    const spare = await req('POST', '/api/v1/schedule/categories', {
      ...gym(owner),
      body: { name: 'Spare' },
      expect: 201,
    });
    await req('DELETE', `/api/v1/schedule/categories/${spare.json<{ id: number }>().id}`, {
      ...gym(owner),
      expect: 204,
    });

    const cls = {
      name: 'Morning flow',
      category_id: catId,
      instructor_id: trainer.id,
      weekdays: [1, 2, 3, 4, 5],
      start_time: '09:00',
      duration_min: 60,
      capacity: 1,
      start_date: day(0),
    };
    const c = await req('POST', '/api/v1/schedule/classes', { ...gym(owner), body: cls, expect: 201 });
    const classId = c.json<{ id: number }>().id;
    await req('GET', '/api/v1/schedule/classes', { ...gym(member), expect: 200 });
    await req('PATCH', `/api/v1/schedule/classes/${classId}`, {
      ...gym(owner),
      body: { room: 'Studio 1' },
      expect: 200,
    });
    const other = await req('POST', '/api/v1/schedule/classes', {
      ...gym(owner),
      body: { ...cls, name: 'Gone' },
      expect: 201,
    });
    await req('DELETE', `/api/v1/schedule/classes/${other.json<{ id: number }>().id}`, {
      ...gym(owner),
      expect: 204,
    });

    const sessions = await req('GET', '/api/v1/schedule/sessions', {
      ...gym(member),
      query: { from: day(1), to: day(7), class_id: String(classId) },
      expect: 200,
    });
    const [s1, s2] = sessions.json<{ id: number; starts_at: string }[]>();
    await req('GET', `/api/v1/schedule/sessions/${s1!.id}`, { ...gym(member), expect: 200 });
    await req('PATCH', `/api/v1/schedule/sessions/${s1!.id}`, {
      ...gym(trainer),
      body: { room: 'Studio 2' },
      expect: 200,
    });

    const booked = await req('POST', `/api/v1/schedule/sessions/${s1!.id}/bookings`, {
      ...gym(member),
      body: {},
      expect: 201,
    });
    const bookingId = booked.json<{ id: number }>().id;
    // Full (capacity 1): the owner goes to the waitlist.
    await req('POST', `/api/v1/schedule/sessions/${s1!.id}/bookings`, {
      ...gym(owner),
      body: {},
      expect: 201,
    });
    await req('POST', `/api/v1/schedule/sessions/${s1!.id}/bookings`, {
      ...gym(member),
      body: {},
      expect: 409,
    });
    await req('GET', `/api/v1/schedule/sessions/${s1!.id}/bookings`, { ...gym(trainer), expect: 200 });
    // Attendance is recorded from the session's start: the 409 before it, then the clock moves past it.
    await req('PATCH', `/api/v1/schedule/bookings/${bookingId}`, {
      ...gym(trainer),
      body: { status: 'attended' },
      expect: 409,
    });
    now = Date.parse(s1!.starts_at) + 60_000;
    // The trainer's token of NOW has expired by then: a new sign-in at the later time.
    const later = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: trainer.email, password: trainer.password },
    });
    expect(later.statusCode).toBe(200);
    await req('PATCH', `/api/v1/schedule/bookings/${bookingId}`, {
      token: later.json<{ access_token: string }>().access_token,
      gym: gymId,
      body: { status: 'attended' },
      expect: 200,
    });
    now = NOW;
    await req('GET', '/api/v1/users/me/bookings', { ...gym(member), expect: 200 });
    // The member gives up a place: the owner, first of the waitlist, gets it and is told.
    const b2 = await req('POST', `/api/v1/schedule/sessions/${s2!.id}/bookings`, {
      ...gym(member),
      body: {},
      expect: 201,
    });
    await req('POST', `/api/v1/schedule/sessions/${s2!.id}/bookings`, {
      ...gym(owner),
      body: {},
      expect: 201,
    });
    await req('DELETE', `/api/v1/schedule/bookings/${b2.json<{ id: number }>().id}`, {
      ...gym(member),
      expect: 204,
    });
    const notes = await req('GET', '/api/v1/notifications', { ...gym(owner), expect: 200 });
    const noteId = notes.json<{ id: number }[]>()[0]!.id;
    await req('POST', `/api/v1/notifications/${noteId}/read`, { ...gym(owner), expect: 200 });
    await req('POST', '/api/v1/notifications/read-all', { ...gym(owner), expect: 200 });
    await req('GET', '/api/v1/users/me/notifications', { token: owner.token, expect: 200 });
    await req('POST', `/api/v1/users/me/notifications/${noteId}/read`, { token: owner.token, expect: 200 });
    await req('POST', '/api/v1/users/me/notifications/read-all', { token: owner.token, expect: 200 });
    // The live stream: a browser's ticket, then the stream, resuming after the first notification and closing
    // once the missed ones are sent.
    const ticket = await req('POST', '/api/v1/notifications/stream-ticket', {
      token: owner.token,
      expect: 200,
    });
    const live = await req(
      'GET',
      `/api/v1/notifications/stream?ticket=${ticket.json<{ ticket: string }>().ticket}&last_event_id=0&max_seconds=0`,
      { expect: 200 },
    );
    expect(live.body).toContain('event: notification');
  });

  it('events and registrations', async () => {
    const starts = `${day(5)}T17:00:00.000Z`;
    const ends = `${day(5)}T19:00:00.000Z`;
    const e = await req('POST', '/api/v1/events', {
      ...gym(trainer),
      body: { title: 'Trail day', starts_at: starts, ends_at: ends, capacity: 10 },
      expect: 201,
    });
    const eventId = e.json<{ id: number }>().id;
    await req('GET', '/api/v1/events', { ...gym(member), expect: 200 });
    await req('PATCH', `/api/v1/events/${eventId}`, {
      ...gym(trainer),
      body: { location: 'Park gate' },
      expect: 200,
    });
    const r = await req('POST', `/api/v1/events/${eventId}/registrations`, {
      ...gym(member),
      body: {},
      expect: 201,
    });
    await req('GET', `/api/v1/events/${eventId}/registrations`, { ...gym(trainer), expect: 200 });
    await req('GET', '/api/v1/users/me/registrations', { ...gym(member), expect: 200 });
    const r2 = await req('POST', `/api/v1/events/${eventId}/registrations`, {
      ...gym(trainer),
      body: {},
      expect: 201,
    });
    await req('DELETE', `/api/v1/events/registrations/${r2.json<{ id: number }>().id}`, {
      ...gym(trainer),
      expect: 204,
    });
    expect(r.json<{ status: string }>().status).toBe('booked');
    const gone = await req('POST', '/api/v1/events', {
      ...gym(owner),
      body: { title: 'Cancelled', starts_at: starts, ends_at: ends },
      expect: 201,
    });
    await req('DELETE', `/api/v1/events/${gone.json<{ id: number }>().id}`, { ...gym(owner), expect: 204 });
  });

  it('calendar feeds', async () => {
    await req('POST', '/api/v1/schedule/calendar-feed', { ...gym(member), expect: 201 });
    await req('POST', '/api/v1/users/me/calendar-feed', { token: member.token, expect: 201 });
    // The .ics routes are reached by following the Locations (below), before the feeds are revoked there.
  });

  it('running: profile, workouts, import, track, HRV, check-ins', async () => {
    const u = { token: runner.token };
    await req('GET', '/api/v1/athlete/profile', { ...u, expect: 200 });
    await req('PUT', '/api/v1/athlete/profile', {
      ...u,
      body: { birth_date: '1990-06-15', sex: 'female', max_hr: 190, resting_hr: 50 },
      expect: 200,
    });
    for (let d = 20; d >= 1; d -= 2)
      await req('POST', '/api/v1/workouts', {
        ...u,
        body: {
          started_at: `${day(-d)}T07:00:00Z`,
          sport: 'run',
          distance_km: 10,
          duration_s: 3000,
          moving_time_s: 2950,
          avg_hr: 150,
          max_hr: 172,
          rpe: 6,
        },
        expect: 201,
      });
    const list = await req('GET', '/api/v1/workouts', { ...u, query: { limit: '5' }, expect: 200 });
    const w = list.json<{ id: number }[]>()[0]!;
    await req('PATCH', `/api/v1/workouts/${w.id}`, { ...u, body: { notes: 'windy' }, expect: 200 });
    const extra = await req('POST', '/api/v1/workouts', {
      ...u,
      body: { started_at: `${day(-30)}T07:00:00Z`, sport: 'ride', distance_km: 30, duration_s: 3600, rpe: 4 },
      expect: 201,
    });
    await req('DELETE', `/api/v1/workouts/${extra.json<{ id: number }>().id}`, { ...u, expect: 204 });

    const m = multipart([
      { name: 'rpe', content: '5' },
      { name: 'file', filename: 'retiro-loop.gpx', content: SAMPLE_GPX },
    ]);
    const imported = await req('POST', '/api/v1/workouts/import', {
      ...u,
      body: m.body,
      headers: m.headers,
      expect: 201,
    });
    await req('GET', `/api/v1/workouts/${imported.json<{ id: number }>().id}/track`, { ...u, expect: 200 });
    // The same activity again: a 409.
    await req('POST', '/api/v1/workouts/import', { ...u, body: m.body, headers: m.headers, expect: 409 });

    for (let d = 14; d >= 1; d--)
      await req('POST', '/api/v1/hrv/readings', { ...u, body: { date: day(-d), rmssd_ms: 60 + (d % 3) } });
    await req('POST', '/api/v1/hrv/readings', { ...u, body: { date: day(0), rmssd_ms: 58 }, expect: 201 });
    await req('POST', '/api/v1/hrv/readings', { ...u, body: { date: day(0), rmssd_ms: 59 }, expect: 200 });
    await req('GET', '/api/v1/hrv/baseline', { ...u, expect: 200 });
    await req('GET', '/api/v1/hrv/readiness', { ...u, expect: 200 });
    const checkIn = { date: day(0), sleep: 3, stress: 3, fatigue: 3, soreness: 3 };
    await req('POST', '/api/v1/overtraining/check-in', { ...u, body: checkIn, expect: 201 });
    await req('POST', '/api/v1/overtraining/check-in', { ...u, body: { ...checkIn, sleep: 2 }, expect: 200 });
    await req('GET', '/api/v1/overtraining/history', { ...u, query: { weeks: '4' }, expect: 200 });
  });

  it('race and training', async () => {
    const u = { token: runner.token };
    await req('POST', '/api/v1/race/predict', {
      ...u,
      body: { distance_km: 21.0975, reference: { distance_km: 10, time_s: 2700 } },
      expect: 200,
    });
    await req('GET', '/api/v1/race/conditions-impact', { ...u, query: { distance_km: '21.1' }, expect: 200 });
    await req('GET', '/api/v1/race/conditions-impact', {
      ...u,
      query: {
        distance_km: '21.1',
        temperature: '24',
        wind_kmh: '15',
        terrain: 'mountain',
        altitude_m: '1600',
      },
      expect: 200,
    });
    await req('GET', '/api/v1/race/terrain-guide', { expect: 200 });
    const ref = { distance_km: 10, time_s: 2700 };
    await req('POST', '/api/v1/race/scenario-comparison', {
      ...u,
      body: {
        scenarios: [
          { distance_km: 21.1, reference: ref, conditions: { temperature_c: 15, humidity_pct: 50 } },
          { distance_km: 21.1, reference: ref, conditions: { temperature_c: 28, humidity_pct: 60 } },
        ],
      },
      expect: 200,
    });
    // The running seed's form: a bare array, `temperature` for temperature_c.
    await req('POST', '/api/v1/race/scenario-comparison', {
      ...u,
      body: [
        { distance_km: 21.1, reference: ref, conditions: { temperature: 15 } },
        { distance_km: 21.1, reference: ref, conditions: { temperature: 22 } },
      ],
      expect: 200,
    });
    // No saved plan yet: the week of a programme built from the profile.
    await req('GET', '/api/v1/training/weekly-plan', { ...u, expect: 200 });

    // A Sunday twelve weeks after this week's Monday.
    await req('POST', '/api/v1/training/plan', {
      ...u,
      body: {
        goal_distance_km: 21.0975,
        race_date: day(MONDAY + 12 * 7 + 6),
        days_per_week: 4,
        long_run_day: 'sunday',
      },
      expect: 201,
    });
    await req('GET', '/api/v1/training/weekly-plan', { ...u, query: { week: '1' }, expect: 200 });
    await req('GET', '/api/v1/training/phases-guide', { expect: 200 });
    await req('GET', '/api/v1/training/intensity-zones', { ...u, query: { max_hr: '190' }, expect: 200 });
    await req('POST', '/api/v1/training/adaptive-adjustment', {
      ...u,
      body: { sleep_hours: 7, fatigue_rating: 4 },
      expect: 200,
    });
    await req('GET', '/api/v1/training/progress-tracking', { ...u, query: { weeks: '4' }, expect: 200 });
    await req('GET', '/api/v1/training/injury-prevention', { ...u, expect: 200 });
    await req('POST', '/api/v1/training/plan-feed', { ...u, expect: 201 });
  });

  it('body: settings, entries, CSV import, trends, energy', async () => {
    const u = { token: runner.token };
    await req('PUT', '/api/v1/athlete/profile', {
      ...u,
      body: { birth_date: '1990-06-15', sex: 'female', height_cm: 168, max_hr: 190, resting_hr: 50 },
      expect: 200,
    });
    await req('GET', '/api/v1/body/settings', { ...u, expect: 200 });
    await req('PUT', '/api/v1/body/settings', { ...u, body: { units: 'metric' }, expect: 200 });
    const e = await req('POST', '/api/v1/body/entries', {
      ...u,
      body: { date: day(-2), metric: 'weight', value: 61.2 },
      expect: 201,
    });
    await req('POST', '/api/v1/body/entries', {
      ...u,
      body: { date: day(-2), metric: 'weight', value: 61 },
      expect: 200,
    });
    await req('POST', '/api/v1/body/entries', {
      ...u,
      body: { date: day(-1), metric: 'blood_pressure', value: 117, diastolic: 75 },
      expect: 201,
    });
    await req('POST', '/api/v1/body/entries/import', {
      ...u,
      headers: { 'content-type': 'text/csv' },
      body: `date,weight,body_fat\n${day(-4)},61.5,22\n${day(0)},60.8,\n`,
      expect: 200,
    });
    await req('GET', '/api/v1/body/entries', { ...u, query: { limit: '2' }, expect: 200 });
    const id = e.json<{ id: number }>().id;
    await req('PATCH', `/api/v1/body/entries/${id}`, { ...u, body: { value: 61.1 }, expect: 200 });
    await req('PATCH', `/api/v1/body/entries/${id}`, { ...u, body: { date: day(0) }, expect: 409 });
    await req('GET', '/api/v1/body/trends', { ...u, query: { metric: 'weight' }, expect: 200 });
    await req('GET', '/api/v1/body/energy', { ...u, query: { activity: 'moderate' }, expect: 200 });
    await req('GET', '/api/v1/body/energy', { token: member.token, expect: 422 });
    await req('DELETE', `/api/v1/body/entries/${id}`, { ...u, expect: 204 });

    // The member lets the gym's staff see her trend, the trainer looks, and she withdraws it.
    const m = { token: member.token };
    await req('POST', '/api/v1/body/entries', {
      ...m,
      body: { date: day(-1), metric: 'waist', value: 70 },
      expect: 201,
    });
    await req('GET', `/api/v1/members/${member.id}/body/trends`, { ...gym(trainer), expect: 404 });
    await req('PUT', `/api/v1/body/shares/${gymId}`, { ...m, expect: 200 });
    await req('GET', '/api/v1/body/shares', { ...m, expect: 200 });
    await req('GET', `/api/v1/members/${member.id}/body/trends`, {
      ...gym(trainer),
      query: { metric: 'waist' },
      expect: 200,
    });
    await req('DELETE', `/api/v1/body/shares/${gymId}`, { ...m, expect: 204 });

    // A progress photo, shared with the gym's staff, then deleted.
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const photo = await req('POST', '/api/v1/body/photos', {
      ...m,
      headers: { 'content-type': 'image/png' },
      body: png,
      query: { date: day(-1) },
      expect: 201,
    });
    const pid = photo.json<{ id: number }>().id;
    await req('GET', '/api/v1/body/photos', { ...m, expect: 200 });
    await req('GET', `/api/v1/body/photos/${pid}/image`, { ...m, expect: 200 });
    await req('PUT', `/api/v1/body/shares/${gymId}`, { ...m, body: { photos: true }, expect: 200 });
    await req('GET', `/api/v1/members/${member.id}/body/photos`, { ...gym(trainer), expect: 200 });
    await req('GET', `/api/v1/members/${member.id}/body/photos/${pid}/image`, {
      ...gym(trainer),
      expect: 200,
    });
    await req('DELETE', `/api/v1/body/shares/${gymId}`, { ...m, expect: 204 });
    await req('DELETE', `/api/v1/body/photos/${pid}`, { ...m, expect: 204 });
  });

  it('foods and recipes', async () => {
    const foods = await req('GET', '/api/v1/nutrition/foods', {
      ...gym(member),
      query: { q: 'platano', vegan: 'true', allergen_free: 'milk' },
      expect: 200,
    });
    const banana = foods.json<{ id: number }[]>()[0]!.id;
    const f = await req('POST', '/api/v1/nutrition/foods', {
      ...gym(trainer),
      body: {
        name_en: 'OAS bar',
        per_100g: { kcal: 370, protein_g: 33, carbs_g: 35, fat_g: 11 },
        barcode: '96385074',
      },
      expect: 201,
    });
    const food = f.json<{ id: number }>().id;
    await req('POST', '/api/v1/nutrition/foods', {
      ...gym(trainer),
      body: {
        name_en: 'Again',
        per_100g: { kcal: 370, protein_g: 33, carbs_g: 35, fat_g: 11 },
        barcode: '96385074',
      },
      expect: 409,
    });
    await req('GET', `/api/v1/nutrition/foods/${food}`, { ...gym(member), expect: 200 });
    await req('GET', '/api/v1/nutrition/foods/barcode/96385074', { ...gym(member), expect: 200 });
    await req('PATCH', `/api/v1/nutrition/foods/${food}`, {
      ...gym(trainer),
      body: { name_es: 'Barrita' },
      expect: 200,
    });
    await req('PATCH', `/api/v1/nutrition/foods/${banana}`, {
      ...gym(trainer),
      body: { name_es: 'x' },
      expect: 403,
    });
    const r = await req('POST', '/api/v1/nutrition/recipes', {
      ...gym(trainer),
      body: {
        name: 'Bowl',
        portions: 2,
        ingredients: [
          { food_id: banana, grams: 120 },
          { food_id: food, grams: 60 },
        ],
      },
      expect: 201,
    });
    const recipe = r.json<{ id: number }>().id;
    await req('GET', '/api/v1/nutrition/recipes', { ...gym(member), expect: 200 });
    await req('GET', `/api/v1/nutrition/recipes/${recipe}`, { ...gym(member), expect: 200 });
    await req('PATCH', `/api/v1/nutrition/recipes/${recipe}`, {
      ...gym(trainer),
      body: { portions: 3 },
      expect: 200,
    });
    await req('PATCH', `/api/v1/nutrition/recipes/${recipe}`, {
      ...gym(trainer),
      body: { ingredients: [{ food_id: 2_000_000_000, grams: 10 }] },
      expect: 422,
    });
    await req('DELETE', `/api/v1/nutrition/recipes/${recipe}`, { ...gym(trainer), expect: 204 });
  });

  it('route segments, road quality, efforts, and RecWay’s /segmentos/', async () => {
    const u = { token: runner.token };
    // Along the sample run the runner imported above, shared with the gym the runner does not belong to: private.
    const arc = Array.from({ length: 30 }, (_, i) => {
      const f = 2 * Math.PI * (0.1 + (0.2 * i) / 29);
      return [-3.683 + 0.006 * Math.cos(f), 40.4135 + 0.0065 * Math.sin(f)];
    });
    const s = await req('POST', '/api/v1/segments', {
      ...u,
      body: { name: 'Retiro', geometry: { type: 'LineString', coordinates: arc }, location: 'Madrid' },
      expect: 201,
    });
    const id = s.json<{ id: number }>().id;
    await req('GET', '/api/v1/segments', {
      ...u,
      query: { near: '40.4135,-3.683', radius_m: '2000' },
      expect: 200,
    });
    await req('GET', '/api/v1/segments.geojson', { ...u, query: { min_quality: '1' }, expect: 200 });
    await req('GET', '/api/v1/segments/map-tiles', { ...u, expect: 200 });
    await req('PUT', `/api/v1/segments/${id}`, {
      ...u,
      body: { description: 'North-east side' },
      expect: 200,
    });
    await req('PATCH', `/api/v1/segments/${id}`, { ...u, body: { name: 'Retiro NE' }, expect: 200 });
    await req('GET', `/api/v1/segments/${id}/gpx`, { ...u, expect: 200 });
    await req('POST', `/api/v1/segments/${id}/quality-reports`, {
      ...u,
      body: { rating: 4, surface: 'asphalt', smoothness: 'good', hazards: ['traffic'] },
      expect: 201,
    });
    await req('POST', `/api/v1/segments/${id}/quality-reports`, { ...u, body: { rating: 3 }, expect: 200 });
    await req('GET', `/api/v1/segments/${id}/quality-reports`, { ...u, expect: 200 });
    await t.app.services.segments.idle();
    await req('GET', `/api/v1/segments/${id}/matching`, { ...u, expect: 200 });
    const board = await req('GET', `/api/v1/segments/${id}/efforts`, { ...u, expect: 200 });
    expect(board.json<unknown[]>()).toHaveLength(1);
    await req('GET', '/api/v1/users/me/segment-efforts', { ...u, expect: 200 });
    await req('GET', '/api/v1/users/me/segment-preferences', { ...u, expect: 200 });
    await req('PUT', '/api/v1/users/me/segment-preferences', {
      ...u,
      body: { hide_efforts: true },
      expect: 200,
    });
    const shared = await req('POST', '/api/v1/segments', {
      token: member.token,
      body: { name: 'Gym loop', longitude: -3.7, latitude: 40.4, visibility: 'gym', gym_id: gymId },
      expect: 201,
    });
    await req('GET', '/api/v1/gym/segments', { ...gym(member), expect: 200 });
    await req('DELETE', `/api/v1/segments/${shared.json<{ id: number }>().id}`, {
      token: member.token,
      expect: 204,
    });

    // RecWay's clients write /segmentos/ (served too: ignoreTrailingSlash; seed-recway.test.ts); the document has one.
    const es = await req('POST', '/api/v1/segmentos', {
      ...u,
      body: { nombre: 'Segmento Test', longitud: -74.123456, latitud: 4.654321, ubicacion: 'Bogotá' },
      expect: 201,
    });
    const esId = es.json<{ id_segmento: number }>().id_segmento;
    await req('GET', '/api/v1/segmentos', { ...u, query: { skip: '0', limit: '2' }, expect: 200 });
    await req('PUT', `/api/v1/segmentos/${esId}`, { ...u, body: { nombre: 'Actualizado' }, expect: 200 });
    await req('PATCH', `/api/v1/segmentos/${esId}`, { ...u, body: { descripcion: 'Parche' }, expect: 200 });
    await req('DELETE', `/api/v1/segmentos/${esId}`, { ...u, expect: 204 });
    await req('GET', `/api/v1/segmentos/${esId}`, { ...u, expect: 404 });
  });

  it('nutrition: plans, screening, following, meals, diary, progress, analytics', async () => {
    const o = gym(owner);
    const m = gym(member);
    const plan = await req('POST', '/api/v1/nutrition/plans', {
      ...o,
      body: {
        name: 'Conformance plan',
        goal: 'weight_loss',
        target_calories: 1800,
        protein_g_per_kg: 1.8,
        days: [
          { day_number: 1, kind: 'training', meals: [{ name: 'Lunch', meal_type: 'lunch', items: [] }] },
        ],
      },
      expect: 201,
    });
    const p = plan.json<{ id: number; days: { meals: { id: number }[] }[] }>();
    await req('GET', '/api/v1/nutrition/plans', { ...m, query: { goal: 'weight_loss' }, expect: 200 });
    await req('PATCH', `/api/v1/nutrition/plans/${p.id}`, {
      ...o,
      body: { description: 'Cut' },
      expect: 200,
    });
    const copy = await req('POST', `/api/v1/nutrition/plans/${p.id}/duplicate`, { ...o, expect: 201 });
    await req('DELETE', `/api/v1/nutrition/plans/${copy.json<{ id: number }>().id}`, { ...o, expect: 200 });
    await req('POST', `/api/v1/nutrition/plans/${p.id}/follow`, { ...m, expect: 403 });
    await req('POST', '/api/v1/nutrition/safety/screenings', { ...m, body: { age: 30 }, expect: 201 });
    await req('GET', '/api/v1/nutrition/safety/screenings/current', { ...m, expect: 200 });
    // No AI configured here: the generator answers; the photo route says AI is not configured.
    await req('POST', '/api/v1/nutrition/plans/generate', {
      ...m,
      body: { goal: 'maintenance', calories: 2000, meals_per_day: 3, days: 1, restrictions: ['vegetarian'] },
      expect: 201,
    });
    await req('GET', '/api/v1/nutrition/ai/status', { ...m, expect: 200 });
    await req('POST', '/api/v1/nutrition/diary/photo', { ...m, expect: 503 });
    // With an AI model (the OpenAI-compatible stub on loopback, the only fake: a third party), the photo's
    // proposals. Tokens are signed with the tests' one secret, so the member's works on this second app.
    const stub = await startStub();
    const withAi = await createTestApp({
      clock: () => now,
      // The same data key as the first app: the photo reads the member's sealed screening from the shared database.
      env: { AI_API_KEY: 'sk-test', AI_BASE_URL: stub.url, DATA_ENCRYPTION_KEY },
    });
    try {
      stub.script({ kind: 'json', content: { items: [{ food: 'Banana', grams: 120, confidence: 0.9 }] } });
      const boundary = '----pulso-conformance-photo';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="meal.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        ONE_PIXEL_PNG,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await call(withAi.app, 'POST', '/api/v1/nutrition/diary/photo', {
        ...m,
        body,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      check('POST', '/api/v1/nutrition/diary/photo', res);
      expect(res.statusCode, res.body).toBe(200);
      const status = await call(withAi.app, 'GET', '/api/v1/nutrition/ai/status', m);
      check('GET', '/api/v1/nutrition/ai/status', status);
      expect(status.json()).toEqual({ photo_analysis: true, plan_generation: true });
    } finally {
      await withAi.close();
      await stub.close();
    }
    await req('GET', `/api/v1/nutrition/members/${member.id}/screening`, { ...o, expect: 200 });
    await req('POST', '/api/v1/nutrition/safety/consents', {
      ...o,
      body: { user_id: member.id, guardian_name: 'Guardian' },
      expect: 201,
    });
    await req('POST', `/api/v1/nutrition/plans/${p.id}/follow`, { ...m, expect: 201 });
    await req('POST', `/api/v1/nutrition/plans/${p.id}/follow`, { ...m, expect: 409 });
    await req('GET', `/api/v1/nutrition/plans/${p.id}/followers`, { ...o, expect: 200 });
    await req('GET', `/api/v1/nutrition/plans/${p.id}/today`, { ...m, expect: 200 });
    const mealId = p.days[0]!.meals[0]!.id;
    await req('POST', `/api/v1/nutrition/meals/${mealId}/complete`, {
      ...m,
      body: { satisfaction: 4 },
      expect: 201,
    });
    await req('POST', `/api/v1/nutrition/meals/${mealId}/complete`, { ...m, body: {}, expect: 200 });
    await req('POST', '/api/v1/nutrition/diary', { ...m, body: { name: 'Apple', kcal: 52 }, expect: 201 });
    await req('GET', '/api/v1/nutrition/progress/today', { ...m, expect: 200 });
    await req('GET', '/api/v1/nutrition/progress/weekly', { ...m, expect: 200 });
    await req('GET', '/api/v1/nutrition/progress', {
      ...m,
      query: { from: day(-6), to: day(0) },
      expect: 200,
    });
    await req('GET', '/api/v1/nutrition/progress/export', {
      ...m,
      query: { from: day(-6), to: day(0) },
      expect: 200,
    });
    await req('GET', '/api/v1/nutrition/dashboard', { ...m, expect: 200 });
    await req('GET', '/api/v1/nutrition/analytics', { ...o, expect: 200 });
    await req('DELETE', `/api/v1/nutrition/plans/${p.id}/follow`, { ...m, expect: 204 });
  });

  it('followed the Location of every kind of 201', () => {
    const kinds = new Set(locations.map((l) => l.replace(/\?.*/, '').replace(/\/\d+/g, '/{id}')));
    expect([...kinds].sort()).toEqual([
      '/api/v1/body/entries/{id}',
      '/api/v1/body/photos/{id}',
      '/api/v1/events/registrations/{id}',
      '/api/v1/events/{id}',
      '/api/v1/gyms/{id}',
      '/api/v1/hrv/readings',
      '/api/v1/members/{id}',
      '/api/v1/nutrition/following',
      '/api/v1/nutrition/foods/{id}',
      '/api/v1/nutrition/plans/{id}',
      '/api/v1/nutrition/recipes/{id}',
      '/api/v1/nutrition/safety/screenings/current',
      '/api/v1/overtraining/status',
      '/api/v1/schedule/bookings/{id}',
      '/api/v1/schedule/calendar.ics',
      '/api/v1/schedule/categories/{id}',
      '/api/v1/schedule/classes/{id}',
      '/api/v1/segmentos/{id}',
      '/api/v1/segments/{id}',
      '/api/v1/segments/{id}/quality-reports',
      '/api/v1/training/plan',
      '/api/v1/training/plan.ics',
      '/api/v1/users/me/calendar.ics',
      '/api/v1/workouts/{id}',
    ]);
  });

  it('then revokes and deletes what only the end of the scenario may remove', async () => {
    const u = { token: runner.token };
    await req('DELETE', '/api/v1/training/plan-feed', { ...u, expect: 204 });
    await req('DELETE', '/api/v1/training/plan', { ...u, expect: 204 });
    await req('DELETE', '/api/v1/schedule/calendar-feed', { ...gym(member), expect: 204 });
    await req('DELETE', '/api/v1/users/me/calendar-feed', { token: member.token, expect: 204 });
    const list = await req('GET', '/api/v1/workouts', { ...u, expect: 200 });
    await req('DELETE', `/api/v1/workouts/${list.json<{ id: number }[]>()[0]!.id}`, { ...u, expect: 204 });
  });

  it('errors: each answers with a status and a problem the document declares', async () => {
    const json = { 'content-type': 'application/json' };
    // 400: a bad X-Gym-ID, malformed JSON, a path that is not valid percent-encoding.
    await req('GET', '/api/v1/members', { token: owner.token, gym: 'abc', expect: 400 });
    await req('POST', '/api/v1/gyms', { token: owner.token, headers: json, body: '{"name":', expect: 400 });
    await req('GET', '/api/v1/workouts/%E0%A4%A', { token: runner.token, expect: 400 });
    const cut = multipart([{ name: 'file', filename: 'cut.gpx', content: SAMPLE_GPX }]);
    await req('POST', '/api/v1/workouts/import', {
      token: runner.token,
      headers: cut.headers,
      body: cut.body.subarray(0, 300),
      expect: 400,
    });
    await req('POST', '/api/v1/workouts/import', {
      token: runner.token,
      headers: { 'content-type': 'multipart/form-data' },
      body: 'no boundary',
      expect: 400,
    });
    // 401: no token, a wrong password.
    await req('GET', '/api/v1/users/me', { expect: 401 });
    await req('GET', '/api/v1/members', { gym: gymId, expect: 401 });
    await req('POST', '/api/v1/auth/login', {
      body: { email: owner.email, password: 'not the password' },
      expect: 401,
    });
    // 403: a member on a managers' route; another's gym by id.
    await req('GET', '/api/v1/audit-logs', { ...gym(member), expect: 403 });
    await req('GET', `/api/v1/gyms/${gymId}`, { token: runner.token, expect: 403 });
    // 404: unknown gym, unknown ids, a feed without a live token.
    await req('GET', '/api/v1/gyms/current', { token: owner.token, gym: 2_000_000_000, expect: 404 });
    await req('GET', '/api/v1/events/2000000000', { ...gym(owner), expect: 404 });
    await req('GET', '/api/v1/workouts/2000000000', { token: runner.token, expect: 404 });
    await req('GET', '/api/v1/training/plan', { token: runner.token, expect: 404 });
    await req('GET', '/api/v1/users/me/calendar.ics', { query: { token: 'x'.repeat(43) }, expect: 404 });
    // 409: an e-mail taken.
    await req('POST', '/api/v1/auth/register', {
      body: { email: owner.email, password: PASSWORD, name: 'Again' },
      expect: 409,
    });
    // 413: larger than BODY_LIMIT; 415: not JSON.
    await req('POST', '/api/v1/workouts', {
      token: runner.token,
      headers: json,
      body: JSON.stringify({ notes: 'x'.repeat(t.config.bodyLimit + 1) }),
      expect: 413,
    });
    await req('PUT', '/api/v1/athlete/profile', {
      token: runner.token,
      headers: { 'content-type': 'text/plain' },
      body: 'max_hr=190',
      expect: 415,
    });
    await req('POST', '/api/v1/workouts/import', { token: runner.token, body: { file: 'x' }, expect: 415 });
    // 422: invalid body, query and path.
    await req('POST', '/api/v1/events', { ...gym(owner), body: { title: '' }, expect: 422 });
    await req('GET', '/api/v1/schedule/sessions', { ...gym(owner), query: { from: 'soon' }, expect: 422 });
    await req('GET', '/api/v1/schedule/classes/abc', { ...gym(owner), expect: 422 });
    await req('GET', '/api/v1/schedule/calendar.ics', { expect: 422 });
    expect(violations).toEqual([]);
  });

  it('rehabilitation: catalogue, patients, programmes, sessions, progress, dashboard, devices, access log', async () => {
    const o = gym(owner);
    const m = gym(member);
    const list = await req('GET', '/api/v1/rehab/exercises', {
      ...m,
      query: { body_region: 'knee' },
      expect: 200,
    });
    const base = list.json<{ id: number }[]>()[0]!.id;
    const ex = await req('POST', '/api/v1/rehab/exercises', {
      ...o,
      body: {
        name: { en: 'Wobble board', es: 'Plato de Freeman' },
        instructions: { en: 'Balance', es: 'Equilibrio' },
        body_region: 'ankle',
        difficulty: 3,
        modality: 'vr',
        measured_by: 'time',
        media_url: 'https://media.example/wobble.mp4',
      },
      expect: 201,
    });
    const exId = ex.json<{ id: number }>().id;
    await req('PATCH', `/api/v1/rehab/exercises/${exId}`, { ...o, body: { difficulty: 2 }, expect: 200 });
    await req('PATCH', `/api/v1/rehab/exercises/${base}`, { ...o, body: { difficulty: 2 }, expect: 403 });
    const p = await req('POST', '/api/v1/rehab/patients', {
      ...o,
      body: {
        user_id: member.id,
        diagnosis: 'ACL',
        side: 'left',
        injury_date: '2027-04-01',
        physio_id: owner.id,
      },
      expect: 201,
    });
    const pid = p.json<{ id: number }>().id;
    await req('POST', '/api/v1/rehab/patients', {
      ...o,
      body: { user_id: member.id, diagnosis: 'x' },
      expect: 409,
    });
    await req('GET', '/api/v1/rehab/patients', { ...o, expect: 200 });
    await req('PATCH', `/api/v1/rehab/patients/${pid}`, { ...o, body: { goals: 'Run' }, expect: 200 });
    const prog = await req('POST', `/api/v1/rehab/patients/${pid}/programs`, {
      ...o,
      body: {
        exercises: [
          {
            exercise_id: base,
            sets: 3,
            reps: 10,
            frequency_per_week: 5,
            progression: { increase_percent: 10 },
          },
          { exercise_id: exId, sets: 1, duration_s: 120, frequency_per_week: 2 },
        ],
      },
      expect: 201,
    });
    const progId = prog.json<{ id: number }>().id;
    await req('GET', `/api/v1/rehab/patients/${pid}/programs`, { ...m, expect: 200 });
    await req('PATCH', `/api/v1/rehab/patients/${pid}/programs/${progId}`, {
      ...o,
      body: { exercises: [{ exercise_id: base, sets: 2, reps: 12, frequency_per_week: 4 }] },
      expect: 200,
    });
    await req('GET', '/api/v1/rehab/my-program', { ...m, expect: 200 });
    const at = (h: number) => new Date(now - h * 3_600_000).toISOString();
    const session = {
      exercise_id: base,
      performed_at: at(2),
      reps_done: 10,
      pain_after: 2,
      client_id: 'oas-1',
    };
    await req('POST', '/api/v1/rehab/sessions', { ...m, body: session, expect: 201 });
    await req('POST', '/api/v1/rehab/sessions', { ...m, body: session, expect: 200 });
    await req('POST', '/api/v1/rehab/sessions', { ...m, body: { ...session, pain_after: 11 }, expect: 422 });
    await req('POST', '/api/v1/rehab/sessions', {
      ...o,
      body: {
        exercise_id: base,
        patient_id: pid,
        performed_at: at(30),
        range_of_motion_deg: 95,
        notes: 'ok',
      },
      expect: 201,
    });
    await req('GET', `/api/v1/rehab/patients/${pid}/sessions`, {
      ...o,
      query: { from: at(48) },
      expect: 200,
    });
    await req('GET', `/api/v1/rehab/patients/${pid}/progress`, { ...o, query: { weeks: '4' }, expect: 200 });
    await req('GET', `/api/v1/rehab/patients/${pid}`, { ...m, expect: 200 });
    await req('GET', '/api/v1/rehab/dashboard', { ...o, expect: 200 });
    await req('GET', '/api/v1/rehab/my-record/access-log', { ...m, expect: 200 });

    const auth = await req('POST', '/api/v1/rehab/devices/authorize', {
      body: { client_name: 'Headset' },
      expect: 200,
    });
    const a = auth.json<{ device_code: string; user_code: string }>();
    const grant = { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: a.device_code };
    await req('POST', '/api/v1/rehab/devices/token', { body: grant, expect: 400 });
    await req('POST', '/api/v1/rehab/devices/confirm', {
      ...m,
      body: { user_code: 'ZZZZ-ZZZZ' },
      expect: 422,
    });
    await req('POST', '/api/v1/rehab/devices/confirm', {
      ...m,
      body: { user_code: a.user_code },
      expect: 200,
    });
    const tok = await req('POST', '/api/v1/rehab/devices/token', { body: grant, expect: 200 });
    const { access_token, device_id } = tok.json<{ access_token: string; device_id: number }>();
    const dev = { headers: { authorization: `Bearer ${access_token}` } };
    await req('GET', '/api/v1/rehab/device/program', { ...dev, expect: 200 });
    await req('POST', '/api/v1/rehab/device/sessions', {
      ...dev,
      body: { exercise_id: exId, performed_at: at(1), duration_s: 120, vr_score: 70, client_id: 'oas-vr' },
      expect: 201,
    });
    await req('GET', '/api/v1/rehab/devices', { ...m, expect: 200 });
    await req('DELETE', `/api/v1/rehab/devices/${device_id}`, { ...m, expect: 204 });
    await req('GET', '/api/v1/rehab/device/program', { ...dev, expect: 401 });
  });

  it('answers 429 as the document declares once the global limit is spent', async () => {
    const limited = await createTestApp({ clock: () => NOW, env: { RATE_LIMIT_MAX: '2' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await call(limited.app, 'GET', '/api/v1/race/terrain-guide', { ip: '203.0.113.77' });
        check('GET', '/api/v1/race/terrain-guide', res);
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  it('saw no answer the document does not declare', () => {
    expect(violations).toEqual([]);
  });

  it('exercised every operation of the document with a success', () => {
    const missing = ops
      .filter((o) => !(o.key in UNREACHABLE))
      .filter((o) => ![...(seen.get(o.key) ?? [])].some((s) => s >= 200 && s < 300))
      .map((o) => o.key);
    expect(missing).toEqual([]);
    // Every error status the scenario drove was checked too.
    const errors = new Set([...seen.values()].flatMap((s) => [...s].filter((x) => x >= 400)));
    expect([...errors].sort()).toEqual([400, 401, 403, 404, 409, 413, 415, 422, 429, 503]);
  });

  it('gives every operation a unique operationId', () => {
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
