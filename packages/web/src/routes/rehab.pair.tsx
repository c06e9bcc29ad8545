import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import { qk } from '../app/query';
import { ProblemMessage } from '../components/problem';
import { gymHeader, Pager, useRehabT } from '../components/rehab';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';

/** The device's verification URI (RFC 8628 §3.3) lands here, `?user_code=` prefilled when it gave the complete one. */
export const Route = createFileRoute('/rehab/pair')({
  component: Pair,
  validateSearch: (s: Record<string, unknown>): { user_code?: string } =>
    typeof s.user_code === 'string' && s.user_code.length <= 20 ? { user_code: s.user_code } : {},
});

const PAGE = 20;

function Devices() {
  const { t, i18n } = useRehabT();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: qk('rehab', 'devices', page),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/rehab/devices', {
          params: { query: { skip: (page - 1) * PAGE, limit: PAGE }, header: gymHeader() },
        }),
      ),
  });
  const revoke = useMutation({
    mutationFn: (id: number) =>
      unwrap(api.DELETE('/api/v1/rehab/devices/{id}', { params: { path: { id }, header: gymHeader() } })),
    onSettled: () => qc.invalidateQueries({ queryKey: qk('rehab', 'devices') }),
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Card>
      <CardTitle>{t('my_devices')}</CardTitle>
      <ProblemMessage error={q.error ?? revoke.error} />
      {q.data && q.data.length === 0 && page === 1 ? (
        <p className="text-slate-700">{t('no_devices')}</p>
      ) : null}
      <ul className="divide-y" data-testid="devices">
        {q.data?.map((d) => (
          <li key={d.id} className="flex flex-wrap items-center gap-3 py-2">
            <span className="font-medium">{d.client_name ?? t('unnamed_device')}</span>
            <span className="text-sm">{t(`device_status_${d.status}`)}</span>
            {d.approved_at ? (
              <span className="text-sm text-slate-700">
                {t('paired_on', { date: date.format(new Date(d.approved_at)) })}
              </span>
            ) : null}
            {d.last_used_at ? (
              <span className="text-sm text-slate-700">
                {t('last_used', { date: date.format(new Date(d.last_used_at)) })}
              </span>
            ) : null}
            {d.status === 'active' || d.status === 'approved' ? (
              <Button
                variant="danger"
                className="ml-auto"
                disabled={revoke.isPending}
                onClick={() => revoke.mutate(d.id)}
                aria-label={`${t('revoke')}: ${d.client_name ?? t('unnamed_device')}`}
              >
                {t('revoke')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      <Pager page={page} full={(q.data?.length ?? 0) === PAGE} onPage={setPage} />
    </Card>
  );
}

function Pair() {
  const { t } = useRehabT();
  const search = Route.useSearch();
  const qc = useQueryClient();
  const [code, setCode] = useState(search.user_code ?? '');
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<'paired' | 'refused' | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldError =
    error instanceof ApiError
      ? error.problem.errors?.find((e) => e.field.replace(/^body\./, '') === 'user_code')?.message
      : undefined;

  const confirm = async (approve: boolean) => {
    setError(null);
    setResult(null);
    setBusy(true);
    try {
      await unwrap(
        api.POST('/api/v1/rehab/devices/confirm', {
          params: { header: gymHeader() },
          body: { user_code: code.trim(), approve },
        }),
      );
      setResult(approve ? 'paired' : 'refused');
      setCode('');
      await qc.invalidateQueries({ queryKey: qk('rehab', 'devices') });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-4">
      <Link to="/rehab" className="inline-block min-h-10 py-2 text-teal-800 underline">
        ← {t('back_to_program')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('pair_title')}</h1>
      <Card>
        <p className="mb-3">{t('pair_help')}</p>
        <form
          className="space-y-3"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void confirm(true);
          }}
        >
          {fieldError ? null : <ProblemMessage error={error} />}
          <Field label={t('user_code')} error={fieldError}>
            <Input
              value={code}
              onChange={(e) => setCode(e.target.value.toUpperCase())}
              autoComplete="one-time-code"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={20}
              className="font-mono text-2xl tracking-widest"
            />
          </Field>
          <div className="flex flex-wrap gap-3">
            <Button type="submit" className="min-h-12" disabled={busy || code.trim().length < 4}>
              {t('confirm_pair')}
            </Button>
            <Button
              type="button"
              variant="secondary"
              className="min-h-12"
              disabled={busy || code.trim().length < 4}
              onClick={() => void confirm(false)}
            >
              {t('refuse_pair')}
            </Button>
          </div>
          {result ? (
            <p role="status" className="font-medium text-teal-900" data-testid="pair-result">
              {t(result)}
            </p>
          ) : null}
        </form>
      </Card>
      <Devices />
    </div>
  );
}
