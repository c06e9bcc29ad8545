import { describe, expect, it } from 'vitest';
import {
  cumulativeM,
  defaultStretch,
  formatMetres,
  nearestIndex,
  nearParam,
  parseLatLon,
  pickEnd,
  projectLines,
  setEnd,
  stretchCoordinates,
  stretchLengthM,
  mercatorPx,
  TILE_PX,
  tileUrl,
  tileView,
  surfacesByTexture,
  textureOf,
  TEXTURES,
} from '../src/lib/segments';
import { SURFACES } from '@pulso/contracts/road-quality';

// A straight line north along a meridian, one point every 0.001° of latitude. One degree of latitude on the
// sphere of mean radius R = 6 371 008.8 m (IUGG, Moritz 2000) is 2πR/360 = 111 195.08 m, so each step is 111.195 m.
const STEP_M = (2 * Math.PI * 6_371_008.8) / 360 / 1000;
const line = Array.from({ length: 11 }, (_, i) => [-3.7, 40.4 + i * 0.001, 650 + i]);

describe('cumulativeM (distance along the track)', () => {
  it('starts at 0 and grows by one step per point on a meridian', () => {
    const cum = cumulativeM(line);
    expect(cum[0]).toBe(0);
    expect(cum[1]).toBeCloseTo(STEP_M, 1);
    expect(cum[10]).toBeCloseTo(10 * STEP_M, 0);
  });
  it('gives Paris–London as the usual ~344 km great-circle distance', () => {
    const cum = cumulativeM([
      [2.3522, 48.8566],
      [-0.1278, 51.5074],
    ]);
    expect(Math.round(cum[1]! / 1000)).toBe(344);
  });
  it('is empty for an empty track', () => {
    expect(cumulativeM([])).toEqual([]);
  });
});

describe('stretch picking', () => {
  it('offers the second quarter of the track first', () => {
    expect(defaultStretch(100)).toEqual({ from: 25, to: 50 });
    expect(defaultStretch(2)).toEqual({ from: 0, to: 1 });
    expect(defaultStretch(3)).toEqual({ from: 0, to: 1 });
  });
  it('moves the nearer end to a picked point', () => {
    const s = { from: 20, to: 60 };
    expect(pickEnd(s, 25, 100)).toEqual({ from: 25, to: 60 });
    expect(pickEnd(s, 55, 100)).toEqual({ from: 20, to: 55 });
  });
  it('extends the stretch backwards or forwards from a point outside it', () => {
    const s = { from: 20, to: 60 };
    expect(pickEnd(s, 5, 100)).toEqual({ from: 5, to: 60 });
    expect(pickEnd(s, 90, 100)).toEqual({ from: 20, to: 90 });
  });
  it('clamps a picked point to the track and never lets the ends meet', () => {
    expect(pickEnd({ from: 20, to: 60 }, 500, 100)).toEqual({ from: 20, to: 99 });
    expect(pickEnd({ from: 20, to: 60 }, -4, 100)).toEqual({ from: 0, to: 60 });
    expect(pickEnd({ from: 20, to: 21 }, 21, 100)).toEqual({ from: 20, to: 21 });
    expect(pickEnd({ from: 20, to: 21 }, 20, 100)).toEqual({ from: 20, to: 21 });
  });
  it('keeps the start before the end when a slider crosses the other', () => {
    const s = { from: 20, to: 60 };
    expect(setEnd(s, 'from', 80, 100)).toEqual({ from: 59, to: 60 });
    expect(setEnd(s, 'to', 3, 100)).toEqual({ from: 20, to: 21 });
    expect(setEnd(s, 'to', 120, 100)).toEqual({ from: 20, to: 99 });
  });
  it('finds the projected point nearest to a click', () => {
    const pts: [number, number][] = [
      [0, 0],
      [10, 0],
      [20, 0],
      [20, 10],
    ];
    expect(nearestIndex(pts, 11, 2)).toBe(1);
    expect(nearestIndex(pts, 19, 9)).toBe(3);
    expect(nearestIndex([], 1, 1)).toBe(-1);
  });
});

describe('stretchCoordinates and stretchLengthM', () => {
  it('takes both ends inclusive, keeping elevation', () => {
    const c = stretchCoordinates(line, { from: 2, to: 5 }, 10_000);
    expect(c).toHaveLength(4);
    expect(c[0]).toEqual([-3.7, 40.402, 652]);
    expect(c[3]).toEqual([-3.7, 40.405, 655]);
  });
  it('drops a missing or non-finite elevation rather than sending null', () => {
    const c = stretchCoordinates(
      [
        [1, 2],
        [1, 2.001, Number.NaN],
      ],
      { from: 0, to: 1 },
      10,
    );
    expect(c).toEqual([
      [1, 2],
      [1, 2.001],
    ]);
  });
  it('thins a long stretch evenly to the maximum, keeping the first and last position', () => {
    const long = Array.from({ length: 1001 }, (_, i) => [0, i * 0.0001]);
    const c = stretchCoordinates(long, { from: 0, to: 1000 }, 11);
    expect(c).toHaveLength(11);
    expect(c[0]).toEqual([0, 0]);
    expect(c[5]![1]).toBeCloseTo(0.05, 10);
    expect(c[10]![1]).toBeCloseTo(0.1, 10);
  });
  it('measures the stretch along the track', () => {
    const cum = cumulativeM(line);
    expect(stretchLengthM(cum, { from: 2, to: 5 })).toBeCloseTo(3 * STEP_M, 0);
  });
});

