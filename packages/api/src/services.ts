import { pino } from 'pino';
import type { Config } from './config.js';
import { MODULES } from './modules/index.js';
import { createAuditRepo, type Audit } from './platform/audit/repo.js';
import { createPrincipals } from './platform/auth/principal.js';
import { createTokenService } from './platform/auth/tokens.js';
import type { Cache } from './platform/cache/index.js';
import { createCalendarFeeds } from './platform/calendar/feeds.js';
import { createKeyring } from './platform/crypto/keyring.js';
import { createLive } from './platform/live.js';
import type { Database } from './platform/db/index.js';
import { createPrincipalSource } from './platform/kernel/principal-source.js';
import { createMailer, type Mailer } from './platform/mail.js';
import type {
  DemoContext,
  Kernel,
  Log,
  ModuleContext,
  ModuleName,
  ModuleServices,
  PulsoModule,
} from './platform/module.js';
import type { NotificationRenderer } from './platform/notify.js';
import type { UserDataContributor } from './platform/user-data.js';

export interface CoreDeps {
  config: Readonly<Config>;
  database: Database;
  cache: Cache;
  clock?: () => number;
  /** Default: the transport of `config.mail`. */
  mailer?: Mailer;
  logger?: Log;
}

/**
 * The composition root of the use cases, shared by the HTTP app and the command line: the platform's kernel,
 * then every module of `MODULES` in order, each given the kernel and the modules before it.
 */
export function buildServices({ config, database, cache, clock = Date.now, ...deps }: CoreDeps) {
  const db = database.db;
  const log = deps.logger ?? pino({ level: config.logLevel });
  const auditRepo = createAuditRepo(db);
  const audit: Audit = (e, tx) => auditRepo.insert(e, tx);
  // Each entry's functions take its own services; the array's union type cannot say which, so one cast here.
  const modules = MODULES as readonly PulsoModule<ModuleName>[];
  const notificationKinds = new Map<string, NotificationRenderer>();
  for (const m of modules)
    for (const [kind, render] of Object.entries(m.notifications ?? {})) {
      if (notificationKinds.has(kind)) throw new Error(`notification kind "${kind}" is declared twice`);
      notificationKinds.set(kind, render);
    }
  const built: Partial<ModuleServices> = {};
  const kernel: Kernel = {
    config,
    database,
    db,
    cache,
    clock,
    log,
    mailer: deps.mailer ?? createMailer(config, log),
    audit,
    auditRepo,
    principals: createPrincipals(cache, createPrincipalSource(db)),
    tokens: createTokenService(config.jwtSecret, clock),
    keyring: createKeyring(config.encryptionKey, config.previousEncryptionKeys),
    feeds: createCalendarFeeds(db),
    gymHooks: { timezoneChanged: [], memberRemoved: [], afterMemberRemoved: [] },
    notificationKinds,
    // Bound late, so that any module may notify whatever its place in MODULES.
    notify: (entries, tx) => ctx.use('notifications').notify(entries, tx),
    live: createLive({ redis: cache.redis, prefix: cache.prefix, log }),
  };

  const ctx: ModuleContext = {
    ...kernel,
    use(name) {
      const s = built[name];
      if (!s)
        throw new Error(
          `module services "${name}" asked for before they are built: list it earlier in MODULES`,
        );
      return s;
    },
  };
  for (const m of modules) (built as Record<string, unknown>)[m.name] = m.build(ctx);
  const services = built as ModuleServices;

  // What the account routes export and erase, module by module, and the platform's own audit trail.
  const contributors: UserDataContributor[] = services.accounts.contributors;
  for (const m of modules) if (m.userData) contributors.push(...m.userData(services[m.name]));
  contributors.push({
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
  });

  return {
    ...services,
    ...kernel,
    modules,
    repos: { accounts: services.accounts.repo, gyms: services.gyms.repo, audit: auditRepo },
    /** Every module's demo data, in the demo gym the platform created (src/cli/demo.ts). */
    seedModules: async (demo: DemoContext) => {
      for (const m of modules) await m.demo?.(services[m.name], demo);
    },
    /** Stops what the modules started outside the database and cache (worker threads). */
    close: async () => {
      await Promise.all(modules.map(async (m) => m.close?.(services[m.name])));
      await kernel.live.close();
    },
  };
}
export type Services = ReturnType<typeof buildServices>;
