import type { DOMParser, Element } from '@xmldom/xmldom';
import type { TrackPoint } from './domain/track.js';

/**
 * Activity files → track points in file order (whose times must not run backwards). GPX 1.1 and TCX are read with a plain DOM (@xmldom/xmldom, no
 * external entities or DTDs are resolved); FIT with Garmin's own SDK (@garmin/fitsdk), CRC checked. Both are
 * loaded on the first import, not at start-up (the FIT profile alone is 1 MB of JavaScript).
 *
 * Why not @tmcw/togeojson: it keeps heart rates in a separate array that loses its alignment with the
 * coordinates when a point has no HR, and it drops the TCX sport; reading the three elements we need directly
 * is shorter than repairing its output.
 */
export type TrackFormat = 'gpx' | 'tcx' | 'fit';

export class TrackFileError extends Error {}

export interface ParsedTrack {
  format: TrackFormat;
  points: TrackPoint[];
  /** Our sport name when the file says it, else null. */
  sport: string | null;
}

/** FIT files carry ".FIT" at bytes 8–11 of their header; XML files name their root element. */
export function detectFormat(buf: Buffer, filename: string | undefined): TrackFormat | null {
  if (buf.length >= 12 && buf.toString('latin1', 8, 12) === '.FIT') return 'fit';
  const head = buf.subarray(0, 4096).toString('utf8');
  if (/<gpx[\s>]/.test(head)) return 'gpx';
  if (/<TrainingCenterDatabase[\s>]/.test(head)) return 'tcx';
  const ext = filename?.split('.').pop()?.toLowerCase();
  return ext === 'gpx' || ext === 'tcx' || ext === 'fit' ? ext : null;
}

export interface ParseOptions {
  /** More track points than this in the file is refused before they are read (a bound on time and memory). */
  maxPoints: number;
}

/** What each reader returns: the points in file order and, for each, its number among the file's track points. */
interface Read {
  points: TrackPoint[];
  /** 1-based position of each point among the file's track points (<trkpt>, <Trackpoint>, record) */
  seq: number[];
  sport: string | null;
}

export async function parseTrack(
  buf: Buffer,
  filename: string | undefined,
  opts: ParseOptions,
): Promise<ParsedTrack> {
  const format = detectFormat(buf, filename);
  if (!format)
    throw new TrackFileError(
      'Unsupported file: expected a GPX, TCX or FIT activity (by content or extension)',
    );
  const name = format.toUpperCase();
  const limit = (n: number) => {
    if (n > opts.maxPoints)
      throw new TrackFileError(
        `The ${name} file has ${n} track points; at most ${opts.maxPoints} are accepted in one file`,
      );
  };
  const parsed = format === 'fit' ? await parseFit(buf, limit) : await parseXml(buf, format, limit);
  const points: TrackPoint[] = [];
  const seq: number[] = [];
  for (let i = 0; i < parsed.points.length; i++) {
    const p = parsed.points[i]!;
    if (!Number.isFinite(p.t) || !(Math.abs(p.lat) <= 90) || !(Math.abs(p.lon) <= 180)) continue;
    points.push(p);
    seq.push(parsed.seq[i]!);
  }
  backwards(name, points, seq);
  if (points.length < 2)
    throw new TrackFileError(
      `The ${name} file has ${points.length} track point(s) with a position and a time; at least 2 are needed`,
    );
  if (points[points.length - 1]!.t - points[0]!.t < 1000)
    throw new TrackFileError(`The ${name} track lasts less than a second`);
  return { format, points, sport: parsed.sport };
}

/**
 * Time must not run backwards along a track. Sorting such a file by time (as this reader once did) silently
 * turns it into another route, with a distance and a pace nobody ran; dropping the points would silently
 * shorten it. So the file is refused, naming the first point that goes back, and the athlete can fix or
 * re-export it. Equal times (two samples in one second) are kept: they add no moving time.
 */
function backwards(name: string, points: readonly TrackPoint[], seq: readonly number[]) {
  for (let i = 1; i < points.length; i++) {
    if (points[i]!.t >= points[i - 1]!.t) continue;
    const iso = (t: number) => new Date(t).toISOString();
    throw new TrackFileError(
      `The ${name} file's times run backwards: track point ${seq[i]} (${iso(points[i]!.t)}) is earlier than ` +
        `track point ${seq[i - 1]} before it (${iso(points[i - 1]!.t)}); export the activity again or fix its times`,
    );
  }
}

const GPX_SPORTS: Record<string, string> = {
  running: 'run',
  run: 'run',
  '9': 'run',
  trail_running: 'trail_run',
  trailrunning: 'trail_run',
  cycling: 'ride',
  biking: 'ride',
  ride: 'ride',
  '1': 'ride',
  walking: 'walk',
  walk: 'walk',
  hiking: 'hike',
  hike: 'hike',
  swimming: 'swim',
};

function children(el: Element | Document | null | undefined, name: string): Element[] {
  if (!el) return [];
  // By local name in any namespace: GPX/TCX files differ in prefixes (gpxtpx:, ns3:, none).
  const list = (el as Element).getElementsByTagNameNS('*', name);
  const out: Element[] = [];
  for (let i = 0; i < list.length; i++) out.push(list.item(i)!);
  return out;
}
type Document = ReturnType<DOMParser['parseFromString']>;

const text = (el: Element | undefined) => el?.textContent?.trim() ?? '';
const num = (s: string) => (s === '' ? null : Number(s));
const first = (el: Element, name: string) => children(el, name)[0];

