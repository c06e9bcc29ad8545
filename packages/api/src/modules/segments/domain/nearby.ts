/*
 * Nearby search in memory: the visible segments within a radius of a point, nearest first, computed as the SQL
 * in repo.ts computes them, so that an in-process index (near-index.ts) can answer what PostgreSQL would.
 *
 * Distances follow PostgreSQL's earthdistance (documentation F.15; earthdistance--1.1.sql and cube.c): a point is
 * the cube `ll_to_earth(lat, lon)` on a sphere of radius `earth()` = 6,378,168 m; `cube_distance` is the straight
 * (chord) distance, the square root of the sum of the squared differences of x, y and z in that order;
 * `earth_distance` is `sec_to_gc(chord)` = 2·earth()·asin(chord / (2·earth())); `earth_box(p, r)` is the cube
 * p ± gc_to_sec(r) = p ± 2·earth()·sin(r / (2·earth())). The segments' own x, y, z are read from PostgreSQL's
 * stored `earth` column (not recomputed here), so only the search point and the few float operations above are
 * computed in JavaScript, in the same order as PostgreSQL does them.
 *
 * The quality score follows repo.ts's `qualityJoin` (not domain/quality.ts's rounding): each report weighs
 * 2^(−age in seconds / half-life in seconds); the weighted mean is converted to `numeric` as PostgreSQL converts a
 * float8 (15 significant digits) and rounded to 2 decimals half away from zero.
 */
import { HALF_LIFE_DAYS } from './quality.js';

/** earthdistance's sphere radius, `earth()` (PostgreSQL documentation, F.15 earthdistance). */
export const EARTH_FUNCTION_RADIUS_M = 6_378_168;

export type Xyz = readonly [number, number, number];

/** `ll_to_earth(lat, lon)` as repo.ts sends the search point (it is computed here and sent as a constant). */
export function earthPoint(lat: number, lon: number): Xyz {
  const la = (lat * Math.PI) / 180;
  const lo = (lon * Math.PI) / 180;
  const r = EARTH_FUNCTION_RADIUS_M;
  return [r * Math.cos(la) * Math.cos(lo), r * Math.cos(la) * Math.sin(lo), r * Math.sin(la)];
}

/** cube_distance of two zero-volume cubes (cube.c: distance_1D per dimension, squared and summed in order). */
export function chordM(a: Xyz, x: number, y: number, z: number): number {
  const dx = Math.abs(a[0] - x);
  const dy = Math.abs(a[1] - y);
  const dz = Math.abs(a[2] - z);
  let s = 0;
  s += dx * dx;
  s += dy * dy;
  s += dz * dz;
  return Math.sqrt(s);
}

/** sec_to_gc (earthdistance--1.1.sql). */
export function chordToGreatCircleM(chord: number): number {
  const e = EARTH_FUNCTION_RADIUS_M;
  if (chord < 0) return 0;
  if (chord / (2 * e) > 1) return Math.PI * e;
  return 2 * e * Math.asin(chord / (2 * e));
}

/** gc_to_sec (earthdistance--1.1.sql): earth_box's half side. */
export function greatCircleToChordM(radius: number): number {
  const e = EARTH_FUNCTION_RADIUS_M;
  if (radius < 0) return 0;
  if (radius / e > Math.PI) return 2 * e;
  return 2 * e * Math.sin(radius / (2 * e));
}

/**
 * PostgreSQL's `round(v::numeric, 2)::float8` for a float8 `v`: float8 → numeric keeps 15 significant digits
 * (float8_numeric, DBL_DIG), `round` goes half away from zero on the decimal digits, numeric → float8 parses them.
 */
export function pgRound2(v: number): number {
  if (!Number.isFinite(v)) return v;
  const neg = v < 0;
  // Plain decimal digits of the 15-digit value (toPrecision may answer in exponent form).
  const [mant, expPart] = Math.abs(v).toPrecision(15).split('e') as [string, string | undefined];
  const exp = expPart === undefined ? 0 : Number(expPart);
  const [ip, fp = ''] = mant.split('.') as [string, string | undefined];
  let digits = ip + fp;
  let point = ip.length + exp; // digits before the decimal point
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  while (digits.length < point + 3) digits += '0';
  const kept = digits.slice(0, point + 2) || '0';
  const roundUp = digits.charCodeAt(point + 2) >= 53; // '5'
  let n = BigInt(kept);
  if (roundUp) n += 1n;
  const r = Number(`${n}e-2`);
  return neg ? -r : r;
}

/** The recency-weighted score as repo.ts's SQL computes it (null without reports). */
export function sqlQualityScore(
  reports: readonly { rating: number; atMs: number }[],
  nowMs: number,
): number | null {
  if (!reports.length) return null;
  const halfLifeS = HALF_LIFE_DAYS * 86_400;
  let sum = 0;
  let weight = 0;
  for (const r of reports) {
    const ageS = (nowMs - r.atMs) / 1000;
    const w = 2 ** (-Math.max(0, ageS) / halfLifeS);
    sum += w * r.rating;
    weight += w;
  }
  return pgRound2(sum / weight);
}

