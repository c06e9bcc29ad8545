import { randomUUID } from 'node:crypto';
import type { Cache } from '../../platform/cache/index.js';
import { singleFlight } from '../../platform/cache/single-flight.js';
import { errorSummary } from '../../platform/errors.js';
import { NearbyGrid, sqlQualityScore } from './domain/nearby.js';
import type { Near, SegmentRead, SegmentsRepo, Viewer } from './repo.js';

/**
 * Nearby searches answered in memory (design §6). PostgreSQL's GiST search is ~1 ms of database time per
 * search; 100 connections asking for a 20 ms p99 need several thousand a second (bench/RESULTS.md, "Segments").
 * Each API process keeps every segment's start point (PostgreSQL's own stored `earth` x, y, z) and who may see
 * it in a grid (domain/nearby.ts), and its list row already serialised, as bytes, with its quality reports
 * (`Held`), loaded on the first nearby search. The page, total, order, distances and scores are computed as the
 * SQL in repo.ts computes them, and the page's bytes are those the list route would send for the SQL's rows.
 * Memory is bounded by the budget it is given (`maxBytes`, SEGMENTS_NEAR_INDEX_MB): see `Held.put`.
 *
 * Staying in step with writes, on every process, by the next request:
 * - every segment and report write, after its commit and before its answer, appends the segment ids to a change
 *   feed (a Redis list under the cache's namespace, or a list in this process with the in-memory cache) and then
 *   deletes GEN_KEY through the platform cache, whose invalidation reaches every process's in-process copy
 *   before the writer answers (platform/cache `announce`);
 * - a search reads GEN_KEY (an in-process hit while nothing changed: no network). When it is not the generation
 *   the index was brought up to, the search first reads the feed (after reading the generation, so the feed
 *   holds every change whose writer has answered) and re-reads the changed segments from the database;
 * - an account erasure (its segments, its reports and its gyms' sharing go by cascade) or a feed this process
 *   cannot follow (trimmed past, another epoch after a cache `clear`, Redis unreachable) rebuilds the whole
 *   index in the background, and searches go to SQL meanwhile;
 * - a process that could not publish its own write (Redis unreachable) rebuilds its index; other processes would
 *   not know of that write, so every index is also rebuilt every REBUILD_EVERY_MS, which bounds that case.
 */

const GEN_KEY = 'segments:near:gen';
const GEN_TTL_S = 3600;
/** Changes the Redis feed keeps: a process further behind than this rebuilds instead. */
const FEED_KEEP = 1000;
const REBUILD_EVERY_MS = 10 * 60_000;

type Change = number[] | '*';

/** A change feed: a sequence number per change, an epoch that changes when the feed itself was lost. */
export interface ChangeFeed {
  publish(ids: Change): Promise<void>;
  /** The epoch, the last sequence number and the changes still kept (oldest first, the last one is `seq`). */
  read(): Promise<{ epoch: string; seq: number; kept: Change[] }>;
}

function memoryFeed(): ChangeFeed {
  const epoch = randomUUID();
  let seq = 0;
  const kept: Change[] = [];
  return {
    publish(ids) {
      seq++;
      kept.push(ids);
      if (kept.length > FEED_KEEP) kept.shift();
      return Promise.resolve();
    },
    read: () => Promise.resolve({ epoch, seq, kept: [...kept] }),
  };
}

function redisFeed(redis: NonNullable<Cache['redis']>, prefix: string): ChangeFeed {
  // Under the cache's keys (`<prefix>c:`): `cache.clear()` (after a restore) drops them, and the new epoch forces
  // a rebuild.
  const NS = `${prefix}c:`;
  const E = `${NS}segments:near:epoch`;
  const S = `${NS}segments:near:seq`;
  const L = `${NS}segments:near:log`;
  return {
    async publish(ids) {
      await redis
        .multi()
        .set(E, randomUUID(), 'NX')
        .incr(S)
        .rpush(L, JSON.stringify(ids))
        .ltrim(L, -FEED_KEEP, -1)
        .exec();
    },
    async read() {
      const res = (await redis.multi().set(E, randomUUID(), 'NX').get(E).get(S).lrange(L, 0, -1).exec()) as [
        unknown,
        [Error | null, string | null],
        [Error | null, string | null],
        [Error | null, string[]],
      ];
      for (const r of res) if ((r as [Error | null])[0]) throw (r as [Error])[0];
      return {
        epoch: res[1][1] ?? '',
        seq: Number(res[2][1] ?? 0),
        kept: res[3][1].map((x) => JSON.parse(x) as Change),
      };
    },
  };
}

