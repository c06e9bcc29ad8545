import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import { EmptyState, ProblemMessage } from '../components/problem';
import {
  BigSlider,
  gymHeader,
  isNoProgram,
  myProgramQuery,
  useContentLang,
  useDoseText,
  usePainWords,
  useRehabT,
} from '../components/rehab';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';
import {
  addRep,
  counterFinished,
  endSet,
  formatClock,
  pauseTimer,
  repCounter,
  resetTimer,
  startTimer,
  timer,
  timerDone,
  timerElapsed,
  timerRemainingS,
  undoRep,
  type RepCounter,
} from '../lib/rehab';

export const Route = createFileRoute('/rehab/exercise/$id')({ component: GuidedExercise });

type Today = NonNullable<Awaited<ReturnType<ReturnType<typeof myProgramQuery>['queryFn']>>>['today'][number];

function Media({ url, name }: { url: string; name: string }) {
  const { t } = useRehabT();
  if (/\.(mp4|webm|ogv)(\?|$)/i.test(url))
    return <video src={url} controls playsInline className="w-full rounded-md" aria-label={name} />;
  if (/\.(png|jpe?g|gif|webp|avif|svg)(\?|$)/i.test(url))
    return <img src={url} alt={name} className="w-full rounded-md" />;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer" className="text-teal-800 underline">
      {t('media_link')}
    </a>
  );
}

function Counter({ c, setC }: { c: RepCounter; setC: (c: RepCounter) => void }) {
  const { t } = useRehabT();
  const done = counterFinished(c);
  return (
    <Card>
      <CardTitle>{t('reps_counter')}</CardTitle>
      <div className="text-center" aria-live="polite" data-testid="rep-counter">
        {done ? (
          <p className="text-2xl font-semibold text-teal-900">{t('all_sets_done')}</p>
        ) : (
          <>
            <p className="text-lg">{t('set_of', { set: c.setsDone + 1, sets: c.targetSets })}</p>
            <p className="text-5xl font-bold tabular-nums">
              {c.targetReps !== null
                ? t('reps_of', { reps: c.reps, target: c.targetReps })
                : t('reps_free', { reps: c.reps })}
            </p>
          </>
        )}
      </div>
      <div className="mt-4 grid gap-3">
        <Button type="button" className="min-h-24 text-2xl" disabled={done} onClick={() => setC(addRep(c))}>
          {t('add_rep')}
        </Button>
        <div className="grid grid-cols-2 gap-3">
          <Button type="button" variant="secondary" className="min-h-12" onClick={() => setC(undoRep(c))}>
            {t('undo_rep')}
          </Button>
          <Button
            type="button"
            variant="secondary"
            className="min-h-12"
            disabled={done}
            onClick={() => setC(endSet(c))}
          >
            {t('end_set')}
          </Button>
        </div>
      </div>
    </Card>
  );
}

/** A countdown for timed and held exercises; the display follows the clock four times a second while running. */
function Countdown({ seconds, onElapsed }: { seconds: number; onElapsed: (s: number) => void }) {
  const { t } = useRehabT();
  const [tm, setTm] = useState(() => timer(seconds));
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (tm.startedAt === null) return;
    const id = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(id);
  }, [tm.startedAt]);
  const done = timerDone(tm, now);
  useEffect(() => onElapsed(Math.round(timerElapsed(tm, now) / 1000)), [tm, now, onElapsed]);
  return (
    <Card>
      <CardTitle>{t('timer')}</CardTitle>
      <p className="text-center text-6xl font-bold tabular-nums" role="timer" aria-live="off">
        {formatClock(timerRemainingS(tm, now))}
      </p>
      {done ? (
        <p className="text-center text-xl font-semibold text-teal-900" role="status">
          {t('timer_done')}
        </p>
      ) : null}
      <div className="mt-4 grid grid-cols-2 gap-3">
        {tm.startedAt === null ? (
          <Button
            type="button"
            className="min-h-16 text-xl"
            disabled={done}
            onClick={() => {
              const n = performance.now();
              setNow(n);
              setTm(startTimer(tm, n));
            }}
          >
            {t('timer_start')}
          </Button>
        ) : (
          <Button
            type="button"
            className="min-h-16 text-xl"
            onClick={() => {
              const n = performance.now();
              setNow(n);
              setTm(pauseTimer(tm, n));
            }}
          >
            {t('timer_pause')}
          </Button>
        )}
        <Button type="button" variant="secondary" className="min-h-16" onClick={() => setTm(resetTimer(tm))}>
          {t('timer_reset')}
        </Button>
      </div>
    </Card>
  );
}

