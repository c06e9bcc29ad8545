import { zodResolver } from '@hookform/resolvers/zod';
import { ClassCreateBody } from '@pulso/contracts/schedule';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm, type FieldError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { useAuth } from '../app/auth';
import { qk } from '../app/query';
import { applyProblem, EmptyState, ProblemMessage } from '../components/problem';
import { gymHeader, INSTRUCTOR_ROLES, unwrapPage, useGymPeople } from '../components/staff/api';
import { ConfirmInline } from '../components/staff/confirm';
import { Select } from '../components/staff/select';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';
import { useZodMessages } from '../lib/form';
import { isoWeekday, toggleWeekday } from '../lib/staff';
import { addDays } from '../lib/week';
import { STAFF } from '../i18n/staff';

export const Route = createFileRoute('/staff/classes')({ component: Classes });

type Body = z.input<typeof ClassCreateBody>;
const FIELDS = [
  'name',
  'weekdays',
  'start_time',
  'duration_min',
  'capacity',
  'room',
  'start_date',
  'end_date',
  'instructor_id',
  'category_id',
] as const;
const today = () => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};
const num = { setValueAs: (v: string) => (v === '' ? undefined : Number(v)) };
const idOrNull = { setValueAs: (v: string) => (v === '' || v == null ? null : Number(v)) };
const textOrNull = { setValueAs: (v: string) => (v === '' || v == null ? null : v) };

interface ClassRow {
  id: number;
  name: string;
  weekdays: number[];
  start_time: string;
  duration_min: number;
  capacity: number;
  room: string | null;
  start_date: string;
  end_date: string | null;
  instructor_id: number | null;
  instructor: { id: number; name: string } | null;
  category_id: number | null;
  category: { id: number; name: string } | null;
}

const isClasses = (k: readonly unknown[]) => k.includes('classes') || k.includes('class-dates');

function useCategories() {
  return useQuery({
    queryKey: qk('categories'),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/schedule/categories', { params: { query: { limit: 100 }, header: gymHeader() } }),
      ),
  });
}

function Instructors() {
  const { t } = useTranslation(STAFF);
  const people = useGymPeople();
  return (
    <>
      <option value="">{t('no_instructor')}</option>
      {(people.data ?? [])
        .filter((p) => (INSTRUCTOR_ROLES as readonly string[]).includes(p.role))
        .map((p) => (
          <option key={p.user_id} value={p.user_id}>
            {p.name}
          </option>
        ))}
    </>
  );
}