describe('projectLines', () => {
  it('puts two segments in one frame, north up, keeping their relative places', () => {
    const a = [
      [-3.7, 40.4],
      [-3.7, 40.41],
    ];
    const b = [
      [-3.69, 40.4],
      [-3.69, 40.41],
    ];
    const [pa, pb] = projectLines([a, b], 600, 400, 10);
    // b is east of a: drawn to the right. North is up: the second point has the smaller y.
    expect(pb![0]![0]).toBeGreaterThan(pa![0]![0]);
    expect(pa![1]![1]).toBeLessThan(pa![0]![1]);
    // Everything inside the box with its padding.
    for (const [x, y] of [...pa!, ...pb!]) {
      expect(x).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(x).toBeLessThanOrEqual(590 + 1e-9);
      expect(y).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(y).toBeLessThanOrEqual(390 + 1e-9);
    }
  });
  it('scales east–west by the cosine of the latitude (equal-looking metres)', () => {
    // 0.01° of longitude at 60° N is half as long on the ground as 0.01° of latitude (cos 60° = 0.5).
    const [p] = projectLines(
      [
        [
          [10, 60],
          [10.01, 60],
          [10.01, 60.01],
        ],
      ],
      1000,
      1000,
      0,
    );
    const dx = p![1]![0] - p![0]![0];
    const dy = p![1]![1] - p![2]![1];
    expect(dx / dy).toBeCloseTo(0.5, 2);
  });
  it('draws a single point in the middle of the box', () => {
    const [p] = projectLines([[[-3.7, 40.4]]], 600, 400);
    expect(p).toEqual([[300, 200]]);
  });
});

describe('tile maps (only with an operator tile server)', () => {
  it('mercatorPx: the Web Mercator square of zoom 0', () => {
    expect(mercatorPx([0, 0])).toEqual([128, 128]);
    expect(mercatorPx([-180, 0])[0]).toBe(0);
    expect(mercatorPx([180, 0])[0]).toBe(256);
    // The square world ends at ±85.0511°; further north is clamped to its edge.
    expect(mercatorPx([0, 85.0511])[1]).toBeCloseTo(0, 2);
    expect(mercatorPx([0, 89])[1]).toBe(mercatorPx([0, 85.0511])[1]);
    // Symmetric about the equator. Mercator's northing of 40° is 0.7629 (radians of the sphere's radius, from
    // projection tables), of π at the edge: 40° N is 128 × 0.7629 / π = 31.08 px above the equator.
    expect(mercatorPx([0, 40])[1] + mercatorPx([0, -40])[1]).toBeCloseTo(256, 9);
    expect(128 - mercatorPx([0, 40])[1]).toBeCloseTo((128 * 0.7629) / Math.PI, 2);
  });

  const a = [
    [-3.7, 40.4],
    [-3.69, 40.41],
  ];
  const b = [
    [-3.68, 40.4],
    [-3.68, 40.405],
  ];

  it('fits the lines at the deepest whole zoom, and draws them in the frame of the tiles', () => {
    const v = tileView([a, b], 600, 400, 19, 12)!;
    const xs = v.lines.flat().map((p) => p[0]);
    const ys = v.lines.flat().map((p) => p[1]);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(12);
    expect(Math.max(...xs)).toBeLessThanOrEqual(588);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(12);
    expect(Math.max(...ys)).toBeLessThanOrEqual(388);
    // One zoom deeper doubles every distance: it would not fit any more.
    expect(
      2 * (Math.max(...xs) - Math.min(...xs)) > 576 || 2 * (Math.max(...ys) - Math.min(...ys)) > 376,
    ).toBe(true);
    // Each point sits on the tile that holds it in the world's tile grid, at its place within that tile.
    for (const [lon, lat] of [...a, ...b] as [number, number][]) {
      const [wx, wy] = mercatorPx([lon, lat]).map((c) => c * 2 ** v.zoom) as [number, number];
      const tile = v.tiles.find((t) => t.x === Math.floor(wx / TILE_PX) && t.y === Math.floor(wy / TILE_PX))!;
      expect(tile).toBeDefined();
      const x = tile.left + wx - tile.x * TILE_PX;
      const y = tile.top + wy - tile.y * TILE_PX;
      expect(v.lines.flat().some((p) => Math.hypot(p[0] - x, p[1] - y) < 1e-6)).toBe(true);
    }
    // The tiles cover the whole view, with no gap.
    expect(Math.min(...v.tiles.map((t) => t.left))).toBeLessThanOrEqual(0);
    expect(Math.max(...v.tiles.map((t) => t.left + TILE_PX))).toBeGreaterThanOrEqual(600);
    expect(Math.min(...v.tiles.map((t) => t.top))).toBeLessThanOrEqual(0);
    expect(Math.max(...v.tiles.map((t) => t.top + TILE_PX))).toBeGreaterThanOrEqual(400);
    expect(v.tiles.every((t) => t.z === v.zoom)).toBe(true);
  });

  it("never goes deeper than the server's max zoom; a lone point is centred at zoom 16 at most", () => {
    expect(tileView([a, b], 600, 400, 10)!.zoom).toBe(10);
    const one = tileView([[[-3.7, 40.4]]], 600, 400, 19)!;
    expect(one.zoom).toBe(16);
    expect(one.lines[0]![0]![0]).toBeCloseTo(300, 9);
    expect(one.lines[0]![0]![1]).toBeCloseTo(200, 9);
    expect(tileView([], 600, 400, 19)).toBeNull();
  });

  it('wraps tile numbers round the antimeridian and keeps rows inside the world', () => {
    const v = tileView([[[179.999, 0]]], 600, 400, 2)!;
    expect(v.zoom).toBe(2);
    // At zoom 2 there are 4 columns: the view east of 180° shows column 0 again.
    expect(v.tiles.some((t) => t.x === 3)).toBe(true);
    expect(v.tiles.some((t) => t.x === 0 && t.left > 0)).toBe(true);
    expect(v.tiles.every((t) => t.x >= 0 && t.x < 4 && t.y >= 0 && t.y < 4)).toBe(true);
  });

  it('fills the {z}/{x}/{y} template', () => {
    expect(tileUrl('https://t.example/{z}/{x}/{y}.png', { z: 12, x: 2005, y: 1544 })).toBe(
      'https://t.example/12/2005/1544.png',
    );
  });
});

