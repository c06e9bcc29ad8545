/**
 * Results memoised on an immutable owner object — a cached snapshot, plan or best effort that the cache hands
 * out unchanged until a write replaces it. The results are held weakly by their owner, so they go when it is
 * dropped (a write gives a new owner and so an empty memo: nothing derived from old data can be served). Each
 * owner keeps at most `maxPerOwner` results: when full, its memo starts again rather than growing without
 * bound on keys such as dates and languages. Callers must not mutate what they get.
 */
export function memoOn<O extends object, V>(maxPerOwner: number) {
  const byOwner = new WeakMap<O, Map<string, V>>();
  return function memoized<T extends V>(owner: O, key: string, build: () => T): T {
    let m = byOwner.get(owner);
    if (!m) byOwner.set(owner, (m = new Map<string, V>()));
    if (m.has(key)) return m.get(key) as T;
    const v = build();
    if (m.size >= maxPerOwner) m.clear();
    m.set(key, v);
    return v;
  };
}
