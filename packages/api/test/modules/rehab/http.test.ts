import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../src/platform/db/index.js';
import {
  addMember,
  call,
  createGym,
  createTestApp,
  expectProblem,
  gymWithRoles,
  registerUser,
  testNow,
  type TestApp,
  type TestUser,
} from '../../harness.js';

/** The file's clock: frozen at one instant, moved forward by hand where a test needs time to pass. */
const START = testNow();
let clock = START;
const DAY = 86_400_000;
const ago = (days: number, h = 0) => new Date(clock - days * DAY - h * 3_600_000).toISOString();

let t: TestApp;
let gymId: number;
let users: Record<'owner' | 'admin' | 'trainer' | 'physio' | 'member', TestUser>;
let other: TestUser; // a second member, another patient

beforeAll(async () => {
  t = await createTestApp({ clock: () => clock });
  ({ gymId, users } = await gymWithRoles(t.app));
  other = await registerUser(t.app, { name: 'Other Patient' });
  await addMember(t.app, users.owner, gymId, other, 'member');
});
afterAll(async () => {
  await t.close();
});

const as = (u: TestUser) => ({ token: u.token, gym: gymId });
const get = (u: TestUser, url: string) => call(t.app, 'GET', url, as(u));
const post = (u: TestUser, url: string, body: unknown) => call(t.app, 'POST', url, { ...as(u), body });
/** A session's alert evaluation runs after its answer: everything queued so far, done. */
const settled = () => t.app.services.rehab.settled();
/** The physio's notifications once the evaluations of the sessions logged so far have run. */
const physioNotes = async () => {
  await settled();
  return get(users.physio, '/api/v1/notifications?limit=100');
};
async function query<T>(text: string): Promise<T[]> {
  return rowsOf<T>(await t.database.db.execute(sql.raw(text)));
}
/** A new member of the clinic, made a patient of the physio: for tests that need a record of their own. */
async function newPatient(name: string, diagnosis = 'Lumbalgia') {
  const u = await registerUser(t.app, { name });
  await addMember(t.app, users.owner, gymId, u, 'member');
  const p = (
    await post(users.physio, '/api/v1/rehab/patients', {
      user_id: u.id,
      diagnosis,
      physio_id: users.physio.id,
    })
  ).json<Patient>();
  return { u, p };
}
const fieldsOf = (p: { errors?: { field: string }[] }) => (p.errors ?? []).map((e) => e.field);

interface Exercise {
  id: number;
  gym_id: number | null;
  name: { en: string; es: string };
  modality: string;
  source: string | null;
}
interface Patient {
  id: number;
  user_id: number;
  diagnosis: string;
  physio_id: number | null;
}
interface Session {
  id: number;
  patient_id: number;
  client_id: string | null;
  notes: string | null;
  logged_via: string;
  pain_after: number | null;
}

let exercises: Exercise[];
const exerciseId = (en: string) => exercises.find((e) => e.name.en === en)!.id;
let patient: Patient; // users.member, treated by users.physio
let otherPatient: Patient; // `other`, no physio

const DIAGNOSIS = 'Menisectomía parcial rodilla izquierda — marcador-9f3c';

describe('exercise catalogue', () => {
  it('lists the base catalogue (paginated) with sources, filters by region, and adds and changes clinic exercises', async () => {
    const res = await get(users.member, '/api/v1/rehab/exercises?limit=100');
    expect(res.statusCode).toBe(200);
    exercises = res.json<Exercise[]>();
    expect(Number(res.headers['x-total-count'])).toBeGreaterThanOrEqual(30);
    expect(exercises.every((e) => e.gym_id === null && e.source)).toBe(true);
    const knees = (await get(users.member, '/api/v1/rehab/exercises?body_region=knee&limit=100')).json<
      { body_region: string }[]
    >();
    expect(knees.length).toBeGreaterThan(3);
    expect(knees.every((e) => e.body_region === 'knee')).toBe(true);

    const body = {
      name: { en: 'Wobble board', es: 'Plato de Freeman' },
      instructions: { en: 'Balance for 30 s', es: 'Mantén el equilibrio 30 s' },
      body_region: 'ankle',
      difficulty: 3,
      modality: 'clinic',
      measured_by: 'time',
    };
    const created = await post(users.physio, '/api/v1/rehab/exercises', body);
    expect(created.statusCode).toBe(201);
    const ex = created.json<Exercise>();
    expect(ex).toMatchObject({ gym_id: gymId, source: null });
    const changed = await call(t.app, 'PATCH', `/api/v1/rehab/exercises/${ex.id}`, {
      ...as(users.admin),
      body: { difficulty: 4 },
    });
    expect(changed.json()).toMatchObject({ difficulty: 4 });
    const base = await call(t.app, 'PATCH', `/api/v1/rehab/exercises/${exercises[0]!.id}`, {
      ...as(users.physio),
      body: { difficulty: 4 },
    });
    expect(expectProblem(base, 403).type).toMatch(/rehab-base-exercise$/);
    expectProblem(await post(users.trainer, '/api/v1/rehab/exercises', body), 403);
  });
});

