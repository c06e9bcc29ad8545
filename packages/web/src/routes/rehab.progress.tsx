import { useQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { qk } from '../app/query';
import { EmptyState, ProblemMessage } from '../components/problem';
import {
  AlertBadges,
  gymHeader,
  isNoProgram,
  myProgramQuery,
  Pager,
  ProgressChartsView,
  SessionHistory,
  TrendLine,
  useRehabT,
} from '../components/rehab';
import { Card, CardTitle } from '../components/ui/card';
import { progressView } from '../lib/rehab';

export const Route = createFileRoute('/rehab/progress')({ component: MyProgress });

const PAGE = 20;

/** Who read or changed my record (the clinic's access audit), newest first. */
function AccessLog() {
  const { t, i18n } = useRehabT();
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: qk('rehab', 'access-log', page),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/rehab/my-record/access-log', {
          params: { query: { skip: (page - 1) * PAGE, limit: PAGE }, header: gymHeader() },
        }),
      ),
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Card>
      <CardTitle>{t('access_title')}</CardTitle>
      <ProblemMessage error={isNoProgram(q.error) ? null : q.error} />
      {(q.data && q.data.length === 0 && page === 1) || isNoProgram(q.error) ? (
        <p className="text-slate-700">{t('access_empty')}</p>
      ) : null}
      <ul className="divide-y" data-testid="access-log">
        {q.data?.map((e, i) => (
          <li key={`${e.at}-${i}`} className="flex flex-wrap gap-x-3 py-2 text-sm">
            <span className="w-40 text-slate-700">{date.format(new Date(e.at))}</span>
            <span className="font-medium">{e.actor_name ?? t('access_someone')}</span>
            {e.actor_role ? (
              <span className="text-slate-700">
                ({t(`access_role_${e.actor_role}`, { defaultValue: e.actor_role })})
              </span>
            ) : null}
            {/* An action word newer than this build is shown as the API names it rather than hidden. */}
            <span>{t(`access_${e.action.replace(/\./g, '_')}`, { defaultValue: e.action })}</span>
          </li>
        ))}
      </ul>
      <Pager page={page} full={(q.data?.length ?? 0) === PAGE} onPage={setPage} />
    </Card>
  );
}

function MyProgress() {
  const { t } = useRehabT();
  const program = useQuery(myProgramQuery());
  const patientId = program.data?.program.patient_id;
  const progress = useQuery({
    queryKey: qk('rehab', 'progress', patientId),
    enabled: patientId !== undefined,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/rehab/patients/{id}/progress', {
          params: { path: { id: patientId! }, query: { weeks: 12 }, header: gymHeader() },
        }),
      ),
  });
  const p = progress.data;
  const view = progressView({
    programPending: program.isPending,
    noProgram: isNoProgram(program.error),
    failed: !!(program.error ?? progress.error),
    sessions: p?.sessions_total,
  });
  return (
    <div className="space-y-4">
      <Link to="/rehab" className="inline-block min-h-10 py-2 text-teal-800 underline">
        ← {t('back_to_program')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('progress_title')}</h1>
      {view === 'error' ? <ProblemMessage error={program.error ?? progress.error} /> : null}
      {view === 'loading' ? <p className="text-slate-700">{t('loading')}</p> : null}
      {view === 'no_program' ? (
        <div className="space-y-2" data-testid="progress-empty">
          <EmptyState>{t('progress_no_program')}</EmptyState>
          <p className="text-slate-800">{t('progress_no_program_next')}</p>
          <Link to="/rehab/pair" className="inline-block min-h-10 py-2 text-teal-800 underline">
            {t('pair_device')}
          </Link>
        </div>
      ) : null}
      {view === 'no_sessions' ? (
        <div data-testid="progress-empty">
          <EmptyState>{t('progress_no_sessions')}</EmptyState>
        </div>
      ) : null}
      {view === 'charts' && p ? (
        <Card>
          <CardTitle>{t('weeks_12')}</CardTitle>
          <p className="text-sm">{t('sessions_total', { count: p.sessions_total })}</p>
          <TrendLine pain={p.trends.pain} rom={p.trends.range_of_motion} />
          <div className="my-2">
            <AlertBadges alerts={p.alerts.map((a) => a.type)} />
          </div>
          <ProgressChartsView weeks={p.weeks} />
        </Card>
      ) : null}
      {patientId !== undefined ? (
        <SessionHistory patientId={patientId} title={t('my_sessions')} empty={t('my_no_sessions')} />
      ) : null}
      <AccessLog />
    </div>
  );
}
