import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { useAuth } from '../app/auth';
import { ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '../components/ui/dialog';
import { LANGS } from '../i18n';

export const Route = createFileRoute('/profile')({ component: Profile });

/** Saves a JSON document as a file, without ever putting it in storage. */
function download(name: string, data: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  URL.revokeObjectURL(url);
}

/** A calendar app opens webcal: links itself; the https URL stays copyable. */
const webcal = (url: string) => url.replace(/^https?:/, 'webcal:');

function Feed({ label, create }: { label: string; create: () => Promise<{ url: string }> }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  return (
    <li className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{label}</span>
        {url ? (
          <a className="text-teal-800 underline" href={webcal(url)}>
            {t('profile.subscribe')}
          </a>
        ) : (
          <Button
            variant="secondary"
            onClick={() =>
              void create()
                .then((f) => setUrl(f.url))
                .catch(setError)
            }
          >
            {t('profile.feedCreate')}
          </Button>
        )}
      </div>
      {url ? (
        <input readOnly aria-label={label} value={url} className="w-full rounded border px-2 py-1 text-sm" />
      ) : null}
      <ProblemMessage error={error} />
    </li>
  );
}

function Profile() {
  const { t, i18n } = useTranslation();
  const auth = useAuth();
  const [error, setError] = useState<unknown>(null);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('profile.title')}</h1>
      <ProblemMessage error={error} />
      <Card>
        <CardTitle>{auth.me?.name}</CardTitle>
        <p className="text-sm text-slate-700">{auth.me?.email}</p>
        <fieldset className="mt-4">
          <legend className="text-sm font-medium">{t('profile.language')}</legend>
          <div className="mt-2 flex gap-4">
            {LANGS.map((l) => (
              <label key={l} className="flex items-center gap-2">
                <input
                  type="radio"
                  name="language"
                  value={l}
                  checked={i18n.language === l}
                  onChange={() => void auth.changeLanguage(l).catch(setError)}
                />
                {t(`lang.${l}`)}
              </label>
            ))}
          </div>
        </fieldset>
      </Card>
      <Card>
        <CardTitle>{t('profile.feeds')}</CardTitle>
        <p className="mb-3 text-sm text-slate-700">{t('profile.feedsHelp')}</p>
        <ul className="space-y-3">
          <Feed
            label={t('profile.feedBookings')}
            create={() => unwrap(api.POST('/api/v1/users/me/calendar-feed'))}
          />
          <Feed label={t('profile.feedPlan')} create={() => unwrap(api.POST('/api/v1/training/plan-feed'))} />
        </ul>
      </Card>
      <Card>
        <CardTitle>{t('profile.export')}</CardTitle>
        <p className="mb-3 text-sm text-slate-700">{t('profile.exportHelp')}</p>
        <Button
          variant="secondary"
          onClick={() =>
            void unwrap(api.GET('/api/v1/users/me/export'))
              .then((d) => download('pulso-export.json', d))
              .catch(setError)
          }
        >
          {t('profile.export')}
        </Button>
      </Card>
      <Card>
        <CardTitle>{t('profile.erase')}</CardTitle>
        <p className="mb-3 text-sm text-slate-700">{t('profile.eraseHelp')}</p>
        <Dialog>
          <DialogTrigger asChild>
            <Button variant="danger">{t('profile.erase')}</Button>
          </DialogTrigger>
          <DialogContent title={t('profile.erase')} description={t('profile.eraseHelp')}>
            <div className="flex justify-end gap-2">
              <DialogClose asChild>
                <Button variant="secondary">{t('profile.cancel')}</Button>
              </DialogClose>
              <Button
                variant="danger"
                onClick={() =>
                  void unwrap(api.DELETE('/api/v1/users/me'))
                    .then(() => auth.signOut())
                    .catch(setError)
                }
              >
                {t('profile.eraseButton')}
              </Button>
            </div>
          </DialogContent>
        </Dialog>
      </Card>
    </div>
  );
}
