import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import { qk } from '../app/query';
import type { AlignedData } from 'uplot';
import { UplotChart } from '../components/charts/uplot-chart';
import { GuideLink } from '../components/guide-link';
import { EmptyState, ProblemMessage } from '../components/problem';
import { Card, CardTitle } from '../components/ui/card';
import { loadChartData } from '../lib/shape';

/** A 404 "no plan yet" is an empty state, not an error. */
const orNull = <T,>(p: Promise<T>) =>
  p.catch((e: unknown) => {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  });

const today = () => new Date().toISOString().slice(0, 10);

function Effect({ effect }: { effect: number }) {
  const sign = effect > 0.05 ? '▲' : effect < -0.05 ? '▼' : '•';
  const color = effect > 0.05 ? 'text-emerald-800' : effect < -0.05 ? 'text-red-800' : 'text-slate-700';
  return (
    <span aria-hidden className={color}>
      {sign}
    </span>
  );
}

function Readiness() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: qk('readiness'), queryFn: () => unwrap(api.GET('/api/v1/hrv/readiness')) });
  if (q.error) return <ProblemMessage error={q.error} />;
  const r = q.data;
  return (
    <Card aria-busy={q.isPending}>
      <CardTitle>{t('dashboard.readiness')}</CardTitle>
      {r ? (
        <>
          <p className="text-4xl font-bold text-teal-900" data-testid="readiness-score">
            {r.score ?? '—'}
          </p>
          <p className="mt-1 text-slate-800">{r.recommendation.text}</p>
          {r.factors.length ? (
            <>
              <h3 className="mt-3 text-sm font-semibold">{t('dashboard.factors')}</h3>
              <ul className="mt-1 space-y-1 text-sm">
                {r.factors.map((f) => (
                  <li key={f.code} className="flex gap-2">
                    <Effect effect={f.effect} />
                    <span>{f.message}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
      <p className="mt-2">
        <GuideLink topic="readiness" />
      </p>
    </Card>
  );
}

function HrvBand() {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: qk('hrv-baseline'),
    queryFn: () => unwrap(api.GET('/api/v1/hrv/baseline')),
  });
  if (q.error) return <ProblemMessage error={q.error} />;
  const b = q.data;
  if (!b) return <Card aria-busy>{t('dashboard.hrv')}</Card>;
  const range = b.normal_range;
  const value = b.rolling_mean_7d;
  // ln rMSSD shown as ms (e^x), the unit people read on their watch.
  const ms = (x: number) => Math.round(Math.exp(x));
  let pos: number | null = null;
  if (range && value != null) {
    const lo = range.low - (range.high - range.low);
    const hi = range.high + (range.high - range.low);
    pos = Math.max(0, Math.min(1, (value - lo) / (hi - lo)));
  }
  return (
    <Card>
      <CardTitle>{t('dashboard.hrv')}</CardTitle>
      {range && value != null && pos != null ? (
        <>
          <p className="text-2xl font-semibold">{ms(value)} ms</p>
          <div className="relative mt-2 h-4 rounded bg-slate-200" aria-hidden>
            <div className="absolute inset-y-0 left-1/3 w-1/3 rounded bg-emerald-300" />
            <div className="absolute -top-1 h-6 w-1 rounded bg-slate-900" style={{ left: `${pos * 100}%` }} />
          </div>
          <p className="mt-1 text-sm text-slate-700">
            {t('dashboard.baselineBand', { low: ms(range.low), high: ms(range.high) })}
          </p>
        </>
      ) : (
        <EmptyState>
          {t('empty.hrv')}{' '}
          <Link to="/check-in" className="text-teal-800 underline">
            {t('nav.checkin')}
          </Link>
        </EmptyState>
      )}
      <p className="mt-2 text-sm text-slate-800">{b.interpretation}</p>
      <p className="mt-2">
        <GuideLink topic="readiness" />
      </p>
    </Card>
  );
}

function LoadChart() {
  const { t } = useTranslation();
  const history = useQuery({
    queryKey: qk('overtraining-history', 16),
    queryFn: () => unwrap(api.GET('/api/v1/overtraining/history', { params: { query: { weeks: 16 } } })),
  });
  const plan = useQuery({
    queryKey: qk('plan'),
    queryFn: () => orNull(unwrap(api.GET('/api/v1/training/plan'))),
  });
  const data = useMemo(
    () => (history.data ? loadChartData(history.data.weeks, plan.data?.weeks ?? [], today()) : null),
    [history.data, plan.data],
  );
  if (history.error) return <ProblemMessage error={history.error} />;
  return (
    <Card className="md:col-span-2">
      <CardTitle>{t('dashboard.load')}</CardTitle>
      {data && data[0].length > 1 ? (
        <UplotChart
          label={t('dashboard.load')}
          data={data as unknown as AlignedData}
          options={{
            scales: { x: { time: true }, km: { auto: true } },
            axes: [{}, { label: 'TSS' }, { side: 1, scale: 'km', label: 'km', grid: { show: false } }],
            series: [
              {},
              { label: t('dashboard.fitness'), stroke: '#0f766e', width: 2 },
              { label: t('dashboard.fatigue'), stroke: '#b91c1c', width: 2 },
              { label: t('dashboard.form'), stroke: '#1d4ed8', width: 2, dash: [4, 4] },
              { label: t('dashboard.planned'), stroke: '#475569', scale: 'km', width: 2, dash: [2, 6] },
            ],
          }}
        />
      ) : (
        <p className="text-slate-700">{t('dashboard.noData')}</p>
      )}
      <p className="mt-2">
        <GuideLink topic="load" />
      </p>
    </Card>
  );
}

function Overtraining() {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: qk('overtraining'),
    queryFn: () => unwrap(api.GET('/api/v1/overtraining/status')),
  });
  if (q.error) return <ProblemMessage error={q.error} />;
  const s = q.data;
  return (
    <Card aria-busy={q.isPending}>
      <CardTitle>{t('dashboard.overtraining')}</CardTitle>
      {s ? (
        <>
          <p className="text-xl font-semibold" data-testid="risk-level">
            {t(`dashboard.risk.${s.risk_level}`)}
          </p>
          <ul className="mt-2 space-y-1 text-sm">
            {s.recommendations.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="mt-2">
        <GuideLink topic="load" />
      </p>
    </Card>
  );
}

export function Dashboard() {
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('dashboard.title')}</h1>
      <div className="grid gap-4 md:grid-cols-2">
        <Readiness />
        <HrvBand />
        <LoadChart />
        <Overtraining />
      </div>
    </div>
  );
}
