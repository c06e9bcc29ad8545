import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { qk } from '../app/query';
import { ATHLETE } from '../i18n/athlete';
import { keyTarget, monthGrid, monthRange, shiftMonth, type CalendarDay } from '../lib/calendar';
import { formatDuration, formatPace } from '../lib/shape';
import { EmptyState, ProblemMessage } from './problem';
import { GuideLink } from './guide-link';
import { Card } from './ui/card';

const PAGE = 100;

/** Every workout of the grid's days: the list endpoint is paginated, so pages are fetched until one is short. */
async function workoutsBetween(from: string, to: string) {
  const all = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await unwrap(
      api.GET('/api/v1/workouts', { params: { query: { from, to, skip, limit: PAGE } } }),
    );
    all.push(...page);
    if (page.length < PAGE) return all;
  }
}

type Workout = Awaited<ReturnType<typeof workoutsBetween>>[number];

/** Background by the day's share of the month's hardest day, so heavy days stand out at a glance. */
function shade(load: number, max: number) {
  if (load <= 0 || max <= 0) return '';
  const r = load / max;
  return r > 0.66 ? 'bg-teal-200' : r > 0.33 ? 'bg-teal-100' : 'bg-teal-50';
}

/**
 * The month of workouts as an ARIA grid: one cell per day (the focused one is the only tab stop; arrows, Home/End
 * and PageUp/PageDown move), each week's distance and load at the row's end, and the focused day's workouts
 * listed under the grid with links to them.
 */
