import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, sessionFetch } from '../api/client';
import { ApiError, unwrap, type Problem } from '../api/problem';
import { qk } from '../app/query';
import { gymHeader, localName, MacroLine, selectClass, useAiStatus } from '../components/nutrition';
import { EmptyState, ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card, CardTitle } from '../components/ui/card';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';
import { MEAL_TYPES, parseBarcode, proposalTicked, RETAIL_FORMATS } from '../lib/nutrition';

export const Route = createFileRoute('/nutrition/diary')({ component: Diary });

type MealType = (typeof MEAL_TYPES)[number];
interface FoodLite {
  id: number;
  name_en: string;
  name_es: string;
  per_100g: { kcal: number };
}

/** The Barcode Detection API, where the browser has it (Chromium on Android, for instance). */
interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
type DetectorCtor = new (o: { formats: string[] }) => Detector;
const barcodeDetector = (): DetectorCtor | undefined =>
  (globalThis as unknown as { BarcodeDetector?: DetectorCtor }).BarcodeDetector;

/** The phone camera looking for a retail barcode; calls `onCode` with the first code it reads. */
function Scanner({ onCode, onStop }: { onCode: (code: string) => void; onStop: () => void }) {
  const { t } = useTranslation('nutrition');
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<unknown>(null);
  // The diary passes a new `onCode` on every render (a query settling, a status line): following it would stop
  // and reopen the camera each time, so the effect runs once per scan and reads the latest callback.
  const codeRef = useRef(onCode);
  codeRef.current = onCode;
  useEffect(() => {
    const Ctor = barcodeDetector();
    if (!Ctor) return;
    let stream: MediaStream | undefined;
    let timer: number | undefined;
    let live = true;
    void (async () => {
      try {
        const opened = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        // Closed while the browser was asking for the camera: the clean-up has run already, so this stream is
        // stopped here or the camera stays on with no one looking.
        if (!live || !video.current) return opened.getTracks().forEach((tr) => tr.stop());
        stream = opened;
        video.current.srcObject = stream;
        await video.current.play();
        const detector = new Ctor({ formats: [...RETAIL_FORMATS] });
        const look = async () => {
          if (!live || !video.current) return;
          const found = await detector.detect(video.current).catch(() => []);
          if (found[0]) return codeRef.current(found[0].rawValue);
          timer = window.setTimeout(() => void look(), 250);
        };
        void look();
      } catch (e) {
        setError(e);
      }
    })();
    return () => {
      live = false;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, []);
  return (
    <div className="space-y-2">
      <video
        ref={video}
        className="w-full max-w-sm rounded bg-slate-900"
        muted
        playsInline
        aria-label={t('diary.camera')}
      />
      {error ? <ProblemMessage error={error} /> : null}
      <Button variant="secondary" onClick={onStop}>
        {t('diary.stop_scan')}
      </Button>
    </div>
  );
}

/** Adds grams of one chosen food to today's diary. */
function AddFood({ food, onDone }: { food: FoodLite; onDone: (name: string) => void }) {
  const { t, i18n } = useTranslation('nutrition');
  const qc = useQueryClient();
  const [grams, setGrams] = useState('100');
  const [meal, setMeal] = useState<MealType>('other');
  const name = localName(i18n.language, food) ?? '';
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/nutrition/diary', {
          params: { header: gymHeader() },
          body: { food_id: food.id, grams: Number(grams.replace(',', '.')), meal_type: meal },
        }),
      ),
    onSuccess: () => {
      void qc.invalidateQueries({
        predicate: (q) => q.queryKey.some((k) => k === 'nutrition-today' || k === 'nutrition-dashboard'),
      });
      onDone(name);
    },
  });
  const gramsError =
    add.error instanceof ApiError
      ? add.error.problem.errors?.find((e) => e.field.endsWith('grams'))?.message
      : undefined;
  return (
    <form
      className="mt-2 grid gap-3 rounded-md bg-slate-50 p-3 sm:grid-cols-3"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <p className="font-medium sm:col-span-3">{name}</p>
      <Field label={t('diary.grams')} error={gramsError}>
        <Input inputMode="decimal" value={grams} onChange={(e) => setGrams(e.target.value)} />
      </Field>
      <Field label={t('diary.meal')}>
        <select className={selectClass} value={meal} onChange={(e) => setMeal(e.target.value as MealType)}>
          {MEAL_TYPES.map((m) => (
            <option key={m} value={m}>
              {t(`meal_type.${m}`)}
            </option>
          ))}
        </select>
      </Field>
      <div className="self-end">
        <Button type="submit" disabled={add.isPending}>
          {t('diary.add')}
        </Button>
      </div>
      {add.error && !gramsError ? (
        <div className="sm:col-span-3">
          <ProblemMessage error={add.error} />
        </div>
      ) : null}
    </form>
  );
}

interface Proposal {
  name: string;
  grams: number;
  confidence: number;
  food_id: number | null;
  kcal: number | null;
  allergens: string[];
  /** Of its allergens, those my latest screening declared. */
  declared_allergens: string[];
}

