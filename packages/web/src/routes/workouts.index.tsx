import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { qk } from '../app/query';
import { EmptyState, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { WorkoutCalendar } from '../components/workout-calendar';
import { ATHLETE } from '../i18n/athlete';
import { parseMonth } from '../lib/calendar';
import { formatDuration, formatPace } from '../lib/shape';
import { uploadWorkout } from '../lib/upload';

export const Route = createFileRoute('/workouts/')({
  component: Workouts,
  validateSearch: (s: Record<string, unknown>): { page?: number; view?: 'calendar'; month?: string } => {
    const page = Number(s.page);
    const month = parseMonth(s.month);
    return {
      ...(Number.isInteger(page) && page > 1 ? { page } : {}),
      ...(s.view === 'calendar' ? { view: 'calendar' as const } : {}),
      ...(month ? { month } : {}),
    };
  },
});

/** List or calendar: two links, the current one marked, so the choice is in the URL and the history. */
function ViewSwitch({ view }: { view: 'list' | 'calendar' }) {
  const { t } = useTranslation(ATHLETE);
  const cls = (on: boolean) =>
    `rounded-md px-3 py-2 text-sm font-medium ${on ? 'bg-teal-700 text-white' : 'text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100'}`;
  return (
    <nav aria-label={t('view')} className="flex gap-2">
      <Link
        to="/workouts"
        aria-current={view === 'list' ? 'page' : undefined}
        className={cls(view === 'list')}
      >
        {t('list')}
      </Link>
      <Link
        to="/workouts"
        search={{ view: 'calendar' }}
        aria-current={view === 'calendar' ? 'page' : undefined}
        className={cls(view === 'calendar')}
      >
        {t('calendar')}
      </Link>
    </nav>
  );
}

const PAGE = 20;

interface Upload {
  name: string;
  pct: number;
  done: boolean;
  error?: unknown;
}

function Importer() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);

  const start = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const name = file.name;
      const update = (p: Partial<Upload>) =>
        setUploads((u) => u.map((x) => (x.name === name ? { ...x, ...p } : x)));
      setUploads((u) => [...u.filter((x) => x.name !== name), { name, pct: 0, done: false }]);
      void uploadWorkout(file, (f) => update({ pct: Math.round(f * 100) }))
        .then(() => {
          update({ done: true, pct: 100 });
          return qc.invalidateQueries();
        })
        .catch((error: unknown) => update({ error }));
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    start(e.dataTransfer.files);
  };

  return (
    <div>
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="dropzone"
        className={`rounded-lg border-2 border-dashed p-6 text-center ${over ? 'border-teal-700 bg-teal-50' : 'border-slate-400'}`}
      >
        <p className="mb-3">{t('workouts.drop')}</p>
        <Button variant="secondary" onClick={() => input.current?.click()}>
          {t('workouts.choose')}
        </Button>
        <input
          ref={input}
          type="file"
          multiple
          accept=".gpx,.tcx,.fit"
          className="sr-only"
          aria-label={t('workouts.choose')}
          data-testid="file-input"
          onChange={(e) => e.target.files && start(e.target.files)}
        />
      </div>
      <ul className="mt-3 space-y-2" aria-live="polite">
        {uploads.map((u) => (
          <li key={u.name}>
            {u.error ? (
              <ProblemMessage error={u.error} />
            ) : u.done ? (
              <span data-testid="imported">{t('workouts.imported', { name: u.name })}</span>
            ) : (
              <>
                <span>{t('workouts.importing', { name: u.name, pct: u.pct })}</span>
                <progress className="ml-2 align-middle" max={100} value={u.pct} />
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Workouts() {
  const { t } = useTranslation();
  const { view, month } = Route.useSearch();
  const today = new Date().toISOString().slice(0, 10);
  if (view === 'calendar')
    return (
      <div className="space-y-4">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">{t('workouts.title')}</h1>
          <span className="ml-auto">
            <ViewSwitch view="calendar" />
          </span>
        </div>
        <WorkoutCalendar month={month ?? today.slice(0, 7)} today={today} />
      </div>
    );
  return <WorkoutList />;
}

function WorkoutList() {
  const { t, i18n } = useTranslation();
  const { page = 1 } = Route.useSearch();
  const q = useQuery({
    queryKey: qk('workouts', page),
    queryFn: () =>
      unwrap(api.GET('/api/v1/workouts', { params: { query: { skip: (page - 1) * PAGE, limit: PAGE } } })),
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t('workouts.title')}</h1>
        <span className="ml-auto">
          <ViewSwitch view="list" />
        </span>
      </div>
      <Importer />
      <ProblemMessage error={q.error} />
      {q.data && q.data.length === 0 && page === 1 ? <EmptyState>{t('empty.workouts')}</EmptyState> : null}
      <ul className="space-y-2">
        {q.data?.map((w) => (
          <li key={w.id}>
            <Card className="p-0">
              <Link
                to="/workouts/$id"
                params={{ id: String(w.id) }}
                className="grid grid-cols-2 gap-2 p-4 hover:bg-slate-50 sm:grid-cols-4"
              >
                <span className="font-medium">{date.format(new Date(w.started_at))}</span>
                <span>{w.distance_km != null ? `${w.distance_km.toFixed(2)} km` : '—'}</span>
                <span>{formatDuration(w.duration_s)}</span>
                <span>{formatPace(w.pace_s_per_km)}</span>
              </Link>
            </Card>
          </li>
        ))}
      </ul>
      {q.data && q.data.length === PAGE ? (
        <Link to="/workouts" search={{ page: page + 1 }} className="text-teal-800 underline">
          {t('workouts.more')}
        </Link>
      ) : null}
    </div>
  );
}
