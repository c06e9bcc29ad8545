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

/**
 * A grid of latitude × longitude cells (CELL_DEG on a side) over the segments' start points. A search visits the
 * cells that can hold a point within its radius (the bounding coordinates of Matuschek, "Finding Points Within a
 * Distance of a Latitude/Longitude Using Bounding Coordinates", 2010: poles and the antimeridian included), then
 * applies the SQL's own tests to each point of those cells, so the cells only need to hold every answer, not
 * only answers.
 *
 * Each cell keeps its points' x, y, z and slot side by side in one typed array, so a search reads memory in
 * order; what decides visibility (owner, gym, visibility) is kept per slot and read only for points in range.
 * No object per segment: the collector has a hundred thousand fewer objects to trace. A freed slot is reused.
 */
const CELL_DEG = 0.005;
const LAT_CELLS = Math.ceil(180 / CELL_DEG);
const LON_CELLS = Math.ceil(360 / CELL_DEG);
/** A search meeting more cells than this scans every point instead (a radius of tens of kilometres). */
const MAX_CELLS = 4096;
/** Degrees added to a search's bounds against rounding (about a centimetre). */
const MARGIN_DEG = 1e-7;
/** Past this many rows before the page's end, the page is cut by sorting every match instead of insertion. */
const INSERTION_MAX = 256;
/** Past this many matches, a page that needs them all sorted is not answered here (see `search`). */
const SORT_MAX = 20_000;
/** x, y, z, slot, owner, sharing (PUBLIC, PRIVATE, or the gym's id). */
const STRIDE = 6;
const PUBLIC = -2;
const PRIVATE = -1;

const latCellOf = (lat: number) => Math.min(LAT_CELLS - 1, Math.max(0, Math.floor((lat + 90) / CELL_DEG)));
const lonCellOf = (lon: number) => ((Math.floor((lon + 180) / CELL_DEG) % LON_CELLS) + LON_CELLS) % LON_CELLS;

interface Cell {
  rec: Float64Array;
  n: number;
}

/** The page of a search: slots in the SQL's page order with their distances, and how many matched. */
export interface NearPage {
  slots: number[];
  distancesM: number[];
  total: number;
}

export class NearbyGrid {
  private cap = 0;
  private ids = new Float64Array(0);
  private end = 0;
  private readonly free: number[] = [];
  private readonly cellOfSlot: (Cell | undefined)[] = [];
  private readonly byId = new Map<number, number>();
  /** Latitude row → longitude column → cell. */
  private readonly rows = new Map<number, Map<number, Cell>>();
  // Scratch space of a search, reused (searches run one at a time: they never await).
  private foundSlot = new Int32Array(1024);
  private foundChord = new Float64Array(1024);

  get size(): number {
    return this.byId.size;
  }
  /** The slot that holds segment `id`, if any. */
  slotOf(id: number): number | undefined {
    return this.byId.get(id);
  }
  idAt(slot: number): number {
    return this.ids[slot]!;
  }
  /** How many slots exist (in use or free): per-slot arrays kept beside the grid are this long at most. */
  get slots(): number {
    return this.end;
  }

  private grow(): void {
    const cap = Math.max(1024, this.cap * 2);
    const ids = new Float64Array(cap);
    ids.set(this.ids);
    this.ids = ids;
    this.cap = cap;
  }

  /** Places (or moves) a segment; returns its slot. */
  put(s: Placed): number {
    this.remove(s.id);
    let slot = this.free.pop();
    if (slot === undefined) {
      if (this.end === this.cap) this.grow();
      slot = this.end++;
    }
    this.ids[slot] = s.id;
    this.byId.set(s.id, slot);
    // The cell from the stored x, y, z themselves (the sphere's latitude and longitude of that very point).
    const lat = (Math.asin(Math.max(-1, Math.min(1, s.z / EARTH_FUNCTION_RADIUS_M))) * 180) / Math.PI;
    const lon = (Math.atan2(s.y, s.x) * 180) / Math.PI;
    const li = latCellOf(lat);
    const lj = lonCellOf(lon);
    let row = this.rows.get(li);
    if (!row) this.rows.set(li, (row = new Map<number, Cell>()));
    let cell = row.get(lj);
    if (!cell) row.set(lj, (cell = { rec: new Float64Array(STRIDE * 4), n: 0 }));
    if ((cell.n + 1) * STRIDE > cell.rec.length) {
      const rec = new Float64Array(cell.rec.length * 2);
      rec.set(cell.rec);
      cell.rec = rec;
    }
    const o = cell.n * STRIDE;
    cell.rec[o] = s.x;
    cell.rec[o + 1] = s.y;
    cell.rec[o + 2] = s.z;
    cell.rec[o + 3] = slot;
    cell.rec[o + 4] = s.ownerId;
    cell.rec[o + 5] =
      s.visibility === 'public' ? PUBLIC : s.visibility === 'gym' && s.gymId !== null ? s.gymId : PRIVATE;
    cell.n++;
    this.cellOfSlot[slot] = cell;
    return slot;
  }