describe('patients', () => {
  it('opens records for members, refuses a second one, non-members and a non-staff physio', async () => {
    const res = await post(users.physio, '/api/v1/rehab/patients', {
      user_id: users.member.id,
      diagnosis: DIAGNOSIS,
      side: 'left',
      surgery_date: '2026-01-15',
      physio_id: users.physio.id,
      goals: 'Volver a correr',
    });
    expect(res.statusCode).toBe(201);
    patient = res.json<Patient>();
    expect(patient).toMatchObject({
      user_id: users.member.id,
      diagnosis: DIAGNOSIS,
      physio_id: users.physio.id,
    });
    expect(res.headers.location).toBe(`/api/v1/rehab/patients/${patient.id}`);

    otherPatient = (
      await post(users.owner, '/api/v1/rehab/patients', { user_id: other.id, diagnosis: 'Hombro' })
    ).json();

    const again = await post(users.physio, '/api/v1/rehab/patients', {
      user_id: users.member.id,
      diagnosis: 'x',
    });
    expect(expectProblem(again, 409).type).toMatch(/rehab-patient-exists$/);
    const stranger = await registerUser(t.app);
    expect(
      fieldsOf(
        expectProblem(
          await post(users.physio, '/api/v1/rehab/patients', { user_id: stranger.id, diagnosis: 'x' }),
          422,
        ),
      ),
    ).toEqual(['user_id']);
    const badPhysio = await post(users.physio, '/api/v1/rehab/patients', {
      user_id: users.trainer.id,
      diagnosis: 'x',
      physio_id: users.trainer.id,
    });
    expect(fieldsOf(expectProblem(badPhysio, 422))).toEqual(['physio_id']);
  });

  it('stores clinical text encrypted: raw rows hold no plaintext', async () => {
    const rows = await query<Record<string, string | null>>(
      `select diagnosis, goals, injury_date, surgery_date from rehab_patients where id = ${patient.id}`,
    );
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain('marcador-9f3c');
    expect(raw).not.toContain('Volver a correr');
    expect(raw).not.toContain('2026-01-15');
    expect(rows[0]!.diagnosis).toBeTruthy();
  });

  it('a patient sees only their own record, a trainer none; staff see the clinic’s', async () => {
    expect((await get(users.member, `/api/v1/rehab/patients/${patient.id}`)).json()).toMatchObject({
      diagnosis: DIAGNOSIS,
    });
    expectProblem(await get(users.member, `/api/v1/rehab/patients/${otherPatient.id}`), 404);
    expectProblem(await get(users.trainer, `/api/v1/rehab/patients/${patient.id}`), 404);
    expectProblem(await get(users.trainer, '/api/v1/rehab/patients'), 403);
    expect((await get(users.admin, `/api/v1/rehab/patients/${patient.id}`)).statusCode).toBe(200);
    const list = await get(users.physio, '/api/v1/rehab/patients');
    expect(list.json<Patient[]>().map((p) => p.id)).toEqual(
      expect.arrayContaining([patient.id, otherPatient.id]),
    );
    // Another clinic's staff cannot reach the patient: their X-Gym-ID is their own gym.
    const outsider = await registerUser(t.app);
    const res = await call(t.app, 'POST', '/api/v1/gyms', {
      token: outsider.token,
      body: { name: 'Other clinic' },
    });
    const otherGym = res.json<{ id: number }>().id;
    expectProblem(
      await call(t.app, 'GET', `/api/v1/rehab/patients/${patient.id}`, {
        token: outsider.token,
        gym: otherGym,
      }),
      404,
    );
  });

  it('changes a record', async () => {
    const res = await call(t.app, 'PATCH', `/api/v1/rehab/patients/${otherPatient.id}`, {
      ...as(users.physio),
      body: { physio_id: users.physio.id, status: 'active', goals: 'Levantar el brazo' },
    });
    expect(res.json()).toMatchObject({ physio_id: users.physio.id, goals: 'Levantar el brazo' });
    otherPatient = res.json();
  });
});

describe('programmes', () => {
  it('keeps one active programme, older ones ended; my-program shows today’s exercises', async () => {
    const first = await post(users.physio, `/api/v1/rehab/patients/${patient.id}/programs`, {
      exercises: [{ exercise_id: exerciseId('Quadriceps set'), sets: 3, reps: 10, frequency_per_week: 5 }],
    });
    expect(first.statusCode).toBe(201);
    const second = await post(users.physio, `/api/v1/rehab/patients/${patient.id}/programs`, {
      exercises: [
        {
          exercise_id: exerciseId('Heel slide'),
          sets: 3,
          reps: 10,
          frequency_per_week: 7,
          progression: { increase_percent: 10 },
        },
        { exercise_id: exerciseId('VR knee flexion game'), sets: 2, duration_s: 300, frequency_per_week: 3 },
      ],
    });
    expect(second.statusCode).toBe(201);
    const list = (await get(users.member, `/api/v1/rehab/patients/${patient.id}/programs`)).json<
      { id: number; status: string }[]
    >();
    expect(list.map((p) => p.status)).toEqual(['active', 'ended']);

    const mine = await get(users.member, '/api/v1/rehab/my-program');
    expect(mine.statusCode).toBe(200);
    const m = mine.json<{ today: { exercise: { id: number }; reps: number | null; due_today: boolean }[] }>();
    expect(m.today.map((x) => x.exercise.id)).toEqual([
      exerciseId('Heel slide'),
      exerciseId('VR knee flexion game'),
    ]);
    expect(m.today[0]).toMatchObject({ reps: 10, due_today: true });
    expectProblem(await get(users.trainer, '/api/v1/rehab/my-program'), 404);

    const bad = await post(users.physio, `/api/v1/rehab/patients/${patient.id}/programs`, {
      exercises: [{ exercise_id: 2_000_000, sets: 1, reps: 1, frequency_per_week: 1 }],
    });
    expect(fieldsOf(expectProblem(bad, 422))).toEqual(['exercises.0.exercise_id']);
    const ended = list[1]!.id;
    expect(
      expectProblem(
        await call(t.app, 'PATCH', `/api/v1/rehab/patients/${patient.id}/programs/${ended}`, {
          ...as(users.physio),
          body: { status: 'ended' },
        }),
        409,
      ).type,
    ).toMatch(/rehab-program-ended$/);
  });
});

describe('sessions', () => {
  const base = () => ({ exercise_id: exerciseId('Heel slide'), performed_at: ago(0, 1), reps_done: 10 });

  it('a patient logs a session; notes are encrypted at rest; the metric counts it by modality only', async () => {
    const res = await post(users.member, '/api/v1/rehab/sessions', {
      ...base(),
      notes: 'Dolor leve nota-7b1e',
      pain_after: 2,
    });
    expect(res.statusCode).toBe(201);
    const s = res.json<Session>();
    expect(s).toMatchObject({ patient_id: patient.id, logged_via: 'patient', notes: 'Dolor leve nota-7b1e' });
    const raw = JSON.stringify(await query(`select * from rehab_sessions where id = ${s.id}`));
    expect(raw).not.toContain('nota-7b1e');
    const metrics = (await call(t.app, 'GET', '/metrics')).body
      .split('\n')
      .filter((l) => l.startsWith('exercises_completed_total'))
      .join('\n');
    expect(metrics).toMatch(/exercises_completed_total\{modality="home"\} [1-9]/);
    expect(metrics).not.toMatch(/patient|user/);
  });

  it('is idempotent by client_id, also under concurrent retries', async () => {
    const body = { ...base(), client_id: 'headset-retry-1' };
    const first = await post(users.member, '/api/v1/rehab/sessions', body);
    expect(first.statusCode).toBe(201);
    const again = await post(users.member, '/api/v1/rehab/sessions', body);
    expect(again.statusCode).toBe(200);
    expect(again.json<Session>().id).toBe(first.json<Session>().id);

    const burst = { ...base(), client_id: 'headset-burst' };
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => post(users.member, '/api/v1/rehab/sessions', burst)),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(11);
    expect(new Set(answers.map((a) => a.json<Session>().id)).size).toBe(1);
    const counted = await query<{ n: number }>(
      `select count(*)::int as n from rehab_sessions where client_id = 'headset-burst' and patient_id = ${patient.id}`,
    );
    expect(counted[0]!.n).toBe(1);
  });

  it('refuses pain 11, negative reps, range of motion over 360°, a session in the future (422 naming the field)', async () => {
    const bad = async (extra: object, field: string) =>
      expect(
        fieldsOf(
          expectProblem(await post(users.member, '/api/v1/rehab/sessions', { ...base(), ...extra }), 422),
        ),
      ).toEqual([field]);
    await bad({ pain_after: 11 }, 'pain_after');
    await bad({ pain_before: -1 }, 'pain_before');
    await bad({ reps_done: -3 }, 'reps_done');
    await bad({ range_of_motion_deg: 361 }, 'range_of_motion_deg');
    await bad({ vr_score: 101 }, 'vr_score');
    await bad({ performed_at: new Date(clock + 3_600_000).toISOString() }, 'performed_at');
    await bad({ exercise_id: 2_000_000 }, 'exercise_id');
  });

  it('staff log for a patient with patient_id; a member cannot log for another; lists filter by from/to', async () => {
    const staff = await post(users.physio, '/api/v1/rehab/sessions', {
      ...base(),
      patient_id: otherPatient.id,
      performed_at: ago(3),
    });
    expect(staff.statusCode).toBe(201);
    expect(staff.json()).toMatchObject({ patient_id: otherPatient.id, logged_via: 'staff' });
    expect(fieldsOf(expectProblem(await post(users.physio, '/api/v1/rehab/sessions', base()), 422))).toEqual([
      'patient_id',
    ]);
    expectProblem(
      await post(users.member, '/api/v1/rehab/sessions', { ...base(), patient_id: otherPatient.id }),
      404,
    );
    expectProblem(await post(users.trainer, '/api/v1/rehab/sessions', base()), 404);

    const all = await get(users.physio, `/api/v1/rehab/patients/${otherPatient.id}/sessions`);
    expect(all.headers['x-total-count']).toBe('1');
    const none = await get(
      users.physio,
      `/api/v1/rehab/patients/${otherPatient.id}/sessions?from=${encodeURIComponent(ago(1))}`,
    );
    expect(none.json()).toEqual([]);
    expectProblem(await get(other, `/api/v1/rehab/patients/${patient.id}/sessions`), 404);
  });
});

