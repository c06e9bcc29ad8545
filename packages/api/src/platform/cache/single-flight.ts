/**
 * Calls with the same key while one is running share its promise instead of starting another. A cached value
 * that expires or is invalidated under load is otherwise rebuilt by every request that misses it at the same
 * moment (a cache stampede): with 100 connections reading a gym's events, one invalidation meant ~30 identical
 * queries and serialisations at once, and the tail latency of the whole server jumped (bench/RESULTS.md, "Gym
 * mix"). In-process only: each API process still builds once.
 */
export function singleFlight<T>() {
  const running = new Map<string, Promise<T>>();
  return (key: string, run: () => Promise<T>): Promise<T> => {
    let p = running.get(key);
    if (!p) {
      p = run().finally(() => running.delete(key));
      running.set(key, p);
    }
    return p;
  };
}
