/** Geometry of a recorded track: distance, moving time, elevation gain, heart rate and simplification. */

export interface TrackPoint {
  lat: number;
  lon: number;
  ele: number | null;
  /** epoch milliseconds */
  t: number;
  hr: number | null;
}

/** Mean Earth radius, IUGG (Moritz H., "Geodetic Reference System 1980", J Geodesy 2000;74:128–133). */
export const EARTH_RADIUS_M = 6_371_008.8;

/**
 * Great-circle distance by the haversine formula (Sinnott R.W., "Virtues of the Haversine", Sky & Telescope
 * 1984;68(2):159), in metres. On a sphere the error against the ellipsoid stays below ~0.5 %.
 */
export function haversineM(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLon = (bLon - aLon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function totalDistanceM(pts: readonly TrackPoint[]): number {
  let d = 0;
  for (let i = 1; i < pts.length; i++)
    d += haversineM(pts[i - 1]!.lat, pts[i - 1]!.lon, pts[i]!.lat, pts[i]!.lon);
  return d;
}

/**
 * Speed below which a segment counts as stopped, per sport (m/s). Walking is ~1.4 m/s and the slowest running
 * ~2 m/s; GPS jitter while standing still reads ~0.2–0.5 m/s, so runs and walks use 0.5 m/s (1.8 km/h),
 * rides 1 m/s (3.6 km/h) and swims 0.15 m/s.
 */
export const STOP_SPEED_MS: Record<string, number> = {
  run: 0.5,
  trail_run: 0.5,
  walk: 0.5,
  hike: 0.3,
  ride: 1,
  swim: 0.15,
};

/** A gap between samples longer than this is a pause (auto-pause, signal loss), never moving time. */
export const MAX_SAMPLE_GAP_S = 60;

export function movingTimeS(pts: readonly TrackPoint[], sport: string): number {
  const threshold = STOP_SPEED_MS[sport] ?? 0.5;
  let moving = 0;
  for (let i = 1; i < pts.length; i++) {
    const dt = (pts[i]!.t - pts[i - 1]!.t) / 1000;
    if (dt <= 0 || dt > MAX_SAMPLE_GAP_S) continue;
    const d = haversineM(pts[i - 1]!.lat, pts[i - 1]!.lon, pts[i]!.lat, pts[i]!.lon);
    if (d / dt >= threshold) moving += dt;
  }
  return Math.round(moving);
}

/**
 * Elevation gain with a hysteresis (dead-band) threshold: the reference elevation moves only when the track has
 * risen or fallen at least `thresholdM` from it, and only rises count as gain. GPS altitude noise (several
 * metres; vertical error is typically ~1.5× the horizontal) would otherwise add up on every wobble of a flat
 * road. This is the thresholding used by GPS tools (e.g. GPS Visualizer's and gpxpy's elevation filters); a
 * 3-point moving average first damps single-sample spikes. Each climb can be undercounted by < `thresholdM`.
 */
export function elevationGainM(elevations: readonly (number | null)[], thresholdM = 5): number | null {
  const e = elevations.filter((x): x is number => x != null && Number.isFinite(x));
  if (e.length < 2) return null;
  let gain = 0;
  let ref = (e[0]! + e[0]! + e[1]!) / 3;
  for (let i = 0; i < e.length; i++) {
    const x = (e[Math.max(0, i - 1)]! + e[i]! + e[Math.min(e.length - 1, i + 1)]!) / 3;
    if (x >= ref + thresholdM) {
      gain += x - ref;
      ref = x;
    } else if (x <= ref - thresholdM) ref = x;
  }
  return Math.round(gain * 10) / 10;
}

export function heartRateStats(pts: readonly TrackPoint[]): { avg: number | null; max: number | null } {
  let sum = 0;
  let n = 0;
  let max = 0;
  for (const p of pts) {
    if (p.hr == null || !(p.hr > 0)) continue;
    sum += p.hr;
    n++;
    if (p.hr > max) max = p.hr;
  }
  return n ? { avg: Math.round(sum / n), max } : { avg: null, max: null };
}

/**
 * Douglas–Peucker line simplification (Douglas D.H. & Peucker T.K., "Algorithms for the reduction of the number
 * of points required to represent a digitized line or its caricature", Cartographica 1973;10(2):112–122),
 * iterative (no recursion depth limit), on a local equirectangular projection in metres. Returns the indices
 * of the kept points; the first and last are always kept.
 */
export function simplifyIndices(pts: readonly { lat: number; lon: number }[], toleranceM = 5): number[] {
  const n = pts.length;
  if (n <= 2) return pts.map((_, i) => i);
  const lat0 = (pts[0]!.lat * Math.PI) / 180;
  const k = (Math.PI / 180) * EARTH_RADIUS_M;
  const xs = pts.map((p) => p.lon * k * Math.cos(lat0));
  const ys = pts.map((p) => p.lat * k);
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: [number, number][] = [[0, n - 1]];
  const tol2 = toleranceM * toleranceM;
  while (stack.length) {
    const [a, b] = stack.pop()!;
    let maxD = -1;
    let idx = -1;
    const ax = xs[a]!;
    const ay = ys[a]!;
    const dx = xs[b]! - ax;
    const dy = ys[b]! - ay;
    const len2 = dx * dx + dy * dy;
    for (let i = a + 1; i < b; i++) {
      let t = len2 > 0 ? ((xs[i]! - ax) * dx + (ys[i]! - ay) * dy) / len2 : 0;
      t = Math.max(0, Math.min(1, t));
      const ex = ax + t * dx - xs[i]!;
      const ey = ay + t * dy - ys[i]!;
      const d2 = ex * ex + ey * ey;
      if (d2 > maxD) {
        maxD = d2;
        idx = i;
      }
    }
    if (idx >= 0 && maxD > tol2) {
      keep[idx] = 1;
      stack.push([a, idx], [idx, b]);
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(i);
  return out;
}

export interface TrackSummary {
  startedAt: Date;
  durationS: number;
  movingTimeS: number;
  distanceKm: number;
  elevationGainM: number | null;
  avgHr: number | null;
  maxHr: number | null;
}

export function summarize(pts: readonly TrackPoint[], sport: string): TrackSummary {
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  const hr = heartRateStats(pts);
  return {
    startedAt: new Date(first.t),
    durationS: Math.round((last.t - first.t) / 1000),
    movingTimeS: movingTimeS(pts, sport),
    distanceKm: Math.round(totalDistanceM(pts)) / 1000,
    elevationGainM: elevationGainM(pts.map((p) => p.ele)),
    avgHr: hr.avg,
    maxHr: hr.max,
  };
}