interface Report {
  rating: number;
  atMs: number;
  surface: string | null;
  smoothness: string | null;
}

/**
 * What a segment's serialised row costs the index besides its text: its slot in the grid's typed arrays, its
 * map and cell entries, and the per-slot references below (an estimate of V8's sizes, on the safe side).
 */
const SLOT_BYTES = 160;
const REPORT_BYTES = 96;
/**
 * A row whose serialised form is longer than this (a long GeoJSON line) is not kept: the searches whose page
 * would show it are answered by PostgreSQL.
 */
const ROW_MAX_BYTES = 16_384;
/** The part of the budget the rows' bytes may take; the rest is for placements. */
const ARENA_SHARE = 0.75;
/** Rows read per batch while the index is built: each batch is serialised in one go on the event loop. */
const BATCH = 500;

const QUALITY_KEY = ',"quality":';
const DISTANCE_KEY = ',"distance_m":';
const DISTANCE_MARK = 0.5;
const DISTANCE_MARK_JSON = `${DISTANCE_KEY}${DISTANCE_MARK}`;
const MARK_BYTES = DISTANCE_MARK_JSON.length;
/** `,"distance_m":` and the longest number a rounded distance on the earth writes (e.g. 20037508.3). */
const DISTANCE_MAX_BYTES = DISTANCE_KEY.length + 24;

export interface NearIndexDeps {
  repo: SegmentsRepo;
  cache: Cache;
  clock: () => number;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /**
   * One segment as the list route serialises it (the route's own serializer), without a distance and with no
   * quality reports: the index keeps that text and splices a search's distance and the current score into it.
   */
  serializeRow: (read: SegmentRead) => string;
  /** The memory this process gives the index; 0 turns it off. */
  maxBytes: number;
}

/**
 * The index proper: placements in the grid, and per slot the row's UTF-8 bytes (in one arena, off the JavaScript
 * heap: no object per segment for the collector to trace, and a page is copied out of it, never re-encoded) and
 * its quality reports.
 */
class Held {
  readonly grid = new NearbyGrid();
  private arena = Buffer.alloc(0);
  private used = 0;
  /** Bytes of the arena that belong to removed rows (reclaimed by the next rebuild). */
  private dead = 0;
  /** Per slot: where the row's bytes are (-1: too long to keep), how long, and the byte offsets of its quality. */
  private readonly at: number[] = [];
  private readonly len: number[] = [];
  private readonly qStart: number[] = [];
  private readonly qEnd: number[] = [];
  /** Per slot: where a search's distance goes in the row's bytes. */
  private readonly dPos: number[] = [];
  /** Per slot: reports newest first (reported_at desc, id desc, as repo.ts's lateral picks the latest). */
  private readonly reports: (Report[] | undefined)[] = [];
  private readonly cost: number[] = [];
  private slotBytes = 0;

  /** What the index holds, as counted against its budget. */
  get bytes(): number {
    return this.slotBytes + this.arena.length;
  }
  /** Whether removed rows take up enough of the arena for a rebuild to be worth its reading. */
  get wasteful(): boolean {
    return this.dead > 4 * 1_048_576 && this.dead * 2 > this.used;
  }

  constructor(
    private readonly maxBytes: number,
    private readonly serializeRow: (read: SegmentRead) => string,
  ) {}