async function parseXml(buf: Buffer, format: 'gpx' | 'tcx', limit: (n: number) => void): Promise<Read> {
  const { DOMParser } = await import('@xmldom/xmldom');
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(buf.toString('utf8'), 'text/xml');
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0]?.slice(0, 200);
    throw new TrackFileError(`The ${format.toUpperCase()} file is not well-formed XML: ${msg}`);
  }
  const root = doc.documentElement;
  if (!root) throw new TrackFileError(`The ${format.toUpperCase()} file is empty`);
  return format === 'gpx' ? readGpx(root, limit) : readTcx(root, limit);
}

function readGpx(root: Element, limit: (n: number) => void): Read {
  if (root.localName !== 'gpx') throw new TrackFileError('Not a GPX document: the root element is not <gpx>');
  const points: TrackPoint[] = [];
  const seq: number[] = [];
  const all = children(root, 'trkpt');
  limit(all.length);
  for (const [n, p] of all.entries()) {
    const lat = Number(p.getAttribute('lat'));
    const lon = Number(p.getAttribute('lon'));
    const time = text(first(p, 'time'));
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || !time) continue;
    seq.push(n + 1);
    // Garmin's TrackPointExtension (gpxtpx:hr) or the older <heartrate>.
    const hrEl = first(p, 'hr') ?? first(p, 'heartrate');
    const hr = hrEl ? num(text(hrEl)) : null;
    points.push({
      lat,
      lon,
      ele: num(text(first(p, 'ele'))),
      t: Date.parse(time),
      hr: hr != null && hr > 0 && hr < 260 ? hr : null,
    });
  }
  if (!points.length && children(root, 'rtept').length)
    throw new TrackFileError('The GPX file holds a planned route (<rte>), not a recorded track (<trk>)');
  const type = text(
    children(root, 'trk')[0] ? first(children(root, 'trk')[0]!, 'type') : undefined,
  ).toLowerCase();
  return { points, seq, sport: GPX_SPORTS[type] ?? null };
}

const TCX_SPORTS: Record<string, string> = { running: 'run', biking: 'ride', other: 'other' };

function readTcx(root: Element, limit: (n: number) => void): Read {
  if (root.localName !== 'TrainingCenterDatabase')
    throw new TrackFileError('Not a TCX document: the root element is not <TrainingCenterDatabase>');
  const activity = children(root, 'Activity')[0];
  if (!activity) throw new TrackFileError('The TCX file has no <Activity> (courses are not activities)');
  const points: TrackPoint[] = [];
  const seq: number[] = [];
  const all = children(activity, 'Trackpoint');
  limit(all.length);
  for (const [n, p] of all.entries()) {
    const pos = first(p, 'Position');
    const time = text(first(p, 'Time'));
    if (!pos || !time) continue;
    seq.push(n + 1);
    const hrEl = first(p, 'HeartRateBpm');
    const hr = hrEl ? num(text(first(hrEl, 'Value'))) : null;
    points.push({
      lat: Number(text(first(pos, 'LatitudeDegrees'))),
      lon: Number(text(first(pos, 'LongitudeDegrees'))),
      ele: num(text(first(p, 'AltitudeMeters'))),
      t: Date.parse(time),
      hr: hr != null && hr > 0 && hr < 260 ? hr : null,
    });
  }
  return {
    points,
    seq,
    sport: TCX_SPORTS[(activity.getAttribute('Sport') ?? '').toLowerCase()] ?? null,
  };
}

const FIT_SPORTS: Record<string, string> = {
  running: 'run',
  cycling: 'ride',
  walking: 'walk',
  hiking: 'hike',
  swimming: 'swim',
  training: 'strength',
};
const SEMICIRCLE = 180 / 2 ** 31;

interface FitRecord {
  timestamp?: Date;
  positionLat?: number;
  positionLong?: number;
  altitude?: number;
  enhancedAltitude?: number;
  heartRate?: number;
}

async function parseFit(buf: Buffer, limit: (n: number) => void): Promise<Read> {
  const { Decoder, Stream } = await import('@garmin/fitsdk');
  const stream = Stream.fromBuffer(buf);
  const decoder = new Decoder(stream);
  if (!decoder.checkIntegrity())
    throw new TrackFileError('The FIT file failed its integrity check (truncated, wrong size or bad CRC)');
  const { messages, errors } = decoder.read({ convertDateTimesToDates: true, mergeHeartRates: true });
  if (errors.length)
    throw new TrackFileError(`The FIT file could not be decoded: ${String(errors[0]).slice(0, 200)}`);
  const records = ((messages as Record<string, unknown[]>).recordMesgs ?? []) as FitRecord[];
  limit(records.length);
  const points: TrackPoint[] = [];
  const seq: number[] = [];
  for (const [n, r] of records.entries()) {
    if (r.positionLat == null || r.positionLong == null || !r.timestamp) continue;
    seq.push(n + 1);
    const ele = r.enhancedAltitude ?? r.altitude;
    points.push({
      lat: r.positionLat * SEMICIRCLE,
      lon: r.positionLong * SEMICIRCLE,
      ele: ele ?? null,
      t: r.timestamp.getTime(),
      hr: r.heartRate && r.heartRate > 0 && r.heartRate < 260 ? r.heartRate : null,
    });
  }
  const session = ((messages as Record<string, unknown[]>).sessionMesgs?.[0] ?? {}) as {
    sport?: string;
    subSport?: string;
  };
  let sport = session.sport ? (FIT_SPORTS[session.sport] ?? null) : null;
  if (sport === 'run' && session.subSport === 'trail') sport = 'trail_run';
  return { points, seq, sport };
}
