import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import '../i18n/live';
import { applySpots, connectLive, type EventSourceLike } from '../lib/live';
import { applyEventSpotsToCache } from '../lib/member';
import { qk } from './query';

/**
 * Keeps the query cache live while signed in: a new notification refetches the notification queries (the bell
 * and any list), a change of places is written into every cached list of sessions or events that holds the row,
 * and after a gap in the stream everything shown is refetched.
 */
export function useLive(enabled: boolean) {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const conn = connectLive({
      async ticket() {
        const { data } = await api.POST('/api/v1/notifications/stream-ticket');
        if (!data) throw new Error('no stream ticket');
        return data.ticket;
      },
      open: (url) => new EventSource(url) as unknown as EventSourceLike,
      // A notification may be about my own places (a promotion from the waitlist, a cancelled class): my
      // bookings and registrations ('mine' keys) are refetched with the notifications.
      onNotification: () =>
        void qc.invalidateQueries({
          predicate: (q) => q.queryKey.includes('notifications') || q.queryKey.includes('mine'),
        }),
      onSpots: (s) =>
        qc.setQueriesData<unknown>(
          { predicate: (q) => q.queryKey.includes(s.kind === 'session' ? 'sessions' : 'events') },
          (old: unknown) =>
            s.kind === 'event'
              ? applyEventSpotsToCache(old, s)
              : Array.isArray(old)
                ? applySpots(old as { id: number; booked_count: number; waitlist_count: number }[], s)
                : old,
        ),
      onResync: () => void qc.invalidateQueries(),
    });
    return () => conn.close();
  }, [enabled, qc]);
}

/** The unread count of all my notifications, kept current by `useLive`; opens the notifications page. */
export function NotificationBell() {
  const { t } = useTranslation('live');
  const unread = useQuery({
    queryKey: qk('notifications', 'unread'),
    queryFn: async () => {
      const { data } = await api.GET('/api/v1/users/me/notifications', {
        params: { query: { unread: 'true', limit: 100 } },
      });
      return data ?? [];
    },
  });
  const n = unread.data?.length ?? 0;
  return (
    <Link
      to="/notifications"
      aria-label={`${t('bell')}: ${t('unread', { count: n })}`}
      title={t('bell')}
      data-testid="bell"
      className="inline-flex min-h-10 items-center gap-1 rounded-md px-3 py-2 text-sm hover:bg-slate-100"
    >
      <span aria-hidden="true">🔔</span>
      <span
        className={n ? 'rounded-full bg-teal-700 px-2 text-xs font-semibold text-white' : 'text-slate-600'}
      >
        {n >= 100 ? '99+' : n}
      </span>
    </Link>
  );
}
