import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { session } from '../api/session';
import { qk } from '../app/query';
import '../i18n/live';
import { ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';
import { addDays, mondayOf } from '../lib/week';

export const Route = createFileRoute('/timetable')({ component: Timetable });

/** The client adds the chosen gym to every request; the generated types want it stated on gym routes. */
const gymHeader = () => ({ 'x-gym-id': session.get().gymId ?? '' });

/** The gym's sessions of one week, with the places left kept live by the stream (app/live.tsx). */
function Timetable() {
  const { t } = useTranslation('live');
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
  const bookIt = useMutation({
    mutationFn: (id: number) =>
      unwrap(
        api.POST('/api/v1/schedule/sessions/{id}/bookings', {
          params: { path: { id }, header: gymHeader() },
          body: {},
        }),
      ),
    onSettled: () => void qc.invalidateQueries({ predicate: (q) => q.queryKey.includes('sessions') }),
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
            {s.status === 'open' ? (
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
