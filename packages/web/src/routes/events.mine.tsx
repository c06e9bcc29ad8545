import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { EventsTabs, gymHeader, Pager, StatusLabel, useWhen } from '../components/member';
import { EmptyState, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { pageFrom } from '../lib/member';
import { myRegistrationsQuery } from '../lib/member-queries';

type When = 'upcoming' | 'past';

export const Route = createFileRoute('/events/mine')({
  component: MyEvents,
  validateSearch: (s: Record<string, unknown>): { when?: When; page?: number } => {
    const page = pageFrom(s.page);
    return { ...(s.when === 'past' ? { when: 'past' as const } : {}), ...(page > 1 ? { page } : {}) };
  },
});

const SIZE = 20;

/** My event registrations: upcoming (with cancel) or past. */
function MyEvents() {
  const { t } = useTranslation('member');
  const search = Route.useSearch();
  const when: When = search.when ?? 'upcoming';
  const page = search.page ?? 1;
  const fmt = useWhen();
  const qc = useQueryClient();
  const list = useQuery({ ...myRegistrationsQuery(when, page, SIZE), placeholderData: keepPreviousData });
  const cancel = useMutation({
    mutationFn: (id: number) =>
      unwrap(
        api.DELETE('/api/v1/events/registrations/{id}', { params: { path: { id }, header: gymHeader() } }),
      ),
    onSettled: () =>
      void qc.invalidateQueries({
        predicate: (q) => q.queryKey.includes('mine') || q.queryKey.includes('events'),
      }),
  });
  const rows = list.data?.rows ?? [];
  const tab = (w: When) =>
    `min-h-10 rounded-md px-3 py-2 text-sm ${w === when ? 'bg-slate-800 text-white' : 'ring-1 ring-slate-300 hover:bg-slate-100'}`;
  return (
    <Card>
      <h1 className="mb-3 text-xl font-semibold">{t('my_events')}</h1>
      <EventsTabs current="mine" />
      <div className="mb-3 flex gap-2">
        <Link to="/events/mine" search={{}} className={tab('upcoming')}>
          {t('upcoming')}
        </Link>
        <Link to="/events/mine" search={{ when: 'past' }} className={tab('past')}>
          {t('past')}
        </Link>
      </div>
      {list.error ? <ProblemMessage error={list.error} /> : null}
      {cancel.error ? <ProblemMessage error={cancel.error} /> : null}
      {!list.isPending && !list.error && rows.length === 0 ? (
        <EmptyState>
          {t('no_my_events')}{' '}
          <Link to="/events" className="text-teal-800 underline">
            {t('all_events')}
          </Link>
        </EmptyState>
      ) : null}
      <ul className="divide-y">
        {rows.map((r) => (
          <li key={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-3">
            <span className="w-full text-sm text-slate-700 sm:w-44">{fmt(r.starts_at)}</span>
            <Link
              to="/events/$id"
              params={{ id: String(r.event_id) }}
              className="font-medium text-teal-900 underline"
            >
              {r.title}
            </Link>
            {r.event_status === 'cancelled' ? (
              <span className="text-sm text-red-800">{t('event_cancelled')}</span>
            ) : (
              <StatusLabel status={r.status} position={r.position} />
            )}
            {when === 'upcoming' && (r.status === 'booked' || r.status === 'waitlisted') ? (
              <Button
                variant="secondary"
                className="sm:ml-auto"
                disabled={cancel.isPending}
                onClick={() => cancel.mutate(r.id)}
              >
                {r.status === 'waitlisted' ? t('leave_waitlist') : t('unregister')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      <Pager page={page} size={SIZE} total={list.data?.total ?? 0} />
    </Card>
  );
}