describe('logging a session in one statement', () => {
  const base = () => ({ exercise_id: exerciseId('Heel slide'), performed_at: ago(0, 2), reps_done: 8 });
  const sessionsOf = async (patientId: number) =>
    (
      await query<{ n: number }>(
        `select count(*)::int as n from rehab_sessions where patient_id = ${patientId}`,
      )
    )[0]!.n;

  it('answers exactly what a later read of the stored session gives (every field, notes opened)', async () => {
    const body = {
      exercise_id: exerciseId('VR knee flexion game'),
      performed_at: ago(0, 3),
      sets_done: 3,
      reps_done: 12,
      duration_s: 600,
      range_of_motion_deg: 97.35,
      vr_score: 81.125,
      pain_before: 3,
      pain_after: 1,
      difficulty: 4,
      notes: 'Rodilla estable — nota-c41d "quoted" <b>',
      client_id: 'echo-check-1',
    };
    const res = await post(users.member, '/api/v1/rehab/sessions', body);
    expect(res.statusCode).toBe(201);
    const answered = res.json<Session & Record<string, unknown>>();
    expect(answered).toMatchObject({ modality: 'vr', logged_via: 'patient', range_of_motion_deg: 97.35 });
    const listed = await get(
      users.member,
      `/api/v1/rehab/patients/${patient.id}/sessions?from=${encodeURIComponent(body.performed_at)}&to=${encodeURIComponent(body.performed_at)}`,
    );
    expect(listed.json<unknown[]>()).toEqual([answered]);
    expect(res.headers.location).toContain(`/api/v1/rehab/patients/${patient.id}/sessions?from=`);
    // A retry answers the stored row (read and opened), identical to the first answer.
    const retry = await post(users.member, '/api/v1/rehab/sessions', body);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(answered);
    const raw = JSON.stringify(await query(`select notes from rehab_sessions where id = ${answered.id}`));
    expect(raw).not.toContain('nota-c41d');
  });

  it('keeps the order of refusals: not a patient before a bad body; another’s patient_id writes nothing', async () => {
    const future = { ...base(), performed_at: new Date(clock + 3_600_000).toISOString() };
    // No patient record: 404 even though the body is refused too.
    expectProblem(await post(users.trainer, '/api/v1/rehab/sessions', future), 404);
    expectProblem(
      await post(users.trainer, '/api/v1/rehab/sessions', { ...base(), exercise_id: 2_000_000 }),
      404,
    );
    // Staff without patient_id and no record of their own: patient_id is named, whatever else is wrong.
    expect(
      fieldsOf(expectProblem(await post(users.physio, '/api/v1/rehab/sessions', { ...future }), 422)),
    ).toEqual(['patient_id']);
    // A patient naming another patient: 404 before the body's refusal, and nothing written for either.
    const before = [await sessionsOf(patient.id), await sessionsOf(otherPatient.id)];
    expectProblem(
      await post(users.member, '/api/v1/rehab/sessions', { ...future, patient_id: otherPatient.id }),
      404,
    );
    expectProblem(
      await post(users.member, '/api/v1/rehab/sessions', {
        ...base(),
        patient_id: otherPatient.id,
        client_id: 'x',
      }),
      404,
    );
    expect([await sessionsOf(patient.id), await sessionsOf(otherPatient.id)]).toEqual(before);
    // Their own id is accepted, and a bad body from a patient still names its field.
    const own = await post(users.member, '/api/v1/rehab/sessions', { ...base(), patient_id: patient.id });
    expect(own.statusCode).toBe(201);
    expect(fieldsOf(expectProblem(await post(users.member, '/api/v1/rehab/sessions', future), 422))).toEqual([
      'performed_at',
    ]);
  });

  it('a patient of one clinic is no patient in another: 404 there, nothing written in it', async () => {
    const clinicB = await createGym(t.app, users.owner, 'Clinic B');
    await addMember(t.app, users.owner, clinicB, users.member, 'member');
    const before = await sessionsOf(patient.id);
    const asB = { token: users.member.token, gym: clinicB };
    expectProblem(await call(t.app, 'POST', '/api/v1/rehab/sessions', { ...asB, body: base() }), 404);
    expectProblem(
      await call(t.app, 'POST', '/api/v1/rehab/sessions', {
        ...asB,
        body: { ...base(), patient_id: patient.id },
      }),
      404,
    );
    expect(await sessionsOf(patient.id)).toBe(before);
    expect(
      (
        await query<{ n: number }>(`select count(*)::int as n from rehab_sessions where gym_id = ${clinicB}`)
      )[0]!.n,
    ).toBe(0);
  });
});

