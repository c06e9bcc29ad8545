import type { CalendarFeeds } from '../../platform/calendar/feeds.js';
import { writeIcs } from '../../platform/calendar/ics.js';
import { notFound } from '../../platform/errors.js';
import type { Lang } from '../../platform/i18n.js';
import type { TrainingService } from './service.js';
import { trainingMessages as M } from './messages.js';

export const PLAN_FEED_KIND = 'training_plan';

export interface PlanFeedDeps {
  feeds: CalendarFeeds;
  training: Pick<TrainingService, 'sessionsBetween'>;
  clock: () => number;
}

const owner = (userId: number) => ({ userId, gymId: null, kind: PLAN_FEED_KIND });

/**
 * The training plan as an iCalendar feed at a secret, revocable URL (the platform's calendar feeds). Sessions
 * have a day but no hour, so they are whole-day entries. A feed outlives the plan it shows: deleting the plan
 * empties the calendar, and a new plan appears in the same subscription.
 */
export function createPlanFeedService(d: PlanFeedDeps) {
  return {
    issue: (userId: number) => d.feeds.rotate(owner(userId)),
    async revoke(userId: number) {
      if (!(await d.feeds.revoke(owner(userId)))) throw notFound(M.msg('feed.none'));
    },
    async ics(token: string, lang: Lang): Promise<string> {
      const found = await d.feeds.resolve(token, PLAN_FEED_KIND);
      if (!found) throw notFound(M.msg('feed.not_found'));
      const sessions = await d.training.sessionsBetween(found.userId, '0001-01-01', '9999-12-31');
      const day = (date: string) => new Date(`${date}T00:00:00Z`);
      return writeIcs(
        {
          name: M.t(lang, 'feed.name'),
          timezone: 'UTC',
          events: sessions.map((s) => ({
            // One session per day in a plan: the day identifies it across renderings and new plans.
            uid: `training-${found.userId}-${s.date}@pulso`,
            start: day(s.date),
            end: new Date(day(s.date).getTime() + 86_400_000),
            allDay: true,
            summary: M.t(lang, 'feed.summary', {
              name: M.t(lang, `session.${s.kind}.name`),
              km: s.distanceKm,
            }),
            description: [
              M.t(lang, `session.${s.kind}.note`),
              M.t(lang, 'feed.where', {
                phase: M.t(lang, `phase.${s.phase}.name`),
                week: s.week,
                zone: s.zone,
              }),
            ].join('\n'),
          })),
        },
        new Date(d.clock()),
      );
    },
  };
}
export type PlanFeedService = ReturnType<typeof createPlanFeedService>;
