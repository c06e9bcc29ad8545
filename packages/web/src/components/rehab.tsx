import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Options } from 'uplot';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import { session } from '../api/session';
import { qk } from '../app/query';
import { ensureRehabTexts } from '../i18n/rehab';
import { formatClock, painBand, progressCharts, type WeekRow } from '../lib/rehab';
import { UplotChart } from './charts/uplot-chart';
import { ProblemMessage } from './problem';
import { Button } from './ui/button';
import { Card, CardTitle } from './ui/card';

/** The rehab namespace's texts (added on first use). */
export function useRehabT() {
  ensureRehabTexts();
  return useTranslation('rehab');
}

/** The client adds the chosen gym to every request; the generated types want it stated on gym routes. */
export const gymHeader = () => ({ 'x-gym-id': session.get().gymId ?? '' });

/** The language an exercise's texts are shown in (the catalogue has English and Spanish). */
export function useContentLang(): 'en' | 'es' {
  const { i18n } = useTranslation();
  return i18n.language.startsWith('es') ? 'es' : 'en';
}

/**
 * A large slider for the floor: a tall track plus − and + buttons of 48 px, so a patient sitting or lying down
 * can set it with a finger, a knuckle or the keyboard. `null` is "not recorded": nothing is sent for it until
 * the patient moves it (a value the patient did not choose must never be stored as theirs).
 */
export function BigSlider({
  label,
  value,
  onChange,
  min,
  max,
  step = 1,
  describe,
  testId,
}: {
  label: string;
  value: number | null;
  onChange: (v: number) => void;
  min: number;
  max: number;
  step?: number;
  describe?: (v: number) => string;
  testId?: string;
}) {
  const { t } = useRehabT();
  const id = useId();
  const text =
    value === null ? t('not_recorded') : describe ? `${value} — ${describe(value)}` : String(value);
  const clamp = (v: number) => Math.min(max, Math.max(min, v));
  return (
    <div className="space-y-1">
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={id} className="font-medium">
          {label}
        </label>
        <output htmlFor={id} className="text-xl font-semibold tabular-nums" aria-live="polite">
          {text}
        </output>
      </div>
      <div className="flex items-center gap-3">
        <Button
          type="button"
          variant="secondary"
          className="size-12 shrink-0 text-2xl"
          aria-label={`${t('less')}: ${label}`}
          onClick={() => onChange(clamp((value ?? min) - step))}
        >
          −
        </Button>
        <input
          id={id}
          type="range"
          min={min}
          max={max}
          step={step}
          value={value ?? min}
          aria-valuetext={text}
          data-testid={testId}
          onChange={(e) => onChange(Number(e.target.value))}
          className="h-12 w-full cursor-pointer accent-teal-700"
        />
        <Button
          type="button"
          variant="secondary"
          className="size-12 shrink-0 text-2xl"
          aria-label={`${t('more')}: ${label}`}
          onClick={() => onChange(clamp(value === null ? min : value + step))}
        >
          +
        </Button>
      </div>
    </div>
  );
}

/** "6 — moderate" words for a pain number. */
export function usePainWords() {
  const { t } = useRehabT();
  return (n: number) => t(`pain_${painBand(n)}`);
}

export function AlertBadges({ alerts }: { alerts: readonly string[] }) {
  const { t } = useRehabT();
  if (!alerts.length) return null;
  return (
    <ul className="flex flex-wrap gap-1" aria-label={t('alerts')}>
      {alerts.map((a) => (
        <li
          key={a}
          data-testid={`alert-${a}`}
          className="rounded-full bg-amber-100 px-2 py-0.5 text-sm font-medium text-amber-950 ring-1 ring-amber-300"
        >
          {t(`alert_${a}`)}
        </li>
      ))}
    </ul>
  );
}

export function TrendLine({ pain, rom }: { pain: string | null; rom: string | null }) {
  const { t } = useRehabT();
  return (
    <p className="text-sm text-slate-800">
      {pain ? <span className="mr-4">{t('trend_pain', { trend: t(`trend_${pain}`) })}</span> : null}
      {rom ? <span>{t('trend_rom', { trend: t(`trend_${rom}`) })}</span> : null}
    </p>
  );
}

const axisWeeks = (lang: string): Options['axes'] => [
  {
    values: (_u, ticks) =>
      ticks.map((s) =>
        new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(s * 1000),
      ),
  },
  {},
];

/** Pain, range of motion and adherence per week: three small charts, or words when there is nothing to draw. */
export function ProgressChartsView({ weeks }: { weeks: readonly WeekRow[] }) {
  const { t, i18n } = useRehabT();
  const c = useMemo(() => progressCharts(weeks), [weeks]);
  const chart = (
    key: 'pain' | 'rom' | 'adherence',
    label: string,
    color: string,
    range: [number, number],
  ) => (
    <figure className="space-y-1">
      <figcaption className="text-sm font-medium">{label}</figcaption>
      {c.has[key] ? (
        <UplotChart
          label={label}
          height={160}
          data={c[key]}
          options={{
            legend: { show: false },
            scales: { x: { time: true }, y: { range } },
            axes: axisWeeks(i18n.language),
            series: [{}, { label, stroke: color, width: 2, points: { size: 6 }, spanGaps: false }],
          }}
        />
      ) : (
        <p className="text-sm text-slate-700">{t('no_chart')}</p>
      )}
    </figure>
  );
  return (
    <div className="grid gap-4 md:grid-cols-3" data-testid="progress-charts">
      {chart('pain', t('chart_pain'), '#b91c1c', [0, 10])}
      {chart('rom', t('chart_rom'), '#0f766e', [0, 180])}
      {chart('adherence', t('chart_adherence'), '#1d4ed8', [0, 100])}
    </div>
  );
}

