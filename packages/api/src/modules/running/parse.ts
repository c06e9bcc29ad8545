import type { TrackPoint } from './domain/track.js';
import { runningMessages as M } from './messages.js';

/**
 * Activity files → track points in file order (whose times must not run backwards). GPX 1.1 and TCX are read
 * in one streaming pass (saxes: no DTDs or external entities); FIT with Garmin's own SDK (@garmin/fitsdk), CRC
 * checked. Both are loaded on the first import, not at start-up (the FIT profile alone is 1 MB of JavaScript).
 * This runs in a worker thread (`track-worker.ts`), never on the event loop.
 *
 * Why not @tmcw/togeojson: it keeps heart rates in a separate array that loses its alignment with the
 * coordinates when a point has no HR, and it drops the TCX sport; reading the three elements we need directly
 * is shorter than repairing its output.
 */
export type TrackFormat = 'gpx' | 'tcx' | 'fit';

/** Why an activity file cannot be used: a catalogue id (`track.<id>` in messages.ts) and its parameters. */
export interface TrackFileProblem {
  id: TrackFileErrorId;
  params: Record<string, string | number>;
}
type TrackFileErrorId =
  | 'unsupported'
  | 'too_many_points'
  | 'too_few_points'
  | 'too_short'
  | 'backwards'
  | 'not_xml'
  | 'empty'
  | 'not_gpx'
  | 'gpx_route'
  | 'not_tcx'
  | 'tcx_no_activity'
  | 'fit_integrity'
  | 'fit_decode';

/**
 * A file we cannot use. It carries the reason as data, not as English text, so that it can cross the worker
 * thread's boundary and be written in the request's language; the message is the English text (logs, tests).
 */
export class TrackFileError extends Error {
  constructor(
    readonly id: TrackFileErrorId,
    readonly params: Record<string, string | number> = {},
  ) {
    super(M.t('en', `track.${id}`, params as never));
  }
  get problem(): TrackFileProblem {
    return { id: this.id, params: this.params };
  }
}

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
  if (!format) throw new TrackFileError('unsupported');
  const name = format.toUpperCase();
  const limit = (n: number) => {
    if (n > opts.maxPoints)
      throw new TrackFileError('too_many_points', { format: name, max: opts.maxPoints });
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
  if (points.length < 2) throw new TrackFileError('too_few_points', { format: name, n: points.length });
  if (points[points.length - 1]!.t - points[0]!.t < 1000)
    throw new TrackFileError('too_short', { format: name });
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
    throw new TrackFileError('backwards', {
      format: name,
      at: seq[i]!,
      atTime: iso(points[i]!.t),
      before: seq[i - 1]!,
      beforeTime: iso(points[i - 1]!.t),
    });
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

/** Element name without its prefix: GPX/TCX files differ in prefixes (gpxtpx:, ns3:, none). */
const local = (name: string) => name.slice(name.indexOf(':') + 1);
const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : Number(s));
const plausibleHr = (hr: number | null) => (hr != null && hr > 0 && hr < 260 ? hr : null);

/**
 * One pass over the text with a streaming, strictly conforming XML parser (saxes): no tree is built, and the
 * point limit stops the read at the first point too many. saxes expands only XML's predefined entities and
 * never reads a DTD or an external entity, so a crafted file can neither reach the network or the disk nor
 * grow by entity expansion. (@xmldom/xmldom, used before, built the whole document first: many times slower
 * and larger; bench/RESULTS.md.)
 */
async function parseXml(buf: Buffer, format: 'gpx' | 'tcx', limit: (n: number) => void): Promise<Read> {
  const { SaxesParser } = await import('saxes');
  const name = format.toUpperCase();
  const reader = format === 'gpx' ? gpxReader(limit) : tcxReader(limit);
  const parser = new SaxesParser({ position: true });
  let root: string | undefined;
  // Text of the element being captured (one at a time: the ones we read hold no elements of their own).
  let capture: string | null = null;
  parser.on('opentag', (tag) => {
    const el = local(tag.name);
    if (root === undefined) {
      root = el;
      reader.root(el);
    }
    if (reader.open(el, tag.attributes as Record<string, string>)) capture = '';
  });
  parser.on('text', (t) => {
    if (capture !== null) capture += t;
  });
  parser.on('cdata', (t) => {
    if (capture !== null) capture += t;
  });
  parser.on('closetag', (tag) => {
    const el = local(tag.name);
    if (capture !== null) {
      reader.text(el, capture.trim());
      capture = null;
    }
    reader.close(el);
  });
  parser.on('error', (err) => {
    throw new TrackFileError('not_xml', {
      format: name,
      why: err.message.split('\n')[0]?.slice(0, 200) ?? '',
    });
  });
  parser.write(buf.toString('utf8')).close();
  if (root === undefined) throw new TrackFileError('empty', { format: name });
  return reader.done();
}