  /** Removes a segment; returns the slot it had (now free), if it was held. */
  remove(id: number): number | undefined {
    const slot = this.byId.get(id);
    if (slot === undefined) return undefined;
    this.byId.delete(id);
    const cell = this.cellOfSlot[slot]!;
    this.cellOfSlot[slot] = undefined;
    const rec = cell.rec;
    const last = (cell.n - 1) * STRIDE;
    let o = 0;
    while (o <= last && rec[o + 3] !== slot) o += STRIDE;
    if (o > last) throw new Error(`nearby grid: slot ${slot} missing from its cell`);
    for (let f = 0; f < STRIDE; f++) rec[o + f] = rec[last + f]!;
    cell.n--;
    // An empty cell stays in its row: it is small, and a segment is likely to be placed there again.
    this.free.push(slot);
    return slot;
  }

  /**
   * The segments `viewer` sees within `radiusM` of (lat, lon), in the SQL's page order: the page is cut in
   * chord order (`earth <-> point`, then id) and its rows ordered by the great-circle distance, then id; the
   * total counts every visible segment in range. Null for a page deeper than INSERTION_MAX among more than
   * SORT_MAX matches.
   */
  search(
    viewer: Viewing,
    near: { lat: number; lon: number; radiusM: number },
    page: { skip: number; limit: number },
  ): NearPage | null {
    const [px, py, pz] = earthPoint(near.lat, near.lon);
    const half = greatCircleToChordM(near.radiusM);
    const x0 = px - half;
    const x1 = px + half;
    const y0 = py - half;
    const y1 = py + half;
    const z0 = pz - half;
    const z1 = pz + half;
    const radius = near.radiusM;
    // The exact test (sec_to_gc(chord) <= radius, as the SQL) is needed only near the circle: well inside or well
    // outside, the squared chord decides alone (the functions are monotonic; the margins dwarf rounding).
    const surelyIn = (half * (1 - 1e-9)) ** 2;
    const surelyOut = (half * (1 + 1e-9)) ** 2;
    const user = viewer.userId;
    const gymIds = viewer.gymIds;
    let n = 0;
    const cells = this.cellsNear(near.lat, near.lon, radius);
    // earth_box(point, radius) @> earth, then earth_distance(point, earth) <= radius (repo.ts `conditions`), and
    // repo.ts `visibleTo`; cube_distance squares and sums the per-axis differences in that order (cube.c).
    for (let l = 0; l < cells.length; l++) {
      const cell = cells[l]!;
      const rec = cell.rec;
      const stop = cell.n * STRIDE;
      for (let o = 0; o < stop; o += STRIDE) {
        const sx = rec[o]!;
        if (sx < x0 || sx > x1) continue;
        const sy = rec[o + 1]!;
        if (sy < y0 || sy > y1) continue;
        const sz = rec[o + 2]!;
        if (sz < z0 || sz > z1) continue;
        const dx = Math.abs(px - sx);
        const dy = Math.abs(py - sy);
        const dz = Math.abs(pz - sz);
        let sum = 0;
        sum += dx * dx;
        sum += dy * dy;
        sum += dz * dz;
        if (sum > surelyOut) continue;
        const share = rec[o + 5]!;
        if (!(share === PUBLIC || rec[o + 4] === user || (share >= 0 && gymIds.includes(share)))) continue;
        const slot = rec[o + 3]!;
        const chord = Math.sqrt(sum);
        if (sum >= surelyIn && !(chordToGreatCircleM(chord) <= radius)) continue;
        if (n === this.foundSlot.length) this.growFound();
        this.foundSlot[n] = slot;
        this.foundChord[n] = chord;
        n++;
      }
    }
    if (page.skip >= n) return { slots: [], distancesM: [], total: n };
    const end = Math.min(n, page.skip + page.limit);
    // A deep page among many matches needs a sort of them all: left to PostgreSQL, off this event loop.
    if (end > INSERTION_MAX && n > SORT_MAX) return null;
    const order = this.firstInChordOrder(n, end);
    const S = this.foundSlot;
    const C = this.foundChord;
    const I = this.ids;
    const rows: { slot: number; distanceM: number }[] = [];
    for (let r = page.skip; r < end; r++) {
      const f = order[r]!;
      rows.push({ slot: S[f]!, distanceM: chordToGreatCircleM(C[f]!) });
    }
    rows.sort((a, b) => a.distanceM - b.distanceM || I[a.slot]! - I[b.slot]!);
    return { slots: rows.map((r) => r.slot), distancesM: rows.map((r) => r.distanceM), total: n };
  }

