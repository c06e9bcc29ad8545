import type {
  EffortPrefs,
  GeoJsonQuery,
  MatchingStatus,
  QualityReport,
  QualityReportBody,
  Segment,
  SegmentCreateBody,
  SegmentEffort,
  SegmentListQuery,
  SegmentPatchBody,
  Segmento,
  SegmentoCreate,
  SegmentoUpdate,
  SegmentVisibility,
} from '@pulso/contracts/segments';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Segment as SegmentShape } from '@pulso/contracts/segments';
import type { Principal } from '../../platform/auth/principal.js';
import type { Cache } from '../../platform/cache/index.js';
import { createJsonPageCache, type JsonPage } from '../../platform/cache/json-pages.js';
import type { JsonBytes } from '../../platform/http.js';
import type { Db } from '../../platform/db/index.js';
import { responseSerializer } from '../../platform/serializer.js';
import { AppError, errorSummary, invalid } from '../../platform/errors.js';
import { refuse } from './reasons.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import type { RunningReadModel, WorkoutTrackData } from '../running/read-model.js';
import {
  extentOf,
  geometryProblem,
  haversineM,
  lengthM,
  withoutRepeats,
  type Position,
} from './domain/geometry.js';
import {
  matchTrack,
  MATCH_TOLERANCE_M,
  paceSPerKm,
  prepareTrack,
  type PreparedTrack,
} from './domain/match.js';
import type { Filter, SegmentRead, SegmentsRepo, SegmentValues, Viewer } from './repo.js';
import { segmentsMessages as M } from './messages.js';
import { createNearIndex } from './near-index.js';

export interface SegmentsDeps {
  db: Db;
  repo: SegmentsRepo;
  clock: () => number;
  tracks: Pick<RunningReadModel, 'tracksPage' | 'trackOf'>;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  principals: { get(userId: number): Promise<Principal | null> };
  cache: Cache;
  /** Memory for the nearby index (config `segmentsNearIndexBytes`); 0 turns it off. */
  nearIndexBytes: number;
}

/** The list route's serializer: its pages and the nearby index's rows are written by this one function. */
export const serializeSegments = responseSerializer<Segment[]>(z.array(SegmentShape), 'GET', '/segments');

/**
 * List pages are cached serialised (platform/cache/json-pages.ts) under one generation for all segments: any
 * segment or report write retires every cached page (a public segment shows in everyone's lists). The key holds
 * the caller, their gyms and the whole query. The quality score moves with the clock (recency weighting), so a
 * page may show a score up to PAGE_TTL_S old.
 */
const PAGE_TTL_S = 60;

/**
 * How many public segments there are, for the X-Total-Count of the unfiltered list: counting 100,000 rows on
 * every request cost ~40 ms of database time (bench/RESULTS.md, "Segments"). Dropped on every segment write;
 * a read racing a write may keep the old figure for up to PUBLIC_COUNT_TTL_S.
 */
const PUBLIC_COUNT_KEY = 'segments:public-count';
const PUBLIC_COUNT_TTL_S = 10;

/** A `longitude`/`latitude` sent beside a geometry may differ from its first position by this much. */
const START_AGREEMENT_M = 25;
/** Workouts read and matched per turn of the event loop while a new segment is matched in the background. */
const MATCH_BATCH = 50;
/**
 * A background matching is held by its process for this long and renewed after every batch (a batch takes well
 * under it); when a process stops, another takes its matchings over once their lease has passed.
 */
const MATCH_LEASE_MS = 60_000;
/** How often a serving process looks for matchings and imported workouts that a stopped process left. */
const SWEEP_EVERY_MS = 30_000;
const SWEEP_BATCH = 20;

const iso = (ms: number) => new Date(ms).toISOString();
export const viewerOf = (p: Principal): Viewer => ({ userId: p.userId, gymIds: p.gyms.map((g) => g.id) });
const notFound = () => new AppError('not_found', M.msg('segment_not_found'));

