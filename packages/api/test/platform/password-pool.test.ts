/** The password policy runs in worker threads (tens of ms of CPU per password, off the event loop). */
import { isMainThread } from 'node:worker_threads';
import { afterAll, expect, it } from 'vitest';
import { createPasswordChecker } from '../../src/platform/auth/password-pool.js';

const checker = createPasswordChecker({ threads: 1, maxQueue: 4 });
afterAll(() => checker.close());

it('refuses a common password and accepts a strong one, in the worker, in the request language', async () => {
  expect(isMainThread).toBe(true);
  const who = { email: 'ana@test.pulso.example', name: 'Ana' };
  expect(await checker.problem('password123', who, 'en')).toMatch(/common/i);
  expect(await checker.problem('password123', who, 'es')).toMatch(/común/i);
  expect(await checker.problem('violet lantern orbit 47', who, 'en')).toBeNull();
});

it('keeps the event loop free while passwords are checked', async () => {
  const who = { email: null, name: null };
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  // Long mixed passwords are the slowest to estimate (~0.1 s each on the main thread).
  await Promise.all(
    Array.from({ length: 4 }, (_, i) => checker.problem(`Qz7!kP2@wL9#mX4$vB8%nC3^${i}`.repeat(8), who, 'en')),
  );
  clearInterval(timer);
  expect(ticks).toBeGreaterThan(0);
});
