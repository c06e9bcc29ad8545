import type { Metric } from 'prom-client';
import type { Role } from '@pulso/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../config.js';
import type { Audit, AuditRepo } from './audit/repo.js';
import type { Principals } from './auth/principal.js';
import type { TokenService } from './auth/tokens.js';
import type { Cache } from './cache/index.js';
import type { CalendarFeeds } from './calendar/feeds.js';
import type { Keyring } from './crypto/keyring.js';
import type { Database, Db, Executor } from './db/index.js';
import type { Mailer } from './mail.js';
import type { NotificationKinds, Notify } from './notify.js';
import type { UserDataContributor } from './user-data.js';

/**
 * The services of every module, by module name. Each module adds its own entry from its `index.ts`:
 *
 *     declare module '../../platform/module.js' {
 *       interface ModuleServices { running: RunningService }
 *     }
 *
 * so `ctx.use('running')` and `app.services.running` are typed without the platform importing the module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModuleServices {}
export type ModuleName = keyof ModuleServices;

export interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * Changes to a gym that other modules must follow in the same transaction (the schedule re-times its sessions
 * when the gym's time zone changes; bookings go when a member leaves) or after it (retire cached pages). The
 * gyms module calls them; any module subscribes from its `build`.
 */
export interface GymHooks {
  timezoneChanged: ((gymId: number, timezone: string, tx: Executor) => Promise<void>)[];
  memberRemoved: ((gymId: number, userId: number, tx: Executor) => Promise<void>)[];
  afterMemberRemoved: ((gymId: number) => Promise<void>)[];
}

/** What the platform gives every module: storage, cache, clock, identity, audit, mail, encryption. */
export interface Kernel {
  config: Readonly<Config>;
  database: Database;
  db: Db;
  cache: Cache;
  /** The injected clock: modules never read the wall clock themselves. */
  clock: () => number;
  log: Log;
  mailer: Mailer;
  audit: Audit;
  auditRepo: AuditRepo;
  principals: Principals;
  tokens: TokenService;
  keyring: Keyring;
  /** Secret-token calendar feeds (`.ics`), shared by the modules that publish a calendar. */
  feeds: CalendarFeeds;
  gymHooks: GymHooks;
  /** Every module's notification kinds (their entries' `notifications`), for the notifications module. */
  notificationKinds: ReadonlyMap<string, NotificationKinds[string]>;
  /** Tells people things; the notifications module stores them (`platform/notify.ts`). */
  notify: Notify;
}

export interface ModuleContext extends Kernel {
  /**
   * The services of a module listed earlier in `MODULES` (src/modules/index.ts). Asking for one listed later
   * fails at start-up, so the order of the array is the order of dependency.
   */
  use<K extends ModuleName>(name: K): ModuleServices[K];
}

/** The people of the demo gym, created by the platform before any module adds its demo data. */
export interface DemoContext {
  gymId: number;
  /** The gym's owner: the actor of whatever the demo creates in the gym. */
  ownerId: number;
  trainerId: number;
  /** The members' ids; the first one is also the demo athlete. */
  memberIds: number[];
  people: { id: number; email: string; name: string; role: Role }[];
  /** The services' clock at the time of seeding: every demo date derives from it. */
  now: number;
}

/**
 * One module: everything the composition root needs to know about it. A new module writes its folder and adds
 * its entry to `MODULES`; nothing else outside the folder changes (ARCHITECTURE.md, "Adding a module").
 */
export interface PulsoModule<K extends ModuleName = ModuleName> {
  name: K;
  /** Builds the module's services. Runs once per app (and once per command-line run). */
  build(ctx: ModuleContext): ModuleServices[K];
  /** Its HTTP routes, registered under `prefix` (default `/api/v1`). Every route states its `access`. */
  routes?(services: ModuleServices[K], ctx: Kernel): FastifyPluginAsync;
  prefix?: string;
  /** What the module keeps about a person: exported by `GET /users/me/export`, erased with the account. */
  userData?(services: ModuleServices[K]): UserDataContributor[];
  /** The kinds of notification the module sends, each with its texts (`platform/notify.ts`). */
  notifications?: NotificationKinds;
  /** Demo data for `npm start`'s first run (and `pulso demo`), in the gym the platform created. */
  demo?(services: ModuleServices[K], demo: DemoContext): Promise<void>;
  /** Its Prometheus series (prom-client metrics made per app), added to the app's registry for /metrics. */
  metrics?(services: ModuleServices[K]): Metric[];
  /** Stops what the module started outside the database and cache (worker threads). */
  close?(services: ModuleServices[K]): Promise<void>;
}

/** Identity function that checks a module entry against the kit's contract and keeps its name's type. */
export function defineModule<K extends ModuleName>(m: PulsoModule<K>): PulsoModule<K> {
  return m;
}
