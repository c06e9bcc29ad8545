/*
 * Plane geometry of short lines on the Earth. Distances along the ground use the haversine formula (Sinnott,
 * "Virtues of the Haversine", Sky & Telescope 68(2):159, 1984) on a sphere of the IUGG mean radius 6,371,008.8 m
 * (Moritz, "Geodetic Reference System 1980", Bulletin Géodésique 54:395); within ~0.5 % of the ellipsoid.
 * Crossing and point-to-line tests work on a local equirectangular projection (x = R·Δλ·cos φ0, y = R·Δφ),
 * whose error over a few kilometres is far below GPS noise (Snyder, "Map Projections — A Working Manual",
 * USGS PP 1395, 1987, p. 90).
 */

export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** A position in GeoJSON order: [longitude, latitude, elevation?]. */
export type Position = readonly number[];

export function haversineM(aLon: number, aLat: number, bLon: number, bLat: number): number {
  const dLat = (bLat - aLat) * RAD;
  const dLon = (bLon - aLon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * RAD) * Math.cos(bLat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function lengthM(coords: readonly Position[]): number {
  let d = 0;
  for (let i = 1; i < coords.length; i++)
    d += haversineM(coords[i - 1]![0]!, coords[i - 1]![1]!, coords[i]![0]!, coords[i]![1]!);
  return d;
}

export interface Extent {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export function extentOf(coords: readonly Position[]): Extent {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const p of coords) {
    minLon = Math.min(minLon, p[0]!);
    maxLon = Math.max(maxLon, p[0]!);
    minLat = Math.min(minLat, p[1]!);
    maxLat = Math.max(maxLat, p[1]!);
  }
  return { minLon, minLat, maxLon, maxLat };
}

/** Projects lon/lat to metres east/north of an origin (equirectangular, see the file's comment). */
export function projector(lon0: number, lat0: number) {
  const kx = EARTH_RADIUS_M * RAD * Math.cos(lat0 * RAD);
  const ky = EARTH_RADIUS_M * RAD;
  return (lon: number, lat: number): [number, number] => [(lon - lon0) * kx, (lat - lat0) * ky];
}

type XY = readonly [number, number];

const orient = (a: XY, b: XY, c: XY) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
const onSegment = (a: XY, b: XY, p: XY) =>
  Math.min(a[0], b[0]) <= p[0] &&
  p[0] <= Math.max(a[0], b[0]) &&
  Math.min(a[1], b[1]) <= p[1] &&
  p[1] <= Math.max(a[1], b[1]);

/** Whether segments ab and cd share a point (touching counts), by orientation tests. */
export function segmentsIntersect(a: XY, b: XY, c: XY, d: XY): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return true;
  return (
    (o1 === 0 && onSegment(a, b, c)) ||
    (o2 === 0 && onSegment(a, b, d)) ||
    (o3 === 0 && onSegment(c, d, a)) ||
    (o4 === 0 && onSegment(c, d, b))
  );
}

export type GeometryProblem =
  | { kind: 'too_few_points' }
  | { kind: 'crosses_itself'; legs: [number, number] }
  | { kind: 'doubles_back'; at: number };

/**
 * Consecutive repeated positions removed (a GPS logger writes them while standing still): they carry no
 * direction and would make the crossing test see a zero-length leg.
 */
export function withoutRepeats(coords: readonly Position[]): Position[] {
  const out: Position[] = [];
  for (const p of coords) {
    const q = out.at(-1);
    if (!q || q[0] !== p[0] || q[1] !== p[1]) out.push(p);
  }
  return out;
}

/**
 * Why a line cannot be a segment, or null: fewer than two distinct positions, two legs that cross or touch
 * (other than neighbours at their shared position, and the first and last legs of a closed loop), or a leg
 * that turns straight back over the one before (a spike that retraces the road). A sweep over the legs
 * sorted by their west edge keeps it near O(n log n) for real routes (10,000 positions in milliseconds).
 */
export function geometryProblem(raw: readonly Position[]): GeometryProblem | null {
  const coords = withoutRepeats(raw);
  if (coords.length < 2) return { kind: 'too_few_points' };
  const project = projector(coords[0]![0]!, coords[0]![1]!);
  const pts = coords.map((p) => project(p[0]!, p[1]!));
  const n = pts.length - 1; // legs
  const closed = n >= 3 && coords[0]![0] === coords[n]![0] && coords[0]![1] === coords[n]![1];
  for (let i = 1; i < n; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    const c = pts[i + 1]!;
    const cross = orient(a, b, c);
    const dot = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]);
    if (
      Math.abs(cross) <= 1e-9 * Math.hypot(b[0] - a[0], b[1] - a[1]) * Math.hypot(c[0] - b[0], c[1] - b[1]) &&
      dot < 0
    )
      return { kind: 'doubles_back', at: i };
  }
  const legs = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => Math.min(pts[i]![0], pts[i + 1]![0]) - Math.min(pts[j]![0], pts[j + 1]![0]),
  );
  for (let s = 0; s < legs.length; s++) {
    const i = legs[s]!;
    const maxX = Math.max(pts[i]![0], pts[i + 1]![0]);
    for (let u = s + 1; u < legs.length; u++) {
      const j = legs[u]!;
      if (Math.min(pts[j]![0], pts[j + 1]![0]) > maxX) break;
      const lo = Math.min(i, j);
      const hi = Math.max(i, j);
      if (hi - lo === 1) continue; // neighbours share a position
      if (closed && lo === 0 && hi === n - 1) continue; // a loop's ends meet
      if (segmentsIntersect(pts[i]!, pts[i + 1]!, pts[j]!, pts[j + 1]!))
        return { kind: 'crosses_itself', legs: [lo, hi] };
    }
  }
  return null;
}

/** Distance from p to segment ab in the plane, and where along ab (0–1) the closest point lies. */
export function pointToSegment(p: XY, a: XY, b: XY): { d: number; t: number } {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return { d: Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]), t };
}
