import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { useAuth } from '../app/auth';
import { qk } from '../app/query';
import { Pager } from '../components/member';
import { EmptyState, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { notificationTarget, pageFrom, totalOf } from '../lib/member';

export const Route = createFileRoute('/notifications')({
  component: Notifications,
  validateSearch: (s: Record<string, unknown>): { page?: number } => {
    const page = pageFrom(s.page);
    return page > 1 ? { page } : {};
  },
});

const SIZE = 20;

/** All my notifications (every gym and personal modules), newest first; new ones arrive live. */
function Notifications() {
  const { t, i18n } = useTranslation('member');
  const page = Route.useSearch().page ?? 1;
  const { gymId } = useAuth();
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: qk('notifications', 'page', page),
    queryFn: async () => {
      const r = api.GET('/api/v1/users/me/notifications', {
        params: { query: { skip: (page - 1) * SIZE, limit: SIZE } },
      });
      const rows = await unwrap(r);
      return { rows, total: totalOf((await r).response, rows.length) };
    },
    placeholderData: keepPreviousData,
  });
  const refresh = () => void qc.invalidateQueries({ predicate: (q) => q.queryKey.includes('notifications') });
  const markOne = useMutation({
    mutationFn: (id: number) =>
      unwrap(api.POST('/api/v1/users/me/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/users/me/notifications/read-all')),
    onSettled: refresh,
  });
  const rows = list.data?.rows ?? [];
  const fmt = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const anyUnread = rows.some((n) => !n.read_at);
  return (
    <Card>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-semibold">{t('notifications_title')}</h1>
        {anyUnread ? (
          <Button
            variant="secondary"
            className="ml-auto"
            disabled={markAll.isPending}
            onClick={() => markAll.mutate()}
          >
            {t('mark_all_read')}
          </Button>
        ) : null}
      </div>
      {list.error ? <ProblemMessage error={list.error} /> : null}
      {markOne.error ? <ProblemMessage error={markOne.error} /> : null}
      {markAll.error ? <ProblemMessage error={markAll.error} /> : null}
      {!list.isPending && !list.error && rows.length === 0 ? (
        <EmptyState>{t('no_notifications')}</EmptyState>
      ) : null}
      <ul className="divide-y" data-testid="notifications">
        {rows.map((n) => {
          const target = notificationTarget(n, gymId);
          const unread = !n.read_at;
          return (
            <li key={n.id} className={`py-3 ${unread ? '' : 'text-slate-700'}`} data-kind={n.kind}>
              <div className="flex flex-wrap items-center gap-2">
                {unread ? (
                  <span className="rounded-full bg-teal-700 px-2 py-0.5 text-xs font-semibold text-white">
                    {t('unread_badge')}
                  </span>
                ) : null}
                <h2 className={`text-base ${unread ? 'font-semibold' : 'font-medium'}`}>{n.title}</h2>
                <span className="text-xs text-slate-700">{fmt(n.created_at)}</span>
              </div>
              <p className="mt-1 text-sm">{n.body}</p>
              <div className="mt-2 flex flex-wrap gap-2">
                {target ? (
                  <Button asChild variant="secondary">
                    {target.to === '/events/$id' ? (
                      <Link
                        to="/events/$id"
                        params={{ id: target.id }}
                        onClick={() => unread && markOne.mutate(n.id)}
                      >
                        {t('open_related')}
                      </Link>
                    ) : (
                      <Link to={target.to} onClick={() => unread && markOne.mutate(n.id)}>
                        {t('open_related')}
                      </Link>
                    )}
                  </Button>
                ) : null}
                {unread ? (
                  <Button variant="ghost" disabled={markOne.isPending} onClick={() => markOne.mutate(n.id)}>
                    {t('mark_read')}
                  </Button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      <Pager page={page} size={SIZE} total={list.data?.total ?? 0} />
    </Card>
  );
}
