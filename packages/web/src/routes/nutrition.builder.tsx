import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import { qk } from '../app/query';
import {
  gymHeader,
  localName,
  MacroLine,
  selectClass,
  TargetBars,
  useAiStatus,
} from '../components/nutrition';
import { ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';
import { MEAL_TYPES, NUTRITION_GOALS, PLAN_TYPES, planGenerator } from '../lib/nutrition';
import {
  dayTotals,
  daysBody,
  mealTotals,
  newKey,
  nextDay,
  per100FromTotals,
  type DraftDay,
  type DraftItem,
  type DraftMeal,
} from '../lib/plan-draft';
import { fieldErrors } from '../lib/problem-fields';

export const Route = createFileRoute('/nutrition/builder')({
  component: Builder,
  validateSearch: (s: Record<string, unknown>): { id?: number } => {
    const id = Number(s.id);
    return Number.isInteger(id) && id > 0 ? { id } : {};
  },
});

type Goal = (typeof NUTRITION_GOALS)[number];
type Kind = (typeof PLAN_TYPES)[number];

interface Head {
  name: string;
  description: string;
  goal: Goal;
  type: Kind;
  target_calories: string;
  protein_g: string;
  carbs_g: string;
  fat_g: string;
  start_date: string;
}

const EMPTY_HEAD: Head = {
  name: '',
  description: '',
  goal: 'maintenance',
  type: 'regular',
  target_calories: '2000',
  protein_g: '',
  carbs_g: '',
  fat_g: '',
  start_date: '',
};
const numOrNull = (v: string) => (v.trim() === '' ? null : Number(v.replace(',', '.')));

/** Search foods and recipes of the gym and add one to a meal. */
function ItemPicker({ mealName, onPick }: { mealName: string; onPick: (i: DraftItem) => void }) {
  const { t, i18n } = useTranslation('nutrition');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: qk('builder-search', q),
    enabled: q.length > 0,
    queryFn: async () => {
      const [foods, recipes] = await Promise.all([
        unwrap(
          api.GET('/api/v1/nutrition/foods', {
            params: { header: gymHeader(), query: { q, limit: 8 } as never },
          }),
        ),
        unwrap(
          api.GET('/api/v1/nutrition/recipes', {
            params: { header: gymHeader(), query: { q, limit: 4 } as never },
          }),
        ),
      ]);
      return [
        ...foods.map((f) => ({
          kind: 'food' as const,
          ref: f.id,
          name: localName(i18n.language, f) ?? '',
          per100g: f.per_100g,
        })),
        ...recipes.map((r) => ({ kind: 'recipe' as const, ref: r.id, name: r.name, per100g: r.per_100g })),
      ];
    },
  });
  return (
    <div className="mt-2 rounded-md bg-slate-50 p-2">
      <form
        role="search"
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(text.trim());
        }}
      >
        <div className="flex-1">
          <Field label={t('builder.add_food', { meal: mealName })}>
            <Input type="search" value={text} onChange={(e) => setText(e.target.value)} />
          </Field>
        </div>
        <Button type="submit" variant="secondary">
          {t('search')}
        </Button>
      </form>
      <ProblemMessage error={found.error} />
      {found.data?.length === 0 ? <p className="text-sm">{t('diary.no_results')}</p> : null}
      <ul className="mt-1">
        {found.data?.map((f) => (
          <li key={`${f.kind}${f.ref}`} className="flex items-center justify-between gap-2">
            <span className="text-sm">
              {f.name}
              {f.kind === 'recipe' ? ` (${t('builder.recipe')})` : ''} ·{' '}
              {t('diary.per100', { kcal: Math.round(f.per100g.kcal) })}
            </span>
            <Button
              variant="ghost"
              onClick={() => {
                onPick({
                  key: newKey(),
                  kind: f.kind,
                  ref: f.ref,
                  name: f.name,
                  per100g: f.per100g,
                  grams: 100,
                });
                setText('');
                setQ('');
              }}
            >
              {t('builder.pick', { name: f.name })}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function MealEditor({
  meal,
  onChange,
  onRemove,
}: {
  meal: DraftMeal;
  onChange: (m: DraftMeal) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('nutrition');
  const setItem = (key: string, patch: Partial<DraftItem> | null) =>
    onChange({
      ...meal,
      items:
        patch === null
          ? meal.items.filter((i) => i.key !== key)
          : meal.items.map((i) => (i.key === key ? { ...i, ...patch } : i)),
    });
  return (
    <div className="rounded-md p-3 ring-1 ring-slate-200">
      <div className="grid gap-2 sm:grid-cols-3">
        <Field label={t('builder.meal_name')}>
          <Input value={meal.name} onChange={(e) => onChange({ ...meal, name: e.target.value })} />
        </Field>
        <Field label={t('diary.meal')}>
          <select
            className={selectClass}
            value={meal.meal_type}
            onChange={(e) => onChange({ ...meal, meal_type: e.target.value })}
          >
            {MEAL_TYPES.map((m) => (
              <option key={m} value={m}>
                {t(`meal_type.${m}`)}
              </option>
            ))}
          </select>
        </Field>
        <div className="self-end">
          <Button variant="ghost" onClick={onRemove}>
            {t('builder.remove_meal', { name: meal.name || t(`meal_type.${meal.meal_type}`) })}
          </Button>
        </div>
      </div>
      <ul className="mt-2 divide-y">
        {meal.items.map((i) => (
          <li key={i.key} className="flex flex-wrap items-center gap-2 py-1">
            <span className="min-w-0 flex-1 text-sm">{i.name}</span>
            <Input
              className="w-24!"
              inputMode="decimal"
              aria-label={t('builder.grams_of', { name: i.name })}
              value={String(i.grams)}
              onChange={(e) => setItem(i.key, { grams: Number(e.target.value.replace(',', '.')) || 0 })}
            />
            <span className="text-sm">{t('g')}</span>
            <Button variant="ghost" onClick={() => setItem(i.key, null)}>
              {t('builder.remove_item', { name: i.name })}
            </Button>
          </li>
        ))}
      </ul>
      <p className="mt-1 text-sm">
        <span className="font-medium">{t('meal_total')}: </span>
        <MacroLine m={mealTotals(meal)} />
      </p>
      <ItemPicker
        mealName={meal.name || t(`meal_type.${meal.meal_type}`)}
        onPick={(item) => onChange({ ...meal, items: [...meal.items, item] })}
      />
    </div>
  );
}

function Templates() {
  const { t } = useTranslation('nutrition');
  const navigate = useNavigate();
  const templates = useQuery({
    queryKey: qk('nutrition-plans', 'templates'),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/nutrition/plans', {
          params: { header: gymHeader(), query: { type: 'template', limit: 20 } as never },
        }),
      ),
  });
  const use = useMutation({
    mutationFn: (id: number) =>
      unwrap(
        api.POST('/api/v1/nutrition/plans/{id}/duplicate', { params: { path: { id }, header: gymHeader() } }),
      ),
    onSuccess: (copy) => void navigate({ to: '/nutrition/builder', search: { id: copy.id } }),
  });
  return (
    <Card>
      <CardTitle>{t('builder.templates')}</CardTitle>
      <ProblemMessage error={templates.error ?? use.error} />
      {templates.data?.length === 0 ? <p className="text-sm">{t('builder.no_templates')}</p> : null}
      <ul className="flex flex-wrap gap-2">
        {templates.data?.map((p) => (
          <li key={p.id}>
            <Button variant="secondary" disabled={use.isPending} onClick={() => use.mutate(p.id)}>
              {t('builder.use_template', { name: p.name })}
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Generate() {
  const { t } = useTranslation('nutrition');
  const [goal, setGoal] = useState<Goal>('maintenance');
  const [calories, setCalories] = useState('2000');
  const [meals, setMeals] = useState('4');
  const [days, setDays] = useState('3');
  const gen = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/nutrition/plans/generate', {
          params: { header: gymHeader() },
          body: {
            goal,
            calories: Number(calories),
            meals_per_day: Number(meals),
            days: Number(days),
          } as never,
        }),
      ),
  });
  // Said before the button is pressed: who answers decides what the plan will be like (an AI draft or the
  // catalogue generator's), and without AI the form still works, so it is explained rather than withheld.
  const generator = planGenerator(useAiStatus().data);
  const errs = fieldErrors(gen.error);
  const needsScreening =
    gen.error instanceof ApiError && /screening-(required|blocked)$/.test(gen.error.problem.type ?? '');
  const r = gen.data;
  return (
    <Card>
      <CardTitle>{t('builder.generate')}</CardTitle>
      <p className="text-sm text-slate-700">{t('builder.generate_intro')}</p>
      {generator ? (
        <p
          id="generator-ahead"
          className="mt-1 text-sm text-slate-700"
          data-testid="generator-ahead"
          data-generator={generator}
        >
          {t(`builder.generator.${generator}`)}
        </p>
      ) : null}
      <form
        className="mt-2 grid gap-3 sm:grid-cols-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          gen.mutate();
        }}
      >
        <Field label={t('builder.goal')} error={errs.goal}>
          <select className={selectClass} value={goal} onChange={(e) => setGoal(e.target.value as Goal)}>
            {NUTRITION_GOALS.map((g) => (
              <option key={g} value={g}>
                {t(`goal.${g}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('builder.target_kcal')} error={errs.calories}>
          <Input inputMode="numeric" value={calories} onChange={(e) => setCalories(e.target.value)} />
        </Field>
        <Field label={t('builder.meals_per_day')} error={errs.meals_per_day}>
          <Input inputMode="numeric" value={meals} onChange={(e) => setMeals(e.target.value)} />
        </Field>
        <Field label={t('builder.gen_days')} error={errs.days}>
          <Input inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
        </Field>
        <div className="sm:col-span-4">
          <Button
            type="submit"
            disabled={gen.isPending}
            aria-describedby={generator ? 'generator-ahead' : undefined}
          >
            {gen.isPending ? t('builder.generating') : t('builder.generate')}
          </Button>
        </div>
      </form>
      {gen.error && !Object.keys(errs).length ? <ProblemMessage error={gen.error} /> : null}
      {needsScreening ? (
        <Link to="/nutrition/screening" className="text-sm font-medium text-teal-900 underline">
          {t('answer_questions')}
        </Link>
      ) : null}
      {r ? (
        <div role="status" className="mt-3 space-y-1 text-sm" data-testid="generation" data-source={r.source}>
          <p className="font-medium">
            {r.source === 'ai'
              ? t('builder.source_ai', { model: r.model ?? '' })
              : t('builder.source_fallback', {
                  reason: t(`builder.fallback_reason.${r.fallback_reason ?? 'not_configured'}`),
                })}
          </p>
          <p>{r.within_targets ? t('builder.within') : t('builder.not_within')}</p>
          <Link
            to="/nutrition/plans/$id"
            params={{ id: String(r.plan.id) }}
            className="font-medium text-teal-900 underline"
          >
            {t('builder.open_plan')}: {r.plan.name}
          </Link>
        </div>
      ) : null}
    </Card>
  );
}

/** Days, meals and foods or recipes with live totals against the targets; saves as a new plan or over one. */
function Builder() {
  const { t } = useTranslation('nutrition');
  const { id } = Route.useSearch();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [head, setHead] = useState<Head>(EMPTY_HEAD);
  const [days, setDays] = useState<DraftDay[]>(() => [nextDay([])]);
  const [active, setActive] = useState(0);

  const existing = useQuery({
    queryKey: qk('nutrition-plan', id),
    enabled: id !== undefined,
    queryFn: () =>
      unwrap(api.GET('/api/v1/nutrition/plans/{id}', { params: { path: { id: id! }, header: gymHeader() } })),
  });
  useEffect(() => {
    const p = existing.data;
    if (!p) return;
    const s = (n: number | null) => (n === null ? '' : String(n));
    setHead({
      name: p.name,
      description: p.description ?? '',
      goal: p.goal,
      type: p.type,
      target_calories: String(p.target_calories),
      protein_g: s(p.protein_g),
      carbs_g: s(p.carbs_g),
      fat_g: s(p.fat_g),
      start_date: p.start_date ?? '',
    });
    setDays(
      p.days.map((d) => ({
        key: newKey(),
        day_number: d.day_number,
        weekday: d.weekday,
        kind: d.kind,
        meals: d.meals.map((m) => ({
          key: newKey(),
          name: m.name,
          meal_type: m.meal_type,
          time: m.time,
          items: m.items.map((i) => ({
            key: newKey(),
            kind: i.food_id !== null ? ('food' as const) : ('recipe' as const),
            ref: (i.food_id ?? i.recipe_id)!,
            name: i.name ?? '',
            grams: i.grams,
            per100g: per100FromTotals(i.totals, i.grams),
          })),
        })),
      })),
    );
    setActive(0);
  }, [existing.data]);

  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: head.name.trim(),
        ...(head.description.trim() ? { description: head.description.trim() } : {}),
        goal: head.goal,
        target_calories: numOrNull(head.target_calories),
        protein_g: numOrNull(head.protein_g),
        carbs_g: numOrNull(head.carbs_g),
        fat_g: numOrNull(head.fat_g),
        ...(head.start_date ? { start_date: head.start_date } : {}),
        days: daysBody(days),
      };
      return id === undefined
        ? unwrap(
            api.POST('/api/v1/nutrition/plans', {
              params: { header: gymHeader() },
              body: { ...body, type: head.type } as never,
            }),
          )
        : unwrap(
            api.PATCH('/api/v1/nutrition/plans/{id}', {
              params: { path: { id }, header: gymHeader() },
              body: body as never,
            }),
          );
    },
    onSuccess: (p) => {
      void qc.invalidateQueries({
        predicate: (q) => q.queryKey.some((k) => typeof k === 'string' && k.startsWith('nutrition')),
      });
      void navigate({ to: '/nutrition/plans/$id', params: { id: String(p.id) } });
    },
  });
  const errs = fieldErrors(save.error);
  const targets = {
    kcal: numOrNull(head.target_calories),
    protein_g: numOrNull(head.protein_g),
    carbs_g: numOrNull(head.carbs_g),
    fat_g: numOrNull(head.fat_g),
  };
  const day = days[Math.min(active, days.length - 1)];
  const dayName = (d: DraftDay) =>
    d.weekday !== null ? t(`weekday.${d.weekday}`) : t('day_n', { n: d.day_number });
  const setDay = (d: DraftDay) => setDays(days.map((x) => (x.key === d.key ? d : x)));
  const set = (k: keyof Head) => (e: { target: { value: string } }) =>
    setHead({ ...head, [k]: e.target.value });

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">
        {id === undefined ? t('builder.title') : t('builder.edit_title')}
      </h1>
      {id === undefined ? <Templates /> : null}
      <ProblemMessage error={existing.error} />
      <Card>
        <div className="grid gap-3 sm:grid-cols-4">
          <div className="sm:col-span-2">
            <Field label={t('builder.name')} error={errs.name}>
              <Input value={head.name} onChange={set('name')} />
            </Field>
          </div>
          <Field label={t('builder.goal')} error={errs.goal}>
            <select className={selectClass} value={head.goal} onChange={set('goal')}>
              {NUTRITION_GOALS.map((g) => (
                <option key={g} value={g}>
                  {t(`goal.${g}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('builder.type')} error={errs.type}>
            <select
              className={selectClass}
              value={head.type}
              onChange={set('type')}
              disabled={id !== undefined}
            >
              {PLAN_TYPES.map((k) => (
                <option key={k} value={k}>
                  {t(`type.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          <div className="sm:col-span-4">
            <Field label={t('builder.description')} error={errs.description}>
              <Input value={head.description} onChange={set('description')} />
            </Field>
          </div>
          <Field label={t('builder.target_kcal')} error={errs.target_calories}>
            <Input inputMode="numeric" value={head.target_calories} onChange={set('target_calories')} />
          </Field>
          <Field label={t('builder.protein')} error={errs.protein_g}>
            <Input inputMode="decimal" value={head.protein_g} onChange={set('protein_g')} />
          </Field>
          <Field label={t('builder.carbs')} error={errs.carbs_g}>
            <Input inputMode="decimal" value={head.carbs_g} onChange={set('carbs_g')} />
          </Field>
          <Field label={t('builder.fat')} error={errs.fat_g}>
            <Input inputMode="decimal" value={head.fat_g} onChange={set('fat_g')} />
          </Field>
          {head.type === 'live' ? (
            <Field label={t('builder.start_date')} error={errs.start_date}>
              <Input type="date" value={head.start_date} onChange={set('start_date')} />
            </Field>
          ) : null}
        </div>
      </Card>

      <Card>
        <CardTitle>{t('builder.days')}</CardTitle>
        <div className="flex flex-wrap gap-1" role="group" aria-label={t('builder.days')}>
          {days.map((d, i) => (
            <Button
              key={d.key}
              variant={d === day ? 'primary' : 'secondary'}
              aria-pressed={d === day}
              onClick={() => setActive(i)}
            >
              {dayName(d)}
            </Button>
          ))}
          <Button
            variant="ghost"
            onClick={() => {
              setDays([...days, nextDay(days)]);
              setActive(days.length);
            }}
          >
            {t('builder.add_day')}
          </Button>
        </div>
        {day ? (
          <div className="mt-3 space-y-3">
            <div className="rounded-md bg-slate-50 p-3" aria-live="polite">
              <h3 className="mb-2 font-medium">{t('builder.live_totals', { n: dayName(day) })}</h3>
              <TargetBars totals={dayTotals(day)} targets={targets} testId="builder-totals" />
            </div>
            {day.meals.map((m) => (
              <MealEditor
                key={m.key}
                meal={m}
                onChange={(nm) => setDay({ ...day, meals: day.meals.map((x) => (x.key === m.key ? nm : x)) })}
                onRemove={() => setDay({ ...day, meals: day.meals.filter((x) => x.key !== m.key) })}
              />
            ))}
            <div className="flex flex-wrap gap-2">
              <Button
                variant="secondary"
                onClick={() =>
                  setDay({
                    ...day,
                    meals: [
                      ...day.meals,
                      { key: newKey(), name: '', meal_type: 'other', time: null, items: [] },
                    ],
                  })
                }
              >
                {t('builder.add_meal')}
              </Button>
              {days.length > 1 ? (
                <Button
                  variant="ghost"
                  onClick={() => {
                    setDays(days.filter((x) => x.key !== day.key));
                    setActive(0);
                  }}
                >
                  {t('builder.remove_day', { n: dayName(day) })}
                </Button>
              ) : null}
            </div>
          </div>
        ) : null}
      </Card>

      {save.error && !Object.keys(errs).length ? <ProblemMessage error={save.error} /> : null}
      {Object.keys(errs).some((k) => k.startsWith('days')) ? <ProblemMessage error={save.error} /> : null}
      <Button onClick={() => save.mutate()} disabled={save.isPending}>
        {t('builder.save')}
      </Button>

      {id === undefined ? <Generate /> : null}
    </div>
  );
}
