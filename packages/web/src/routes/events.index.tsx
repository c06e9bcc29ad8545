import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EventsTabs, Pager, Places, useWhen } from '../components/member';
import { EmptyState, ProblemMessage } from '../components/problem';
import { Card } from '../components/ui/card';
import { pageFrom } from '../lib/member';
import { eventsPageQuery } from '../lib/member-queries';

export const Route = createFileRoute('/events/')({
  component: Events,
  validateSearch: (s: Record<string, unknown>): { page?: number } => {
    const page = pageFrom(s.page);
    return page > 1 ? { page } : {};
  },
});

const SIZE = 20;

/** The gym's upcoming events, a page at a time, with places left kept live by the stream. */
function Events() {
  const { t } = useTranslation('member');
  const page = Route.useSearch().page ?? 1;
  const fmt = useWhen();
  const list = useQuery({ ...eventsPageQuery(page, SIZE), placeholderData: keepPreviousData });
  const rows = list.data?.rows ?? [];
  return (
    <Card>
      <h1 className="mb-3 text-xl font-semibold">{t('events_title')}</h1>
      <EventsTabs current="all" />
      {list.error ? <ProblemMessage error={list.error} /> : null}
      {!list.isPending && !list.error && rows.length === 0 ? <EmptyState>{t('no_events')}</EmptyState> : null}
      <ul className="divide-y">
        {rows.map((e) => (
          <li key={e.id} className="py-3">
            <Link
              to="/events/$id"
              params={{ id: String(e.id) }}
              className="block rounded-md p-1 hover:bg-slate-50"
            >
              <span className="block font-medium text-teal-900 underline">{e.title}</span>
              <span className="block text-sm text-slate-700">
                {fmt(e.starts_at)}
                {e.location ? ` · ${e.location}` : ''}
              </span>
              <span className="block text-sm" data-testid={`event-spots-${e.id}`}>
                {e.status === 'cancelled' ? t('event_cancelled') : <Places e={e} />}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <Pager page={page} size={SIZE} total={list.data?.total ?? 0} />
    </Card>
  );
}
