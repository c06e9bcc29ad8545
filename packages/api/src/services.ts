import type { Config } from './config.js';
import { createKeyring } from './platform/crypto/keyring.js';
import { createAuditRepo, type Audit } from './platform/audit/repo.js';
import { createPrincipals } from './platform/auth/principal.js';
import { createPasswordChecker } from './platform/auth/password-pool.js';
import { createTokenService } from './platform/auth/tokens.js';
import type { Cache } from './platform/cache/index.js';
import type { Database } from './platform/db/index.js';
import type { UserDataContributor } from './platform/user-data.js';
import { createMailer, type Mailer } from './platform/mail.js';
import { pino } from 'pino';
import { createAccountsRepo } from './modules/accounts/repo.js';
import { createAccountsService } from './modules/accounts/service.js';
import { createGymsRepo } from './modules/gyms/repo.js';
import { createGymsService } from './modules/gyms/service.js';
import { createReservationsRepo } from './modules/reservations/repo.js';
import { createReservationsService } from './modules/reservations/service.js';
import { createNotificationsRepo } from './modules/notifications/repo.js';
import { createNotificationsService } from './modules/notifications/service.js';
import { createEventsRepo } from './modules/events/repo.js';
import { createEventsService } from './modules/events/service.js';
import { createCalendarFeeds } from './platform/calendar/feeds.js';
import { createCalendarsService } from './modules/calendars/service.js';
import { createScheduleRepo } from './modules/schedule/repo.js';
import { createScheduleService } from './modules/schedule/service.js';
import { createRunningRepo } from './modules/running/repo.js';
import { createRunningService } from './modules/running/service.js';
import { createTrackAnalyser } from './modules/running/track-pool.js';
import { createRaceService } from './modules/race/service.js';
import { createTrainingRepo } from './modules/training/repo.js';
import { createTrainingService } from './modules/training/service.js';
import { createPlanFeedService } from './modules/training/feed.js';

export interface CoreDeps {
  config: Readonly<Config>;
  database: Database;
  cache: Cache;
  clock?: () => number;
  /** Default: the transport of `config.mail`. */
  mailer?: Mailer;
  logger?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

/** The composition root of the use cases, shared by the HTTP app and the command line. */
export function buildServices({ config, database, cache, clock = Date.now, ...deps }: CoreDeps) {
  const db = database.db;
  const log = deps.logger ?? pino({ level: config.logLevel });
  const mailer = deps.mailer ?? createMailer(config, log);
  const accountsRepo = createAccountsRepo(db);
  const gymsRepo = createGymsRepo(db);
  const auditRepo = createAuditRepo(db);
  const audit: Audit = (e, tx) => auditRepo.insert(e, tx);

  const principals = createPrincipals(cache, {
    async load(userId) {
      const user = await accountsRepo.findById(userId);
      if (!user) return null;
      const { rows } = await gymsRepo.gymsOfUser(userId, null);
      return {
        userId: user.id,
        email: user.email,
        emailVerified: user.emailVerifiedAt !== null,
        name: user.name,
        avatarUrl: user.avatarUrl,
        createdAt: user.createdAt.toISOString(),
        updatedAt: user.updatedAt.toISOString(),
        gyms: rows.map((r) => ({ id: r.gym.id, name: r.gym.name, role: r.role })),
      };
    },
    gymExists: (gymId) => gymsRepo.gymExists(gymId),
  });
  const tokens = createTokenService(config.jwtSecret, clock);

  // Modules that keep personal data register here (export and erasure of an account).
  const contributors: UserDataContributor[] = [];
  // As many threads as the import pool. A check is small (a password, tens of ms), so a burst of sign-ups may
  // wait in a deep queue rather than be refused; its threads start on the first password checked.
  const passwords = createPasswordChecker({ threads: config.imports.threads, maxQueue: 1024 });
  const accounts = createAccountsService({
    db,
    repo: accountsRepo,
    tokens,
    cache,
    principals,
    audit,
    contributors: () => contributors,
    clock,
    mailer,
    passwords,
    publicUrl: config.mail.publicUrl,
    log,
  });
  const gyms = createGymsService({
    db,
    repo: gymsRepo,
    walkIns: accounts,
    mail: accounts.deliver,
    publicUrl: config.mail.publicUrl,
    clock,
    auditRepo,
    audit,
    principals,
    // The schedule is built below; this runs only on a request, long after.
    onTimezoneChange: (gymId, timezone, tx) => schedule.retime(gymId, timezone, tx),
    onMemberRemoved: async (gymId, userId, tx) => {
      await reservations.cancelAllInGym(gymId, userId, tx);
    },
    afterMemberRemoved: (gymId) => events.invalidate(gymId),
  });
  const notifications = createNotificationsService({ repo: createNotificationsRepo(db) });
  const notify = notifications.notify;
  const reservationsRepo = createReservationsRepo(db);
  const reservations = createReservationsService({ db, repo: reservationsRepo, notify, clock });
  const events = createEventsService({
    db,
    repo: createEventsRepo(db),
    reservations,
    reservationsRepo,
    notify,
    gyms: gymsRepo,
    cache,
    audit,
    clock,
  });
  const schedule = createScheduleService({
    db,
    repo: createScheduleRepo(db),
    gyms: gymsRepo,
    reservations,
    notify: () => notify,
    cache,
    audit,
    clock,
  });
  const feeds = createCalendarFeeds(db);
  const calendars = createCalendarsService({
    feeds,
    schedule,
    events,
    reservations,
    gyms: gymsRepo,
    clock,
  });
  contributors.push(
    gyms.userData(),
    schedule.userData(),
    events.userData(),
    reservations.userData(),
    notifications.userData(),
    calendars.userData(),
    {
      name: 'audit_logs',
      export: async (userId, tx) =>
        (await auditRepo.byUser(userId, tx)).map((r) => ({
          action: r.action,
          gym_id: r.gymId,
          target_type: r.targetType,
          target_id: r.targetId,
          ip: r.ip,
          created_at: r.createdAt.toISOString(),
        })),
    },
  );

  // Personal running data; `running.readModel` is what the race and training modules read.
  const keyring = createKeyring(config.encryptionKey, config.previousEncryptionKeys);
  // Its worker threads start on the first import; `close()` stops them.
  const tracks = createTrackAnalyser(config.imports);
  const running = createRunningService({ db, repo: createRunningRepo(db, keyring), cache, clock, tracks });
  contributors.push(running.userData());
  // Race prediction and training plans read the athlete only through the running read model.
  const race = createRaceService({ running: running.readModel, clock });
  const training = createTrainingService({
    db,
    repo: createTrainingRepo(db),
    running: running.readModel,
    race,
    cache,
    clock,
  });
  contributors.push(training.userData());
  const trainingFeed = createPlanFeedService({ feeds, training, clock });

  return {
    accounts,
    gyms,
    reservations,
    schedule,
    notifications,
    events,
    calendars,
    running,
    race,
    training,
    trainingFeed,
    principals,
    tokens,
    audit,
    mailer,
    repos: { accounts: accountsRepo, gyms: gymsRepo, audit: auditRepo },
    /** Stops what the services started outside the database and cache (the import worker threads). */
    close: async () => {
      await Promise.all([tracks.close(), passwords.close()]);
    },
    /** The clock every service was given: code outside the services (the demo seeder) reads time here. */
    clock,
  };
}
export type Services = ReturnType<typeof buildServices>;
