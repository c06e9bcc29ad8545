import { createIn, defineMatrix, type GymEntry, type MatrixContext } from '../../access-matrix.js';
import { call } from '../../harness.js';

/**
 * The rehabilitation routes in the access matrix. Clinic staff (owner, admin, physio) manage patients; anyone
 * else reaches only their own record, so the trainer (no record) gets the 404 a stranger's record gets and the
 * member (a patient since the setup) gets their own.
 */
let patientId = 0;
let clinicExerciseId = 0;
let baseExerciseId = 0;
let endedProgramId = 0;

const STAFF = ['owner', 'admin', 'physio'] as const;
const ANY = ['owner', 'admin', 'trainer', 'physio', 'member'] as const;
const ownOrStaff = { owner: 200, admin: 200, physio: 200, member: 200, trainer: 404 };

async function setup(c: MatrixContext) {
  const ex = await call(c.app, 'GET', '/api/v1/rehab/exercises?body_region=knee', {
    token: c.users.member.token,
    gym: c.gymId,
  });
  baseExerciseId = ex.json<{ id: number }[]>()[0]!.id;
  clinicExerciseId = await createIn(c, '/api/v1/rehab/exercises', {
    name: { en: 'Matrix exercise', es: 'Ejercicio de la matriz' },
    instructions: { en: 'Do it', es: 'Hazlo' },
    body_region: 'knee',
    difficulty: 2,
    modality: 'home',
    measured_by: 'reps',
  });
  patientId = await createIn(c, '/api/v1/rehab/patients', {
    user_id: c.users.member.id,
    diagnosis: 'Matrix knee',
    physio_id: c.users.physio.id,
  });
  const program = { exercises: [{ exercise_id: baseExerciseId, sets: 2, reps: 8, frequency_per_week: 3 }] };
  endedProgramId = await createIn(c, `/api/v1/rehab/patients/${patientId}/programs`, program);
  await createIn(c, `/api/v1/rehab/patients/${patientId}/programs`, program);
}

