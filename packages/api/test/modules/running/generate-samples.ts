/**
 * Writes the sample activity files in packages/api/samples/ (run: `npx tsx packages/api/test/modules/running/
 * generate-samples.ts`). One ~3.9 km loop of Madrid's Retiro park, 3 s samples, a 30 s stop half-way, gentle
 * hills (~650–675 m) with GPS-like altitude noise and a rising heart rate; GPX 1.1 with Garmin's
 * TrackPointExtension, TCX v2 and a FIT activity encoded with Garmin's own SDK. Deterministic (seeded).
 */
import { writeFileSync } from 'node:fs';
import { Encoder, Profile } from '@garmin/fitsdk';

export interface SamplePoint {
  lat: number;
  lon: number;
  ele: number;
  t: Date;
  hr: number;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function retiroLoop(start: Date, seed = 7): SamplePoint[] {
  const r = rng(seed);
  const pts: SamplePoint[] = [];
  const n = 400;
  const stopAt = 200;
  let t = start.getTime();
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const jitter = () => (r() - 0.5) * 0.00003; // ~±1.5 m of GPS noise
    pts.push({
      lat: 40.4135 + 0.0065 * Math.sin(a) + jitter(),
      lon: -3.683 + 0.006 * Math.cos(a) + jitter(),
      ele: 662 + 11 * Math.sin(a * 2) + (r() - 0.5) * 3,
      t: new Date(t),
      hr: Math.round(132 + 30 * (i / n) + (r() - 0.5) * 4),
    });
    t += 3000;
    if (i === stopAt) {
      // Waiting at a crossing: 10 samples in place.
      const here = pts[pts.length - 1]!;
      for (let k = 0; k < 10; k++) {
        pts.push({
          ...here,
          lat: here.lat + jitter() / 5,
          lon: here.lon + jitter() / 5,
          t: new Date(t),
          hr: here.hr - k,
        });
        t += 3000;
      }
    }
  }
  return pts;
}

const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');

export function toGpx(pts: SamplePoint[]): string {
  const body = pts
    .map(
      (p) =>
        `      <trkpt lat="${p.lat.toFixed(7)}" lon="${p.lon.toFixed(7)}"><ele>${p.ele.toFixed(1)}</ele><time>${iso(p.t)}</time>` +
        `<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>${p.hr}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Pulso sample generator" xmlns="http://www.topografix.com/GPX/1/1"
  xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">
  <metadata><name>Retiro loop</name><time>${iso(pts[0]!.t)}</time></metadata>
  <trk>
    <name>Morning run in El Retiro</name>
    <type>running</type>
    <trkseg>
${body}
    </trkseg>
  </trk>
</gpx>
`;
}

export function toTcx(pts: SamplePoint[]): string {
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  const body = pts
    .map(
      (p) =>
        `          <Trackpoint><Time>${iso(p.t)}</Time><Position><LatitudeDegrees>${p.lat.toFixed(7)}</LatitudeDegrees>` +
        `<LongitudeDegrees>${p.lon.toFixed(7)}</LongitudeDegrees></Position><AltitudeMeters>${p.ele.toFixed(1)}</AltitudeMeters>` +
        `<HeartRateBpm><Value>${p.hr}</Value></HeartRateBpm></Trackpoint>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
  <Activities>
    <Activity Sport="Running">
      <Id>${iso(first.t)}</Id>
      <Lap StartTime="${iso(first.t)}">
        <TotalTimeSeconds>${(last.t.getTime() - first.t.getTime()) / 1000}</TotalTimeSeconds>
        <Intensity>Active</Intensity>
        <TriggerMethod>Manual</TriggerMethod>
        <Track>
${body}
        </Track>
      </Lap>
    </Activity>
  </Activities>
</TrainingCenterDatabase>
`;
}

const SEMI = 2 ** 31 / 180;
const mesg = (name: string): number => {
  const n = (Profile.MesgNum as Record<string, number | undefined>)[name];
  if (n === undefined) throw new Error(`no FIT message ${name}`);
  return n;
};

export function toFit(pts: SamplePoint[]): Uint8Array {
  const e = new Encoder();
  const put = (name: string, m: Record<string, unknown>) => e.onMesg(mesg(name), m);
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  put('FILE_ID', {
    type: 'activity',
    manufacturer: 'development',
    product: 1,
    serialNumber: 12345,
    timeCreated: first.t,
  });
  put('EVENT', { timestamp: first.t, event: 'timer', eventType: 'start' });
  for (const p of pts)
    put('RECORD', {
      timestamp: p.t,
      positionLat: Math.round(p.lat * SEMI),
      positionLong: Math.round(p.lon * SEMI),
      altitude: p.ele,
      heartRate: p.hr,
    });
  put('EVENT', { timestamp: last.t, event: 'timer', eventType: 'stopAll' });
  const elapsed = (last.t.getTime() - first.t.getTime()) / 1000;
  put('LAP', {
    timestamp: last.t,
    startTime: first.t,
    totalElapsedTime: elapsed,
    totalTimerTime: elapsed,
  });
  put('SESSION', {
    timestamp: last.t,
    startTime: first.t,
    totalElapsedTime: elapsed,
    totalTimerTime: elapsed,
    sport: 'running',
    subSport: 'generic',
    firstLapIndex: 0,
    numLaps: 1,
  });
  put('ACTIVITY', {
    timestamp: last.t,
    numSessions: 1,
    totalTimerTime: elapsed,
    type: 'manual',
    event: 'activity',
    eventType: 'stop',
  });
  return e.close();
}

export const SAMPLE_STARTS = {
  gpx: new Date('2026-10-05T07:30:00Z'),
  tcx: new Date('2026-10-07T07:30:00Z'),
  fit: new Date('2026-10-09T07:30:00Z'),
};

if (process.argv[1]?.endsWith('generate-samples.ts')) {
  const dir = new URL('../../../samples/', import.meta.url);
  writeFileSync(new URL('retiro-loop.gpx', dir), toGpx(retiroLoop(SAMPLE_STARTS.gpx, 7)));
  writeFileSync(new URL('retiro-loop.tcx', dir), toTcx(retiroLoop(SAMPLE_STARTS.tcx, 11)));
  writeFileSync(new URL('retiro-loop.fit', dir), toFit(retiroLoop(SAMPLE_STARTS.fit, 13)));
  console.log('samples written to', dir.pathname);
}
