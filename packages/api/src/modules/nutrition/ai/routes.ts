import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Problem } from '@pulso/contracts';
import {
  AiStatus,
  GeneratePlanBody,
  GeneratePlanResponse,
  PhotoAnalysis,
} from '@pulso/contracts/nutrition-ai';
import { actorOf, ALL_ROLES, gymOf } from '../../../platform/auth/access.js';
import { AppError, invalid } from '../../../platform/errors.js';
import { langOf } from '../../../platform/i18n.js';
import { aiMessages as M } from './messages.js';
import type { AiService } from './service.js';

const tags = ['nutrition'];
/** A phone photo; the model sees it at low detail, so more bytes would buy nothing. */
export const MAX_MEAL_PHOTO_BYTES = 5 * 1024 * 1024;
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

const PhotoForm = {
  type: 'object',
  properties: {
    photo: { type: 'string', format: 'binary', description: 'JPEG, PNG or WebP, at most 5 MiB' },
  },
  required: ['photo'],
};

/**
 * The AI routes of the nutrition module: plan generation (AI or the deterministic fallback) and meal-photo
 * analysis. Registered inside the module's plugin, so they share its prefix.
 */
export const aiRoutes =
  (svc: AiService): FastifyPluginAsyncZod =>
  async (app) => {
    // Scoped to this plugin: only the photo route reads multipart bodies.
    await app.register(multipart, {
      limits: { fileSize: MAX_MEAL_PHOTO_BYTES, files: 1, fields: 0, parts: 2 },
    });

    app.get(
      '/nutrition/ai/status',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary:
            'What AI can do for the gym right now: analyse a meal photo, draft a generated plan (false when no AI is configured or the gym’s monthly AI budget is spent)',
          response: { 200: AiStatus },
        },
      },
      async (req) => svc.status(gymOf(req).id),
    );

    app.post(
      '/nutrition/plans/generate',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags,
          summary:
            'Generate a nutrition plan for me (needs a valid screening that can proceed; 5 an hour): an AI model drafts it from the gym’s catalogue, or Pulso’s generator when AI is not configured, over budget or failing',
          body: GeneratePlanBody,
          response: { 201: GeneratePlanResponse, 403: Problem, 429: Problem },
        },
      },
      async (req, reply) => {
        const a = actorOf(req);
        const r = await svc.generate(a, req.body, langOf(req), {
          ip: a.ip,
          userAgent: req.headers['user-agent'] ?? null,
        });
        return reply.code(201).header('location', `/api/v1/nutrition/plans/${r.plan.id}`).send(r);
      },
    );

    app.post(
      '/nutrition/diary/photo',
      {
        config: { access: { gym: ALL_ROLES }, documentedBody: { 'multipart/form-data': PhotoForm } },
        bodyLimit: MAX_MEAL_PHOTO_BYTES + 64 * 1024,
        schema: {
          tags,
          summary:
            'Propose the foods and grams of a meal photo for me to confirm (multipart/form-data: photo; 20 an hour), flagging foods with an allergen my latest safety screening declared; 403 when that screening cannot proceed; 503 when no AI is configured',
          response: { 200: PhotoAnalysis, 403: Problem, 429: Problem, 503: Problem },
        },
      },
      async (req) => {
        // Without AI nothing can be done with the photo: say so before reading it.
        svc.requireConfigured();
        if (!req.isMultipart()) throw new AppError('unsupported_media_type', M.msg('multipart_expected'));
        let photo: { data: Buffer; mime: string } | undefined;
        try {
          for await (const part of req.parts()) {
            if (part.type !== 'file') continue;
            if (part.fieldname !== 'photo') {
              await part.toBuffer();
              throw invalid(part.fieldname, M.msg('unknown_field'));
            }
            const data = await part.toBuffer();
            if (part.file.truncated)
              throw invalid('photo', M.msg('photo_too_large', { max: MAX_MEAL_PHOTO_BYTES }));
            photo = { data, mime: part.mimetype };
          }
        } catch (err) {
          if (err instanceof AppError) throw err;
          const status = (err as { statusCode?: number }).statusCode;
          if (status === 413) throw invalid('photo', M.msg('photo_too_large', { max: MAX_MEAL_PHOTO_BYTES }));
          if (status) throw err;
          throw new AppError('bad_request', M.msg('multipart_malformed'));
        }
        if (!photo || !photo.data.length) throw invalid('photo', M.msg('photo_required'));
        if (!PHOTO_TYPES.includes(photo.mime) || !sniff(photo.data, photo.mime))
          throw invalid('photo', M.msg('photo_type'));
        const a = actorOf(req);
        return svc.analysePhoto(a, photo, langOf(req), {
          ip: a.ip,
          userAgent: req.headers['user-agent'] ?? null,
        });
      },
    );
  };

/** The image's first bytes agree with its declared type (JPEG FF D8 FF, PNG's signature, RIFF…WEBP). */
function sniff(b: Buffer, mime: string): boolean {
  if (mime === 'image/jpeg') return b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
  if (mime === 'image/png')
    return b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP';
}