const gym: GymEntry[] = [
  {
    method: 'GET',
    pattern: '/api/v1/rehab/exercises',
    ok: 200,
    url: '/api/v1/rehab/exercises',
    access: [...ANY],
  },
  {
    method: 'POST',
    pattern: '/api/v1/rehab/exercises',
    ok: 201,
    url: '/api/v1/rehab/exercises',
    body: {
      name: { en: 'Another', es: 'Otro' },
      instructions: { en: 'Do it', es: 'Hazlo' },
      body_region: 'hip',
      difficulty: 1,
      modality: 'clinic',
      measured_by: 'time',
    },
    access: [...STAFF],
  },
  {
    method: 'GET',
    pattern: '/api/v1/rehab/exercises/:id',
    ok: 200,
    url: () => `/api/v1/rehab/exercises/${clinicExerciseId}`,
    access: [...ANY],
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/rehab/exercises/:id',
    ok: 200,
    url: () => `/api/v1/rehab/exercises/${clinicExerciseId}`,
    body: { difficulty: 3 },
    access: [...STAFF],
  },
  {
    method: 'GET',
    pattern: '/api/v1/rehab/patients',
    ok: 200,
    url: '/api/v1/rehab/patients',
    access: [...STAFF],
  },
  {
    // The member is a patient already: every allowed caller gets the service's 409.
    method: 'POST',
    pattern: '/api/v1/rehab/patients',
    ok: 409,
    url: '/api/v1/rehab/patients',
    body: () => ({ user_id: memberId, diagnosis: 'again' }),
    access: [...STAFF],
  },
  {
    method: 'GET',
    pattern: '/api/v1/rehab/patients/:id',
    ok: ownOrStaff,
    url: () => `/api/v1/rehab/patients/${patientId}`,
    access: [...ANY],
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/rehab/patients/:id',
    ok: 200,
    url: () => `/api/v1/rehab/patients/${patientId}`,
    body: { goals: 'Walk without a stick' },
    access: [...STAFF],
  },
  {
    method: 'POST',
    pattern: '/api/v1/rehab/patients/:id/programs',
    ok: 201,
    url: () => `/api/v1/rehab/patients/${patientId}/programs`,
    body: () => ({ exercises: [{ exercise_id: baseExerciseId, sets: 2, reps: 8, frequency_per_week: 3 }] }),
    access: [...STAFF],
  },
  {
    method: 'GET',
    pattern: '/api/v1/rehab/patients/:id/programs',
    ok: ownOrStaff,
    url: () => `/api/v1/rehab/patients/${patientId}/programs`,
    access: [...ANY],
  },
  {
    method: 'GET',
    pattern: '/api/v1/rehab/patients/:id/programs/:program_id',
    ok: ownOrStaff,
    url: () => `/api/v1/rehab/patients/${patientId}/programs/${endedProgramId}`,
    access: [...ANY],
  },
  {
    // An ended programme: the service's 409 for every allowed caller.
    method: 'PATCH',
    pattern: '/api/v1/rehab/patients/:id/programs/:program_id',
    ok: 409,
    url: () => `/api/v1/rehab/patients/${patientId}/programs/${endedProgramId}`,
    body: { status: 'ended' },
    access: [...STAFF],
  },
  {
    method: 'GET',
    pattern: '/api/v1/rehab/my-program',
    ok: { owner: 404, admin: 404, trainer: 404, physio: 404, member: 200 },
    url: '/api/v1/rehab/my-program',
    access: [...ANY],
  },
  {
    method: 'POST',
    pattern: '/api/v1/rehab/sessions',
    ok: { owner: 201, admin: 201, physio: 201, member: 201, trainer: 404 },
    url: '/api/v1/rehab/sessions',
    body: () => ({
      exercise_id: baseExerciseId,
      patient_id: patientId,
      performed_at: '2026-01-05T10:00:00Z',
    }),
    access: [...ANY],
  },
  {
    method: 'GET',
    pattern: '/api/v1/rehab/patients/:id/sessions',
    ok: ownOrStaff,
    url: () => `/api/v1/rehab/patients/${patientId}/sessions`,
    access: [...ANY],
  },
  {
    method: 'GET',
    pattern: '/api/v1/rehab/patients/:id/progress',
    ok: ownOrStaff,
    url: () => `/api/v1/rehab/patients/${patientId}/progress`,
    access: [...ANY],
  },
  {
    method: 'GET',
    pattern: '/api/v1/rehab/dashboard',
    ok: 200,
    url: '/api/v1/rehab/dashboard',
    access: [...STAFF],
  },
  {
    // No code is waiting: the patient gets the 422 on user_code; people without a record the 404 before it.
    method: 'POST',
    pattern: '/api/v1/rehab/devices/confirm',
    ok: { owner: 404, admin: 404, trainer: 404, physio: 404, member: 422 },
    url: '/api/v1/rehab/devices/confirm',
    body: { user_code: 'BCDF-GHJK' },
    access: [...ANY],
  },
  {
    method: 'GET',
    pattern: '/api/v1/rehab/devices',
    ok: 200,
    url: '/api/v1/rehab/devices',
    access: [...ANY],
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/rehab/devices/:id',
    ok: 404,
    url: '/api/v1/rehab/devices/2147483000',
    access: [...ANY],
  },
  {
    method: 'GET',
    pattern: '/api/v1/rehab/my-record/access-log',
    ok: 200,
    url: '/api/v1/rehab/my-record/access-log',
    access: [...ANY],
  },
];

let memberId = 0;

export default defineMatrix({
  async setup(c) {
    memberId = c.users.member.id;
    await setup(c);
  },
  gym,
  public: [
    // RFC 8628: a device without an account asks for codes and polls for its token (rate-limited).
    'POST /api/v1/rehab/devices/authorize',
    'POST /api/v1/rehab/devices/token',
    // Authenticated by the paired device's own token (not a user token), checked in the route's onRequest hook.
    'GET /api/v1/rehab/device/program',
    'POST /api/v1/rehab/device/sessions',
  ],
});
