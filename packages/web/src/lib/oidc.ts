/**
 * The browser's half of the OpenID Connect sign-in (authorization code with PKCE, RFC 7636): the verifier and
 * its S256 challenge, the provider's authorization URL, and the checks on the way back. The code itself is
 * exchanged by the API (`POST /auth/oidc/callback`): the app's CSP lets it talk only to its own origin.
 */

export interface OidcProvider {
  issuer: string;
  authorization_endpoint: string;
  client_id: string;
  scope: string;
  audience: string;
}

/** What waits in sessionStorage across the provider's redirect: the one-use verifier and the state. */
export interface PendingSignIn {
  verifier: string;
  state: string;
}

export const PENDING_KEY = 'pulso.oidc.pending';
export const CALLBACK_PATH = '/sign-in/callback';

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** 32 random bytes, base64url: a 43-character verifier (RFC 7636 §4.1), also used as the state. */
export function randomToken(
  random: (a: Uint8Array) => Uint8Array = (a) => crypto.getRandomValues(a),
): string {
  return b64url(random(new Uint8Array(32)));
}

/** S256: BASE64URL(SHA-256(verifier)) (RFC 7636 §4.2). */
export async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return b64url(new Uint8Array(digest));
}

/** The provider's authorization URL for this app. `audience` asks for an access token for the API (Auth0). */
export function authorizeUrl(
  p: OidcProvider,
  o: { state: string; challenge: string; redirectUri: string; lang: string },
): string {
  const u = new URL(p.authorization_endpoint);
  u.searchParams.set('response_type', 'code');
  u.searchParams.set('client_id', p.client_id);
  u.searchParams.set('redirect_uri', o.redirectUri);
  u.searchParams.set('scope', p.scope);
  u.searchParams.set('audience', p.audience);
  u.searchParams.set('state', o.state);
  u.searchParams.set('code_challenge', o.challenge);
  u.searchParams.set('code_challenge_method', 'S256');
  u.searchParams.set('ui_locales', o.lang);
  return u.toString();
}

export type CallbackResult =
  | { ok: true; code: string; verifier: string }
  /** `provider`: the provider said no (its `error`); `state`: not the sign-in this browser started. */
  | { ok: false; reason: 'provider' | 'state' | 'missing'; error?: string };

/** Checks the provider's answer against the sign-in this browser started (the state defeats login CSRF). */
export function readCallback(search: string, pending: PendingSignIn | null): CallbackResult {
  const q = new URLSearchParams(search);
  const error = q.get('error');
  if (error) return { ok: false, reason: 'provider', error };
  const code = q.get('code');
  const state = q.get('state');
  if (!code || !state) return { ok: false, reason: 'missing' };
  if (!pending || pending.state !== state) return { ok: false, reason: 'state' };
  return { ok: true, code, verifier: pending.verifier };
}

export function parsePending(raw: string | null): PendingSignIn | null {
  if (!raw) return null;
  try {
    const p = JSON.parse(raw) as Partial<PendingSignIn>;
    return typeof p.verifier === 'string' && typeof p.state === 'string'
      ? { verifier: p.verifier, state: p.state }
      : null;
  } catch {
    return null;
  }
}

/** The provider's name for the button: its host (the issuer URL names nothing friendlier). */
export const providerLabel = (p: Pick<OidcProvider, 'issuer'>) => {
  try {
    return new URL(p.issuer).host;
  } catch {
    return p.issuer;
  }
};
