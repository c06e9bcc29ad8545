import { zodResolver } from '@hookform/resolvers/zod';
import { GymPatchBody } from '@pulso/contracts/gyms';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { qk } from '../app/query';
import { applyProblem, ProblemMessage } from '../components/problem';
import { gymHeader } from '../components/staff/api';
import { Select } from '../components/staff/select';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';
import { useZodMessages } from '../lib/form';
import { timeZones } from '../lib/staff';
import { STAFF } from '../i18n/staff';

export const Route = createFileRoute('/staff/settings')({ component: Settings });

type Body = z.input<typeof GymPatchBody>;
const FIELDS = ['name', 'timezone', 'cancellation_cutoff_min'] as const;
const num = { setValueAs: (v: string) => (v === '' ? undefined : Number(v)) };

function SettingsForm({ gym }: { gym: { name: string; timezone: string; cancellation_cutoff_min: number } }) {
  const { t } = useTranslation(STAFF);
  const msg = useZodMessages();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const zones = useMemo(
    () => timeZones(gym.timezone, () => Intl.supportedValuesOf('timeZone')),
    [gym.timezone],
  );
  const form = useForm<Body>({
    resolver: zodResolver(GymPatchBody),
    defaultValues: {
      name: gym.name,
      timezone: gym.timezone,
      cancellation_cutoff_min: gym.cancellation_cutoff_min,
    },
  });
  const submit = form.handleSubmit(async (body) => {
    setError(null);
    setSaved(false);
    try {
      const next = await unwrap(
        api.PATCH('/api/v1/gyms/current', { params: { header: gymHeader() }, body: body as never }),
      );
      // The form stays mounted across the refetch below, so "Saved." stays on screen until the next edit.
      form.reset({
        name: next.name,
        timezone: next.timezone,
        cancellation_cutoff_min: next.cancellation_cutoff_min,
      });
      setSaved(true);
      // The gym's name shows in the switcher (from /users/me) and its zone in every timetable.
      await qc.invalidateQueries();
    } catch (err) {
      applyProblem(err, form.setError, FIELDS);
      setError(err);
    }
  });
  const e = form.formState.errors;
  return (
    <form className="space-y-3" onSubmit={(ev) => void submit(ev)} noValidate>
      <ProblemMessage error={error} />
      {saved ? (
        <p role="status" className="text-sm text-teal-900">
          {t('saved')}
        </p>
      ) : null}
      <Field label={t('gym_name')} error={msg(e.name)}>
        <Input {...form.register('name')} />
      </Field>
      <Field label={t('timezone')} error={msg(e.timezone)}>
        <Select {...form.register('timezone')} aria-describedby="tz-hint">
          {zones.map((z) => (
            <option key={z} value={z}>
              {z.replaceAll('_', ' ')}
            </option>
          ))}
        </Select>
      </Field>
      <p id="tz-hint" className="text-sm text-slate-700">
        {t('timezone_hint')}
      </p>
      <Field label={t('cutoff')} error={msg(e.cancellation_cutoff_min)}>
        <Input
          type="number"
          inputMode="numeric"
          min={0}
          max={10080}
          aria-describedby="cutoff-hint"
          {...form.register('cancellation_cutoff_min', num)}
        />
      </Field>
      <p id="cutoff-hint" className="text-sm text-slate-700">
        {t('cutoff_hint')}
      </p>
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {t('save')}
      </Button>
    </form>
  );
}

/** The gym's name, time zone and cancellation cut-off, for owners and admins. */
function Settings() {
  const { t } = useTranslation(STAFF);
  const gym = useQuery({
    queryKey: qk('gym-current'),
    queryFn: () => unwrap(api.GET('/api/v1/gyms/current', { params: { header: gymHeader() } })),
  });
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t('settings_title')}</h1>
      <Card>
        <ProblemMessage error={gym.error} />
        {gym.data ? <SettingsForm key={gym.data.id} gym={gym.data} /> : <p>{t('loading')}</p>}
      </Card>
    </div>
  );
}
