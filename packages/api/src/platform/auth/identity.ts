import type { JWTPayload } from 'jose';
import type { Cache } from '../cache/index.js';
import type { Identity } from './access.js';
import type { OidcVerifier } from './oidc.js';
import type { TokenService } from './tokens.js';

export interface ExternalUsers {
  /** The local user for an identity-provider subject, created on first sight. */
  resolve(subject: string, claims: JWTPayload): Promise<number>;
}

export function createIdentity(
  tokens: TokenService,
  cache: Cache,
  oidc?: { verifier: OidcVerifier; users: ExternalUsers; issuer: string },
): Identity {
  return {
    async userIdFor(token) {
      if (oidc?.verifier.claims(token)) {
        const claims = await oidc.verifier.verify(token);
        const subject = `${oidc.issuer}|${claims.sub}`;
        const key = `oidc-subject:${subject}`;
        const cached = await cache.get<number>(key);
        if (cached) return cached;
        const userId = await oidc.users.resolve(subject, claims);
        await cache.set(key, userId, 3600);
        return userId;
      }
      return tokens.verifyAccess(token);
    },
  };
}