/** Creates a class, or edits one (`editing`): the contracts' schema checks it before it is sent. */
function ClassForm({ editing, onDone }: { editing?: ClassRow; onDone: () => void }) {
  const { t } = useTranslation(STAFF);
  const msg = useZodMessages();
  const qc = useQueryClient();
  const categories = useCategories();
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<string | null>(null);
  const form = useForm<Body>({
    resolver: zodResolver(ClassCreateBody),
    defaultValues: editing
      ? {
          name: editing.name,
          weekdays: editing.weekdays,
          start_time: editing.start_time.slice(0, 5),
          duration_min: editing.duration_min,
          capacity: editing.capacity,
          room: editing.room,
          start_date: editing.start_date,
          end_date: editing.end_date,
          instructor_id: editing.instructor_id,
          category_id: editing.category_id,
        }
      : { weekdays: [isoWeekday(today())], start_date: today(), duration_min: 60, capacity: 12 },
  });
  const weekdays = form.watch('weekdays') ?? [];
  const submit = form.handleSubmit(async (body) => {
    setError(null);
    setCreated(null);
    try {
      if (editing)
        await unwrap(
          api.PATCH('/api/v1/schedule/classes/{id}', {
            params: { path: { id: editing.id }, header: gymHeader() },
            body: body as never,
          }),
        );
      else {
        const c = await unwrap(
          api.POST('/api/v1/schedule/classes', { params: { header: gymHeader() }, body: body as never }),
        );
        setCreated(c.name);
        form.reset({ ...form.getValues(), name: '' });
      }
      await qc.invalidateQueries({ predicate: (q) => isClasses(q.queryKey) });
      if (editing) onDone();
    } catch (err) {
      applyProblem(err, form.setError, FIELDS);
      setError(err);
    }
  });
  const e = form.formState.errors;
  return (
    <form className="space-y-3" onSubmit={(ev) => void submit(ev)} noValidate>
      <ProblemMessage error={error} />
      {created ? (
        <p role="status" className="text-sm text-teal-900">
          {t('class_created', { name: created })}
        </p>
      ) : null}
      <Field label={t('class_name')} error={msg(e.name)}>
        <Input {...form.register('name')} />
      </Field>
      <fieldset aria-describedby={e.weekdays ? 'weekdays-error' : undefined}>
        <legend className="text-sm font-medium">{t('weekdays')}</legend>
        <div className="mt-1 flex flex-wrap gap-2">
          {[1, 2, 3, 4, 5, 6, 7].map((d) => (
            <label key={d} className="flex min-h-10 items-center gap-1 rounded-md px-2 ring-1 ring-slate-300">
              <input
                type="checkbox"
                checked={weekdays.includes(d)}
                onChange={() =>
                  form.setValue('weekdays', toggleWeekday(weekdays, d), { shouldValidate: true })
                }
              />
              <span className="text-sm">{t(`wd_${d}`)}</span>
            </label>
          ))}
        </div>
        {e.weekdays ? (
          <p id="weekdays-error" role="alert" className="text-sm text-red-800">
            {msg(e.weekdays as FieldError | undefined)}
          </p>
        ) : null}
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label={t('start_time')} error={msg(e.start_time)}>
          <Input type="time" {...form.register('start_time')} />
        </Field>
        <Field label={t('duration_min')} error={msg(e.duration_min)}>
          <Input type="number" inputMode="numeric" min={5} {...form.register('duration_min', num)} />
        </Field>
        <Field label={t('capacity')} error={msg(e.capacity)}>
          <Input type="number" inputMode="numeric" min={1} {...form.register('capacity', num)} />
        </Field>
        <Field label={t('start_date')} error={msg(e.start_date)}>
          <Input type="date" {...form.register('start_date')} />
        </Field>
        <Field label={t('end_date')} error={msg(e.end_date)}>
          <Input type="date" {...form.register('end_date', textOrNull)} />
        </Field>
        <Field label={t('room')} error={msg(e.room)}>
          <Input {...form.register('room', textOrNull)} />
        </Field>
        <Field label={t('instructor')} error={msg(e.instructor_id as FieldError | undefined)}>
          <Select {...form.register('instructor_id', idOrNull)}>
            <Instructors />
          </Select>
        </Field>
        <Field label={t('category')} error={msg(e.category_id as FieldError | undefined)}>
          <Select {...form.register('category_id', idOrNull)}>
            <option value="">{t('no_category')}</option>
            {(categories.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {editing ? t('save') : t('create_class')}
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

/** One date of a class changed on its own: cancelled or reopened, moved, or led by someone else. */
function ClassDates({ cls }: { cls: ClassRow }) {
  const { t } = useTranslation(STAFF);
  const qc = useQueryClient();
  const from = today();
  const to = addDays(from, 13);
  const [editing, setEditing] = useState<number | null>(null);
  const [time, setTime] = useState('');
  const [instructor, setInstructor] = useState('');
  const dates = useQuery({
    queryKey: qk('class-dates', cls.id, from),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/schedule/sessions', {
          params: { query: { from, to, class_id: cls.id }, header: gymHeader() },
        }),
      ),
  });
  const patch = useMutation({
    mutationFn: (v: { id: number; body: Record<string, unknown> }) =>
      unwrap(
        api.PATCH('/api/v1/schedule/sessions/{id}', {
          params: { path: { id: v.id }, header: gymHeader() },
          body: v.body as never,
        }),
      ),
    onSuccess: () => setEditing(null),
    onSettled: () => void qc.invalidateQueries({ predicate: (q) => q.queryKey.includes('class-dates') }),
  });
  const rows = dates.data ?? [];
  return (
    <div className="mt-2 rounded-md bg-slate-50 p-3">
      <h3 className="text-sm font-semibold">{t('dates_of', { name: cls.name })}</h3>
      <ProblemMessage error={dates.error ?? patch.error} />
      {dates.data && rows.length === 0 ? <p className="text-sm">{t('no_dates')}</p> : null}
      <ul className="divide-y">
        {rows.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center gap-2 py-2">
            <span className="w-36 text-sm">{s.local_starts_at.replace('T', ' ').slice(0, 16)}</span>
            {s.status === 'cancelled' ? (
              <span className="text-sm font-medium text-red-800">{t('date_cancelled')}</span>
            ) : s.overridden ? (
              <span className="text-sm text-slate-700">{t('date_changed')}</span>
            ) : null}
            <Button
              variant="secondary"
              className="ml-auto"
              disabled={patch.isPending}
              onClick={() =>
                patch.mutate({ id: s.id, body: { status: s.status === 'cancelled' ? 'open' : 'cancelled' } })
              }
            >
              {s.status === 'cancelled' ? t('reopen_date') : t('cancel_date')}
            </Button>
            <Button
              variant="ghost"
              aria-expanded={editing === s.id}
              onClick={() => {
                setEditing(editing === s.id ? null : s.id);
                setTime(s.local_starts_at.slice(11, 16));
                setInstructor(s.instructor_id ? String(s.instructor_id) : '');
              }}
            >
              {t('change_date')}
            </Button>
            {editing === s.id ? (
              <form
                className="grid w-full gap-2 sm:grid-cols-[8rem_1fr_auto] sm:items-end"
                onSubmit={(ev) => {
                  ev.preventDefault();
                  patch.mutate({
                    id: s.id,
                    body: { start_time: time, instructor_id: instructor ? Number(instructor) : null },
                  });
                }}
              >
                <Field label={t('start_time')}>
                  <Input type="time" value={time} onChange={(ev) => setTime(ev.target.value)} required />
                </Field>
                <Field label={t('instructor')}>
                  <Select value={instructor} onChange={(ev) => setInstructor(ev.target.value)}>
                    <Instructors />
                  </Select>
                </Field>
                <Button type="submit" disabled={patch.isPending}>
                  {t('save')}
                </Button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Categories group classes; owners and admins add and delete them. */
function Categories({ manager }: { manager: boolean }) {
  const { t } = useTranslation(STAFF);
  const qc = useQueryClient();
  const categories = useCategories();
  const [name, setName] = useState('');
  const done = () =>
    qc.invalidateQueries({ predicate: (q) => q.queryKey.includes('categories') || isClasses(q.queryKey) });
  const add = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/schedule/categories', { params: { header: gymHeader() }, body: { name } })),
    onSuccess: () => setName(''),
    onSettled: () => void done(),
  });
  const del = useMutation({
    mutationFn: (id: number) =>
      unwrap(
        api.DELETE('/api/v1/schedule/categories/{id}', { params: { path: { id }, header: gymHeader() } }),
      ),
    onSettled: () => void done(),
  });
  const rows = categories.data ?? [];
  return (
    <Card>
      <CardTitle>{t('categories')}</CardTitle>
      <ProblemMessage error={categories.error ?? add.error ?? del.error} />
      {categories.data && rows.length === 0 ? <p className="text-sm">{t('no_categories')}</p> : null}
      <ul className="flex flex-wrap gap-2">
        {rows.map((c) => (
          <li key={c.id} className="flex items-center gap-1 rounded-full bg-slate-100 py-1 pr-1 pl-3 text-sm">
            {c.name}
            {manager ? (
              <Button
                variant="ghost"
                className="min-h-8 px-2"
                aria-label={t('delete_category', { name: c.name })}
                onClick={() => del.mutate(c.id)}
              >
                ×
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {manager ? (
        <form
          className="mt-3 flex flex-wrap items-end gap-2"
          onSubmit={(ev) => {
            ev.preventDefault();
            add.mutate();
          }}
        >
          <Field label={t('category_name')}>
            <Input value={name} onChange={(ev) => setName(ev.target.value)} maxLength={80} />
          </Field>
          <Button type="submit" disabled={add.isPending}>
            {t('add_category')}
          </Button>
        </form>
      ) : (
        <p className="mt-2 text-sm text-slate-700">{t('managers_only')}</p>
      )}
    </Card>
  );
}

function Classes() {
  const { t } = useTranslation(STAFF);
  const { role } = useAuth();
  const manager = role === 'owner' || role === 'admin';
  const qc = useQueryClient();
  const [editing, setEditing] = useState<number | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<number | null>(null);
  const [deleted, setDeleted] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (c: ClassRow) =>
      unwrap(
        api.DELETE('/api/v1/schedule/classes/{id}', { params: { path: { id: c.id }, header: gymHeader() } }),
      ).then(() => c),
    onMutate: () => setDeleted(null),
    onSuccess: (c) => {
      setDeleting(null);
      setDeleted(c.name);
    },
    onSettled: () => void qc.invalidateQueries({ predicate: (q) => isClasses(q.queryKey) }),
  });
  const classes = useQuery({
    queryKey: qk('classes'),
    queryFn: () =>
      unwrapPage(
        api.GET('/api/v1/schedule/classes', { params: { query: { limit: 100 }, header: gymHeader() } }),
        0,
      ),
  });
  const rows = (classes.data?.rows ?? []) as ClassRow[];
  const days = (c: ClassRow) => c.weekdays.map((d) => t(`wd_${d}`)).join(', ');
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t('classes_title')}</h1>
      <Card>
        <CardTitle>{t('new_class')}</CardTitle>
        <ClassForm onDone={() => undefined} />
      </Card>
      <Card>
        <CardTitle>{t('classes_title')}</CardTitle>
        <ProblemMessage error={classes.error} />
        {deleted ? (
          <p
            role="status"
            className="mb-2 rounded-md bg-teal-50 p-3 text-sm text-teal-900 ring-1 ring-teal-200"
          >
            {t('class_deleted', { name: deleted })}
          </p>
        ) : null}
        {classes.data && rows.length === 0 ? <EmptyState>{t('no_classes')}</EmptyState> : null}
        <ul className="divide-y" data-testid="classes">
          {rows.map((c) => (
            <li key={c.id} className="py-3">
              <div className="flex flex-wrap items-center gap-2">
                <div className="min-w-0 grow basis-full sm:basis-0">
                  <p className="font-medium">{c.name}</p>
                  <p className="text-sm text-slate-700">
                    {t('every', {
                      days: days(c),
                      time: c.start_time.slice(0, 5),
                      minutes: c.duration_min,
                      capacity: c.capacity,
                    })}
                    {c.instructor ? ` · ${c.instructor.name}` : ''}
                    {c.category ? ` · ${c.category.name}` : ''}
                  </p>
                </div>
                <Button
                  variant="secondary"
                  aria-expanded={editing === c.id}
                  aria-label={t('edit_class', { name: c.name })}
                  onClick={() => setEditing(editing === c.id ? null : c.id)}
                >
                  {t('edit')}
                </Button>
                <Button
                  variant="ghost"
                  aria-expanded={open === c.id}
                  aria-label={t('dates_for', { name: c.name })}
                  onClick={() => setOpen(open === c.id ? null : c.id)}
                >
                  {t('dates')}
                </Button>
                {manager ? (
                  <Button
                    variant="ghost"
                    className="text-red-800"
                    aria-expanded={deleting === c.id}
                    aria-label={t('delete_class', { name: c.name })}
                    onClick={() => {
                      remove.reset();
                      setDeleting(deleting === c.id ? null : c.id);
                    }}
                  >
                    {t('delete')}
                  </Button>
                ) : null}
              </div>
              {deleting === c.id ? (
                <>
                  <ConfirmInline
                    question={t('delete_class_confirm', { name: c.name })}
                    yes={t('delete_yes')}
                    no={t('keep')}
                    busy={remove.isPending}
                    onYes={() => remove.mutate(c)}
                    onNo={() => setDeleting(null)}
                  />
                  <ProblemMessage error={remove.error} />
                </>
              ) : null}
              {editing === c.id ? (
                <div className="mt-2 rounded-md bg-slate-50 p-3">
                  <h3 className="mb-2 text-sm font-semibold">{t('edit_class', { name: c.name })}</h3>
                  <ClassForm editing={c} onDone={() => setEditing(null)} />
                </div>
              ) : null}
              {open === c.id ? <ClassDates cls={c} /> : null}
            </li>
          ))}
        </ul>
      </Card>
      <Categories manager={manager} />
    </div>
  );
}
