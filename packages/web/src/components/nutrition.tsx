import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { session } from '../api/session';
import { qk } from '../app/query';
import '../i18n/nutrition';
import { cn } from '../lib/cn';
import {
  totalsVsTargets,
  screeningView,
  type Macros,
  type ScreeningResult,
  type TargetRow,
} from '../lib/nutrition';
import { Card, CardTitle } from './ui/card';

/** The client adds the chosen gym to every request; the generated types want it stated on gym routes. */
export const gymHeader = () => ({ 'x-gym-id': session.get().gymId ?? '' });

/**
 * What AI can do for the gym right now. One query (one cache entry) for every screen that asks, so the diary's
 * photo card and the builder's Generate card never disagree and a visit to one answers the other.
 */
export function useAiStatus() {
  return useQuery({
    queryKey: qk('nutrition-ai-status'),
    queryFn: () => unwrap(api.GET('/api/v1/nutrition/ai/status', { params: { header: gymHeader() } })),
  });
}

const fmt = (n: number) => (Math.round(n * 10) / 10).toLocaleString(undefined, { maximumFractionDigits: 1 });

/** "520 kcal · P 30 g · C 60 g · F 15 g": compact totals of an item, meal or day. */
export function MacroLine({ m, className }: { m: Macros; className?: string }) {
  const { t } = useTranslation('nutrition');
  return (
    <span className={cn('text-sm text-slate-700', className)}>
      {fmt(m.kcal)} {t('kcal')} · {t('macro.protein_g')} {fmt(m.protein_g)} {t('g')} · {t('macro.carbs_g')}{' '}
      {fmt(m.carbs_g)} {t('g')} · {t('macro.fat_g')} {fmt(m.fat_g)} {t('g')}
    </span>
  );
}

const BAR: Record<TargetRow['status'], string> = {
  under: 'bg-sky-600',
  on: 'bg-teal-700',
  over: 'bg-amber-600',
  none: 'bg-slate-500',
};

/**
 * Totals against targets as labelled bars. The status is said in words next to each bar (not by colour
 * alone), and each bar is a `meter` for assistive technology.
 */
export function TargetBars({
  totals,
  targets,
  testId,
}: {
  totals: Macros;
  targets: { kcal: number | null; protein_g?: number | null; carbs_g?: number | null; fat_g?: number | null };
  testId?: string;
}) {
  const { t } = useTranslation('nutrition');
  return (
    <ul className="space-y-2" data-testid={testId}>
      {totalsVsTargets(totals, targets).map((r) => {
        const unit = r.key === 'kcal' ? t('kcal') : t('g');
        return (
          <li key={r.key} data-status={r.status} data-key={r.key} data-actual={r.actual}>
            <div className="flex flex-wrap justify-between gap-x-2 text-sm">
              <span className="font-medium">{t(`macro.${r.key}`)}</span>
              <span>
                {r.target
                  ? t('of_target', { actual: fmt(r.actual), target: fmt(r.target), unit })
                  : `${fmt(r.actual)} ${unit}`}{' '}
                · <span className="text-slate-700">{t(`status.${r.status}`)}</span>
              </span>
            </div>
            {r.target ? (
              <meter
                className="sr-only"
                min={0}
                max={r.target}
                value={Math.min(r.actual, r.target * 2)}
                aria-label={t(`macro.${r.key}`)}
              />
            ) : null}
            <div className="mt-1 h-2 overflow-hidden rounded bg-slate-200" aria-hidden>
              <div
                className={cn('h-full rounded', BAR[r.status])}
                style={{ width: `${Math.min(100, Math.round((r.target ? r.ratio : 0) * 100))}%` }}
              />
            </div>
          </li>
        );
      })}
    </ul>
  );
}

const TONE = {
  go: 'bg-teal-50 ring-teal-200',
  care: 'bg-sky-50 ring-sky-200',
  pause: 'bg-amber-50 ring-amber-200',
} as const;

/** A screening result explained: the level, why, what to do next and whether a professional is needed. */
export function ScreeningResultCard({
  result,
  expiresAt,
  title,
}: {
  result: ScreeningResult;
  expiresAt?: string;
  title?: string;
}) {
  const { t, i18n } = useTranslation('nutrition');
  const v = screeningView(result);
  return (
    <Card
      className={cn('ring-1', TONE[v.tone])}
      data-testid="screening-result"
      data-level={result.risk_level}
    >
      <CardTitle>{title ?? t('screening.result')}</CardTitle>
      <p className="text-lg font-semibold" role="status">
        {t(v.headline)}
      </p>
      <p className="text-sm text-slate-800">
        {t('screening.level', { level: t(`screening.level_name.${result.risk_level}`) })}
      </p>
      <h3 className="mt-3 font-medium">{t('screening.why')}</h3>
      <ul className="list-disc pl-5 text-sm" data-testid="screening-reasons">
        {v.reasons.map((r, i) => (
          <li key={i}>{r.text ?? t(r.key!)}</li>
        ))}
      </ul>
      <h3 className="mt-3 font-medium">{t('screening.what_next')}</h3>
      <p className="text-sm" data-testid="screening-next">
        {t(v.next)}
      </p>
      {v.professional ? (
        <p className="mt-2 text-sm font-medium" data-testid="screening-professional">
          {t('screening.professional')}
        </p>
      ) : null}
      {expiresAt ? (
        <p className="mt-2 text-xs text-slate-700">
          {t('screening.valid_until', {
            time: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
              new Date(expiresAt),
            ),
          })}
        </p>
      ) : null}
    </Card>
  );
}

/** A food's or recipe's name in the reader's language. */
export function localName(
  lang: string,
  o: { name?: string | null; name_es?: string | null; name_en?: string | null },
): string | null {
  if (lang.startsWith('es')) return o.name_es ?? o.name ?? o.name_en ?? null;
  return o.name_en ?? o.name ?? o.name_es ?? null;
}

export const selectClass =
  'block min-h-10 w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base focus-visible:outline-2 focus-visible:outline-teal-700';
