import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import '../i18n/oidc';
import {
  authorizeUrl,
  CALLBACK_PATH,
  challengeOf,
  PENDING_KEY,
  providerLabel,
  randomToken,
} from '../lib/oidc';
import { ProblemMessage } from './problem';
import { Button } from './ui/button';

/**
 * "Sign in with <provider>" when the server has an OpenID Connect provider for the web app
 * (`GET /auth/providers`); nothing otherwise, nor while it is unknown.
 */
export function OidcSignIn() {
  const { t, i18n } = useTranslation('oidc');
  const [error, setError] = useState<unknown>(null);
  const providers = useQuery({
    queryKey: ['auth-providers'],
    queryFn: () => unwrap(api.GET('/api/v1/auth/providers')),
    staleTime: 10 * 60_000,
  });
  const p = providers.data?.oidc;
  if (!p) return null;
  const start = async () => {
    try {
      const verifier = randomToken();
      const state = randomToken();
      // Only the one-use PKCE verifier and the state wait here (for this tab, until the provider answers):
      // no token. The callback page deletes them.
      sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
      const url = authorizeUrl(p, {
        state,
        challenge: await challengeOf(verifier),
        redirectUri: location.origin + CALLBACK_PATH,
        lang: i18n.language,
      });
      location.assign(url);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="mt-4 space-y-3" data-testid="oidc">
      <p className="text-center text-sm text-slate-700">{t('or')}</p>
      <ProblemMessage error={error} />
      <Button variant="secondary" className="w-full" onClick={() => void start()}>
        {t('button', { provider: providerLabel(p) })}
      </Button>
    </div>
  );
}
