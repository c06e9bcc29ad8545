import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import { useAuth } from '../app/auth';
import { qk } from '../app/query';
import { gymHeader, localName, MacroLine, TargetBars } from '../components/nutrition';
import { EmptyState, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';

export const Route = createFileRoute('/nutrition/plans/$id')({ component: PlanDetail });

const STAFF = ['owner', 'admin', 'trainer'];

/** Why a follow was refused, in calm words with the way forward (the API's reason codes). */
function FollowRefusal({ error }: { error: unknown }) {
  const { t } = useTranslation('nutrition');
  if (!(error instanceof ApiError)) return <ProblemMessage error={error} />;
  const reason = error.reason ?? '';
  const kind = reason.endsWith('screening-required')
    ? 'screening_required'
    : reason.endsWith('screening-blocked')
      ? 'screening_blocked'
      : reason.endsWith('guardian-consent-required')
        ? 'guardian_required'
        : null;
  if (!kind) return <ProblemMessage error={error} />;
  return (
    <div
      className={`rounded-md p-3 text-sm ring-1 ${kind === 'screening_required' ? 'bg-sky-50 ring-sky-200' : 'bg-amber-50 ring-amber-200'}`}
      role="status"
      data-testid="follow-refusal"
    >
      <p>{t(kind)}</p>
      {kind !== 'guardian_required' ? (
        <Link to="/nutrition/screening" className="mt-2 inline-block font-medium text-teal-900 underline">
          {t('answer_questions')}
        </Link>
      ) : null}
    </div>
  );
}

function Followers({ planId }: { planId: number }) {
  const { t, i18n } = useTranslation('nutrition');
  const q = useQuery({
    queryKey: qk('nutrition-followers', planId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/nutrition/plans/{id}/followers', {
          params: { path: { id: planId }, header: gymHeader(), query: { limit: 100 } as never },
        }),
      ),
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  return (
    <Card>
      <CardTitle>{t('followers')}</CardTitle>
      <ProblemMessage error={q.error} />
      {q.data?.length === 0 ? <p className="text-sm">{t('no_followers')}</p> : null}
      <ul className="divide-y text-sm">
        {q.data?.map((f) => (
          <li key={f.user_id} className="py-1">
            {f.name} · {t('since', { date: date.format(new Date(`${f.started_on}T12:00:00Z`)) })}
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** A plan by day and meal, with totals against its targets; members follow it, staff duplicate or edit it. */
function PlanDetail() {
  const { t, i18n } = useTranslation('nutrition');
  const { id } = Route.useParams();
  const planId = Number(id);
  const { role } = useAuth();
  const staff = role !== null && STAFF.includes(role);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [dayIdx, setDayIdx] = useState(0);
  const [done, setDone] = useState<'followed' | 'unfollowed' | null>(null);

  const plan = useQuery({
    queryKey: qk('nutrition-plan', planId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/nutrition/plans/{id}', { params: { path: { id: planId }, header: gymHeader() } }),
      ),
  });
  const following = useQuery({
    queryKey: qk('nutrition-following'),
    queryFn: () => unwrap(api.GET('/api/v1/nutrition/following', { params: { header: gymHeader() } })),
  });
  const isFollowing = following.data?.some((f) => f.plan_id === planId) ?? false;
  const refresh = () =>
    qc.invalidateQueries({
      predicate: (q) => q.queryKey.some((k) => typeof k === 'string' && k.startsWith('nutrition')),
    });

  const follow = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/nutrition/plans/{id}/follow', {
          params: { path: { id: planId }, header: gymHeader() },
        }),
      ),
    onSuccess: () => {
      setDone('followed');
      void refresh();
    },
  });
  const unfollow = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/v1/nutrition/plans/{id}/follow', {
          params: { path: { id: planId }, header: gymHeader() },
        }),
      ),
    onSuccess: () => {
      setDone('unfollowed');
      void refresh();
    },
  });
  const duplicate = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/nutrition/plans/{id}/duplicate', {
          params: { path: { id: planId }, header: gymHeader() },
        }),
      ),
    onSuccess: (copy) => {
      void refresh();
      void navigate({ to: '/nutrition/builder', search: { id: copy.id } });
    },
  });

  if (plan.error) return <ProblemMessage error={plan.error} />;
  const p = plan.data;
  if (!p) return <p aria-busy>…</p>;
  const day = p.days[Math.min(dayIdx, p.days.length - 1)];
  const dayLabel = (d: (typeof p.days)[number]) =>
    (d.weekday ? t(`weekday.${d.weekday}`) : t('day_n', { n: d.day_number })) +
    (d.kind ? ` · ${t(`day_kind.${d.kind}`)}` : '');
  const targets = { kcal: p.target_calories, protein_g: p.protein_g, carbs_g: p.carbs_g, fat_g: p.fat_g };

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">{p.name}</h1>
        <p className="text-slate-700">
          {t(`goal.${p.goal}`)} · {t(`type.${p.type}`)}
          {p.live_status ? ` · ${t(`live_status.${p.live_status}`)}` : ''} ·{' '}
          {t('per_day', { kcal: p.target_calories })} · {t('followers', { count: p.followers })}
        </p>
        {p.description ? <p className="mt-1 max-w-prose">{p.description}</p> : null}
      </div>

      <Card>
        {isFollowing ? <p className="mb-2 font-medium">{t('following')}</p> : null}
        {done ? (
          <p role="status" className="mb-2 text-sm" data-testid="follow-status">
            {t(done)}{' '}
            {done === 'followed' ? (
              <Link to="/nutrition" className="font-medium text-teal-900 underline">
                {t('go_today')}
              </Link>
            ) : null}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {isFollowing ? (
            <Button variant="secondary" disabled={unfollow.isPending} onClick={() => unfollow.mutate()}>
              {t('unfollow')}
            </Button>
          ) : (
            <Button disabled={follow.isPending || following.isPending} onClick={() => follow.mutate()}>
              {t('follow')}
            </Button>
          )}
          {staff ? (
            <>
              <Button variant="secondary" disabled={duplicate.isPending} onClick={() => duplicate.mutate()}>
                {t('duplicate')}
              </Button>
              <Button variant="secondary" asChild>
                <Link to="/nutrition/builder" search={{ id: planId }}>
                  {t('edit')}
                </Link>
              </Button>
            </>
          ) : null}
        </div>
        {follow.error ? (
          <div className="mt-3">
            <FollowRefusal error={follow.error} />
          </div>
        ) : null}
        <ProblemMessage error={unfollow.error ?? duplicate.error} />
      </Card>

      {p.days.length === 0 ? <EmptyState>{t('no_meals')}</EmptyState> : null}
      {p.days.length > 1 ? (
        <div className="flex gap-1 overflow-x-auto" role="group" aria-label={t('builder.days')}>
          {p.days.map((d, i) => (
            <Button
              key={d.id}
              variant={d === day ? 'primary' : 'secondary'}
              aria-pressed={d === day}
              onClick={() => setDayIdx(i)}
            >
              {d.weekday ? t(`weekday.${d.weekday}`) : t('day_n', { n: d.day_number })}
            </Button>
          ))}
        </div>
      ) : null}
      {day ? (
        <section className="space-y-3" aria-label={dayLabel(day)}>
          <h2 className="text-xl font-semibold">{dayLabel(day)}</h2>
          <Card>
            <CardTitle>{t('day_totals')}</CardTitle>
            <TargetBars totals={day.totals} targets={targets} testId="plan-day-totals" />
          </Card>
          {day.meals.length === 0 ? <p>{t('no_meals')}</p> : null}
          {day.meals.map((m) => (
            <Card key={m.id}>
              <CardTitle>
                {m.name}
                {m.time ? <span className="font-normal text-slate-700"> · {m.time}</span> : null}
              </CardTitle>
              <ul className="divide-y">
                {m.items.map((it) => (
                  <li key={it.id} className="flex flex-wrap justify-between gap-x-3 py-1 text-sm">
                    <span>
                      {localName(i18n.language, it) ?? t('item_unknown', { id: it.food_id ?? it.recipe_id })}{' '}
                      · {it.grams} {t('g')}
                    </span>
                    <span className="text-slate-700">
                      {Math.round(it.totals.kcal)} {t('kcal')}
                    </span>
                  </li>
                ))}
              </ul>
              <p className="mt-2 text-sm">
                <span className="font-medium">{t('meal_total')}: </span>
                <MacroLine m={m.totals} />
              </p>
            </Card>
          ))}
        </section>
      ) : null}
      {staff ? <Followers planId={planId} /> : null}
    </div>
  );
}
