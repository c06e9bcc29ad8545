import { simplifyIndices, summarize, type TrackSummary } from './domain/track.js';
import { parseTrack, type ParseOptions, type TrackFormat } from './parse.js';

/**
 * The CPU-heavy half of an import: read the file, measure the track, simplify it for storage. It runs in a
 * worker thread (`track-worker.ts`), so it takes and returns only what structured cloning carries.
 */
export interface AnalyseOptions extends ParseOptions {
  /** The sport the athlete chose; else the file's, else run (it sets the stop speed of the moving time). */
  sport?: string;
}

export interface AnalysedTrack {
  format: TrackFormat;
  sport: string;
  summary: TrackSummary;
  /** Douglas–Peucker at 5 m: what is stored and served as the workout's track. */
  track: {
    coordinates: [number, number, number | null][];
    times: string[];
    heartRates: (number | null)[] | null;
    pointsOriginal: number;
  };
}

/** Tolerance of the stored track's simplification, in metres (below typical consumer GPS error). */
const SIMPLIFY_TOLERANCE_M = 5;

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

export async function analyseTrack(
  buf: Buffer,
  filename: string | undefined,
  opts: AnalyseOptions,
): Promise<AnalysedTrack> {
  const parsed = await parseTrack(buf, filename, opts);
  const pts = parsed.points;
  const sport = opts.sport ?? parsed.sport ?? 'run';
  const keep = simplifyIndices(pts, SIMPLIFY_TOLERANCE_M);
  return {
    format: parsed.format,
    sport,
    summary: summarize(pts, sport),
    track: {
      coordinates: keep.map((i) => {
        const p = pts[i]!;
        return [round(p.lon, 6), round(p.lat, 6), p.ele == null ? null : round(p.ele, 1)];
      }),
      times: keep.map((i) => new Date(pts[i]!.t).toISOString()),
      heartRates: pts.some((p) => p.hr != null) ? keep.map((i) => pts[i]!.hr) : null,
      pointsOriginal: pts.length,
    },
  };
}
