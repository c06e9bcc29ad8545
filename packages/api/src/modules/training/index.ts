import { defineModule } from '../../platform/module.js';
import { addDays, mondayOf, todayOf } from '../../platform/dates.js';
import { createPlanFeedService, type PlanFeedService } from './feed.js';
import { createTrainingRepo } from './repo.js';
import { trainingRoutes } from './routes.js';
import { createTrainingService, type TrainingService } from './service.js';

export type TrainingModule = TrainingService & { feed: PlanFeedService };

declare module '../../platform/module.js' {
  interface ModuleServices {
    training: TrainingModule;
  }
}

/** Training plans towards a race, adapted week by week to the athlete's form; guides and zones. */
export const trainingModule = defineModule({
  name: 'training',
  build(ctx) {
    const service = createTrainingService({
      db: ctx.db,
      repo: createTrainingRepo(ctx.db),
      running: ctx.use('running').readModel,
      race: ctx.use('race'),
      cache: ctx.cache,
      clock: ctx.clock,
    });
    const feed = createPlanFeedService({ feeds: ctx.feeds, training: service, clock: ctx.clock });
    return Object.assign(service, { feed });
  },
  routes: (s) => trainingRoutes(s, s.feed),
  userData: (s) => [s.userData()],
  async demo(s, demo) {
    // The demo athlete's goal: a half marathon on the Sunday 14 weeks on. The plan starts on this week's Monday
    // (a start up to a week back is allowed), so the current week shows all its runs on any weekday.
    const monday = mondayOf(todayOf(demo.now));
    await s.createPlan(
      demo.memberIds[0]!,
      {
        start_date: monday,
        goal_distance_km: 21.0975,
        race_date: addDays(monday, 14 * 7 + 6),
        days_per_week: 4,
        long_run_day: 'sunday',
      },
      'en',
    );
  },
});
