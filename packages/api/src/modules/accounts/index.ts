import { defineModule } from '../../platform/module.js';
import { createPasswordChecker } from '../../platform/auth/password-pool.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import { createOidcVerifier } from '../../platform/auth/oidc.js';
import { createOidcLogin, type OidcLogin } from './oidc-login.js';
import { createAccountsRepo, type AccountsRepo } from './repo.js';
import { accountsRoutes } from './routes.js';
import { createAccountsService, type AccountsService } from './service.js';

export type AccountsModule = AccountsService & {
  repo: AccountsRepo;
  /** Every module's personal-data hooks, filled by the composition root once all modules are built. */
  contributors: UserDataContributor[];
  /** The web app's sign-in with the OpenID Connect provider; only with OIDC_ISSUER and OIDC_CLIENT_ID. */
  oidcLogin: { issuer: string; login: OidcLogin } | undefined;
  close(): Promise<void>;
};

declare module '../../platform/module.js' {
  interface ModuleServices {
    accounts: AccountsModule;
  }
}

/** Accounts: registration, sign-in, tokens, profile, password and e-mail flows, export and erasure. */
export const accountsModule = defineModule({
  name: 'accounts',
  build(ctx) {
    const repo = createAccountsRepo(ctx.db);
    const contributors: UserDataContributor[] = [];
    // As many threads as the import pool. A check is small (a password, tens of ms), so a burst of sign-ups may
    // wait in a deep queue rather than be refused; its threads start on the first password checked.
    const passwords = createPasswordChecker({ threads: ctx.config.imports.threads, maxQueue: 1024 });
    const service = createAccountsService({
      db: ctx.db,
      repo,
      tokens: ctx.tokens,
      cache: ctx.cache,
      principals: ctx.principals,
      audit: ctx.audit,
      contributors: () => contributors,
      clock: ctx.clock,
      mailer: ctx.mailer,
      passwords,
      publicUrl: ctx.config.mail.publicUrl,
      log: ctx.log,
    });
    const o = ctx.config.oidc;
    const oidcLogin =
      o?.clientId !== undefined
        ? {
            issuer: o.issuer,
            login: createOidcLogin(
              { issuer: o.issuer, audience: o.audience, clientId: o.clientId, clientSecret: o.clientSecret },
              createOidcVerifier(o, ctx.clock),
            ),
          }
        : undefined;
    return Object.assign(service, { repo, contributors, oidcLogin, close: () => passwords.close() });
  },
  routes: (s, ctx) => accountsRoutes(s, ctx.config.rateLimit, s.oidcLogin),
  close: (s) => s.close(),
});
