import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, MemberParams, Problem } from '@pulso/contracts';
import {
  BodyEnergy,
  BodyEnergyQuery,
  BodyEntry,
  BodyEntryBody,
  BodyEntryPatchBody,
  BodyEntryQuery,
  BodyImportResult,
  BodySettings,
  BodyPhoto,
  BodyPhotoListQuery,
  BodyPhotoQuery,
  BodySettingsBody,
  BodyShare,
  BodyShareBody,
  BodyShareParams,
  MemberPhotoParams,
  PHOTO_MEDIA_TYPES,
  BodyTrend,
  BodyTrendQuery,
  BodyUnitsQuery,
} from '@pulso/contracts/body';
import { gymOf, principalOf, STAFF } from '../../platform/auth/access.js';
import { AppError } from '../../platform/errors.js';
import { created, paged } from '../../platform/http.js';
import { langOf } from '../../platform/i18n.js';
import { parseBodyCsv, MAX_CSV_BYTES } from './csv.js';
import { FIT_MEDIA_TYPES, MAX_FIT_BYTES, parseWeightScaleFit } from './fit.js';
import { MAX_PHOTO_UPLOAD_BYTES } from './photo.js';
import type { BodyService } from './service.js';
import { bodyMessages as M } from './messages.js';

const me = (req: FastifyRequest) => principalOf(req).userId;
const tags = ['body'];

/** A photo goes out as the JPEG it was stored as, never cached by a shared cache. */
const Jpeg = z.string().describe('JPEG image (image/jpeg), without metadata');
const sendJpeg = (reply: FastifyReply, img: Buffer) =>
  reply.type('image/jpeg').header('cache-control', 'private, no-store').send(img);

