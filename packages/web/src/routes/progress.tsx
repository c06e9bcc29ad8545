import { useQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot, { type AlignedData } from 'uplot';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { qk } from '../app/query';
import { UplotChart } from '../components/charts/uplot-chart';
import { GuideLink } from '../components/guide-link';
import { ProblemMessage } from '../components/problem';
import { Card, CardTitle } from '../components/ui/card';
import { ATHLETE } from '../i18n/athlete';
import { efficiencySeries, volumeSeries } from '../lib/progress';

export const Route = createFileRoute('/progress')({ component: Progress });

const bars = uPlot.paths.bars!({ size: [0.6, 40] });

function Volume() {
  const { t } = useTranslation(ATHLETE);
  const q = useQuery({
    queryKey: qk('progress-tracking', 12),
    queryFn: () =>
      unwrap(api.GET('/api/v1/training/progress-tracking', { params: { query: { weeks: 12 } } })),
  });
  const data = useMemo(() => (q.data ? volumeSeries(q.data.weekly_data) : null), [q.data]);
  if (q.error) return <ProblemMessage error={q.error} />;
  const p = q.data;
  const any = data ? data[1].some((km) => km > 0) : false;
  return (
    <Card>
      <CardTitle>{t('volume')}</CardTitle>
      {data && any ? (
        <UplotChart
          label={t('volume')}
          data={data as unknown as AlignedData}
          options={{
            scales: { x: { time: true }, min: { auto: true } },
            axes: [
              {},
              { label: 'km' },
              { side: 1, scale: 'min', label: t('minutes'), grid: { show: false } },
            ],
            series: [
              {},
              { label: 'km', stroke: '#0f766e', fill: '#0f766e99', paths: bars, points: { show: false } },
              { label: t('minutes'), scale: 'min', stroke: '#475569', width: 2 },
            ],
          }}
        />
      ) : p ? (
        <p className="text-slate-700">{t('not_enough')}</p>
      ) : (
        <p aria-busy>…</p>
      )}
      {p ? (
        <div className="mt-3 space-y-2 text-sm" data-testid="progress-summary">
          <h3 className="font-semibold">{t('summary')}</h3>
          <ul className="list-disc space-y-1 pl-5">
            <li>{p.summary.overall_status}</li>
            <li>{p.summary.volume_trend}</li>
            <li>{p.summary.pace_improvement}</li>
            <li>{p.summary.hrv_trend}</li>
            <li>{p.projection.current_trajectory}</li>
          </ul>
          {p.adaptation_signs.positive.length ? (
            <>
              <h3 className="font-semibold">{t('positive')}</h3>
              <ul className="list-disc pl-5">
                {p.adaptation_signs.positive.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </>
          ) : null}
          {p.adaptation_signs.warnings.length ? (
            <>
              <h3 className="font-semibold">{t('warnings')}</h3>
              <ul className="list-disc pl-5">
                {p.adaptation_signs.warnings.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}

function LoadYear() {
  const { t } = useTranslation(ATHLETE);
  const { t: tt } = useTranslation();
  const q = useQuery({
    queryKey: qk('overtraining-history', 52),
    queryFn: () => unwrap(api.GET('/api/v1/overtraining/history', { params: { query: { weeks: 52 } } })),
  });
  const data = useMemo(() => {
    if (!q.data) return null;
    const ws = q.data.weeks;
    return [
      ws.map((w) => Date.parse(`${w.week_start}T00:00:00Z`) / 1000),
      ws.map((w) => w.ctl),
      ws.map((w) => w.atl),
      ws.map((w) => w.tsb),
    ];
  }, [q.data]);
  if (q.error) return <ProblemMessage error={q.error} />;
  const any = q.data?.weeks.some((w) => w.ctl > 0 || w.atl > 0);
  return (
    <Card>
      <CardTitle>{t('load_year')}</CardTitle>
      {data && any ? (
        <UplotChart
          label={t('load_year')}
          data={data as unknown as AlignedData}
          options={{
            scales: { x: { time: true } },
            axes: [{}, { label: q.data?.load_unit ?? '' }],
            series: [
              {},
              { label: tt('dashboard.fitness'), stroke: '#0f766e', width: 2 },
              { label: tt('dashboard.fatigue'), stroke: '#b91c1c', width: 2 },
              { label: tt('dashboard.form'), stroke: '#1d4ed8', width: 2, dash: [4, 4] },
            ],
          }}
        />
      ) : q.data ? (
        <p className="text-slate-700">{t('not_enough')}</p>
      ) : (
        <p aria-busy>…</p>
      )}
      <p className="mt-2">
        <GuideLink topic="load" />
      </p>
    </Card>
  );
}

function Efficiency() {
  const { t } = useTranslation(ATHLETE);
  // The last 100 workouts: about a season of running, one page of the list.
  const q = useQuery({
    queryKey: qk('workouts', 'efficiency'),
    queryFn: () => unwrap(api.GET('/api/v1/workouts', { params: { query: { limit: 100 } } })),
  });
  // Pace and HR columns stay out of the chart: one line, EF, is what it is about.
  const data = useMemo(() => {
    if (!q.data) return null;
    const [x, ef] = efficiencySeries(q.data);
    return [x, ef] as const;
  }, [q.data]);
  if (q.error) return <ProblemMessage error={q.error} />;
  return (
    <Card>
      <CardTitle>{t('efficiency')}</CardTitle>
      {data && data[0].length > 0 ? (
        <UplotChart
          label={t('efficiency')}
          data={data as unknown as AlignedData}
          options={{
            scales: { x: { time: true } },
            axes: [{}, { label: t('efficiency_axis') }],
            series: [
              {},
              {
                label: t('efficiency_axis'),
                stroke: '#0f766e',
                width: 2,
                points: { show: true, size: 6 },
              },
            ],
          }}
        />
      ) : q.data ? (
        <p className="text-slate-700">{t('not_enough')}</p>
      ) : (
        <p aria-busy>…</p>
      )}
      <p className="mt-2 text-sm text-slate-700">{t('efficiency_help')}</p>
    </Card>
  );
}

function Progress() {
  const { t } = useTranslation(ATHLETE);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('progress_title')}</h1>
      <div className="grid gap-4 md:grid-cols-2">
        <Volume />
        <Efficiency />
        <div className="md:col-span-2">
          <LoadYear />
        </div>
      </div>
    </div>
  );
}