  /** False when the segment does not fit in the memory given: the index must then be given up. */
  put(r: { read: SegmentRead; x: number; y: number; z: number }, reports: Report[] | undefined): boolean {
    this.remove(r.read.id);
    // Serialised with a marker distance, which is then cut out: where it was is where a search's goes.
    const marked = Buffer.from(this.serializeRow({ ...r.read, distance_m: DISTANCE_MARK }));
    const dPos = marked.indexOf(DISTANCE_MARK_JSON);
    const row =
      dPos < 0 ? marked : Buffer.concat([marked.subarray(0, dPos), marked.subarray(dPos + MARK_BYTES)]);
    const qStart = row.indexOf(QUALITY_KEY) + QUALITY_KEY.length;
    // The quality of a segment without reports has no nested object and no string: its first `}` ends it.
    const qEnd = row.indexOf('}', qStart) + 1;
    let keep =
      dPos >= 0 &&
      qStart >= QUALITY_KEY.length &&
      qEnd > qStart &&
      !(dPos > qStart && dPos < qEnd) &&
      row.length <= ROW_MAX_BYTES;
    const base = SLOT_BYTES + (reports?.length ?? 0) * REPORT_BYTES;
    // Everything counted against the budget: the per-slot costs and the arena's whole allocation.
    if (this.slotBytes + base + this.arena.length > this.maxBytes) return false;
    if (keep && this.used + row.length > this.arena.length) {
      // The arena takes at most ARENA_SHARE of the budget, so that placements (which every search needs) can
      // still grow once rows stop being kept.
      const need = this.used + row.length;
      const capacity = Math.min(
        Math.floor(this.maxBytes * ARENA_SHARE),
        Math.max(65_536, Math.ceil(need * 1.5)),
      );
      if (capacity < need || this.slotBytes + base + capacity > this.maxBytes) keep = false;
      else {
        const bigger = Buffer.allocUnsafe(capacity);
        this.arena.copy(bigger, 0, 0, this.used);
        this.arena = bigger;
      }
    }
    const slot = this.grid.put({
      id: r.read.id,
      ownerId: r.read.owner_id,
      gymId: r.read.gym_id,
      visibility: r.read.visibility,
      x: r.x,
      y: r.y,
      z: r.z,
    });
    if (keep) {
      row.copy(this.arena, this.used);
      this.at[slot] = this.used;
      this.used += row.length;
    } else this.at[slot] = -1;
    this.len[slot] = row.length;
    this.qStart[slot] = qStart;
    this.qEnd[slot] = qEnd;
    this.dPos[slot] = dPos;
    this.reports[slot] = reports;
    this.cost[slot] = base;
    this.slotBytes += base;
    return true;
  }

  remove(id: number): void {
    const slot = this.grid.remove(id);
    if (slot === undefined) return;
    this.slotBytes -= this.cost[slot]!;
    if (this.at[slot]! >= 0) this.dead += this.len[slot]!;
    this.at[slot] = -1;
    this.reports[slot] = undefined;
    this.cost[slot] = 0;
  }

  /** Loads rows read by the repo into the index; false when they do not fit. */
  load(loaded: Awaited<ReturnType<SegmentsRepo['indexRows']>>): boolean {
    const bySegment = new Map<number, Report[]>();
    for (const q of loaded.reports) {
      const list = bySegment.get(q.segmentId);
      const r = { rating: q.rating, atMs: q.atMs, surface: q.surface, smoothness: q.smoothness };
      if (list) list.push(r);
      else bySegment.set(q.segmentId, [r]);
    }
    for (const r of loaded.rows) if (!this.put(r, bySegment.get(r.read.id))) return false;
    return true;
  }

