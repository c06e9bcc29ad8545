import { useQuery } from '@tanstack/react-query';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import { qk } from '../app/query';
import { GuideLink } from '../components/guide-link';
import { EmptyState, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';
import { Card, CardTitle } from '../components/ui/card';
import { ATHLETE } from '../i18n/athlete';

interface HeartRates {
  max_hr?: number;
  resting_hr?: number;
}

export const Route = createFileRoute('/zones')({
  component: Zones,
  // Whole numbers only; the API checks the ranges and names the field when one is out of them.
  validateSearch: (s: Record<string, unknown>): HeartRates => {
    const out: HeartRates = {};
    for (const k of ['max_hr', 'resting_hr'] as const) {
      const n = Number(s[k]);
      if (s[k] !== undefined && s[k] !== '' && Number.isInteger(n)) out[k] = n;
    }
    return out;
  },
});

/**
 * Heart rates to work the zones out with, for this view (the API's max_hr/resting_hr overrides): without a
 * maximum heart rate or a birth date in the athlete profile there are no zones to show otherwise.
 */
function HeartRateForm({ current, error }: { current: HeartRates; error: unknown }) {
  const { t } = useTranslation(ATHLETE);
  const navigate = useNavigate();
  // The API names the out-of-range parameter (`query.max_hr`): its message goes next to that input.
  const fieldError = (k: keyof HeartRates) =>
    error instanceof ApiError
      ? error.problem.errors?.find((x) => x.field.replace(/^query\./, '') === k)?.message
      : undefined;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const search: Record<string, string> = {};
    for (const k of ['max_hr', 'resting_hr'] as const) {
      const raw = f.get(k);
      const v = typeof raw === 'string' ? raw.trim() : '';
      if (v) search[k] = v;
    }
    void navigate({ to: '/zones', search: search as never });
  };
  return (
    <Card>
      <CardTitle>{t('your_hr')}</CardTitle>
      <form className="flex flex-wrap items-end gap-3" noValidate onSubmit={submit}>
        <Field label={t('max_hr_input')} error={fieldError('max_hr')}>
          <Input name="max_hr" type="number" inputMode="numeric" defaultValue={current.max_hr ?? ''} />
        </Field>
        <Field label={t('resting_hr_input')} error={fieldError('resting_hr')}>
          <Input
            name="resting_hr"
            type="number"
            inputMode="numeric"
            defaultValue={current.resting_hr ?? ''}
          />
        </Field>
        <Button type="submit">{t('show_zones')}</Button>
      </form>
      <p className="mt-2 text-sm text-slate-700">{t('hr_form_help')}</p>
    </Card>
  );
}

/** Zone colours from cool to hot; text stays slate-900 on all of them for contrast. */
const ZONE_BG = ['bg-sky-100', 'bg-emerald-100', 'bg-yellow-100', 'bg-orange-100', 'bg-red-100'];

function Zones() {
  const { t } = useTranslation(ATHLETE);
  const search = Route.useSearch();
  const q = useQuery({
    queryKey: qk('intensity-zones', search.max_hr ?? null, search.resting_hr ?? null),
    queryFn: () => unwrap(api.GET('/api/v1/training/intensity-zones', { params: { query: search } })),
  });
  const z = q.data;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('zones_title')}</h1>
      <ProblemMessage error={q.error} />
      {q.error && !search.max_hr ? <EmptyState>{t('zones_need_hr')}</EmptyState> : null}
      <HeartRateForm current={search} error={q.error} key={`${search.max_hr}-${search.resting_hr}`} />
      {z ? (
        <>
          <Card>
            <CardTitle>{t('how_derived')}</CardTitle>
            <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="zones-derivation">
              <li>{t(`method.${z.method}`, { rest: z.resting_hr ?? '—' })}</li>
              <li>
                {t('max_hr', { hr: z.max_hr })} — {t(`max_hr_source.${z.max_hr_source}`)}
              </li>
              <li>
                {t(`pace_source.${z.pace_source}`, {
                  pace: z.threshold_pace ?? '—',
                  vdot: z.vdot != null ? z.vdot.toFixed(1) : '—',
                })}
              </li>
              {z.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
            <p className="mt-3">
              <GuideLink topic="zones" />
            </p>
          </Card>
          <h2 className="text-xl font-semibold">{t('hr_zones')}</h2>
          <ol className="space-y-2" data-testid="zones">
            {z.zones.map((zone, i) => (
              <li key={zone.zone}>
                <Card className={ZONE_BG[i] ?? ''}>
                  <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
                    <h3 className="font-semibold">
                      {t('zone')} {zone.zone} · {zone.name}
                    </h3>
                    <span className="text-lg font-semibold" aria-label={t('heart_rate')}>
                      {zone.hr_range}
                    </span>
                    {zone.pace_range ? (
                      <span className="text-lg" aria-label={t('pace')}>
                        {zone.pace_range}
                      </span>
                    ) : null}
                  </div>
                  <p className="mt-1 text-sm">{zone.description}</p>
                  <dl className="mt-1 grid gap-x-3 text-sm sm:grid-cols-[auto_1fr]">
                    <dt className="font-medium">{t('use')}</dt>
                    <dd>{zone.use}</dd>
                    <dt className="font-medium">{t('feeling')}</dt>
                    <dd>{zone.feeling}</dd>
                    <dt className="font-medium">{t('cadence')}</dt>
                    <dd>{zone.rpm}</dd>
                  </dl>
                </Card>
              </li>
            ))}
          </ol>
        </>
      ) : q.isPending ? (
        <p aria-busy>…</p>
      ) : null}
    </div>
  );
}