export function WorkoutCalendar({ month, today }: { month: string; today: string }) {
  const { t, i18n } = useTranslation(ATHLETE);
  const navigate = useNavigate();
  const { from, to } = monthRange(month);
  const q = useQuery({ queryKey: qk('workouts-range', from, to), queryFn: () => workoutsBetween(from, to) });
  const weeks = useMemo(() => monthGrid(month, q.data ?? []), [month, q.data]);
  const [focus, setFocus] = useState(() => (today.startsWith(month) ? today : `${month}-01`));
  const cells = useRef(new Map<string, HTMLTableCellElement>());
  const moved = useRef(false);

  // A month changed by the links (not the keys) keeps the focus inside the shown month.
  useEffect(() => {
    if (!focus.startsWith(month)) setFocus(today.startsWith(month) ? today : `${month}-01`);
  }, [month]);

  useEffect(() => {
    if (moved.current) cells.current.get(focus)?.focus();
    moved.current = false;
  }, [focus, weeks]);

  const lang = i18n.language;
  const monthName = new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const longDay = new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeZone: 'UTC' });
  const weekday = new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(lang, { timeStyle: 'short' });
  const asDate = (d: string) => new Date(`${d}T00:00:00Z`);
  const maxLoad = Math.max(0, ...weeks.flatMap((w) => w.days.map((d) => d.load)));
  const days = weeks.flatMap((w) => w.days);
  const focused: CalendarDay<Workout> | undefined = days.find((d) => d.date === focus);
  const monthHasWorkouts = days.some((d) => d.inMonth && d.workouts.length > 0);

  const onKey = (e: KeyboardEvent, day: CalendarDay<Workout>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      const first = day.workouts[0];
      if (first) {
        e.preventDefault();
        void navigate({ to: '/workouts/$id', params: { id: String(first.id) } });
      }
      return;
    }
    const next = keyTarget(day.date, e.key);
    if (!next) return;
    e.preventDefault();
    moved.current = true;
    setFocus(next);
    if (!next.startsWith(month))
      void navigate({ to: '/workouts', search: { view: 'calendar', month: next.slice(0, 7) } });
  };

  return (
    <div className="space-y-3" data-testid="calendar">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="calendar-month" className="text-xl font-semibold capitalize">
          {monthName.format(asDate(`${month}-01`))}
        </h2>
        <span className="ml-auto flex gap-3">
          <Link
            to="/workouts"
            search={{ view: 'calendar', month: shiftMonth(month, -1) }}
            className="text-teal-800 underline"
          >
            ← {t('previous_month')}
          </Link>
          <Link
            to="/workouts"
            search={{ view: 'calendar', month: shiftMonth(month, 1) }}
            className="text-teal-800 underline"
          >
            {t('next_month')} →
          </Link>
        </span>
      </div>
      <p id="calendar-help" className="text-sm text-slate-700">
        {t('calendar_help')}
      </p>
      <ProblemMessage error={q.error} />
      <table
        role="grid"
        aria-labelledby="calendar-month"
        aria-describedby="calendar-help"
        aria-busy={q.isPending}
        className="w-full table-fixed border-collapse text-center text-xs sm:text-sm"
      >
        <thead>
          <tr>
            {weeks[0]?.days.map((d) => (
              <th key={d.date} scope="col" className="py-1 font-medium text-slate-700">
                {weekday.format(asDate(d.date))}
              </th>
            ))}
            <th scope="col" className="py-1 font-medium text-slate-700">
              {t('week_column')}
            </th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={w.monday}>
              {w.days.map((d) => {
                const label = t('day_label', {
                  count: d.workouts.length,
                  date: longDay.format(asDate(d.date)),
                  km: d.km,
                  load: d.load,
                });
                return (
                  <td
                    key={d.date}
                    role="gridcell"
                    ref={(el) => {
                      if (el) cells.current.set(d.date, el);
                      else cells.current.delete(d.date);
                    }}
                    tabIndex={d.date === focus ? 0 : -1}
                    aria-selected={d.date === focus}
                    data-date={d.date}
                    onKeyDown={(e) => onKey(e, d)}
                    onClick={() => setFocus(d.date)}
                    className={`h-14 cursor-pointer border border-slate-200 p-1 align-top focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-teal-700 ${shade(d.load, maxLoad)} ${d.inMonth ? 'text-slate-900' : 'text-slate-600'} ${d.date === focus ? 'ring-2 ring-inset ring-teal-700' : ''}`}
                  >
                    {/* The name read out is the whole sentence; the figures shown are for the eye. */}
                    <span className="sr-only">{label}</span>
                    <span aria-hidden className={`block ${d.date === today ? 'font-bold underline' : ''}`}>
                      {Number(d.date.slice(8))}
                    </span>
                    {d.workouts.length ? (
                      <span aria-hidden className="block font-medium">
                        {d.km > 0 ? `${d.km}` : '•'}
                      </span>
                    ) : null}
                  </td>
                );
              })}
              <td className="border border-slate-200 bg-slate-50 p-1 align-top text-slate-800">
                <span className="sr-only">
                  {t('week_label', { date: longDay.format(asDate(w.monday)), km: w.km, load: w.load })}
                </span>
                <span aria-hidden className="block font-medium">
                  {w.km} km
                </span>
                <span aria-hidden className="block">
                  {w.load}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {q.data && !monthHasWorkouts ? <EmptyState>{t('month_empty')}</EmptyState> : null}
      {focused ? (
        <Card aria-live="polite" data-testid="calendar-day">
          <h3 className="mb-2 font-semibold">{longDay.format(asDate(focused.date))}</h3>
          {focused.workouts.length ? (
            <ul className="space-y-2">
              {focused.workouts.map((wk) => (
                <li key={wk.id}>
                  <Link
                    to="/workouts/$id"
                    params={{ id: String(wk.id) }}
                    className="grid grid-cols-2 gap-1 rounded-md p-2 text-sm ring-1 ring-slate-200 hover:bg-slate-50 sm:grid-cols-5"
                  >
                    <span className="font-medium">
                      {time.format(new Date(wk.started_at))} · {t(`sports.${wk.sport}`)}
                    </span>
                    <span>{wk.distance_km != null ? `${wk.distance_km.toFixed(2)} km` : '—'}</span>
                    <span>{formatDuration(wk.duration_s)}</span>
                    <span>{formatPace(wk.pace_s_per_km)}</span>
                    <span>{t('load_short', { load: wk.training_load.load ?? '—' })}</span>
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-slate-700">{t('no_workouts_day')}</p>
          )}
          <p className="mt-2 text-xs text-slate-700">
            {t('load_help')} <GuideLink topic="load" />
          </p>
        </Card>
      ) : null}
    </div>
  );
}
