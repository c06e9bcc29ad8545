/**
 * VTIMEZONE components (RFC 5545 §3.6.5) written from the runtime's own time-zone database (Intl), so a feed's
 * zone rules are exactly the ones the API used to place its sessions. A packaged VTIMEZONE table goes stale
 * with every tzdb release and its RRULEs guess the future; here each offset change in the span a feed covers
 * is found (offsets scanned day by day, the change bisected to the second) and written as an explicit onset:
 * DTSTART plus one RDATE per onset, with TZOFFSETFROM/TZOFFSETTO.
 */
import { getTimezone } from 'countries-and-timezones';
import { LRUCache } from 'lru-cache';

const DAY = 86_400_000;

const accepted = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/**
 * The IANA canonical name of a zone Intl accepts (`US/Pacific` → `America/Los_Angeles`, `asia/calcutta` →
 * `Asia/Kolkata`), or null when Intl does not know it. Intl alone is not enough on Node 20: ICU resolves
 * links to CLDR's ids, which keep the old names (`Asia/Kolkata` → `Asia/Calcutta`, `Europe/Kyiv` →
 * `Europe/Kiev`); tzdb's own link table (countries-and-timezones' `aliasOf`) takes them the rest of the way.
 * Every name for UTC becomes `UTC`.
 */
export function canonicalZone(name: string): string | null {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  if (resolved === 'UTC' || resolved === 'Etc/UTC') return 'UTC';
  let zone = resolved;
  for (let i = 0; i < 4; i++) {
    const next = getTimezone(zone)?.aliasOf;
    if (!next) break;
    zone = next;
  }
  // A link target this runtime's ICU does not know yet would fail in every formatter: keep Intl's name then.
  return zone === resolved || accepted(zone) ? zone : resolved;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const nameFormats = new Map<string, Intl.DateTimeFormat>();

function formatOf(cache: Map<string, Intl.DateTimeFormat>, zone: string, style: 'longOffset' | 'short') {
  let f = cache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: style });
    cache.set(zone, f);
  }
  return f;
}

/** The zone's UTC offset at instant `t`, in seconds (east positive). */
export function offsetAt(zone: string, t: number): number {
  const s = formatOf(offsetFormats, zone, 'longOffset').format(t);
  const m = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (!m) throw new Error(`unexpected offset "${s}" for ${zone}`);
  if (!m[1]) return 0;
  const secs = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -secs : secs;
}

/** The zone's abbreviation at `t` as Intl writes it in English (`PDT`, `GMT+2`): the observance's TZNAME. */
const nameAt = (zone: string, t: number) =>
  formatOf(nameFormats, zone, 'short')
    .formatToParts(t)
    .find((p) => p.type === 'timeZoneName')?.value;

export interface Transition {
  /** The first instant (ms, on a whole second) with the new offset. */
  at: number;
  /** Offsets in seconds before and from `at`. */
  from: number;
  to: number;
}

// One UTC year of one zone costs ~365 Intl calls; a feed asks for the same few years again and again.
const yearCache = new LRUCache<string, Transition[]>({ max: 4096 });

/** The zone's offset changes in one UTC year. */
function transitionsInYear(zone: string, year: number): Transition[] {
  const key = `${zone}|${year}`;
  const hit = yearCache.get(key);
  if (hit) return hit;
  const out: Transition[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let t = Date.UTC(year, 0, 1);
  let before = offsetAt(zone, t);
  // Daily steps: since the 1990s no zone has changed its offset and back within one day.
  for (; t < end; t += DAY) {
    const next = Math.min(t + DAY, end);
    const after = offsetAt(zone, next);
    if (after === before) continue;
    let lo = t;
    let hi = next;
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2000) * 1000;
      if (offsetAt(zone, mid) === before) lo = mid;
      else hi = mid;
    }
    out.push({ at: hi, from: before, to: offsetAt(zone, hi) });
    before = after;
  }
  yearCache.set(key, out);
  return out;
}

/** The zone's offset changes in [from, to). */
export function transitions(zone: string, from: number, to: number): Transition[] {
  const out: Transition[] = [];
  for (let y = new Date(from).getUTCFullYear(); y <= new Date(to).getUTCFullYear(); y++)
    for (const tr of transitionsInYear(zone, y)) if (tr.at >= from && tr.at < to) out.push(tr);
  return out;
}

