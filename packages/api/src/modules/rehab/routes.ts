import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, NoContent, Pagination, Problem } from '@pulso/contracts';
import {
  AccessLogEntry,
  AccessLogQuery,
  DashboardQuery,
  DashboardRow,
  Device,
  DeviceAuthorization,
  DeviceAuthorizeBody,
  DeviceConfirmBody,
  DeviceQuery,
  DeviceToken,
  DeviceTokenBody,
  DeviceTokenError,
  Exercise,
  ExerciseBody,
  ExercisePatchBody,
  ExerciseQuery,
  MyProgram,
  Patient,
  PatientBody,
  PatientPatchBody,
  PatientQuery,
  Program,
  ProgramBody,
  ProgramParams,
  ProgramPatchBody,
  Progress,
  ProgressQuery,
  Session,
  SessionBody,
  SessionQuery,
} from '@pulso/contracts/rehab';
import { actorOf, ALL_ROLES } from '../../platform/auth/access.js';
import { created, jsonBytesSender, paged, sendJsonPage } from '../../platform/http.js';
import type { JsonPage } from '../../platform/cache/json-pages.js';
import { langOf } from '../../platform/i18n.js';
import { responseSerializer } from '../../platform/serializer.js';
import { rehabMessages as M } from './messages.js';
import type { DeviceRow } from './repo.js';
import { REHAB_STAFF, type RehabService } from './service.js';

const tags = ['rehab'];
/** A cached answer's UTF-8 bytes are made once per process and page, not per request. */
const sendCached = jsonBytesSender<JsonPage>((p) => p.json);
const STAFF = REHAB_STAFF;
/** Routes on a patient's record: staff of the clinic for any patient, anyone else for their own record only. */
const PATIENT_OR_STAFF = ALL_ROLES;

const deviceAuth = {
  description:
    'Authenticated by a paired device token (`Authorization: Bearer rhd_…`, from POST /api/v1/rehab/devices/token), ' +
    'not by a user token. The token only reaches these two routes.',
};

