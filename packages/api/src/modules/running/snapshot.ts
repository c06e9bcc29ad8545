import { LRUCache } from 'lru-cache';
import type { Cache } from '../../platform/cache/index.js';
import type { Sealed } from '../../platform/crypto/columns.js';
import { addDays, todayOf } from '../../platform/dates.js';
import { memoOn } from '../../platform/memo.js';
import type { HrvPoint, ReadinessInputs } from './domain/hrv.js';
import { summary, toProfile, type CachedSummary } from './dto.js';
import type { AthleteProfile } from './read-model.js';
import type { DailyLoad, RunningRepo } from './repo.js';
import type { CheckInRow } from './tables.js';

/**
 * What the status and readiness computations read: one snapshot per athlete, cached until their next write. It
 * sits in the platform cache, which may be Redis: HRV values and check-in answers are in it as numbers (the
 * formulas need them), check-in notes stay sealed (ARCHITECTURE.md, "Encryption at rest").
 */
export interface Inputs {
  userId: number;
  from: string;
  loads: DailyLoad[];
  hrv: HrvLite[];
  checkIns: CheckInLite[];
}
/** One HRV reading as the formulas read it: the value and the day's questionnaire fields. */
export type HrvLite = HrvPoint & NonNullable<ReadinessInputs['today']>;
export type CheckInLite = Omit<CheckInRow, 'userId' | 'createdAt' | 'notes'> & {
  notes: Sealed<string> | null;
};
/** The last RECENT_DAYS of workouts, newest first: one snapshot per athlete, cached until their next write. */
export interface Recent {
  from: string;
  rows: CachedSummary[];
}

/** How far back the snapshot reaches: 52 weeks of history + the 60-day HRV baseline + PMC warm-up. */
const WINDOW_DAYS = 800;
const RECENT_DAYS = 400;
const CACHE_TTL_S = 600;
/** Results kept per snapshot object (dates × languages × windows of one day). */
const RESULTS_PER_SNAPSHOT = 64;
/** Users whose last write this process remembers; older ones are forgotten safely (see WriteEpochs). */
export const TRACKED_WRITERS = 10_000;

/**
 * Decides whether a snapshot read from the database may be cached: not when a write of the same user may have
 * committed while it was read (the snapshot may predate the write and would outlive its invalidation). Across
 * processes the TTL bounds the same window (ARCHITECTURE.md, Cache).
 *
 * One counter for all users only ever grows; a write stamps its user with the next value. A read notes the
 * counter when it starts and may cache only if its user's stamp is not newer. The stamps are a bounded LRU, and
 * a user whose stamp was evicted counts as stamped with the newest evicted value: if that eviction happened
 * after the read started, the value is newer than the read and the read is not cached, so forgetting users can
 * make a read skip the cache but never let a pre-write snapshot in. (Clearing a per-user map, as before, reset a
 * user who had just written to "never written" and let exactly that happen.)
 */
export class WriteEpochs {
  private counter = 0;
  private evicted = 0;
  private readonly stamps: LRUCache<number, number>;
  constructor(maxUsers = TRACKED_WRITERS) {
    this.stamps = new LRUCache<number, number>({
      max: maxUsers,
      dispose: (stamp, _user, reason) => {
        if (reason === 'evict' && stamp > this.evicted) this.evicted = stamp;
      },
    });
  }
  /** Stamps a write of `user`; call it before and after dropping the user's cached snapshots. */
  write(user: number): void {
    this.stamps.set(user, ++this.counter);
  }
  /** The mark a read takes before it goes to the database. */
  mark(): number {
    return this.counter;
  }
  /** True when no write of `user` can have happened since `mark` was taken. */
  unchangedSince(user: number, mark: number): boolean {
    return (this.stamps.get(user) ?? this.evicted) <= mark;
  }
}

