import { zodResolver } from '@hookform/resolvers/zod';
import { TrainingPlanBody } from '@pulso/contracts/training';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import { qk } from '../app/query';
import { GuideLink } from '../components/guide-link';
import { applyProblem, EmptyState, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';
import { ATHLETE } from '../i18n/athlete';
import { useZodMessages } from '../lib/form';

export const Route = createFileRoute('/plan')({
  component: Plan,
  validateSearch: (s: Record<string, unknown>): { week?: number } => {
    const week = Number(s.week);
    return Number.isInteger(week) && week >= 1 ? { week } : {};
  },
});

type Body = z.input<typeof TrainingPlanBody>;
const num = { setValueAs: (v: string) => (v === '' ? undefined : Number(v)) };
const inWeeks = (n: number) => new Date(Date.now() + n * 7 * 86_400_000).toISOString().slice(0, 10);

function CreatePlan() {
  const { t } = useTranslation();
  const msg = useZodMessages();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const form = useForm<Body>({
    resolver: zodResolver(TrainingPlanBody),
    defaultValues: { goal_distance_km: 10, race_date: inWeeks(10), days_per_week: 4 },
  });
  const e = form.formState.errors;
  const submit = form.handleSubmit(async (body) => {
    setError(null);
    try {
      await unwrap(api.POST('/api/v1/training/plan', { body: body as never }));
      await qc.invalidateQueries();
    } catch (err) {
      applyProblem(err, form.setError, ['goal_distance_km', 'race_date', 'days_per_week']);
      setError(err);
    }
  });
  return (
    <Card>
      <CardTitle>{t('plan.create')}</CardTitle>
      <form className="grid gap-3 sm:grid-cols-3" noValidate onSubmit={(ev) => void submit(ev)}>
        <div className="sm:col-span-3">
          <ProblemMessage error={error} />
        </div>
        <Field label={t('plan.goal')} error={msg(e.goal_distance_km)}>
          <Input type="number" step="0.1" {...form.register('goal_distance_km', num)} />
        </Field>
        <Field label={t('plan.raceDate')} error={msg(e.race_date)}>
          <Input type="date" {...form.register('race_date')} />
        </Field>
        <Field label={t('plan.daysPerWeek')} error={msg(e.days_per_week)}>
          <Input type="number" min={3} max={7} {...form.register('days_per_week', num)} />
        </Field>
        <div>
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {t('plan.create')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function Week({ week }: { week?: number }) {
  const { t, i18n } = useTranslation();
  const { t: ta } = useTranslation(ATHLETE);
  const q = useQuery({
    queryKey: qk('weekly-plan', week ?? 'current'),
    queryFn: () =>
      unwrap(api.GET('/api/v1/training/weekly-plan', { params: { query: week ? { week } : {} } })),
  });
  if (q.error) return <ProblemMessage error={q.error} />;
  const w = q.data;
  if (!w) return <p aria-busy>…</p>;
  const day = new Intl.DateTimeFormat(i18n.language, { weekday: 'long', day: 'numeric', month: 'short' });
  return (
    <div className="space-y-3" data-testid="week">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-xl font-semibold">
          {t('plan.week', { n: w.week })} / {w.weeks_total} · {w.phase_name}
        </h2>
        <span className="text-slate-700">{w.weekly_volume_km} km</span>
        <span className="ml-auto flex gap-2">
          {w.week > 1 ? (
            <Link to="/plan" search={{ week: w.week - 1 }} className="text-teal-800 underline">
              ← {t('plan.previous')}
            </Link>
          ) : null}
          {w.week < w.weeks_total ? (
            <Link to="/plan" search={{ week: w.week + 1 }} className="text-teal-800 underline">
              {t('plan.next')} →
            </Link>
          ) : null}
        </span>
      </div>
      <p className="text-slate-800">{w.week_focus}</p>
      {/* The week as a calendar: Monday to Sunday in a row on wide screens, one day under another on phones. */}
      <ol className="grid gap-2 sm:grid-cols-2 lg:grid-cols-7" data-testid="week-calendar">
        {w.workouts.map((s) => (
          <li key={s.date}>
            <Card
              className={`h-full p-3 ${s.type === 'rest' ? 'bg-slate-100' : ''} ${s.status === 'done' ? 'ring-2 ring-emerald-600' : ''}`}
            >
              <p className="text-sm font-medium text-slate-700">
                {day.format(new Date(`${s.date}T12:00:00Z`))}
              </p>
              <p className="font-semibold">{t(`plan.types.${s.type}`)}</p>
              {s.type !== 'rest' ? (
                <p className="text-sm">
                  {s.planned_distance_km} km{s.pace_min_km ? ` · ${s.pace_min_km}/km` : ''} ·{' '}
                  <Link to="/zones" className="text-teal-800 underline">
                    {s.intensity_zone}
                  </Link>
                </p>
              ) : null}
              {s.status !== 'planned' && s.status !== 'rest' ? (
                <p
                  className={`mt-1 text-xs font-semibold ${s.status === 'done' ? 'text-emerald-800' : 'text-red-800'}`}
                >
                  {ta(`status.${s.status}`)}
                </p>
              ) : null}
              {s.notes ? <p className="mt-1 text-xs text-slate-700">{s.notes}</p> : null}
            </Card>
          </li>
        ))}
      </ol>
      <Card>
        <CardTitle>{t('plan.adaptation')}</CardTitle>
        <p data-testid="adaptation">{w.adaptation.explanation}</p>
        <p className="mt-2">
          <GuideLink topic="readiness" />
        </p>
      </Card>
    </div>
  );
}

function Plan() {
  const { t } = useTranslation();
  const { week } = Route.useSearch();
  const plan = useQuery({
    queryKey: qk('plan'),
    queryFn: () =>
      unwrap(api.GET('/api/v1/training/plan')).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
  });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('plan.title')}</h1>
      <ProblemMessage error={plan.error} />
      {plan.data === null ? (
        <>
          <EmptyState>{t('empty.plan')}</EmptyState>
          <CreatePlan />
        </>
      ) : plan.data ? (
        <Week week={week} />
      ) : null}
    </div>
  );
}
