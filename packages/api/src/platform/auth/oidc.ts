import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { unauthorized } from '../errors.js';

export interface OidcSettings {
  issuer: string;
  audience: string;
  jwksUri: string | undefined;
}

export interface OidcVerifier {
  /** True when the token claims to come from the configured provider (not yet verified). */
  claims(token: string): boolean;
  verify(token: string): Promise<JWTPayload & { sub: string }>;
}

/**
 * Bearer tokens issued by an external OpenID Connect provider (the gym seed uses Auth0), verified against the
 * provider's JWKS. The JWKS location comes from OIDC_JWKS_URI or the provider's discovery document.
 */
export function createOidcVerifier(s: OidcSettings): OidcVerifier {
  let jwks: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const issuerNoSlash = s.issuer.replace(/\/$/, '');
  const resolveJwks = async () => {
    let uri = s.jwksUri;
    if (!uri) {
      const res = await fetch(`${issuerNoSlash}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`OIDC discovery answered ${res.status}`);
      uri = ((await res.json()) as { jwks_uri?: string }).jwks_uri;
      if (!uri) throw new Error('OIDC discovery document has no jwks_uri');
    }
    return createRemoteJWKSet(new URL(uri), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  };
  return {
    claims(token) {
      try {
        const iss = decodeJwt(token).iss;
        return typeof iss === 'string' && iss.replace(/\/$/, '') === issuerNoSlash;
      } catch {
        return false;
      }
    },
    async verify(token) {
      try {
        jwks ??= resolveJwks();
        const { payload } = await jwtVerify(token, await jwks, {
          issuer: [s.issuer, issuerNoSlash, `${issuerNoSlash}/`],
          audience: s.audience,
          algorithms: ['RS256', 'ES256', 'EdDSA', 'PS256'],
        });
        if (typeof payload.sub !== 'string' || !payload.sub) throw new Error('no sub');
        return payload as JWTPayload & { sub: string };
      } catch (err) {
        if ((err as Error).message.startsWith('OIDC discovery')) jwks = undefined;
        throw unauthorized('Invalid identity-provider token');
      }
    },
  };
}
