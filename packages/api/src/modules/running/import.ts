import { runningMessages as M } from './messages.js';
import type { WorkoutImportResult } from '@pulso/contracts';
import type { Db } from '../../platform/db/index.js';
import { AppError, invalid, textIn } from '../../platform/errors.js';
import { refuse } from './reasons.js';
import { checkWorkout } from './checks.js';
import { workoutDto } from './dto.js';
import { TrackFileError } from './parse.js';
import type { RunningRepo, WorkoutValues } from './repo.js';
import { BUSY_DETAIL, type TrackAnalyser } from './track-pool.js';

export interface ImportDeps {
  db: Db;
  repo: RunningRepo;
  clock: () => number;
  tracks: TrackAnalyser;
  /** The workout's values with its load and TRIMP from the athlete's profile. */
  withLoad: (userId: number, v: WorkoutValues) => Promise<WorkoutValues>;
  /** Drops the athlete's cached snapshots after the write. */
  invalidate: (userId: number) => Promise<void>;
  /** After the commit of an import with a track. */
  trackImported?: (userId: number, workoutId: number) => void;
}

/** Importing an activity file (GPX, TCX, FIT) as a workout with its track: read off the event loop, deduplicated. */
export function createImports(d: ImportDeps) {
  return {
    /** Refuses an import before its upload is read when no worker could take it (503, Retry-After). */
    importCapacity() {
      if (d.tracks.full()) throw new AppError('unavailable', BUSY_DETAIL, { retryAfter: 5 });
    },
    async importFile(
      userId: number,
      file: { data: Buffer; filename?: string },
      opts: { sport?: string; rpe?: number; notes?: string },
    ): Promise<WorkoutImportResult> {
      let a;
      try {
        a = await d.tracks.analyse(file, { sport: opts.sport });
      } catch (err) {
        if (err instanceof TrackFileError)
          throw invalid('file', M.msg(`track.${err.id}`, err.params as never));
        throw err;
      }
      const sum = a.summary;
      const v: WorkoutValues = {
        userId,
        startedAt: sum.startedAt,
        sport: a.sport,
        distanceKm: sum.distanceKm,
        durationS: Math.max(1, sum.durationS),
        movingTimeS: sum.movingTimeS,
        elevationGainM: sum.elevationGainM,
        avgHr: sum.avgHr,
        maxHr: sum.maxHr,
        rpe: opts.rpe ?? null,
        notes: opts.notes ?? null,
        source: a.format,
        // The same activity — whatever file it comes in — starts at the same second.
        fingerprint: `start:${sum.startedAt.toISOString().slice(0, 19)}`,
      };
      try {
        checkWorkout(
          {
            ...v,
            distanceKm: sum.distanceKm,
            movingTimeS: sum.movingTimeS,
            avgHr: sum.avgHr,
            maxHr: sum.maxHr,
          },
          d.clock(),
        );
      } catch (err) {
        if (err instanceof AppError)
          throw invalid('file', {
            id: 'running.not_plausible',
            // The check's own field message, in the reader's language.
            render: (lang) => M.t(lang, 'not_plausible', { why: textIn(err.text, lang) }),
          });
        throw err;
      }
      const withL = await d.withLoad(userId, v);
      const w = await d.db.transaction(async (tx) => {
        const row = await d.repo.insertWorkout(withL, tx);
        if (!row) return null;
        await d.repo.insertTrack({ workoutId: row.id, ...a.track }, tx);
        return row;
      });
      if (!w) throw refuse('activity_imported', { startedAt: sum.startedAt });
      await d.invalidate(userId);
      d.trackImported?.(userId, w.id);
      return {
        ...workoutDto({ ...w, hasTrack: true }),
        import: {
          format: a.format,
          points: a.track.pointsOriginal,
          points_simplified: a.track.coordinates.length,
        },
      };
    },
  };
}
