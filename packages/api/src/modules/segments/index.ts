import { defineModule } from '../../platform/module.js';
import { seedSegments } from './demo.js';
import { createSegmentsRepo } from './repo.js';
import { segmentsRoutes } from './routes.js';
import { createSegmentsService, type SegmentsService } from './service.js';

declare module '../../platform/module.js' {
  interface ModuleServices {
    segments: SegmentsService;
  }
}

/**
 * Route segments (issue 15, RecWay): segments with a geometry, nearby and bounding-box search, road-quality
 * reports, efforts and leaderboards from the running module's imported tracks, and RecWay's own
 * `/api/v1/segmentos/` API over the same data.
 */
export const segmentsModule = defineModule({
  name: 'segments',
  build(ctx) {
    const running = ctx.use('running');
    const service = createSegmentsService({
      db: ctx.db,
      repo: createSegmentsRepo(ctx.db),
      clock: ctx.clock,
      tracks: running.readModel,
      log: ctx.log,
      principals: ctx.principals,
      cache: ctx.cache,
      nearIndexBytes: ctx.config.segmentsNearIndexBytes,
    });
    // Each imported track is matched against the segments its athlete can see, after the import's answer.
    running.readModel.onTrackImported((userId, workoutId) => service.matchImported(userId, workoutId));
    return service;
  },
  routes: (s, ctx) => {
    const t = ctx.config.mapTiles;
    return segmentsRoutes(
      s,
      ctx.config.bodyLimit,
      t ? { url: t.url, attribution: t.attribution, max_zoom: t.maxZoom } : null,
    );
  },
  userData: (s) => [s.userData()],
  demo: seedSegments,
  start: (s) => s.start(),
  close: (s) => s.close(),
});