  /**
   * The JSON array of these rows, each with its distance and its quality at `nowMs` spliced in; null when a
   * row's bytes were not kept.
   */
  page(slots: readonly number[], distancesM: readonly number[], nowMs: number): Buffer | null {
    const qualities: (string | undefined)[] = [];
    let size = 2;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      if (this.at[slot]! < 0) return null;
      const reports = this.reports[slot];
      let q: string | undefined;
      if (reports) {
        let last = reports[0]!.atMs;
        for (const r of reports) if (r.atMs > last) last = r.atMs;
        // SegmentQuality's fields in the contract's order, as the route's serializer writes them.
        q = JSON.stringify({
          score: sqlQualityScore(reports, nowMs),
          reports: reports.length,
          last_report_at: new Date(last).toISOString(),
          smoothness: reports[0]!.smoothness,
          surface: reports[0]!.surface,
        });
        size += Buffer.byteLength(q) - (this.qEnd[slot]! - this.qStart[slot]!);
      }
      qualities.push(q);
      size += this.len[slot]! + DISTANCE_MAX_BYTES + 1;
    }
    const out = Buffer.allocUnsafe(size);
    const A = this.arena;
    let o = 0;
    out[o++] = 0x5b; // [
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      if (i) out[o++] = 0x2c; // ,
      const at = this.at[slot]!;
      const d = at + this.dPos[slot]!;
      const distance = DISTANCE_KEY + String(Math.round(distancesM[i]! * 10) / 10);
      const q = qualities[i];
      const end = at + this.len[slot]!;
      if (q === undefined) {
        o += A.copy(out, o, at, d);
        o += out.write(distance, o, 'latin1');
        // The serializer writes distance_m last, so what follows is `}`: a byte loop beats a copy call there.
        if (end - d <= 8) for (let b = d; b < end; b++) out[o++] = A[b]!;
        else o += A.copy(out, o, d, end);
        continue;
      }
      const q0 = at + this.qStart[slot]!;
      const q1 = at + this.qEnd[slot]!;
      if (d >= q1) {
        o += A.copy(out, o, at, q0);
        o += out.write(q, o, 'utf8');
        o += A.copy(out, o, q1, d);
        o += out.write(distance, o, 'latin1');
        o += A.copy(out, o, d, end);
      } else {
        o += A.copy(out, o, at, d);
        o += out.write(distance, o, 'latin1');
        o += A.copy(out, o, d, q0);
        o += out.write(q, o, 'utf8');
        o += A.copy(out, o, q1, end);
      }
    }
    out[o++] = 0x5d; // ]
    return out.subarray(0, o);
  }
}

