import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useAuth } from '../app/auth';
import { unwrap } from '../api/problem';
import { qk } from '../app/query';
import { surfaceKey } from '../i18n/segments';
import { EmptyState, ProblemMessage } from '../components/problem';
import { SmoothnessIcon, SurfaceIcon } from '../components/segments/osm-icons';
import {
  QualityBadge,
  QualityReportForm,
  SmoothnessScale,
  SurfaceScale,
} from '../components/segments/quality';
import { SegmentMap } from '../components/segments/segment-map';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';
import { formatMetres } from '../lib/segments';
import { formatDuration, formatPace } from '../lib/shape';

export const Route = createFileRoute('/segments/$id')({ component: SegmentDetail });

const PAGE = 20;

async function paged<T>(r: Promise<{ data?: T[]; error?: unknown; response: Response }>) {
  const rows = await unwrap(r);
  return { rows, total: Number((await r).response.headers.get('x-total-count') ?? rows.length) };
}

/** Who was fastest: the best effort of each person who can see the segment. */
function Leaderboard({ id }: { id: number }) {
  const { t, i18n } = useTranslation('segments');
  const [page, setPage] = useState(1);
  const qc = useQueryClient();
  // Matching against the workouts already imported runs in the background after the segment is made: its
  // progress is polled until done, then the leaderboard is read again.
  const matching = useQuery({
    queryKey: qk('segment-matching', id),
    queryFn: () => unwrap(api.GET('/api/v1/segments/{id}/matching', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data?.state === 'done' ? false : 1000),
  });
  const done = matching.data?.state === 'done';
  useEffect(() => {
    if (done) void qc.invalidateQueries({ queryKey: qk('segment-efforts', id) });
  }, [done, id, qc]);
  const board = useQuery({
    queryKey: qk('segment-efforts', id, page),
    queryFn: () =>
      paged(
        api.GET('/api/v1/segments/{id}/efforts', {
          params: { path: { id }, query: { skip: (page - 1) * PAGE, limit: PAGE } },
        }),
      ),
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const m = matching.data;
  return (
    <Card>
      <CardTitle>{t('leaderboard')}</CardTitle>
      {m && m.state !== 'done' ? (
        <p role="status" className="mb-2 text-sm text-slate-800" data-testid="matching">
          {t('matching_progress', { done: m.workouts_done, total: m.workouts_total })}{' '}
          <progress className="align-middle" max={Math.max(1, m.workouts_total)} value={m.workouts_done} />
        </p>
      ) : null}
      <ProblemMessage error={board.error} />
      {board.data && board.data.rows.length === 0 && done ? <EmptyState>{t('no_efforts')}</EmptyState> : null}
      {board.data?.rows.length ? (
        <div className="overflow-x-auto">
          <table
            className="w-full text-left text-sm [&_td]:py-1 [&_td]:pr-3 [&_th]:pr-3"
            data-testid="leaderboard"
          >
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('athlete')}</th>
                <th scope="col">{t('time')}</th>
                <th scope="col">{t('pace')}</th>
                <th scope="col">{t('hr')}</th>
                <th scope="col">{t('date')}</th>
              </tr>
            </thead>
            <tbody>
              {board.data.rows.map((e, i) => (
                <tr key={e.id}>
                  <td>{e.rank ?? (page - 1) * PAGE + i + 1}</td>
                  <td>{e.user_name ?? '—'}</td>
                  <td>{formatDuration(e.elapsed_s)}</td>
                  <td>{formatPace(e.pace_s_per_km)}</td>
                  <td>{e.avg_hr ? `${Math.round(e.avg_hr)} bpm` : '—'}</td>
                  <td>
                    <Link to="/workouts/$id" params={{ id: String(e.workout_id) }} className="underline">
                      {date.format(new Date(e.started_at))}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager page={page} total={board.data?.total ?? 0} onPage={setPage} />
    </Card>
  );
}

function Pager({ page, total, onPage }: { page: number; total: number; onPage: (p: number) => void }) {
  const { t } = useTranslation('segments');
  const pages = Math.ceil(total / PAGE);
  if (pages <= 1) return null;
  return (
    <div className="mt-2 flex items-center gap-3">
      <Button variant="ghost" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('previous')}
      </Button>
      <span>{t('page_of', { page, pages })}</span>
      <Button variant="ghost" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('next')}
      </Button>
    </div>
  );
}

function Reports({ id }: { id: number }) {
  const { t, i18n } = useTranslation('segments');
  const [page, setPage] = useState(1);
  const reports = useQuery({
    queryKey: qk('segment-reports', id, page),
    queryFn: () =>
      paged(
        api.GET('/api/v1/segments/{id}/quality-reports', {
          params: { path: { id }, query: { skip: (page - 1) * PAGE, limit: PAGE } },
        }),
      ),
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  return (
    <Card>
      <CardTitle>{t('reports')}</CardTitle>
      <ProblemMessage error={reports.error} />
      {reports.data && reports.data.rows.length === 0 ? <EmptyState>{t('no_reports_yet')}</EmptyState> : null}
      <ul className="space-y-2">
        {reports.data?.rows.map((r) => (
          <li key={r.id} className="rounded-md p-2 ring-1 ring-slate-200">
            <p className="font-medium">
              {t(`rating_${r.rating}`)} · {date.format(new Date(r.created_at))}
            </p>
            <p className="flex flex-wrap items-center gap-2 text-sm">
              {r.surface ? (
                <span className="flex items-center gap-1">
                  <SurfaceIcon surface={r.surface} />
                  {t(surfaceKey(r.surface))}
                </span>
              ) : null}
              {r.smoothness ? (
                <span className="flex items-center gap-1">
                  <SmoothnessIcon grade={r.smoothness} />
                  {t(`smoothness.${r.smoothness}`)}
                </span>
              ) : null}
              {r.hazards.map((h) => (
                <span key={h} className="rounded bg-amber-100 px-2 text-amber-950">
                  {t(`hazard.${h}`)}
                </span>
              ))}
            </p>
            {r.comment ? <p className="text-sm text-slate-800">{r.comment}</p> : null}
          </li>
        ))}
      </ul>
      <Pager page={page} total={reports.data?.total ?? 0} onPage={setPage} />
    </Card>
  );
}

/** The segment as GPX: fetched with the session's token (a plain link would carry none), saved as a file. */
function GpxDownload({ id }: { id: number }) {
  const { t } = useTranslation('segments');
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setError(null);
    try {
      const blob = await unwrap(
        api.GET('/api/v1/segments/{id}/gpx', { params: { path: { id } }, parseAs: 'blob' }),
      );
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `segment-${id}.gpx`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      <Button variant="secondary" onClick={() => void download()}>
        {t('download_gpx')}
      </Button>
      <ProblemMessage error={error} />
    </div>
  );
}

function SegmentDetail() {
  const { t, i18n } = useTranslation('segments');
  const id = Number(Route.useParams().id);
  const seg = useQuery({
    queryKey: qk('segment', id),
    queryFn: () => unwrap(api.GET('/api/v1/segments/{id}', { params: { path: { id } } })),
  });
  const { me } = useAuth();
  const s = seg.data;
  if (seg.error) return <ProblemMessage error={seg.error} />;
  if (!s) return <p aria-busy>…</p>;
  const coords = s.geometry?.coordinates ?? [[s.longitude, s.latitude]];
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{s.name}</h1>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          [t('length'), formatMetres(s.length_m, i18n.language)],
          [
            t('visibility'),
            s.visibility === 'gym'
              ? t('shared_with', {
                  // A gym the viewer left is still named by its id rather than left blank.
                  gym: me?.gyms.find((g) => g.id === s.gym_id)?.name ?? `#${s.gym_id}`,
                })
              : t(`visibility_${s.visibility}`),
          ],
          [t('start'), `${s.latitude.toFixed(5)}, ${s.longitude.toFixed(5)}`],
        ].map(([k, v]) => (
          <div key={k} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <dt className="text-sm text-slate-700">{k}</dt>
            <dd className="font-semibold">{v}</dd>
          </div>
        ))}
        <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <dt className="text-sm text-slate-700">{t('quality')}</dt>
          <dd>
            <QualityBadge score={s.quality.score} reports={s.quality.reports} />
          </dd>
        </div>
      </dl>
      {s.description ? <p>{s.description}</p> : null}
      <SegmentMap
        features={[{ id: s.id, name: s.name, coords, quality: s.quality.score }]}
        label={t('map_of', { name: s.name })}
      />
      <GpxDownload id={s.id} />
      <Leaderboard id={s.id} />
      <Card>
        <CardTitle>{t('report_title')}</CardTitle>
        <div className="space-y-2">
          <SurfaceScale />
          <SmoothnessScale />
        </div>
        <div className="mt-3">
          <QualityReportForm segmentId={s.id} />
        </div>
      </Card>
      <Reports id={s.id} />
    </div>
  );
}
