import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { useAuth } from '../app/auth';
import { qk } from '../app/query';
import { EmptyState, ProblemMessage } from '../components/problem';
import { gymHeader, unwrapPage, useGymPeople } from '../components/staff/api';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';
import { STAFF } from '../i18n/staff';

export const Route = createFileRoute('/staff/attendance')({ component: Attendance });

type Mark = 'attended' | 'no_show' | 'booked';
const localToday = () => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

/** Who booked one session, marked attended or no-show (the API accepts it from the session's start). */
function Roster({ session }: { session: { id: number; class_name: string; local_starts_at: string } }) {
  const { t } = useTranslation(STAFF);
  const qc = useQueryClient();
  const people = useGymPeople();
  const roster = useQuery({
    queryKey: qk('roster', session.id),
    queryFn: () =>
      unwrapPage(
        api.GET('/api/v1/schedule/sessions/{id}/bookings', {
          params: { path: { id: session.id }, query: { limit: 100 }, header: gymHeader() },
        }),
        0,
      ),
  });
  const mark = useMutation({
    mutationFn: (v: { id: number; status: Mark }) =>
      unwrap(
        api.PATCH('/api/v1/schedule/bookings/{id}', {
          params: { path: { id: v.id }, header: gymHeader() },
          body: { status: v.status },
        }),
      ),
    onSettled: () =>
      void qc.invalidateQueries({
        predicate: (q) => q.queryKey.includes('roster') || q.queryKey.includes('day'),
      }),
  });
  const nameOf = (id: number, given?: string) =>
    given ?? people.data?.find((p) => p.user_id === id)?.name ?? t('unknown_user', { id });
  const rows = roster.data?.rows ?? [];
  const time = session.local_starts_at.slice(11, 16);
  return (
    <Card>
      <CardTitle>{t('roster_of', { name: session.class_name, time })}</CardTitle>
      <ProblemMessage error={roster.error ?? mark.error} />
      {roster.data && rows.length === 0 ? <EmptyState>{t('empty_roster')}</EmptyState> : null}
      <ul className="divide-y" data-testid="roster">
        {rows.map((b) => {
          const name = nameOf(b.user_id, b.user_name);
          const markable = b.status === 'booked' || b.status === 'attended' || b.status === 'no_show';
          return (
            <li key={b.id} className="flex flex-wrap items-center gap-2 py-2">
              <span className="min-w-0 flex-1 font-medium">{name}</span>
              <span className="text-sm" data-testid={`status-${b.id}`}>
                {b.status === 'waitlisted'
                  ? t('status_waitlisted', { position: b.position ?? '' })
                  : t(`status_${b.status}`)}
              </span>
              {markable ? (
                <span className="flex gap-2">
                  <Button
                    variant={b.status === 'attended' ? 'primary' : 'secondary'}
                    aria-pressed={b.status === 'attended'}
                    aria-label={t('mark_attended', { name })}
                    disabled={mark.isPending}
                    onClick={() =>
                      mark.mutate({ id: b.id, status: b.status === 'attended' ? 'booked' : 'attended' })
                    }
                  >
                    {t('attended')}
                  </Button>
                  <Button
                    variant={b.status === 'no_show' ? 'danger' : 'secondary'}
                    aria-pressed={b.status === 'no_show'}
                    aria-label={t('mark_no_show', { name })}
                    disabled={mark.isPending}
                    onClick={() =>
                      mark.mutate({ id: b.id, status: b.status === 'no_show' ? 'booked' : 'no_show' })
                    }
                  >
                    {t('no_show')}
                  </Button>
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

/** A day's sessions (a trainer's own first choice), and the roster of the one chosen. */
function Attendance() {
  const { t } = useTranslation(STAFF);
  const { me, role } = useAuth();
  const [date, setDate] = useState(localToday);
  const [mine, setMine] = useState(role === 'trainer');
  const [chosen, setChosen] = useState<number | null>(null);
  const day = useQuery({
    queryKey: qk('day', date),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(date),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/schedule/sessions', {
          params: { query: { from: date, to: date }, header: gymHeader() },
        }),
      ),
  });
  const rows = (day.data ?? []).filter((s) => !mine || s.instructor_id === me?.id);
  const session = rows.find((s) => s.id === chosen);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t('attendance_title')}</h1>
      <Card>
        <div className="flex flex-wrap items-end gap-3">
          <Field label={t('date')}>
            <Input
              type="date"
              value={date}
              onChange={(e) => {
                setDate(e.target.value);
                setChosen(null);
              }}
            />
          </Field>
          <label className="flex min-h-10 items-center gap-2 text-sm">
            <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} />
            {t('only_mine')}
          </label>
        </div>
        <ProblemMessage error={day.error} />
        {day.data && rows.length === 0 ? <p className="mt-3">{t('no_sessions_day')}</p> : null}
        <ul className="mt-3 space-y-2" data-testid="day-sessions">
          {rows.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                aria-pressed={chosen === s.id}
                onClick={() => setChosen(s.id)}
                className="flex min-h-10 w-full flex-wrap items-center gap-3 rounded-md px-3 py-2 text-left ring-1 ring-slate-300 hover:bg-slate-50 aria-pressed:bg-teal-50 aria-pressed:ring-teal-700"
              >
                <span className="text-sm">{s.local_starts_at.slice(11, 16)}</span>
                <span className="font-medium">{s.class_name}</span>
                <span className="ml-auto text-sm">
                  {s.status === 'cancelled'
                    ? t('date_cancelled')
                    : t('booked_count', { booked: s.booked_count, capacity: s.capacity })}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {rows.length > 0 && !session ? <p className="mt-3 text-sm">{t('choose_session')}</p> : null}
      </Card>
      {session ? <Roster session={session} /> : null}
    </div>
  );
}
