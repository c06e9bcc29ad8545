import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseTrack, TrackFileError } from '../../../src/modules/running/parse.js';

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

  it('orders points by time and skips points without a position or time', async () => {
    const t = await parseTrack(
      Buffer.from(
        gpx(
          '<trkpt lat="40.412" lon="-3.68"><time>2026-01-01T07:00:20Z</time></trkpt>' +
            '<trkpt lat="40.41" lon="-3.68"><time>2026-01-01T07:00:00Z</time></trkpt>' +
            '<trkpt lat="40.411" lon="-3.68"></trkpt>',
        ),
      ),
      'a.gpx',
    );
    expect(t.points.map((p) => p.lat)).toEqual([40.41, 40.412]);
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
  });
});
