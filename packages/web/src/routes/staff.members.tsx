import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { useAuth } from '../app/auth';
import { qk } from '../app/query';
import { gymHeader, unwrapPage } from '../components/staff/api';
import { ConfirmInline } from '../components/staff/confirm';
import { Pager } from '../components/staff/pager';
import { Select } from '../components/staff/select';
import { EmptyState, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';
import { fieldErrors } from '../lib/problem-fields';
import { daysLeft, PAGE_SIZE, pendingInvitations } from '../lib/staff';
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

const isInvitations = (k: readonly unknown[]) => k.includes('invitations');

/**
 * Owners and admins invite by e-mail with a role; the API answers the same whether or not the address has an
 * account (so the page cannot be used to find out who has one), and the person accepts from their own account.
 */
/** Every role as the options of a select, in the staff's words. */
function RoleOptions() {
  const { t } = useTranslation(STAFF);
  return ROLES.map((r) => (
    <option key={r} value={r}>
      {t(`role_${r}`)}
    </option>
  ));
}

function InviteForm() {
  const { t } = useTranslation(STAFF);
  const qc = useQueryClient();
  const [sent, setSent] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const invite = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/members', {
          params: { header: gymHeader() },
          body: { email: email.trim(), role },
        }),
      ),
    onMutate: () => setSent(null),
    onSuccess: (r) => {
      setEmail('');
      setRole('member');
      setSent(r.email);
    },
    onSettled: () => void qc.invalidateQueries({ predicate: (q) => isInvitations(q.queryKey) }),
  });
  const errs = fieldErrors(invite.error);
  return (
    <Card>
      <CardTitle>{t('invite_title')}</CardTitle>
      <p className="mb-3 text-sm text-slate-700">{t('invite_help')}</p>
      <form
        className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          invite.mutate();
        }}
      >
        {invite.error && !errs.email && !errs.role ? (
          <div className="sm:col-span-3">
            <ProblemMessage error={invite.error} />
          </div>
        ) : null}
        <Field label={t('invite_email')} error={errs.email}>
          <Input
            type="email"
            autoComplete="off"
            value={email}
            maxLength={254}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Field label={t('invite_role')} error={errs.role}>
          <Select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <RoleOptions />
          </Select>
        </Field>
        <Button type="submit" disabled={invite.isPending || email.trim() === ''}>
          {t('invite_send')}
        </Button>
      </form>
      {sent ? (
        <p
          role="status"
          className="mt-3 rounded-md bg-teal-50 p-3 text-sm text-teal-900 ring-1 ring-teal-200"
        >
          {t('invited', { email: sent })}
        </p>
      ) : null}
    </Card>
  );
}

/** Invitations still waiting for an answer; owners and admins can withdraw one. */
function PendingInvitations({ manager }: { manager: boolean }) {
  const { t, i18n } = useTranslation(STAFF);
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: qk('invitations'),
    queryFn: () => unwrap(api.GET('/api/v1/invitations', { params: { header: gymHeader() } })),
  });
  const withdraw = useMutation({
    mutationFn: (id: number) =>
      unwrap(api.DELETE('/api/v1/invitations/{id}', { params: { path: { id }, header: gymHeader() } })),
    onSettled: () => void qc.invalidateQueries({ predicate: (q) => isInvitations(q.queryKey) }),
  });
  const rows = pendingInvitations(list.data ?? []);
  const now = Date.now();
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  return (
    <Card>
      <CardTitle>{t('invitations_title')}</CardTitle>
      <ProblemMessage error={list.error ?? withdraw.error} />
      {list.data && rows.length === 0 ? (
        <p className="text-sm text-slate-700">{t('no_invitations')}</p>
      ) : null}
      <ul className="divide-y" data-testid="invitations">
        {rows.map((i) => (
          <li key={i.id} className="flex flex-wrap items-center gap-3 py-3">
            <div className="min-w-0 flex-1">
              <p className="truncate font-medium">{i.email}</p>
              <p className="text-sm text-slate-700">
                {t(`role_${i.role}`)} · {t('invitation_pending')} ·{' '}
                {t('invited_on', { date: date.format(new Date(i.created_at)) })} ·{' '}
                {t('expires_in', { count: daysLeft(i.expires_at, now) })}
              </p>
            </div>
            {manager ? (
              <Button
                variant="ghost"
                disabled={withdraw.isPending}
                aria-label={t('withdraw_of', { email: i.email })}
                onClick={() => withdraw.mutate(i.id)}
              >
                {t('withdraw')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  );
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
      {manager ? <InviteForm /> : null}
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
              <RoleOptions />
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
                      <RoleOptions />
                    </Select>
                    {confirming === m.user_id ? (
                      <ConfirmInline
                        question={t('remove_confirm', { name: m.name })}
                        yes={t('remove_yes')}
                        no={t('keep')}
                        busy={remove.isPending}
                        onYes={() => remove.mutate(m)}
                        onNo={() => setConfirming(null)}
                      />
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
      <PendingInvitations manager={manager} />
    </div>
  );
}
