import { useQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { useAuth } from '../app/auth';
import { qk } from '../app/query';
import { gymHeader, selectClass } from '../components/nutrition';
import { EmptyState, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { Input } from '../components/ui/input';
import { Label } from '../components/ui/label';
import { NUTRITION_GOALS, PLAN_TYPES } from '../lib/nutrition';

export const Route = createFileRoute('/nutrition/plans/')({ component: Plans });

const PAGE = 20;
const STAFF = ['owner', 'admin', 'trainer'];
type Goal = (typeof NUTRITION_GOALS)[number];
type Kind = (typeof PLAN_TYPES)[number];

/** The gym's plans with their daily targets, searchable and paginated. */
function Plans() {
  const { t } = useTranslation('nutrition');
  const { role } = useAuth();
  const staff = role !== null && STAFF.includes(role);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [goal, setGoal] = useState<Goal | ''>('');
  const [type, setType] = useState<Kind | ''>('');
  const [page, setPage] = useState(0);
  const plans = useQuery({
    queryKey: qk('nutrition-plans', q, goal, type, page),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/nutrition/plans', {
          params: {
            header: gymHeader(),
            query: {
              skip: page * PAGE,
              limit: PAGE,
              ...(q ? { q } : {}),
              ...(goal ? { goal } : {}),
              ...(type ? { type } : {}),
            } as never,
          },
        }),
      ),
  });
  const rows = plans.data ?? [];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t('plans')}</h1>
        {staff ? (
          <Button asChild className="ml-auto">
            <Link to="/nutrition/builder">{t('builder.title')}</Link>
          </Button>
        ) : null}
      </div>
      <form
        role="search"
        className="grid gap-3 sm:grid-cols-4"
        onSubmit={(e) => {
          e.preventDefault();
          setPage(0);
          setQ(text.trim());
        }}
      >
        <div className="sm:col-span-2">
          <Label htmlFor="plan-q">{t('search_plans')}</Label>
          <div className="mt-1 flex gap-2">
            <Input id="plan-q" type="search" value={text} onChange={(e) => setText(e.target.value)} />
            <Button type="submit" variant="secondary">
              {t('search')}
            </Button>
          </div>
        </div>
        <div>
          <Label htmlFor="plan-goal">{t('builder.goal')}</Label>
          <select
            id="plan-goal"
            className={selectClass + ' mt-1'}
            value={goal}
            onChange={(e) => {
              setPage(0);
              setGoal(e.target.value as Goal | '');
            }}
          >
            <option value="">{t('all_goals')}</option>
            {NUTRITION_GOALS.map((g) => (
              <option key={g} value={g}>
                {t(`goal.${g}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <Label htmlFor="plan-type">{t('builder.type')}</Label>
          <select
            id="plan-type"
            className={selectClass + ' mt-1'}
            value={type}
            onChange={(e) => {
              setPage(0);
              setType(e.target.value as Kind | '');
            }}
          >
            <option value="">{t('all_types')}</option>
            {PLAN_TYPES.map((k) => (
              <option key={k} value={k}>
                {t(`type.${k}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ProblemMessage error={plans.error} />
      {!plans.isPending && rows.length === 0 ? (
        <EmptyState>{staff ? t('no_plans_staff') : t('no_plans')}</EmptyState>
      ) : null}
      <ul className="grid gap-3 sm:grid-cols-2" data-testid="plan-list">
        {rows.map((p) => (
          <li key={p.id}>
            <Card className="h-full">
              <h2 className="text-base font-semibold">
                <Link
                  to="/nutrition/plans/$id"
                  params={{ id: String(p.id) }}
                  className="text-teal-900 underline-offset-2 hover:underline"
                >
                  {p.name}
                </Link>
              </h2>
              <p className="text-sm text-slate-700">
                {t(`goal.${p.goal}`)} · {t(`type.${p.type}`)}
                {p.live_status ? ` · ${t(`live_status.${p.live_status}`)}` : ''} ·{' '}
                {t('days', { count: p.duration_days })}
              </p>
              <p className="mt-1 font-medium">{t('per_day', { kcal: p.target_calories })}</p>
              {p.protein_g || p.carbs_g || p.fat_g ? (
                <p className="text-sm text-slate-700">
                  {t('macro.protein_g')} {p.protein_g ?? '—'} {t('g')} · {t('macro.carbs_g')}{' '}
                  {p.carbs_g ?? '—'} {t('g')} · {t('macro.fat_g')} {p.fat_g ?? '—'} {t('g')}
                </p>
              ) : null}
              <p className="mt-1 text-sm text-slate-700">
                {t('followers', { count: p.followers })}
                {p.restrictive ? ` · ${t('restrictive')}` : ''}
              </p>
            </Card>
          </li>
        ))}
      </ul>
      {page > 0 || rows.length === PAGE ? (
        <nav className="flex items-center gap-3" aria-label={t('plans')}>
          <Button variant="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t('previous')}
          </Button>
          <span className="text-sm">{t('page', { n: page + 1 })}</span>
          <Button variant="secondary" disabled={rows.length < PAGE} onClick={() => setPage(page + 1)}>
            {t('next')}
          </Button>
        </nav>
      ) : null}
    </div>
  );
}
