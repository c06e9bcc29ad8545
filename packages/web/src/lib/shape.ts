/**
 * Data shaping for the athlete pages' charts and track: pure functions, tested in test/shape.test.ts.
 */

/** Great-circle distance in metres (haversine; R = 6 371 008.8 m, the IUGG mean Earth radius, Moritz 2000). */
export function haversineM(a: readonly number[], b: readonly number[]): number {
  const R = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (b[1]! - a[1]!) * rad;
  const dLon = (b[0]! - a[0]!) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1]! * rad) * Math.cos(b[1]! * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface TrackSeries {
  /** Cumulative distance at each point, km. */
  km: number[];
  /** Seconds since the start at each point (null without times). */
  t: (number | null)[];
  /** Pace at each point, s/km, over the last ~100 m (null where unknown or standing). */
  pace: (number | null)[];
  hr: (number | null)[];
  ele: (number | null)[];
}

/**
 * Per-point series of a GeoJSON LineString track ([lon, lat, ele?] coordinates, ISO times and heart rates by
 * index). Pace is smoothed over a ~100 m window: GPS jitter between two points a second apart gives nonsense.
 */
export function trackSeries(
  coords: readonly (readonly number[])[],
  times: readonly string[] | null | undefined,
  heartRates: readonly (number | null)[] | null | undefined,
): TrackSeries {
  const km: number[] = [];
  const t: (number | null)[] = [];
  let d = 0;
  const t0 = times?.[0] ? Date.parse(times[0]) : NaN;
  coords.forEach((c, i) => {
    if (i > 0) d += haversineM(coords[i - 1]!, c);
    km.push(d / 1000);
    const ti = times?.[i] ? Date.parse(times[i]) : NaN;
    t.push(Number.isFinite(ti) && Number.isFinite(t0) ? (ti - t0) / 1000 : null);
  });
  const pace: (number | null)[] = [];
  let j = 0;
  for (let i = 0; i < coords.length; i++) {
    while (j < i && km[i]! - km[j + 1]! >= 0.1) j++;
    const dk = km[i]! - km[j]!;
    const ti = t[i];
    const tj = t[j];
    pace.push(ti != null && tj != null && dk >= 0.02 ? (ti - tj) / dk : null);
  }
  return {
    km,
    t,
    pace,
    hr: coords.map((_, i) => heartRates?.[i] ?? null),
    ele: coords.map((c) => (c.length > 2 && Number.isFinite(c[2]) ? c[2]! : null)),
  };
}

export interface Split {
  km: number;
  /** Length of the split (the last one may be partial), km. */
  distance_km: number;
  time_s: number;
  pace_s_per_km: number;
}

/** Whole-kilometre splits, time interpolated linearly at each kilometre mark; the remainder as a last split. */
export function splitsOf(s: Pick<TrackSeries, 'km' | 't'>): Split[] {
  const out: Split[] = [];
  const n = s.km.length;
  if (n < 2 || s.t[0] == null || s.t[n - 1] == null) return out;
  const total = s.km[n - 1]!;
  let prevT = 0;
  let prevKm = 0;
  let i = 1;
  for (let mark = 1; mark <= total; mark++) {
    while (i < n && s.km[i]! < mark) i++;
    const k0 = s.km[i - 1]!;
    const k1 = s.km[i]!;
    const t0 = s.t[i - 1] ?? prevT;
    const t1 = s.t[i] ?? t0;
    const at = k1 === k0 ? t1 : t0 + ((mark - k0) / (k1 - k0)) * (t1 - t0);
    out.push({ km: mark, distance_km: 1, time_s: at - prevT, pace_s_per_km: at - prevT });
    prevT = at;
    prevKm = mark;
  }
  const rest = total - prevKm;
  if (rest >= 0.05) {
    const time = s.t[n - 1]! - prevT;
    out.push({ km: out.length + 1, distance_km: rest, time_s: time, pace_s_per_km: time / rest });
  }
  return out;
}

/**
 * The track projected into an SVG box (equirectangular around the track's mean latitude: at a run's scale the
 * distortion is far below a pixel), north up, aspect kept. Returns the points, for the line and the hover dot.
 */
export function projectTrack(coords: readonly (readonly number[])[], width: number, height: number, pad = 8) {
  if (coords.length === 0) return [] as [number, number][];
  const lat0 = coords.reduce((s, c) => s + c[1]!, 0) / coords.length;
  const k = Math.cos((lat0 * Math.PI) / 180);
  const xs = coords.map((c) => c[0]! * k);
  const ys = coords.map((c) => c[1]!);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  const scale = Math.min((width - 2 * pad) / (maxX - minX || 1), (height - 2 * pad) / (maxY - minY || 1));
  const offX = (width - (maxX - minX) * scale) / 2;
  const offY = (height - (maxY - minY) * scale) / 2;
  return xs.map(
    (x, i) => [offX + (x - minX) * scale, height - offY - (ys[i]! - minY) * scale] as [number, number],
  );
}

export interface LoadWeek {
  week_start: string;
  ctl: number;
  atl: number;
  tsb: number;
}
export interface PlannedWeek {
  start_date: string;
  volume_km: number;
}

/**
 * The fitness / fatigue / form chart's columns: past weeks' CTL, ATL, TSB, and the plan's weekly volume from the
 * current week on (the load ahead), on one time axis (unix seconds at each week's Monday).
 */
export function loadChartData(history: readonly LoadWeek[], planned: readonly PlannedWeek[], today: string) {
  const sec = (d: string) => Date.parse(`${d}T00:00:00Z`) / 1000;
  const byWeek = new Map<number, { ctl?: number; atl?: number; tsb?: number; plan?: number }>();
  for (const w of history) byWeek.set(sec(w.week_start), { ctl: w.ctl, atl: w.atl, tsb: w.tsb });
  const from = sec(today) - 7 * 86_400;
  for (const p of planned) {
    const x = sec(p.start_date);
    if (x < from) continue;
    byWeek.set(x, { ...byWeek.get(x), plan: p.volume_km });
  }
  const xs = [...byWeek.keys()].sort((a, b) => a - b);
  const col = (k: 'ctl' | 'atl' | 'tsb' | 'plan') => xs.map((x) => byWeek.get(x)![k] ?? null);
  return [xs, col('ctl'), col('atl'), col('tsb'), col('plan')] as const;
}

/** 1:23:45 or 23:45. */
export function formatDuration(s: number): string {
  const r = Math.round(s);
  const h = Math.floor(r / 3600);
  const m = Math.floor((r % 3600) / 60);
  const sec = String(r % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Pace as m:ss per km. */
export const formatPace = (sPerKm: number | null | undefined) =>
  sPerKm ? `${formatDuration(sPerKm)}/km` : '—';
