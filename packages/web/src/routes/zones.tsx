import { useQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { qk } from '../app/query';
import { GuideLink } from '../components/guide-link';
import { ProblemMessage } from '../components/problem';
import { Card, CardTitle } from '../components/ui/card';
import { ATHLETE } from '../i18n/athlete';

export const Route = createFileRoute('/zones')({ component: Zones });

/** Zone colours from cool to hot; text stays slate-900 on all of them for contrast. */
const ZONE_BG = ['bg-sky-100', 'bg-emerald-100', 'bg-yellow-100', 'bg-orange-100', 'bg-red-100'];

function Zones() {
  const { t } = useTranslation(ATHLETE);
  const q = useQuery({
    queryKey: qk('intensity-zones'),
    queryFn: () => unwrap(api.GET('/api/v1/training/intensity-zones')),
  });
  const z = q.data;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('zones_title')}</h1>
      <ProblemMessage error={q.error} />
      {z ? (
        <>
          <Card>
            <CardTitle>{t('how_derived')}</CardTitle>
            <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="zones-derivation">
              <li>{t(`method.${z.method}`, { rest: z.resting_hr ?? '—' })}</li>
              <li>
                {t('max_hr', { hr: z.max_hr })} — {t(`max_hr_source.${z.max_hr_source}`)}
              </li>
              <li>
                {t(`pace_source.${z.pace_source}`, {
                  pace: z.threshold_pace ?? '—',
                  vdot: z.vdot != null ? z.vdot.toFixed(1) : '—',
                })}
              </li>
              {z.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
            <p className="mt-3 flex flex-wrap gap-4">
              <Link to="/profile" className="text-sm text-teal-800 underline">
                {t('edit_profile')}
              </Link>
              <GuideLink topic="zones" />
            </p>
          </Card>
          <h2 className="text-xl font-semibold">{t('hr_zones')}</h2>
          <ol className="space-y-2" data-testid="zones">
            {z.zones.map((zone, i) => (
              <li key={zone.zone}>
                <Card className={ZONE_BG[i] ?? ''}>
                  <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
                    <h3 className="font-semibold">
                      {t('zone')} {zone.zone} · {zone.name}
                    </h3>
                    <span className="text-lg font-semibold" aria-label={t('heart_rate')}>
                      {zone.hr_range}
                    </span>
                    {zone.pace_range ? (
                      <span className="text-lg" aria-label={t('pace')}>
                        {zone.pace_range}
                      </span>
                    ) : null}
                  </div>
                  <p className="mt-1 text-sm">{zone.description}</p>
                  <dl className="mt-1 grid gap-x-3 text-sm sm:grid-cols-[auto_1fr]">
                    <dt className="font-medium">{t('use')}</dt>
                    <dd>{zone.use}</dd>
                    <dt className="font-medium">{t('feeling')}</dt>
                    <dd>{zone.feeling}</dd>
                    <dt className="font-medium">{t('cadence')}</dt>
                    <dd>{zone.rpm}</dd>
                  </dl>
                </Card>
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p aria-busy>…</p>
      )}
    </div>
  );
}
