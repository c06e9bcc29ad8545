/**
 * Worker-thread entry of the activity-file pool (`track-pool.ts`). A parse error is returned, not thrown:
 * an Error crossing the thread boundary loses its class, and the service must tell a bad file (422) from a
 * failure of ours (500).
 */
import { analyseTrack, type AnalyseOptions, type AnalysedTrack } from './analyse.js';
import { TrackFileError, type TrackFileProblem } from './parse.js';

export interface TrackTask {
  data: Uint8Array;
  filename: string | undefined;
  opts: AnalyseOptions;
}
export type TrackTaskResult = { ok: true; track: AnalysedTrack } | { ok: false; fileError: TrackFileProblem };

export default async function analyse(task: TrackTask): Promise<TrackTaskResult> {
  const buf = Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength);
  try {
    return { ok: true, track: await analyseTrack(buf, task.filename, task.opts) };
  } catch (err) {
    if (err instanceof TrackFileError) return { ok: false, fileError: err.problem };
    throw err;
  }
}