export function toSegment(r: SegmentRead): Segment {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    location: r.location,
    longitude: r.longitude,
    latitude: r.latitude,
    geometry: r.coordinates ? { type: 'LineString', coordinates: r.coordinates } : null,
    length_m: r.length_m === null ? null : Math.round(r.length_m * 10) / 10,
    visibility: r.visibility,
    gym_id: r.gym_id,
    owner_id: r.owner_id,
    quality: {
      score: r.q_score,
      reports: r.q_reports,
      last_report_at: r.q_last_ms === null ? null : iso(r.q_last_ms),
      surface: r.q_surface,
      smoothness: r.q_smoothness,
    },
    ...(r.distance_m !== null ? { distance_m: Math.round(r.distance_m * 10) / 10 } : {}),
    created_at: iso(r.created_ms),
    updated_at: iso(r.updated_ms),
  };
}

function toSegmento(s: Segment): Segmento {
  return {
    id_segmento: s.id,
    nombre: s.name,
    descripcion: s.description,
    longitud: s.longitude,
    latitud: s.latitude,
    ubicacion: s.location,
    visibilidad: s.visibility,
    created_at: s.created_at,
    updated_at: s.updated_at,
  };
}

function parseFilter(q: { near?: string; radius_m: number; bbox?: string; min_quality?: number }): Filter {
  const f: Filter = {};
  if (q.near) {
    const [lat, lon] = q.near.split(',').map(Number) as [number, number];
    if (!(lat >= -90 && lat <= 90)) throw invalid('query.near', M.msg('near_latitude'));
    if (!(lon >= -180 && lon <= 180)) throw invalid('query.near', M.msg('near_longitude'));
    f.near = { lat, lon, radiusM: q.radius_m };
  }
  if (q.bbox) {
    const [minLon, minLat, maxLon, maxLat] = q.bbox.split(',').map(Number) as [
      number,
      number,
      number,
      number,
    ];
    if (
      ![minLon, maxLon].every((x) => x >= -180 && x <= 180) ||
      ![minLat, maxLat].every((x) => x >= -90 && x <= 90)
    )
      throw invalid('query.bbox', M.msg('bbox_range'));
    if (minLat > maxLat) throw invalid('query.bbox', M.msg('bbox_order'));
    f.bbox = { minLon, minLat, maxLon, maxLat };
  }
  if (q.min_quality !== undefined) f.minQuality = q.min_quality;
  return f;
}

