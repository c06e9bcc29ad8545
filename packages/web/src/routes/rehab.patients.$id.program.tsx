import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import { qk } from '../app/query';
import { EmptyState, ProblemMessage } from '../components/problem';
import { gymHeader, Pager, useContentLang, useExerciseNames, useRehabT } from '../components/rehab';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';

export const Route = createFileRoute('/rehab/patients/$id/program')({ component: ProgramBuilder });

const PAGE = 20;
const REGIONS = ['knee', 'hip', 'ankle', 'shoulder', 'back', 'neck', 'elbow', 'wrist', 'other'] as const;
type Region = (typeof REGIONS)[number];
const DOSE = ['reps', 'hold_s', 'duration_s'] as const;

/** A programme line as typed: numbers stay text until sent, so nothing the physio typed is changed silently. */
interface Line {
  exercise_id: number;
  sets: string;
  reps: string;
  hold_s: string;
  duration_s: string;
  frequency_per_week: string;
  progression: null | {
    applies_to: (typeof DOSE)[number];
    increase_percent: string;
    every_days: string;
    while_pain_at_most: string;
    max: string;
  };
}

const str = (n: number | null | undefined) => (n == null ? '' : String(n));
const num = (s: string) => (s.trim() === '' ? undefined : Number(s));

function NumberField({
  label,
  value,
  onChange,
  error,
  id,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  id: string;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        className="block min-h-10 w-24 rounded-md border border-slate-400 bg-white px-2 aria-[invalid=true]:border-red-700"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function ProgramBuilder() {
  const { t } = useRehabT();
  const lang = useContentLang();
  const name = useExerciseNames();
  const { id } = Route.useParams();
  const patientId = Number(id);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [region, setRegion] = useState<Region | ''>('');
  const [page, setPage] = useState(1);
  const [lines, setLines] = useState<Line[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const catalogue = useQuery({
    queryKey: qk('rehab', 'exercises', region, page),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/rehab/exercises', {
          params: {
            query: { skip: (page - 1) * PAGE, limit: PAGE, ...(region ? { body_region: region } : {}) },
            header: gymHeader(),
          },
        }),
      ),
  });
  const programs = useQuery({
    queryKey: qk('rehab', 'programs', patientId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/rehab/patients/{id}/programs', {
          params: { path: { id: patientId }, query: { limit: 1 }, header: gymHeader() },
        }),
      ),
  });
  // Start from the active programme, if any: changing a dose should not mean typing everything again.
  useEffect(() => {
    if (lines !== null || !programs.data) return;
    const active = programs.data.find((p) => p.status === 'active');
    setLines(
      (active?.exercises ?? []).map((e) => ({
        exercise_id: e.exercise_id,
        sets: str(e.sets),
        reps: str(e.reps),
        hold_s: str(e.hold_s),
        duration_s: str(e.duration_s),
        frequency_per_week: str(e.frequency_per_week),
        progression: e.progression
          ? {
              applies_to: e.progression.applies_to,
              increase_percent: str(e.progression.increase_percent),
              every_days: str(e.progression.every_days),
              while_pain_at_most: str(e.progression.while_pain_at_most),
              max: str(e.progression.max),
            }
          : null,
      })),
    );
  }, [programs.data, lines]);

  const chosen = lines ?? [];
  const update = (i: number, patch: Partial<Line>) =>
    setLines(chosen.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const fieldError = (path: string) =>
    error instanceof ApiError
      ? error.problem.errors?.find((e) => e.field.replace(/^body\./, '') === path)?.message
      : undefined;

  const add = (ex: { id: number; measured_by: string }) =>
    setLines([
      ...chosen,
      {
        exercise_id: ex.id,
        sets: '3',
        reps: ex.measured_by === 'time' ? '' : '10',
        hold_s: '',
        duration_s: ex.measured_by === 'time' ? '30' : '',
        frequency_per_week: '3',
        progression: null,
      },
    ]);

  const save = async () => {
    setError(null);
    setBusy(true);
    try {
      await unwrap(
        api.POST('/api/v1/rehab/patients/{id}/programs', {
          params: { path: { id: patientId }, header: gymHeader() },
          body: {
            exercises: chosen.map((l) => ({
              exercise_id: l.exercise_id,
              sets: num(l.sets) as number,
              reps: num(l.reps),
              hold_s: num(l.hold_s),
              duration_s: num(l.duration_s),
              frequency_per_week: num(l.frequency_per_week) as number,
              ...(l.progression
                ? {
                    progression: {
                      applies_to: l.progression.applies_to,
                      increase_percent: num(l.progression.increase_percent) as number,
                      every_days: num(l.progression.every_days),
                      while_pain_at_most: num(l.progression.while_pain_at_most),
                      max: num(l.progression.max),
                    },
                  }
                : {}),
            })),
          },
        }),
      );
      await qc.invalidateQueries({ queryKey: qk('rehab') });
      await navigate({ to: '/rehab/patients/$id', params: { id } });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-4">
      <Link
        to="/rehab/patients/$id"
        params={{ id }}
        className="inline-block min-h-10 py-2 text-teal-800 underline"
      >
        ← {t('record_title')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('builder_title')}</h1>
      <p className="text-slate-700">{t('builder_help')}</p>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardTitle>{t('chosen')}</CardTitle>
          <ProblemMessage error={error ?? programs.error} />
          {chosen.length === 0 ? <EmptyState>{t('nothing_chosen')}</EmptyState> : null}
          <ol className="space-y-3" data-testid="chosen">
            {chosen.map((l, i) => {
              const f = (k: string) => `exercises.${i}.${k}`;
              const fid = (k: string) => `line-${i}-${k}`;
              return (
                <li key={`${l.exercise_id}-${i}`} className="space-y-2 rounded-md p-3 ring-1 ring-slate-200">
                  <div className="flex items-center gap-2">
                    <span className="font-semibold">{name(l.exercise_id)}</span>
                    <Button
                      variant="ghost"
                      className="ml-auto"
                      aria-label={`${t('remove')}: ${name(l.exercise_id)}`}
                      onClick={() => setLines(chosen.filter((_, j) => j !== i))}
                    >
                      {t('remove')}
                    </Button>
                  </div>
                  <div className="flex flex-wrap gap-3">
                    <NumberField
                      id={fid('sets')}
                      label={t('sets')}
                      value={l.sets}
                      onChange={(v) => update(i, { sets: v })}
                      error={fieldError(f('sets'))}
                    />
                    <NumberField
                      id={fid('reps')}
                      label={t('reps')}
                      value={l.reps}
                      onChange={(v) => update(i, { reps: v })}
                      error={fieldError(f('reps'))}
                    />
                    <NumberField
                      id={fid('hold')}
                      label={t('hold_s')}
                      value={l.hold_s}
                      onChange={(v) => update(i, { hold_s: v })}
                      error={fieldError(f('hold_s'))}
                    />
                    <NumberField
                      id={fid('dur')}
                      label={t('duration_s')}
                      value={l.duration_s}
                      onChange={(v) => update(i, { duration_s: v })}
                      error={fieldError(f('duration_s'))}
                    />
                    <NumberField
                      id={fid('freq')}
                      label={t('frequency')}
                      value={l.frequency_per_week}
                      onChange={(v) => update(i, { frequency_per_week: v })}
                      error={fieldError(f('frequency_per_week'))}
                    />
                  </div>
                  <label className="flex min-h-10 items-center gap-2">
                    <input
                      type="checkbox"
                      className="size-5"
                      checked={l.progression !== null}
                      onChange={(e) =>
                        update(i, {
                          progression: e.target.checked
                            ? {
                                applies_to: 'reps',
                                increase_percent: '10',
                                every_days: '7',
                                while_pain_at_most: '3',
                                max: '',
                              }
                            : null,
                        })
                      }
                    />
                    {t('progression_on')}
                  </label>
                  {l.progression ? (
                    <fieldset className="flex flex-wrap gap-3 rounded-md bg-slate-50 p-2">
                      <legend className="sr-only">{t('progression')}</legend>
                      <div className="space-y-1">
                        <label htmlFor={fid('applies')} className="block text-sm font-medium">
                          {t('applies_to')}
                        </label>
                        <select
                          id={fid('applies')}
                          className="min-h-10 rounded-md border border-slate-400 bg-white px-2"
                          value={l.progression.applies_to}
                          onChange={(e) =>
                            update(i, {
                              progression: {
                                ...l.progression!,
                                applies_to: e.target.value as (typeof DOSE)[number],
                              },
                            })
                          }
                        >
                          {DOSE.map((d) => (
                            <option key={d} value={d}>
                              {t(d)}
                            </option>
                          ))}
                        </select>
                      </div>
                      <NumberField
                        id={fid('pct')}
                        label={t('increase_percent')}
                        value={l.progression.increase_percent}
                        onChange={(v) =>
                          update(i, { progression: { ...l.progression!, increase_percent: v } })
                        }
                        error={fieldError(f('progression.increase_percent'))}
                      />
                      <NumberField
                        id={fid('every')}
                        label={t('every_days')}
                        value={l.progression.every_days}
                        onChange={(v) => update(i, { progression: { ...l.progression!, every_days: v } })}
                        error={fieldError(f('progression.every_days'))}
                      />
                      <NumberField
                        id={fid('pain')}
                        label={t('while_pain')}
                        value={l.progression.while_pain_at_most}
                        onChange={(v) =>
                          update(i, { progression: { ...l.progression!, while_pain_at_most: v } })
                        }
                        error={fieldError(f('progression.while_pain_at_most'))}
                      />
                      <NumberField
                        id={fid('max')}
                        label={t('max')}
                        value={l.progression.max}
                        onChange={(v) => update(i, { progression: { ...l.progression!, max: v } })}
                        error={fieldError(f('progression.max'))}
                      />
                    </fieldset>
                  ) : null}
                </li>
              );
            })}
          </ol>
          <Button className="mt-3" disabled={busy || chosen.length === 0} onClick={() => void save()}>
            {t('save_program')}
          </Button>
        </Card>
        <Card>
          <CardTitle>{t('catalogue')}</CardTitle>
          <label className="mb-2 block space-y-1">
            <span className="block text-sm font-medium">{t('region')}</span>
            <select
              className="min-h-10 w-full rounded-md border border-slate-400 bg-white px-2"
              value={region}
              onChange={(e) => {
                setRegion(e.target.value as Region | '');
                setPage(1);
              }}
            >
              <option value="">{t('all_regions')}</option>
              {REGIONS.map((r) => (
                <option key={r} value={r}>
                  {t(`region_${r}`)}
                </option>
              ))}
            </select>
          </label>
          <ProblemMessage error={catalogue.error} />
          <ul className="divide-y" data-testid="catalogue">
            {catalogue.data?.map((ex) => {
              const inProgram = chosen.some((l) => l.exercise_id === ex.id);
              return (
                <li key={ex.id} className="flex items-center gap-3 py-2">
                  <div className="min-w-0 flex-1">
                    <p className="font-medium">{ex.name[lang]}</p>
                    <p className="text-sm text-slate-700">
                      {t(`region_${ex.body_region}`)} · {t(`modality_${ex.modality}`)} ·{' '}
                      {t('difficulty_n', { n: ex.difficulty })}
                    </p>
                  </div>
                  <Button
                    variant="secondary"
                    disabled={inProgram}
                    aria-label={`${inProgram ? t('added') : t('add')}: ${ex.name[lang]}`}
                    onClick={() => add(ex)}
                  >
                    {inProgram ? t('added') : t('add')}
                  </Button>
                </li>
              );
            })}
          </ul>
          <Pager page={page} full={(catalogue.data?.length ?? 0) === PAGE} onPage={setPage} />
        </Card>
      </div>
    </div>
  );
}
