import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { useAuth } from '../app/auth';
import { qk } from '../app/query';
import { gymHeader, unwrapPage } from '../components/staff/api';
import { Pager } from '../components/staff/pager';
import { Select } from '../components/staff/select';
import { EmptyState, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';
import { PAGE_SIZE } from '../lib/staff';
import { STAFF } from '../i18n/staff';

export const Route = createFileRoute('/staff/members')({ component: Members });

const ROLES = ['owner', 'admin', 'trainer', 'physio', 'member'] as const;
type Role = (typeof ROLES)[number];
interface MemberRow {
  user_id: number;
  name: string;
  email: string | null;
  role: Role;
}

/** The gym's people: search, filter by role, pages; owners and admins change roles and remove people. */
function Members() {
  const { t } = useTranslation(STAFF);
  const { role: myRole, me } = useAuth();
  const manager = myRole === 'owner' || myRole === 'admin';
  const qc = useQueryClient();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [skip, setSkip] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);

  const list = useQuery({
    queryKey: qk('members', q, role, skip),
    queryFn: () =>
      unwrapPage(
        api.GET('/api/v1/members', {
          params: {
            query: { skip, limit: PAGE_SIZE, ...(q ? { q } : {}), ...(role ? { role } : {}) },
            header: gymHeader(),
          },
        }),
        skip,
      ),
  });
  const refresh = () => qc.invalidateQueries({ predicate: (x) => x.queryKey.includes('members') });

  const changeRole = useMutation({
    mutationFn: (v: { m: MemberRow; role: Role }) =>
      unwrap(
        api.PATCH('/api/v1/members/{user_id}', {
          params: { path: { user_id: v.m.user_id }, header: gymHeader() },
          body: { role: v.role },
        }),
      ),
    onMutate: () => setNotice(null),
    onSuccess: (m) => setNotice(t('role_changed', { name: m.name, role: t(`role_${m.role}`) })),
    onSettled: () => void refresh(),
  });
  const remove = useMutation({
    mutationFn: (m: MemberRow) =>
      unwrap(
        api.DELETE('/api/v1/members/{user_id}', {
          params: { path: { user_id: m.user_id }, header: gymHeader() },
        }),
      ).then(() => m),
    onMutate: () => setNotice(null),
    onSuccess: (m) => {
      setConfirming(null);
      setNotice(t('removed', { name: m.name }));
    },
    onSettled: () => void refresh(),
  });

  const rows = (list.data?.rows ?? []) as MemberRow[];
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t('members_title')}</h1>
      <Card>
        <form
          className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setSkip(0);
            setQ(draft.trim());
          }}
        >
          <Field label={t('search')}>
            <Input type="search" value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={100} />
          </Field>
          <Field label={t('filter_role')}>
            <Select
              value={role}
              onChange={(e) => {
                setSkip(0);
                setRole(e.target.value as Role | '');
              }}
            >
              <option value="">{t('any_role')}</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role_${r}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Button type="submit">{t('search_button')}</Button>
        </form>
      </Card>
      {notice ? (
        <p role="status" className="rounded-md bg-teal-50 p-3 text-sm text-teal-900 ring-1 ring-teal-200">
          {notice}
        </p>
      ) : null}
      <ProblemMessage error={list.error ?? changeRole.error ?? remove.error} />
      {list.isPending ? <p>{t('loading')}</p> : null}
      {list.data && rows.length === 0 ? <EmptyState>{t('no_members')}</EmptyState> : null}
      {rows.length ? (
        <Card>
          <ul className="divide-y" data-testid="members">
            {rows.map((m) => (
              <li key={m.user_id} className="flex flex-wrap items-center gap-3 py-3">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">{m.name}</p>
                  <p className="truncate text-sm text-slate-700">{m.email ?? ''}</p>
                </div>
                {manager && m.user_id !== me?.id ? (
                  <>
                    <label className="sr-only" htmlFor={`role-${m.user_id}`}>
                      {t('role_of', { name: m.name })}
                    </label>
                    <Select
                      id={`role-${m.user_id}`}
                      className="w-40"
                      value={m.role}
                      disabled={changeRole.isPending}
                      onChange={(e) => changeRole.mutate({ m, role: e.target.value as Role })}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`role_${r}`)}
                        </option>
                      ))}
                    </Select>
                    {confirming === m.user_id ? (
                      <div className="flex w-full flex-wrap items-center gap-2" role="group">
                        <span className="text-sm">{t('remove_confirm', { name: m.name })}</span>
                        <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate(m)}>
                          {t('remove_yes')}
                        </Button>
                        <Button variant="secondary" onClick={() => setConfirming(null)}>
                          {t('keep')}
                        </Button>
                      </div>
                    ) : (
                      <Button
                        variant="ghost"
                        aria-label={`${t('remove')} ${m.name}`}
                        onClick={() => setConfirming(m.user_id)}
                      >
                        {t('remove')}
                      </Button>
                    )}
                  </>
                ) : (
                  <span className="rounded bg-slate-100 px-2 py-1 text-sm">{t(`role_${m.role}`)}</span>
                )}
              </li>
            ))}
          </ul>
          <Pager
            skip={skip}
            rows={rows.length}
            total={list.data?.total ?? 0}
            size={PAGE_SIZE}
            onSkip={setSkip}
          />
        </Card>
      ) : null}
    </div>
  );
}
