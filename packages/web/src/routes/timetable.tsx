import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { qk } from '../app/query';
import { LIVE } from '../i18n/live';
import { gymHeader, StatusLabel } from '../components/member';
import { ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';
import { addDays, mondayOf } from '../lib/week';

export const Route = createFileRoute('/timetable')({ component: Timetable });

/** The gym's sessions of one week, with the places left kept live by the stream (app/live.tsx). */
function Timetable() {
  const { t } = useTranslation(LIVE);
  const { t: tm } = useTranslation('member');
  const [monday, setMonday] = useState(() => mondayOf(new Date().toISOString().slice(0, 10)));
  const to = addDays(monday, 6);
  const qc = useQueryClient();
  const sessions = useQuery({
    queryKey: qk('sessions', monday, to),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/schedule/sessions', {
          params: { query: { from: monday, to }, header: gymHeader() },
        }),
      ),
  });
  // My places and waitlist entries, to show them on the sessions and offer to cancel; refetched by the live
  // stream on a notification ('mine'), so a promotion shows here without reloading.
  const mine = useQuery({
    queryKey: qk('mine', 'bookings', 'upcoming', 'timetable'),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/users/me/bookings', {
          params: { query: { when: 'upcoming', limit: 100 }, header: gymHeader() },
        }),
      ),
  });
  const mineBySession = new Map(
    (mine.data ?? []).filter((b) => b.status !== 'cancelled').map((b) => [b.session_id, b]),
  );
  const invalidate = () =>
    void qc.invalidateQueries({
      predicate: (q) => q.queryKey.includes('sessions') || q.queryKey.includes('mine'),
    });
  const cancel = useMutation({
    mutationFn: (id: number) =>
      unwrap(api.DELETE('/api/v1/schedule/bookings/{id}', { params: { path: { id }, header: gymHeader() } })),
    onSettled: invalidate,
  });
  const bookIt = useMutation({
    mutationFn: (id: number) =>
      unwrap(
        api.POST('/api/v1/schedule/sessions/{id}/bookings', {
          params: { path: { id }, header: gymHeader() },
          body: {},
        }),
      ),
    onSettled: invalidate,
  });
  const rows = sessions.data ?? [];
  return (
    <Card>
      <CardTitle>{t('timetable')}</CardTitle>
      <div className="my-3 flex items-center gap-2">
        <Button variant="secondary" onClick={() => setMonday(addDays(monday, -7))}>
          {t('previous_week')}
        </Button>
        <span className="text-sm">
          {monday} – {to}
        </span>
        <Button variant="secondary" onClick={() => setMonday(addDays(monday, 7))}>
          {t('next_week')}
        </Button>
      </div>
      {sessions.error ? <ProblemMessage error={sessions.error} /> : null}
      {bookIt.error ? <ProblemMessage error={bookIt.error} /> : null}
      {cancel.error ? <ProblemMessage error={cancel.error} /> : null}
      {bookIt.data ? (
        <p role="status" className="text-sm">
          {bookIt.data.status === 'waitlisted'
            ? t('waitlisted', { position: bookIt.data.position })
            : t('booked')}
        </p>
      ) : null}
      {!sessions.isPending && rows.length === 0 ? <p>{t('no_sessions')}</p> : null}
      <ul className="divide-y">
        {rows.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center gap-3 py-2">
            <span className="w-40 text-sm">{s.local_starts_at.replace('T', ' ').slice(0, 16)}</span>
            <span className="font-medium">{s.class_name}</span>
            <span className="text-sm" data-testid={`spots-${s.id}`}>
              {s.status === 'cancelled'
                ? t('cancelled')
                : s.spots_left > 0
                  ? t('spots_left', { count: s.spots_left })
                  : t('full', { count: s.waitlist_count })}
            </span>
            {mineBySession.has(s.id) ? (
              <MyPlace
                booking={mineBySession.get(s.id)!}
                cancelling={cancel.isPending}
                onCancel={(id) => cancel.mutate(id)}
                label={tm}
              />
            ) : s.status === 'open' ? (
              <Button className="ml-auto" disabled={bookIt.isPending} onClick={() => bookIt.mutate(s.id)}>
                {s.spots_left > 0 ? t('book') : t('join_waitlist')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** My place (or waitlist number) on a session of the timetable, with its cancel button. */
function MyPlace(props: {
  booking: {
    id: number;
    status: 'booked' | 'waitlisted' | 'cancelled' | 'attended' | 'no_show';
    position: number | null;
  };
  cancelling: boolean;
  onCancel: (id: number) => void;
  label: (k: string) => string;
}) {
  const b = props.booking;
  return (
    <span className="ml-auto flex flex-wrap items-center gap-2" data-testid="my-place">
      <StatusLabel status={b.status} position={b.position} />
      {b.status === 'booked' || b.status === 'waitlisted' ? (
        <Button variant="secondary" disabled={props.cancelling} onClick={() => props.onCancel(b.id)}>
          {b.status === 'waitlisted' ? props.label('leave_waitlist') : props.label('cancel_booking')}
        </Button>
      ) : null}
    </span>
  );
}
