import type { AuthProviders } from '@pulso/contracts';
import type { JWTPayload } from 'jose';
import { AppError, unauthorized } from '../../platform/errors.js';
import { platformMessages as pm } from '../../platform/messages.js';
import type { OidcVerifier } from '../../platform/auth/oidc.js';

export interface OidcLoginSettings {
  issuer: string;
  audience: string;
  clientId: string;
  clientSecret: string | undefined;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

/**
 * The web app's sign-in with the OpenID Connect provider (authorization code + PKCE). The browser's CSP allows
 * only this origin, so the code is exchanged here, at the provider's token endpoint; the access token it
 * answers is then checked exactly as a bearer token of that provider would be (issuer, audience, JWKS), and the
 * person gets a Pulso session like after a password sign-in.
 */
export function createOidcLogin(s: OidcLoginSettings, verifier: OidcVerifier) {
  const base = s.issuer.replace(/\/$/, '');
  let discovery: Promise<Discovery> | undefined;
  const unavailable = () => new AppError('unavailable', pm.msg('auth.idp_unavailable'), { retryAfter: 5 });

  const discover = async (): Promise<Discovery> => {
    try {
      discovery ??= (async () => {
        const res = await fetch(`${base}/.well-known/openid-configuration`, {
          signal: AbortSignal.timeout(5000),
        });
        if (!res.ok) throw new Error(`discovery answered ${res.status}`);
        const d = (await res.json()) as Partial<Discovery>;
        if (typeof d.authorization_endpoint !== 'string' || typeof d.token_endpoint !== 'string')
          throw new Error('discovery without authorization or token endpoint');
        return { authorization_endpoint: d.authorization_endpoint, token_endpoint: d.token_endpoint };
      })();
      return await discovery;
    } catch {
      // Not cached: the next sign-in asks the provider again.
      discovery = undefined;
      throw unavailable();
    }
  };

  return {
    async providers(): Promise<AuthProviders['oidc']> {
      const d = await discover();
      return {
        issuer: s.issuer,
        authorization_endpoint: d.authorization_endpoint,
        client_id: s.clientId,
        scope: 'openid profile email',
        audience: s.audience,
      };
    },
    /** The provider's verified claims for an authorization code, or 401 when the provider refuses it. */
    async exchange(
      code: string,
      codeVerifier: string,
      redirectUri: string,
    ): Promise<JWTPayload & { sub: string }> {
      const d = await discover();
      const form = new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        code_verifier: codeVerifier,
        redirect_uri: redirectUri,
        client_id: s.clientId,
        ...(s.clientSecret ? { client_secret: s.clientSecret } : {}),
      });
      let res: Response;
      try {
        res = await fetch(d.token_endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form,
          signal: AbortSignal.timeout(10_000),
        });
      } catch {
        throw unavailable();
      }
      if (res.status >= 500) throw unavailable();
      // A 4xx is the code's fault (expired, used, another redirect URI or verifier): a sign-in to start again.
      const body = (await res.json().catch(() => ({}))) as { access_token?: unknown };
      if (!res.ok || typeof body.access_token !== 'string')
        throw unauthorized(pm.msg('auth.idp_token_invalid'));
      return verifier.verify(body.access_token);
    },
  };
}
export type OidcLogin = ReturnType<typeof createOidcLogin>;
