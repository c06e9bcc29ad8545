/**
 * Input hardening (issue 10 §2): each class of input that an outside black-box test turned into a 500, or that
 * was stored changed, is refused with a 4xx problem naming the field — text with NUL or a lone surrogate,
 * dates outside 1900–2200, malformed multipart bodies, values the database refuses, over-long and malformed
 * URLs, and what the HTTP parser refuses before Fastify sees a request.
 */
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataErrorProblem } from '../../src/platform/errors.js';
import {
  call,
  createGym,
  createTestApp,
  expectProblem,
  PASSWORD,
  registerUser,
  uniqueEmail,
  type TestApp,
  type TestUser,
} from '../harness.js';

const NOW = Date.parse('2026-06-10T09:00:00Z');

let t: TestApp;
let owner: TestUser;
let gymId: number;
beforeAll(async () => {
  t = await createTestApp({ clock: () => NOW });
  owner = await registerUser(t.app, { name: 'Inputs Owner' });
  gymId = await createGym(t.app, owner, 'Inputs Gym');
});
afterAll(() => t.close());

const asOwner = (o: { body?: unknown; query?: Record<string, string> } = {}) => ({
  token: owner.token,
  gym: gymId,
  ...o,
});

function expectField(res: Parameters<typeof expectProblem>[0], field: string, message: RegExp) {
  const p = expectProblem(res, 422);
  expect(p.errors).toContainEqual({ field, message: expect.stringMatching(message) });
  return p;
}

const NUL = /NUL character/;
const SURROGATE = /unpaired UTF-16 surrogate/;
const YEARS = /between the years 1900 and 2200/;

async function createClass(startDate: string) {
  return call(t.app, 'POST', '/api/v1/schedule/classes', {
    ...asOwner(),
    body: {
      name: 'Spin',
      weekdays: [1, 3],
      start_time: '07:00',
      duration_min: 45,
      capacity: 12,
      start_date: startDate,
    },
  });
}

async function createEvent(body: Record<string, unknown>) {
  return call(t.app, 'POST', '/api/v1/events', {
    ...asOwner(),
    body: { title: 'Run', starts_at: '2026-07-01T09:00:00Z', ends_at: '2026-07-01T11:00:00Z', ...body },
  });
}

