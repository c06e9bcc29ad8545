import { runningMessages as M } from './messages.js';
import { createWorkerPool } from '../../platform/worker-pool.js';
import type { AnalysedTrack } from './analyse.js';
import { TrackFileError } from './parse.js';
import type { TrackTask, TrackTaskResult } from './track-worker.js';

export interface TrackAnalyser {
  /** Throws TrackFileError for a file we cannot use, AppError `unavailable` (503) when the pool is full. */
  analyse(file: { data: Buffer; filename?: string }, opts: { sport?: string }): Promise<AnalysedTrack>;
  /** A new file would be refused now: answer before reading the upload. */
  full(): boolean;
  close(): Promise<void>;
}

export const BUSY_DETAIL = M.msg('tracks_busy');

export interface TrackPoolOptions {
  threads: number;
  maxQueue: number;
  maxPoints: number;
}

/**
 * Activity files are parsed and measured in worker threads: a large file keeps a core busy for long, and on the
 * event loop every other request of every gym waited for it (bench/RESULTS.md, "One upload must not stall
 * everyone").
 */
export function createTrackAnalyser(o: TrackPoolOptions): TrackAnalyser {
  const pool = createWorkerPool<TrackTask, TrackTaskResult>({
    base: import.meta.url,
    name: 'track-worker',
    threads: o.threads,
    maxQueue: o.maxQueue,
    busyDetail: BUSY_DETAIL,
  });
  return {
    async analyse(file, opts) {
      const data = file.data;
      // A buffer that owns its whole memory is moved to the worker instead of copied (it is not read here
      // again); a slice of a shared one is copied by structured cloning.
      const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
      const r = await pool.run(
        { data, filename: file.filename, opts: { sport: opts.sport, maxPoints: o.maxPoints } },
        own ? [data.buffer as ArrayBuffer] : undefined,
      );
      if (!r.ok) throw new TrackFileError(r.fileError.id, r.fileError.params);
      return r.track;
    },
    full: () => pool.full(),
    close: () => pool.close(),
  };
}