export const bodyRoutes =
  (svc: BodyService): FastifyPluginAsyncZod =>
  async (app) => {
    // Scoped to this plugin: only the CSV import reads text/csv.
    app.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit: MAX_CSV_BYTES },
      (_req, body, done) => done(null, body),
    );
    app.addContentTypeParser(
      [...FIT_MEDIA_TYPES],
      { parseAs: 'buffer', bodyLimit: MAX_FIT_BYTES },
      (_req, body, done) => done(null, body),
    );
    // Photos come as the request body itself, with their image media type (no multipart).
    app.addContentTypeParser(
      [...PHOTO_MEDIA_TYPES],
      { parseAs: 'buffer', bodyLimit: MAX_PHOTO_UPLOAD_BYTES },
      (_req, body, done) => done(null, body),
    );

    app.get(
      '/body/settings',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'My body settings (units; metric until I choose)',
          response: { 200: BodySettings },
        },
      },
      async (req) => svc.settings(me(req)),
    );

    app.put(
      '/body/settings',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'Choose the units my body values are given and read in (metric or imperial)',
          body: BodySettingsBody,
          response: { 200: BodySettings },
        },
      },
      async (req) => svc.putSettings(me(req), req.body.units),
    );

    app.get(
      '/body/entries',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'My body entries, newest day first; from/to are inclusive UTC days',
          querystring: BodyEntryQuery,
          response: { 200: z.array(BodyEntry) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.list(me(req), req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.post(
      '/body/entries',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary:
            'Record a measurement: one per day and metric, a second one for the same day replaces the first (200)',
          body: BodyEntryBody,
          response: { 200: BodyEntry, 201: BodyEntry },
        },
      },
      async (req, reply) => {
        const { entry, created: isNew } = await svc.create(me(req), req.body);
        return isNew ? created(reply, `/api/v1/body/entries/${entry.id}`, entry) : entry;
      },
    );

    app.post(
      '/body/entries/import',
      {
        config: {
          access: 'user',
          documentedBody: {
            'text/csv': {
              type: 'string',
              description:
                'A header row, then one row per measurement: date,metric,value[,diastolic] — or date and one ' +
                'column per metric (blood_pressure as 120/80). At most 1 MiB and 5,000 values.',
            },
            ...Object.fromEntries(
              FIT_MEDIA_TYPES.map((t) => [
                t,
                {
                  type: 'string',
                  format: 'binary',
                  description:
                    'A FIT weight-scale file (weight and body fat; the last weighing of each day), ≤ 256 KiB',
                },
              ]),
            ),
          },
        },
        bodyLimit: MAX_CSV_BYTES,
        schema: {
          tags,
          summary:
            'Import measurements from CSV (text/csv) or a FIT weight-scale file; all or nothing; same-day values replace',
          querystring: BodyUnitsQuery,
          response: { 200: BodyImportResult, 415: Problem, 422: Problem },
        },
      },
      async (req) => {
        const userId = me(req);
        const units = await svc.unitsOf(userId, req.query.units);
        if (Buffer.isBuffer(req.body)) {
          // FIT values are metric by the file format, whatever my units.
          const rows = await parseWeightScaleFit(req.body, (e) => ({
            ...e,
            ...svc.checkEntry(e.metric, 'metric', e.value, e.diastolic, e.date),
          }));
          return svc.writeMany(userId, rows, 'fit');
        }
        const rows = parseBodyCsv(req.body, req.headers['content-type'], (m, v, dia, date) =>
          svc.checkEntry(m, units, v, dia, date),
        );
        return svc.writeMany(userId, rows, 'csv');
      },
    );

    app.get(
      '/body/entries/:id',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'One of my body entries',
          params: IdParams,
          querystring: BodyUnitsQuery,
          response: { 200: BodyEntry },
        },
      },
      async (req) => svc.get(me(req), req.params.id, req.query.units),
    );

    app.patch(
      '/body/entries/:id',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'Correct one of my body entries (value, or move it to another day)',
          params: IdParams,
          body: BodyEntryPatchBody,
          response: { 200: BodyEntry, 409: Problem },
        },
      },
      async (req) => svc.patch(me(req), req.params.id, req.body),
    );

    app.delete(
      '/body/entries/:id',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'Delete one of my body entries',
          params: IdParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await svc.remove(me(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/body/trends',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'A metric over time with its smoothed trend (10% EMA), weekly change and, for weight, BMI',
          querystring: BodyTrendQuery,
          response: { 200: BodyTrend },
        },
      },
      async (req) => svc.trend(me(req), req.query),
    );

    app.get(
      '/body/energy',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary:
            "The day's energy needs: resting (Mifflin–St Jeor or Katch–McArdle), activity factor, and the day's workouts",
          querystring: BodyEnergyQuery,
          response: { 200: BodyEnergy, 422: Problem },
        },
      },
      async (req) => svc.energy(me(req), req.query, langOf(req)),
    );

    app.get(
      '/body/shares',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'The gyms whose staff may see my body trends',
          response: { 200: z.array(BodyShare) },
        },
      },
      async (req) => svc.shares(me(req)),
    );

    app.put(
      '/body/shares/:gym_id',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary:
            "Let the staff of one of my gyms see my body trends, and with photos: true my photos, optionally only to the professionals named in photo_viewers (404 if I'm not a member)",
          params: BodyShareParams,
          body: BodyShareBody.nullish(),
          response: { 200: BodyShare },
        },
      },
      async (req) => svc.share(me(req), req.params.gym_id, req.body),
    );

    app.delete(
      '/body/shares/:gym_id',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'Withdraw that consent',
          params: BodyShareParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await svc.unshare(me(req), req.params.gym_id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/members/:user_id/body/trends',
      {
        config: { access: { gym: STAFF } },
        schema: {
          tags,
          summary:
            "A member's body trend, for the gym's staff, only with the member's consent for this gym (else 404)",
          params: MemberParams,
          querystring: BodyTrendQuery,
          response: { 200: BodyTrend },
        },
      },
      async (req) => svc.staffTrend({ gymId: gymOf(req).id, userId: me(req) }, req.params.user_id, req.query),
    );

    app.post(
      '/body/photos',
      {
        config: {
          access: 'user',
          documentedBody: Object.fromEntries(
            PHOTO_MEDIA_TYPES.map((t) => [
              t,
              { type: 'string', format: 'binary', description: 'The image, at most 12 MiB' },
            ]),
          ),
        },
        bodyLimit: MAX_PHOTO_UPLOAD_BYTES,
        schema: {
          tags,
          summary:
            'Upload a progress photo (the image as the body: JPEG, PNG, WebP, HEIF or AVIF); stored as a JPEG without metadata',
          querystring: BodyPhotoQuery,
          response: { 201: BodyPhoto, 415: Problem, 422: Problem },
        },
      },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body))
          throw new AppError(
            'unsupported_media_type',
            M.msg('photo.media_type', { types: PHOTO_MEDIA_TYPES.join(', ') }),
          );
        const p = await svc.addPhoto(me(req), req.query.date, req.body);
        return created(reply, `/api/v1/body/photos/${p.id}`, p);
      },
    );

    app.get(
      '/body/photos',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'My progress photos (metadata), newest day first',
          querystring: BodyPhotoListQuery,
          response: { 200: z.array(BodyPhoto) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.photos(me(req), req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.get(
      '/body/photos/:id',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'One of my progress photos (metadata)',
          params: IdParams,
          response: { 200: BodyPhoto },
        },
      },
      async (req) => svc.photo(me(req), req.params.id),
    );

    app.get(
      '/body/photos/:id/image',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'The image of one of my progress photos',
          params: IdParams,
          produces: ['image/jpeg'],
          response: { 200: Jpeg },
        },
      },
      async (req, reply) => sendJpeg(reply, await svc.photoImage(me(req), req.params.id)),
    );

    app.delete(
      '/body/photos/:id',
      {
        config: { access: 'user' },
        schema: {
          tags,
          summary: 'Delete one of my progress photos',
          params: IdParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await svc.removePhoto(me(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/members/:user_id/body/photos',
      {
        config: { access: { gym: STAFF } },
        schema: {
          tags,
          summary:
            "A member's progress photos, for the gym's staff, only if the member shared photos with this gym (else 404)",
          params: MemberParams,
          querystring: BodyPhotoListQuery,
          response: { 200: z.array(BodyPhoto) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.staffPhotos(
          { gymId: gymOf(req).id, userId: me(req) },
          req.params.user_id,
          req.query,
        );
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.get(
      '/members/:user_id/body/photos/:id/image',
      {
        config: { access: { gym: STAFF } },
        schema: {
          tags,
          summary:
            "The image of a member's progress photo, for the gym's staff, with the member's consent (else 404)",
          params: MemberPhotoParams,
          produces: ['image/jpeg'],
          response: { 200: Jpeg },
        },
      },
      async (req, reply) =>
        sendJpeg(
          reply,
          await svc.staffPhotoImage(
            { gymId: gymOf(req).id, userId: me(req) },
            req.params.user_id,
            req.params.id,
          ),
        ),
    );
  };
