import { SEGMENT_MAX_POINTS } from '@pulso/contracts/segments';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link, useNavigate } from '@tanstack/react-router';
import { useMemo, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useAuth } from '../app/auth';
import { ApiError, unwrap } from '../api/problem';
import { qk } from '../app/query';
import { SEGMENTS } from '../i18n/segments';
import { EmptyState, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';
import { Input } from '../components/ui/input';
import { Label } from '../components/ui/label';
import { Select } from '../components/staff/select';
import {
  cumulativeM,
  defaultStretch,
  formatMetres,
  nearestIndex,
  pathOf,
  pickEnd,
  setEnd,
  stretchCoordinates,
  stretchLengthM,
  type Stretch,
} from '../lib/segments';
import { formatDuration, projectTrack } from '../lib/shape';

export const Route = createFileRoute('/segments/new')({
  component: NewSegment,
  validateSearch: (s: Record<string, unknown>): { workout?: number } => {
    const w = Number(s.workout);
    return Number.isInteger(w) && w > 0 ? { workout: w } : {};
  },
});

const W = 600;
const H = 360;

/** Step 1: which of my imported workouts (only those with a GPS track can give a segment). */
function PickWorkout() {
  const { t, i18n } = useTranslation(SEGMENTS);
  const [page, setPage] = useState(0);
  const q = useQuery({
    queryKey: qk('workouts', 'with-track', page),
    queryFn: () => unwrap(api.GET('/api/v1/workouts', { params: { query: { skip: page * 20, limit: 20 } } })),
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const rows = q.data?.filter((w) => w.has_track) ?? [];
  return (
    <Card>
      <CardTitle>{t('pick_workout')}</CardTitle>
      <ProblemMessage error={q.error} />
      {q.data && rows.length === 0 && page === 0 ? (
        <EmptyState>
          {t('no_tracks')}{' '}
          <Link to="/workouts" className="underline">
            {t('go_import')}
          </Link>
        </EmptyState>
      ) : null}
      <ul className="space-y-2" data-testid="workout-picker">
        {rows.map((w) => (
          <li key={w.id}>
            <Link
              to="/segments/new"
              search={{ workout: w.id }}
              className="flex flex-wrap justify-between gap-2 rounded-md p-3 ring-1 ring-slate-200 hover:bg-slate-50"
            >
              <span className="font-medium">{date.format(new Date(w.started_at))}</span>
              <span>
                {w.distance_km != null ? `${w.distance_km.toFixed(2)} km` : '—'} ·{' '}
                {formatDuration(w.duration_s)}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {q.data?.length === 20 ? (
        <Button variant="ghost" onClick={() => setPage(page + 1)}>
          {t('more_workouts')}
        </Button>
      ) : null}
    </Card>
  );
}

/** The track with the chosen stretch drawn over it; a click or tap moves the nearer end there. */
function StretchTrack({
  points,
  stretch,
  onPick,
}: {
  points: [number, number][];
  stretch: Stretch;
  onPick: (idx: number) => void;
}) {
  const { t } = useTranslation(SEGMENTS);
  const svg = useRef<SVGSVGElement>(null);
  const click = (e: MouseEvent<SVGSVGElement>) => {
    const el = svg.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * W;
    const y = ((e.clientY - r.top) / r.height) * H;
    onPick(nearestIndex(points, x, y));
  };
  const part = points.slice(stretch.from, stretch.to + 1);
  const a = points[stretch.from];
  const b = points[stretch.to];
  return (
    // The sliders below do the same from the keyboard; the click is a shortcut for a pointer.
    <svg
      ref={svg}
      viewBox={`0 0 ${W} ${H}`}
      className="h-auto w-full cursor-crosshair touch-manipulation rounded bg-slate-100"
      role="img"
      aria-label={t('stretch_track')}
      data-testid="stretch-track"
      onClick={click}
    >
      <path d={pathOf(points)} fill="none" stroke="#94a3b8" strokeWidth={3} strokeLinejoin="round" />
      <path d={pathOf(part)} fill="none" stroke="#0f766e" strokeWidth={6} strokeLinejoin="round" />
      {a ? <circle cx={a[0]} cy={a[1]} r={8} fill="#15803d" stroke="#fff" strokeWidth={2} /> : null}
      {b ? <circle cx={b[0]} cy={b[1]} r={8} fill="#b91c1c" stroke="#fff" strokeWidth={2} /> : null}
    </svg>
  );
}

/** Step 2: pick start and end on the track, preview, name it and save. */
function MakeFromWorkout({ workoutId }: { workoutId: number }) {
  const { t, i18n } = useTranslation(SEGMENTS);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const track = useQuery({
    queryKey: qk('workout-track', String(workoutId)),
    queryFn: () => unwrap(api.GET('/api/v1/workouts/{id}/track', { params: { path: { id: workoutId } } })),
  });
  const coords = track.data?.geometry.coordinates;
  const shaped = useMemo(
    () => (coords ? { cum: cumulativeM(coords), points: projectTrack(coords, W, H) } : null),
    [coords],
  );
  const n = coords?.length ?? 0;
  const [chosen, setChosen] = useState<Stretch | null>(null);
  const stretch = chosen ?? defaultStretch(n);
  const [name, setName] = useState('');
  const { me, gymId } = useAuth();
  const myGyms = me?.gyms ?? [];
  const [visibility, setVisibility] = useState<'private' | 'gym' | 'public'>('private');
  // Shared with one gym: the gym chosen in the header unless the person picks another of theirs.
  const [shareGym, setShareGym] = useState<number | null>(null);
  const gymChoice = shareGym ?? myGyms.find((g) => String(g.id) === gymId)?.id ?? myGyms[0]?.id ?? null;
  const [nameMissing, setNameMissing] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/segments', {
          body: {
            name: name.trim(),
            visibility,
            ...(visibility === 'gym' && gymChoice !== null ? { gym_id: gymChoice } : {}),
            geometry: {
              type: 'LineString',
              coordinates: stretchCoordinates(coords!, stretch, SEGMENT_MAX_POINTS),
            },
          },
        }),
      ),
    onSuccess: async (s) => {
      await qc.invalidateQueries({ queryKey: qk('segments') });
      await navigate({ to: '/segments/$id', params: { id: String(s.id) } });
    },
  });
  if (track.error) return <ProblemMessage error={track.error} />;
  if (!shaped || !coords) return <p aria-busy>…</p>;
  if (n < 2) return <EmptyState>{t('track_too_short')}</EmptyState>;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setNameMissing(true);
      return;
    }
    setNameMissing(false);
    save.mutate();
  };
  const apiField = (f: string) =>
    save.error instanceof ApiError
      ? save.error.problem.errors?.find((x) => x.field.replace(/^body\./, '').startsWith(f))?.message
      : undefined;
  const nameError = nameMissing ? t('name_required') : apiField('name');
  const geometryError = apiField('geometry');
  const gymError = apiField('gym_id');
  const kmAt = (i: number) => formatMetres(shaped.cum[i], i18n.language);
  return (
    <div className="space-y-4">
      <Card>
        <CardTitle>{t('pick_stretch')}</CardTitle>
        <p className="mb-2 text-sm text-slate-800">{t('pick_stretch_help')}</p>
        <StretchTrack
          points={shaped.points}
          stretch={stretch}
          onPick={(i) => setChosen(pickEnd(stretch, i, n))}
        />
        <div className="mt-3 grid gap-3 sm:grid-cols-2">
          <div className="space-y-1">
            <Label htmlFor="stretch-from">{t('start_at', { at: kmAt(stretch.from) })}</Label>
            <input
              id="stretch-from"
              type="range"
              className="w-full accent-green-700"
              min={0}
              max={n - 1}
              value={stretch.from}
              aria-valuetext={kmAt(stretch.from)}
              onChange={(e) => setChosen(setEnd(stretch, 'from', Number(e.target.value), n))}
            />
          </div>
          <div className="space-y-1">
            <Label htmlFor="stretch-to">{t('end_at', { at: kmAt(stretch.to) })}</Label>
            <input
              id="stretch-to"
              type="range"
              className="w-full accent-red-700"
              min={0}
              max={n - 1}
              value={stretch.to}
              aria-valuetext={kmAt(stretch.to)}
              onChange={(e) => setChosen(setEnd(stretch, 'to', Number(e.target.value), n))}
            />
          </div>
        </div>
        <p className="mt-2 font-medium" data-testid="stretch-length" aria-live="polite">
          {t('stretch_summary', {
            length: formatMetres(stretchLengthM(shaped.cum, stretch), i18n.language),
            points: stretch.to - stretch.from + 1,
          })}
        </p>
        {geometryError ? (
          <p role="alert" className="text-sm text-red-800">
            {geometryError}
          </p>
        ) : null}
      </Card>
      <Card>
        <form className="space-y-3" onSubmit={submit} noValidate>
          <div className="space-y-1">
            <Label htmlFor="segment-name">{t('name')}</Label>
            <Input
              id="segment-name"
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? 'segment-name-error' : undefined}
            />
            {nameError ? (
              <p id="segment-name-error" role="alert" className="text-sm text-red-800">
                {nameError}
              </p>
            ) : null}
          </div>
          <fieldset>
            <legend className="font-medium">{t('visibility')}</legend>
            {/* Sharing with a gym is offered only to members of one: the API refuses a gym the person is not in. */}
            {(myGyms.length ? (['private', 'gym', 'public'] as const) : (['private', 'public'] as const)).map(
              (v) => (
                <label key={v} className="mr-4 inline-flex min-h-10 items-center gap-2">
                  <input
                    type="radio"
                    name="visibility"
                    value={v}
                    checked={visibility === v}
                    onChange={() => setVisibility(v)}
                  />
                  {t(`visibility_${v}_long`)}
                </label>
              ),
            )}
          </fieldset>
          {visibility === 'gym' && myGyms.length ? (
            <div className="space-y-1">
              <Label htmlFor="segment-gym">{t('share_gym')}</Label>
              <Select
                id="segment-gym"
                value={gymChoice ?? ''}
                onChange={(e) => setShareGym(Number(e.target.value))}
                aria-invalid={gymError ? true : undefined}
                aria-describedby={gymError ? 'segment-gym-error' : 'segment-gym-help'}
              >
                {myGyms.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </Select>
              {gymError ? (
                <p id="segment-gym-error" role="alert" className="text-sm text-red-800">
                  {gymError}
                </p>
              ) : (
                <p id="segment-gym-help" className="text-sm text-slate-700">
                  {t('share_gym_help')}
                </p>
              )}
            </div>
          ) : null}
          <ProblemMessage error={save.error} />
          <Button type="submit" disabled={save.isPending}>
            {t('save_segment')}
          </Button>
        </form>
      </Card>
    </div>
  );
}

function NewSegment() {
  const { t } = useTranslation(SEGMENTS);
  const { workout } = Route.useSearch();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('new_title')}</h1>
      {workout ? <MakeFromWorkout workoutId={workout} /> : <PickWorkout />}
    </div>
  );
}