export const rehabRoutes =
  (svc: RehabService, limits: { authMax: number; windowSeconds: number }): FastifyPluginAsyncZod =>
  async (app) => {
    // Pairing routes get the credential routes' tighter per-IP limit: codes must not be guessed in bulk.
    const codeLimit = { max: limits.authMax, timeWindow: limits.windowSeconds * 1000 };
    const serializeDashboard = responseSerializer<unknown[]>(
      z.array(DashboardRow),
      'GET',
      '/rehab/dashboard',
    );
    // Progress and today's programme are cached as the bytes these make (the routes' own serializers), sent
    // as they are; the device's programme has the patient's schema, so either route's bytes serve both.
    const serializeProgress = responseSerializer<Progress>(Progress, 'GET', '/rehab/patients/:id/progress');
    const serializeMyProgram = responseSerializer<MyProgram>(MyProgram, 'GET', '/rehab/my-program');

    // ------------------------------------------------------------------------------------------ exercises
    app.get(
      '/rehab/exercises',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: 'The exercise catalogue: the base exercises shipped with Pulso and this clinic’s own',
          querystring: ExerciseQuery,
          response: { 200: z.array(Exercise) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.listExercises(actorOf(req).gymId, req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );
    app.post(
      '/rehab/exercises',
      {
        config: { access: { gym: STAFF } },
        schema: {
          tags,
          summary: 'Add an exercise of this clinic',
          body: ExerciseBody,
          response: { 201: Exercise },
        },
      },
      async (req, reply) => {
        const ex = await svc.createExercise(actorOf(req), req.body);
        return created(reply, `/api/v1/rehab/exercises/${ex.id}`, ex);
      },
    );
    app.get(
      '/rehab/exercises/:id',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: 'One exercise (base catalogue or this clinic’s)',
          params: IdParams,
          response: { 200: Exercise },
        },
      },
      async (req) => svc.getExercise(actorOf(req).gymId, req.params.id),
    );
    app.patch(
      '/rehab/exercises/:id',
      {
        config: { access: { gym: STAFF } },
        schema: {
          tags,
          summary: 'Change an exercise of this clinic (the base catalogue is read-only: 403)',
          params: IdParams,
          body: ExercisePatchBody,
          response: { 200: Exercise, 403: Problem },
        },
      },
      async (req) => svc.updateExercise(actorOf(req), req.params.id, req.body),
    );

    // ------------------------------------------------------------------------------------------ patients
    app.get(
      '/rehab/patients',
      {
        config: { access: { gym: STAFF } },
        schema: {
          tags,
          summary: 'Patients of this clinic (each look is written to the patient’s access log)',
          querystring: PatientQuery,
          response: { 200: z.array(Patient) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.listPatients(actorOf(req), req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );
    app.post(
      '/rehab/patients',
      {
        config: { access: { gym: STAFF } },
        schema: {
          tags,
          summary: 'Open a rehabilitation record for a member of the clinic',
          description: 'Diagnosis, goals and the injury and surgery dates are encrypted at rest.',
          body: PatientBody,
          response: { 201: Patient, 409: Problem },
        },
      },
      async (req, reply) => {
        const p = await svc.createPatient(actorOf(req), req.body);
        return created(reply, `/api/v1/rehab/patients/${p.id}`, p);
      },
    );
    app.get(
      '/rehab/patients/:id',
      {
        config: { access: { gym: PATIENT_OR_STAFF } },
        schema: {
          tags,
          summary: 'A patient’s record (staff: any patient of the clinic; others: their own only, else 404)',
          params: IdParams,
          response: { 200: Patient },
        },
      },
      async (req) => svc.getPatient(actorOf(req), req.params.id),
    );
    app.patch(
      '/rehab/patients/:id',
      {
        config: { access: { gym: STAFF } },
        schema: {
          tags,
          summary: 'Change a patient’s record (diagnosis, side, dates, physio, goals, status)',
          params: IdParams,
          body: PatientPatchBody,
          response: { 200: Patient },
        },
      },
      async (req) => svc.updatePatient(actorOf(req), req.params.id, req.body),
    );

    // ------------------------------------------------------------------------------------------ programmes
    app.post(
      '/rehab/patients/:id/programs',
      {
        config: { access: { gym: STAFF } },
        schema: {
          tags,
          summary: 'Prescribe a programme; the active one, if any, ends (kept in the history)',
          params: IdParams,
          body: ProgramBody,
          response: { 201: Program },
        },
      },
      async (req, reply) => {
        const p = await svc.createProgram(actorOf(req), req.params.id, req.body);
        return created(reply, `/api/v1/rehab/patients/${req.params.id}/programs/${p.id}`, p);
      },
    );
    app.get(
      '/rehab/patients/:id/programs',
      {
        config: { access: { gym: PATIENT_OR_STAFF } },
        schema: {
          tags,
          summary: 'A patient’s programmes, newest first',
          params: IdParams,
          querystring: Pagination,
          response: { 200: z.array(Program) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.listPrograms(actorOf(req), req.params.id, req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );
    app.get(
      '/rehab/patients/:id/programs/:program_id',
      {
        config: { access: { gym: PATIENT_OR_STAFF } },
        schema: {
          tags,
          summary: 'One of a patient’s programmes',
          params: ProgramParams,
          response: { 200: Program },
        },
      },
      async (req) => svc.getProgram(actorOf(req), req.params.id, req.params.program_id),
    );
    app.patch(
      '/rehab/patients/:id/programs/:program_id',
      {
        config: { access: { gym: STAFF } },
        schema: {
          tags,
          summary: 'Change the active programme’s exercises, or end it',
          params: ProgramParams,
          body: ProgramPatchBody,
          response: { 200: Program, 409: Problem },
        },
      },
      async (req) => svc.updateProgram(actorOf(req), req.params.id, req.params.program_id, req.body),
    );
    app.get(
      '/rehab/my-program',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: 'My active programme, with today’s exercises at their progressed dose',
          response: { 200: MyProgram },
        },
      },
      async (req, reply) => sendCached(reply, await svc.myProgramJson(actorOf(req), serializeMyProgram)),
    );

    // ------------------------------------------------------------------------------------------ sessions
    app.post(
      '/rehab/sessions',
      {
        config: { access: { gym: PATIENT_OR_STAFF } },
        schema: {
          tags,
          summary: 'Log an exercise session (mine, or a patient’s with patient_id when staff)',
          description:
            'Idempotent by `client_id`: the same client_id again answers 200 with the session stored the first time.',
          body: SessionBody,
          response: { 200: Session, 201: Session },
        },
      },
      async (req, reply) => {
        const { session, created: isNew } = await svc.createSession(actorOf(req), req.body);
        return isNew
          ? created(
              reply,
              `/api/v1/rehab/patients/${session.patient_id}/sessions?from=${encodeURIComponent(session.performed_at)}&to=${encodeURIComponent(session.performed_at)}`,
              session,
            )
          : session;
      },
    );
    app.get(
      '/rehab/patients/:id/sessions',
      {
        config: { access: { gym: PATIENT_OR_STAFF } },
        schema: {
          tags,
          summary: 'A patient’s sessions, newest first; from/to are inclusive instants',
          params: IdParams,
          querystring: SessionQuery,
          response: { 200: z.array(Session) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.listSessions(actorOf(req), req.params.id, req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );

    // ------------------------------------------------------------------------------------------ progress
    app.get(
      '/rehab/patients/:id/progress',
      {
        config: { access: { gym: PATIENT_OR_STAFF } },
        schema: {
          tags,
          summary: 'Adherence per week, pain, range-of-motion and VR-score trends, and open alerts',
          params: IdParams,
          querystring: ProgressQuery,
          response: { 200: Progress },
        },
      },
      async (req, reply) =>
        sendCached(
          reply,
          await svc.progressJson(
            actorOf(req),
            req.params.id,
            req.query.weeks,
            langOf(req),
            serializeProgress,
          ),
        ),
    );
    app.get(
      '/rehab/dashboard',
      {
        config: { access: { gym: STAFF } },
        schema: {
          tags,
          summary: 'My patients (owners and admins: all of the clinic’s) sorted by need',
          querystring: DashboardQuery,
          response: { 200: z.array(DashboardRow) },
        },
      },
      async (req, reply) =>
        sendJsonPage(
          req,
          reply,
          await svc.dashboardJson(actorOf(req), req.query, serializeDashboard),
          req.query,
        ),
    );

    // ------------------------------------------------------------------------------------------ devices
    // RFC 8628: the device asks for codes and polls; both public (the device has no account), rate-limited.
    app.post(
      '/rehab/devices/authorize',
      {
        config: { access: 'public', rateLimit: codeLimit },
        schema: {
          tags,
          summary: 'A headset or home device asks to be paired (RFC 8628 §3.1–3.2)',
          body: DeviceAuthorizeBody,
          response: { 200: DeviceAuthorization },
        },
      },
      async (req) => svc.authorizeDevice(req.body.client_name),
    );
    app.post(
      '/rehab/devices/token',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'The device polls for its token (RFC 8628 §3.4–3.5)',
          description:
            'Errors follow RFC 8628 §3.5 (`{error, error_description}`, 400): authorization_pending, slow_down (wait `interval` more seconds), expired_token, access_denied; invalid_grant for an unknown or used code.',
          body: DeviceTokenBody,
          response: { 200: DeviceToken, 400: DeviceTokenError },
        },
      },
      async (req, reply) => {
        const r = await svc.deviceToken(req.body.device_code);
        void reply.header('cache-control', 'no-store');
        if (r.ok) return r.token;
        const lang = langOf(req);
        const description =
          r.error === 'slow_down'
            ? M.t(lang, 'token.slow_down', { interval: r.interval ?? 5 })
            : M.t(lang, `token.${r.error}`);
        return reply.code(400).send({ error: r.error, error_description: description });
      },
    );
    app.post(
      '/rehab/devices/confirm',
      {
        config: { access: { gym: ALL_ROLES }, rateLimit: codeLimit },
        schema: {
          tags,
          summary: 'Confirm (or refuse, approve=false) the code my device shows',
          description:
            'Wrong codes are counted per person: after 5 in 15 minutes every try is a 429 until the window ends.',
          body: DeviceConfirmBody,
          response: { 200: Device },
        },
      },
      async (req) => svc.confirmDevice(actorOf(req), req.body.user_code, req.body.approve),
    );
    app.get(
      '/rehab/devices',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: 'My paired devices',
          querystring: DeviceQuery,
          response: { 200: z.array(Device) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.listDevices(actorOf(req), req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );
    app.delete(
      '/rehab/devices/:id',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: 'Revoke a paired device: its token stops working at once',
          params: IdParams,
          response: { 204: NoContent },
        },
      },
      async (req, reply) => {
        await svc.revokeDevice(actorOf(req), req.params.id);
        return reply.code(204).send(null);
      },
    );
    // Device routes authenticate the device token before the body is read or validated, as the access rules do
    // for user tokens: an unpaired caller learns nothing from validation errors.
    const devices = new WeakMap<object, DeviceRow>();
    const deviceHook = async (req: FastifyRequest) => {
      devices.set(req, await svc.authenticateDevice(req.headers.authorization));
    };
    const deviceOf = (req: FastifyRequest) => devices.get(req)!;
    app.get(
      '/rehab/device/program',
      {
        onRequest: deviceHook,
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'The paired device reads its patient’s programme',
          ...deviceAuth,
          response: { 200: MyProgram, 401: Problem },
        },
      },
      async (req, reply) => sendCached(reply, await svc.deviceProgramJson(deviceOf(req), serializeMyProgram)),
    );
    app.post(
      '/rehab/device/sessions',
      {
        onRequest: deviceHook,
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'The paired device logs a session of its patient (idempotent by client_id)',
          ...deviceAuth,
          body: SessionBody,
          response: { 200: Session, 201: Session, 401: Problem },
        },
      },
      async (req, reply) => {
        const { session, created: isNew } = await svc.deviceSession(deviceOf(req), req.body);
        return isNew ? reply.code(201).send(session) : session;
      },
    );

    // ------------------------------------------------------------------------------------------ access log
    app.get(
      '/rehab/my-record/access-log',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary: 'Who read or changed my rehabilitation record, newest first',
          querystring: AccessLogQuery,
          response: { 200: z.array(AccessLogEntry) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.accessLog(actorOf(req), req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );
  };