  /**
   * Every cell that can hold a point within `radiusM` of (lat, lon) on earthdistance's sphere; with more than
   * MAX_CELLS of them, every cell.
   */
  private cellsNear(lat: number, lon: number, radiusM: number): Cell[] {
    const out: Cell[] = [];
    const delta = radiusM / EARTH_FUNCTION_RADIUS_M; // the radius as an angle
    const deltaDeg = (delta * 180) / Math.PI;
    const latMin = lat - deltaDeg - MARGIN_DEG;
    const latMax = lat + deltaDeg + MARGIN_DEG;
    let lonSpan = 360;
    if (latMin > -90 && latMax < 90) {
      const s = Math.sin(delta) / Math.cos((lat * Math.PI) / 180);
      if (s < 1) lonSpan = (Math.asin(s) * 180) / Math.PI + MARGIN_DEG;
    }
    const li0 = latCellOf(latMin);
    const li1 = latCellOf(latMax);
    const lonCount =
      lonSpan >= 180 ? LON_CELLS : Math.min(LON_CELLS, Math.floor((2 * lonSpan) / CELL_DEG) + 2);
    if ((li1 - li0 + 1) * lonCount > MAX_CELLS) {
      for (const row of this.rows.values()) for (const cell of row.values()) if (cell.n) out.push(cell);
      return out;
    }
    const lj0 = lonSpan >= 180 ? 0 : lonCellOf(lon - lonSpan);
    for (let li = li0; li <= li1; li++) {
      const row = this.rows.get(li);
      if (!row) continue;
      for (let c = 0; c < lonCount; c++) {
        const cell = row.get((lj0 + c) % LON_CELLS);
        if (cell && cell.n) out.push(cell);
      }
    }
    return out;
  }

  /** The first `k` of the `n` matches (indexes into the scratch arrays) in (chord, id) order. */
  private firstInChordOrder(n: number, k: number): number[] {
    const C = this.foundChord;
    const I = this.ids;
    const S = this.foundSlot;
    if (k <= 0) return [];
    if (k > INSERTION_MAX || k * 4 > n) {
      const all: number[] = [];
      for (let f = 0; f < n; f++) all.push(f);
      all.sort((a, b) => C[a]! - C[b]! || I[S[a]!]! - I[S[b]!]!);
      return all.slice(0, k);
    }
    // The k best kept sorted: each match is compared with the worst kept, and inserted when better.
    const top: number[] = [];
    let worstC = Infinity;
    let worstId = Infinity;
    for (let f = 0; f < n; f++) {
      const c = C[f]!;
      const id = I[S[f]!]!;
      if (top.length === k && !(c < worstC || (c === worstC && id < worstId))) continue;
      let p = top.length === k ? k - 1 : top.length;
      while (p > 0) {
        const q = top[p - 1]!;
        const qc = C[q]!;
        if (!(c < qc || (c === qc && id < I[S[q]!]!))) break;
        top[p] = q;
        p--;
      }
      top[p] = f;
      if (top.length === k) {
        const w = top[k - 1]!;
        worstC = C[w]!;
        worstId = I[S[w]!]!;
      }
    }
    return top;
  }

  private growFound(): void {
    const len = this.foundSlot.length * 2;
    const s = new Int32Array(len);
    s.set(this.foundSlot);
    const c = new Float64Array(len);
    c.set(this.foundChord);
    this.foundSlot = s;
    this.foundChord = c;
  }
}