export function createNearIndex(d: NearIndexDeps) {
  const feed =
    d.cache.backend === 'redis' && d.cache.redis && d.cache.prefix
      ? redisFeed(d.cache.redis, d.cache.prefix)
      : memoryFeed();
  let held: Held | null = null;
  let state = { gen: undefined as string | undefined, epoch: '', seq: 0, builtAt: 0 };
  let stale = false;
  /** When the last build ran out of memory: builds are tried again only every REBUILD_EVERY_MS. */
  let overAt: number | null = null;
  let building: Promise<void> | null = null;
  let closed = false;
  const genFlight = singleFlight<string>();
  const catchUpFlight = singleFlight<boolean>();
  let chain: Promise<unknown> = Promise.resolve();
  const serially = <T>(run: () => Promise<T>): Promise<T> => {
    const p = chain.then(run, run);
    chain = p.catch(() => {});
    return p;
  };

  function overBudget(): void {
    held = null;
    stale = true;
    overAt = d.clock();
    d.log.warn(
      { maxBytes: d.maxBytes },
      'segments nearby index: the segments do not fit in SEGMENTS_NEAR_INDEX_MB; nearby searches go to PostgreSQL',
    );
  }

  function rebuild(): void {
    if (building || closed || d.maxBytes <= 0) return;
    if (overAt !== null && d.clock() - overAt < REBUILD_EVERY_MS) return;
    overAt = null;
    building = (async () => {
      // The feed is read before the rows: a change after this point is caught up from `seq` afterwards.
      const t0 = performance.now();
      const f = await feed.read();
      const h = new Held(d.maxBytes, d.serializeRow);
      for (let afterId = 0; ;) {
        if (closed) return;
        const loaded = await d.repo.indexRows({ afterId, limit: BATCH });
        if (!h.load(loaded)) return overBudget();
        if (loaded.rows.length < BATCH) break;
        afterId = loaded.rows[loaded.rows.length - 1]!.read.id;
      }
      held = h;
      state = { gen: undefined, epoch: f.epoch, seq: f.seq, builtAt: d.clock() };
      stale = false;
      d.log.info(
        { segments: h.grid.size, bytes: h.bytes, ms: Math.round(performance.now() - t0) },
        'segments nearby index built',
      );
    })()
      .catch((err: unknown) => d.log.warn({ err: errorSummary(err) }, 'segments nearby index rebuild failed'))
      .finally(() => {
        building = null;
      });
  }

  /** Brings the index up to the feed; false when it cannot (a rebuild is then under way). */
  async function catchUp(gen: string): Promise<boolean> {
    const h = held;
    if (!h) return false;
    const f = await feed.read();
    if (f.epoch !== state.epoch || f.seq < state.seq || f.seq - state.seq > f.kept.length) {
      stale = true;
      rebuild();
      return false;
    }
    const newer = f.kept.slice(f.kept.length - (f.seq - state.seq));
    if (newer.includes('*')) {
      stale = true;
      rebuild();
      return false;
    }
    const ids = [...new Set((newer as number[][]).flat())];
    if (ids.length) {
      const fresh = await d.repo.indexRows({ ids });
      if (held !== h) return false; // rebuilt meanwhile: the next search catches the new one up
      for (const id of ids) h.remove(id);
      if (!h.load(fresh)) {
        overBudget();
        return false;
      }
    }
    state.seq = f.seq;
    state.gen = gen;
    if (h.wasteful) rebuild(); // swapped in when ready; this one serves meanwhile
    return true;
  }

  /** The index, up to date with every write that has answered; null when searches must go to SQL for now. */
  async function current(): Promise<Held | null> {
    if (closed || d.maxBytes <= 0) return null;
    if (d.cache.backend === 'redis' && d.cache.status() !== 'up') {
      // Writes made meanwhile may not be in the feed: start again from the database once Redis is back.
      stale = true;
      return null;
    }
    if (!held || stale) {
      rebuild();
      return null;
    }
    if (d.clock() - state.builtAt > REBUILD_EVERY_MS) rebuild(); // swapped in when ready; this one serves
    const seen = await d.cache.get<string>(GEN_KEY);
    if (seen !== undefined && seen === state.gen) return held;
    // A search that saw no generation waits for a new one to be stored, and reads the feed after that.
    const gen =
      seen ??
      (await genFlight('gen', async () => {
        const g = randomUUID();
        await d.cache.set(GEN_KEY, g, GEN_TTL_S);
        return g;
      }));
    try {
      // A rebuild (wasteful or periodic) may swap in while a catch-up reads the feed: that catch-up gives up on
      // the index it started with, and the new one is then caught up the same way rather than sending this
      // search to SQL.
      for (let tries = 0; tries < 2; tries++) {
        const h: Held | null = held;
        if (await catchUpFlight(gen, () => serially(() => catchUp(gen)))) return held;
        if (stale || !held || held === h) return null;
      }
      return null;
    } catch (err) {
      d.log.warn({ err: errorSummary(err) }, 'segments nearby index catch-up failed');
      stale = true;
      return null;
    }
  }

  return {
    /**
     * A nearby page as the list route would serialise repo.list's answer (the same bytes), or null when the SQL
     * must answer (the index is not ready, or a row of the page was too long to keep).
     */
    async search(
      viewer: Viewer,
      near: Near,
      page: { skip: number; limit: number },
      nowMs: number,
    ): Promise<{ bytes: Buffer; total: number; ids: number[] } | null> {
      const h = await current();
      if (!h) return null;
      const found = h.grid.search(viewer, near, page);
      if (!found) return null;
      const { slots, distancesM, total } = found;
      const bytes = h.page(slots, distancesM, nowMs);
      if (!bytes) return null;
      return { bytes, total, ids: slots.map((s) => h.grid.idAt(s)) };
    },
    /**
     * After a write's commit, before its answer: these segments (or, with '*', any) changed. Every process's
     * next search sees it.
     */
    async changed(ids: Change): Promise<void> {
      try {
        await feed.publish(ids);
      } catch (err) {
        d.log.warn({ err: errorSummary(err) }, 'segments nearby index: change not published');
        stale = true;
      }
      await d.cache.del(GEN_KEY);
    },
    /** Waits for a rebuild under way (tests). */
    async settled(): Promise<void> {
      while (building) await building;
      await chain;
    },
    /** Segments held (tests, memory figures). */
    size: () => held?.grid.size ?? 0,
    /** Bytes the index estimates it holds (tests, memory figures). */
    bytes: () => held?.bytes ?? 0,
    close() {
      closed = true;
    },
  };
}
export type NearIndex = ReturnType<typeof createNearIndex>;