/** Meal photo → proposed foods and grams (AI) → the member confirms what is logged. */
function PhotoEntry({ onLogged }: { onLogged: (n: number) => void }) {
  const { t, i18n } = useTranslation('nutrition');
  const qc = useQueryClient();
  const [items, setItems] = useState<(Proposal & { keep: boolean })[] | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const analyse = useMutation({
    mutationFn: async (file: File) => {
      const form = new FormData();
      form.append('photo', file, file.name);
      const res = await sessionFetch.fetch(
        new Request(new URL('/api/v1/nutrition/diary/photo', location.origin), {
          method: 'POST',
          body: form,
        }),
      );
      const body = (await res.json().catch(() => ({}))) as unknown;
      if (!res.ok) throw new ApiError(res.status, body as Problem);
      return body as { items: Proposal[]; warnings: string[] };
    },
    onMutate: () => setWarnings([]),
    onSuccess: (r) => {
      setItems(r.items.map((i) => ({ ...i, keep: proposalTicked(i) })));
      setWarnings(r.warnings);
    },
  });
  const confirm = useMutation({
    mutationFn: async () => {
      // Only foods the catalogue matched can be logged by grams: their values are known.
      const kept = (items ?? []).filter((i) => i.keep && i.grams > 0 && i.food_id !== null);
      for (const i of kept)
        await unwrap(
          api.POST('/api/v1/nutrition/diary', {
            params: { header: gymHeader() },
            body: { food_id: i.food_id!, grams: i.grams },
          }),
        );
      return kept.length;
    },
    onSuccess: (n) => {
      setItems(null);
      setWarnings([]);
      void qc.invalidateQueries({ predicate: (q) => q.queryKey.includes('nutrition-today') });
      onLogged(n);
    },
  });
  return (
    <Card>
      <CardTitle>{t('diary.photo')}</CardTitle>
      <p className="text-sm text-slate-700">{t('diary.photo_hint')}</p>
      <Field label={t('diary.photo_pick')}>
        <Input
          type="file"
          accept="image/jpeg,image/png,image/webp"
          capture="environment"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) analyse.mutate(f);
          }}
        />
      </Field>
      {analyse.isPending ? <p role="status">{t('diary.analysing')}</p> : null}
      <ProblemMessage error={analyse.error ?? confirm.error} />
      {items ? (
        <fieldset className="mt-3 space-y-2">
          <legend className="font-medium">{t('diary.proposals')}</legend>
          {warnings.length ? (
            // The API's sentences, already in the reader's language: a note to read before confirming, in
            // the calm sky tone of the screening's "with care" rather than an error's red.
            <div
              className="rounded-md bg-sky-50 p-3 text-sm text-sky-950 ring-1 ring-sky-200"
              data-testid="photo-warnings"
            >
              <p className="font-medium">{t('diary.check_before')}</p>
              <ul className="mt-1 list-disc pl-5">
                {warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {items.map((i, idx) => (
            <div key={idx} className="flex flex-wrap items-center gap-3">
              <label className="flex min-h-10 items-center gap-2">
                <input
                  type="checkbox"
                  className="size-5 accent-teal-700"
                  checked={i.keep}
                  disabled={i.food_id === null}
                  onChange={(e) =>
                    setItems(items.map((x, j) => (j === idx ? { ...x, keep: e.target.checked } : x)))
                  }
                />
                {i.name}
              </label>
              <Input
                className="w-24!"
                inputMode="decimal"
                aria-label={t('builder.grams_of', { name: i.name })}
                value={String(i.grams)}
                onChange={(e) =>
                  setItems(
                    items.map((x, j) => (j === idx ? { ...x, grams: Number(e.target.value) || 0 } : x)),
                  )
                }
              />
              <span className="text-sm text-slate-700">
                {t('diary.confidence', { pct: Math.round(i.confidence * 100) })}
                {i.food_id === null ? ` · ${t('diary.not_in_catalogue')}` : ''}
              </span>
              {i.declared_allergens.length ? (
                <span className="w-full rounded bg-sky-50 px-2 py-1 text-sm text-sky-950 ring-1 ring-sky-200">
                  {t('diary.contains_declared', {
                    allergens: i.declared_allergens
                      .map((a) => t(`allergen.${a}`).toLocaleLowerCase(i18n.language))
                      .join(', '),
                  })}
                </span>
              ) : null}
            </div>
          ))}
          <Button onClick={() => confirm.mutate()} disabled={confirm.isPending}>
            {t('diary.confirm')}
          </Button>
        </fieldset>
      ) : null}
    </Card>
  );
}

/** A diary entry of a catalogue food carries its id only: its name, in the reader's language (cached). */
function FoodName({ id }: { id: number }) {
  const { i18n } = useTranslation();
  const q = useQuery({
    queryKey: qk('food', id),
    staleTime: Infinity,
    queryFn: () =>
      unwrap(api.GET('/api/v1/nutrition/foods/{id}', { params: { path: { id }, header: gymHeader() } })),
  });
  return <>{q.data ? localName(i18n.language, q.data) : '…'}</>;
}

/** Food without a plan: search (either language, accents ignored by the API), barcode, or a meal photo. */
function Diary() {
  const { t, i18n } = useTranslation('nutrition');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<FoodLite | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>();
  const [scanning, setScanning] = useState(false);
  const [status, setStatus] = useState('');

  const foods = useQuery({
    queryKey: qk('foods', q),
    enabled: q.length > 0,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/nutrition/foods', {
          params: { header: gymHeader(), query: { q, limit: 10 } as never },
        }),
      ),
  });
  const today = useQuery({
    queryKey: qk('nutrition-today'),
    queryFn: () => unwrap(api.GET('/api/v1/nutrition/progress/today', { params: { header: gymHeader() } })),
  });
  // Without an AI model (or with the gym's AI budget spent) a photo can only be refused, so the card is not
  // offered at all; while the answer is on its way it stays hidden rather than appearing and vanishing.
  const ai = useAiStatus();
  const byCode = useMutation({
    mutationFn: (c: string) =>
      unwrap(
        api.GET('/api/v1/nutrition/foods/barcode/{code}', {
          params: { path: { code: c }, header: gymHeader() },
        }),
      ),
    onSuccess: (f) => setChosen(f),
    onError: (e) =>
      setCodeError(e instanceof ApiError && e.status === 404 ? t('diary.barcode_not_found') : undefined),
  });
  const lookUp = (raw: string) => {
    const p = parseBarcode(raw);
    if (!p.ok) {
      setCodeError(t(`diary.barcode_error.${p.reason}`));
      return;
    }
    setCodeError(undefined);
    setCode(p.code);
    byCode.mutate(p.code);
  };
  const done = (name: string) => {
    setChosen(null);
    setStatus(t('diary.added', { name }));
  };

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('diary.title')}</h1>
      <p role="status" className="min-h-6 text-sm font-medium text-teal-900" data-testid="diary-status">
        {status}
      </p>
      <Card>
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setChosen(null);
            setQ(text.trim());
          }}
        >
          <Field label={t('diary.search')}>
            <Input
              type="search"
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-describedby="food-hint"
            />
          </Field>
          <p id="food-hint" className="mt-1 text-xs text-slate-700">
            {t('diary.search_hint')}
          </p>
          <Button type="submit" variant="secondary" className="mt-2">
            {t('search')}
          </Button>
        </form>
        <ProblemMessage error={foods.error} />
        {foods.data?.length === 0 ? <p className="mt-2 text-sm">{t('diary.no_results')}</p> : null}
        <ul className="mt-2 divide-y" data-testid="food-results">
          {foods.data?.map((f) => (
            <li key={f.id} className="flex flex-wrap items-center justify-between gap-2 py-1">
              <span>
                {localName(i18n.language, f)}{' '}
                <span className="text-sm text-slate-700">
                  · {t('diary.per100', { kcal: Math.round(f.per_100g.kcal) })}
                </span>
              </span>
              <Button variant="ghost" onClick={() => setChosen(f)}>
                {t('builder.pick', { name: localName(i18n.language, f) })}
              </Button>
            </li>
          ))}
        </ul>
      </Card>

      <Card>
        <CardTitle>{t('diary.barcode')}</CardTitle>
        <form
          className="flex flex-wrap items-end gap-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            lookUp(code);
          }}
        >
          <div className="min-w-48 flex-1">
            <Field label={t('diary.barcode_hint')} error={codeError}>
              <Input
                inputMode="numeric"
                autoComplete="off"
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            </Field>
          </div>
          <Button type="submit" variant="secondary" disabled={byCode.isPending}>
            {t('diary.find_barcode')}
          </Button>
          {barcodeDetector() && !scanning ? (
            <Button type="button" variant="secondary" onClick={() => setScanning(true)}>
              {t('diary.scan')}
            </Button>
          ) : null}
        </form>
        {byCode.error && !codeError ? <ProblemMessage error={byCode.error} /> : null}
        {scanning ? (
          <div className="mt-3">
            <Scanner
              onStop={() => setScanning(false)}
              onCode={(c) => {
                setScanning(false);
                lookUp(c);
              }}
            />
          </div>
        ) : null}
      </Card>

      {chosen ? <AddFood key={chosen.id} food={chosen} onDone={done} /> : null}

      {ai.data?.photo_analysis ? (
        <PhotoEntry onLogged={(n) => setStatus(t('diary.logged_n', { count: n }))} />
      ) : null}

      <Card>
        <CardTitle>{t('diary.today')}</CardTitle>
        <ProblemMessage error={today.error} />
        {today.data && today.data.diary.length === 0 ? <EmptyState>{t('diary.empty')}</EmptyState> : null}
        <ul className="divide-y" data-testid="diary-today">
          {today.data?.diary.map((e) => (
            <li key={e.id} className="py-1">
              <span className="font-medium">
                {e.name ?? (e.food_id !== null ? <FoodName id={e.food_id} /> : '—')}
              </span>
              {e.grams ? ` · ${e.grams} ${t('g')}` : ''} · {t(`meal_type.${e.meal_type}`)}
              <br />
              <MacroLine m={e.totals} />
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
