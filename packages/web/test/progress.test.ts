/** Progress charts' data shaping. */
import { describe, expect, it } from 'vitest';
import { efficiencySeries, volumeSeries } from '../src/lib/progress';

const run = (started_at: string, distance_km: number | null, duration_s: number, avg_hr: number | null) => ({
  started_at,
  sport: 'run',
  distance_km,
  duration_s,
  moving_time_s: null as number | null,
  avg_hr,
});

describe('efficiencySeries', () => {
  it('is speed in m/min over average HR (Friel, "Efficiency Factor", TrainingPeaks: EF = NGP / avg HR)', () => {
    // 10 km in 50:00 = 200 m/min; at 150 bpm, EF = 200 / 150 = 1.333.
    const [x, ef, pace, hr] = efficiencySeries([run('2026-02-03T07:00:00Z', 10, 3000, 150)]);
    expect(x).toEqual([Date.parse('2026-02-03T07:00:00Z') / 1000]);
    expect(ef[0]).toBeCloseTo(1.333, 3);
    expect(pace).toEqual([300]);
    expect(hr).toEqual([150]);
  });
  it('uses moving time when known, so stops are not slow running', () => {
    const r = { ...run('2026-02-03T07:00:00Z', 10, 3600, 150), moving_time_s: 3000 };
    expect(efficiencySeries([r])[1][0]).toBeCloseTo(1.333, 3);
  });
  it('keeps only runs with a heart rate and at least 1 km, oldest first', () => {
    const [x] = efficiencySeries([
      run('2026-02-05T07:00:00Z', 8, 2400, 140),
      run('2026-02-04T07:00:00Z', 8, 2400, null),
      run('2026-02-03T07:00:00Z', 0.5, 200, 150),
      { ...run('2026-02-02T07:00:00Z', 30, 3600, 130), sport: 'ride' },
      run('2026-02-01T07:00:00Z', 5, 1500, 150),
    ]);
    expect(x).toEqual([Date.parse('2026-02-01T07:00:00Z') / 1000, Date.parse('2026-02-05T07:00:00Z') / 1000]);
  });
});

describe('volumeSeries', () => {
  it('orders the weeks and puts each at its Monday', () => {
    const [x, km, min] = volumeSeries([
      { week_start: '2026-02-09', volume_km: 30, duration_min: 180 },
      { week_start: '2026-02-02', volume_km: 25.5, duration_min: 150 },
    ]);
    expect(x).toEqual([Date.parse('2026-02-02T00:00:00Z') / 1000, Date.parse('2026-02-09T00:00:00Z') / 1000]);
    expect(km).toEqual([25.5, 30]);
    expect(min).toEqual([150, 180]);
  });
});
