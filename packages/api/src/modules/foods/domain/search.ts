/**
 * Names as they are searched: lower case, without accents or other marks (NFD decomposition, then the
 * combining marks dropped: "Plátano" and "platano" are the same), punctuation as spaces, spaces collapsed.
 * Computed here rather than with PostgreSQL's `unaccent`, so the stored search column is the same on PGlite
 * and on any PostgreSQL, and can be indexed (unaccent() is not immutable).
 */
export function normalise(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** How well a normalised name matches a normalised query: 0 exact, 1 prefix, 2 word prefix, 3 contains, null no. */
export function matchRank(name: string, q: string): 0 | 1 | 2 | 3 | null {
  if (!q) return null;
  if (name === q) return 0;
  if (name.startsWith(q)) return 1;
  if (` ${name}`.includes(` ${q}`)) return 2;
  if (name.includes(q)) return 3;
  return null;
}
