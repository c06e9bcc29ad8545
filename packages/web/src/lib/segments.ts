/**
 * The segment pages' logic: picking a stretch of a workout's track, distances along it, one shared projection for
 * a map of many segments, and the typed "latitude,longitude" fallback of nearby search. Pure functions, tested in
 * test/segments.test.ts.
 */
import { SURFACES } from '@pulso/contracts/road-quality';
import { haversineM } from './shape';

export type Coord = readonly number[];

/** Distance from the first point to each point along the track, metres. */
export function cumulativeM(coords: readonly Coord[]): number[] {
  const out: number[] = [];
  let d = 0;
  coords.forEach((c, i) => {
    if (i > 0) d += haversineM(coords[i - 1]!, c);
    out.push(d);
  });
  return out;
}

/** A stretch of a track: the indices of its first and last point (first < last). */
export interface Stretch {
  from: number;
  to: number;
}

/**
 * The stretch first offered: the second quarter of the track. A whole loop would start where it ends, and the
 * server refuses a line that crosses itself; a quarter of a run seldom does.
 */
export function defaultStretch(n: number): Stretch {
  if (n < 2) return { from: 0, to: Math.max(0, n - 1) };
  const from = Math.floor(n * 0.25);
  const to = Math.max(from + 1, Math.floor(n * 0.5));
  return { from: Math.min(from, n - 2), to: Math.min(to, n - 1) };
}

/**
 * Moves one end of the stretch to a point the user picked (a click or tap on the track): the nearer end moves, so
 * a click before the start extends the stretch backwards and one after the end extends it forwards. The two
 * ends never meet: a segment needs two points.
 */
export function pickEnd(s: Stretch, idx: number, n: number): Stretch {
  const i = Math.max(0, Math.min(n - 1, Math.round(idx)));
  const moveStart = Math.abs(i - s.from) < Math.abs(i - s.to) || i < s.from;
  if (moveStart && i < s.to) return { from: i, to: s.to };
  if (!moveStart && i > s.from) return { from: s.from, to: i };
  return s;
}

/** Sets one end from a slider, keeping at least one point between the ends' indices order (from < to). */
export function setEnd(s: Stretch, end: 'from' | 'to', idx: number, n: number): Stretch {
  const i = Math.max(0, Math.min(n - 1, Math.round(idx)));
  if (end === 'from') return { from: Math.min(i, s.to - 1), to: s.to };
  return { from: s.from, to: Math.max(i, s.from + 1) };
}

