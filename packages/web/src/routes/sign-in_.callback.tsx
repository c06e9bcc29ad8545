import { createFileRoute, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { useAuth } from '../app/auth';
import { ProblemMessage } from '../components/problem';
import { Card } from '../components/ui/card';
import { OIDC } from '../i18n/oidc';
import { CALLBACK_PATH, parsePending, PENDING_KEY, readCallback, type CallbackResult } from '../lib/oidc';

export const Route = createFileRoute('/sign-in_/callback')({ component: OidcCallback });

/** Where the provider sends the person back: the code is handed to the API, which opens the session. */
function OidcCallback() {
  const { t } = useTranslation(OIDC);
  const auth = useAuth();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<Extract<CallbackResult, { ok: false }> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const started = useRef(false);

  useEffect(() => {
    // Once: a code is good for one exchange (React may run effects twice in development).
    if (started.current) return;
    started.current = true;
    const result = readCallback(location.search, parsePending(sessionStorage.getItem(PENDING_KEY)));
    sessionStorage.removeItem(PENDING_KEY);
    if (!result.ok) return setFailure(result);
    void (async () => {
      try {
        const pair = await unwrap(
          api.POST('/api/v1/auth/oidc/callback', {
            body: {
              code: result.code,
              code_verifier: result.verifier,
              redirect_uri: location.origin + CALLBACK_PATH,
            },
            headers: { 'x-pulso-session': 'cookie' },
          }),
        );
        await auth.signInWithToken(pair.access_token);
        await navigate({ to: '/', replace: true });
      } catch (err) {
        setError(err);
      }
    })();
  }, [auth, navigate]);

  const failed = failure || error;
  return (
    <Card className="mx-auto max-w-md">
      <h1 className="mb-4 text-xl font-semibold">{failed ? t('back') : t('finishing')}</h1>
      {failure ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200">
          {failure.reason === 'provider' ? t('failed_provider', { error: failure.error }) : t('failed_state')}
        </p>
      ) : null}
      <ProblemMessage error={error} />
      {failed ? (
        <Link to="/sign-in" className="mt-4 inline-block text-teal-800 underline">
          {t('back')}
        </Link>
      ) : null}
    </Card>
  );
}