describe('progress, alerts, notification and dashboard', () => {
  it('raises pain_rising on the third rising session and notifies the physio once', async () => {
    const ex = exerciseId('Heel slide');
    for (const [i, pain] of [2, 3, 5].entries())
      await post(users.physio, '/api/v1/rehab/sessions', {
        patient_id: otherPatient.id,
        exercise_id: ex,
        performed_at: ago(2 - i, 2),
        pain_after: pain,
        range_of_motion_deg: 100,
      });
    const progress = await get(users.physio, `/api/v1/rehab/patients/${otherPatient.id}/progress`);
    expect(progress.statusCode).toBe(200);
    const p = progress.json<{
      alerts: { type: string; details: Record<string, number>; message: string }[];
      weeks: unknown[];
    }>();
    expect(p.alerts.find((a) => a.type === 'pain_rising')).toMatchObject({ details: { from: 2, to: 5 } });
    expect(p.weeks).toHaveLength(12);

    // Reading again (and another session that keeps the same rise) does not notify a second time.
    await get(users.physio, `/api/v1/rehab/patients/${otherPatient.id}/progress`);
    const notes = (await physioNotes()).json<
      { kind: string; data: { type: string; patient_id: number }; body: string }[]
    >();
    const mine = notes.filter(
      (n) =>
        n.kind === 'rehab_alert' && n.data.patient_id === otherPatient.id && n.data.type === 'pain_rising',
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toContain('Other Patient');
    // The patient's own view carries the same alerts.
    expect(
      (await get(other, `/api/v1/rehab/patients/${otherPatient.id}/progress`)).json<{ alerts: unknown[] }>()
        .alerts.length,
    ).toBeGreaterThan(0);
  });

  let idle: Patient; // a patient whose last session was 9 days ago
  it('raises inactive after 7 days without a session, once', async () => {
    const u = await registerUser(t.app, { name: 'Idle Patient' });
    await addMember(t.app, users.owner, gymId, u, 'member');
    idle = (
      await post(users.physio, '/api/v1/rehab/patients', {
        user_id: u.id,
        diagnosis: 'Lumbalgia',
        physio_id: users.physio.id,
      })
    ).json<Patient>();
    await post(users.physio, '/api/v1/rehab/sessions', {
      patient_id: idle.id,
      exercise_id: exerciseId('Pelvic tilt'),
      performed_at: ago(9),
    });
    const p = (await get(users.physio, `/api/v1/rehab/patients/${idle.id}/progress`)).json<{
      alerts: { type: string; details: { days: number } }[];
    }>();
    expect(p.alerts.find((a) => a.type === 'inactive')?.details.days).toBe(9);
    await get(users.physio, `/api/v1/rehab/patients/${idle.id}/progress`);
    const notes = (await physioNotes()).json<
      { kind: string; data: { type: string; patient_id: number } }[]
    >();
    expect(
      notes.filter(
        (n) => n.kind === 'rehab_alert' && n.data.patient_id === idle.id && n.data.type === 'inactive',
      ),
    ).toHaveLength(1);
  });

  it('the dashboard lists the physio’s patients sorted by need and is rebuilt after a session', async () => {
    const first = await get(users.physio, '/api/v1/rehab/dashboard');
    expect(first.statusCode).toBe(200);
    const rows =
      first.json<{ patient_id: number; need: number; alerts: string[]; last_session_at: string | null }[]>();
    expect(rows.map((r) => r.patient_id).sort()).toEqual([patient.id, otherPatient.id, idle.id].sort());
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.need).toBeGreaterThanOrEqual(rows[i]!.need);
    expect(rows.find((r) => r.patient_id === idle.id)!.alerts).toContain('inactive');
    expect(rows.find((r) => r.patient_id === otherPatient.id)!.alerts).toContain('pain_rising');
    // A second read is the cached page.
    expect((await get(users.physio, '/api/v1/rehab/dashboard')).body).toBe(first.body);

    await post(users.physio, '/api/v1/rehab/sessions', {
      patient_id: idle.id,
      exercise_id: exerciseId('Pelvic tilt'),
      performed_at: ago(0, 1),
    });
    const after = (await get(users.physio, '/api/v1/rehab/dashboard')).json<typeof rows>();
    const row = after.find((r) => r.patient_id === idle.id)!;
    expect(row.alerts).not.toContain('inactive');
    expect(row.last_session_at).toBe(ago(0, 1));
    expectProblem(await get(users.trainer, '/api/v1/rehab/dashboard'), 403);
    expectProblem(await get(users.member, '/api/v1/rehab/dashboard'), 403);
  });
});

