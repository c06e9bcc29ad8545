import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import { qk } from '../app/query';
import { gymHeader, ScreeningResultCard, selectClass } from '../components/nutrition';
import { ProblemMessage } from '../components/problem';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { Field } from '../components/ui/field';
import { Input } from '../components/ui/input';
import { ALLERGENS, type Allergen, screeningBody } from '../lib/nutrition';
import { fieldErrors } from '../lib/problem-fields';

export const Route = createFileRoute('/nutrition/screening')({ component: Screening });

const CONDITIONS = ['type_1_diabetes', 'kidney_disease', 'eating_disorder'] as const;
const FLAGS = [
  'is_pregnant',
  'is_breastfeeding',
  'takes_medications',
  'has_eating_disorder_history',
] as const;
const FLAG_LABEL = {
  is_pregnant: 'screening.pregnant',
  is_breastfeeding: 'screening.breastfeeding',
  takes_medications: 'screening.medications',
  has_eating_disorder_history: 'screening.ed_history',
} as const;

function Check({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}) {
  return (
    <label className="flex min-h-10 items-center gap-3 text-base">
      <input
        type="checkbox"
        className="size-5 accent-teal-700"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      {label}
    </label>
  );
}

/** The medical safety screening as a short, calm form; the result explains itself (level, why, next steps). */
function Screening() {
  const { t } = useTranslation('nutrition');
  const qc = useQueryClient();
  const [age, setAge] = useState('');
  const [weight, setWeight] = useState('');
  const [height, setHeight] = useState('');
  const [sex, setSex] = useState('');
  const [conditions, setConditions] = useState<string[]>([]);
  const [flags, setFlags] = useState<Record<(typeof FLAGS)[number], boolean>>({
    is_pregnant: false,
    is_breastfeeding: false,
    takes_medications: false,
    has_eating_disorder_history: false,
  });
  const [medList, setMedList] = useState('');
  const [allergies, setAllergies] = useState<Allergen[]>([]);
  const [editing, setEditing] = useState(false);

  const current = useQuery({
    queryKey: qk('screening-current'),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/nutrition/safety/screenings/current', { params: { header: gymHeader() } }),
      ).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
  });
  const submit = useMutation({
    mutationFn: () => {
      const body = {
        ...screeningBody({
          age,
          weight_kg: weight,
          height_cm: height,
          conditions,
          ...flags,
          allergies,
        }),
        ...(sex ? { sex: sex as 'male' | 'female' | 'other' } : {}),
        ...(flags.takes_medications && medList.trim() ? { medication_list: medList.trim() } : {}),
      };
      return unwrap(
        api.POST('/api/v1/nutrition/safety/screenings', {
          params: { header: gymHeader() },
          body: body as never,
        }),
      );
    },
    onSuccess: (s) => {
      qc.setQueryData(qk('screening-current'), s);
      setEditing(false);
      void qc.invalidateQueries({ predicate: (q) => q.queryKey.includes('nutrition-dashboard') });
    },
  });
  const errs = fieldErrors(submit.error);
  const result = current.data;
  const showForm = editing || (!current.isPending && !result);

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('screening.title')}</h1>
      <p className="max-w-prose text-slate-800">{t('screening.intro')}</p>
      <ProblemMessage error={current.error} />
      {result && !editing ? (
        <>
          <ScreeningResultCard result={result} expiresAt={result.expires_at} />
          <div className="flex flex-wrap gap-2">
            <Button asChild>
              <Link to="/nutrition/plans">{t('browse_plans')}</Link>
            </Button>
            <Button variant="secondary" onClick={() => setEditing(true)}>
              {t('screening.again')}
            </Button>
          </div>
        </>
      ) : null}
      {showForm ? (
        <Card>
          <form
            className="grid gap-4 sm:grid-cols-3"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              submit.mutate();
            }}
          >
            <div className="sm:col-span-3">
              {submit.error && !Object.keys(errs).length ? <ProblemMessage error={submit.error} /> : null}
            </div>
            <Field label={t('screening.age')} error={errs.age}>
              <Input
                inputMode="numeric"
                value={age}
                onChange={(e) => setAge(e.target.value)}
                required
                autoComplete="off"
              />
            </Field>
            <Field label={t('screening.weight')} error={errs.weight_kg}>
              <Input inputMode="decimal" value={weight} onChange={(e) => setWeight(e.target.value)} />
            </Field>
            <Field label={t('screening.height')} error={errs.height_cm}>
              <Input inputMode="decimal" value={height} onChange={(e) => setHeight(e.target.value)} />
            </Field>
            <Field label={t('screening.sex')} error={errs.sex}>
              <select className={selectClass} value={sex} onChange={(e) => setSex(e.target.value)}>
                <option value="">{t('screening.sex_none')}</option>
                <option value="female">{t('screening.sex_female')}</option>
                <option value="male">{t('screening.sex_male')}</option>
                <option value="other">{t('screening.sex_other')}</option>
              </select>
            </Field>
            <fieldset className="sm:col-span-3">
              <legend className="mb-1 text-sm font-medium text-slate-800">{t('screening.conditions')}</legend>
              {CONDITIONS.map((c) => (
                <Check
                  key={c}
                  label={t(`screening.cond_${c}`)}
                  checked={conditions.includes(c)}
                  onChange={(v) => setConditions((cs) => (v ? [...cs, c] : cs.filter((x) => x !== c)))}
                />
              ))}
              {FLAGS.map((f) => (
                <Check
                  key={f}
                  label={t(FLAG_LABEL[f])}
                  checked={flags[f]}
                  onChange={(v) => setFlags((fs) => ({ ...fs, [f]: v }))}
                />
              ))}
            </fieldset>
            <fieldset className="sm:col-span-3" aria-describedby="allergies-hint">
              <legend className="mb-1 text-sm font-medium text-slate-800">{t('screening.allergies')}</legend>
              <p id="allergies-hint" className="mb-1 text-sm text-slate-700">
                {t('screening.allergies_hint')}
              </p>
              <div className="grid grid-cols-2 gap-x-4 sm:grid-cols-3">
                {ALLERGENS.map((a) => (
                  <Check
                    key={a}
                    label={t(`allergen.${a}`)}
                    checked={allergies.includes(a)}
                    onChange={(v) => setAllergies((as) => (v ? [...as, a] : as.filter((x) => x !== a)))}
                  />
                ))}
              </div>
              {errs.allergies ? (
                <p role="alert" className="text-sm text-red-800">
                  {errs.allergies}
                </p>
              ) : null}
            </fieldset>
            {flags.takes_medications ? (
              <div className="sm:col-span-3">
                <Field label={t('screening.medication_list')} error={errs.medication_list}>
                  <Input value={medList} onChange={(e) => setMedList(e.target.value)} />
                </Field>
              </div>
            ) : null}
            <div className="sm:col-span-3">
              <Button type="submit" disabled={submit.isPending}>
                {t('screening.submit')}
              </Button>
            </div>
          </form>
        </Card>
      ) : null}
    </div>
  );
}
