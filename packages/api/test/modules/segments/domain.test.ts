import { describe, expect, it } from 'vitest';
import {
  geometryProblem,
  haversineM,
  lengthM,
  type Position,
} from '../../../src/modules/segments/domain/geometry.js';
import { matchTrack, type Track } from '../../../src/modules/segments/domain/match.js';
import { HALF_LIFE_DAYS, qualityScore, recencyWeight } from '../../../src/modules/segments/domain/quality.js';
import { retiroLoop } from '../running/generate-samples.js';

const T0 = new Date('2026-10-05T07:00:00Z');

/** The sample run (packages/api/samples/retiro-loop.*): ~3.9 km counter-clockwise round an ellipse, 3 s samples. */
function retiroTrack(from = 0, to = Infinity): Track {
  const pts = retiroLoop(T0).slice(from, to);
  return {
    coordinates: pts.map((p) => [p.lon, p.lat]),
    times: pts.map((p) => p.t.getTime()),
    heartRates: pts.map((p) => p.hr),
  };
}
/** The ellipse the sample follows (without its GPS noise), from fraction a to b of the lap, `n` points. */
function arc(a: number, b: number, n = 60): Position[] {
  return Array.from({ length: n }, (_, i) => {
    const f = 2 * Math.PI * (a + ((b - a) * i) / (n - 1));
    return [-3.683 + 0.006 * Math.cos(f), 40.4135 + 0.0065 * Math.sin(f)];
  });
}

describe('geometry', () => {
  it('haversine: one degree of latitude is ~111.2 km on the mean sphere', () => {
    expect(haversineM(0, 0, 0, 1)).toBeCloseTo(111_195, -1);
    expect(
      lengthM([
        [0, 0],
        [0, 0.5],
        [0, 1],
      ]),
    ).toBeCloseTo(111_195, -1);
  });

  it('accepts a plain line and a closed loop; refuses a crossing, a touch, a spike and a single point', () => {
    expect(
      geometryProblem([
        [0, 0],
        [0.001, 0],
        [0.002, 0.001],
      ]),
    ).toBeNull();
    expect(geometryProblem(arc(0, 1, 101))).toBeNull(); // first = last: a loop
    expect(
      geometryProblem([
        [0, 0],
        [0.001, 0.001],
        [0.001, 0],
        [0, 0.001],
      ]),
    ).toEqual({ kind: 'crosses_itself', legs: [0, 2] });
    // A figure "6": the line ends on one of its own earlier legs.
    expect(
      geometryProblem([
        [0, 0],
        [0.002, 0],
        [0.002, 0.001],
        [0.001, 0.001],
        [0.001, 0],
      ])?.kind,
    ).toBe('crosses_itself');
    expect(
      geometryProblem([
        [0, 0],
        [0.001, 0],
        [0.0005, 0],
      ]),
    ).toEqual({ kind: 'doubles_back', at: 1 });
    expect(
      geometryProblem([
        [1, 1],
        [1, 1],
        [1, 1],
      ]),
    ).toEqual({ kind: 'too_few_points' });
  });

  it('judges 10,000 positions: a long zigzag is simple, and one crossing at its very end is found', () => {
    const zigzag: Position[] = Array.from({ length: 10_000 }, (_, i) => [i * 1e-4, (i % 2) * 1e-4]);
    expect(geometryProblem(zigzag)).toBeNull();
    // The last leg turns back across the leg before the previous one.
    const crossed: Position[] = [...zigzag, [0.99965, -1e-4]];
    expect(geometryProblem(crossed)).toMatchObject({ kind: 'crosses_itself' });
  });
});