export function createSegmentsService(d: SegmentsDeps) {
  const { repo } = d;
  async function publicCount(): Promise<number> {
    const hit = await d.cache.get<number>(PUBLIC_COUNT_KEY);
    if (hit !== undefined) return hit;
    const n = await repo.countPublic();
    await d.cache.set(PUBLIC_COUNT_KEY, n, PUBLIC_COUNT_TTL_S);
    return n;
  }
  const pages = createJsonPageCache(d.cache, { prefix: 'segments:pages', ttlSeconds: PAGE_TTL_S });
  const near = createNearIndex({
    repo,
    cache: d.cache,
    clock: d.clock,
    log: d.log,
    maxBytes: d.nearIndexBytes,
    serializeRow: (r) => serializeSegments([toSegment(r)]).slice(1, -1),
  });
  /** After a segment write's commit: the nearby index first (its feed), then the count and the pages. */
  const countChanged = async (id: number) => {
    await near.changed([id]);
    await Promise.all([d.cache.del(PUBLIC_COUNT_KEY), pages.invalidate('all')]);
  };
  const variant = (v: Viewer, kind: string, q: object) =>
    `${kind}|${v.userId}|${v.gymIds.join(',')}|${JSON.stringify(q)}`;
  /** Background matchings under way in this process (tests and shutdown wait for them). */
  const running = new Set<Promise<void>>();
  let closed = false;
  let sweepTimer: ReturnType<typeof setInterval> | undefined;
  let sweeping = false;

  /** Geometry-derived columns, after checking the line; field names as the request names them. */
  function shape(
    b: { geometry?: SegmentCreateBody['geometry']; longitude?: number; latitude?: number },
    current?: { longitude: number; latitude: number },
  ): Pick<
    SegmentValues,
    'coordinates' | 'lengthM' | 'longitude' | 'latitude' | 'minLon' | 'minLat' | 'maxLon' | 'maxLat'
  > {
    if (b.geometry) {
      const why = geometryProblem(b.geometry.coordinates);
      if (why)
        throw refuse('segment_geometry_invalid', { why: why.kind }, [
          { field: 'geometry.coordinates', message: M.msg('geometry_why', { why: why.kind }) },
        ]);
      const coords = withoutRepeats(b.geometry.coordinates).map((p) => [...p]);
      const [lon, lat] = coords[0]! as [number, number];
      if (b.longitude !== undefined || b.latitude !== undefined) {
        const off = haversineM(b.longitude ?? lon, b.latitude ?? lat, lon, lat);
        if (off > START_AGREEMENT_M)
          throw refuse('segment_start_mismatch', { metres: Math.round(off) }, [
            {
              field: b.longitude !== undefined ? 'longitude' : 'latitude',
              message: M.msg('not_first_position'),
            },
          ]);
      }
      return {
        coordinates: coords,
        lengthM: lengthM(coords),
        longitude: lon,
        latitude: lat,
        ...extentOf(coords),
      };
    }
    const lon = b.longitude ?? current!.longitude;
    const lat = b.latitude ?? current!.latitude;
    return { longitude: lon, latitude: lat, minLon: lon, maxLon: lon, minLat: lat, maxLat: lat };
  }

  function sharing(
    viewer: Viewer,
    visibility: SegmentVisibility | undefined,
    gymId: number | null | undefined,
    current?: { visibility: string; gymId: number | null },
  ): Pick<SegmentValues, 'visibility' | 'gymId'> | Record<string, never> {
    if (visibility === undefined && gymId === undefined) return {};
    const vis = visibility ?? (current?.visibility as SegmentVisibility | undefined) ?? 'private';
    if (vis !== 'gym') return { visibility: vis, gymId: null };
    const gym = gymId ?? current?.gymId ?? null;
    if (gym === null) throw invalid('gym_id', M.msg('gym_required'));
    if (!viewer.gymIds.includes(gym))
      throw refuse('segment_gym_not_member', {}, [{ field: 'gym_id', message: M.msg('not_your_gym') }]);
    return { visibility: 'gym', gymId: gym };
  }

  async function read(viewer: Viewer, id: number): Promise<Segment> {
    const r = await repo.find(viewer, id, d.clock());
    if (!r) throw notFound();
    return toSegment(r);
  }

  /** The row, if `viewer` may change it: 404 when they cannot even see it, 403 when it is someone else's. */
  async function owned(viewer: Viewer, id: number) {
    const row = await repo.row(id);
    const visible =
      row &&
      (row.ownerId === viewer.userId ||
        row.visibility === 'public' ||
        (row.visibility === 'gym' && row.gymId !== null && viewer.gymIds.includes(row.gymId)));
    if (!row || !visible) throw notFound();
    if (row.ownerId !== viewer.userId) throw refuse('segment_owner_only');
    return row;
  }

  async function create(viewer: Viewer, b: SegmentCreateBody): Promise<Segment> {
    const values = {
      ownerId: viewer.userId,
      name: b.name,
      description: b.description ?? null,
      location: b.location ?? null,
      ...shape(b),
      visibility: 'private',
      ...sharing(viewer, b.visibility, b.gym_id),
    } as Parameters<SegmentsRepo['insert']>[0];
    const id = await repo.insert(values);
    await countChanged(id);
    if (values.coordinates) await startMatching(id);
    return read(viewer, id);
  }

  async function update(viewer: Viewer, id: number, b: SegmentPatchBody): Promise<Segment> {
    const row = await owned(viewer, id);
    const v: SegmentValues = {};
    if (b.name !== undefined) v.name = b.name;
    if (b.description !== undefined) v.description = b.description;
    if (b.location !== undefined) v.location = b.location;
    let reshaped = false;
    if (b.geometry !== undefined || b.longitude !== undefined || b.latitude !== undefined) {
      if (b.geometry === null) {
        Object.assign(
          v,
          { coordinates: null, lengthM: null },
          shape({ longitude: b.longitude, latitude: b.latitude }, row),
        );
      } else if (b.geometry === undefined && row.coordinates) {
        // Moving the start of a line alone would leave it detached from its own geometry.
        throw invalid(b.longitude !== undefined ? 'longitude' : 'latitude', M.msg('move_needs_geometry'));
      } else Object.assign(v, shape(b, row));
      reshaped = b.geometry !== undefined;
    }
    Object.assign(v, sharing(viewer, b.visibility, b.gym_id, row));
    if (Object.keys(v).length) await repo.update(id, v);
    await countChanged(id);
    if (reshaped) {
      await repo.clearEfforts(id);
      if (v.coordinates) await startMatching(id);
    }
    return read(viewer, id);
  }

  async function remove(viewer: Viewer, id: number): Promise<void> {
    await owned(viewer, id);
    // Its reports, efforts and matching progress go with it (ON DELETE CASCADE).
    await repo.delete(id);
    await countChanged(id);
  }

  // ---- background matching of a segment against the workouts already imported

  function inBackground(what: string, ids: object, work: () => Promise<void>) {
    if (closed) return;
    const p = work()
      .catch((err: unknown) => d.log.warn({ err: errorSummary(err), ...ids }, `${what} failed`))
      .finally(() => running.delete(p));
    running.add(p);
  }

  /**
   * A new run for a new or reshaped segment: any run still going on it stops at its next batch. Its row is
   * written before the change is answered, so `GET /segments/{id}/matching` never reads the state a segment
   * with no run has (`done`, nothing found) while this one has yet to begin.
   */
  async function startMatching(segmentId: number) {
    const runId = randomUUID();
    await repo.setMatching(segmentId, {
      state: 'running',
      workoutsDone: 0,
      effortsFound: 0,
      workoutsTotal: 0,
      afterWorkoutId: 0,
      runId,
      leaseUntil: new Date(d.clock() + MATCH_LEASE_MS),
    });
    inBackground('segment matching', { segmentId }, () =>
      matchSegment(segmentId, runId, { after: 0, done: 0, found: 0, fresh: true }),
    );
  }

  /**
   * Reads the tracks of the people who can see the segment in batches of MATCH_BATCH, yielding to the event
   * loop between batches (each match is O(track + segment), about a millisecond for a 2-hour track), and
   * records progress, the cursor and a renewed lease in `segment_matching` after each batch, so
   * `GET /segments/{id}/matching` shows it and a run cut short by a restart resumes where it stopped.
   */
  async function matchSegment(
    segmentId: number,
    runId: string,
    from: { after: number; done: number; found: number; fresh: boolean },
  ) {
    let { after, done, found } = from;
    let first = from.fresh;
    for (;;) {
      if (closed) return;
      const row = await repo.row(segmentId);
      if (!row?.coordinates) return;
      const audience = await repo.audience(row);
      const page = await d.tracks.tracksPage({
        userIds: audience,
        afterWorkoutId: after,
        limit: MATCH_BATCH,
        bbox: pad(row),
      });
      for (const t of page.tracks) if (await matchOne(row, t)) found++;
      done += page.read;
      const last = page.lastWorkoutId === null || page.read < MATCH_BATCH;
      if (page.lastWorkoutId !== null) after = page.lastWorkoutId;
      const kept = await repo.runProgress(segmentId, runId, {
        ...(first ? { workoutsTotal: page.total } : {}),
        workoutsDone: done,
        effortsFound: found,
        afterWorkoutId: after,
        leaseUntil: new Date(d.clock() + MATCH_LEASE_MS),
      });
      first = false;
      if (!kept) return;
      if (last) break;
      await new Promise((r) => setImmediate(r));
    }
    // A resumed run may have re-matched the batch it was cut in: the count is taken from the efforts themselves.
    await repo.runProgress(segmentId, runId, {
      state: 'done',
      effortsFound: await repo.effortCount(segmentId),
      leaseUntil: null,
    });
  }

  /**
   * Takes over what stopped processes left: segment matchings whose lease has passed, resumed after their
   * cursor, and imported workouts still queued. Runs at start and every SWEEP_EVERY_MS; never overlaps itself.
   */
  async function sweep(): Promise<void> {
    if (closed || sweeping) return;
    sweeping = true;
    try {
      for (const segmentId of await repo.orphanedMatchings(d.clock(), SWEEP_BATCH)) {
        const runId = randomUUID();
        const row = await repo.claimMatching(segmentId, runId, d.clock(), MATCH_LEASE_MS);
        if (!row) continue; // another process took it first
        d.log.info({ segmentId, afterWorkoutId: row.afterWorkoutId }, 'segment matching resumed');
        inBackground('segment matching', { segmentId }, () =>
          matchSegment(segmentId, runId, {
            after: row.afterWorkoutId,
            done: row.workoutsDone,
            found: row.effortsFound,
            fresh: false,
          }),
        );
      }
      for (const q of await repo.claimQueuedWorkouts(d.clock(), MATCH_LEASE_MS, SWEEP_BATCH))
        inBackground('workout matching', { workoutId: q.workoutId }, () =>
          matchQueued(q.userId, q.workoutId),
        );
    } finally {
      sweeping = false;
    }
  }

  async function matchQueued(userId: number, workoutId: number) {
    const who = await d.principals.get(userId);
    if (who) await matchWorkout(viewerOf(who), workoutId);
    await repo.dequeueWorkout(workoutId);
  }

  const pad = (e: { minLon: number; minLat: number; maxLon: number; maxLat: number }) => {
    const dLat = MATCH_TOLERANCE_M / 111_000;
    const dLon = dLat / Math.max(0.01, Math.cos((((e.minLat + e.maxLat) / 2) * Math.PI) / 180));
    return {
      minLon: e.minLon - dLon,
      minLat: e.minLat - dLat,
      maxLon: e.maxLon + dLon,
      maxLat: e.maxLat + dLat,
    };
  };

  const prepared = (t: WorkoutTrackData) =>
    prepareTrack({ ...t, coordinates: t.coordinates as unknown as Position[] });

  async function matchOne(
    seg: { id: number; coordinates: number[][] | null },
    t: WorkoutTrackData,
    p: PreparedTrack = prepared(t),
  ): Promise<boolean> {
    const m = matchTrack(seg.coordinates!, p);
    if (!m) return false;
    await repo.upsertEffort({
      segmentId: seg.id,
      workoutId: t.workoutId,
      userId: t.userId,
      startedAt: new Date(m.startMs),
      elapsedS: Math.round(m.elapsedS * 10) / 10,
      paceSPerKm: (() => {
        const p = paceSPerKm(m.elapsedS, seg.coordinates!);
        return p === null ? null : Math.round(p * 10) / 10;
      })(),
      avgHr: m.avgHr === null ? null : Math.round(m.avgHr),
    });
    return true;
  }

  /** A newly imported workout against every segment its athlete can see near its track. */
  async function matchWorkout(viewer: Viewer, workoutId: number): Promise<number> {
    const t = await d.tracks.trackOf(workoutId);
    if (!t) return 0;
    const box = pad(extentOf(t.coordinates as unknown as Position[]));
    let found = 0;
    const p = prepared(t);
    for (const seg of await repo.candidates(viewer, box)) if (await matchOne(seg, t, p)) found++;
    return found;
  }

  const effortOut = (r: Record<string, unknown>): SegmentEffort => ({
    id: Number(r.id),
    segment_id: Number(r.segment_id),
    workout_id: Number(r.workout_id),
    user_id: Number(r.user_id),
    ...(r.user_name !== undefined ? { user_name: r.user_name as string } : {}),
    started_at: iso(Number(r.started_ms)),
    elapsed_s: Number(r.elapsed_s),
    pace_s_per_km: r.pace_s_per_km == null ? null : Number(r.pace_s_per_km),
    avg_hr: r.avg_hr == null ? null : Number(r.avg_hr),
    ...(r.rank !== undefined ? { rank: Number(r.rank) } : {}),
  });

  return {
    create,
    get: read,
    update,
    remove,
    async list(viewer: Viewer | null, q: SegmentListQuery, gymId?: number) {
      const f = parseFilter(q);
      if (gymId !== undefined) f.gymId = gymId;
      const { rows, total } = await repo.list(viewer, f, q, d.clock(), { publicCount });
      return { rows: rows.map(toSegment), total };
    },
    /** `list` as a cached serialised page (the route's own serializer). */
    async listJson(
      viewer: Viewer,
      q: SegmentListQuery,
      serialize: (rows: Segment[]) => string,
    ): Promise<JsonPage | JsonBytes> {
      const f = parseFilter(q);
      const build = async () => {
        const { rows, total } = await repo.list(viewer, f, q, d.clock(), { publicCount });
        return { json: serialize(rows.map(toSegment)), total };
      };
      // A point or a box comes from a map or a phone's position: nearly every one is new, and caching it would
      // only cost a cache write per search (bench/RESULTS.md, "Segments"). A nearby search alone is answered
      // by the in-process index (near-index.ts) when it is ready, by the SQL otherwise.
      if (f.near && !f.bbox && f.minQuality === undefined) {
        const hit = await near.search(viewer, f.near, q, d.clock());
        if (hit) return { bytes: hit.bytes, total: hit.total };
      }
      if (f.near || f.bbox) return build();
      return pages.get('all', variant(viewer, 'en', q), build);
    },
    async geojson(viewer: Viewer, q: GeoJsonQuery) {
      const { rows } = await repo.list(viewer, parseFilter(q), { skip: 0, limit: q.limit }, d.clock(), {
        withTotal: false,
      });
      return {
        type: 'FeatureCollection' as const,
        features: rows.map((r) => ({
          type: 'Feature' as const,
          id: r.id,
          geometry: r.coordinates
            ? { type: 'LineString', coordinates: r.coordinates }
            : { type: 'Point', coordinates: [r.longitude, r.latitude] as unknown[] },
          properties: {
            name: r.name,
            visibility: r.visibility,
            length_m: r.length_m === null ? null : Math.round(r.length_m * 10) / 10,
            quality: r.q_score,
            reports: r.q_reports,
            ...(r.distance_m !== null ? { distance_m: Math.round(r.distance_m * 10) / 10 } : {}),
          },
        })),
      };
    },
    async gpx(viewer: Viewer, id: number): Promise<string> {
      const s = await read(viewer, id);
      return toGpx(s);
    },

    // ---- RecWay's API: the same use cases, Spanish fields
    segmentos: {
      async create(viewer: Viewer, b: SegmentoCreate): Promise<Segmento> {
        return toSegmento(
          await create(viewer, {
            name: b.nombre,
            description: b.descripcion,
            longitude: b.longitud,
            latitude: b.latitud,
            location: b.ubicacion,
          }),
        );
      },
      get: async (viewer: Viewer, id: number) => toSegmento(await read(viewer, id)),
      async listJson(
        viewer: Viewer,
        q: { skip: number; limit: number },
        serialize: (rows: Segmento[]) => string,
      ): Promise<JsonPage> {
        return pages.get('all', variant(viewer, 'es', q), async () => {
          const { rows, total } = await repo.list(viewer, {}, q, d.clock(), { publicCount });
          return { json: serialize(rows.map((r) => toSegmento(toSegment(r)))), total };
        });
      },
      async update(viewer: Viewer, id: number, b: SegmentoUpdate): Promise<Segmento> {
        return toSegmento(
          await update(viewer, id, {
            name: b.nombre,
            description: b.descripcion,
            longitude: b.longitud,
            latitude: b.latitud,
            location: b.ubicacion,
          }),
        );
      },
      remove,
    },

    // ---- road quality
    async report(
      viewer: Viewer,
      id: number,
      b: QualityReportBody,
    ): Promise<{ report: QualityReport; replaced: boolean }> {
      await read(viewer, id);
      const now = d.clock();
      const r = await repo.upsertReport({
        segmentId: id,
        userId: viewer.userId,
        day: iso(now).slice(0, 10),
        rating: b.rating,
        surface: b.surface ?? null,
        smoothness: b.smoothness ?? null,
        hazards: b.hazards,
        comment: b.comment ?? null,
        reportedAt: new Date(now),
      });
      await near.changed([id]);
      await pages.invalidate('all');
      return { report: reportOut(r), replaced: !r.inserted };
    },
    async reports(viewer: Viewer, id: number, page: { skip: number; limit: number }) {
      await read(viewer, id);
      const { rows, total } = await repo.reports(id, page);
      return { rows: rows.map(reportOut), total };
    },

    // ---- efforts
    async leaderboard(viewer: Viewer, id: number, page: { skip: number; limit: number }) {
      await read(viewer, id);
      const seg = (await repo.row(id))!;
      const { rows, total } = await repo.leaderboard(seg, viewer.userId, page);
      return { rows: rows.map(effortOut), total };
    },
    async personalRecords(viewer: Viewer, page: { skip: number; limit: number }) {
      const { rows, total } = await repo.personalRecords(viewer, page);
      return { rows: rows.map(effortOut), total };
    },
    async prefs(userId: number): Promise<EffortPrefs> {
      return { hide_efforts: (await repo.prefs(userId)).hideEfforts };
    },
    async setPrefs(userId: number, b: EffortPrefs): Promise<EffortPrefs> {
      await repo.setPrefs(userId, b.hide_efforts);
      return b;
    },
    async matching(viewer: Viewer, id: number): Promise<MatchingStatus> {
      await read(viewer, id);
      const m = await repo.matching(id);
      return {
        segment_id: id,
        state: (m?.state as MatchingStatus['state'] | undefined) ?? 'done',
        workouts_total: m?.workoutsTotal ?? 0,
        workouts_done: m?.workoutsDone ?? 0,
        efforts_found: m?.effortsFound ?? 0,
      };
    },
    matchWorkout,
    /** Matches an imported workout in the background (the import has already answered). */
    matchImported(userId: number, workoutId: number) {
      inBackground('workout matching', { workoutId }, async () => {
        // Queued first, so a restart before the match finishes leaves it for the next sweep.
        await repo.enqueueWorkout(workoutId, userId, d.clock(), MATCH_LEASE_MS);
        await matchQueued(userId, workoutId);
      });
    },
    /** Starts the sweep for work stopped processes left (a serving process only; not the command line). */
    start() {
      inBackground('matching sweep', {}, sweep);
      sweepTimer = setInterval(() => inBackground('matching sweep', {}, sweep), SWEEP_EVERY_MS);
      sweepTimer.unref();
    },
    /** One sweep now (tests, and `start`). */
    sweep,
    /** Resolves when the background matchings started so far have finished. */
    async idle() {
      while (running.size) await Promise.all([...running]);
    },
    /** The nearby index (tests). */
    nearIndex: near,
    async close() {
      closed = true;
      near.close();
      clearInterval(sweepTimer);
      await Promise.all([...running]);
    },

    userData(): UserDataContributor {
      return {
        name: 'segments',
        async export(userId, tx) {
          const [own, reports, efforts, prefs] = await Promise.all([
            repo.segmentsOf(userId, tx),
            repo.reportsOf(userId, tx),
            repo.effortsOf(userId, tx),
            repo.prefs(userId, tx),
          ]);
          return { segments: own, quality_reports: reports, efforts, hide_efforts: prefs.hideEfforts };
        },
        // Segments, reports, efforts and preferences are keyed to the user with ON DELETE CASCADE. Once that has
        // committed, the nearby index is rebuilt (their segments, the scores their reports made, and the gyms
        // erased with them all change) and the cached pages and count are retired.
        beforeErase() {
          return Promise.resolve(async () => {
            await near.changed('*');
            await Promise.all([d.cache.del(PUBLIC_COUNT_KEY), pages.invalidate('all')]);
          });
        },
      };
    },
  };
}