describe('text with NUL is refused, naming the field', () => {
  it('on register (unauthenticated)', async () => {
    const res = await call(t.app, 'POST', '/api/v1/auth/register', {
      body: { email: uniqueEmail(), password: PASSWORD, name: 'Ana\u0000' },
    });
    expectField(res, 'name', NUL);
  });

  it('on users/me, gyms, categories, classes, events, workouts and check-ins', async () => {
    const cases: ['POST' | 'PUT' | 'PATCH', string, unknown, string][] = [
      ['PATCH', '/api/v1/users/me', { name: 'a\u0000b' }, 'name'],
      ['POST', '/api/v1/gyms', { name: 'Gym', description: 'x\u0000' }, 'description'],
      ['PATCH', '/api/v1/gyms/current', { address: '\u0000' }, 'address'],
      ['POST', '/api/v1/schedule/categories', { name: 'Yoga\u0000' }, 'name'],
      [
        'POST',
        '/api/v1/schedule/classes',
        {
          name: 'Spin',
          room: 'A\u0000',
          weekdays: [1],
          start_time: '07:00',
          duration_min: 45,
          capacity: 12,
          start_date: '2026-06-01',
        },
        'room',
      ],
      [
        'POST',
        '/api/v1/events',
        { title: 'T\u0000', starts_at: '2026-07-01T09:00:00Z', ends_at: '2026-07-01T10:00:00Z' },
        'title',
      ],
      [
        'POST',
        '/api/v1/workouts',
        { started_at: '2026-06-01T07:00:00Z', duration_s: 60, notes: '\u0000' },
        'notes',
      ],
      [
        'POST',
        '/api/v1/overtraining/check-in',
        { sleep: 2, stress: 2, fatigue: 2, soreness: 2, notes: 'ok\u0000' },
        'notes',
      ],
    ];
    for (const [method, url, body, field] of cases) {
      expectField(await call(t.app, method, url, asOwner({ body })), field, NUL);
    }
  });

  it('in a query parameter (audit-log filter)', async () => {
    const res = await call(t.app, 'GET', '/api/v1/audit-logs', asOwner({ query: { action: 'gym\u0000' } }));
    expectField(res, 'query.action', NUL);
  });

  it('in a multipart field of an import', async () => {
    const boundary = 'pulsoboundary';
    const payload =
      `--${boundary}\r\nContent-Disposition: form-data; name="notes"\r\n\r\nbad\u0000\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.gpx"\r\n\r\n<gpx/>\r\n` +
      `--${boundary}--\r\n`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/workouts/import',
      headers: {
        authorization: `Bearer ${owner.token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload,
    });
    const p = expectProblem(res, 422);
    expect(p.errors?.[0]?.field).toBe('notes');
  });
});

describe('text with an unpaired surrogate is refused, naming the field', () => {
  it('on the location of an event with people registered (each half of a pair alone)', async () => {
    const ev = await createEvent({ location: 'Retiro', capacity: 5 });
    const id = ev.json<{ id: number }>().id;
    expect((await call(t.app, 'POST', `/api/v1/events/${id}/registrations`, asOwner())).statusCode).toBe(201);
    for (const location of ['Casa de Campo \ud83c', '\udfc3 Retiro', 'a\udc00\ud800b']) {
      const res = await call(t.app, 'PATCH', `/api/v1/events/${id}`, asOwner({ body: { location } }));
      expectField(res, 'location', SURROGATE);
    }
    // A proper pair (an emoji) is ordinary text.
    const ok = await call(
      t.app,
      'PATCH',
      `/api/v1/events/${id}`,
      asOwner({ body: { location: 'Retiro 🏃' } }),
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ location: string }>().location).toBe('Retiro 🏃');
  });
});

describe('dates outside 1900–2200 are refused, never reinterpreted', () => {
  it('refuses year 0 in workouts, HRV, check-ins and class start dates', async () => {
    const cases: [string, unknown, string][] = [
      ['/api/v1/workouts', { started_at: '0000-01-01T00:00:00Z', duration_s: 60 }, 'started_at'],
      ['/api/v1/hrv/readings', { date: '0000-01-01', rmssd_ms: 50 }, 'date'],
      [
        '/api/v1/overtraining/check-in',
        { date: '0000-01-01', sleep: 2, stress: 2, fatigue: 2, soreness: 2 },
        'date',
      ],
    ];
    for (const [url, body, field] of cases)
      expectField(await call(t.app, 'POST', url, asOwner({ body })), field, YEARS);
    expectField(await createClass('0000-01-01'), 'start_date', YEARS);
  });

  it('refuses a query date past the range (GET /workouts?to=9999-12-31)', async () => {
    const res = await call(t.app, 'GET', '/api/v1/workouts', asOwner({ query: { to: '9999-12-31' } }));
    expectField(res, 'query.to', YEARS);
  });

  it('refuses events in years 1 and 99 instead of storing 2001 and 1999', async () => {
    for (const year of ['0001', '0099']) {
      const res = await createEvent({
        starts_at: `${year}-06-01T10:00:00Z`,
        ends_at: `${year}-06-01T12:00:00Z`,
      });
      expectField(res, 'starts_at', YEARS);
    }
  });

  it('refuses an instant that falls before 1900 in UTC once its offset is applied', async () => {
    const res = await createEvent({
      starts_at: '1900-01-01T00:30:00+01:00',
      ends_at: '1900-01-01T02:00:00+01:00',
    });
    expectField(res, 'starts_at', YEARS);
  });

  it('stores the ends of the range exactly as given', async () => {
    const res = await createEvent({ starts_at: '1900-01-01T00:00:00Z', ends_at: '2200-12-31T23:59:59Z' });
    expect(res.statusCode).toBe(201);
    const ev = res.json<{ starts_at: string; ends_at: string }>();
    expect(Date.parse(ev.starts_at)).toBe(Date.UTC(1900, 0, 1));
    expect(Date.parse(ev.ends_at)).toBe(Date.UTC(2200, 11, 31, 23, 59, 59));
    const hrv = await call(
      t.app,
      'POST',
      '/api/v1/hrv/readings',
      asOwner({ body: { date: '1900-01-01', rmssd_ms: 50 } }),
    );
    expect(hrv.statusCode).toBeLessThan(300);
    expect(hrv.json<{ date: string }>().date).toBe('1900-01-01');
  });

  it('still refuses dates that do not exist', async () => {
    expectField(await createClass('2026-02-30'), 'start_date', /date/i);
  });
});

describe('malformed multipart bodies on POST /workouts/import are 400 problems', () => {
  const upload = (contentType: string, payload: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/workouts/import',
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': contentType },
      payload,
    });
  const part = 'Content-Disposition: form-data; name="file"; filename="a.gpx"\r\n\r\n<gpx/>\r\n';

  it.each([
    ['no boundary', 'multipart/form-data', `--x\r\n${part}--x--\r\n`],
    ['an empty boundary', 'multipart/form-data; boundary=', `--\r\n${part}----\r\n`],
    ['a boundary longer than RFC 2046 allows', `multipart/form-data; boundary=${'b'.repeat(300)}`, 'x'],
    ['a boundary the body does not use', 'multipart/form-data; boundary=abc', `--xyz\r\n${part}--xyz--\r\n`],
    [
      'a body cut before its closing boundary',
      'multipart/form-data; boundary=abc',
      `--abc\r\n${part.slice(0, 60)}`,
    ],
  ])('with %s', async (_what, contentType, payload) => {
    const res = await upload(contentType, payload);
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expectProblem(res, res.statusCode);
  });
});

describe('values the database refuses are 422, not 500', () => {
  it('stores a number far below float4 range exactly as sent (decimal columns are double precision)', async () => {
    // 1e-182 passes the contract (0–20,000 m); a `real` column used to underflow on it (SQLSTATE 22003), a
    // double precision column keeps it.
    const res = await call(
      t.app,
      'POST',
      '/api/v1/workouts',
      asOwner({ body: { started_at: '2026-06-01T07:00:00Z', duration_s: 1800, elevation_gain_m: 1e-182 } }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json<{ elevation_gain_m: number }>().elevation_gain_m).toBe(1e-182);
  });

  it('answers a number outside what a column can hold (SQLSTATE 22003) with a 422 that names no value', () => {
    const pglite = Object.assign(new Error('value out of range for type real'), { code: '22003' });
    const p = dataErrorProblem(new Error('Failed query', { cause: pglite }));
    expect(p?.detail).toMatch(/outside the range/);
    expect(JSON.stringify(p)).not.toContain('real');
  });

  it('names the column when the database gives it, and never echoes the value', () => {
    const pglite = Object.assign(new Error('new row violates check constraint "x"'), {
      code: '23514',
      column: 'rpe',
    });
    expect(dataErrorProblem(new Error('Failed query', { cause: pglite }))).toEqual({
      detail: 'rpe: The values break a rule of the data',
      errors: [{ field: 'rpe', message: 'The values break a rule of the data' }],
    });
    const postgresJs = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
      column_name: 'notes',
    });
    expect(dataErrorProblem(postgresJs)?.errors).toEqual([
      { field: 'notes', message: expect.stringMatching(/NUL or invalid Unicode/) },
    ]);
    const noColumn = Object.assign(new Error('invalid input syntax for type integer: "secret"'), {
      code: '22P02',
    });
    expect(dataErrorProblem(noColumn)).toEqual({ detail: 'A value does not have the form the field needs' });
    expect(dataErrorProblem(Object.assign(new Error('x'), { code: '23505' }))).toBeUndefined();
    expect(dataErrorProblem(new Error('no code'))).toBeUndefined();
  });
});

describe("errors raised by Fastify and Node's HTTP parser are problems", () => {
  it('answers a path parameter over maxParamLength with a 414 problem', async () => {
    const res = await call(t.app, 'GET', `/api/v1/gyms/${'9'.repeat(300)}`, { token: owner.token });
    expectProblem(res, 414);
  });

  it('answers a URL whose percent-encoding does not decode with a 400 problem', async () => {
    expectProblem(await call(t.app, 'GET', '/api/v1/workouts/%E2%82', { token: owner.token }), 400);
  });

  it('answers text/plain and XML bodies with 415, and an empty JSON body on a DELETE with 400', async () => {
    for (const ct of ['text/plain', 'application/xml']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/gyms',
        headers: { authorization: `Bearer ${owner.token}`, 'content-type': ct },
        payload: 'name=x',
      });
      expectProblem(res, 415);
    }
    const res = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/schedule/categories/1',
      headers: {
        authorization: `Bearer ${owner.token}`,
        'x-gym-id': String(gymId),
        'content-type': 'application/json',
      },
      payload: '',
    });
    expectProblem(res, 400);
  });

  describe('over a real socket', () => {
    let port: number;
    beforeAll(async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as AddressInfo).port;
    });

    function raw(request: string): Promise<string> {
      return new Promise((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(request));
        let data = '';
        socket.on('data', (c: Buffer) => (data += c.toString('utf8')));
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
    }

    function expectRawProblem(response: string, status: number) {
      const [head, body] = response.split('\r\n\r\n');
      expect(head).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(head).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(body!)).toMatchObject({ status });
    }

    it('answers a malformed request line with a 400 problem', async () => {
      expectRawProblem(await raw('GARBAGE\r\n\r\n'), 400);
    });

    it('answers headers larger than the limit with a 431 problem', async () => {
      const big = `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
      expectRawProblem(await raw(big), 431);
    });

    it('answers a URL longer than the header limit with a 431 problem', async () => {
      expectRawProblem(
        await raw(`GET /api/v1/gyms?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
        431,
      );
    });
  });
});
