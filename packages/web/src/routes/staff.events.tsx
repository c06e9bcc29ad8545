import { EventCreateBody } from '@pulso/contracts/events';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { useAuth } from '../app/auth';
import { qk } from '../app/query';
import { applyProblem, EmptyState, ProblemMessage } from '../components/problem';
import { gymHeader, unwrapPage, useGymPeople } from '../components/staff/api';
import { ConfirmInline } from '../components/staff/confirm';
import { Pager } from '../components/staff/pager';
import { Select } from '../components/staff/select';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';
import { useZodMessages } from '../lib/form';
import { fromLocalInput, PAGE_SIZE, toLocalInput } from '../lib/staff';
import { STAFF } from '../i18n/staff';

export const Route = createFileRoute('/staff/events')({ component: Events });

interface EventRow {
  id: number;
  title: string;
  description: string | null;
  starts_at: string;
  ends_at: string;
  location: string | null;
  capacity: number | null;
  status: 'scheduled' | 'cancelled';
  registered_count: number;
  waitlist_count: number;
}
/** What the inputs hold: times as the browser's `datetime-local` text, numbers as typed. */
interface Values {
  title: string;
  description: string;
  starts_at: string;
  ends_at: string;
  location: string;
  capacity: string;
}
const FIELDS = ['title', 'description', 'starts_at', 'ends_at', 'location', 'capacity'] as const;
const isEvents = (k: readonly unknown[]) => k.includes('events') || k.includes('registrations');

/** The body the API takes, from what the inputs hold; the contracts' schema checks it before it is sent. */
function toBody(v: Values) {
  return {
    title: v.title,
    description: v.description.trim() ? v.description : null,
    starts_at: fromLocalInput(v.starts_at) ?? '',
    ends_at: fromLocalInput(v.ends_at) ?? '',
    location: v.location.trim() ? v.location : null,
    capacity: v.capacity === '' ? null : Number(v.capacity),
  };
}

