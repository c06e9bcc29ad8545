import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import { qk } from '../app/query';
import { fieldErrors } from '../lib/problem-fields';
import { gymHeader, selectClass } from './nutrition';
import { ProblemMessage } from './problem';
import { useGymPeople } from './staff/api';
import { Button } from './ui/button';
import { Card, CardTitle } from './ui/card';
import { Field } from './ui/field';
import { Input } from './ui/input';

/** A member's screening as staff may see it (no answers), or null when they have not answered yet. */
function useMemberScreening(userId: number | null) {
  return useQuery({
    queryKey: qk('nutrition-member-screening', userId),
    enabled: userId !== null,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/nutrition/members/{user_id}/screening', {
          params: { path: { user_id: userId! }, header: gymHeader() },
        }),
      ).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
  });
}

/**
 * Staff record a guardian's consent for a member under 18 (issue 13: a restrictive plan needs it). Staff never
 * see the member's age or answers, only what the API lets them see, so the card shows where the member stands
 * and leaves the decision to record consent to the person holding the guardian's signed form.
 */
export function GuardianConsentCard() {
  const { t, i18n } = useTranslation('nutrition');
  const qc = useQueryClient();
  const people = useGymPeople();
  const [userId, setUserId] = useState<number | null>(null);
  const [guardian, setGuardian] = useState('');
  const [relationship, setRelationship] = useState('');
  const [recorded, setRecorded] = useState<{ member: string; guardian: string } | null>(null);
  const status = useMemberScreening(userId);
  const members = (people.data ?? []).filter((p) => p.role === 'member');
  const name = (id: number | null) => members.find((m) => m.user_id === id)?.name ?? '';
  const record = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/nutrition/safety/consents', {
          params: { header: gymHeader() },
          body: {
            user_id: userId!,
            guardian_name: guardian.trim(),
            ...(relationship.trim() ? { relationship: relationship.trim() } : {}),
          },
        }),
      ),
    onMutate: () => setRecorded(null),
    onSuccess: (c) => {
      setRecorded({ member: name(c.user_id), guardian: c.guardian_name });
      setGuardian('');
      setRelationship('');
      void qc.invalidateQueries({
        predicate: (q) => q.queryKey.includes('nutrition-member-screening'),
      });
    },
  });
  const errs = fieldErrors(record.error);
  const s = status.data;
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Card>
      <CardTitle>{t('consent.title')}</CardTitle>
      <p className="mb-3 max-w-prose text-sm text-slate-700">{t('consent.intro')}</p>
      <ProblemMessage error={people.error} />
      <div className="max-w-sm">
        <Field label={t('consent.member')}>
          <select
            className={selectClass}
            value={userId ?? ''}
            onChange={(e) => {
              setUserId(e.target.value ? Number(e.target.value) : null);
              setRecorded(null);
              record.reset();
            }}
          >
            <option value="">{t('consent.choose')}</option>
            {members.map((m) => (
              <option key={m.user_id} value={m.user_id}>
                {m.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {userId !== null ? (
        <div className="mt-3 space-y-3">
          <ProblemMessage error={status.error} />
          {status.isPending ? <p>{t('consent.loading')}</p> : null}
          {status.data !== undefined ? (
            <dl className="grid gap-2 text-sm sm:grid-cols-2" data-testid="member-screening">
              <div className="rounded bg-slate-50 p-2">
                <dt className="text-slate-700">{t('consent.screening')}</dt>
                <dd className="font-medium">
                  {s
                    ? `${t(`screening.level_name.${s.risk_level}`)} · ${
                        s.can_proceed ? t('consent.can_proceed') : t('consent.paused')
                      } · ${
                        s.valid
                          ? t('screening.valid_until', { time: time.format(new Date(s.expires_at)) })
                          : t('consent.expired')
                      }`
                    : t('consent.no_screening')}
                </dd>
              </div>
              <div className="rounded bg-slate-50 p-2">
                <dt className="text-slate-700">{t('consent.guardian_consent')}</dt>
                <dd className="font-medium">
                  {s?.guardian_consent ? t('consent.on_file') : t('consent.not_on_file')}
                </dd>
              </div>
            </dl>
          ) : null}
          <form
            className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              record.mutate();
            }}
          >
            {record.error && !errs.guardian_name && !errs.relationship ? (
              <div className="sm:col-span-3">
                <ProblemMessage error={record.error} />
              </div>
            ) : null}
            <Field label={t('consent.guardian_name')} error={errs.guardian_name}>
              <Input
                value={guardian}
                maxLength={120}
                autoComplete="off"
                onChange={(e) => setGuardian(e.target.value)}
              />
            </Field>
            <Field label={t('consent.relationship')} error={errs.relationship}>
              <Input
                value={relationship}
                maxLength={60}
                autoComplete="off"
                onChange={(e) => setRelationship(e.target.value)}
              />
            </Field>
            <Button type="submit" disabled={record.isPending || guardian.trim() === ''}>
              {t('consent.record')}
            </Button>
          </form>
          {recorded ? (
            <p role="status" className="rounded-md bg-teal-50 p-3 text-sm text-teal-900 ring-1 ring-teal-200">
              {t('consent.recorded', recorded)}
            </p>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
