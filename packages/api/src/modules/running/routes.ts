import { runningMessages as M } from './messages.js';
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AthleteProfile,
  AthleteProfileBody,
  CheckIn,
  CheckInBody,
  HrvBaseline,
  HrvReading,
  HrvReadingBody,
  HrvReadiness,
  HrvReadingsQuery,
  OvertrainingHistory,
  OvertrainingHistoryQuery,
  OvertrainingStatus,
  Problem,
  Sport,
  Text,
  Workout,
  WorkoutCreateBody,
  WorkoutIdParams,
  WorkoutImportResult,
  WorkoutPatchBody,
  WorkoutQuery,
  WorkoutTrack,
} from '@pulso/contracts';
import { principalOf } from '../../platform/auth/access.js';
import { AppError, invalid } from '../../platform/errors.js';
import { created, paged } from '../../platform/http.js';
import { langOf } from '../../platform/i18n.js';
import type { RunningService } from './service.js';

const me = (req: FastifyRequest) => principalOf(req).userId;
const lang = (req: FastifyRequest) => langOf(req);

/** Activity files up to 25 MiB (a multi-hour FIT/GPX with 1 Hz samples is a few MiB). */
export const MAX_IMPORT_BYTES = 25 * 1024 * 1024;

const ImportFields = z.object({
  sport: Sport.optional(),
  rpe: z.coerce.number().int().min(1).max(10).optional(),
  notes: Text.max(2000).optional(),
});

/** The track's media type (RFC 7946 §12). */
export const GEOJSON_MEDIA_TYPE = 'application/geo+json';

const { $schema: _dialect, ...importFieldsJson } = z.toJSONSchema(ImportFields, { io: 'input' });
/** The import's form as documented: Fastify does not validate it (the parts are read as a stream, below). */
const ImportForm = {
  ...importFieldsJson,
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      contentMediaType: 'application/octet-stream',
      description: 'The activity file: GPX, TCX or FIT, at most 25 MiB',
    },
    ...(importFieldsJson.properties as Record<string, unknown>),
  },
  required: ['file'],
};

