import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { session } from '../api/session';
import { qk } from '../app/query';
// The 'live' namespace (places left) loads with the shell (app/live.tsx); importing it from this lazy module
// too made the bundler split it into a chunk the entry evaluated before i18next was ready.
import '../i18n/member';
import { pageInfo, type ReservationStatus } from '../lib/member';

/** The client adds the chosen gym to every request; the generated types want it stated on gym routes. */
export const gymHeader = () => ({ 'x-gym-id': session.get().gymId ?? '' });

/** The chosen gym (its time zone and cancellation cut-off), shared by the member pages. */
export function useGym() {
  return useQuery({
    queryKey: qk('gym-current'),
    queryFn: () => unwrap(api.GET('/api/v1/gyms/current', { params: { header: gymHeader() } })),
    staleTime: 5 * 60_000,
  });
}

/** Formats an instant in the reader's language and, when known, the gym's time zone (where the class is). */
export function useWhen() {
  const { i18n } = useTranslation();
  const gym = useGym();
  const tz = gym.data?.timezone;
  return (iso: string) => {
    try {
      return new Intl.DateTimeFormat(i18n.language, {
        dateStyle: 'medium',
        timeStyle: 'short',
        ...(tz ? { timeZone: tz } : {}),
      }).format(new Date(iso));
    } catch {
      return iso.replace('T', ' ').slice(0, 16);
    }
  };
}

/** The status of one of my bookings or registrations, in words. */
export function StatusLabel({ status, position }: { status: ReservationStatus; position: number | null }) {
  const { t } = useTranslation('member');
  const text =
    status === 'waitlisted' ? t('status_waitlisted', { position: position ?? '?' }) : t(`status_${status}`);
  const tone =
    status === 'booked' || status === 'attended'
      ? 'bg-teal-50 text-teal-900 ring-teal-200'
      : status === 'waitlisted'
        ? 'bg-amber-50 text-amber-900 ring-amber-200'
        : 'bg-slate-100 text-slate-800 ring-slate-300';
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${tone}`}>{text}</span>;
}

/** Previous / next links of a paginated list (the page lives in the URL's `?page=`). */
export function Pager({ page, size, total }: { page: number; size: number; total: number }) {
  const { t } = useTranslation('member');
  const p = pageInfo(page, size, total);
  if (p.pages <= 1) return null;
  const cls = 'min-h-10 rounded-md px-3 py-2 text-sm ring-1 ring-slate-300 hover:bg-slate-100';
  return (
    <nav aria-label={t('pager')} className="mt-4 flex items-center justify-between gap-2">
      {p.hasPrev ? (
        <Link to="." search={(s: object) => ({ ...s, page: p.page - 1 })} className={cls}>
          {t('previous')}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-sm text-slate-700">{t('page_of', { page: p.page, pages: p.pages })}</span>
      {p.hasNext ? (
        <Link to="." search={(s: object) => ({ ...s, page: p.page + 1 })} className={cls}>
          {t('next')}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** All events / My events: the two lists of the events area. */
export function EventsTabs({ current }: { current: 'all' | 'mine' }) {
  const { t } = useTranslation('member');
  const cls = (on: boolean) =>
    `min-h-10 rounded-md px-3 py-2 text-sm ${on ? 'bg-teal-700 text-white' : 'ring-1 ring-slate-300 hover:bg-slate-100'}`;
  return (
    <div className="mb-4 flex gap-2">
      <Link
        to="/events"
        className={cls(current === 'all')}
        aria-current={current === 'all' ? 'page' : undefined}
      >
        {t('all_events')}
      </Link>
      <Link
        to="/events/mine"
        search={{}}
        className={cls(current === 'mine')}
        aria-current={current === 'mine' ? 'page' : undefined}
      >
        {t('my_events')}
      </Link>
    </div>
  );
}

/** Places left of an event, in words (no limit, some left, or full with the waitlist). */
export function Places({ e }: { e: { spots_left: number | null; waitlist_count: number } }) {
  const { t } = useTranslation('live');
  const { t: tm } = useTranslation('member');
  if (e.spots_left === null) return <>{tm('places_unlimited')}</>;
  return (
    <>
      {e.spots_left > 0 ? t('spots_left', { count: e.spots_left }) : t('full', { count: e.waitlist_count })}
    </>
  );
}
