import { defineModule } from '../../platform/module.js';
import { seedRunnerDemo } from './demo.js';
import { createRunningRepo } from './repo.js';
import { runningRoutes } from './routes.js';
import { createRunningService, type RunningService } from './service.js';
import { createTrackAnalyser, type TrackAnalyser } from './track-pool.js';

export type RunningModule = RunningService & { tracks: TrackAnalyser };

declare module '../../platform/module.js' {
  interface ModuleServices {
    running: RunningModule;
  }
}

/**
 * The running coach's athlete: profile, workouts (and their import), HRV and check-ins, form and overtraining.
 * `running.readModel` is what the race and training modules read.
 */
export const runningModule = defineModule({
  name: 'running',
  build(ctx) {
    // Its worker threads start on the first import; `close()` stops them.
    const tracks = createTrackAnalyser(ctx.config.imports);
    const repo = createRunningRepo(ctx.db, ctx.keyring);
    const service = createRunningService({ db: ctx.db, repo, cache: ctx.cache, clock: ctx.clock, tracks });
    return Object.assign(service, { tracks });
  },
  routes: (s) => runningRoutes(s),
  userData: (s) => [s.userData()],
  // The first member is also the demo athlete: profile, 16 weeks of workouts, daily HRV.
  demo: async (s, demo) => {
    await seedRunnerDemo(s, demo.memberIds[0]!, demo.now);
  },
  close: (s) => s.tracks.close(),
});
