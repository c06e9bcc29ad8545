import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  haversineM,
  loadChartData,
  projectTrack,
  splitsOf,
  trackSeries,
} from '../src/lib/shape';

describe('haversineM', () => {
  it('gives one degree of latitude as ~111.2 km (2πR/360 with R = 6371.0088 km)', () => {
    expect(haversineM([0, 0], [0, 1]) / 1000).toBeCloseTo(111.195, 2);
  });
  it('gives the Paris–London great-circle distance usually quoted, about 344 km', () => {
    // City-centre coordinates: Paris (2.3522 E, 48.8566 N), London (0.1278 W, 51.5074 N).
    expect(Math.round(haversineM([2.3522, 48.8566], [-0.1278, 51.5074]) / 1000)).toBe(344);
  });
});

// A straight run north along a meridian: 0.001° of latitude ≈ 111.2 m, one point every 30 s.
const N = 31;
const coords = Array.from({ length: N }, (_, i) => [-3.7, 40.4 + i * 0.001, 600 + i]);
const times = Array.from({ length: N }, (_, i) => new Date(Date.UTC(2026, 0, 1, 8, 0, i * 30)).toISOString());

describe('trackSeries', () => {
  const s = trackSeries(
    coords,
    times,
    coords.map((_, i) => 140 + i),
  );
  it('accumulates distance and time from the start', () => {
    expect(s.km[N - 1]).toBeCloseTo(3.336, 2);
    expect(s.t[N - 1]).toBe(900);
    expect(s.ele[5]).toBe(605);
    expect(s.hr[3]).toBe(143);
  });
  it('gives a steady pace of 30 s per 111.2 m ≈ 269.8 s/km once past the first 100 m', () => {
    expect(s.pace[0]).toBeNull();
    expect(s.pace[10]).toBeCloseTo(30 / 0.11119, 0);
  });
  it('has no times, pace or heart rate when the file had none', () => {
    const bare = trackSeries(coords, null, null);
    expect(bare.t.every((x) => x === null)).toBe(true);
    expect(bare.pace.every((x) => x === null)).toBe(true);
    expect(bare.hr.every((x) => x === null)).toBe(true);
  });
});

describe('splitsOf', () => {
  it('cuts whole kilometres with interpolated times and a partial last split', () => {
    const sp = splitsOf(trackSeries(coords, times, null));
    expect(sp.map((x) => x.km)).toEqual([1, 2, 3, 4]);
    expect(sp[0]!.time_s).toBeCloseTo(269.8, 0);
    expect(sp[3]!.distance_km).toBeCloseTo(0.336, 2);
    expect(sp.reduce((a, x) => a + x.time_s, 0)).toBeCloseTo(900, 6);
  });
  it('is empty without times', () => {
    expect(splitsOf(trackSeries(coords, null, null))).toEqual([]);
  });
});

describe('projectTrack', () => {
  it('keeps the track inside the box, north up', () => {
    const pts = projectTrack(coords, 200, 100);
    for (const [x, y] of pts) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(200);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(100);
    }
    // Going north: the last point is higher on screen (smaller y) than the first.
    expect(pts[N - 1]![1]).toBeLessThan(pts[0]![1]);
  });
});

describe('loadChartData', () => {
  it('puts past load and the planned volume ahead on one weekly axis', () => {
    const [x, ctl, atl, tsb, plan] = loadChartData(
      [
        { week_start: '2026-11-23', ctl: 40, atl: 50, tsb: -10 },
        { week_start: '2026-11-30', ctl: 42, atl: 45, tsb: -3 },
      ],
      [
        { start_date: '2026-11-16', volume_km: 20 },
        { start_date: '2026-11-30', volume_km: 30 },
        { start_date: '2026-12-07', volume_km: 35 },
      ],
      '2026-12-02',
    );
    expect(x).toHaveLength(3);
    expect(ctl).toEqual([40, 42, null]);
    expect(atl).toEqual([50, 45, null]);
    expect(tsb).toEqual([-10, -3, null]);
    // The week of 16 November is past: not shown as planned load.
    expect(plan).toEqual([null, 30, 35]);
  });
});

describe('formatDuration', () => {
  it('formats minutes and hours', () => {
    expect(formatDuration(59)).toBe('0:59');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
