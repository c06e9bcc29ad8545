/**
 * Design §9: several API processes share one database and one Redis, each with its own in-process cache in
 * front of Redis. A change made through one process is visible through all of them on the next read, because
 * every process drops its copy when Redis pub/sub announces the invalidation. Two app instances here, each
 * with its own cache object, against one private redis-server and the run's shared database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache, type Cache } from '../../src/platform/cache/index.js';
import {
  addMember,
  call,
  createGym,
  createTestApp,
  expectProblem,
  registerUser,
  silentLogger,
  testNamespace,
  type TestApp,
} from '../harness.js';
import { hasRedisServer, startRedis, type RedisServer } from './support.js';

// Needs the redis-server binary for a Redis of our own (the machine's Redis is left alone).
describe.skipIf(!hasRedisServer)('two app instances, one database, one Redis', () => {
  let redis: RedisServer;
  let cacheA: Cache;
  let cacheB: Cache;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    redis = await startRedis();
    cacheA = createRedisCache(redis.url, silentLogger, await testNamespace());
    cacheB = createRedisCache(redis.url, silentLogger, await testNamespace());
    a = await createTestApp({ env: { REDIS_URL: redis.url }, cache: cacheA });
    b = await createTestApp({ env: { REDIS_URL: redis.url }, cache: cacheB });
    expect(a.database).toBe(b.database);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await cacheA?.close();
    await cacheB?.close();
    await redis?.stop('SIGKILL');
  });

  it('a rename through A shows on B on the next read', async () => {
    const u = await registerUser(a.app, { name: 'Before Rename' });
    // Warm B: the principal is now in B's in-process layer.
    const before = await call(b.app, 'GET', '/api/v1/users/me', { token: u.token });
    expect(before.json().name).toBe('Before Rename');
    expect((await call(b.app, 'GET', '/api/v1/users/me', { token: u.token })).json().name).toBe(
      'Before Rename',
    );
    const hitsBefore = cacheB.stats().hits;
    expect(hitsBefore).toBeGreaterThan(0);

    const patch = await call(a.app, 'PATCH', '/api/v1/users/me', {
      token: u.token,
      body: { name: 'After Rename' },
    });
    expect(patch.statusCode, patch.body).toBe(200);

    const after = await call(b.app, 'GET', '/api/v1/users/me', { token: u.token });
    expect(after.statusCode).toBe(200);
    expect(after.json().name).toBe('After Rename');
  });

  it('an admin demoted through A gets 403 on an admin-only route on B at once', async () => {
    const owner = await registerUser(a.app, { name: 'Owner' });
    const admin = await registerUser(a.app, { name: 'Admin' });
    const gymId = await createGym(a.app, owner, 'Shared Cache Gym');
    await addMember(a.app, owner, gymId, admin, 'admin');

    // GET /audit-logs is for owners and admins; two calls so B serves the membership from its own layer.
    for (let i = 0; i < 2; i++) {
      const ok = await call(b.app, 'GET', '/api/v1/audit-logs', { token: admin.token, gym: gymId });
      expect(ok.statusCode, ok.body).toBe(200);
    }

    const demote = await call(a.app, 'PATCH', `/api/v1/members/${admin.id}`, {
      token: owner.token,
      gym: gymId,
      body: { role: 'member' },
    });
    expect(demote.statusCode, demote.body).toBe(200);

    expectProblem(await call(b.app, 'GET', '/api/v1/audit-logs', { token: admin.token, gym: gymId }), 403);
    // And the other way round: promoted again through B, allowed again on A.
    const promote = await call(b.app, 'PATCH', `/api/v1/members/${admin.id}`, {
      token: owner.token,
      gym: gymId,
      body: { role: 'admin' },
    });
    expect(promote.statusCode, promote.body).toBe(200);
    expect(
      (await call(a.app, 'GET', '/api/v1/audit-logs', { token: admin.token, gym: gymId })).statusCode,
    ).toBe(200);
  });

  // A rename re-reads the principal before answering, which hides a race that a role change (answered right
  // after the invalidation is published) exposes: so the repeated check alternates role changes.
  it('holds over many rounds, writes alternating between the instances', async () => {
    const owner = await registerUser(a.app, { name: 'Owner' });
    const staff = await registerUser(a.app, { name: 'Staff' });
    const gymId = await createGym(a.app, owner, 'Rounds Gym');
    await addMember(a.app, owner, gymId, staff, 'admin');
    let role: 'admin' | 'member' = 'admin';
    for (let i = 1; i <= 30; i++) {
      const [writer, reader] = i % 2 ? [a, b] : [b, a];
      const auditLogs = () =>
        call(reader.app, 'GET', '/api/v1/audit-logs', { token: staff.token, gym: gymId });
      // Warm the reader, change the role through the other instance, read again on the reader at once.
      expect((await auditLogs()).statusCode).toBe(role === 'admin' ? 200 : 403);
      role = role === 'admin' ? 'member' : 'admin';
      const res = await call(writer.app, 'PATCH', `/api/v1/members/${staff.id}`, {
        token: owner.token,
        gym: gymId,
        body: { role },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect((await auditLogs()).statusCode, `round ${i}: ${role}`).toBe(role === 'admin' ? 200 : 403);
    }
  });
});
