import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot, { type AlignedData, type Options } from 'uplot';
import { adherencePercent, MACRO_GRAMS, weeklyMacros, type MacroGram } from '../lib/nutrition';
import { UplotChart } from './charts/uplot-chart';

type Grams = { kcal: number } & Record<MacroGram, number>;
interface Day {
  date: string;
  adherence: number | null;
  meals_planned: number;
  eaten: Grams;
  planned: Grams;
}

/** One hue per macro (each ≥ 4.5:1 on white, as the legend's text needs); planned is the same hue, dashed. */
const MACRO_COLOURS: Record<MacroGram, string> = {
  protein_g: '#0f766e',
  carbs_g: '#b45309',
  fat_g: '#6d28d9',
};

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
  const macros = useMemo(() => weeklyMacros(days), [days]);
  const macroData = useMemo<AlignedData>(
    () => [
      days.map((d) => ts(d.date)),
      ...MACRO_GRAMS.flatMap((k) => [macros.series[k].eaten, macros.series[k].planned]),
    ],
    [days, macros],
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
      <div className="md:col-span-2" data-testid="macro-chart">
        <h3 className="text-sm font-medium">{t('macros_week')}</h3>
        <UplotChart
          label={t('chart_macros')}
          data={macroData}
          height={200}
          options={{
            series: [
              {},
              ...MACRO_GRAMS.flatMap((k) => [
                { label: `${t(`macro.${k}`)} · ${t('eaten')}`, stroke: MACRO_COLOURS[k], width: 2 },
                {
                  label: `${t(`macro.${k}`)} · ${t('planned')}`,
                  stroke: MACRO_COLOURS[k],
                  width: 1.5,
                  dash: [6, 4],
                },
              ]),
            ],
          }}
        />
        <MacroTable rows={macros.rows} />
      </div>
    </div>
  );
}

/**
 * The macro chart's figures as a table: six lines on a canvas are hard to read exactly, and impossible without
 * sight, so every value drawn is also here (folded, to keep the dashboard short).
 */
function MacroTable({ rows }: { rows: ReturnType<typeof weeklyMacros>['rows'] }) {
  const { t, i18n } = useTranslation('nutrition');
  const day = new Intl.DateTimeFormat(i18n.language, { weekday: 'short', day: 'numeric', timeZone: 'UTC' });
  const pair = (eaten: number, planned: number | null) => t('macro_pair', { eaten, planned: planned ?? '—' });
  return (
    <details className="mt-2 text-sm">
      <summary className="min-h-10 cursor-pointer py-2 font-medium text-teal-900">{t('macro_table')}</summary>
      <table
        className="w-full text-left [&_td]:py-0.5 [&_td]:pr-3 [&_th]:py-0.5 [&_th]:pr-3"
        data-testid="macro-table"
      >
        <caption className="pb-1 text-left text-slate-700">{t('macro_table_caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('day')}</th>
            {MACRO_GRAMS.map((k) => (
              <th key={k} scope="col">
                {t(`macro.${k}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.date} data-date={r.date}>
              <th scope="row" className="font-normal">
                {day.format(ts(r.date) * 1000)}
              </th>
              {MACRO_GRAMS.map((k) => (
                <td key={k} data-key={k}>
                  {pair(r.eaten[k], r.planned[k])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