/** The index of the projected point nearest to (x, y): where a click on the SVG track lands. */
export function nearestIndex(points: readonly (readonly [number, number])[], x: number, y: number): number {
  let best = -1;
  let bestD = Infinity;
  points.forEach(([px, py], i) => {
    const d = (px - x) ** 2 + (py - y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

/**
 * The stretch's positions as a GeoJSON LineString's coordinates ([lon, lat] or [lon, lat, ele]), thinned evenly
 * to at most `max` positions (the contract's SEGMENT_MAX_POINTS) keeping both ends.
 */
export function stretchCoordinates(coords: readonly Coord[], s: Stretch, max: number): number[][] {
  const part = coords
    .slice(s.from, s.to + 1)
    .map((c) => (c.length > 2 && Number.isFinite(c[2]) ? [c[0]!, c[1]!, c[2]!] : [c[0]!, c[1]!]));
  if (part.length <= max) return part;
  const out: number[][] = [];
  const step = (part.length - 1) / (max - 1);
  for (let k = 0; k < max; k++) out.push(part[Math.round(k * step)]!);
  return out;
}

/** Length of the stretch along the track, metres. */
export const stretchLengthM = (cum: readonly number[], s: Stretch) => (cum[s.to] ?? 0) - (cum[s.from] ?? 0);

/**
 * One projection for several lines (a map of segments): equirectangular around the mean latitude of all their
 * positions, north up, aspect kept, fitted into the box. Lines keep their shape relative to each other.
 */
export function projectLines(
  lines: readonly (readonly Coord[])[],
  width: number,
  height: number,
  pad = 12,
): [number, number][][] {
  const all = lines.flat();
  if (all.length === 0) return lines.map(() => []);
  const lat0 = all.reduce((s, c) => s + c[1]!, 0) / all.length;
  const k = Math.cos((lat0 * Math.PI) / 180);
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const c of all) {
    const x = c[0]! * k;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, c[1]!);
    maxY = Math.max(maxY, c[1]!);
  }
  const scale = Math.min(
    (width - 2 * pad) / (maxX - minX || 1e-9),
    (height - 2 * pad) / (maxY - minY || 1e-9),
  );
  const offX = (width - (maxX - minX) * scale) / 2;
  const offY = (height - (maxY - minY) * scale) / 2;
  return lines.map((l) =>
    l.map(
      (c) => [offX + (c[0]! * k - minX) * scale, height - offY - (c[1]! - minY) * scale] as [number, number],
    ),
  );
}

/** Slippy-map tiles are 256 px squares (OpenStreetMap wiki, "Slippy map tilenames"). */
export const TILE_PX = 256;

/**
 * Web Mercator at zoom 0 in tile pixels, the projection every slippy-map tile server draws in (OpenStreetMap
 * wiki, "Slippy map tilenames": x = (lon + 180) / 360, y = (1 − ln(tan φ + sec φ) / π) / 2, times 2^z tiles).
 * Latitudes are clamped to ±85.0511°, where the square world ends.
 */
export function mercatorPx(c: Coord): [number, number] {
  const lat = Math.max(-85.0511, Math.min(85.0511, c[1]!));
  const phi = (lat * Math.PI) / 180;
  return [
    ((c[0]! + 180) / 360) * TILE_PX,
    ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * TILE_PX,
  ];
}

export interface TileView {
  zoom: number;
  /** Each line's points in the view's pixels, drawn over the tiles. */
  lines: [number, number][][];
  /** The tiles covering the view: their numbers and where their top-left corner falls in the view. */
  tiles: { z: number; x: number; y: number; left: number; top: number }[];
}

/**
 * The lines on a tile map: the deepest whole zoom (at most `maxZoom`) at which all of them fit inside the view
 * less `pad`, centred, and the tiles under it. Whole zooms only, because tiles exist only there; a lone point
 * gets `maxZoom` capped at 16, close enough to see its streets. Tiles west or east of the antimeridian wrap round.
 */
export function tileView(
  lines: readonly (readonly Coord[])[],
  width: number,
  height: number,
  maxZoom: number,
  pad = 12,
): TileView | null {
  const all = lines.flat();
  if (all.length === 0) return null;
  const world = lines.map((l) => l.map(mercatorPx));
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const [x, y] of world.flat()) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const fit = Math.min(
    (width - 2 * pad) / (maxX - minX || 1e-12),
    (height - 2 * pad) / (maxY - minY || 1e-12),
  );
  const zoom = Math.max(
    0,
    Math.min(maxZoom, Math.floor(Math.log2(fit)), maxX === minX && maxY === minY ? 16 : 99),
  );
  const k = 2 ** zoom;
  const left = ((minX + maxX) / 2) * k - width / 2;
  const top = ((minY + maxY) / 2) * k - height / 2;
  const tiles: TileView['tiles'] = [];
  for (let ty = Math.floor(top / TILE_PX); ty * TILE_PX < top + height; ty++) {
    if (ty < 0 || ty >= k) continue;
    for (let tx = Math.floor(left / TILE_PX); tx * TILE_PX < left + width; tx++)
      tiles.push({
        z: zoom,
        x: ((tx % k) + k) % k,
        y: ty,
        left: tx * TILE_PX - left,
        top: ty * TILE_PX - top,
      });
  }
  return {
    zoom,
    lines: world.map((l) => l.map(([x, y]) => [x * k - left, y * k - top] as [number, number])),
    tiles,
  };
}

/** A tile's address from the operator's template ({z}/{x}/{y}, as MAP_TILE_URL gives it). */
export const tileUrl = (template: string, t: { z: number; x: number; y: number }) =>
  template.replace('{z}', String(t.z)).replace('{x}', String(t.x)).replace('{y}', String(t.y));

/** An SVG path through projected points. */
export const pathOf = (pts: readonly (readonly [number, number])[]) =>
  pts.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join('');

export type LatLonParse = { ok: true; lat: number; lon: number } | { ok: false; error: 'format' | 'range' };

/**
 * The typed fallback of "near me": "latitude, longitude" in decimal degrees (the order maps and phones show),
 * also with a semicolon or spaces between them and a decimal comma when the separator is not a comma.
 */
export function parseLatLon(text: string): LatLonParse {
  const t = text.trim();
  let parts: string[];
  if (t.includes(';')) parts = t.split(';').map((p) => p.trim().replace(',', '.'));
  else if ((t.match(/,/g) ?? []).length === 1) parts = t.split(',').map((p) => p.trim());
  else parts = t.split(/\s+/).map((p) => p.replace(',', '.'));
  if (parts.length !== 2 || !parts.every((p) => /^[-+]?\d+(\.\d+)?$/.test(p)))
    return { ok: false, error: 'format' };
  const lat = Number(parts[0]);
  const lon = Number(parts[1]);
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return { ok: false, error: 'range' };
  return { ok: true, lat, lon };
}

/** The API's `near` parameter: latitude,longitude with six decimals (~0.1 m). */
export const nearParam = (lat: number, lon: number) => `${lat.toFixed(6)},${lon.toFixed(6)}`;

/** 850 m or 12.3 km. */
export function formatMetres(m: number | null | undefined, locale: string): string {
  if (m == null) return '—';
  if (m < 1000) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(m)} m`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(m / 1000)} km`;
}

/*
 * OSM `surface=*` values drawn as eight textures, listed from the firmest and fastest underfoot or under a wheel
 * to the softest (the order of the wiki "Key:surface" table: paved, then paving blocks, then unpaved, then
 * natural ground). The surface pictures and their explanation follow this grouping.
 */
export const TEXTURES = ['paved', 'blocks', 'metal', 'planks', 'gravel', 'earth', 'grass', 'sand'] as const;
export type Texture = (typeof TEXTURES)[number];

/** Which texture draws each OSM surface value. */
export function textureOf(surface: string): Texture {
  if (['paved', 'asphalt', 'chipseal', 'concrete', 'concrete:lanes'].includes(surface)) return 'paved';
  if (['concrete:plates', 'paving_stones', 'sett', 'unhewn_cobblestone', 'cobblestone'].includes(surface))
    return 'blocks';
  if (['compacted', 'fine_gravel', 'gravel', 'pebblestone', 'rock', 'unpaved'].includes(surface))
    return 'gravel';
  if (surface === 'grass') return 'grass';
  if (surface === 'sand') return 'sand';
  if (surface === 'wood') return 'planks';
  if (surface === 'metal') return 'metal';
  return 'earth'; // ground, dirt, mud
}

/** Every surface the API accepts, under its texture, textures in `TEXTURES` order. */
export function surfacesByTexture(): { texture: Texture; surfaces: string[] }[] {
  return TEXTURES.map((texture) => ({
    texture,
    surfaces: SURFACES.filter((s) => textureOf(s) === texture),
  }));
}
