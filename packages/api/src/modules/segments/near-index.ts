import { randomUUID } from 'node:crypto';
import { NS, type Cache } from '../../platform/cache/index.js';
import { singleFlight } from '../../platform/cache/single-flight.js';
import { errorSummary } from '../../platform/errors.js';
import { NearbyGrid, sqlQualityScore, type Placed } from './domain/nearby.js';
import type { Near, SegmentRead, SegmentsRepo, Viewer } from './repo.js';

/**
 * Nearby searches answered in memory (design §6). PostgreSQL's GiST search is ~1 ms of database time per
 * search; 100 connections asking for a 20 ms p99 need several thousand a second (bench/RESULTS.md, "Segments").
 * Each API process keeps every segment's start point (PostgreSQL's own stored `earth` x, y, z), who may see it,
 * the fields a list row shows and its quality reports, in a grid (domain/nearby.ts), loaded on the first nearby
 * search. The page, total, order, distances and scores are computed as the SQL in repo.ts computes them.
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

function redisFeed(redis: NonNullable<Cache['redis']>): ChangeFeed {
  // Under the cache's namespace: `cache.clear()` (after a restore) drops them, and the new epoch forces a rebuild.
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

interface Entry extends Placed {
  read: SegmentRead;
  /** Newest first (reported_at desc, id desc), as repo.ts's lateral picks the latest surface. */
  reports: { rating: number; atMs: number; surface: string | null; smoothness: string | null }[];
}

export interface NearIndexDeps {
  repo: SegmentsRepo;
  cache: Cache;
  clock: () => number;
  log: { warn(obj: object, msg: string): void };
}

export function createNearIndex(d: NearIndexDeps) {
  const feed = d.cache.backend === 'redis' && d.cache.redis ? redisFeed(d.cache.redis) : memoryFeed();
  let grid: NearbyGrid<Entry> | null = null;
  let state = { gen: undefined as string | undefined, epoch: '', seq: 0, builtAt: 0 };
  let stale = false;
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

  function entries(loaded: Awaited<ReturnType<SegmentsRepo['indexRows']>>): Map<number, Entry> {
    const out = new Map<number, Entry>();
    for (const r of loaded.rows)
      out.set(r.read.id, {
        id: r.read.id,
        ownerId: r.read.owner_id,
        gymId: r.read.gym_id,
        visibility: r.read.visibility,
        x: r.x,
        y: r.y,
        z: r.z,
        read: r.read,
        reports: [],
      });
    for (const q of loaded.reports) out.get(q.segmentId)?.reports.push(q);
    return out;
  }

  function rebuild(): void {
    if (building || closed) return;
    building = (async () => {
      // The feed is read before the rows: a change after this point is caught up from `seq` afterwards.
      const f = await feed.read();
      const g = new NearbyGrid<Entry>();
      for (const e of entries(await d.repo.indexRows()).values()) g.put(e);
      grid = g;
      state = { gen: undefined, epoch: f.epoch, seq: f.seq, builtAt: d.clock() };
      stale = false;
    })()
      .catch((err: unknown) => d.log.warn({ err: errorSummary(err) }, 'segments nearby index rebuild failed'))
      .finally(() => {
        building = null;
      });
  }

  /** Brings the index up to the feed; false when it cannot (a rebuild is then under way). */
  async function catchUp(gen: string): Promise<boolean> {
    const g = grid;
    if (!g) return false;
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
      const fresh = entries(await d.repo.indexRows(ids));
      if (grid !== g) return false; // rebuilt meanwhile: the next search catches the new one up
      for (const id of ids) {
        const e = fresh.get(id);
        if (e) g.put(e);
        else g.remove(id);
      }
    }
    state.seq = f.seq;
    state.gen = gen;
    return true;
  }

  /** The index, up to date with every write that has answered; null when searches must go to SQL for now. */
  async function current(): Promise<NearbyGrid<Entry> | null> {
    if (closed) return null;
    if (d.cache.backend === 'redis' && d.cache.status() !== 'up') {
      // Writes made meanwhile may not be in the feed: start again from the database once Redis is back.
      stale = true;
      return null;
    }
    if (!grid || stale) {
      rebuild();
      return null;
    }
    if (d.clock() - state.builtAt > REBUILD_EVERY_MS) rebuild(); // swapped in when ready; this one serves
    const seen = await d.cache.get<string>(GEN_KEY);
    if (seen !== undefined && seen === state.gen) return grid;
    // A search that saw no generation waits for a new one to be stored, and reads the feed after that.
    const gen =
      seen ??
      (await genFlight('gen', async () => {
        const g = randomUUID();
        await d.cache.set(GEN_KEY, g, GEN_TTL_S);
        return g;
      }));
    try {
      return (await catchUpFlight(gen, () => serially(() => catchUp(gen)))) ? grid : null;
    } catch (err) {
      d.log.warn({ err: errorSummary(err) }, 'segments nearby index catch-up failed');
      stale = true;
      return null;
    }
  }

  return {
    /** A nearby page as repo.list's SQL answers it, or null when the SQL must answer. */
    async search(
      viewer: Viewer,
      near: Near,
      page: { skip: number; limit: number },
      nowMs: number,
    ): Promise<{ rows: SegmentRead[]; total: number } | null> {
      const g = await current();
      if (!g) return null;
      const { rows, total } = g.search(viewer, near, page);
      return {
        total,
        rows: rows.map(({ s, distanceM }) => {
          const latest = s.reports[0];
          return {
            ...s.read,
            q_score: sqlQualityScore(s.reports, nowMs),
            q_reports: s.reports.length,
            q_last_ms: latest ? Math.max(...s.reports.map((r) => r.atMs)) : null,
            q_surface: latest?.surface ?? null,
            q_smoothness: latest?.smoothness ?? null,
            distance_m: distanceM,
          };
        }),
      };
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
    size: () => grid?.size ?? 0,
    close() {
      closed = true;
    },
  };
}
export type NearIndex = ReturnType<typeof createNearIndex>;
