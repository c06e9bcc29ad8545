import { scheduleMessages as M } from './messages.js';
import type { Audit } from '../../platform/audit/repo.js';
import { INSTRUCTORS } from '../../platform/auth/roles.js';
import type { Cache } from '../../platform/cache/index.js';
import { createJsonPageCache } from '../../platform/cache/json-pages.js';
import type { Db, Executor } from '../../platform/db/index.js';
import { invalid, notFound } from '../../platform/errors.js';
import type { GymsRepo } from '../gyms/repo.js';
import type { Notify } from '../../platform/notify.js';
import type { ReservationsService } from '../reservations/service.js';
import type { ScheduleRepo } from './repo.js';

export interface ScheduleDeps {
  db: Db;
  repo: ScheduleRepo;
  gyms: Pick<GymsRepo, 'findGym' | 'findMember'>;
  reservations: ReservationsService;
  /** Resolved on each use, so the notifications module can be wired after this one. */
  notify: () => Notify;
  cache: Cache;
  audit: Audit;
  clock?: () => number;
}

/**
 * The class list's pages are cached per gym, serialised; every write that changes what the list shows (a class,
 * a category) retires the gym's generation after its commit.
 */
const CLASSES_TTL_S = 300;

/** What the parts of the schedule service (timetable.ts, generation.ts, bookings.ts) share. */
export function createScheduleContext(d: ScheduleDeps) {
  const clock = d.clock ?? Date.now;
  const now = () => new Date(clock());

  async function gymOrThrow(gymId: number, tx?: Executor) {
    const g = await d.gyms.findGym(gymId, tx);
    if (!g) throw notFound(M.msg('gym_not_found'));
    return g;
  }

  async function checkRefs(
    gymId: number,
    b: { instructor_id?: number | null | undefined; category_id?: number | null | undefined },
    tx?: Executor,
  ) {
    if (b.instructor_id) {
      const m = await d.gyms.findMember(gymId, b.instructor_id, tx);
      if (!m || !INSTRUCTORS.includes(m.role)) throw invalid('instructor_id', M.msg('not_instructor'));
    }
    if (b.category_id && !(await d.repo.findCategory(gymId, b.category_id, tx)))
      throw invalid('category_id', M.msg('no_category'));
  }

  const classPages = createJsonPageCache(d.cache, { prefix: 'schedule:classes', ttlSeconds: CLASSES_TTL_S });
  const dropClasses = (gymId: number) => classPages.invalidate(gymId);

  return { d, now, gymOrThrow, checkRefs, classPages, dropClasses };
}
export type ScheduleContext = ReturnType<typeof createScheduleContext>;
