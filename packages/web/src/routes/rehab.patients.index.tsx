import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import { qk } from '../app/query';
import { EmptyState, ProblemMessage } from '../components/problem';
import { AlertBadges, gymHeader, Pager, useRehabT } from '../components/rehab';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';
import { sortByNeed } from '../lib/rehab';

export const Route = createFileRoute('/rehab/patients/')({ component: Dashboard });

const PAGE = 20;
const SIDES = ['left', 'right', 'both', 'none'] as const;

/** Opens a record for a member of the clinic (the members list gives who can be chosen). */
function OpenRecord() {
  const { t } = useRehabT();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const members = useQuery({
    queryKey: qk('members', 'member-role'),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/members', {
          params: { query: { role: 'member', limit: 100 }, header: gymHeader() },
        }),
      ),
  });
  const [userId, setUserId] = useState('');
  const [diagnosis, setDiagnosis] = useState('');
  const [side, setSide] = useState('');
  const [goals, setGoals] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fe = (f: string) =>
    error instanceof ApiError
      ? error.problem.errors?.find((e) => e.field.replace(/^body\./, '') === f)?.message
      : undefined;
  const submit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const p = await unwrap(
        api.POST('/api/v1/rehab/patients', {
          params: { header: gymHeader() },
          body: {
            user_id: Number(userId),
            diagnosis: diagnosis.trim(),
            ...(side ? { side: side as (typeof SIDES)[number] } : {}),
            ...(goals.trim() ? { goals: goals.trim() } : {}),
          },
        }),
      );
      await qc.invalidateQueries({ queryKey: qk('rehab') });
      await navigate({ to: '/rehab/patients/$id', params: { id: String(p.id) } });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card>
      <CardTitle>{t('open_record')}</CardTitle>
      <form className="space-y-3" noValidate onSubmit={(e) => void submit(e)}>
        <ProblemMessage error={error ?? members.error} />
        <Field label={t('member_id')} error={fe('user_id')}>
          <select
            className="min-h-10 w-full rounded-md border border-slate-400 bg-white px-2"
            value={userId}
            onChange={(e) => setUserId(e.target.value)}
          >
            <option value="">{t('choose_member')}</option>
            {members.data?.map((m) => (
              <option key={m.user_id} value={m.user_id}>
                {m.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('diagnosis')} error={fe('diagnosis')}>
          <Input value={diagnosis} onChange={(e) => setDiagnosis(e.target.value)} maxLength={4000} />
        </Field>
        <Field label={t('side')} error={fe('side')}>
          <select
            className="min-h-10 w-full rounded-md border border-slate-400 bg-white px-2"
            value={side}
            onChange={(e) => setSide(e.target.value)}
          >
            <option value="">—</option>
            {SIDES.map((s) => (
              <option key={s} value={s}>
                {t(`side_${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('goals')} error={fe('goals')}>
          <Input value={goals} onChange={(e) => setGoals(e.target.value)} maxLength={4000} />
        </Field>
        <Button type="submit" disabled={busy || !userId}>
          {t('create_record')}
        </Button>
      </form>
    </Card>
  );
}

/** The physio's patients, most in need first, with their open alerts. */
function Dashboard() {
  const { t, i18n } = useRehabT();
  const [page, setPage] = useState(1);
  const [onlyAlerts, setOnlyAlerts] = useState(false);
  const q = useQuery({
    queryKey: qk('rehab', 'dashboard', page),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/rehab/dashboard', {
          params: { query: { skip: (page - 1) * PAGE, limit: PAGE }, header: gymHeader() },
        }),
      ),
  });
  const rows = useMemo(() => {
    const sorted = sortByNeed(q.data ?? [], new Intl.Collator(i18n.language));
    return onlyAlerts ? sorted.filter((r) => r.alerts.length > 0) : sorted;
  }, [q.data, onlyAlerts, i18n.language]);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)} %`);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('dashboard_title')}</h1>
      <p className="text-slate-700">{t('dashboard_help')}</p>
      <ProblemMessage error={q.error} />
      <label className="flex min-h-10 items-center gap-2">
        <input
          type="checkbox"
          className="size-5"
          checked={onlyAlerts}
          onChange={(e) => setOnlyAlerts(e.target.checked)}
        />
        {t('only_alerts')}
      </label>
      {q.data && q.data.length === 0 && page === 1 ? <EmptyState>{t('dashboard_empty')}</EmptyState> : null}
      {q.data && q.data.length > 0 && rows.length === 0 ? (
        <EmptyState>{t('none_with_alerts')}</EmptyState>
      ) : null}
      <ul className="space-y-2" data-testid="dashboard">
        {rows.map((r) => (
          <li key={r.patient_id}>
            <Card className="p-0">
              <Link
                to="/rehab/patients/$id"
                params={{ id: String(r.patient_id) }}
                className="block space-y-1 p-4 hover:bg-slate-50"
              >
                <span className="flex flex-wrap items-center gap-2">
                  <span className="text-lg font-semibold">{r.name}</span>
                  <span className="text-sm text-slate-700">{t(`status_${r.status}`)}</span>
                </span>
                <AlertBadges alerts={r.alerts} />
                <span className="flex flex-wrap gap-x-4 text-sm text-slate-800">
                  <span>{t('adherence_last_week', { pct: pct(r.adherence_last_week) })}</span>
                  <span>
                    {t('last_session', {
                      date: r.last_session_at ? date.format(new Date(r.last_session_at)) : t('never'),
                    })}
                  </span>
                  {r.pain_trend ? (
                    <span>{t('trend_pain', { trend: t(`trend_${r.pain_trend}`) })}</span>
                  ) : null}
                </span>
              </Link>
            </Card>
          </li>
        ))}
      </ul>
      <Pager page={page} full={(q.data?.length ?? 0) === PAGE} onPage={setPage} />
      <OpenRecord />
    </div>
  );
}