/** What the index keeps of one segment to decide whether a viewer sees it and how far it is. */
export interface Placed {
  id: number;
  ownerId: number;
  gymId: number | null;
  visibility: 'private' | 'gym' | 'public';
  /** The stored `earth` point (PostgreSQL's own values). */
  x: number;
  y: number;
  z: number;
}

export interface Viewing {
  userId: number;
  gymIds: readonly number[];
}

/** repo.ts `visibleTo`. */
export function sees(v: Viewing, s: Placed): boolean {
  return (
    s.ownerId === v.userId ||
    s.visibility === 'public' ||
    (s.visibility === 'gym' && s.gymId !== null && v.gymIds.includes(s.gymId))
  );
}

/**
 * A uniform grid over the earth's x, y, z (metres): a point lies in one cell, a search visits the cells its
 * box meets. Works the same at the poles and across the antimeridian (no latitude/longitude arithmetic).
 */
const CELL_M = 1000;
/** A search whose box meets more cells than this scans every point instead (a radius of tens of kilometres). */
const MAX_CELLS = 4096;
const OFF = 8192; // cell coordinates lie within ±6,379 for 1 km cells

const cellOf = (v: number) => Math.floor(v / CELL_M) + OFF;
const keyOf = (i: number, j: number, k: number) => (i * 16384 + j) * 16384 + k;

export class NearbyGrid<T extends Placed> {
  private readonly byId = new Map<number, T>();
  private readonly cells = new Map<number, T[]>();

  get size(): number {
    return this.byId.size;
  }
  get(id: number): T | undefined {
    return this.byId.get(id);
  }
  ids(): IterableIterator<number> {
    return this.byId.keys();
  }

  put(s: T): void {
    this.remove(s.id);
    this.byId.set(s.id, s);
    const key = keyOf(cellOf(s.x), cellOf(s.y), cellOf(s.z));
    const cell = this.cells.get(key);
    if (cell) cell.push(s);
    else this.cells.set(key, [s]);
  }

  remove(id: number): void {
    const s = this.byId.get(id);
    if (!s) return;
    this.byId.delete(id);
    const key = keyOf(cellOf(s.x), cellOf(s.y), cellOf(s.z));
    const cell = this.cells.get(key)!;
    const i = cell.indexOf(s);
    cell[i] = cell[cell.length - 1]!;
    cell.pop();
    if (!cell.length) this.cells.delete(key);
  }

  /**
   * The segments `viewer` sees within `radiusM` of (lat, lon), in the SQL's page order: the page is cut in
   * chord order (`earth <-> point`, then id) and its rows ordered by the great-circle distance, then id; the
   * total counts every visible segment in range.
   */
  search(
    viewer: Viewing,
    near: { lat: number; lon: number; radiusM: number },
    page: { skip: number; limit: number },
  ): { rows: { s: T; distanceM: number }[]; total: number } {
    const p = earthPoint(near.lat, near.lon);
    const half = greatCircleToChordM(near.radiusM);
    const lo = [p[0] - half, p[1] - half, p[2] - half];
    const hi = [p[0] + half, p[1] + half, p[2] + half];
    const found: { s: T; chord: number; distanceM: number }[] = [];
    const consider = (s: T) => {
      // earth_box(point, radius) @> earth, then earth_distance(point, earth) <= radius (repo.ts `conditions`).
      if (s.x < lo[0]! || s.x > hi[0]! || s.y < lo[1]! || s.y > hi[1]! || s.z < lo[2]! || s.z > hi[2]!)
        return;
      const chord = chordM(p, s.x, s.y, s.z);
      const distanceM = chordToGreatCircleM(chord);
      if (!(distanceM <= near.radiusM) || !sees(viewer, s)) return;
      found.push({ s, chord, distanceM });
    };
    const [i0, j0, k0] = lo.map(cellOf) as [number, number, number];
    const [i1, j1, k1] = hi.map(cellOf) as [number, number, number];
    if ((i1 - i0 + 1) * (j1 - j0 + 1) * (k1 - k0 + 1) > MAX_CELLS) {
      for (const s of this.byId.values()) consider(s);
    } else {
      for (let i = i0; i <= i1; i++)
        for (let j = j0; j <= j1; j++)
          for (let k = k0; k <= k1; k++) {
            const cell = this.cells.get(keyOf(i, j, k));
            if (cell) for (const s of cell) consider(s);
          }
    }
    found.sort((a, b) => a.chord - b.chord || a.s.id - b.s.id);
    const rows = found
      .slice(page.skip, page.skip + page.limit)
      .sort((a, b) => a.distanceM - b.distanceM || a.s.id - b.s.id);
    return { rows, total: found.length };
  }
}
