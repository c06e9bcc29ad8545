import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, Pagination, Problem } from '@pulso/contracts';
import {
  EffortPrefs,
  GeoJsonQuery,
  MapTiles,
  MatchingStatus,
  QualityReport,
  QualityReportBody,
  Segment,
  SegmentCreateBody,
  SegmentEffort,
  SegmentFeatureCollection,
  SegmentListQuery,
  SegmentPatchBody,
  Segmento,
  SegmentoCreate,
  SegmentoIdParams,
  SegmentoUpdate,
  SEGMENT_MAX_POINTS,
} from '@pulso/contracts/segments';
import { ALL_ROLES, gymOf, principalOf } from '../../platform/auth/access.js';
import { invalid } from '../../platform/errors.js';
import { created, paged, sendJsonPage } from '../../platform/http.js';
import { responseSerializer } from '../../platform/serializer.js';
import { tolerantJson } from './json-body.js';
import { segmentsMessages as M } from './messages.js';
import { serializeSegments, viewerOf, type SegmentsService } from './service.js';

const GEOJSON = 'application/geo+json';
const GPX = 'application/gpx+xml';
const TAGS = ['segments'];
const RECWAY = ['segmentos (RecWay)'];

export const segmentsRoutes =
  (svc: SegmentsService, bodyLimit: number, mapTiles: MapTiles['tiles']): FastifyPluginAsyncZod =>
  async (app) => {
    tolerantJson(app);
    /*
     * A body over the server's limit is nearly always a geometry far past SEGMENT_MAX_POINTS (a 10 MB GeoJSON):
     * said as a 422 on `geometry` from its declared length, before a byte of it is read, rather than the
     * platform's generic 413. A chunked body without a length still meets the 413 while it is read.
     */
    // A preParsing hook: after the access rule's onRequest (a stranger gets the 401 first), before the body.
    const geometrySize = async <P>(
      req: { headers: Record<string, string | string[] | undefined> },
      _reply: unknown,
      payload: P,
    ): Promise<P> => {
      const length = Number(req.headers['content-length']);
      if (length > bodyLimit)
        throw invalid(
          'geometry',
          M.msg('geometry_too_large', { mib: bodyLimit / 1_048_576, max: SEGMENT_MAX_POINTS }),
        );
      return payload;
    };
    const me = (req: Parameters<typeof principalOf>[0]) => viewerOf(principalOf(req));
    const user = { access: 'user' as const };
    const serializeSegmentos = responseSerializer<Segmento[]>(z.array(Segmento), 'GET', '/segmentos');

    app.post(
      '/segments',
      {
        config: user,
        schema: {
          tags: TAGS,
          summary: 'Create a route segment (a point, or a GeoJSON LineString)',
          description:
            'private (default): only you; gym: the members of gym_id; public: every signed-in user. A geometry is matched against the workouts already imported in the background (GET /segments/{id}/matching).',
          body: SegmentCreateBody,
          response: { 201: Segment, 403: Problem },
        },
        preParsing: geometrySize,
      },
      async (req, reply) => {
        const s = await svc.create(me(req), req.body);
        return created(reply, `/api/v1/segments/${s.id}`, s);
      },
    );

    app.get(
      '/segments',
      {
        config: user,
        schema: {
          tags: TAGS,
          summary: 'Segments you can see: newest first, or nearest first with near=lat,lon',
          querystring: SegmentListQuery,
          response: { 200: z.array(Segment) },
        },
      },
      async (req, reply) =>
        sendJsonPage(req, reply, await svc.listJson(me(req), req.query, serializeSegments), req.query),
    );

    app.get(
      '/segments.geojson',
      {
        config: user,
        schema: {
          tags: TAGS,
          summary:
            'Segments you can see as a GeoJSON FeatureCollection (map layer; min_quality filters by road quality)',
          produces: [GEOJSON],
          querystring: GeoJsonQuery,
          response: { 200: SegmentFeatureCollection },
        },
      },
      async (req, reply) => {
        const fc = await svc.geojson(me(req), req.query);
        return reply.type(`${GEOJSON}; charset=utf-8`).send(fc);
      },
    );

    app.get(
      '/gym/segments',
      {
        config: { access: { gym: ALL_ROLES } },
        schema: {
          tags: TAGS,
          summary: 'The segments shared with the gym of X-Gym-ID, newest first',
          querystring: SegmentListQuery,
          response: { 200: z.array(Segment) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.list(null, req.query, gymOf(req).id);
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.get(
      '/segments/:id',
      {
        config: user,
        schema: { tags: TAGS, summary: 'One segment', params: IdParams, response: { 200: Segment } },
      },
      async (req) => svc.get(me(req), req.params.id),
    );

    for (const method of ['PUT', 'PATCH'] as const)
      app.route({
        method,
        url: '/segments/:id',
        config: user,
        schema: {
          tags: TAGS,
          summary: `Change a segment (owner only; ${method === 'PUT' ? 'like PATCH, any subset of the fields, as RecWay’s client sends it' : 'any subset of the fields'})`,
          params: IdParams,
          body: SegmentPatchBody,
          response: { 200: Segment, 403: Problem },
        },
        preParsing: geometrySize,
        handler: async (req) => svc.update(me(req), req.params.id, req.body),
      });

    app.delete(
      '/segments/:id',
      {
        config: user,
        schema: {
          tags: TAGS,
          summary: 'Delete a segment (owner only) with its reports and efforts',
          params: IdParams,
          response: { 204: z.null(), 403: Problem },
        },
      },
      async (req, reply) => {
        await svc.remove(me(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/segments/:id/gpx',
      {
        config: user,
        schema: {
          tags: TAGS,
          summary: 'The segment as a GPX 1.1 route',
          produces: [GPX],
          params: IdParams,
          response: { 200: z.string().describe('GPX 1.1 document') },
        },
      },
      async (req, reply) =>
        reply
          .type(`${GPX}; charset=utf-8`)
          .header('content-disposition', `attachment; filename="segment-${req.params.id}.gpx"`)
          .send(await svc.gpx(me(req), req.params.id)),
    );

    app.post(
      '/segments/:id/quality-reports',
      {
        config: user,
        schema: {
          tags: TAGS,
          summary: 'Report the road quality of a segment you can see (one per day: a second one replaces it)',
          params: IdParams,
          body: QualityReportBody,
          response: { 200: QualityReport, 201: QualityReport },
        },
      },
      async (req, reply) => {
        const { report, replaced } = await svc.report(me(req), req.params.id, req.body);
        if (replaced) return report;
        return created(reply, `/api/v1/segments/${req.params.id}/quality-reports`, report);
      },
    );

    app.get(
      '/segments/:id/quality-reports',
      {
        config: user,
        schema: {
          tags: TAGS,
          summary: "A segment's road-quality reports, newest first",
          params: IdParams,
          querystring: Pagination,
          response: { 200: z.array(QualityReport) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.reports(me(req), req.params.id, req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.get(
      '/segments/:id/efforts',
      {
        config: user,
        schema: {
          tags: TAGS,
          summary: 'Leaderboard: the best effort of each person who can see the segment, fastest first',
          description: 'People who hid their efforts are left out (you always see your own).',
          params: IdParams,
          querystring: Pagination,
          response: { 200: z.array(SegmentEffort) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.leaderboard(me(req), req.params.id, req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.get(
      '/segments/:id/matching',
      {
        config: user,
        schema: {
          tags: TAGS,
          summary: 'Progress of matching the segment against the workouts already imported',
          params: IdParams,
          response: { 200: MatchingStatus },
        },
      },
      async (req) => svc.matching(me(req), req.params.id),
    );

    app.get(
      '/users/me/segment-efforts',
      {
        config: user,
        schema: {
          tags: TAGS,
          summary: 'Your personal records: your best effort on each segment you can see',
          querystring: Pagination,
          response: { 200: z.array(SegmentEffort) },
        },
      },
      async (req, reply) => {
        const { rows, total } = await svc.personalRecords(me(req), req.query);
        return paged(req, reply, rows, total, req.query);
      },
    );

    app.get(
      '/segments/map-tiles',
      {
        config: user,
        schema: {
          tags: TAGS,
          summary: 'The map tiles an operator configured (MAP_TILE_URL), or null: maps are then SVG alone',
          response: { 200: MapTiles },
        },
      },
      async () => ({ tiles: mapTiles }),
    );

    app.get(
      '/users/me/segment-preferences',
      {
        config: user,
        schema: {
          tags: TAGS,
          summary: 'Whether your efforts are hidden from leaderboards',
          response: { 200: EffortPrefs },
        },
      },
      async (req) => svc.prefs(principalOf(req).userId),
    );

    app.put(
      '/users/me/segment-preferences',
      {
        config: user,
        schema: {
          tags: TAGS,
          summary: 'Hide (or show) your efforts on every leaderboard',
          body: EffortPrefs,
          response: { 200: EffortPrefs },
        },
      },
      async (req) => svc.setPrefs(principalOf(req).userId, req.body),
    );

    // ---- RecWay's API: /api/v1/segmentos/ (ignoreTrailingSlash serves both spellings)

    app.post(
      '/segmentos',
      {
        config: user,
        schema: {
          tags: RECWAY,
          summary: 'Crear un segmento (RecWay)',
          body: SegmentoCreate,
          response: { 201: Segmento },
        },
      },
      async (req, reply) => {
        const s = await svc.segmentos.create(me(req), req.body);
        return created(reply, `/api/v1/segmentos/${s.id_segmento}`, s);
      },
    );

    app.get(
      '/segmentos',
      {
        config: user,
        schema: {
          tags: RECWAY,
          summary: 'Listar segmentos, los más recientes primero (RecWay)',
          querystring: Pagination,
          response: { 200: z.array(Segmento) },
        },
      },
      async (req, reply) =>
        sendJsonPage(
          req,
          reply,
          await svc.segmentos.listJson(me(req), req.query, serializeSegmentos),
          req.query,
        ),
    );

    app.get(
      '/segmentos/:id_segmento',
      {
        config: user,
        schema: {
          tags: RECWAY,
          summary: 'Un segmento (RecWay)',
          params: SegmentoIdParams,
          response: { 200: Segmento },
        },
      },
      async (req) => svc.segmentos.get(me(req), req.params.id_segmento),
    );

    for (const method of ['PUT', 'PATCH'] as const)
      app.route({
        method,
        url: '/segmentos/:id_segmento',
        config: user,
        schema: {
          tags: RECWAY,
          summary: 'Modificar un segmento: solo los campos enviados (RecWay)',
          params: SegmentoIdParams,
          body: SegmentoUpdate,
          response: { 200: Segmento, 403: Problem },
        },
        handler: async (req) => svc.segmentos.update(me(req), req.params.id_segmento, req.body),
      });

    app.delete(
      '/segmentos/:id_segmento',
      {
        config: user,
        schema: {
          tags: RECWAY,
          summary: 'Eliminar un segmento (RecWay)',
          params: SegmentoIdParams,
          response: { 204: z.null(), 403: Problem },
        },
      },
      async (req, reply) => {
        await svc.segmentos.remove(me(req), req.params.id_segmento);
        return reply.code(204).send(null);
      },
    );
  };
