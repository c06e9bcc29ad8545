import { useQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { EmptyState, ProblemMessage } from '../components/problem';
import { isNoProgram, myProgramQuery, useContentLang, useDoseText, useRehabT } from '../components/rehab';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';

export const Route = createFileRoute('/rehab/')({ component: MyProgram });

function MyProgram() {
  const { t, i18n } = useRehabT();
  const lang = useContentLang();
  const dose = useDoseText();
  const q = useQuery(myProgramQuery());
  const date = q.data
    ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeZone: 'UTC' }).format(
        new Date(`${q.data.date}T00:00:00Z`),
      )
    : null;
  const due = q.data?.today.filter((e) => e.due_today || e.done_today) ?? [];
  const rest = q.data?.today.filter((e) => !e.due_today && !e.done_today) ?? [];
  const item = (e: NonNullable<typeof q.data>['today'][number]) => (
    <li key={e.exercise.id}>
      <Card className="flex flex-wrap items-center gap-3">
        <div className="min-w-0 flex-1">
          <h3 className="text-lg font-semibold">{e.exercise.name[lang]}</h3>
          <p>{dose(e)}</p>
          <p className="text-sm text-slate-700">
            {t('per_week', { done: e.done_this_week, frequency: e.frequency_per_week })}
            {' · '}
            {e.done_today ? (
              <span className="font-medium text-teal-900">✓ {t('done_today')}</span>
            ) : e.due_today ? (
              <span className="font-medium">{t('due_today')}</span>
            ) : null}
          </p>
        </div>
        <Button asChild variant={e.done_today ? 'secondary' : 'primary'} className="min-h-12 px-6 text-base">
          <Link
            to="/rehab/exercise/$id"
            params={{ id: String(e.exercise.id) }}
            aria-label={`${e.done_today ? t('start_again') : t('start')}: ${e.exercise.name[lang]}`}
          >
            {e.done_today ? t('start_again') : t('start')}
          </Link>
        </Button>
      </Card>
    </li>
  );
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('my_title')}</h1>
      {date ? <p className="text-slate-700">{t('today_is', { date })}</p> : null}
      {q.error && !isNoProgram(q.error) ? <ProblemMessage error={q.error} /> : null}
      {isNoProgram(q.error) ? <EmptyState>{t('no_program')}</EmptyState> : null}
      {q.data && due.length === 0 ? <EmptyState>{t('not_due')}</EmptyState> : null}
      <ul className="space-y-3" data-testid="today">
        {due.map(item)}
      </ul>
      {rest.length ? <ul className="space-y-3 opacity-90">{rest.map(item)}</ul> : null}
      <nav className="flex flex-wrap gap-3" aria-label={t('my_title')}>
        <Link to="/rehab/progress" className="min-h-10 py-2 text-teal-800 underline">
          {t('my_progress')}
        </Link>
        <Link to="/rehab/pair" className="min-h-10 py-2 text-teal-800 underline">
          {t('pair_device')}
        </Link>
      </nav>
    </div>
  );
}
