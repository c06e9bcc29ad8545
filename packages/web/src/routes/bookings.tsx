import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { qk } from '../app/query';
import { gymHeader, Pager, StatusLabel, useGym, useWhen } from '../components/member';
import { EmptyState, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { cancelWindow, pageFrom, totalOf } from '../lib/member';

type When = 'upcoming' | 'past';

export const Route = createFileRoute('/bookings')({
  component: MyBookings,
  validateSearch: (s: Record<string, unknown>): { when?: When; page?: number } => {
    const page = pageFrom(s.page);
    return { ...(s.when === 'past' ? { when: 'past' as const } : {}), ...(page > 1 ? { page } : {}) };
  },
});

const SIZE = 20;

/** My class bookings in the chosen gym: upcoming (with cancel and the cut-off explained) or past. */
function MyBookings() {
  const { t } = useTranslation('member');
  const search = Route.useSearch();
  const when: When = search.when ?? 'upcoming';
  const page = search.page ?? 1;
  const qc = useQueryClient();
  const gym = useGym();
  const fmt = useWhen();
  const list = useQuery({
    // 'mine': refetched by the live stream when a notification arrives (a promotion changes a row).
    queryKey: qk('mine', 'bookings', when, page),
    queryFn: async () => {
      const r = api.GET('/api/v1/users/me/bookings', {
        params: { query: { when, skip: (page - 1) * SIZE, limit: SIZE }, header: gymHeader() },
      });
      const rows = await unwrap(r);
      return { rows, total: totalOf((await r).response, rows.length) };
    },
    placeholderData: keepPreviousData,
  });
  const cancel = useMutation({
    mutationFn: (id: number) =>
      unwrap(api.DELETE('/api/v1/schedule/bookings/{id}', { params: { path: { id }, header: gymHeader() } })),
    onSettled: () =>
      void qc.invalidateQueries({
        predicate: (q) => q.queryKey.includes('mine') || q.queryKey.includes('sessions'),
      }),
  });
  const rows = list.data?.rows ?? [];
  const cutoff = gym.data?.cancellation_cutoff_min ?? 0;
  // The page's own clock: it decides only what to offer; the API judges the cancellation itself.
  const now = Date.now();
  const tab = (w: When) =>
    `min-h-10 rounded-md px-3 py-2 text-sm ${w === when ? 'bg-teal-700 text-white' : 'ring-1 ring-slate-300 hover:bg-slate-100'}`;

  return (
    <Card>
      <h1 className="mb-3 text-xl font-semibold">{t('bookings_title')}</h1>
      <div className="mb-4 flex gap-2">
        <Link
          to="/bookings"
          search={{}}
          className={tab('upcoming')}
          aria-current={when === 'upcoming' ? 'page' : undefined}
        >
          {t('upcoming')}
        </Link>
        <Link
          to="/bookings"
          search={{ when: 'past' }}
          className={tab('past')}
          aria-current={when === 'past' ? 'page' : undefined}
        >
          {t('past')}
        </Link>
      </div>
      {list.error ? <ProblemMessage error={list.error} /> : null}
      {cancel.error ? <ProblemMessage error={cancel.error} /> : null}
      {cancel.isSuccess ? (
        <p role="status" className="mb-2 text-sm">
          {t('cancelled_done')}
        </p>
      ) : null}
      {!list.isPending && !list.error && rows.length === 0 ? (
        <EmptyState>
          {when === 'upcoming' ? t('no_upcoming') : t('no_past')}{' '}
          {when === 'upcoming' ? (
            <Link to="/timetable" className="text-teal-800 underline">
              {t('open_timetable')}
            </Link>
          ) : null}
        </EmptyState>
      ) : null}
      <ul className="divide-y" data-testid="my-bookings">
        {rows.map((b) => {
          const w = cancelWindow(b.status, b.starts_at, cutoff, now);
          return (
            <li
              key={b.id}
              className="flex flex-wrap items-center gap-x-3 gap-y-1 py-3"
              data-testid={`booking-${b.session_id}`}
            >
              <span className="w-full text-sm text-slate-700 sm:w-44">{fmt(b.starts_at)}</span>
              <span className="font-medium">{b.class_name}</span>
              {b.session_status === 'cancelled' ? (
                <span className="text-sm text-red-800">{t('session_cancelled')}</span>
              ) : (
                <StatusLabel status={b.status} position={b.position} />
              )}
              {w.state === 'open' && b.session_status === 'open' ? (
                <div className="flex w-full flex-wrap items-center gap-2 sm:ml-auto sm:w-auto">
                  {b.status === 'booked' && cutoff > 0 ? (
                    <span className="text-xs text-slate-700">
                      {t('cancel_until', { until: fmt(w.until.toISOString()) })}
                    </span>
                  ) : null}
                  <Button variant="secondary" disabled={cancel.isPending} onClick={() => cancel.mutate(b.id)}>
                    {b.status === 'waitlisted' ? t('leave_waitlist') : t('cancel_booking')}
                  </Button>
                </div>
              ) : null}
              {w.state === 'closed' ? (
                <p className="w-full text-sm text-amber-900" data-testid="cutoff-explained">
                  {t('cancel_closed', { count: w.cutoffMinutes, until: fmt(w.until.toISOString()) })}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      <Pager page={page} size={SIZE} total={list.data?.total ?? 0} />
    </Card>
  );
}
