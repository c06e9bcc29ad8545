import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { qk } from '../app/query';
import { EmptyState, ProblemMessage } from '../components/problem';
import {
  gymHeader,
  ProgressChartsView,
  SessionHistory,
  TrendLine,
  useDoseText,
  useExerciseNames,
  useRehabT,
} from '../components/rehab';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';

export const Route = createFileRoute('/rehab/patients/$id/')({ component: PatientRecord });

function ActiveProgram({ patientId }: { patientId: number }) {
  const { t } = useRehabT();
  const name = useExerciseNames();
  const dose = useDoseText();
  const q = useQuery({
    queryKey: qk('rehab', 'programs', patientId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/rehab/patients/{id}/programs', {
          params: { path: { id: patientId }, query: { limit: 1 }, header: gymHeader() },
        }),
      ),
  });
  const active = q.data?.find((p) => p.status === 'active');
  return (
    <Card>
      <CardTitle>{t('program')}</CardTitle>
      <ProblemMessage error={q.error} />
      {q.data && !active ? <p className="text-slate-700">{t('no_active_program')}</p> : null}
      {active ? (
        <ul className="mb-3 list-disc space-y-1 pl-6" data-testid="program">
          {active.exercises.map((e) => (
            <li key={e.exercise_id}>
              <span className="font-medium">{name(e.exercise_id)}</span>: {dose(e)},{' '}
              {t('frequency').toLowerCase()} {e.frequency_per_week}
              {e.progression
                ? ` · ${t('progression_text', {
                    pct: e.progression.increase_percent,
                    what: t(e.progression.applies_to).toLowerCase(),
                    days: e.progression.every_days,
                    pain: e.progression.while_pain_at_most,
                  })}`
                : null}
            </li>
          ))}
        </ul>
      ) : null}
      <Button asChild variant="secondary">
        <Link to="/rehab/patients/$id/program" params={{ id: String(patientId) }}>
          {active ? t('edit_program') : t('build_program')}
        </Link>
      </Button>
    </Card>
  );
}

function PatientRecord() {
  const { t, i18n } = useRehabT();
  const { id } = Route.useParams();
  const patientId = Number(id);
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const patient = useQuery({
    queryKey: qk('rehab', 'patient', patientId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/rehab/patients/{id}', { params: { path: { id: patientId }, header: gymHeader() } }),
      ),
  });
  const progress = useQuery({
    queryKey: qk('rehab', 'progress', patientId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/rehab/patients/{id}/progress', {
          params: { path: { id: patientId }, query: { weeks: 12 }, header: gymHeader() },
        }),
      ),
  });
  const setStatus = useMutation({
    mutationFn: (status: 'active' | 'discharged') =>
      unwrap(
        api.PATCH('/api/v1/rehab/patients/{id}', {
          params: { path: { id: patientId }, header: gymHeader() },
          body: { status },
        }),
      ),
    onSuccess: () => {
      setConfirming(false);
      // A discharge or reopening changes who is on the dashboard: its cached pages are dropped rather than
      // marked stale, so going back to it never shows the patient's old place for a moment before the refetch.
      qc.removeQueries({ queryKey: qk('rehab', 'dashboard') });
      return qc.invalidateQueries({ queryKey: qk('rehab') });
    },
  });
  const p = patient.data;
  const pr = progress.data;
  const day = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' });
  const fmtDay = (d: string | null) => (d ? day.format(new Date(`${d.slice(0, 10)}T00:00:00Z`)) : '—');
  return (
    <div className="space-y-4">
      <Link to="/rehab/patients" className="inline-block min-h-10 py-2 text-teal-800 underline">
        ← {t('back_to_patients')}
      </Link>
      <h1 className="text-2xl font-semibold">{p ? t('record_of', { name: p.name }) : t('record_title')}</h1>
      <ProblemMessage error={patient.error} />
      {p ? (
        <Card>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt className="font-medium">{t('status')}</dt>
            <dd data-testid="patient-status">{t(`status_${p.status}`)}</dd>
            <dt className="font-medium">{t('diagnosis')}</dt>
            <dd className="whitespace-pre-line">{p.diagnosis}</dd>
            <dt className="font-medium">{t('side')}</dt>
            <dd>{p.side ? t(`side_${p.side}`) : '—'}</dd>
            <dt className="font-medium">{t('injury_date')}</dt>
            <dd>{fmtDay(p.injury_date)}</dd>
            <dt className="font-medium">{t('surgery_date')}</dt>
            <dd>{fmtDay(p.surgery_date)}</dd>
            <dt className="font-medium">{t('goals')}</dt>
            <dd className="whitespace-pre-line">{p.goals ?? '—'}</dd>
          </dl>
          <div className="mt-3 space-y-2">
            <ProblemMessage error={setStatus.error} />
            {setStatus.isSuccess && setStatus.variables === 'discharged' && p.status === 'discharged' ? (
              <p role="status" className="text-green-900">
                {t('discharged')}
              </p>
            ) : null}
            {p.status === 'discharged' ? (
              <Button
                variant="secondary"
                disabled={setStatus.isPending}
                onClick={() => setStatus.mutate('active')}
              >
                {t('reopen')}
              </Button>
            ) : confirming ? (
              <div role="group" aria-label={t('discharge')} className="space-y-2 rounded-md bg-amber-50 p-3">
                <p>{t('discharge_confirm', { name: p.name })}</p>
                <div className="flex gap-2">
                  <Button
                    variant="danger"
                    disabled={setStatus.isPending}
                    onClick={() => setStatus.mutate('discharged')}
                  >
                    {t('discharge_yes')}
                  </Button>
                  <Button variant="secondary" onClick={() => setConfirming(false)}>
                    {t('cancel')}
                  </Button>
                </div>
              </div>
            ) : (
              <Button variant="secondary" onClick={() => setConfirming(true)}>
                {t('discharge')}
              </Button>
            )}
          </div>
        </Card>
      ) : null}
      <Card>
        <CardTitle>{t('alerts')}</CardTitle>
        <ProblemMessage error={progress.error} />
        {pr && pr.alerts.length === 0 ? <p className="text-slate-700">{t('no_alerts')}</p> : null}
        <ul className="space-y-2" data-testid="record-alerts">
          {pr?.alerts.map((a) => (
            <li
              key={a.type}
              data-testid={`record-alert-${a.type}`}
              className="rounded-md bg-amber-50 p-3 ring-1 ring-amber-300"
            >
              <p className="font-semibold">{t(`alert_${a.type}`)}</p>
              <p className="text-sm">{a.message}</p>
            </li>
          ))}
        </ul>
      </Card>
      {pr ? (
        <Card>
          <CardTitle>{t('trends')}</CardTitle>
          <p className="text-sm">{t('sessions_total', { count: pr.sessions_total })}</p>
          <TrendLine pain={pr.trends.pain} rom={pr.trends.range_of_motion} />
          <ProgressChartsView weeks={pr.weeks} />
        </Card>
      ) : null}
      {Number.isInteger(patientId) ? (
        <>
          <ActiveProgram patientId={patientId} />
          <SessionHistory patientId={patientId} title={t('session_history')} empty={t('no_sessions')} />
        </>
      ) : (
        <EmptyState>{t('record_title')}</EmptyState>
      )}
    </div>
  );
}
