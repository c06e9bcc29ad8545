import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { qk } from '../app/query';
import { gymHeader, MacroLine, TargetBars } from '../components/nutrition';
import { EmptyState, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';

// The week's charts (they need uPlot, ~22 KB gz) load after the day's meals, the page's main content, which so
// does not wait for them on a first visit.
const WeeklyCharts = lazy(() =>
  import('../components/nutrition-charts').then((m) => ({ default: m.WeeklyCharts })),
);

export const Route = createFileRoute('/nutrition/')({ component: NutritionDashboard });

/** A tick that draws itself once; still for those who prefer reduced motion (styles.css). */
function Tick() {
  return (
    <svg viewBox="0 0 24 24" className="size-6 text-teal-700" aria-hidden>
      <circle cx="12" cy="12" r="11" fill="currentColor" opacity="0.15" />
      <path
        d="M6 12.5l4 4 8-9"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.5"
        strokeLinecap="round"
        strokeLinejoin="round"
        className="nutrition-tick"
      />
    </svg>
  );
}

/** The member's nutrition day: the plan, today's meals to tick off, eaten against planned, the week. */
function NutritionDashboard() {
  const { t } = useTranslation('nutrition');
  const qc = useQueryClient();
  const [message, setMessage] = useState('');
  const dash = useQuery({
    queryKey: qk('nutrition-dashboard'),
    queryFn: () => unwrap(api.GET('/api/v1/nutrition/dashboard', { params: { header: gymHeader() } })),
  });
  const complete = useMutation({
    mutationFn: (meal: { meal_id: number; name: string }) =>
      unwrap(
        api.POST('/api/v1/nutrition/meals/{id}/complete', {
          params: { path: { id: meal.meal_id }, header: gymHeader() },
          body: {},
        }),
      ),
    onSuccess: async (_r, meal) => {
      await qc.invalidateQueries({ predicate: (q) => q.queryKey.includes('nutrition-dashboard') });
      const today = qc.getQueryData<NonNullable<typeof dash.data>>(qk('nutrition-dashboard'))?.today;
      const total = today?.meals.length ?? 0;
      const doneN = today?.meals.filter((m) => m.completed).length ?? 0;
      setMessage(
        total > 0 && doneN === total
          ? t('all_done')
          : t('ticked_message', { name: meal.name, done: doneN, total }),
      );
    },
  });

  const d = dash.data;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <nav className="flex flex-wrap gap-2" aria-label={t('title')}>
        <Button variant="secondary" asChild>
          <Link to="/nutrition/plans">{t('browse_plans')}</Link>
        </Button>
        <Button variant="secondary" asChild>
          <Link to="/nutrition/diary">{t('diary_link')}</Link>
        </Button>
        <Button variant="secondary" asChild>
          <Link to="/nutrition/screening">{t('screening_link')}</Link>
        </Button>
      </nav>
      <ProblemMessage error={dash.error} />
      {d ? (
        <>
          <Card>
            <CardTitle>{t('current_plan')}</CardTitle>
            {d.current_plan ? (
              <p>
                <Link
                  to="/nutrition/plans/$id"
                  params={{ id: String(d.current_plan.id) }}
                  className="font-medium text-teal-900 underline"
                >
                  {d.current_plan.name}
                </Link>{' '}
                · {t('per_day', { kcal: d.current_plan.target_calories })}
              </p>
            ) : (
              <EmptyState>{t('no_plan')}</EmptyState>
            )}
          </Card>

          <Card>
            <CardTitle>{t('meals_today')}</CardTitle>
            <p
              role="status"
              aria-live="polite"
              className="min-h-6 text-sm font-medium text-teal-900"
              data-testid="tick-status"
            >
              {message}
            </p>
            {d.today.meals.length === 0 ? <p className="text-sm">{t('no_meals_today')}</p> : null}
            <ul className="divide-y" data-testid="today-meals">
              {d.today.meals.map((m) => (
                <li
                  key={m.meal_id}
                  className="flex flex-wrap items-center gap-3 py-2"
                  data-done={m.completed}
                >
                  <div className="min-w-0 flex-1">
                    <p className="font-medium">{m.name}</p>
                    <MacroLine m={m.totals} />
                  </div>
                  {m.completed ? (
                    <span className="flex items-center gap-1 text-sm font-medium text-teal-900">
                      <Tick /> {t('ticked')}
                    </span>
                  ) : (
                    <Button
                      variant="secondary"
                      disabled={complete.isPending}
                      onClick={() => complete.mutate({ meal_id: m.meal_id, name: m.name })}
                    >
                      {t('tick', { name: m.name })}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
            <ProblemMessage error={complete.error} />
          </Card>

          <Card>
            <CardTitle>{t('eaten_planned')}</CardTitle>
            <TargetBars
              totals={d.today.eaten}
              targets={
                d.today.targets ?? {
                  kcal: d.today.planned.kcal || null,
                  protein_g: d.today.planned.protein_g || null,
                  carbs_g: d.today.planned.carbs_g || null,
                  fat_g: d.today.planned.fat_g || null,
                }
              }
              testId="today-totals"
            />
          </Card>

          <Card>
            <CardTitle>{t('weekly')}</CardTitle>
            <p className="text-sm">
              {d.weekly.adherence === null
                ? t('adherence_none')
                : t('adherence_week', { pct: Math.round(d.weekly.adherence * 100) })}
            </p>
            <Suspense fallback={<div className="mt-3 min-h-[42rem]" aria-busy="true" />}>
              <WeeklyCharts days={d.weekly.days} />
            </Suspense>
          </Card>

          {d.recommendations.length ? (
            <Card>
              <CardTitle>{t('recommendations')}</CardTitle>
              <ul className="list-disc pl-5 text-sm">
                {d.recommendations.map((r) => (
                  <li key={r.code}>{r.text}</li>
                ))}
              </ul>
            </Card>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
