import { once } from 'node:events';
import { connect, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import {
  isDatabaseUnavailable,
  pgCode,
  registerErrorHandling,
  safeError,
} from '../../src/platform/errors.js';

describe('safeError', () => {
  it('logs the driver error, never the query parameters Drizzle puts in its message', () => {
    const driver = Object.assign(
      new Error('duplicate key value violates unique constraint "users_email_unique"'),
      {
        code: '23505',
        detail: 'Key (email)=(ana@example.com) already exists.',
      },
    );
    const wrapped = new DrizzleQueryError(
      'insert into users (email) values ($1)',
      ['ana@example.com'],
      driver,
    );
    expect(wrapped.message).toContain('ana@example.com');
    const logged = safeError(wrapped);
    expect(logged.code).toBe('23505');
    expect(logged.message).toMatch(/users_email_unique/);
    expect(JSON.stringify(logged)).not.toContain('ana@example.com');
  });

  it('tells a database that cannot be reached from other failures', () => {
    const refused = new DrizzleQueryError(
      'select 1',
      [],
      Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    );
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('dup'), { code: '23505' }))).toBe(false);
    expect(pgCode(new DrizzleQueryError('q', [], Object.assign(new Error('dup'), { code: '23505' })))).toBe(
      '23505',
    );
  });
});

/** A Fastify app with the platform's error handling whose log lines are kept, parsed, in `lines`. */
function appWithCapturedLog() {
  const lines: { level: number; msg: string; err?: unknown }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  const logger: FastifyBaseLogger = pino({ level: 'info' }, sink);
  const app = Fastify({ loggerInstance: logger });
  registerErrorHandling(app);
  return { app, lines };
}

describe('a database that cannot be reached', () => {
  it('answers 503 and logs the driver error only, never the query or its parameters', async () => {
    const { app, lines } = appWithCapturedLog();
    app.post('/note', async () => {
      throw new DrizzleQueryError(
        'insert into rehab_notes (text) values ($1)',
        ['knee pain after surgery'],
        Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' }),
      );
    });
    const res = await app.inject({ method: 'POST', url: '/note' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    const warning = lines.find((l) => l.msg === 'database unavailable');
    expect(warning?.err).toMatchObject({ code: 'CONNECTION_CLOSED', message: /CONNECTION_CLOSED/ });
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain('knee pain');
    expect(logged).not.toContain('rehab_notes');
    await app.close();
  });
});

describe('a client that hangs up mid-body', () => {
  it('is logged as a client hang-up, not as the database being unavailable', async () => {
    const { app, lines } = appWithCapturedLog();
    let handled = false;
    app.post('/echo', async (req) => {
      handled = true;
      return req.body;
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1');
      await once(socket, 'connect');
      socket.write(
        'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
      );
      // Let the server start reading the body before the client goes away.
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.destroy();
      await vi.waitFor(() =>
        expect(lines.map((l) => l.msg)).toContain(
          'client closed the connection while sending its request body',
        ),
      );
      expect(lines.map((l) => l.msg)).not.toContain('database unavailable');
      expect(handled).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('still takes a reset database connection for the database being unavailable', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(isDatabaseUnavailable(new DrizzleQueryError('select 1', [], reset))).toBe(true);
  });
});
