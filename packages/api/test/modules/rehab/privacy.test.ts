/**
 * Issue 14, "Privacy and security": free text is stored as text and never rendered as HTML by the API, and
 * clinical text (diagnosis, goals, session notes) never reaches the logs, at the most verbose level, including
 * the log lines of refused requests and of alerts.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import {
  call,
  gymWithRoles,
  outbox,
  sharedDatabase,
  testCache,
  testConfig,
  testNow,
  waitFor,
  type TestUser,
} from '../../harness.js';

const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, cb) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    cb();
  },
});

// Markers that would only be in a log line if clinical text were written there.
const DIAGNOSIS = 'Tendinopatía rotuliana marcador-d1a9';
const GOALS = 'Volver a saltar marcador-g0a1';
const NOTES = '<script>alert("marcador-n07e")</script> <b>dolor</b> & rigidez';

const NOW = testNow();
let app: Awaited<ReturnType<typeof buildApp>>;
let gymId: number;
let users: Record<'owner' | 'admin' | 'trainer' | 'physio' | 'member', TestUser>;
const cache = await testCache();

beforeAll(async () => {
  if (cache.backend === 'redis') await waitFor(() => cache.status() === 'up');
  app = await buildApp({
    config: testConfig({ LOG_LEVEL: 'trace' }),
    database: await sharedDatabase(),
    cache,
    logger: pino({ level: 'trace' }, sink),
    clock: () => NOW,
    mailer: outbox,
  });
  await app.ready();
  ({ gymId, users } = await gymWithRoles(app));
});
afterAll(async () => {
  await app.close();
  await cache.close();
});

it('stores notes as the text sent and answers them as JSON text, never HTML; no clinical text is logged', async () => {
  const as = (u: TestUser) => ({ token: u.token, gym: gymId });
  const exercises = (await call(app, 'GET', '/api/v1/rehab/exercises?limit=100', as(users.physio))).json<
    { id: number; name: { en: string } }[]
  >();
  const heelSlide = exercises.find((e) => e.name.en === 'Heel slide')!.id;
  const created = await call(app, 'POST', '/api/v1/rehab/patients', {
    ...as(users.physio),
    body: { user_id: users.member.id, diagnosis: DIAGNOSIS, goals: GOALS, physio_id: users.physio.id },
  });
  expect(created.statusCode, created.body).toBe(201);
  const patientId = created.json<{ id: number }>().id;

  const session = await call(app, 'POST', '/api/v1/rehab/sessions', {
    ...as(users.member),
    body: {
      exercise_id: heelSlide,
      performed_at: new Date(NOW - 3_600_000).toISOString(),
      pain_after: 3,
      notes: NOTES,
    },
  });
  expect(session.statusCode, session.body).toBe(201);
  expect(session.headers['content-type']).toMatch(/^application\/json/);
  // The very characters sent: not escaped to entities, not stripped, not rendered.
  expect(session.json<{ notes: string }>().notes).toBe(NOTES);
  const listed = await call(app, 'GET', `/api/v1/rehab/patients/${patientId}/sessions`, as(users.physio));
  expect(listed.headers['content-type']).toMatch(/^application\/json/);
  expect(listed.json<{ notes: string }[]>()[0]!.notes).toBe(NOTES);

  // Refused requests carrying clinical text, and the reads that audit and raise alerts.
  const refused = await call(app, 'POST', '/api/v1/rehab/sessions', {
    ...as(users.member),
    body: { exercise_id: heelSlide, performed_at: new Date(NOW).toISOString(), pain_after: 11, notes: NOTES },
  });
  expect(refused.statusCode).toBe(422);
  expect(refused.body).not.toContain('marcador-n07e');
  const patched = await call(app, 'PATCH', `/api/v1/rehab/patients/${patientId}`, {
    ...as(users.physio),
    body: { diagnosis: `${DIAGNOSIS} ${'x'.repeat(5000)}` },
  });
  expect(patched.statusCode).toBe(422);
  await call(app, 'GET', `/api/v1/rehab/patients/${patientId}`, as(users.physio));
  await call(app, 'GET', `/api/v1/rehab/patients/${patientId}/progress`, as(users.physio));
  await call(app, 'GET', '/api/v1/rehab/dashboard', as(users.physio));
  await call(app, 'GET', '/api/v1/users/me/export', { token: users.member.token });

  // The log did see these requests (so the check below could fail), and none of their clinical text.
  const requests = lines
    .map((l) => JSON.parse(l) as { msg?: string; route?: string })
    .filter((r) => r.msg === 'request');
  expect(requests.some((r) => r.route === '/api/v1/rehab/sessions')).toBe(true);
  expect(requests.some((r) => r.route === '/api/v1/rehab/patients/:id')).toBe(true);
  const all = lines.join('\n');
  for (const marker of ['marcador-d1a9', 'marcador-g0a1', 'marcador-n07e', 'rigidez'])
    expect(all).not.toContain(marker);
});
