import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { qk } from '../app/query';
import { gymHeader, Places, StatusLabel, useWhen } from '../components/member';
import { ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { myRegistrationsQuery } from '../lib/member-queries';

export const Route = createFileRoute('/events/$id')({ component: EventDetail });

/** One event: when, where, places (live), and my registration with register / cancel. */
function EventDetail() {
  const { t } = useTranslation('member');
  const { id: idParam } = Route.useParams();
  const id = Number(idParam);
  const fmt = useWhen();
  const qc = useQueryClient();
  const event = useQuery({
    queryKey: qk('events', 'one', id),
    queryFn: () => unwrap(api.GET('/api/v1/events/{id}', { params: { path: { id }, header: gymHeader() } })),
    enabled: Number.isInteger(id) && id > 0,
  });
  // My upcoming registrations (one page is plenty for a member) tell whether I hold one for this event.
  const mine = useQuery(myRegistrationsQuery('upcoming', 1, 100));
  const my = mine.data?.rows.find((r) => r.event_id === id && r.status !== 'cancelled');
  const invalidate = () =>
    void qc.invalidateQueries({
      predicate: (q) => q.queryKey.includes('mine') || q.queryKey.includes('events'),
    });
  const register = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/events/{id}/registrations', {
          params: { path: { id }, header: gymHeader() },
          body: {},
        }),
      ),
    onSettled: invalidate,
  });
  const cancel = useMutation({
    mutationFn: (rid: number) =>
      unwrap(
        api.DELETE('/api/v1/events/registrations/{id}', {
          params: { path: { id: rid }, header: gymHeader() },
        }),
      ),
    onSettled: invalidate,
  });
  const e = event.data;
  return (
    <Card>
      <Link to="/events" className="text-sm text-teal-800 underline">
        {t('back_to_events')}
      </Link>
      {event.error ? (
        <div className="mt-3">
          <ProblemMessage error={event.error} />
        </div>
      ) : null}
      {e ? (
        <article className="mt-3 space-y-3">
          <h1 className="text-xl font-semibold">{e.title}</h1>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="font-medium">{t('when')}</dt>
            <dd>
              {fmt(e.starts_at)} – {fmt(e.ends_at)}
            </dd>
            {e.location ? (
              <>
                <dt className="font-medium">{t('where')}</dt>
                <dd>{e.location}</dd>
              </>
            ) : null}
          </dl>
          {e.description ? <p className="whitespace-pre-line">{e.description}</p> : null}
          <p className="text-sm" data-testid="event-places">
            {e.status === 'cancelled' ? t('event_cancelled') : <Places e={e} />}
          </p>
          {register.error ? <ProblemMessage error={register.error} /> : null}
          {cancel.error ? <ProblemMessage error={cancel.error} /> : null}
          {register.data && !my ? (
            <p role="status" className="text-sm">
              {register.data.status === 'waitlisted'
                ? t('registered_waitlist', { position: register.data.position })
                : t('registered')}
            </p>
          ) : null}
          {my ? (
            <div className="flex flex-wrap items-center gap-2" data-testid="my-registration">
              <StatusLabel status={my.status} position={my.position} />
              <Button variant="secondary" disabled={cancel.isPending} onClick={() => cancel.mutate(my.id)}>
                {my.status === 'waitlisted' ? t('leave_waitlist') : t('unregister')}
              </Button>
            </div>
          ) : e.status === 'scheduled' && !mine.isPending ? (
            <Button disabled={register.isPending} onClick={() => register.mutate()}>
              {e.spots_left === 0 ? t('join_event_waitlist') : t('register')}
            </Button>
          ) : null}
        </article>
      ) : null}
    </Card>
  );
}