function reportOut(r: {
  id: number;
  segmentId: number;
  userId: number;
  day: string;
  rating: number;
  surface: string | null;
  smoothness: string | null;
  hazards: string[];
  comment: string | null;
  reportedAt: Date;
}): QualityReport {
  return {
    id: r.id,
    segment_id: r.segmentId,
    user_id: r.userId,
    day: r.day,
    rating: r.rating,
    surface: r.surface,
    smoothness: r.smoothness,
    hazards: r.hazards,
    comment: r.comment,
    created_at: r.reportedAt.toISOString(),
  };
}

const xml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** GPX 1.1 (topografix.com/GPX/1/1): the segment as a route (`rte`), its points as `rtept`. */
export function toGpx(s: Segment): string {
  const pts = s.geometry?.coordinates ?? [[s.longitude, s.latitude]];
  const rtepts = pts
    .map(
      (p) =>
        `    <rtept lat="${p[1]}" lon="${p[0]}">${p.length > 2 && p[2] != null ? `<ele>${p[2]}</ele>` : ''}</rtept>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Pulso" xmlns="http://www.topografix.com/GPX/1/1">
  <metadata><name>${xml(s.name)}</name><time>${s.created_at}</time></metadata>
  <rte>
    <name>${xml(s.name)}</name>${s.description ? `\n    <desc>${xml(s.description)}</desc>` : ''}
${rtepts}
  </rte>
</gpx>
`;
}

export type SegmentsService = ReturnType<typeof createSegmentsService>;
