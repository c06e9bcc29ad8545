import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { requestLoggerFactory } from '../../src/platform/request-logger.js';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { lines, logger: pino({ level }, sink) };
}

describe('per-request logger', () => {
  it('writes what a pino child would, with the request id, at enabled levels only', async () => {
    const { lines, logger } = capture('warn');
    const app = Fastify({ loggerInstance: logger, childLoggerFactory: requestLoggerFactory });
    app.get('/x', (req) => {
      req.log.info('not at warn');
      req.log.debug({ a: 1 }, 'not at warn either');
      req.log.warn({ detail: 'kept' }, 'slow thing');
      req.log.error(new Error('boom'));
      return { level: req.log.level };
    });
    const res = await app.inject({ method: 'GET', url: '/x', headers: { 'x-request-id': 'ignored' } });
    expect(res.json()).toEqual({ level: 'warn' });
    await app.close();

    const mine = lines.filter((l) => l.reqId !== undefined);
    expect(mine.map((l) => l.msg)).toEqual(['slow thing', 'boom']);
    expect(mine[0]).toMatchObject({ level: 40, detail: 'kept' });
    expect(mine[1]).toMatchObject({ level: 50, err: { message: 'boom' } });
    // Both lines carry the same request id as a real child would bind.
    expect(typeof mine[0]!.reqId).toBe('string');
    expect(mine[1]!.reqId).toBe(mine[0]!.reqId);
  });

  it('honours a route with its own log level, and child loggers keep the request id', async () => {
    const { lines, logger } = capture('warn');
    const app = Fastify({ loggerInstance: logger, childLoggerFactory: requestLoggerFactory });
    app.get('/verbose', { logLevel: 'debug' }, (req) => {
      req.log.debug('route at debug');
      return {};
    });
    app.get('/child', (req) => {
      req.log.child({ part: 'inner' }).warn('from a child');
      return {};
    });
    await app.inject({ method: 'GET', url: '/verbose' });
    await app.inject({ method: 'GET', url: '/child' });
    await app.close();
    expect(lines.find((l) => l.msg === 'route at debug')).toMatchObject({ level: 20 });
    const child = lines.find((l) => l.msg === 'from a child');
    expect(child).toMatchObject({ part: 'inner' });
    expect(typeof child!.reqId).toBe('string');
  });

  it('follows a level raised on the request', async () => {
    const { lines, logger } = capture('warn');
    const app = Fastify({ loggerInstance: logger, childLoggerFactory: requestLoggerFactory });
    app.get('/x', (req) => {
      req.log.level = 'info';
      req.log.info('now visible');
      return {};
    });
    await app.inject({ method: 'GET', url: '/x' });
    await app.close();
    expect(lines.find((l) => l.msg === 'now visible')).toMatchObject({ level: 30 });
  });
});
