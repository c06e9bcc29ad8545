import { and, asc, count, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { executePrepared, jsonOf, rowsOf, type Db, type Executor } from '../../platform/db/index.js';
import { earthPoint } from './domain/nearby.js';
import { HALF_LIFE_DAYS } from './domain/quality.js';
import {
  segmentEffortPrefs,
  segmentEfforts,
  segmentMatching,
  segmentQualityReports,
  segmentWorkoutQueue,
  segments,
} from './tables.js';

const at = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

export type SegmentInsert = typeof segments.$inferInsert;
export type SegmentValues = Partial<Omit<SegmentInsert, 'id' | 'ownerId' | 'createdAt' | 'updatedAt'>>;

/** Who is looking: their id and their gyms (from the cached principal; no query). */
export interface Viewer {
  userId: number;
  gymIds: readonly number[];
}

export interface Near {
  lat: number;
  lon: number;
  radiusM: number;
}
export interface Filter {
  near?: Near;
  bbox?: { minLon: number; minLat: number; maxLon: number; maxLat: number };
  minQuality?: number;
  /** Only the segments shared with this gym. */
  gymId?: number;
}

/** A segment as read: its row, its quality aggregate and, in a `near` search, its distance. */
export interface SegmentRead {
  id: number;
  owner_id: number;
  gym_id: number | null;
  visibility: 'private' | 'gym' | 'public';
  name: string;
  description: string | null;
  location: string | null;
  longitude: number;
  latitude: number;
  coordinates: number[][] | null;
  length_m: number | null;
  created_ms: number;
  updated_ms: number;
  q_score: number | null;
  q_reports: number;
  q_last_ms: number | null;
  q_surface: string | null;
  q_smoothness: string | null;
  distance_m: number | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function fromRow(r: Record<string, unknown>): SegmentRead {
  return {
    id: Number(r.id),
    owner_id: Number(r.owner_id),
    gym_id: num(r.gym_id),
    visibility: r.visibility as SegmentRead['visibility'],
    name: r.name as string,
    description: (r.description as string | null) ?? null,
    location: (r.location as string | null) ?? null,
    longitude: Number(r.longitude),
    latitude: Number(r.latitude),
    coordinates: r.coordinates == null ? null : jsonOf<number[][]>(r.coordinates),
    length_m: num(r.length_m),
    created_ms: Number(r.created_ms),
    updated_ms: Number(r.updated_ms),
    q_score: num(r.q_score),
    q_reports: Number(r.q_reports ?? 0),
    q_last_ms: num(r.q_last_ms),
    q_surface: (r.q_surface as string | null) ?? null,
    q_smoothness: (r.q_smoothness as string | null) ?? null,
    distance_m: num(r.distance_m),
  };
}

/** Who may see a segment: its owner, everyone for public ones, the gym's members for shared ones. */
function visibleTo(v: Viewer): SQL {
  const gym = v.gymIds.length
    ? sql` or (s.visibility = 'gym' and s.gym_id in (${sql.join(
        v.gymIds.map((g) => sql`${g}`),
        sql`, `,
      )}))`
    : sql``;
  return sql`(s.owner_id = ${v.userId} or s.visibility = 'public'${gym})`;
}

/**
 * The search point as earthdistance's `earth` value, computed here (ll_to_earth's own formula,
 * domain/nearby.ts) and sent as a constant: written as `ll_to_earth($lat, $lon)` PostgreSQL evaluated the SQL
 * function again for every row it checked, ~60 % of a nearby search's time (bench/RESULTS.md, "Segments").
 */
function earth(n: Near): SQL {
  const [x, y, z] = earthPoint(n.lat, n.lon);
  return sql`${`(${x}, ${y}, ${z})`}::cube::earth`;
}

function conditions(v: Viewer | null, f: Filter): SQL[] {
  const where: SQL[] = [];
  if (v) where.push(visibleTo(v));
  if (f.gymId !== undefined) where.push(sql`s.visibility = 'gym' and s.gym_id = ${f.gymId}`);
  if (f.near) {
    // earth_box is the GiST-indexed coarse test (it may include points slightly beyond the radius);
    // earth_distance the exact one (F.15 earthdistance, PostgreSQL documentation).
    where.push(
      sql`earth_box(${earth(f.near)}, ${f.near.radiusM}::float8) @> s.earth`,
      sql`earth_distance(${earth(f.near)}, s.earth) <= ${f.near.radiusM}::float8`,
    );
  }
  if (f.bbox) {
    const b = f.bbox;
    where.push(sql`s.min_lat <= ${b.maxLat}::float8 and s.max_lat >= ${b.minLat}::float8`);
    // RFC 7946 §5.2: a box whose west edge is east of its east edge crosses the antimeridian.
    where.push(
      b.minLon <= b.maxLon
        ? sql`s.min_lon <= ${b.maxLon}::float8 and s.max_lon >= ${b.minLon}::float8`
        : sql`(s.max_lon >= ${b.minLon}::float8 or s.min_lon <= ${b.maxLon}::float8)`,
    );
  }
  return where;
}

/**
 * The quality aggregate of each segment: the recency-weighted mean rating (domain/quality.ts, the same
 * formula), the count and the latest report. `now` is the app's clock, not the database's.
 */
function qualityJoin(nowMs: number): SQL {
  const halfLifeS = HALF_LIFE_DAYS * 86_400;
  return sql`left join lateral (
      select round((sum(w * r.rating) / sum(w))::numeric, 2)::float8 as q_score,
             count(*)::int as q_reports,
             (extract(epoch from max(r.reported_at)) * 1000)::float8 as q_last_ms
        from (select rating, reported_at,
                     power(2::float8, -greatest(0::float8,
                       extract(epoch from (to_timestamp(${nowMs / 1000}::float8) - reported_at))::float8) / ${halfLifeS}::float8) as w
                from segment_quality_reports where segment_id = s.id) r
    ) q on true
    left join lateral (
      select surface as q_surface, smoothness as q_smoothness from segment_quality_reports
       where segment_id = s.id order by reported_at desc, id desc limit 1
    ) l on true`;
}

function selectSql(
  nowMs: number,
  near: Near | undefined,
  from: SQL = sql`segments`,
  extra: SQL = sql``,
): SQL {
  const distance = near
    ? sql`earth_distance(${earth(near)}, s.earth) as distance_m`
    : sql`null::float8 as distance_m`;
  return sql`select s.id, s.owner_id, s.gym_id, s.visibility, s.name, s.description, s.location,
      s.longitude, s.latitude, s.coordinates, s.length_m,
      (extract(epoch from s.created_at) * 1000)::float8 as created_ms,
      (extract(epoch from s.updated_at) * 1000)::float8 as updated_ms,
      q.q_score, q.q_reports, q.q_last_ms, l.q_surface, l.q_smoothness, ${distance}${extra}
    from ${from} s ${qualityJoin(nowMs)}`;
}

const whereOf = (parts: SQL[]) => (parts.length ? sql` where ${sql.join(parts, sql` and `)}` : sql``);

export function createSegmentsRepo(db: Db) {
  return {
    async insert(v: SegmentInsert, tx: Executor = db): Promise<number> {
      const [r] = await tx.insert(segments).values(v).returning({ id: segments.id });
      return r!.id;
    },
    async update(id: number, v: SegmentValues, tx: Executor = db): Promise<void> {
      await tx
        .update(segments)
        .set({ ...v, updatedAt: sql`now()` })
        .where(eq(segments.id, id));
    },
    async delete(id: number, tx: Executor = db): Promise<void> {
      await tx.delete(segments).where(eq(segments.id, id));
    },
    /** The bare row, with no visibility rule (the service decides). */
    async row(id: number, tx: Executor = db) {
      const [r] = await tx.select().from(segments).where(eq(segments.id, id));
      return r;
    },
    async find(
      viewer: Viewer | null,
      id: number,
      nowMs: number,
      tx: Executor = db,
    ): Promise<SegmentRead | undefined> {
      const where = [sql`s.id = ${id}`, ...conditions(viewer, {})];
      const rows = rowsOf<Record<string, unknown>>(
        await tx.execute(sql`${selectSql(nowMs, undefined)}${whereOf(where)}`),
      );
      return rows[0] && fromRow(rows[0]);
    },
    /**
     * A page of the segments `viewer` may see: nearest first in a `near` search, else newest first (ids only
     * grow, so `id desc` is creation order without ties). With `min_quality`, unrated segments are left out.
     */
    async list(
      viewer: Viewer | null,
      f: Filter,
      page: { skip: number; limit: number },
      nowMs: number,
      o: { withTotal?: boolean; publicCount?: () => Promise<number> } = {},
    ): Promise<{ rows: SegmentRead[]; total: number }> {
      const where = conditions(viewer, f);
      const quality = f.minQuality !== undefined ? sql` where t.q_score >= ${f.minQuality}::float8` : sql``;
      const order = f.near ? sql`t.distance_m, t.id` : sql`t.id desc`;
      // A filtered list (near, box, quality, one gym) counts its matches in the same pass (a window over the
      // filtered rows, before the page is cut); the whole visible list adds up three indexed counts instead of
      // scanning every public segment per request.
      if (f.near && f.minQuality === undefined && o.withTotal !== false) {
        // Nearest first. One statement: the GiST box scan finds every visible segment in range from the index
        // alone (it carries id and the visibility columns: migration 0019), counts them in a window and keeps
        // the page's ids in `<->` order (cube's chord orders like the great-circle distance); only those rows
        // are then read from the table with their quality. The count used to be a second query over the same
        // index entries: twice the scan in PostgreSQL and a second round trip for the server
        // (bench/RESULTS.md, "Segments").
        const near = f.near;
        const pageOf = sql`(select s.*, p.total_n from (select s.id, count(*) over ()::int as total_n
            from segments s${whereOf(where)}
            order by s.earth <-> ${earth(near)}, s.id limit ${page.limit} offset ${page.skip}) p
            join segments s on s.id = p.id)`;
        // Prepared: the nearby search is the hot statement, and parsing and planning its text (laterals, window,
        // KNN order) was a sizeable part of each search (bench/RESULTS.md, "Segments"). Its text depends only on
        // the number of the viewer's gyms, so each connection keeps a handful of statements at most.
        const raw = rowsOf<Record<string, unknown>>(
          await executePrepared(
            db,
            'segments_near',
            sql`${selectSql(nowMs, near, pageOf, sql`, s.total_n`)} order by distance_m, s.id`,
          ),
        );
        if (raw.length) return { rows: raw.map(fromRow), total: Number(raw[0]!.total_n) };
        if (page.skip === 0) return { rows: [], total: 0 };
        // Past the end: the window had no row to ride on.
        const [t] = rowsOf<{ n: number }>(
          await db.execute(sql`select count(*)::int as n from segments s${whereOf(where)}`),
        );
        return { rows: [], total: Number(t?.n ?? 0) };
      }
      const filtered = !viewer || !!f.near || !!f.bbox || f.minQuality !== undefined || f.gymId !== undefined;
      const windowed = filtered && o.withTotal !== false;
      const raw = rowsOf<Record<string, unknown>>(
        await db.execute(
          sql`select t.*${windowed ? sql`, count(*) over ()::int as total_n` : sql``}
                from (${selectSql(nowMs, f.near)}${whereOf(where)}) t${quality}
              order by ${order} limit ${page.limit} offset ${page.skip}`,
        ),
      );
      const rows = raw.map(fromRow);
      if (o.withTotal === false) return { rows, total: rows.length };
      if (windowed && raw.length) return { rows, total: Number(raw[0]!.total_n) };
      if (windowed) {
        if (page.skip === 0) return { rows, total: 0 };
        // Past the end: the window had no row to ride on.
        const [t] = rowsOf<{ n: number }>(
          await db.execute(
            sql`select count(*)::int as n from (${selectSql(nowMs, undefined)}${whereOf(where)}) t${quality}`,
          ),
        );
        return { rows, total: Number(t?.n ?? 0) };
      }
      const v = viewer!;
      const gym = v.gymIds.length
        ? sql`(select count(*) from segments where visibility = 'gym' and owner_id <> ${v.userId}
                and gym_id in (${sql.join(
                  v.gymIds.map((g) => sql`${g}`),
                  sql`, `,
                )}))`
        : sql`0`;
      const [c] = rowsOf<{ n: number }>(
        await db.execute(
          sql`select ((select count(*) from segments where owner_id = ${v.userId} and visibility <> 'public') + ${gym})::int as n`,
        ),
      );
      const pub = o.publicCount
        ? await o.publicCount()
        : Number(
            rowsOf<{ n: number }>(
              await db.execute(sql`select count(*)::int as n from segments where visibility = 'public'`),
            )[0]?.n ?? 0,
          );
      return { rows, total: Number(c?.n ?? 0) + pub };
    },
    /**
     * For the in-process nearby index (near-index.ts): the segments with `ids`, or the next `limit` after
     * `afterId` in id order (the index loads in batches, so no single read holds every row), each as `find` reads
     * it (the same expressions, so the same values) plus its stored `earth` point, and their quality reports
     * (rating and time, newest first, for the score and the latest surface).
     */
    async indexRows(sel: { ids: readonly number[] } | { afterId: number; limit: number }) {
      const idList = (ids: readonly number[]) =>
        sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        );
      const where =
        'ids' in sel
          ? sel.ids.length
            ? sql` where s.id in (${idList(sel.ids)})`
            : sql` where false`
          : sql` where s.id > ${sel.afterId} order by s.id limit ${sel.limit}`;
      const rows = rowsOf<Record<string, unknown>>(
        await db.execute(sql`select s.id, s.owner_id, s.gym_id, s.visibility, s.name, s.description, s.location,
            s.longitude, s.latitude, s.coordinates, s.length_m,
            (extract(epoch from s.created_at) * 1000)::float8 as created_ms,
            (extract(epoch from s.updated_at) * 1000)::float8 as updated_ms,
            cube_ll_coord(s.earth, 1) as ex, cube_ll_coord(s.earth, 2) as ey, cube_ll_coord(s.earth, 3) as ez
          from segments s${where}`),
      );
      const got = rows.map((r) => Number(r.id));
      const reports = got.length
        ? rowsOf<Record<string, unknown>>(
            await db.execute(sql`select r.segment_id, r.rating,
                (extract(epoch from r.reported_at) * 1000)::float8 as at_ms, r.surface, r.smoothness
              from segment_quality_reports r where r.segment_id in (${idList(got)})
              order by r.segment_id, r.reported_at desc, r.id desc`),
          )
        : [];
      return {
        rows: rows.map((r) => ({
          read: fromRow({ ...r, q_reports: 0 }),
          x: Number(r.ex),
          y: Number(r.ey),
          z: Number(r.ez),
        })),
        reports: reports.map((r) => ({
          segmentId: Number(r.segment_id),
          rating: Number(r.rating),
          atMs: Number(r.at_ms),
          surface: (r.surface as string | null) ?? null,
          smoothness: (r.smoothness as string | null) ?? null,
        })),
      };
    },
    async countPublic(): Promise<number> {
      const [t] = rowsOf<{ n: number }>(
        await db.execute(sql`select count(*)::int as n from segments where visibility = 'public'`),
      );
      return Number(t?.n ?? 0);
    },

    // ---- quality reports
    /** One report per person, segment and day: a second one that day replaces the first. */
    async upsertReport(v: typeof segmentQualityReports.$inferInsert, tx: Executor = db) {
      const [r] = await tx
        .insert(segmentQualityReports)
        .values(v)
        .onConflictDoUpdate({
          target: [segmentQualityReports.segmentId, segmentQualityReports.userId, segmentQualityReports.day],
          set: {
            rating: v.rating,
            surface: v.surface ?? null,
            smoothness: v.smoothness ?? null,
            hazards: v.hazards ?? [],
            comment: v.comment ?? null,
            reportedAt: v.reportedAt,
          },
        })
        // xmax is 0 on a freshly inserted row version, the updater's id on one the conflict updated.
        .returning({ ...getTableColumns(segmentQualityReports), inserted: sql<boolean>`(xmax = 0)` });
      return r!;
    },
    async reports(segmentId: number, page: { skip: number; limit: number }) {
      const rows = await db
        .select()
        .from(segmentQualityReports)
        .where(eq(segmentQualityReports.segmentId, segmentId))
        .orderBy(sql`${segmentQualityReports.reportedAt} desc, ${segmentQualityReports.id} desc`)
        .limit(page.limit)
        .offset(page.skip);
      const [t] = rowsOf<{ n: number }>(
        await db.execute(
          sql`select count(*)::int as n from segment_quality_reports where segment_id = ${segmentId}`,
        ),
      );
      return { rows, total: Number(t?.n ?? 0) };
    },
    async reportsOf(userId: number, tx: Executor = db) {
      return tx.select().from(segmentQualityReports).where(eq(segmentQualityReports.userId, userId));
    },
    async segmentsOf(userId: number, tx: Executor = db) {
      return tx.select().from(segments).where(eq(segments.ownerId, userId));
    },

    // ---- efforts
    async upsertEffort(v: typeof segmentEfforts.$inferInsert, tx: Executor = db) {
      // Keep the faster of two passes of the same workout (a re-match after a reshape).
      await tx
        .insert(segmentEfforts)
        .values(v)
        .onConflictDoUpdate({
          target: [segmentEfforts.segmentId, segmentEfforts.workoutId],
          set: {
            startedAt: v.startedAt,
            elapsedS: v.elapsedS,
            paceSPerKm: v.paceSPerKm ?? null,
            avgHr: v.avgHr ?? null,
          },
        });
    },
    async clearEfforts(segmentId: number, tx: Executor = db) {
      await tx.delete(segmentEfforts).where(eq(segmentEfforts.segmentId, segmentId));
    },
    async clearWorkoutEfforts(workoutId: number, tx: Executor = db) {
      await tx.delete(segmentEfforts).where(eq(segmentEfforts.workoutId, workoutId));
    },
    /**
     * Leaderboard: each person's best effort, fastest first, among people who can see the segment (its owner;
     * the gym's members for a gym segment; everyone for a public one) and who have not hidden their efforts.
     * The viewer always sees their own.
     */
    async leaderboard(
      seg: { id: number; ownerId: number; visibility: string; gymId: number | null },
      viewerId: number,
      page: { skip: number; limit: number },
    ) {
      const audience =
        seg.visibility === 'public'
          ? sql`true`
          : seg.visibility === 'gym' && seg.gymId !== null
            ? sql`(e.user_id = ${seg.ownerId} or exists (select 1 from gym_members m where m.gym_id = ${seg.gymId} and m.user_id = e.user_id))`
            : sql`e.user_id = ${seg.ownerId}`;
      const base = sql`select distinct on (e.user_id) e.id, e.segment_id, e.workout_id, e.user_id, u.name as user_name,
            (extract(epoch from e.started_at) * 1000)::float8 as started_ms, e.elapsed_s, e.pace_s_per_km, e.avg_hr
          from segment_efforts e join users u on u.id = e.user_id
          left join segment_effort_prefs p on p.user_id = e.user_id
         where e.segment_id = ${seg.id} and ${audience}
           and (e.user_id = ${viewerId} or coalesce(p.hide_efforts, false) = false)
         order by e.user_id, e.elapsed_s, e.id`;
      const rows = rowsOf<Record<string, unknown>>(
        await db.execute(
          sql`select b.*, (rank() over (order by b.elapsed_s))::int as rank from (${base}) b
              order by b.elapsed_s, b.id limit ${page.limit} offset ${page.skip}`,
        ),
      );
      const [t] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from (${base}) b`));
      return { rows, total: Number(t?.n ?? 0) };
    },
    /** A person's best effort on each segment they can still see. */
    async personalRecords(viewer: Viewer, page: { skip: number; limit: number }) {
      const base = sql`select distinct on (e.segment_id) e.id, e.segment_id, e.workout_id, e.user_id,
            (extract(epoch from e.started_at) * 1000)::float8 as started_ms, e.elapsed_s, e.pace_s_per_km, e.avg_hr
          from segment_efforts e join segments s on s.id = e.segment_id
         where e.user_id = ${viewer.userId} and ${visibleTo(viewer)}
         order by e.segment_id, e.elapsed_s, e.id`;
      const rows = rowsOf<Record<string, unknown>>(
        await db.execute(
          sql`select * from (${base}) b order by b.segment_id desc limit ${page.limit} offset ${page.skip}`,
        ),
      );
      const [t] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from (${base}) b`));
      return { rows, total: Number(t?.n ?? 0) };
    },
    async effortsOf(userId: number, tx: Executor = db) {
      return tx.select().from(segmentEfforts).where(eq(segmentEfforts.userId, userId));
    },
    async prefs(userId: number, tx: Executor = db) {
      const [r] = await tx.select().from(segmentEffortPrefs).where(eq(segmentEffortPrefs.userId, userId));
      return { hideEfforts: r?.hideEfforts ?? false };
    },
    async setPrefs(userId: number, hideEfforts: boolean) {
      await db
        .insert(segmentEffortPrefs)
        .values({ userId, hideEfforts })
        .onConflictDoUpdate({ target: segmentEffortPrefs.userId, set: { hideEfforts } });
    },
    /** Segments `viewer` can see whose extent meets the box (the candidates for a track). */
    async candidates(
      viewer: Viewer,
      box: { minLon: number; minLat: number; maxLon: number; maxLat: number },
    ) {
      const where = [...conditions(viewer, { bbox: box }), sql`s.coordinates is not null`];
      return rowsOf<{ id: number; coordinates: unknown; length_m: number }>(
        await db.execute(sql`select s.id, s.coordinates, s.length_m from segments s${whereOf(where)}`),
      ).map((r) => ({
        id: Number(r.id),
        coordinates: jsonOf<number[][]>(r.coordinates),
        lengthM: Number(r.length_m),
      }));
    },

    /** Whose workouts a segment is matched against: null for everyone (public). */
    async audience(seg: {
      ownerId: number;
      visibility: string;
      gymId: number | null;
    }): Promise<number[] | null> {
      if (seg.visibility === 'public') return null;
      if (seg.visibility !== 'gym' || seg.gymId === null) return [seg.ownerId];
      const rows = rowsOf<{ user_id: number }>(
        await db.execute(sql`select user_id from gym_members where gym_id = ${seg.gymId}`),
      );
      return [...new Set([seg.ownerId, ...rows.map((r) => Number(r.user_id))])];
    },

    // ---- matching progress
    async setMatching(segmentId: number, v: Partial<typeof segmentMatching.$inferInsert>) {
      await db
        .insert(segmentMatching)
        .values({ segmentId, state: 'pending', ...v })
        .onConflictDoUpdate({ target: segmentMatching.segmentId, set: { ...v, updatedAt: sql`now()` } });
    },
    /**
     * Takes the segment's running matching for `leaseMs` if nobody holds it (a new one, or one whose process
     * stopped); the row as taken, or undefined.
     */
    async claimMatching(segmentId: number, runId: string, nowMs: number, leaseMs: number) {
      const [r] = await db
        .update(segmentMatching)
        .set({ runId, leaseUntil: new Date(nowMs + leaseMs), updatedAt: sql`now()` })
        .where(
          and(
            eq(segmentMatching.segmentId, segmentId),
            eq(segmentMatching.state, 'running'),
            sql`(${segmentMatching.leaseUntil} is null or ${segmentMatching.leaseUntil} < ${at(nowMs)})`,
          ),
        )
        .returning();
      return r;
    },
    /** Running matchings nobody holds any more (their process stopped), oldest first. */
    async orphanedMatchings(nowMs: number, limit: number): Promise<number[]> {
      const rows = await db
        .select({ id: segmentMatching.segmentId })
        .from(segmentMatching)
        .where(
          and(
            eq(segmentMatching.state, 'running'),
            sql`(${segmentMatching.leaseUntil} is null or ${segmentMatching.leaseUntil} < ${at(nowMs)})`,
          ),
        )
        .orderBy(asc(segmentMatching.updatedAt))
        .limit(limit);
      return rows.map((r) => r.id);
    },
    async effortCount(segmentId: number): Promise<number> {
      const [r] = await db
        .select({ n: count() })
        .from(segmentEfforts)
        .where(eq(segmentEfforts.segmentId, segmentId));
      return Number(r?.n ?? 0);
    },
    async enqueueWorkout(workoutId: number, userId: number, nowMs: number, leaseMs: number) {
      await db
        .insert(segmentWorkoutQueue)
        .values({ workoutId, userId, leaseUntil: new Date(nowMs + leaseMs) })
        .onConflictDoNothing();
    },
    async dequeueWorkout(workoutId: number) {
      await db.delete(segmentWorkoutQueue).where(eq(segmentWorkoutQueue.workoutId, workoutId));
    },
    /** Queued workouts nobody holds, each taken for `leaseMs`. */
    async claimQueuedWorkouts(nowMs: number, leaseMs: number, limit: number) {
      return rowsOf<{ workout_id: number; user_id: number }>(
        await db.execute(sql`
          update ${segmentWorkoutQueue} q set lease_until = ${at(nowMs + leaseMs)}
           where q.workout_id in (
             select workout_id from ${segmentWorkoutQueue}
              where lease_until is null or lease_until < ${at(nowMs)}
              order by workout_id limit ${limit} for update skip locked)
          returning q.workout_id, q.user_id`),
      ).map((r) => ({ workoutId: Number(r.workout_id), userId: Number(r.user_id) }));
    },
    /** Progress of run `runId`; false when another run has taken the segment over (a reshape, a sweep). */
    async runProgress(
      segmentId: number,
      runId: string,
      v: Partial<typeof segmentMatching.$inferInsert>,
    ): Promise<boolean> {
      const rows = await db
        .update(segmentMatching)
        .set({ ...v, updatedAt: sql`now()` })
        .where(and(eq(segmentMatching.segmentId, segmentId), eq(segmentMatching.runId, runId)))
        .returning({ id: segmentMatching.segmentId });
      return rows.length > 0;
    },
    async matching(segmentId: number) {
      const [r] = await db
        .select()
        .from(segmentMatching)
        .where(and(eq(segmentMatching.segmentId, segmentId)));
      return r;
    },
  };
}

export type SegmentsRepo = ReturnType<typeof createSegmentsRepo>;
