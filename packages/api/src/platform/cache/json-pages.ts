import type { Cache } from './index.js';
import { singleFlight } from './single-flight.js';

/**
 * A list page already serialised by its route's response serializer, with the total of the (filtered) list.
 * Sent as it is by `sendJsonPage` (platform/http.ts).
 */
export interface JsonPage {
  json: string;
  total: number;
}

/** A cached page remembers the generation of its scope it was built under. */
interface StoredPage extends JsonPage {
  gen: string;
}

/**
 * Serialised list pages cached per scope (a gym), valid while the scope's generation is the one they were built
 * under. One `invalidate` (a `del` of the generation key, published to every process) retires every filter and
 * page of the scope at once. A hit costs two in-process look-ups made together (with Redis: no network round
 * trip, one event-loop hop), no database query and no serialisation.
 *
 * A page's key does not contain the generation: a rebuilt page overwrites the retired one instead of leaving it
 * in the in-process LRU, which the principals share (events are invalidated on every registration).
 *
 * Ordering: call `invalidate` after the change has committed and before answering, so the writer's next read
 * (and, through the Redis invalidation channel, every process's) builds a fresh page.
 */
export function createJsonPageCache(cache: Cache, opts: { prefix: string; ttlSeconds: number }) {
  const genKey = (scope: number | string) => `${opts.prefix}:${scope}:gen`;
  const pageFlight = singleFlight<StoredPage>();
  const genFlight = singleFlight<string>();
  const newGeneration = (scope: number | string) =>
    genFlight(String(scope), async () => {
      const gen = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      // Outlives its pages, so that pages expire before their generation does.
      await cache.set(genKey(scope), gen, opts.ttlSeconds * 10);
      return gen;
    });

  return {
    /**
     * The page of `scope` for `variant` (the query: filters, skip, limit), built by `build` on a miss. The
     * generation is read before building, so a page built from data read before a concurrent change carries the
     * retired generation and is never served: a later read sees the mismatch and builds again.
     */
    async get(scope: number | string, variant: string, build: () => Promise<JsonPage>): Promise<JsonPage> {
      const key = `${opts.prefix}:${scope}:p:${variant}`;
      const [current, hit] = await Promise.all([
        cache.get<string>(genKey(scope)),
        cache.get<StoredPage>(key),
      ]);
      if (current && hit && hit.gen === current) return hit;
      // Misses at the same moment share one build (and, with no generation, one new generation). A caller only
      // joins a build that reads its data after the caller read the generation: builds of a generation start
      // once it is stored, and a caller that saw none waits for the new one to be stored; a caller that saw
      // a generation may get data from before a change whose writer has not answered yet, as any read may.
      const gen = current ?? (await newGeneration(scope));
      return pageFlight(`${key}|${gen}`, async () => {
        const page: StoredPage = { ...(await build()), gen };
        await cache.set(key, page, opts.ttlSeconds);
        return page;
      });
    },
    invalidate: (scope: number | string) => cache.del(genKey(scope)),
    /**
     * The key `invalidate` deletes, for a caller that retires several scopes (of several page caches) at once:
     * one `cache.del` of all their keys is one DEL and one announcement instead of one of each per scope.
     */
    generationKey: genKey,
  };
}
export type JsonPageCache = ReturnType<typeof createJsonPageCache>;

/**
 * The period of `t` (of `periodMs`) for a page variant that must never be older than one period, shifted for
 * each `id` by one of 60 equal shares of the period. Pages of many ids built in one period then expire spread
 * over the next, instead of all at its turn, when each would be rebuilt at once and the reads behind the
 * rebuilds would queue. Any 60 consecutive ids take different shares (37 is prime to 60).
 */
export function staggeredPeriod(id: number, t: number, periodMs: number): number {
  const share = (((id * 37) % 60) + 60) % 60;
  return Math.floor((t + (share * periodMs) / 60) / periodMs);
}
