import { zodResolver } from '@hookform/resolvers/zod';
import { RacePredictBody } from '@pulso/contracts/race';
import { useMutation } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { GuideLink } from '../components/guide-link';
import { applyProblem, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';
import { useZodMessages } from '../lib/form';
import { formatDuration } from '../lib/shape';

export const Route = createFileRoute('/race')({ component: Race });

type Body = z.input<typeof RacePredictBody>;
const num = { setValueAs: (v: string) => (v === '' ? undefined : Number(v)) };

function Race() {
  const { t } = useTranslation();
  const msg = useZodMessages();
  const form = useForm<Body>({
    resolver: zodResolver(RacePredictBody),
    defaultValues: { distance_km: 10 } as Body,
  });
  const predict = useMutation({
    mutationFn: (body: Body) => unwrap(api.POST('/api/v1/race/predict', { body: body as never })),
    onError: (err) => applyProblem(err, form.setError, ['distance_km']),
  });
  const p = predict.data;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('race.title')}</h1>
      <GuideLink topic="race" />
      <Card>
        <form
          className="flex flex-wrap items-end gap-3"
          noValidate
          onSubmit={(e) => void form.handleSubmit((b) => predict.mutate(b))(e)}
        >
          <Field label={t('race.distance')} error={msg(form.formState.errors.distance_km)}>
            <Input type="number" step="0.1" inputMode="decimal" {...form.register('distance_km', num)} />
          </Field>
          <Button type="submit" disabled={predict.isPending}>
            {t('race.predict')}
          </Button>
        </form>
      </Card>
      <ProblemMessage error={predict.error} />
      {p ? (
        <Card data-testid="prediction">
          <CardTitle>{t('race.predicted')}</CardTitle>
          <p className="text-4xl font-bold text-teal-900" data-testid="predicted-time">
            {p.adjusted_time}
          </p>
          <p className="text-slate-800">
            {t('race.pace')}: {p.adjusted_pace} · {p.range.low}–{p.range.high}
          </p>
          <p className="mt-1 text-sm text-slate-700">
            {t('race.basis')}: {p.reference.distance_km.toFixed(2)} km, {formatDuration(p.reference.time_s)} (
            {p.base_method})
          </p>
          {p.factors.length ? (
            <ul className="mt-2 list-disc pl-5 text-sm">
              {p.factors.map((f) => (
                <li key={f.name}>
                  {f.note} ({f.impact_percent > 0 ? '+' : ''}
                  {f.impact_percent.toFixed(1)} %)
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
