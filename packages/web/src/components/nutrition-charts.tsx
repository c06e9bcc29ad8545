import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot, { type AlignedData, type Options } from 'uplot';
import { adherencePercent } from '../lib/nutrition';
import { UplotChart } from './charts/uplot-chart';

interface Day {
  date: string;
  adherence: number | null;
  eaten: { kcal: number };
  planned: { kcal: number };
}

const ts = (date: string) => Date.parse(`${date}T12:00:00Z`) / 1000;

/** Bars of values over named categories (x = 0..n-1, labelled by `names`). */
export function barOptions(
  names: readonly string[],
  series: { label: string; stroke: string }[],
): Omit<Options, 'width' | 'height'> {
  const bars = uPlot.paths.bars!({ size: [0.6, 60] });
  return {
    scales: { x: { time: false, range: [-0.5, names.length - 0.5] } },
    axes: [
      { values: (_u, splits) => splits.map((i) => names[i] ?? ''), splits: () => names.map((_, i) => i) },
      {},
    ],
    series: [{}, ...series.map((s) => ({ ...s, fill: s.stroke, paths: bars, points: { show: false } }))],
  };
}

/** The week of the nutrition dashboard: meals ticked off per day (%) and energy eaten against planned. */
export function WeeklyCharts({ days }: { days: readonly Day[] }) {
  const { t } = useTranslation('nutrition');
  const adherence = useMemo<AlignedData>(() => [days.map((d) => ts(d.date)), adherencePercent(days)], [days]);
  const kcal = useMemo<AlignedData>(
    () => [
      days.map((d) => ts(d.date)),
      days.map((d) => Math.round(d.eaten.kcal)),
      days.map((d) => Math.round(d.planned.kcal)),
    ],
    [days],
  );
  if (!days.length) return null;
  const bars = uPlot.paths.bars!({ size: [0.6, 60] });
  return (
    <div className="mt-3 grid gap-4 md:grid-cols-2" data-testid="weekly-charts">
      <div>
        <h3 className="text-sm font-medium">{t('adherence')}</h3>
        <UplotChart
          label={t('chart_adherence')}
          data={adherence}
          height={180}
          options={{
            scales: { y: { range: [0, 100] } },
            series: [
              {},
              {
                label: `${t('adherence')} %`,
                stroke: '#0f766e',
                fill: '#0f766e',
                paths: bars,
                points: { show: false },
              },
            ],
          }}
        />
      </div>
      <div>
        <h3 className="text-sm font-medium">{t('macro.kcal')}</h3>
        <UplotChart
          label={t('chart_kcal')}
          data={kcal}
          height={180}
          options={{
            series: [
              {},
              { label: t('eaten'), stroke: '#0f766e', width: 2 },
              { label: t('planned'), stroke: '#475569', width: 2, dash: [6, 4] },
            ],
          }}
        />
      </div>
    </div>
  );
}
