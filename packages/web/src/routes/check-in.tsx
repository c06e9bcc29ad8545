import { zodResolver } from '@hookform/resolvers/zod';
import { CheckInBody, HrvReadingBody } from '@pulso/contracts/running';
import { useQueryClient } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { applyProblem, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';
import { useZodMessages } from '../lib/form';

export const Route = createFileRoute('/check-in')({ component: CheckIn });

const today = () => new Date().toISOString().slice(0, 10);
const num = { setValueAs: (v: string) => (v === '' ? undefined : Number(v)) };
const numOrNull = { setValueAs: (v: string) => (v === '' ? null : Number(v)) };

function HrvForm() {
  const { t } = useTranslation();
  const msg = useZodMessages();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  type Body = z.input<typeof HrvReadingBody>;
  const form = useForm<Body>({ resolver: zodResolver(HrvReadingBody), defaultValues: { date: today() } });
  const submit = form.handleSubmit(async (body) => {
    setError(null);
    setSaved(false);
    try {
      await unwrap(api.POST('/api/v1/hrv/readings', { body: body as never }));
      setSaved(true);
      await qc.invalidateQueries();
    } catch (err) {
      applyProblem(err, form.setError, ['date', 'rmssd_ms', 'resting_hr']);
      setError(err);
    }
  });
  const e = form.formState.errors;
  return (
    <Card>
      <CardTitle>{t('checkin.saveHrv')}</CardTitle>
      <form className="space-y-3" onSubmit={(ev) => void submit(ev)} noValidate>
        <ProblemMessage error={error} />
        <Field label={t('workouts.date')} error={msg(e.date)}>
          <Input type="date" {...form.register('date')} />
        </Field>
        <Field label={t('checkin.hrv')} error={msg(e.rmssd_ms)}>
          <Input type="number" inputMode="decimal" step="0.1" {...form.register('rmssd_ms', num)} />
        </Field>
        <Field label={t('checkin.restingHr')} error={msg(e.resting_hr)}>
          <Input type="number" inputMode="numeric" {...form.register('resting_hr', numOrNull)} />
        </Field>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {t('checkin.saveHrv')}
        </Button>
        {saved ? <p role="status">{t('form.saved')}</p> : null}
      </form>
    </Card>
  );
}

const SCALE = [1, 2, 3, 4, 5, 6, 7];

function WellnessForm() {
  const { t } = useTranslation();
  const msg = useZodMessages();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  type Body = z.input<typeof CheckInBody>;
  const form = useForm<Body>({ resolver: zodResolver(CheckInBody), defaultValues: { date: today() } });
  const submit = form.handleSubmit(async (body) => {
    setError(null);
    setSaved(false);
    try {
      await unwrap(api.POST('/api/v1/overtraining/check-in', { body: body as never }));
      setSaved(true);
      await qc.invalidateQueries();
    } catch (err) {
      applyProblem(err, form.setError, ['sleep', 'stress', 'fatigue', 'soreness']);
      setError(err);
    }
  });
  const e = form.formState.errors;
  const scale = (name: 'sleep' | 'stress' | 'fatigue' | 'soreness', label: string) => (
    <Field label={label} error={msg(e[name])}>
      <select
        className="min-h-10 w-full rounded-md border border-slate-400 bg-white px-2"
        {...form.register(name, num)}
      >
        <option value="">—</option>
        {SCALE.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </Field>
  );
  return (
    <Card>
      <CardTitle>{t('checkin.saveCheckin')}</CardTitle>
      <p className="mb-2 text-sm text-slate-700">{t('checkin.scaleHelp')}</p>
      <form className="space-y-3" onSubmit={(ev) => void submit(ev)} noValidate>
        <ProblemMessage error={error} />
        {scale('sleep', t('checkin.sleep'))}
        {scale('stress', t('checkin.stress'))}
        {scale('fatigue', t('checkin.fatigue'))}
        {scale('soreness', t('checkin.soreness'))}
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {t('checkin.saveCheckin')}
        </Button>
        {saved ? <p role="status">{t('form.saved')}</p> : null}
      </form>
    </Card>
  );
}

function CheckIn() {
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('checkin.title')}</h1>
      <div className="grid gap-4 md:grid-cols-2">
        <HrvForm />
        <WellnessForm />
      </div>
    </div>
  );
}