/** Previous / next for the paginated lists (a full page means there may be more). */
export function Pager({ page, full, onPage }: { page: number; full: boolean; onPage: (p: number) => void }) {
  const { t } = useRehabT();
  if (page === 1 && !full) return null;
  return (
    <div className="mt-2 flex gap-2">
      <Button variant="secondary" disabled={page === 1} onClick={() => onPage(page - 1)}>
        {t('previous')}
      </Button>
      <Button variant="secondary" disabled={!full} onClick={() => onPage(page + 1)}>
        {t('next')}
      </Button>
    </div>
  );
}

/** "3 × 12 reps", "3 × hold 30 s", "3 × 1:00": the prescribed dose in words. */
export function useDoseText() {
  const { t } = useRehabT();
  return (d: { sets: number; reps: number | null; hold_s: number | null; duration_s: number | null }) =>
    d.reps != null
      ? t('dose_reps', { sets: d.sets, reps: d.reps })
      : d.hold_s != null
        ? t('dose_hold', { sets: d.sets, hold: d.hold_s })
        : d.duration_s != null
          ? t('dose_time', { sets: d.sets, duration: formatClock(d.duration_s) })
          : t('dose_sets', { sets: d.sets });
}

/** The patient's programme query, shared by the programme, the guided exercise and progress (one request). */
export const myProgramQuery = () => ({
  queryKey: qk('rehab', 'my-program'),
  queryFn: () => unwrap(api.GET('/api/v1/rehab/my-program', { params: { header: gymHeader() } })),
});

/** A 404 here means "no active programme (or no record) in this gym": an empty state, not an error. */
export const isNoProgram = (err: unknown) => err instanceof ApiError && err.status === 404;

/** Exercise names by id for the session list and the programme (the catalogue's first 100: base + clinic's). */
export function useExerciseNames() {
  const lang = useContentLang();
  const q = useQuery({
    queryKey: qk('rehab', 'exercises', 'all'),
    staleTime: 10 * 60_000,
    queryFn: () =>
      unwrap(api.GET('/api/v1/rehab/exercises', { params: { query: { limit: 100 }, header: gymHeader() } })),
  });
  return (id: number) => q.data?.find((e) => e.id === id)?.name[lang] ?? `#${id}`;
}

const SESSION_PAGE = 20;

/**
 * A patient's sessions, newest first, with what was recorded in words. The physio's record and the patient's own
 * progress page share it: the charts are pictures (one figure a week), and this is where a single session's
 * numbers — the range of motion just measured, the pain after — can be read back.
 */
export function SessionHistory({
  patientId,
  title,
  empty,
}: {
  patientId: number;
  title: string;
  empty: string;
}) {
  const { t, i18n } = useRehabT();
  const name = useExerciseNames();
  const painWords = usePainWords();
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: qk('rehab', 'sessions', patientId, page),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/rehab/patients/{id}/sessions', {
          params: {
            path: { id: patientId },
            query: { skip: (page - 1) * SESSION_PAGE, limit: SESSION_PAGE },
            header: gymHeader(),
          },
        }),
      ),
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Card>
      <CardTitle>{title}</CardTitle>
      <ProblemMessage error={q.error} />
      {q.data && q.data.length === 0 && page === 1 ? <p className="text-slate-700">{empty}</p> : null}
      <ul className="divide-y" data-testid="sessions">
        {q.data?.map((s) => (
          <li key={s.id} className="space-y-0.5 py-2 text-sm">
            <p>
              <span className="font-medium">{date.format(new Date(s.performed_at))}</span> ·{' '}
              {name(s.exercise_id)} · {t(`via_${s.logged_via}`)}
            </p>
            <p className="text-slate-800">
              {[
                s.sets_done != null ? `${t('sets_done')}: ${s.sets_done}` : null,
                s.reps_done != null ? `${t('reps_done')}: ${s.reps_done}` : null,
                s.duration_s != null ? `${t('duration_done')}: ${s.duration_s}` : null,
                s.pain_before != null
                  ? `${t('pain_before')}: ${s.pain_before} (${painWords(s.pain_before)})`
                  : null,
                s.pain_after != null
                  ? `${t('pain_after')}: ${s.pain_after} (${painWords(s.pain_after)})`
                  : null,
                s.range_of_motion_deg != null ? `${t('rom')}: ${s.range_of_motion_deg}°` : null,
                s.vr_score != null ? `VR: ${s.vr_score}` : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
            {s.notes ? <p className="whitespace-pre-line text-slate-700">{s.notes}</p> : null}
          </li>
        ))}
      </ul>
      <Pager page={page} full={(q.data?.length ?? 0) === SESSION_PAGE} onPage={setPage} />
    </Card>
  );
}
