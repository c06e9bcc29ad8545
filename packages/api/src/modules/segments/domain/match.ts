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

/**
 * A track made ready for matching against many segments: projected once (origin at its first point; the
 * equirectangular error stays under 0.1 % within ~50 km, Snyder 1987), its distance along, and a grid of
 * 50 m cells listing the legs that cross each, so finding where the track passes near a point costs a few
 * cell lookups instead of a scan of every leg (a 2-hour 1 Hz track has 7,200).
 */
export interface PreparedTrack {
  track: Track;
  project: (lon: number, lat: number) => [number, number];
  pts: XY[];
  along: number[];
  grid: Map<string, number[]>;
}

const CELL_M = 50;
const cellKey = (cx: number, cy: number) => `${cx},${cy}`;

export function prepareTrack(track: Track): PreparedTrack {
  const first = track.coordinates[0]!;
  const project = projector(first[0]!, first[1]!);
  const pts = track.coordinates.map((p) => project(p[0]!, p[1]!));
  const along = [0];
  for (let i = 1; i < pts.length; i++)
    along.push(along[i - 1]! + Math.hypot(pts[i]![0] - pts[i - 1]![0], pts[i]![1] - pts[i - 1]![1]));
  const grid = new Map<string, number[]>();
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i]!;
    const b = pts[i + 1]!;
    for (
      let cx = Math.floor(Math.min(a[0], b[0]) / CELL_M);
      cx <= Math.floor(Math.max(a[0], b[0]) / CELL_M);
      cx++
    )
      for (
        let cy = Math.floor(Math.min(a[1], b[1]) / CELL_M);
        cy <= Math.floor(Math.max(a[1], b[1]) / CELL_M);
        cy++
      ) {
        const k = cellKey(cx, cy);
        const legs = grid.get(k);
        if (legs) legs.push(i);
        else grid.set(k, [i]);
      }
  }
  return { track, project, pts, along, grid };
}

/** The legs that may pass within `tolM` of p, in track order. */
function legsNear(t: PreparedTrack, p: XY, tolM: number): number[] {
  const out = new Set<number>();
  for (let cx = Math.floor((p[0] - tolM) / CELL_M); cx <= Math.floor((p[0] + tolM) / CELL_M); cx++)
    for (let cy = Math.floor((p[1] - tolM) / CELL_M); cy <= Math.floor((p[1] + tolM) / CELL_M); cy++)
      for (const i of t.grid.get(cellKey(cx, cy)) ?? []) out.add(i);
  return [...out].sort((a, b) => a - b);
}

export function matchTrack(
  segment: readonly Position[],
  track: Track | PreparedTrack,
  tolM = MATCH_TOLERANCE_M,
): Match | null {
  const t = 'grid' in track ? track : prepareTrack(track);
  if (segment.length < 2 || t.pts.length < 2) return null;
  const seg = segment.map((p) => t.project(p[0]!, p[1]!));
  const starts = startCandidates(seg[0]!, t, tolM);
  if (!starts.length) return null;
  const dense = densify(seg);
  const total = dense.at.at(-1)!;
  if (total <= 0) return null;
  let best: Match | null = null;
  for (const start of starts) {
    const m = follow(start, dense, t.pts, t.along, tolM, total, t.track);
    if (m && (!best || m.elapsedS < best.elapsedS)) best = m;
  }
  return best;
}

/** Each approach of the track to the start within tolerance (a run of consecutive legs), at its closest point. */
function startCandidates(s0: XY, t: PreparedTrack, tolM: number): Place[] {
  const out: Place[] = [];
  let cur: (Place & { d: number }) | null = null;
  let prev = -2;
  for (const i of legsNear(t, s0, tolM)) {
    const { d, t: f } = pointToSegment(s0, t.pts[i]!, t.pts[i + 1]!);
    if (d > tolM) continue;
    if (cur && i !== prev + 1) {
      out.push({ leg: cur.leg, t: cur.t });
      cur = null;
    }
    if (!cur || d < cur.d) cur = { leg: i, t: f, d };
    prev = i;
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
