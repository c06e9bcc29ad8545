/** The browser's half of the OpenID Connect sign-in (src/lib/oidc.ts): PKCE, the authorization URL, the return. */
import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  challengeOf,
  parsePending,
  providerLabel,
  randomToken,
  readCallback,
} from '../src/lib/oidc';

const provider = {
  issuer: 'https://login.example.com/',
  authorization_endpoint: 'https://login.example.com/authorize?tenant=gym',
  client_id: 'pulso-web',
  scope: 'openid profile email',
  audience: 'pulso-api',
};

describe('PKCE', () => {
  it('computes the S256 challenge of RFC 7636 Appendix B', async () => {
    // RFC 7636, Appendix B: this verifier's challenge is E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM.
    expect(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
  it('makes 43-character base64url verifiers from 32 random bytes', () => {
    const v = randomToken((a) => a.fill(255));
    expect(v).toHaveLength(43);
    expect(v).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(v).toBe('_'.repeat(42) + '8');
    expect(randomToken()).not.toBe(randomToken());
  });
});

describe('authorizeUrl', () => {
  it('asks for a code with the S256 challenge, the state, the API audience, keeping the endpoint query', () => {
    const u = new URL(
      authorizeUrl(provider, {
        state: 'st',
        challenge: 'ch',
        redirectUri: 'https://app.example/sign-in/callback',
        lang: 'es',
      }),
    );
    expect(u.origin + u.pathname).toBe('https://login.example.com/authorize');
    expect(Object.fromEntries(u.searchParams)).toEqual({
      tenant: 'gym',
      response_type: 'code',
      client_id: 'pulso-web',
      redirect_uri: 'https://app.example/sign-in/callback',
      scope: 'openid profile email',
      audience: 'pulso-api',
      state: 'st',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
      ui_locales: 'es',
    });
  });
  it("labels the button with the provider's host", () => {
    expect(providerLabel(provider)).toBe('login.example.com');
    expect(providerLabel({ issuer: 'not a url' })).toBe('not a url');
  });
});

describe('readCallback', () => {
  const pending = { verifier: 'v'.repeat(43), state: 's1' };
  it('gives the code and the verifier when the state is the one this tab started', () => {
    expect(readCallback('?code=abc&state=s1', pending)).toEqual({
      ok: true,
      code: 'abc',
      verifier: pending.verifier,
    });
  });
  it("refuses another state, or none saved (login CSRF), and reports the provider's error", () => {
    expect(readCallback('?code=abc&state=other', pending)).toEqual({ ok: false, reason: 'state' });
    expect(readCallback('?code=abc&state=s1', null)).toEqual({ ok: false, reason: 'state' });
    expect(readCallback('?state=s1', pending)).toEqual({ ok: false, reason: 'missing' });
    expect(readCallback('?error=access_denied&state=s1', pending)).toEqual({
      ok: false,
      reason: 'provider',
      error: 'access_denied',
    });
  });
  it('reads what was saved before the redirect, and nothing from garbage', () => {
    expect(parsePending(JSON.stringify(pending))).toEqual(pending);
    expect(parsePending('{"verifier":1}')).toBeNull();
    expect(parsePending('not json')).toBeNull();
    expect(parsePending(null)).toBeNull();
  });
});
