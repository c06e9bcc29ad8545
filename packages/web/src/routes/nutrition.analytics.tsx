import { useQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlignedData } from 'uplot';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { qk } from '../app/query';
import { UplotChart } from '../components/charts/uplot-chart';
import { barOptions } from '../components/nutrition-charts';
import { GuardianConsentCard } from '../components/nutrition-consent';
import { gymHeader } from '../components/nutrition';
import { ProblemMessage } from '../components/problem';
import { Card, CardTitle } from '../components/ui/card';

export const Route = createFileRoute('/nutrition/analytics')({ component: Analytics });

const BANDS = ['0-25', '25-50', '50-75', '75-100'] as const;
const LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

/**
 * Staff: followers per plan, adherence bands, screenings by level (counts only), AI use and live plans, and the
 * guardian's consent for members under 18.
 */
function Analytics() {
  const { t, i18n } = useTranslation('nutrition');
  const a = useQuery({
    queryKey: qk('nutrition-analytics'),
    queryFn: () => unwrap(api.GET('/api/v1/nutrition/analytics', { params: { header: gymHeader() } })),
  });
  const live = useQuery({
    queryKey: qk('nutrition-plans', 'live'),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/nutrition/plans', {
          params: { header: gymHeader(), query: { type: 'live', limit: 50 } as never },
        }),
      ),
  });
  const d = a.data;
  const top = useMemo(
    () => [...(d?.plans.followers ?? [])].sort((x, y) => y.followers - x.followers).slice(0, 8),
    [d],
  );
  const followersData = useMemo<AlignedData>(
    () => [top.map((_, i) => i), top.map((p) => p.followers)],
    [top],
  );
  const bandsData = useMemo<AlignedData>(
    () => [BANDS.map((_, i) => i), BANDS.map((b) => d?.adherence_distribution[b] ?? 0)],
    [d],
  );
  const usd = new Intl.NumberFormat(i18n.language, {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: 4,
  });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('analytics.title')}</h1>
      <ProblemMessage error={a.error ?? live.error} />
      {d ? (
        <>
          <Card>
            <p>{t('analytics.plans', { total: d.plans.total, today: d.plans.created_today })}</p>
            <p>{t('analytics.active', { n: d.active_users })}</p>
            <p>
              {t('analytics.ai', {
                today: d.ai.generations_today,
                month: d.ai.generations_month,
                cost_today: usd.format(d.ai.cost_today_usd),
                cost_month: usd.format(d.ai.cost_month_usd),
              })}
            </p>
          </Card>
          <div className="grid gap-4 md:grid-cols-2">
            <Card>
              <CardTitle>{t('analytics.followers_chart')}</CardTitle>
              {top.length ? (
                <UplotChart
                  label={t('analytics.followers_chart')}
                  data={followersData}
                  height={200}
                  options={barOptions(
                    top.map((p) => (p.name.length > 12 ? `${p.name.slice(0, 11)}…` : p.name)),
                    [{ label: t('followers_other', { count: 0 }).replace(/^0\s*/, ''), stroke: '#0f766e' }],
                  )}
                />
              ) : null}
              <ul className="mt-2 text-sm">
                {top.map((p) => (
                  <li key={p.plan_id}>
                    <Link
                      to="/nutrition/plans/$id"
                      params={{ id: String(p.plan_id) }}
                      className="text-teal-900 underline"
                    >
                      {p.name}
                    </Link>{' '}
                    · {t('followers', { count: p.followers })}
                  </li>
                ))}
              </ul>
            </Card>
            <Card>
              <CardTitle>{t('analytics.adherence_chart')}</CardTitle>
              <UplotChart
                label={t('analytics.adherence_chart')}
                data={bandsData}
                height={200}
                options={barOptions(
                  BANDS.map((b) => `${b} %`),
                  [{ label: t('followers_other', { count: 0 }).replace(/^0\s*/, ''), stroke: '#0369a1' }],
                )}
              />
            </Card>
          </div>
          <Card>
            <CardTitle>{t('analytics.screenings')}</CardTitle>
            <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
              {LEVELS.map((l) => (
                <div key={l} className="rounded bg-slate-50 p-2">
                  <dt className="text-sm text-slate-700">{t(`screening.level_name.${l}`)}</dt>
                  <dd className="text-xl font-semibold">{d.screenings_by_level[l] ?? 0}</dd>
                </div>
              ))}
            </dl>
          </Card>
        </>
      ) : null}
      <Card>
        <CardTitle>{t('analytics.live')}</CardTitle>
        {live.data?.length === 0 ? <p className="text-sm">{t('analytics.no_live')}</p> : null}
        <ul className="text-sm">
          {live.data?.map((p) => (
            <li key={p.id}>
              <Link
                to="/nutrition/plans/$id"
                params={{ id: String(p.id) }}
                className="text-teal-900 underline"
              >
                {p.name}
              </Link>{' '}
              · {p.live_status ? t(`live_status.${p.live_status}`) : ''} · {p.start_date ?? ''} ·{' '}
              {t('followers', { count: p.followers })}
            </li>
          ))}
        </ul>
      </Card>
      <GuardianConsentCard />
    </div>
  );
}
