import { useQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlignedData } from 'uplot';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { qk } from '../app/query';
import { UplotChart } from '../components/charts/uplot-chart';
import { ProblemMessage } from '../components/problem';
import { Card, CardTitle } from '../components/ui/card';
import { formatDuration, formatPace, projectTrack, splitsOf, trackSeries } from '../lib/shape';

export const Route = createFileRoute('/workouts/$id')({ component: WorkoutDetail });

const W = 600;
const H = 360;

function Track({ points, active }: { points: [number, number][]; active: number | null }) {
  const { t } = useTranslation();
  const d = points.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join('');
  const dot = active != null ? points[active] : undefined;
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="h-auto w-full rounded bg-slate-100"
      role="img"
      aria-label={t('workouts.track')}
    >
      <path d={d} fill="none" stroke="#0f766e" strokeWidth={3} strokeLinejoin="round" />
      {points[0] ? <circle cx={points[0][0]} cy={points[0][1]} r={5} fill="#15803d" /> : null}
      {dot ? (
        <circle
          cx={dot[0]}
          cy={dot[1]}
          r={7}
          fill="#b91c1c"
          stroke="#fff"
          strokeWidth={2}
          data-testid="track-dot"
        />
      ) : null}
    </svg>
  );
}

function WorkoutDetail() {
  const { t, i18n } = useTranslation();
  const { id } = Route.useParams();
  const [hover, setHover] = useState<number | null>(null);
  const workout = useQuery({
    queryKey: qk('workout', id),
    queryFn: () => unwrap(api.GET('/api/v1/workouts/{id}', { params: { path: { id: Number(id) } } })),
  });
  const track = useQuery({
    queryKey: qk('workout-track', id),
    enabled: Boolean(workout.data?.has_track),
    queryFn: () => unwrap(api.GET('/api/v1/workouts/{id}/track', { params: { path: { id: Number(id) } } })),
  });
  const shaped = useMemo(() => {
    const f = track.data;
    if (!f) return null;
    const coords = f.geometry.coordinates;
    const s = trackSeries(
      coords,
      f.properties.coordinate_properties?.times,
      f.properties.coordinate_properties?.heart_rates,
    );
    return { s, points: projectTrack(coords, W, H), splits: splitsOf(s) };
  }, [track.data]);

  const w = workout.data;
  if (workout.error) return <ProblemMessage error={workout.error} />;
  if (!w) return <p aria-busy>…</p>;
  const chart = (label: string, values: (number | null)[], color: string, invert = false) =>
    shaped ? (
      <Card>
        <CardTitle>{label}</CardTitle>
        <UplotChart
          label={label}
          height={160}
          data={[shaped.s.km, values] as unknown as AlignedData}
          onCursor={setHover}
          options={{
            scales: { x: { time: false }, y: { dir: invert ? -1 : 1 } },
            legend: { show: false },
            axes: [{ label: 'km' }, {}],
            series: [{}, { label, stroke: color, width: 2, spanGaps: true }],
          }}
        />
      </Card>
    ) : null;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">
        {t('workouts.detail')}:{' '}
        {new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full' }).format(new Date(w.started_at))}
      </h1>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          [t('workouts.distance'), w.distance_km != null ? `${w.distance_km.toFixed(2)} km` : '—'],
          [t('workouts.duration'), formatDuration(w.duration_s)],
          [t('workouts.pace'), formatPace(w.pace_s_per_km)],
          [t('workouts.hr'), w.avg_hr ? `${w.avg_hr} bpm` : '—'],
        ].map(([k, v]) => (
          // A <div> group: a definition list may hold only dt/dd or div wrappers (axe "dlitem").
          <div key={k} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <dt className="text-sm text-slate-700">{k}</dt>
            <dd className="text-xl font-semibold">{v}</dd>
          </div>
        ))}
      </dl>
      <ProblemMessage error={track.error} />
      {shaped ? (
        <>
          <Track points={shaped.points} active={hover} />
          <div className="grid gap-4 md:grid-cols-3">
            {chart(t('workouts.pace'), shaped.s.pace, '#0f766e', true)}
            {chart(t('workouts.hr'), shaped.s.hr, '#b91c1c')}
            {chart(t('workouts.elevation'), shaped.s.ele, '#475569')}
          </div>
          {shaped.splits.length ? (
            <Card>
              <CardTitle>{t('workouts.splits')}</CardTitle>
              <table className="w-full text-left text-sm" data-testid="splits">
                <thead>
                  <tr>
                    <th scope="col">{t('workouts.km')}</th>
                    <th scope="col">{t('workouts.duration')}</th>
                    <th scope="col">{t('workouts.pace')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shaped.splits.map((s) => (
                    <tr key={s.km}>
                      <td>{s.distance_km < 1 ? s.distance_km.toFixed(2) : s.km}</td>
                      <td>{formatDuration(s.time_s)}</td>
                      <td>{formatPace(s.pace_s_per_km)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
