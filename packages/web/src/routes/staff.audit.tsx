import { useQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { qk } from '../app/query';
import { EmptyState, ProblemMessage } from '../components/problem';
import { gymHeader, unwrapPage, useGymPeople } from '../components/staff/api';
import { Pager } from '../components/staff/pager';
import { Select } from '../components/staff/select';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';
import { dayRange, PAGE_SIZE } from '../lib/staff';
import { STAFF } from '../i18n/staff';

export const Route = createFileRoute('/staff/audit')({ component: Audit });

interface Filters {
  user: string;
  action: string;
  from: string;
  to: string;
}
const NONE: Filters = { user: '', action: '', from: '', to: '' };

/** The gym's audit trail, newest first, filtered by who, what and when; owners and admins read it. */
function Audit() {
  const { t, i18n } = useTranslation(STAFF);
  const people = useGymPeople();
  const [draft, setDraft] = useState<Filters>(NONE);
  const [f, setF] = useState<Filters>(NONE);
  const [skip, setSkip] = useState(0);
  const log = useQuery({
    queryKey: qk('audit', f, skip),
    queryFn: () =>
      unwrapPage(
        api.GET('/api/v1/audit-logs', {
          params: {
            query: {
              skip,
              limit: PAGE_SIZE,
              ...(f.user ? { user_id: Number(f.user) } : {}),
              ...(f.action.trim() ? { action: f.action.trim() } : {}),
              ...dayRange(f.from, f.to),
            },
            header: gymHeader(),
          },
        }),
        skip,
      ),
  });
  const nameOf = (id: number | null) =>
    id === null ? '—' : (people.data?.find((p) => p.user_id === id)?.name ?? t('unknown_user', { id }));
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  const rows = log.data?.rows ?? [];
  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [k]: e.target.value });
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t('audit_title')}</h1>
      <Card>
        <form
          className="grid gap-3 sm:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            setSkip(0);
            setF(draft);
          }}
        >
          <Field label={t('actor')}>
            <Select value={draft.user} onChange={set('user')}>
              <option value="">{t('anyone')}</option>
              {(people.data ?? []).map((p) => (
                <option key={p.user_id} value={p.user_id}>
                  {p.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('action')}>
            <Input value={draft.action} onChange={set('action')} maxLength={64} />
          </Field>
          <Field label={t('from')}>
            <Input type="date" value={draft.from} onChange={set('from')} />
          </Field>
          <Field label={t('to')}>
            <Input type="date" value={draft.to} onChange={set('to')} />
          </Field>
          <div className="flex gap-2 sm:col-span-2">
            <Button type="submit">{t('apply')}</Button>
            <Button
              type="button"
              variant="secondary"
              onClick={() => {
                setDraft(NONE);
                setF(NONE);
                setSkip(0);
              }}
            >
              {t('clear')}
            </Button>
          </div>
        </form>
      </Card>
      <ProblemMessage error={log.error} />
      {log.data && rows.length === 0 ? <EmptyState>{t('no_audit')}</EmptyState> : null}
      {rows.length ? (
        <Card>
          <ul className="divide-y" data-testid="audit">
            {rows.map((r) => (
              <li key={r.id} className="grid gap-1 py-2 sm:grid-cols-[11rem_10rem_1fr]">
                <time className="text-sm text-slate-700" dateTime={r.created_at}>
                  {fmt.format(new Date(r.created_at))}
                </time>
                <span className="text-sm font-medium">{nameOf(r.user_id)}</span>
                <span className="text-sm">
                  <code className="rounded bg-slate-100 px-1">{r.action}</code>
                  {r.target_type ? (
                    <span className="text-slate-700">
                      {' '}
                      ·{' '}
                      {r.target_type === 'user' && r.target_id
                        ? nameOf(Number(r.target_id))
                        : `${r.target_type} ${r.target_id ?? ''}`}
                    </span>
                  ) : null}
                  {r.action === 'member.role_changed' &&
                  typeof r.metadata.from === 'string' &&
                  typeof r.metadata.to === 'string' ? (
                    <span className="text-slate-700" data-testid="role-change">
                      {' '}
                      ({t(`role_${r.metadata.from}`)} → {t(`role_${r.metadata.to}`)})
                    </span>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
          <Pager
            skip={skip}
            rows={rows.length}
            total={log.data?.total ?? 0}
            size={PAGE_SIZE}
            onSkip={setSkip}
          />
        </Card>
      ) : null}
    </div>
  );
}