export const runningRoutes =
  (svc: RunningService): FastifyPluginAsyncZod =>
  async (app) => {
    // Scoped to this plugin: only the import route accepts multipart bodies.
    await app.register(multipart, {
      limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, fieldSize: 4096, parts: 12 },
    });

    app.get(
      '/athlete/profile',
      {
        config: { access: 'user' },
        schema: {
          tags: ['running'],
          summary: 'My athlete profile (every field null until I save one)',
          response: { 200: AthleteProfile },
        },
      },
      async (req) => svc.getProfile(me(req)),
    );

    app.put(
      '/athlete/profile',
      {
        config: { access: 'user' },
        schema: {
          tags: ['running'],
          summary: 'Replace my athlete profile (omitted fields become null)',
          body: AthleteProfileBody,
          response: { 200: AthleteProfile },
        },
      },
      async (req) => svc.putProfile(me(req), req.body),
    );

    app.get(
      '/workouts',
      {
        config: { access: 'user' },
        schema: {
          tags: ['running'],
          summary: 'My workouts, newest first; from/to are inclusive UTC days',
          querystring: WorkoutQuery,
          response: { 200: z.array(Workout) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.listWorkouts(me(req), req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.post(
      '/workouts',
      {
        config: { access: 'user' },
        schema: {
          tags: ['running'],
          summary: 'Record a workout by hand',
          body: WorkoutCreateBody,
          response: { 201: Workout },
        },
      },
      async (req, reply) => {
        const w = await svc.createWorkout(me(req), req.body);
        return created(reply, `/api/v1/workouts/${w.id}`, w);
      },
    );

    app.post(
      '/workouts/import',
      {
        config: { access: 'user', documentedBody: { 'multipart/form-data': ImportForm } },
        bodyLimit: MAX_IMPORT_BYTES + 64 * 1024,
        schema: {
          tags: ['running'],
          summary:
            'Import a GPX, TCX or FIT activity (multipart/form-data: file; optional sport, rpe, notes)',
          response: { 201: WorkoutImportResult, 409: Problem, 422: Problem },
        },
      },
      async (req, reply) => {
        if (!req.isMultipart()) throw new AppError('unsupported_media_type', M.msg('multipart_expected'));
        // Before the upload is read: a full pool would only make it wait in memory.
        svc.importCapacity();
        let file: { data: Buffer; filename?: string } | undefined;
        const fields: Record<string, string> = {};
        try {
          for await (const part of req.parts()) {
            if (part.type === 'file') {
              if (part.fieldname !== 'file') {
                await part.toBuffer();
                throw invalid(part.fieldname, M.msg('unknown_file_field'));
              }
              file = { data: await part.toBuffer(), filename: part.filename };
            } else fields[part.fieldname] = String(part.value);
          }
        } catch (err) {
          if (err instanceof AppError || (err as { statusCode?: number }).statusCode) throw err;
          // busboy's own errors (no boundary, a body cut short) carry no status: the form is the client's.
          throw new AppError('bad_request', M.msg('multipart_malformed'));
        }
        if (!file || file.data.length === 0) throw invalid('file', M.msg('file_required'));
        const opts = ImportFields.safeParse(fields);
        if (!opts.success) {
          const issue = opts.error.issues[0]!;
          throw invalid(String(issue.path[0] ?? 'body'), issue.message);
        }
        const w = await svc.importFile(me(req), file, opts.data);
        return created(reply, `/api/v1/workouts/${w.id}`, w);
      },
    );

    app.get(
      '/workouts/:id',
      {
        config: { access: 'user' },
        schema: {
          tags: ['running'],
          summary: 'One of my workouts with its training load',
          params: WorkoutIdParams,
          response: { 200: Workout },
        },
      },
      async (req) => svc.getWorkout(me(req), req.params.id),
    );

    app.patch(
      '/workouts/:id',
      {
        config: { access: 'user' },
        schema: {
          tags: ['running'],
          summary: 'Change one of my workouts (e.g. add the RPE after an import)',
          params: WorkoutIdParams,
          body: WorkoutPatchBody,
          response: { 200: Workout },
        },
      },
      async (req) => svc.patchWorkout(me(req), req.params.id, req.body),
    );

    app.delete(
      '/workouts/:id',
      {
        config: { access: 'user' },
        schema: {
          tags: ['running'],
          summary: 'Delete one of my workouts (and its track)',
          params: WorkoutIdParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await svc.deleteWorkout(me(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/workouts/:id/track',
      {
        config: { access: 'user' },
        schema: {
          tags: ['running'],
          summary: 'The simplified track of an imported workout as a GeoJSON Feature (LineString)',
          params: WorkoutIdParams,
          produces: [GEOJSON_MEDIA_TYPE],
          response: { 200: WorkoutTrack },
        },
      },
      async (req, reply) => {
        const t = await svc.track(me(req), req.params.id);
        void reply.type(`${GEOJSON_MEDIA_TYPE}; charset=utf-8`);
        return t;
      },
    );

    app.post(
      '/hrv/readings',
      {
        config: { access: 'user' },
        schema: {
          tags: ['running'],
          summary: "Record the day's morning HRV reading (one per day: a second one replaces it)",
          body: HrvReadingBody,
          response: { 200: HrvReading, 201: HrvReading },
        },
      },
      async (req, reply) => {
        const { reading, created: isNew } = await svc.putHrv(me(req), req.body);
        const loc = `/api/v1/hrv/readings?from=${reading.date}&to=${reading.date}`;
        return isNew ? created(reply, loc, reading) : reading;
      },
    );

    app.get(
      '/hrv/readings',
      {
        config: { access: 'user' },
        schema: {
          tags: ['running'],
          summary: 'My HRV readings, newest first; from/to inclusive',
          querystring: HrvReadingsQuery,
          response: { 200: z.array(HrvReading) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.listHrv(me(req), req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.get(
      '/hrv/baseline',
      {
        config: { access: 'user' },
        schema: {
          tags: ['running'],
          summary: 'ln rMSSD 7-day mean against my 60-day normal range, CV and status',
          response: { 200: HrvBaseline },
        },
      },
      async (req) => svc.hrvBaseline(me(req), lang(req)),
    );

    app.get(
      '/hrv/readiness',
      {
        config: { access: 'user' },
        schema: {
          tags: ['running'],
          summary: "Today's readiness 0–100, what to train, and why",
          response: { 200: HrvReadiness },
        },
      },
      async (req) => svc.readiness(me(req), lang(req)),
    );

    app.get(
      '/overtraining/status',
      {
        config: { access: 'user' },
        schema: {
          tags: ['running'],
          summary: 'ACWR, monotony/strain, CTL/ATL/TSB, HRV trend, latest check-in and the resulting risk',
          response: { 200: OvertrainingStatus },
        },
      },
      async (req) => svc.status(me(req), lang(req)),
    );

    app.get(
      '/overtraining/history',
      {
        config: { access: 'user' },
        schema: {
          tags: ['running'],
          summary: 'The same metrics week by week (Monday–Sunday, oldest first)',
          querystring: OvertrainingHistoryQuery,
          response: { 200: OvertrainingHistory },
        },
      },
      async (req) => svc.history(me(req), req.query.weeks),
    );

    app.post(
      '/overtraining/check-in',
      {
        config: { access: 'user' },
        schema: {
          tags: ['running'],
          summary: 'Wellness questionnaire (Hooper): sleep, stress, fatigue, soreness 1–7; one per day',
          body: CheckInBody,
          response: { 200: CheckIn, 201: CheckIn },
        },
      },
      async (req, reply) => {
        const { checkIn, created: isNew } = await svc.checkIn(me(req), req.body);
        return isNew ? created(reply, '/api/v1/overtraining/status', checkIn) : checkIn;
      },
    );
  };
