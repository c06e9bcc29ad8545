/**
 * Live streams across processes: two app instances with their own caches and live hubs share one private
 * redis-server and the run's database. What one instance commits reaches a stream open on the other through
 * Redis pub/sub (each instance's in-process fallback cannot reach the other).
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache, type Cache } from '../../src/platform/cache/index.js';
import { call, createTestApp, gymWithRoles, silentLogger, testNamespace, type TestApp } from '../harness.js';
import { book, createClass, dayFromNow, sessionOn } from '../modules/schedule/helpers.js';
import { openSse, type SseEvent, type SseStream } from '../modules/notifications/sse.js';
import { hasRedisServer, startRedis, type RedisServer } from './support.js';

describe.skipIf(!hasRedisServer)('live streams through Redis, two app instances', () => {
  let redis: RedisServer;
  let cacheA: Cache;
  let cacheB: Cache;
  let a: TestApp;
  let b: TestApp;
  const streams: SseStream[] = [];
  const listen = async (t: TestApp) => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  };
  let baseA: string;
  let baseB: string;

  beforeAll(async () => {
    redis = await startRedis();
    cacheA = createRedisCache(redis.url, silentLogger, await testNamespace());
    cacheB = createRedisCache(redis.url, silentLogger, await testNamespace());
    a = await createTestApp({ env: { REDIS_URL: redis.url }, cache: cacheA });
    b = await createTestApp({ env: { REDIS_URL: redis.url }, cache: cacheB });
    baseA = await listen(a);
    baseB = await listen(b);
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    // The streams were aborted by the client, whose sockets stay open (fetch does not close an aborted
    // response's connection at once): close() returns only because the server ends each stream together with
    // its connection (`Connection: close`). It used to wait for these connections for good.
    await a?.close();
    await b?.close();
    await cacheA?.close();
    await cacheB?.close();
    await redis?.stop('SIGKILL');
  });

  const open = async (base: string, token: string) => {
    const s = await openSse(`${base}/api/v1/notifications/stream`, { authorization: `Bearer ${token}` });
    streams.push(s);
    expect(s.status).toBe(200);
    return s;
  };
  const data = <T>(e: SseEvent) => JSON.parse(e.data) as T;

  it('a booking and a promotion committed through A reach streams on B and on A', async () => {
    const { gymId, users } = await gymWithRoles(a.app);
    const cls = await createClass(a.app, users.owner, gymId, { name: 'Two Nodes', capacity: 1 });
    const session = await sessionOn(a.app, users.owner, gymId, cls.id, dayFromNow(4));
    const onB = await open(baseB, users.trainer.token);
    const onA = await open(baseA, users.physio.token);

    const first = await book(a.app, users.member, gymId, session.id);
    expect(first.statusCode, first.body).toBe(201);
    for (const s of [onB, onA]) {
      const e = await s.next((x) => x.event === 'spots');
      expect(data(e)).toMatchObject({ gym_id: gymId, kind: 'session', id: session.id, spots_left: 0 });
    }

    // The trainer waits for the place; the member cancels through A; the trainer's stream on B is told.
    expect((await book(a.app, users.trainer, gymId, session.id)).json().status).toBe('waitlisted');
    const cancel = await call(a.app, 'DELETE', `/api/v1/schedule/bookings/${first.json().id}`, {
      token: users.member.token,
      gym: gymId,
    });
    expect(cancel.statusCode, cancel.body).toBe(204);
    const note = await onB.next((x) => x.event === 'notification');
    expect(data<{ kind: string; gym_id: number }>(note)).toMatchObject({
      kind: 'waitlist_promoted',
      gym_id: gymId,
    });
    // Nobody else's notification reached the physio's stream.
    await onA.next((x) => x.event === 'spots' && data<{ waitlist_count: number }>(x).waitlist_count === 0);
    expect(onA.events.filter((x) => x.event === 'notification')).toEqual([]);
  });

  it('a ticket issued by one instance opens the stream on the other, once', async () => {
    const { users } = await gymWithRoles(a.app);
    const res = await call(a.app, 'POST', '/api/v1/notifications/stream-ticket', {
      token: users.member.token,
    });
    const { ticket } = res.json<{ ticket: string }>();
    const s = await openSse(`${baseB}/api/v1/notifications/stream?ticket=${ticket}`);
    streams.push(s);
    expect(s.status).toBe(200);
    const again = await call(a.app, 'GET', `/api/v1/notifications/stream?ticket=${ticket}`);
    expect(again.statusCode).toBe(401);
  });
});
