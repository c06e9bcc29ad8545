import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { qk } from '../app/query';
import { SEGMENTS } from '../i18n/segments';
import { EmptyState, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { formatDuration, formatPace } from '../lib/shape';

export const Route = createFileRoute('/segments/records')({ component: Records });

const PAGE = 20;

/**
 * A record names its segment by id only; the name comes from the segment itself, under the same query key as
 * its page, so opening it afterwards needs no request.
 */
function SegmentName({ id }: { id: number }) {
  const { t } = useTranslation(SEGMENTS);
  const q = useQuery({
    queryKey: qk('segment', id),
    queryFn: () => unwrap(api.GET('/api/v1/segments/{id}', { params: { path: { id } } })),
  });
  return <span className="font-medium">{q.data?.name ?? t('segment_n', { id })}</span>;
}

/** My best effort on each segment I can see, and whether others see my efforts on leaderboards. */
function Records() {
  const { t, i18n } = useTranslation(SEGMENTS);
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const records = useQuery({
    queryKey: qk('segment-records', page),
    queryFn: async () => {
      const r = api.GET('/api/v1/users/me/segment-efforts', {
        params: { query: { skip: (page - 1) * PAGE, limit: PAGE } },
      });
      const rows = await unwrap(r);
      return { rows, total: Number((await r).response.headers.get('x-total-count') ?? rows.length) };
    },
  });
  const prefs = useQuery({
    queryKey: qk('segment-prefs'),
    queryFn: () => unwrap(api.GET('/api/v1/users/me/segment-preferences')),
  });
  const setPrefs = useMutation({
    mutationFn: (hide: boolean) =>
      unwrap(api.PUT('/api/v1/users/me/segment-preferences', { body: { hide_efforts: hide } })),
    onSuccess: (p) => qc.setQueryData(qk('segment-prefs'), p),
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const pages = Math.ceil((records.data?.total ?? 0) / PAGE);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('records_title')}</h1>
      <Card>
        <label className="flex min-h-10 items-center gap-2">
          <input
            type="checkbox"
            checked={prefs.data?.hide_efforts ?? false}
            disabled={!prefs.data || setPrefs.isPending}
            onChange={(e) => setPrefs.mutate(e.target.checked)}
          />
          {t('hide_efforts')}
        </label>
        <ProblemMessage error={prefs.error ?? setPrefs.error} />
      </Card>
      <ProblemMessage error={records.error} />
      {records.data && records.data.rows.length === 0 ? <EmptyState>{t('no_records')}</EmptyState> : null}
      <ul className="space-y-2" data-testid="records">
        {records.data?.rows.map((e) => (
          <li key={e.id}>
            <Card className="p-0">
              <Link
                to="/segments/$id"
                params={{ id: String(e.segment_id) }}
                className="grid grid-cols-2 gap-2 p-4 hover:bg-slate-50 sm:grid-cols-4"
              >
                <SegmentName id={e.segment_id} />
                <span>{formatDuration(e.elapsed_s)}</span>
                <span>{formatPace(e.pace_s_per_km)}</span>
                <span>{date.format(new Date(e.started_at))}</span>
              </Link>
            </Card>
          </li>
        ))}
      </ul>
      {pages > 1 ? (
        <div className="flex items-center gap-3">
          <Button variant="ghost" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {t('previous')}
          </Button>
          <span>{t('page_of', { page, pages })}</span>
          <Button variant="ghost" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            {t('next')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