/**
 * Whether the wall time of instant `t` in the zone also names another instant (the hour repeated when clocks go
 * back). RFC 5545 §3.3.5 reads such a local time as its first occurrence, ical.js and luxon as the second: an
 * event at one of them is exact only in UTC.
 */
export function isAmbiguous(zone: string, t: number): boolean {
  const near = transitions(zone, t - DAY, t + DAY);
  if (!near.length) return false;
  const wall = t + offsetAt(zone, t) * 1000;
  for (const tr of near)
    for (const o of [tr.from, tr.to]) {
      const other = wall - o * 1000;
      if (other !== t && offsetAt(zone, other) === o) return true;
    }
  return false;
}

/** ±HHMM[SS] (RFC 5545 §3.3.14; "-0000" is not allowed). */
function utcOffset(secs: number): string {
  const a = Math.abs(secs);
  const hh = String(Math.floor(a / 3600)).padStart(2, '0');
  const mm = String(Math.floor((a % 3600) / 60)).padStart(2, '0');
  const ss = a % 60 ? String(a % 60).padStart(2, '0') : '';
  return `${secs < 0 ? '-' : '+'}${hh}${mm}${ss}`;
}

/** The wall time (YYYYMMDDTHHMMSS) of instant `t` at an offset of `secs`. */
function localTime(t: number, secs: number): string {
  return new Date(t + secs * 1000).toISOString().replace(/[-:]/g, '').slice(0, 15);
}

/**
 * Summer time for the observance's name: an offset above the lower of the year's January and July offsets (the
 * same rule as luxon's `isInDST`). Only STANDARD/DAYLIGHT depends on it, never an instant.
 */
function isDaylight(zone: string, t: number, offset: number): boolean {
  const y = new Date(t).getUTCFullYear();
  return offset > Math.min(offsetAt(zone, Date.UTC(y, 0, 1)), offsetAt(zone, Date.UTC(y, 6, 1)));
}

/**
 * The VTIMEZONE of `zone` (as named, it becomes the TZID) exact for every instant in [from, to]: one observance
 * in force at the start of the span, then one per kind of change (STANDARD/DAYLIGHT, offsets, name) with each
 * of its onsets as an RDATE (the DTSTART's onset is listed too: readers such as ical.js take the onsets of an
 * observance that has RDATEs from the RDATEs alone). Onsets are in the local time before the change, as
 * §3.6.5 requires.
 */
export function vtimezone(zone: string, from: number, to: number): string {
  // A day of margin: a reader may look at the offset just around an event at the edge of the span.
  const start = from - DAY;
  const end = to + DAY;
  const first = offsetAt(zone, start);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const observance = (
    daylight: boolean,
    onsets: number[],
    fromOffset: number,
    toOffset: number,
    name: string | undefined,
    rdates: boolean,
  ) => {
    const kind = daylight ? 'DAYLIGHT' : 'STANDARD';
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${localTime(onsets[0]!, fromOffset)}`,
      ...(rdates ? onsets.map((t) => `RDATE:${localTime(t, fromOffset)}`) : []),
      `TZOFFSETFROM:${utcOffset(fromOffset)}`,
      `TZOFFSETTO:${utcOffset(toOffset)}`,
      ...(name ? [`TZNAME:${name}`] : []),
      `END:${kind}`,
    );
  };
  observance(isDaylight(zone, start, first), [start], first, first, nameAt(zone, start), false);
  const groups = new Map<string, { tr: Transition; name: string | undefined; onsets: number[] }>();
  for (const tr of transitions(zone, start, end)) {
    const name = nameAt(zone, tr.at);
    const daylight = isDaylight(zone, tr.at, tr.to);
    const key = `${daylight}|${tr.from}|${tr.to}|${name}`;
    const g = groups.get(key);
    if (g) g.onsets.push(tr.at);
    else groups.set(key, { tr, name, onsets: [tr.at] });
  }
  for (const g of groups.values())
    observance(isDaylight(zone, g.tr.at, g.tr.to), g.onsets, g.tr.from, g.tr.to, g.name, true);
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}
