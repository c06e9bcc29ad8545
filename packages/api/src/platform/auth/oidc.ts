import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import { AppError, unauthorized } from '../errors.js';
import { platformMessages as pm } from '../messages.js';

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

/** The provider (discovery or JWKS) could not be reached or answered nonsense: not the token's fault. */
class ProviderUnreachable extends Error {}

type KeyResolver = ReturnType<typeof createRemoteJWKSet>;

/**
 * Bearer tokens issued by an external OpenID Connect provider (the gym seed uses Auth0), verified against the
 * provider's JWKS. The JWKS location comes from OIDC_JWKS_URI or the provider's discovery document.
 */
export function createOidcVerifier(s: OidcSettings, clock: () => number = Date.now): OidcVerifier {
  let jwks: Promise<KeyResolver> | undefined;
  const issuerNoSlash = s.issuer.replace(/\/$/, '');
  const resolveJwks = async (): Promise<KeyResolver> => {
    let uri = s.jwksUri;
    if (!uri) {
      const res = await fetch(`${issuerNoSlash}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`OIDC discovery answered ${res.status}`);
      uri = ((await res.json()) as { jwks_uri?: string }).jwks_uri;
      if (!uri) throw new Error('OIDC discovery document has no jwks_uri');
    }
    const remote = createRemoteJWKSet(new URL(uri), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    // Key lookup fails for two reasons: the token names no published key (JWKSNoMatchingKey & co., the
    // token's fault) or the JWKS could not be fetched (timeout, network TypeError, non-200 → generic
    // JOSEError), which is an outage.
    return (async (header, token) => {
      try {
        return await remote(header, token);
      } catch (err) {
        const tokenFault =
          err instanceof errors.JOSEError &&
          !(err instanceof errors.JWKSTimeout) &&
          err.code !== errors.JOSEError.code;
        throw tokenFault ? err : new ProviderUnreachable('JWKS fetch failed', { cause: err });
      }
    }) as KeyResolver;
  };
  const unreachable = () =>
    new AppError('unavailable', pm.msg('auth.idp_unavailable'), {
      retryAfter: 5,
    });
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
      let keys: KeyResolver;
      try {
        jwks ??= resolveJwks();
        keys = await jwks;
      } catch {
        // Forget a failed discovery so that the next request tries again (a cached rejected promise kept
        // every provider token failing until restart); a provider outage is a 503, not a bad token.
        jwks = undefined;
        throw unreachable();
      }
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: [s.issuer, issuerNoSlash, `${issuerNoSlash}/`],
          audience: s.audience,
          algorithms: ['RS256', 'ES256', 'EdDSA', 'PS256'],
          // The app's clock, as for our own tokens: expiry is judged at the same instant as everything else.
          currentDate: new Date(clock()),
        });
        if (typeof payload.sub !== 'string' || !payload.sub) throw new Error('no sub');
        return payload as JWTPayload & { sub: string };
      } catch (err) {
        if (err instanceof ProviderUnreachable) throw unreachable();
        throw unauthorized(pm.msg('auth.idp_token_invalid'));
      }
    },
  };
}