describe('matching a track against a segment (issue 15 rule)', () => {
  const seg = arc(0.1, 0.3);

  it('a clean pass: timed from start to end, with its heart rate', () => {
    const m = matchTrack(seg, retiroTrack());
    expect(m).not.toBeNull();
    // 0.2 of a 400-sample lap at 3 s a sample.
    expect(m!.elapsedS).toBeGreaterThan(230);
    expect(m!.elapsedS).toBeLessThan(250);
    expect(m!.coverage).toBeGreaterThan(0.99);
    // The sample's heart rate rises from ~132 to ~162 over the lap: ~140 over its second tenth to third.
    expect(m!.avgHr).toBeGreaterThan(135);
    expect(m!.avgHr).toBeLessThan(145);
    expect(new Date(m!.startMs).getTime()).toBeCloseTo(T0.getTime() + 40 * 3000, -4);
  });

  it('a partial pass (the track turns off half-way) is no effort', () => {
    expect(matchTrack(seg, retiroTrack(0, 80))).toBeNull();
  });

  it('the reversed direction is no effort', () => {
    expect(matchTrack([...seg].reverse(), retiroTrack())).toBeNull();
  });

  it('a track that starts in the middle of the segment is no effort', () => {
    expect(matchTrack(seg, retiroTrack(80))).toBeNull();
  });

  it('a loop segment: the whole lap, closed on itself', () => {
    const loop = arc(0, 1, 101);
    const m = matchTrack(loop, retiroTrack());
    expect(m).not.toBeNull();
    // 400 samples and a 30 s stop, less the last sample's 3 s short of closing the loop.
    expect(m!.elapsedS).toBeGreaterThan(1200);
    expect(m!.elapsedS).toBeLessThan(1240);
  });

  it('a detour off part of the segment is tolerated up to 10 % of its length', () => {
    const track = retiroTrack();
    const shifted = (from: number, to: number): Track => ({
      ...track,
      // Points 50–(50+k) moved 60 m north: off the segment there.
      coordinates: track.coordinates.map((p, i) => (i >= from && i < to ? [p[0]!, p[1]! + 60 / 111_000] : p)),
    });
    expect(matchTrack(seg, shifted(60, 64))).not.toBeNull(); // ~40 m off a ~780 m segment
    expect(matchTrack(seg, shifted(50, 75))).toBeNull(); // ~250 m off
  });

  it('a segment the track never comes near is no effort', () => {
    expect(
      matchTrack(
        [
          [2.17, 41.38],
          [2.18, 41.38],
        ],
        retiroTrack(),
      ),
    ).toBeNull();
  });

  // Its speed (issue 15: under 200 ms) is measured by bench/segments.mjs, not here.
  it('matches a 2-hour, 1 Hz track of six laps: the first pass is the effort', () => {
    const n = 7200;
    const track: Track = {
      coordinates: Array.from({ length: n }, (_, i) => {
        const f = (2 * Math.PI * i) / 1200; // six laps
        return [-3.683 + 0.006 * Math.cos(f), 40.4135 + 0.0065 * Math.sin(f)];
      }),
      times: Array.from({ length: n }, (_, i) => T0.getTime() + i * 1000),
    };
    const m = matchTrack(seg, track);
    expect(m!.elapsedS).toBeCloseTo(240, -1);
  });
});

describe('road quality weighting', () => {
  const DAY = 86_400_000;
  it('halves a report’s weight every 90 days', () => {
    expect(HALF_LIFE_DAYS).toBe(90);
    expect(recencyWeight(0)).toBe(1);
    expect(recencyWeight(90 * DAY)).toBeCloseTo(0.5, 10);
    expect(recencyWeight(360 * DAY)).toBeCloseTo(1 / 16, 10);
  });
  it('a recent report outweighs an old one', () => {
    const now = 1_000 * DAY;
    // 5 today, 1 a half-life ago: (5·1 + 1·0.5) / 1.5 = 3.67.
    expect(
      qualityScore(
        [
          { rating: 5, atMs: now },
          { rating: 1, atMs: now - 90 * DAY },
        ],
        now,
      ),
    ).toBeCloseTo(3.67, 2);
    expect(qualityScore([], now)).toBeNull();
  });
});