/**
 * Values cached per user until that user's next write: `cached` stores what `load` read only when no write of
 * the user may have happened meanwhile; `invalidate` stamps the write around deleting the user's keys.
 */
export function perUserCache(cache: Cache, opts: { ttlSeconds: number; trackedWriters?: number }) {
  const epochs = new WriteEpochs(opts.trackedWriters);
  return {
    cached: async <T>(u: number, k: string, load: () => Promise<T>): Promise<T> => {
      const hit = await cache.get<{ v: T }>(k);
      if (hit) return hit.v;
      const mark = epochs.mark();
      const v = await load();
      if (epochs.unchangedSince(u, mark)) await cache.set(k, { v }, opts.ttlSeconds);
      return v;
    },
    invalidate: async (u: number, keys: string[]): Promise<void> => {
      epochs.write(u);
      await cache.del(...keys);
      // Again after the delete: a read that started between the two stamps must not cache either.
      epochs.write(u);
    },
  };
}

export interface SnapshotDeps {
  repo: RunningRepo;
  cache: Cache;
  clock: () => number;
  /** Users whose writes are tracked in this process (default TRACKED_WRITERS); lowered by tests. */
  trackedWriters?: number;
}

/** The per-athlete cached snapshots (profile, recent workouts, analysis inputs) and their invalidation. */
export function createSnapshots(d: SnapshotDeps) {
  const today = () => todayOf(d.clock());
  const key = {
    inputs: (u: number) => `running:inputs:${u}`,
    profile: (u: number) => `running:profile:${u}`,
    recent: (u: number) => `running:recent:${u}`,
  };
  const { cached, invalidate: drop } = perUserCache(d.cache, {
    ttlSeconds: CACHE_TTL_S,
    trackedWriters: d.trackedWriters,
  });
  const invalidate = (u: number) => drop(u, [key.inputs(u), key.profile(u), key.recent(u)]);

  /**
   * Results computed from one snapshot (`inputs` or `recent`), kept with it: the cache hands every request the
   * same snapshot object until a write invalidates it (the in-process layer stores the object itself), so a
   * repeated status, readiness or workout window costs a map lookup. When a snapshot comes back from Redis it
   * is a new object, so the memo simply starts again.
   */
  const memoized = memoOn<object, unknown>(RESULTS_PER_SNAPSHOT);

  function profile(userId: number): Promise<AthleteProfile | null> {
    return cached(userId, key.profile(userId), async () => {
      const row = await d.repo.profile(userId);
      return row ? toProfile(row) : null;
    });
  }

  function recent(userId: number): Promise<Recent> {
    return cached(userId, key.recent(userId), async () => {
      const from = addDays(today(), -RECENT_DAYS);
      const { rows } = await d.repo.workouts(userId, { from: new Date(`${from}T00:00:00Z`) }, null);
      return { from, rows: rows.map(summary) };
    });
  }

  function inputs(userId: number): Promise<Inputs> {
    return cached(userId, key.inputs(userId), async () => {
      const from = addDays(today(), -WINDOW_DAYS);
      const [loads, hrv, checkIns] = await Promise.all([
        d.repo.dailyLoads(userId, from),
        d.repo.hrvReadings(userId, { from }, null),
        d.repo.checkInsForAnalysis(userId, from),
      ]);
      const v: Inputs = {
        userId,
        from,
        loads,
        hrv: hrv.rows.map((r) => ({
          date: r.date,
          rmssdMs: r.rmssdMs,
          restingHr: r.restingHr,
          sleepHours: r.sleepHours,
          sleepQuality: r.sleepQuality,
          fatigue: r.fatigue,
          stress: r.stress,
          soreness: r.soreness,
        })),
        checkIns: checkIns.map(({ userId: _u, createdAt: _c, ...c }) => c),
      };
      return v;
    });
  }

  return { profile, recent, inputs, invalidate, memoized };
}
export type Snapshots = ReturnType<typeof createSnapshots>;