describe('progress cache and backlogs', () => {
  const progressOf = async (u: TestUser, id: number) => {
    const res = await get(u, `/api/v1/rehab/patients/${id}/progress`);
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };
  const audited = async (id: number) =>
    (
      await query<{ n: number }>(
        `select count(*)::int n from rehab_access_log where patient_id = ${id} and action = 'progress.read'`,
      )
    )[0]!.n;

  it('a new session and a new programme show on the very next progress read; every read is still audited', async () => {
    const first = await progressOf(users.physio, patient.id);
    const before = first.json<{ sessions_total: number; last_session_at: string | null }>();
    const looks = await audited(patient.id);
    // The same read again is the cached answer, and its look is written to the access log all the same.
    expect((await progressOf(users.physio, patient.id)).body).toBe(first.body);
    expect(await audited(patient.id)).toBe(looks + 1);

    const performed = new Date(clock - 30 * 60_000).toISOString();
    const logged = await post(users.member, '/api/v1/rehab/sessions', {
      exercise_id: exerciseId('Heel slide'),
      performed_at: performed,
      pain_after: 1,
    });
    expect(logged.statusCode, logged.body).toBe(201);
    const after = (await progressOf(users.physio, patient.id)).json<typeof before>();
    expect(after.sessions_total).toBe(before.sessions_total + 1);
    expect(after.last_session_at).toBe(performed);

    // Another patient's session leaves this patient's cached progress as it was.
    await post(other, '/api/v1/rehab/sessions', {
      exercise_id: exerciseId('Heel slide'),
      performed_at: performed,
    });
    const same = await progressOf(users.physio, patient.id);
    expect(same.json<typeof before>()).toEqual(after);

    // A new programme of two exercises once a week: this week's prescription follows at once (the programme
    // starts today, so the week counts its remaining days, prorated; the old one had 10 a week).
    const prog = await post(users.physio, `/api/v1/rehab/patients/${patient.id}/programs`, {
      exercises: [
        { exercise_id: exerciseId('Heel slide'), sets: 2, reps: 10, frequency_per_week: 1 },
        { exercise_id: exerciseId('Pelvic tilt'), sets: 2, reps: 10, frequency_per_week: 1 },
      ],
    });
    expect(prog.statusCode, prog.body).toBe(201);
    const weeks = (await progressOf(users.physio, patient.id)).json<{ weeks: { prescribed: number }[] }>()
      .weeks;
    const daysLeft = 7 - ((new Date(clock).getUTCDay() + 6) % 7);
    expect(weeks.at(-1)!.prescribed).toBe(Math.round((2 * daysLeft) / 7));
    // The patient's programme of today follows at once too, and so does a session of it.
    const today = async () =>
      (await get(users.member, '/api/v1/rehab/my-program')).json<{
        program: { id: number };
        today: { exercise: { id: number }; done_today: boolean }[];
      }>();
    const pelvic = async () =>
      (await today()).today.find((e) => e.exercise.id === exerciseId('Pelvic tilt'))!;
    expect((await today()).program.id).toBe(prog.json<{ id: number }>().id);
    expect((await pelvic()).done_today).toBe(false);
    await post(users.member, '/api/v1/rehab/sessions', {
      exercise_id: exerciseId('Pelvic tilt'),
      performed_at: new Date(clock - 60_000).toISOString(),
    });
    expect((await pelvic()).done_today).toBe(true);
  });

  it('my-program follows a changed and an ended programme on the next read, and is each patient’s own', async () => {
    const a = await newPatient('Programme A');
    const b = await newPatient('Programme B');
    const prescribe = async (p: Patient, ex: string, reps: number) => {
      const res = await post(users.physio, `/api/v1/rehab/patients/${p.id}/programs`, {
        exercises: [{ exercise_id: exerciseId(ex), sets: 2, reps, frequency_per_week: 3 }],
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: number }>().id;
    };
    const programA = await prescribe(a.p, 'Pelvic tilt', 8);
    await prescribe(b.p, 'Heel slide', 12);
    type Mine = {
      program: { id: number; patient_id: number };
      today: { exercise: { id: number }; reps: number }[];
    };
    const mine = async (u: TestUser) => {
      const res = await get(u, '/api/v1/rehab/my-program');
      expect(res.statusCode, res.body).toBe(200);
      return res;
    };
    const first = await mine(a.u);
    // The same read again is the cached answer, byte for byte.
    expect((await mine(a.u)).body).toBe(first.body);
    expect(first.json<Mine>().today.map((e) => [e.exercise.id, e.reps])).toEqual([
      [exerciseId('Pelvic tilt'), 8],
    ]);
    // Patient B gets their own programme, not A's cached one, and A's cache is not B's.
    const mineB = (await mine(b.u)).json<Mine>();
    expect(mineB.program.patient_id).toBe(b.p.id);
    expect(mineB.today.map((e) => [e.exercise.id, e.reps])).toEqual([[exerciseId('Heel slide'), 12]]);
    expect((await mine(a.u)).body).toBe(first.body);

    // The physio changes A's exercises: the very next read shows them.
    const patched = await call(t.app, 'PATCH', `/api/v1/rehab/patients/${a.p.id}/programs/${programA}`, {
      ...as(users.physio),
      body: {
        exercises: [{ exercise_id: exerciseId('Heel slide'), sets: 2, reps: 15, frequency_per_week: 2 }],
      },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const after = (await mine(a.u)).json<Mine>();
    expect(after.program.id).toBe(programA);
    expect(after.today.map((e) => [e.exercise.id, e.reps])).toEqual([[exerciseId('Heel slide'), 15]]);
    // Ended: the next read has no programme (404), and B's is untouched.
    const ended = await call(t.app, 'PATCH', `/api/v1/rehab/patients/${a.p.id}/programs/${programA}`, {
      ...as(users.physio),
      body: { status: 'ended' },
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expectProblem(await get(a.u, '/api/v1/rehab/my-program'), 404);
    expect((await mine(b.u)).json<Mine>()).toEqual(mineB);
    // A new programme shows at once after the 404 (which was not cached).
    const again = await prescribe(a.p, 'Pelvic tilt', 9);
    expect((await mine(a.u)).json<Mine>().program.id).toBe(again);
  });

  it('a cached progress is served to no one who may not see the patient, and refused looks are not audited', async () => {
    const cached = await progressOf(users.physio, patient.id);
    expect((await progressOf(users.physio, patient.id)).body).toBe(cached.body);
    const looks = await audited(patient.id);
    // Another patient, a trainer, and another clinic's physio (through their own clinic, and through ours,
    // where they are no member) get a 404 whatever is cached.
    const elsewhere = await gymWithRoles(t.app);
    expectProblem(await get(other, `/api/v1/rehab/patients/${patient.id}/progress`), 404);
    expectProblem(await get(users.trainer, `/api/v1/rehab/patients/${patient.id}/progress`), 404);
    expectProblem(
      await call(t.app, 'GET', `/api/v1/rehab/patients/${patient.id}/progress`, {
        token: elsewhere.users.physio.token,
        gym: elsewhere.gymId,
      }),
      404,
    );
    expect(
      (
        await call(t.app, 'GET', `/api/v1/rehab/patients/${patient.id}/progress`, {
          token: elsewhere.users.physio.token,
          gym: gymId,
        })
      ).statusCode,
    ).toBeGreaterThanOrEqual(400);
    expect(await audited(patient.id)).toBe(looks);
    // The patient reads their own (the same cached answer; their own look is not logged), another staff
    // member's read is the same answer and is logged.
    expect((await progressOf(users.member, patient.id)).body).toBe(cached.body);
    expect((await progressOf(users.owner, patient.id)).body).toBe(cached.body);
    expect(await audited(patient.id)).toBe(looks + 1);
    // Concurrent looks share grouped access-log writes; each one is stored, with who looked and when.
    const readers = [users.physio, users.owner, users.admin, users.physio, users.owner, users.member];
    const answers = await Promise.all(readers.map((u) => progressOf(u, patient.id)));
    expect(answers.every((a) => a.body === cached.body)).toBe(true);
    expect(await audited(patient.id)).toBe(looks + 6);
    const rows = await query<{ actor_id: number; actor_role: string; at: string }>(
      `select actor_id, actor_role, at from rehab_access_log
        where patient_id = ${patient.id} and action = 'progress.read' order by id desc limit 5`,
    );
    expect(rows.map((r) => r.actor_id).sort()).toEqual(
      [users.physio.id, users.owner.id, users.admin.id, users.physio.id, users.owner.id].sort(),
    );
    expect(new Set(rows.map((r) => r.actor_role))).toEqual(new Set(['physio', 'owner', 'admin']));
    expect(rows.every((r) => new Date(r.at).getTime() === clock)).toBe(true);
  });

  it('a backlog of old sessions uploaded oldest first raises no "inactive" per session; the next read raises it once', async () => {
    const u = await registerUser(t.app, { name: 'Backlog Patient' });
    await addMember(t.app, users.owner, gymId, u, 'member');
    const p = (
      await post(users.physio, '/api/v1/rehab/patients', {
        user_id: u.id,
        diagnosis: 'Esguince de tobillo',
        physio_id: users.physio.id,
      })
    ).json<Patient>();
    const inactiveNotes = async () =>
      (await physioNotes())
        .json<{ kind: string; data: { type: string; patient_id: number } }[]>()
        .filter((n) => n.kind === 'rehab_alert' && n.data.patient_id === p.id && n.data.type === 'inactive');
    // A headset back online after three weeks sends what it kept, oldest first: each one, on arrival, is
    // more than 7 days old.
    for (const days of [21, 18, 15, 12, 9])
      expect(
        (
          await post(u, '/api/v1/rehab/sessions', {
            exercise_id: exerciseId('Pelvic tilt'),
            performed_at: ago(days),
          })
        ).statusCode,
      ).toBe(201);
    expect(await inactiveNotes()).toEqual([]);
    const alerts = (await progressOf(users.physio, p.id)).json<{
      alerts: { type: string; details: { days: number } }[];
    }>().alerts;
    expect(alerts.find((a) => a.type === 'inactive')?.details.days).toBe(9);
    expect(await inactiveNotes()).toHaveLength(1);
  });
});

describe('alert episodes', () => {
  const alertNotes = async (patientId: number, type: string) =>
    (await physioNotes())
      .json<{ kind: string; data: { type: string; patient_id: number } }[]>()
      .filter((n) => n.kind === 'rehab_alert' && n.data.patient_id === patientId && n.data.type === type);
  const episodes = async (patientId: number) => {
    await settled();
    return query<{ type: string; key: string; open: boolean }>(
      `select type, key, resolved_at is null as open from rehab_alerts where patient_id = ${patientId} order by id`,
    );
  };
  const alertsOf = async (patientId: number) => {
    const res = await get(users.physio, `/api/v1/rehab/patients/${patientId}/progress`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ alerts: { type: string }[] }>().alerts.map((a) => a.type);
  };

  it('sessions of one patient arriving at once are judged together: their rise is raised and notified once', async () => {
    const { p } = await newPatient('Burst Patient', 'Esguince de tobillo');
    const ex = exerciseId('Heel slide');
    // Sent at once, they are written in groups (the first alone, the rest together): each still answers 201
    // with its own session, and the evaluation after the last group sees all four.
    const answers = await Promise.all(
      [2, 3, 5, 6].map((pain, i) =>
        post(users.physio, '/api/v1/rehab/sessions', {
          patient_id: p.id,
          exercise_id: ex,
          performed_at: ago(0, 10 - i),
          pain_after: pain,
        }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201]);
    expect(answers.map((a) => a.json<Session>().pain_after)).toEqual([2, 3, 5, 6]);
    expect(new Set(answers.map((a) => a.json<Session>().id)).size).toBe(4);
    expect(await alertNotes(p.id, 'pain_rising')).toHaveLength(1);
    expect((await episodes(p.id)).filter((e) => e.type === 'pain_rising')).toEqual([
      expect.objectContaining({ open: true }),
    ]);
    expect(await alertsOf(p.id)).toContain('pain_rising');
  });

  it('a server that stops right after answering still raises and notifies what its sessions showed', async () => {
    const { p } = await newPatient('Stopping Server Patient', 'Esguince de tobillo');
    const ex = exerciseId('Heel slide');
    // A second server on the same database (and data key, as in a deployment): its sessions answer before
    // their evaluation runs.
    const other = await createTestApp({
      clock: () => clock,
      env: { DATA_ENCRYPTION_KEY: t.config.encryptionKey.toString('hex') },
    });
    try {
      const answers = await Promise.all(
        [2, 3, 5].map((pain, i) =>
          call(other.app, 'POST', '/api/v1/rehab/sessions', {
            ...as(users.physio),
            body: { patient_id: p.id, exercise_id: ex, performed_at: ago(0, 10 - i), pain_after: pain },
          }),
        ),
      );
      expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    } finally {
      await other.close();
    }
    // Read without waiting on this test's own server's evaluations.
    const open = await query<{ type: string }>(
      `select type from rehab_alerts where patient_id = ${p.id} and resolved_at is null`,
    );
    expect(open.map((r) => r.type)).toContain('pain_rising');
    const notes = (await get(users.physio, '/api/v1/notifications?limit=100'))
      .json<{ kind: string; data: { type: string; patient_id: number } }[]>()
      .filter((n) => n.kind === 'rehab_alert' && n.data.patient_id === p.id && n.data.type === 'pain_rising');
    expect(notes).toHaveLength(1);
  });

  it('a persisting condition notifies once; after it resolves, its next occurrence is a new alert', async () => {
    const { p } = await newPatient('Episode Patient', 'Tendinopatía rotuliana');
    const ex = exerciseId('Heel slide');
    let hour = 30;
    const log = async (pain: number) => {
      const res = await post(users.physio, '/api/v1/rehab/sessions', {
        patient_id: p.id,
        exercise_id: ex,
        performed_at: ago(0, hour--),
        pain_after: pain,
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    for (const pain of [2, 3, 5]) await log(pain);
    expect(await alertNotes(p.id, 'pain_rising')).toHaveLength(1);
    // Still rising (3 → 6) on the next session, a new occurrence of the same open alert: no second notice.
    await log(6);
    expect(await alertsOf(p.id)).toContain('pain_rising');
    expect(await alertNotes(p.id, 'pain_rising')).toHaveLength(1);
    expect((await episodes(p.id)).filter((e) => e.type === 'pain_rising')).toEqual([
      expect.objectContaining({ open: true }),
    ]);
    // 5, 6, 1: no longer rising, and the episode is resolved.
    await log(1);
    expect(await alertsOf(p.id)).not.toContain('pain_rising');
    expect((await episodes(p.id)).filter((e) => e.type === 'pain_rising')).toEqual([
      expect.objectContaining({ open: false }),
    ]);
    // 1, 2, 4: rising again, a new alert, and the physio hears of it.
    await log(2);
    await log(4);
    expect(await alertNotes(p.id, 'pain_rising')).toHaveLength(2);
    const rising = (await episodes(p.id)).filter((e) => e.type === 'pain_rising');
    expect(rising.map((e) => e.open)).toEqual([false, true]);
    expect(rising[0]!.key).not.toBe(rising[1]!.key);
  });

  it('a replaced programme’s adherence and a dropped exercise’s range of motion raise nothing and resolve', async () => {
    const { p } = await newPatient('Replaced Programme Patient', 'Tendinopatía rotuliana');
    const heel = exerciseId('Heel slide');
    const first = await post(users.physio, `/api/v1/rehab/patients/${p.id}/programs`, {
      exercises: [{ exercise_id: heel, sets: 3, reps: 10, frequency_per_week: 4 }],
    });
    expect(first.statusCode, first.body).toBe(201);
    await query(
      `update rehab_programs set starts_on = '${ago(21).slice(0, 10)}' where id = ${first.json<{ id: number }>().id}`,
    );
    // Range of motion lost (100° → 90°) 15–20 days ago, and nothing done last week: both alerts hold under
    // the first programme.
    for (const [i, rom] of [100, 100, 100, 90, 90, 90].entries())
      await post(users.physio, '/api/v1/rehab/sessions', {
        patient_id: p.id,
        exercise_id: heel,
        performed_at: ago(20 - i),
        range_of_motion_deg: rom,
      });
    expect(await alertsOf(p.id)).toEqual(expect.arrayContaining(['low_adherence', 'rom_regression']));
    expect(await alertNotes(p.id, 'low_adherence')).toHaveLength(1);
    expect(await alertNotes(p.id, 'rom_regression')).toHaveLength(1);

    // The physio replaces it with a programme without heel slides, starting today.
    const second = await post(users.physio, `/api/v1/rehab/patients/${p.id}/programs`, {
      exercises: [{ exercise_id: exerciseId('Pelvic tilt'), sets: 2, reps: 10, frequency_per_week: 3 }],
    });
    expect(second.statusCode, second.body).toBe(201);
    const now = await alertsOf(p.id);
    expect(now).not.toContain('low_adherence');
    expect(now).not.toContain('rom_regression');
    // Inactivity is the patient's, not the programme's: it stays.
    expect(now).toContain('inactive');
    const open = (await episodes(p.id)).filter((e) => e.open).map((e) => e.type);
    expect(open).toEqual(['inactive']);
    // Reading again neither reopens nor notifies.
    await alertsOf(p.id);
    expect(await alertNotes(p.id, 'low_adherence')).toHaveLength(1);
    expect(await alertNotes(p.id, 'rom_regression')).toHaveLength(1);
    expect(await alertNotes(p.id, 'inactive')).toHaveLength(1);
  });
});

describe('access auditing', () => {
  it('logs every look by someone else, never the patient’s own, with no clinical text; the patient reads it', async () => {
    const before = (await get(users.member, '/api/v1/rehab/my-record/access-log?limit=100')).headers[
      'x-total-count'
    ];
    await get(users.member, `/api/v1/rehab/patients/${patient.id}`);
    const mid = (await get(users.member, '/api/v1/rehab/my-record/access-log?limit=100')).headers[
      'x-total-count'
    ];
    expect(mid).toBe(before);
    await get(users.admin, `/api/v1/rehab/patients/${patient.id}`);
    const res = await get(users.member, '/api/v1/rehab/my-record/access-log?limit=1');
    expect(Number(res.headers['x-total-count'])).toBe(Number(before) + 1);
    expect(res.json()).toEqual([
      expect.objectContaining({
        actor_id: users.admin.id,
        actor_role: 'admin',
        action: 'patient.read',
        actor_name: 'admin',
      }),
    ]);
    const actions = (await get(users.member, '/api/v1/rehab/my-record/access-log?limit=100'))
      .json<{ action: string }[]>()
      .map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['patient.create', 'program.create', 'program.update', 'patient.list']),
    );
    const raw = JSON.stringify(
      await query(`select * from rehab_access_log where patient_id = ${patient.id}`),
    );
    expect(raw).not.toContain('marcador-9f3c');
    // Someone with no record has an empty log.
    expect((await get(users.trainer, '/api/v1/rehab/my-record/access-log')).json()).toEqual([]);
  });
});

describe('device pairing (RFC 8628)', () => {
  const token = (device_code: string) =>
    call(t.app, 'POST', '/api/v1/rehab/devices/token', {
      body: { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code },
    });

  it('pairs a headset with a confirmed code; its token logs sessions and reads the programme, nothing else; revocation is immediate', async () => {
    const auth = await call(t.app, 'POST', '/api/v1/rehab/devices/authorize', {
      body: { client_name: 'Quest 3' },
    });
    expect(auth.statusCode).toBe(200);
    const a = auth.json<{
      device_code: string;
      user_code: string;
      interval: number;
      expires_in: number;
      verification_uri: string;
    }>();
    expect(a.user_code).toMatch(/^[B-DF-HJ-NP-TV-XZ]{4}-[B-DF-HJ-NP-TV-XZ]{4}$/);
    expect(a).toMatchObject({ interval: 5, expires_in: 600 });

    const pending = await token(a.device_code);
    expect(pending.statusCode).toBe(400);
    expect(pending.json()).toMatchObject({ error: 'authorization_pending' });
    // Polling again within the interval: slow down.
    expect((await token(a.device_code)).json()).toMatchObject({ error: 'slow_down' });

    const confirm = await post(users.member, '/api/v1/rehab/devices/confirm', {
      user_code: a.user_code.toLowerCase(),
    });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json()).toMatchObject({
      status: 'approved',
      patient_id: patient.id,
      client_name: 'Quest 3',
    });

    clock += 11_000;
    const granted = await token(a.device_code);
    expect(granted.statusCode).toBe(200);
    const g = granted.json<{ access_token: string; patient_id: number; device_id: number }>();
    expect(g).toMatchObject({ token_type: 'Bearer', patient_id: patient.id });
    expect((await token(a.device_code)).json()).toMatchObject({ error: 'invalid_grant' });
    const bearer = { authorization: `Bearer ${g.access_token}` };

    const prog = await call(t.app, 'GET', '/api/v1/rehab/device/program', { headers: bearer });
    expect(prog.statusCode).toBe(200);
    const body = {
      exercise_id: exerciseId('VR knee flexion game'),
      performed_at: ago(0),
      vr_score: 80,
      client_id: 'quest-1',
    };
    const logged = await call(t.app, 'POST', '/api/v1/rehab/device/sessions', { headers: bearer, body });
    expect(logged.statusCode).toBe(201);
    expect(logged.json()).toMatchObject({ patient_id: patient.id, logged_via: 'device', modality: 'vr' });
    expect(
      (await call(t.app, 'POST', '/api/v1/rehab/device/sessions', { headers: bearer, body })).statusCode,
    ).toBe(200);
    // Another patient's id is not reachable with it.
    expectProblem(
      await call(t.app, 'POST', '/api/v1/rehab/device/sessions', {
        headers: bearer,
        body: { ...body, client_id: 'quest-2', patient_id: otherPatient.id },
      }),
      404,
    );

    // The token is nothing anywhere else.
    for (const url of [
      '/api/v1/rehab/my-program',
      `/api/v1/rehab/patients/${patient.id}`,
      `/api/v1/rehab/patients/${patient.id}/progress`,
      '/api/v1/rehab/devices',
    ])
      expectProblem(await call(t.app, 'GET', url, { headers: bearer, gym: gymId }), 401);
    expectProblem(await call(t.app, 'GET', '/api/v1/users/me', { headers: bearer }), 401);
    expectProblem(await call(t.app, 'GET', '/api/v1/users/me/export', { headers: bearer }), 401);

    const list = await get(users.member, '/api/v1/rehab/devices');
    expect(list.json()).toEqual([expect.objectContaining({ id: g.device_id, status: 'active' })]);
    expectProblem(await call(t.app, 'DELETE', `/api/v1/rehab/devices/${g.device_id}`, as(other)), 404);
    expect(
      (await call(t.app, 'DELETE', `/api/v1/rehab/devices/${g.device_id}`, as(users.member))).statusCode,
    ).toBe(204);
    expectProblem(await call(t.app, 'GET', '/api/v1/rehab/device/program', { headers: bearer }), 401);
    expectProblem(await call(t.app, 'POST', '/api/v1/rehab/device/sessions', { headers: bearer, body }), 401);
    expectProblem(await call(t.app, 'GET', '/api/v1/rehab/device/program', {}), 401);
  });

  it('devices sending at once are each known by their own token (looked up in groups); an unknown token is 401', async () => {
    const pair = async (u: TestUser, name: string) => {
      const a = (
        await call(t.app, 'POST', '/api/v1/rehab/devices/authorize', { body: { client_name: name } })
      ).json<{ device_code: string; user_code: string }>();
      expect((await post(u, '/api/v1/rehab/devices/confirm', { user_code: a.user_code })).statusCode).toBe(
        200,
      );
      clock += 11_000;
      const g = await token(a.device_code);
      expect(g.statusCode).toBe(200);
      return { authorization: `Bearer ${g.json<{ access_token: string }>().access_token}` };
    };
    const mine = await pair(users.member, 'Quest group A');
    const theirs = await pair(other, 'Quest group B');
    const unknown = { authorization: 'Bearer pulso-device-not-a-real-token-000000000000' };
    const sends = [mine, theirs, unknown, mine, theirs, unknown, mine, theirs].map((headers, i) =>
      call(t.app, 'POST', '/api/v1/rehab/device/sessions', {
        headers,
        body: {
          exercise_id: exerciseId('VR knee flexion game'),
          performed_at: ago(0, 1),
          vr_score: 50 + i,
          client_id: `group-device-${i}`,
        },
      }),
    );
    const answers = await Promise.all(sends);
    const expected = [
      patient.id,
      otherPatient.id,
      401,
      patient.id,
      otherPatient.id,
      401,
      patient.id,
      otherPatient.id,
    ];
    expect(answers.map((a) => (a.statusCode === 201 ? a.json<Session>().patient_id : a.statusCode))).toEqual(
      expected,
    );
    expect(
      answers.filter((a) => a.statusCode === 201).map((a) => a.json<{ vr_score: number }>().vr_score),
    ).toEqual([50, 51, 53, 54, 56, 57]);
  });

  it('answers access_denied when refused and expired_token after the code expires', async () => {
    const a = (await call(t.app, 'POST', '/api/v1/rehab/devices/authorize', { body: {} })).json<{
      device_code: string;
      user_code: string;
    }>();
    await post(users.member, '/api/v1/rehab/devices/confirm', { user_code: a.user_code, approve: false });
    expect((await token(a.device_code)).json()).toMatchObject({ error: 'access_denied' });

    const b = (await call(t.app, 'POST', '/api/v1/rehab/devices/authorize', { body: {} })).json<{
      device_code: string;
      user_code: string;
    }>();
    clock += 601_000;
    expect((await token(b.device_code)).json()).toMatchObject({ error: 'expired_token' });
    expect(
      fieldsOf(
        expectProblem(
          await post(users.member, '/api/v1/rehab/devices/confirm', { user_code: b.user_code }),
          422,
        ),
      ),
    ).toEqual(['user_code']);
  });

  it('limits code guessing per person: after 5 wrong codes even a right one is refused (429)', async () => {
    const a = (await call(t.app, 'POST', '/api/v1/rehab/devices/authorize', { body: {} })).json<{
      user_code: string;
    }>();
    // `other` has made no wrong attempt yet: 4 more wrong ones leave one to spare.
    for (let i = 0; i < 5; i++)
      expectProblem(
        await call(t.app, 'POST', '/api/v1/rehab/devices/confirm', {
          ...as(other),
          body: { user_code: `BCDF-GHJ${'KLMNP'[i]}` },
          ip: `10.9.0.${i}`,
        }),
        422,
      );
    const blocked = await call(t.app, 'POST', '/api/v1/rehab/devices/confirm', {
      ...as(other),
      body: { user_code: a.user_code },
      ip: '10.9.1.1',
    });
    expectProblem(blocked, 429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('account export and erasure', () => {
  it('exports the patient’s record and sessions, and erases them with the account', async () => {
    const u = await registerUser(t.app, { name: 'Erased Patient' });
    await addMember(t.app, users.owner, gymId, u, 'member');
    const p = (
      await post(users.physio, '/api/v1/rehab/patients', { user_id: u.id, diagnosis: 'Esguince exp-44' })
    ).json<Patient>();
    await post(u, '/api/v1/rehab/sessions', {
      exercise_id: exerciseId('Calf raise'),
      performed_at: ago(0),
      notes: 'nota exp',
    });
    const exp = (await call(t.app, 'GET', '/api/v1/users/me/export', { token: u.token })).json<{
      rehab: { patients: { diagnosis: string }[]; sessions: { notes: string }[]; access_log: unknown[] };
    }>();
    expect(exp.rehab.patients[0]!.diagnosis).toBe('Esguince exp-44');
    expect(exp.rehab.sessions[0]!.notes).toBe('nota exp');
    expect(exp.rehab.access_log.length).toBeGreaterThan(0);
    // The patient's own programme read leaves their patient id cached, the physio's reads the record's owner
    // and its progress.
    expectProblem(await get(u, '/api/v1/rehab/my-program'), 404);
    await post(users.physio, `/api/v1/rehab/patients/${p.id}/programs`, {
      exercises: [{ exercise_id: exerciseId('Calf raise'), sets: 2, reps: 10, frequency_per_week: 3 }],
    });
    expect((await get(u, '/api/v1/rehab/my-program')).statusCode).toBe(200);
    const progressUrl = `/api/v1/rehab/patients/${p.id}/progress`;
    expect((await get(users.physio, progressUrl)).statusCode).toBe(200);
    expect((await get(users.physio, progressUrl)).statusCode).toBe(200);

    const del = await call(t.app, 'DELETE', '/api/v1/users/me', {
      token: u.token,
      body: { password: u.password },
    });
    expect(del.statusCode).toBe(204);
    const left = await query<{ n: number }>(
      `select (select count(*) from rehab_patients where id = ${p.id}) + (select count(*) from rehab_sessions where patient_id = ${p.id}) as n`,
    );
    expect(Number(left[0]!.n)).toBe(0);
    // Nothing cached still answers for the erased record.
    expectProblem(await get(users.physio, progressUrl), 404);
  });
});
