import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseTrack as parse, TrackFileError } from '../../../src/modules/running/parse.js';

const parseTrack = (buf: Buffer, name: string, maxPoints = 1000) => parse(buf, name, { maxPoints });
const sample = (f: string) => readFileSync(new URL(`../../../samples/${f}`, import.meta.url));

const gpx = (pts: string) =>
  `<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"><trk><type>hiking</type><trkseg>${pts}</trkseg></trk></gpx>`;

describe('activity file parsing', () => {
  it('detects the format by content, whatever the file is called', () => {
    expect(detectFormat(sample('retiro-loop.fit'), 'activity.gpx')).toBe('fit');
    expect(detectFormat(sample('retiro-loop.gpx'), 'upload.bin')).toBe('gpx');
    expect(detectFormat(sample('retiro-loop.tcx'), undefined)).toBe('tcx');
    expect(detectFormat(Buffer.from('hello'), 'x.csv')).toBeNull();
  });

  it('keeps heart rates aligned with their points when some points have none', async () => {
    const t = await parseTrack(
      Buffer.from(
        gpx(
          '<trkpt lat="40.41" lon="-3.68"><time>2026-01-01T07:00:00Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>120</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>' +
            '<trkpt lat="40.411" lon="-3.68"><time>2026-01-01T07:00:10Z</time></trkpt>' +
            '<trkpt lat="40.412" lon="-3.68"><time>2026-01-01T07:00:20Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>130</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>',
        ),
      ),
      'a.gpx',
    );
    expect(t.points.map((p) => p.hr)).toEqual([120, null, 130]);
    expect(t.sport).toBe('hike');
  });

  it('skips points without a position or time, and keeps the file order', async () => {
    const t = await parseTrack(
      Buffer.from(
        gpx(
          '<trkpt lat="40.41" lon="-3.68"><time>2026-01-01T07:00:00Z</time></trkpt>' +
            '<trkpt lat="40.411" lon="-3.68"></trkpt>' +
            '<trkpt lat="40.413" lon="-3.68"><time>2026-01-01T07:00:10Z</time></trkpt>' +
            '<trkpt lat="40.412" lon="-3.68"><time>2026-01-01T07:00:10Z</time></trkpt>',
        ),
      ),
      'a.gpx',
    );
    expect(t.points.map((p) => p.lat)).toEqual([40.41, 40.413, 40.412]);
  });

  it('refuses a file whose times run backwards, naming the first point that goes back', async () => {
    const backwards = gpx(
      '<trkpt lat="40.41" lon="-3.68"><time>2026-01-01T07:00:00Z</time></trkpt>' +
        '<trkpt lat="40.411" lon="-3.68"></trkpt>' +
        '<trkpt lat="40.412" lon="-3.68"><time>2026-01-01T07:00:20Z</time></trkpt>' +
        '<trkpt lat="40.413" lon="-3.68"><time>2026-01-01T07:00:10Z</time></trkpt>',
    );
    await expect(parseTrack(Buffer.from(backwards), 'a.gpx')).rejects.toThrow(
      /GPX file's times run backwards: track point 4 \(2026-01-01T07:00:10\.000Z\) is earlier than track point 3 before it \(2026-01-01T07:00:20\.000Z\)/,
    );
    const tcx =
      '<?xml version="1.0"?><TrainingCenterDatabase><Activities><Activity Sport="Running"><Lap><Track>' +
      [20, 0, 30]
        .map(
          (s) =>
            `<Trackpoint><Time>2026-01-01T07:00:${String(s).padStart(2, '0')}Z</Time><Position><LatitudeDegrees>40.41</LatitudeDegrees><LongitudeDegrees>-3.68</LongitudeDegrees></Position></Trackpoint>`,
        )
        .join('') +
      '</Track></Lap></Activity></Activities></TrainingCenterDatabase>';
    await expect(parseTrack(Buffer.from(tcx), 'a.tcx')).rejects.toThrow(
      /TCX file's times run backwards: track point 2 \(2026-01-01T07:00:00\.000Z\)/,
    );
  });

  it('refuses more track points than the limit before reading them', async () => {
    const pts = Array.from(
      { length: 11 },
      (_, i) =>
        `<trkpt lat="40.41" lon="-3.68"><time>2026-01-01T07:00:${String(i).padStart(2, '0')}Z</time></trkpt>`,
    ).join('');
    await expect(parseTrack(Buffer.from(gpx(pts)), 'a.gpx', 10)).rejects.toThrow(
      'The GPX file has more than 10 track points, the most accepted in one file',
    );
    expect((await parseTrack(Buffer.from(gpx(pts)), 'a.gpx', 11)).points).toHaveLength(11);
    await expect(parseTrack(sample('retiro-loop.fit'), 'a.fit', 409)).rejects.toThrow(
      /FIT file has more than 409 track points/,
    );
  });

  it('explains what is wrong', async () => {
    const msg = async (b: string) => {
      try {
        await parseTrack(Buffer.from(b), 'a.gpx');
      } catch (e) {
        expect(e).toBeInstanceOf(TrackFileError);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(
      await msg(gpx('<trkpt lat="40.41" lon="-3.68"><time>2026-01-01T07:00:00Z</time></trkpt>')),
    ).toMatch(/1 track point/);
    expect(
      await msg('<?xml version="1.0"?><TrainingCenterDatabase><Courses/></TrainingCenterDatabase>'),
    ).toMatch(/no <Activity>/);
    expect(await msg('<?xml version="1.0"?><gpx><trk>')).toMatch(/not well-formed/);
    // Entities from a DTD are never expanded (no billion laughs) nor read from disk.
    const pt = (s: number, extra = '') =>
      `<trkpt lat="40.41" lon="-3.68"><time>2026-01-01T07:00:0${s}Z</time>${extra}</trkpt>`;
    expect(
      await msg(
        `<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><gpx><trk><trkseg>${pt(0, '<name>&b;</name>')}${pt(5)}</trkseg></trk></gpx>`,
      ),
    ).toMatch(/not well-formed XML: .*undefined entity/);
    expect(
      await msg(
        `<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]><gpx><trk><trkseg>${pt(0, '<name>&x;</name>')}${pt(5)}</trkseg></trk></gpx>`,
      ),
    ).toMatch(/undefined entity/);
  });
});