function SessionForm({
  item,
  reps,
  setsDone,
  seconds,
}: {
  item: Today;
  reps: number;
  setsDone: number;
  seconds: number;
}) {
  const { t } = useRehabT();
  const qc = useQueryClient();
  const painWords = usePainWords();
  // One id per attempt: a retry after a lost answer is recognised by the API and not logged twice.
  const [clientId, setClientId] = useState(() => crypto.randomUUID());
  const [painBefore, setPainBefore] = useState<number | null>(null);
  const [painAfter, setPainAfter] = useState<number | null>(null);
  const [rom, setRom] = useState<number | null>(null);
  const [difficulty, setDifficulty] = useState<number | null>(null);
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<{ painAfter: number | null } | null>(null);
  const measuresRom = item.exercise.measured_by === 'range_of_motion';

  const submit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    setError(null);
    setFieldErrors({});
    setSaving(true);
    try {
      await unwrap(
        api.POST('/api/v1/rehab/sessions', {
          params: { header: gymHeader() },
          body: {
            exercise_id: item.exercise.id,
            performed_at: new Date().toISOString(),
            client_id: clientId,
            ...(setsDone > 0 ? { sets_done: setsDone } : {}),
            ...(reps > 0 ? { reps_done: reps } : {}),
            ...(seconds > 0 ? { duration_s: seconds } : {}),
            ...(painBefore !== null ? { pain_before: painBefore } : {}),
            ...(painAfter !== null ? { pain_after: painAfter } : {}),
            ...(rom !== null ? { range_of_motion_deg: rom } : {}),
            ...(difficulty !== null ? { difficulty } : {}),
            ...(notes.trim() ? { notes: notes.trim() } : {}),
          },
        }),
      );
      setSaved({ painAfter });
      await qc.invalidateQueries({ queryKey: ['gym'] });
    } catch (err) {
      // Invalid fields go next to their sliders; the problem's detail goes above the form.
      const fe: Record<string, string> = {};
      if (err instanceof ApiError)
        for (const e of err.problem.errors ?? []) fe[e.field.replace(/^body\./, '')] = e.message;
      setFieldErrors(fe);
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  if (saved)
    return (
      <Card>
        <p role="status" className="text-lg font-semibold text-teal-900" data-testid="session-saved">
          {t('saved_session')}
        </p>
        {saved.painAfter !== null && saved.painAfter >= 6 ? (
          <p className="mt-2">{t('pain_high_hint')}</p>
        ) : null}
        <div className="mt-4 flex flex-wrap gap-3">
          <Button asChild>
            <Link to="/rehab">{t('back_to_program')}</Link>
          </Button>
          <Button
            variant="secondary"
            onClick={() => {
              setClientId(crypto.randomUUID());
              setSaved(null);
            }}
          >
            {t('log_another')}
          </Button>
        </div>
      </Card>
    );

  const err = (name: string) =>
    fieldErrors[name] ? (
      <p className="text-sm text-red-800" role="alert">
        {fieldErrors[name]}
      </p>
    ) : null;
  return (
    <Card>
      <CardTitle>{t('how_did_it_go')}</CardTitle>
      <form className="space-y-5" onSubmit={(e) => void submit(e)} noValidate>
        <ProblemMessage error={error} />
        <BigSlider
          label={t('pain_before')}
          value={painBefore}
          onChange={setPainBefore}
          min={0}
          max={10}
          describe={painWords}
          testId="pain-before"
        />
        {err('pain_before')}
        <BigSlider
          label={t('pain_after')}
          value={painAfter}
          onChange={setPainAfter}
          min={0}
          max={10}
          describe={painWords}
          testId="pain-after"
        />
        {err('pain_after')}
        {measuresRom || rom !== null ? (
          <>
            <BigSlider
              label={t('rom')}
              value={rom}
              onChange={setRom}
              min={0}
              max={180}
              step={5}
              testId="rom"
            />
            {err('range_of_motion_deg')}
          </>
        ) : null}
        <BigSlider
          label={t('difficulty')}
          value={difficulty}
          onChange={setDifficulty}
          min={1}
          max={10}
          testId="difficulty"
        />
        {err('difficulty')}
        <div className="space-y-1">
          <label htmlFor="rehab-notes" className="font-medium">
            {t('notes')}
          </label>
          <textarea
            id="rehab-notes"
            className="min-h-20 w-full rounded-md border border-slate-400 p-2"
            maxLength={4000}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
          />
          {err('notes')}
        </div>
        {err('performed_at')}
        <Button type="submit" className="min-h-14 w-full text-lg" disabled={saving}>
          {t('save_session')}
        </Button>
      </form>
    </Card>
  );
}

function GuidedExercise() {
  const { t } = useRehabT();
  const { id } = Route.useParams();
  const lang = useContentLang();
  const dose = useDoseText();
  const q = useQuery(myProgramQuery());
  const item = q.data?.today.find((e) => String(e.exercise.id) === id);
  const [counter, setCounter] = useState<RepCounter | null>(null);
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (item && !counter) setCounter(repCounter(item.sets, item.reps));
  }, [item, counter]);

  const back = (
    <Link to="/rehab" className="inline-block min-h-10 py-2 text-teal-800 underline">
      ← {t('back_to_program')}
    </Link>
  );
  if (q.error)
    return (
      <div className="space-y-3">
        {back}
        {isNoProgram(q.error) ? (
          <EmptyState>{t('no_program')}</EmptyState>
        ) : (
          <ProblemMessage error={q.error} />
        )}
      </div>
    );
  if (!q.data) return <p aria-busy="true">…</p>;
  if (!item)
    return (
      <div className="space-y-3">
        {back}
        <EmptyState>{t('unknown_exercise')}</EmptyState>
      </div>
    );
  const ex = item.exercise;
  const timed = item.reps == null && (item.hold_s != null || item.duration_s != null);
  const timedSeconds = item.duration_s ?? item.hold_s ?? 0;
  return (
    <div className="space-y-4 text-lg">
      {back}
      <h1 className="text-3xl font-semibold">{ex.name[lang]}</h1>
      <p className="text-xl">{dose(item)}</p>
      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <CardTitle>{t('instructions')}</CardTitle>
          <p className="whitespace-pre-line">{ex.instructions[lang]}</p>
          {ex.contraindications.length ? (
            <>
              <h3 className="mt-3 font-semibold">{t('contraindications')}</h3>
              <ul className="list-disc pl-6">
                {ex.contraindications.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            </>
          ) : null}
          {ex.media_url ? (
            <div className="mt-3">
              <h3 className="font-semibold">{t('media')}</h3>
              <Media url={ex.media_url} name={ex.name[lang]} />
            </div>
          ) : null}
        </Card>
        <div className="space-y-4">
          {timed ? <Countdown seconds={timedSeconds} onElapsed={setSeconds} /> : null}
          {counter ? <Counter c={counter} setC={setCounter} /> : null}
        </div>
      </div>
      <SessionForm
        item={item}
        reps={counter?.totalReps ?? 0}
        setsDone={counter?.setsDone ?? 0}
        seconds={timed ? seconds : 0}
      />
    </div>
  );
}
