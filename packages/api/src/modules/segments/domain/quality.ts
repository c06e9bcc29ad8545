/*
 * Aggregated road quality of a segment: the mean of its reports' ratings, each weighted by its age,
 * w = 2^(−age/90 days). Roads change — a pothole gets filled, winter breaks the asphalt — so a report loses
 * half its weight every 90 days (one season) rather than counting forever; a year-old report still counts a
 * sixteenth, so a segment nobody has reported lately keeps a score. The choice of half-life is ours, following
 * the exponential time-decay used for recency-weighted ratings (Koren, "Collaborative filtering with temporal
 * dynamics", KDD 2009, §4), not a published standard. The SQL in repo.ts computes the same sum; this function
 * is its reference, tested against it.
 */

export const HALF_LIFE_DAYS = 90;
const DAY_MS = 86_400_000;

export function recencyWeight(ageMs: number): number {
  return 2 ** (-Math.max(0, ageMs) / (HALF_LIFE_DAYS * DAY_MS));
}

export function qualityScore(
  reports: readonly { rating: number; atMs: number }[],
  nowMs: number,
): number | null {
  let sum = 0;
  let weight = 0;
  for (const r of reports) {
    const w = recencyWeight(nowMs - r.atMs);
    sum += w * r.rating;
    weight += w;
  }
  return weight > 0 ? Math.round((sum / weight) * 100) / 100 : null;
}