interface XmlReader {
  root(el: string): void;
  /** True when the element's text is wanted (handed to `text` when it closes). */
  open(el: string, attrs: Record<string, string>): boolean;
  text(el: string, value: string): void;
  close(el: string): void;
  done(): Read;
}

interface Pending {
  lat: number | null;
  lon: number | null;
  ele: number | null;
  time: string;
  hr: number | null;
  position: boolean;
}
const pending = (): Pending => ({ lat: null, lon: null, ele: null, time: '', hr: null, position: false });

function gpxReader(limit: (n: number) => void): XmlReader {
  const points: TrackPoint[] = [];
  const seq: number[] = [];
  let n = 0;
  let pt: Pending | null = null;
  let inTrk = false;
  let type: string | undefined;
  let routePoints = 0;
  return {
    root(el) {
      if (el !== 'gpx') throw new TrackFileError('not_gpx');
    },
    open(el, attrs) {
      if (el === 'trkpt') {
        limit(++n);
        pt = { ...pending(), lat: num(attrs.lat), lon: num(attrs.lon) };
        return false;
      }
      if (el === 'rtept') routePoints++;
      if (el === 'trk') inTrk = true;
      if (pt) return (el === 'time' && !pt.time) || el === 'ele' || el === 'hr' || el === 'heartrate';
      // The sport is the first track's <type>.
      return inTrk && el === 'type' && type === undefined;
    },
    text(el, value) {
      if (!pt) {
        if (el === 'type') type = value.toLowerCase();
        return;
      }
      if (el === 'time') pt.time = value;
      else if (el === 'ele') pt.ele ??= num(value);
      // Garmin's TrackPointExtension (gpxtpx:hr) or the older <heartrate>.
      else pt.hr ??= num(value);
    },
    close(el) {
      if (el === 'trk') inTrk = false;
      if (el !== 'trkpt' || !pt) return;
      const p = pt;
      pt = null;
      if (p.lat == null || p.lon == null || !Number.isFinite(p.lat) || !Number.isFinite(p.lon) || !p.time)
        return;
      points.push({ lat: p.lat, lon: p.lon, ele: p.ele, t: Date.parse(p.time), hr: plausibleHr(p.hr) });
      seq.push(n);
    },
    done() {
      if (!points.length && routePoints) throw new TrackFileError('gpx_route');
      return { points, seq, sport: GPX_SPORTS[type ?? ''] ?? null };
    },
  };
}

const TCX_SPORTS: Record<string, string> = { running: 'run', biking: 'ride', other: 'other' };
const TCX_TEXT = new Set(['Time', 'LatitudeDegrees', 'LongitudeDegrees', 'AltitudeMeters', 'Value']);

function tcxReader(limit: (n: number) => void): XmlReader {
  const points: TrackPoint[] = [];
  const seq: number[] = [];
  let n = 0;
  let pt: Pending | null = null;
  // Only the first <Activity> is read; 0 before it, 1 inside it, 2 after it.
  let activity = 0;
  let sport: string | null = null;
  let inHr = false;
  return {
    root(el) {
      if (el !== 'TrainingCenterDatabase') throw new TrackFileError('not_tcx');
    },
    open(el, attrs) {
      if (el === 'Activity' && activity === 0) {
        activity = 1;
        sport = TCX_SPORTS[(attrs.Sport ?? '').toLowerCase()] ?? null;
      }
      if (activity !== 1) return false;
      if (el === 'Trackpoint') {
        limit(++n);
        pt = pending();
        return false;
      }
      if (!pt) return false;
      if (el === 'Position') pt.position = true;
      if (el === 'HeartRateBpm') inHr = true;
      return TCX_TEXT.has(el) && (el !== 'Value' || inHr);
    },
    text(el, value) {
      if (!pt) return;
      if (el === 'Time') pt.time ||= value;
      else if (el === 'LatitudeDegrees') pt.lat ??= num(value);
      else if (el === 'LongitudeDegrees') pt.lon ??= num(value);
      else if (el === 'AltitudeMeters') pt.ele ??= num(value);
      else if (el === 'Value') pt.hr ??= num(value);
    },
    close(el) {
      if (el === 'Activity' && activity === 1) activity = 2;
      if (el === 'HeartRateBpm') inHr = false;
      if (el !== 'Trackpoint' || !pt) return;
      const p = pt;
      pt = null;
      if (!p.position || p.lat == null || p.lon == null || !p.time) return;
      points.push({ lat: p.lat, lon: p.lon, ele: p.ele, t: Date.parse(p.time), hr: plausibleHr(p.hr) });
      seq.push(n);
    },
    done() {
      if (activity === 0) throw new TrackFileError('tcx_no_activity');
      return { points, seq, sport };
    },
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
  if (!decoder.checkIntegrity()) throw new TrackFileError('fit_integrity');
  const { messages, errors } = decoder.read({ convertDateTimesToDates: true, mergeHeartRates: true });
  if (errors.length) throw new TrackFileError('fit_decode', { why: String(errors[0]).slice(0, 200) });
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
      hr: plausibleHr(r.heartRate ?? null),
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
