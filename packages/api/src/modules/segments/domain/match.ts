import { lengthM, pointToSegment, projector, type Position } from './geometry.js';

/*
 * Matching a workout's track against a segment (issue 15's rule): the track passes within 20 m of the
 * segment's start, then near every point of the segment in order, covering at least 90 % of its length; the
 * effort runs from the moment the track is closest to the start to the moment it is closest to the end.
 *
 * "Every point" is taken on the segment densified to one point every ≤ 10 m, so a segment drawn with two
 * points 1 km apart is still followed along its whole line; a point the track misses (GPS drop-out, a short
 * detour) is tolerated as long as the legs between matched points add up to 90 % of the length. The start and
 * the end must both be matched (they time the effort). The track is the stored, Douglas–Peucker-simplified
 * one (running/analyse.ts), so distances are measured to the track's legs, not to its points.
 */

export const MATCH_TOLERANCE_M = 20;
export const MIN_COVERAGE = 0.9;
const STEP_M = 10;

export interface Track {
  /** [lon, lat, …] per point, GeoJSON order. */
  coordinates: readonly Position[];
  /** Epoch milliseconds per point, non-decreasing. */
  times: readonly number[];
  heartRates?: readonly (number | null)[] | null;
}

export interface Match {
  startMs: number;
  endMs: number;
  elapsedS: number;
  avgHr: number | null;
  coverage: number;
}

type XY = [number, number];

interface Dense {
  pts: XY[];
  /** Distance along the segment to each point. */
  at: number[];
}

function densify(seg: XY[]): Dense {
  const pts: XY[] = [seg[0]!];
  const at = [0];
  let run = 0;
  for (let i = 1; i < seg.length; i++) {
    const a = seg[i - 1]!;
    const b = seg[i]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const steps = Math.max(1, Math.ceil(len / STEP_M));
    for (let s = 1; s <= steps; s++) {
      const f = s / steps;
      pts.push([a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])]);
      at.push(run + f * len);
    }
    run += len;
  }
  return { pts, at };
}

/** A place on the track: leg i (from point i to i+1) at fraction t. */
interface Place {
  leg: number;
  t: number;
}

export function matchTrack(
  segment: readonly Position[],
  track: Track,
  tolM = MATCH_TOLERANCE_M,
): Match | null {
  if (segment.length < 2 || track.coordinates.length < 2) return null;
  const project = projector(segment[0]![0]!, segment[0]![1]!);
  const seg = segment.map((p) => project(p[0]!, p[1]!));
  const dense = densify(seg);
  const total = dense.at.at(-1)!;
  if (total <= 0) return null;
  const trk = track.coordinates.map((p) => project(p[0]!, p[1]!));
  // Track distance along to each point (planar), to bound how far ahead a point is looked for.
  const along = [0];
  for (let i = 1; i < trk.length; i++)
    along.push(along[i - 1]! + Math.hypot(trk[i]![0] - trk[i - 1]![0], trk[i]![1] - trk[i - 1]![1]));

  const starts = startCandidates(dense.pts[0]!, trk, tolM);
  let best: Match | null = null;
  for (const start of starts) {
    const m = follow(start, dense, trk, along, tolM, total, track);
    if (m && (!best || m.elapsedS < best.elapsedS)) best = m;
  }
  return best;
}

/** Each approach of the track to the start within tolerance, at its closest point. */
function startCandidates(s0: XY, trk: XY[], tolM: number): Place[] {
  const out: Place[] = [];
  let cur: (Place & { d: number }) | null = null;
  for (let i = 0; i + 1 < trk.length; i++) {
    const { d, t } = pointToSegment(s0, trk[i]!, trk[i + 1]!);
    if (d <= tolM) {
      if (!cur || d < cur.d) cur = { leg: i, t, d };
    } else if (cur) {
      out.push({ leg: cur.leg, t: cur.t });
      cur = null;
    }
  }
  if (cur) out.push({ leg: cur.leg, t: cur.t });
  return out;
}

function follow(
  start: Place,
  dense: Dense,
  trk: XY[],
  along: number[],
  tolM: number,
  total: number,
  track: Track,
): Match | null {
  let pos = start;
  const matched: boolean[] = [true];
  let end: Place | null = null;
  const k = dense.pts.length;
  for (let j = 1; j < k; j++) {
    const p = dense.pts[j]!;
    // Look ahead at most twice the segment's own distance to this point, plus slack for GPS wander: a track
    // that only comes back after a longer detour did not follow the segment there.
    const budget = 2 * (dense.at[j]! - dense.at[j - 1]!) + 4 * tolM + 2 * STEP_M;
    const fromAlong = along[pos.leg]! + pos.t * (along[pos.leg + 1]! - along[pos.leg]!);
    let found: Place | null = null;
    let bestD = Infinity;
    for (let i = pos.leg; i + 1 < trk.length; i++) {
      if (along[i]! - fromAlong > budget) break;
      const { d, t } = pointToSegment(p, trk[i]!, trk[i + 1]!);
      if (i === pos.leg && t < pos.t) continue;
      if (d <= tolM && d < bestD) {
        found = { leg: i, t };
        bestD = d;
      } else if (found && d > tolM) break; // the closest point of this approach is behind us
    }
    matched.push(found !== null);
    if (found) pos = found;
    if (j === k - 1) end = found;
  }
  if (!end) return null;
  let covered = 0;
  for (let j = 1; j < k; j++) if (matched[j] && matched[j - 1]) covered += dense.at[j]! - dense.at[j - 1]!;
  const coverage = covered / total;
  if (coverage < MIN_COVERAGE) return null;
  const timeAt = (p: Place) => {
    const a = track.times[p.leg]!;
    const b = track.times[p.leg + 1]!;
    return a + p.t * (b - a);
  };
  const startMs = timeAt(start);
  const endMs = timeAt(end);
  if (!(endMs > startMs)) return null;
  let hrSum = 0;
  let hrN = 0;
  const hr = track.heartRates;
  if (hr)
    for (let i = start.leg + 1; i <= end.leg; i++) {
      const h = hr[i];
      if (typeof h === 'number') {
        hrSum += h;
        hrN++;
      }
    }
  return {
    startMs,
    endMs,
    elapsedS: (endMs - startMs) / 1000,
    avgHr: hrN ? hrSum / hrN : null,
    coverage,
  };
}

/** Seconds per kilometre over the segment's length, or null for a zero-length one. */
export function paceSPerKm(elapsedS: number, segment: readonly Position[]): number | null {
  const m = lengthM(segment);
  return m > 0 ? elapsedS / (m / 1000) : null;
}