describe('parseLatLon (the typed fallback of near me)', () => {
  it('reads latitude, longitude in the order maps show it', () => {
    expect(parseLatLon('40.4153, -3.6845')).toEqual({ ok: true, lat: 40.4153, lon: -3.6845 });
    expect(parseLatLon('  40.4153,-3.6845 ')).toEqual({ ok: true, lat: 40.4153, lon: -3.6845 });
    expect(parseLatLon('40.4153 -3.6845')).toEqual({ ok: true, lat: 40.4153, lon: -3.6845 });
  });
  it('accepts decimal commas when the separator is a semicolon or a space', () => {
    expect(parseLatLon('40,4153; -3,6845')).toEqual({ ok: true, lat: 40.4153, lon: -3.6845 });
    expect(parseLatLon('40,4153 -3,6845')).toEqual({ ok: true, lat: 40.4153, lon: -3.6845 });
  });
  it('refuses what is not two numbers, and coordinates off the globe', () => {
    expect(parseLatLon('Madrid')).toEqual({ ok: false, error: 'format' });
    expect(parseLatLon('40.4')).toEqual({ ok: false, error: 'format' });
    expect(parseLatLon('1,2,3')).toEqual({ ok: false, error: 'format' });
    expect(parseLatLon('NaN, 3')).toEqual({ ok: false, error: 'format' });
    expect(parseLatLon('91, 0')).toEqual({ ok: false, error: 'range' });
    expect(parseLatLon('0, -180.5')).toEqual({ ok: false, error: 'range' });
  });
  it('builds the API near parameter, which its contract reads back', () => {
    expect(nearParam(40.41531234, -3.6845)).toBe('40.415312,-3.684500');
    expect(/^\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*$/.test(nearParam(-0.5, 179.9))).toBe(true);
  });
});

describe('formatMetres', () => {
  it('says metres under a kilometre, kilometres with one decimal above', () => {
    expect(formatMetres(850.4, 'en')).toBe('850 m');
    expect(formatMetres(12_345, 'en')).toBe('12.3 km');
    expect(formatMetres(12_345, 'es')).toBe('12,3 km');
    expect(formatMetres(null, 'en')).toBe('—');
  });
});

describe('surfacesByTexture', () => {
  it('puts every surface the API accepts under exactly one texture, and no texture is empty', () => {
    const groups = surfacesByTexture();
    expect(groups.map((g) => g.texture)).toEqual([...TEXTURES]);
    const all = groups.flatMap((g) => g.surfaces);
    expect([...all].sort()).toEqual([...SURFACES].sort());
    for (const g of groups) expect(g.surfaces.length, g.texture).toBeGreaterThan(0);
  });

  it('draws each surface as the material OSM describes (wiki "Key:surface")', () => {
    expect(textureOf('asphalt')).toBe('paved');
    expect(textureOf('concrete:plates')).toBe('blocks');
    expect(textureOf('sett')).toBe('blocks');
    expect(textureOf('fine_gravel')).toBe('gravel');
    expect(textureOf('mud')).toBe('earth');
    expect(textureOf('wood')).toBe('planks');
    expect(textureOf('sand')).toBe('sand');
  });
});