function EventForm({ editing, onDone }: { editing?: EventRow; onDone: () => void }) {
  const { t } = useTranslation(STAFF);
  const msg = useZodMessages();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const form = useForm<Values>({
    defaultValues: editing
      ? {
          title: editing.title,
          description: editing.description ?? '',
          starts_at: toLocalInput(editing.starts_at),
          ends_at: toLocalInput(editing.ends_at),
          location: editing.location ?? '',
          capacity: editing.capacity === null ? '' : String(editing.capacity),
        }
      : { title: '', description: '', starts_at: '', ends_at: '', location: '', capacity: '' },
  });
  const submit = form.handleSubmit(async (v) => {
    setError(null);
    const parsed = EventCreateBody.safeParse(toBody(v));
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const f = String(i.path[0]) as (typeof FIELDS)[number];
        if (FIELDS.includes(f)) form.setError(f, { type: i.code, message: i.message });
      }
      return;
    }
    try {
      if (editing)
        await unwrap(
          api.PATCH('/api/v1/events/{id}', {
            params: { path: { id: editing.id }, header: gymHeader() },
            body: parsed.data,
          }),
        );
      else {
        await unwrap(api.POST('/api/v1/events', { params: { header: gymHeader() }, body: parsed.data }));
        form.reset();
      }
      await qc.invalidateQueries({ predicate: (q) => isEvents(q.queryKey) });
      onDone();
    } catch (err) {
      applyProblem(err, form.setError, FIELDS);
      setError(err);
    }
  });
  const e = form.formState.errors;
  return (
    <form className="space-y-3" onSubmit={(ev) => void submit(ev)} noValidate>
      <ProblemMessage error={error} />
      <Field label={t('title')} error={msg(e.title)}>
        <Input {...form.register('title')} />
      </Field>
      <Field label={t('description')} error={msg(e.description)}>
        <textarea
          className="block min-h-20 w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base"
          {...form.register('description')}
        />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t('starts_at')} error={msg(e.starts_at)}>
          <Input type="datetime-local" {...form.register('starts_at')} />
        </Field>
        <Field label={t('ends_at')} error={msg(e.ends_at)}>
          <Input type="datetime-local" {...form.register('ends_at')} />
        </Field>
        <Field label={t('location')} error={msg(e.location)}>
          <Input {...form.register('location')} />
        </Field>
        <Field label={t('event_capacity')} error={msg(e.capacity)}>
          <Input type="number" inputMode="numeric" min={1} {...form.register('capacity')} />
        </Field>
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {editing ? t('save') : t('create_event')}
        </Button>
        {editing ? (
          <Button type="button" variant="secondary" onClick={onDone}>
            {t('cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function Registrations({ id }: { id: number }) {
  const { t } = useTranslation(STAFF);
  const people = useGymPeople();
  const regs = useQuery({
    queryKey: qk('registrations', id),
    queryFn: () =>
      unwrapPage(
        api.GET('/api/v1/events/{id}/registrations', {
          params: { path: { id }, query: { limit: 100 }, header: gymHeader() },
        }),
        0,
      ),
  });
  const rows = regs.data?.rows ?? [];
  return (
    <div className="mt-2 rounded-md bg-slate-50 p-3">
      <ProblemMessage error={regs.error} />
      {regs.data && rows.length === 0 ? <p className="text-sm">{t('no_registrations')}</p> : null}
      <ul className="divide-y">
        {rows.map((r) => (
          <li key={r.id} className="flex justify-between py-1 text-sm">
            <span>
              {people.data?.find((p) => p.user_id === r.user_id)?.name ??
                t('unknown_user', { id: r.user_id })}
            </span>
            <span>
              {r.status === 'waitlisted'
                ? t('status_waitlisted', { position: r.position ?? '' })
                : t(`status_${r.status}`)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The gym's events: created, edited, cancelled or reopened by owners, admins and trainers. */
function Events() {
  const { t, i18n } = useTranslation(STAFF);
  const qc = useQueryClient();
  const [when, setWhen] = useState<'upcoming' | 'past' | 'all'>('upcoming');
  const [skip, setSkip] = useState(0);
  const [editing, setEditing] = useState<number | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const events = useQuery({
    queryKey: qk('events', when, skip),
    queryFn: () =>
      unwrapPage(
        api.GET('/api/v1/events', {
          params: { query: { when, skip, limit: PAGE_SIZE }, header: gymHeader() },
        }),
        skip,
      ),
  });
  const { role } = useAuth();
  // The API lets trainers cancel an event but keeps deleting it for owners and admins.
  const manager = role === 'owner' || role === 'admin';
  const [confirming, setConfirming] = useState<{ id: number; action: 'cancel' | 'delete' } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const ask = (id: number, action: 'cancel' | 'delete') => {
    status.reset();
    remove.reset();
    setConfirming(confirming?.id === id && confirming.action === action ? null : { id, action });
  };
  const status = useMutation({
    mutationFn: (v: { ev: EventRow; status: 'scheduled' | 'cancelled' }) =>
      unwrap(
        api.PATCH('/api/v1/events/{id}', {
          params: { path: { id: v.ev.id }, header: gymHeader() },
          body: { status: v.status },
        }),
      ),
    onMutate: () => setNotice(null),
    onSuccess: (ev) => {
      setConfirming(null);
      setNotice(t(ev.status === 'cancelled' ? 'event_was_cancelled' : 'event_reopened', { title: ev.title }));
    },
    onSettled: () => void qc.invalidateQueries({ predicate: (q) => isEvents(q.queryKey) }),
  });
  const remove = useMutation({
    mutationFn: (ev: EventRow) =>
      unwrap(
        api.DELETE('/api/v1/events/{id}', { params: { path: { id: ev.id }, header: gymHeader() } }),
      ).then(() => ev),
    onMutate: () => setNotice(null),
    onSuccess: (ev) => {
      setConfirming(null);
      setNotice(t('event_deleted', { title: ev.title }));
    },
    onSettled: () => void qc.invalidateQueries({ predicate: (q) => isEvents(q.queryKey) }),
  });
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const rows = (events.data?.rows ?? []) as EventRow[];
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t('events_title')}</h1>
      <Card>
        <CardTitle>{t('new_event')}</CardTitle>
        <EventForm onDone={() => undefined} />
      </Card>
      <Card>
        <div className="mb-3 flex flex-wrap items-end gap-3">
          <CardTitle className="mb-0 flex-1">{t('events_title')}</CardTitle>
          <Field label={t('show')}>
            <Select
              value={when}
              onChange={(e) => {
                setSkip(0);
                setWhen(e.target.value as typeof when);
              }}
            >
              <option value="upcoming">{t('when_upcoming')}</option>
              <option value="past">{t('when_past')}</option>
              <option value="all">{t('when_all')}</option>
            </Select>
          </Field>
        </div>
        <ProblemMessage error={events.error} />
        {notice ? (
          <p
            role="status"
            className="mb-2 rounded-md bg-teal-50 p-3 text-sm text-teal-900 ring-1 ring-teal-200"
          >
            {notice}
          </p>
        ) : null}
        {events.data && rows.length === 0 ? <EmptyState>{t('no_events')}</EmptyState> : null}
        <ul className="divide-y" data-testid="events">
          {rows.map((ev) => (
            <li key={ev.id} className="py-3">
              <div className="flex flex-wrap items-center gap-2">
                <div className="min-w-0 grow basis-full sm:basis-0">
                  <p className="font-medium">
                    {ev.title}
                    {ev.status === 'cancelled' ? (
                      <span className="ml-2 text-sm text-red-800">{t('event_cancelled')}</span>
                    ) : null}
                  </p>
                  <p className="text-sm text-slate-700">
                    {fmt.format(new Date(ev.starts_at))}
                    {ev.location ? ` · ${ev.location}` : ''} ·{' '}
                    {t('registered', { registered: ev.registered_count, waiting: ev.waitlist_count })}
                  </p>
                </div>
                <Button
                  variant="secondary"
                  aria-expanded={editing === ev.id}
                  aria-label={t('edit_event', { title: ev.title })}
                  onClick={() => setEditing(editing === ev.id ? null : ev.id)}
                >
                  {t('edit')}
                </Button>
                {ev.status === 'cancelled' ? (
                  <Button
                    variant="ghost"
                    disabled={status.isPending}
                    onClick={() => status.mutate({ ev, status: 'scheduled' })}
                  >
                    {t('reopen_event')}
                  </Button>
                ) : (
                  <Button
                    variant="ghost"
                    aria-expanded={confirming?.id === ev.id && confirming.action === 'cancel'}
                    aria-label={t('cancel_event_of', { title: ev.title })}
                    onClick={() => ask(ev.id, 'cancel')}
                  >
                    {t('cancel_event')}
                  </Button>
                )}
                {manager ? (
                  <Button
                    variant="ghost"
                    className="text-red-800"
                    aria-expanded={confirming?.id === ev.id && confirming.action === 'delete'}
                    aria-label={t('delete_event', { title: ev.title })}
                    onClick={() => ask(ev.id, 'delete')}
                  >
                    {t('delete')}
                  </Button>
                ) : null}
                <Button
                  variant="ghost"
                  aria-expanded={open === ev.id}
                  onClick={() => setOpen(open === ev.id ? null : ev.id)}
                >
                  {open === ev.id ? t('hide_registrations') : t('registrations')}
                </Button>
              </div>
              {confirming?.id === ev.id ? (
                <>
                  {confirming.action === 'cancel' ? (
                    <ConfirmInline
                      question={t('cancel_event_confirm', {
                        title: ev.title,
                        count: ev.registered_count + ev.waitlist_count,
                      })}
                      yes={t('cancel_event_yes')}
                      no={t('keep')}
                      busy={status.isPending}
                      onYes={() => status.mutate({ ev, status: 'cancelled' })}
                      onNo={() => setConfirming(null)}
                    />
                  ) : (
                    <ConfirmInline
                      question={t('delete_event_confirm', { title: ev.title })}
                      yes={t('delete_yes')}
                      no={t('keep')}
                      busy={remove.isPending}
                      onYes={() => remove.mutate(ev)}
                      onNo={() => setConfirming(null)}
                    />
                  )}
                  <ProblemMessage error={status.error ?? remove.error} />
                </>
              ) : status.error && status.variables?.ev.id === ev.id ? (
                <ProblemMessage error={status.error} />
              ) : null}
              {editing === ev.id ? (
                <div className="mt-2 rounded-md bg-slate-50 p-3">
                  <EventForm editing={ev} onDone={() => setEditing(null)} />
                </div>
              ) : null}
              {open === ev.id ? <Registrations id={ev.id} /> : null}
            </li>
          ))}
        </ul>
        <Pager
          skip={skip}
          rows={rows.length}
          total={events.data?.total ?? 0}
          size={PAGE_SIZE}
          onSkip={setSkip}
        />
      </Card>
    </div>
  );
}
