import type { SURFACES } from '@pulso/contracts/road-quality';
import { HAZARDS, SMOOTHNESS } from '@pulso/contracts/road-quality';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { surfaceKey } from '../../i18n/segments';
import { ApiError, unwrap } from '../../api/problem';
import { ProblemMessage } from '../problem';
import { Button } from '../ui/button';
import { Label } from '../ui/label';
import { surfacesByTexture } from '../../lib/segments';
import { SmoothnessIcon, SurfaceIcon, TextureIcon } from './osm-icons';

/** The aggregated road quality in words and a colour that is not the only cue. */
export function QualityBadge({ score, reports }: { score: number | null; reports: number }) {
  const { t, i18n } = useTranslation('segments');
  if (score == null || reports === 0)
    return <span className="rounded bg-slate-100 px-2 py-0.5 text-slate-800">{t('no_reports')}</span>;
  const tone =
    score >= 4
      ? 'bg-green-100 text-green-900'
      : score >= 3
        ? 'bg-amber-100 text-amber-900'
        : 'bg-red-100 text-red-900';
  const s = new Intl.NumberFormat(i18n.language, {
    maximumFractionDigits: 1,
    minimumFractionDigits: 1,
  }).format(score);
  return (
    <span className={`rounded px-2 py-0.5 ${tone}`} data-testid="quality-badge">
      {t('quality_score', { score: s, count: reports })}
    </span>
  );
}

/** OSM's eight smoothness grades in pictures, each with the wheel that still gets through, in words. */
export function SmoothnessScale() {
  const { t } = useTranslation('segments');
  return (
    <details className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
      <summary className="cursor-pointer font-medium">{t('smoothness_scale')}</summary>
      <p className="mt-2 text-sm text-slate-800">{t('smoothness_intro')}</p>
      <ol className="mt-2 space-y-1" data-testid="smoothness-scale">
        {SMOOTHNESS.map((g) => (
          <li key={g} className="flex items-center gap-3">
            <SmoothnessIcon grade={g} className="shrink-0" />
            <span>
              <strong>{t(`smoothness.${g}`)}</strong> — {t(`smoothness_means.${g}`)}
            </span>
          </li>
        ))}
      </ol>
    </details>
  );
}

/** OSM's surfaces as eight textures in pictures, firmest first, each with what it means underfoot and on a wheel. */
export function SurfaceScale() {
  const { t, i18n } = useTranslation('segments');
  const list = new Intl.ListFormat(i18n.language, { type: 'unit' });
  return (
    <details className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
      <summary className="cursor-pointer font-medium">{t('surface_scale')}</summary>
      <p className="mt-2 text-sm text-slate-800">{t('surface_intro')}</p>
      <ol className="mt-2 space-y-2" data-testid="surface-scale">
        {surfacesByTexture().map(({ texture, surfaces }) => (
          <li key={texture} className="flex items-start gap-3">
            <TextureIcon texture={texture} className="mt-0.5 shrink-0" />
            <span>
              <strong>{t(`texture.${texture}`)}</strong> — {t(`texture_means.${texture}`)}
              <span className="block text-sm text-slate-700">
                {t('surfaces_in', { list: list.format(surfaces.map((s) => t(surfaceKey(s)))) })}
              </span>
            </span>
          </li>
        ))}
      </ol>
    </details>
  );
}

const fieldOf = (err: unknown, field: string) =>
  err instanceof ApiError
    ? err.problem.errors?.find((e) => e.field.replace(/^body\./, '').split('.')[0] === field)?.message
    : undefined;

/** A road-quality report: rating, OSM surface and smoothness (with their pictures), hazards and a comment. */
export function QualityReportForm({ segmentId }: { segmentId: number }) {
  const { t } = useTranslation('segments');
  const qc = useQueryClient();
  const [rating, setRating] = useState<number | null>(null);
  const [surface, setSurface] = useState('');
  const [smoothness, setSmoothness] = useState('');
  const [hazards, setHazards] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const send = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/segments/{id}/quality-reports', {
          params: { path: { id: segmentId } },
          body: {
            rating: rating!,
            ...(surface ? { surface: surface as (typeof SURFACES)[number] } : {}),
            ...(smoothness ? { smoothness: smoothness as (typeof SMOOTHNESS)[number] } : {}),
            hazards: hazards as (typeof HAZARDS)[number][],
            ...(comment.trim() ? { comment: comment.trim() } : {}),
          },
        }),
      ),
    // The segment's quality, its reports and the lists that show it all change.
    onSuccess: () => qc.invalidateQueries(),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (rating == null) {
      setMissing(true);
      return;
    }
    setMissing(false);
    send.mutate();
  };
  const ratingError = missing ? t('rating_required') : fieldOf(send.error, 'rating');
  return (
    <form className="space-y-4" onSubmit={submit} noValidate data-testid="quality-form">
      <fieldset aria-describedby={ratingError ? 'rating-error' : undefined}>
        <legend className="font-medium">{t('rating')}</legend>
        <div className="mt-1 flex flex-wrap gap-2">
          {[1, 2, 3, 4, 5].map((r) => (
            <label
              key={r}
              className="flex min-h-10 cursor-pointer items-center gap-1 rounded-md px-3 ring-1 ring-slate-300 has-[:checked]:bg-teal-50 has-[:checked]:ring-teal-700"
            >
              <input
                type="radio"
                name="rating"
                value={r}
                checked={rating === r}
                onChange={() => setRating(r)}
              />
              {t(`rating_${r}`)}
            </label>
          ))}
        </div>
        {ratingError ? (
          <p id="rating-error" role="alert" className="text-sm text-red-800">
            {ratingError}
          </p>
        ) : null}
      </fieldset>

      <div className="space-y-1">
        <Label htmlFor="surface">{t('surface_label')}</Label>
        <div className="flex items-center gap-2">
          <select
            id="surface"
            className="block min-h-10 w-full rounded-md border border-slate-400 bg-white px-3"
            value={surface}
            onChange={(e) => setSurface(e.target.value)}
          >
            <option value="">{t('not_said')}</option>
            {surfacesByTexture().map(({ texture, surfaces }) => (
              <optgroup key={texture} label={t(`texture.${texture}`)}>
                {surfaces.map((s) => (
                  <option key={s} value={s}>
                    {t(surfaceKey(s))}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {surface ? <SurfaceIcon surface={surface} className="shrink-0" /> : null}
        </div>
        {fieldOf(send.error, 'surface') ? (
          <p role="alert" className="text-sm text-red-800">
            {fieldOf(send.error, 'surface')}
          </p>
        ) : null}
      </div>

      <fieldset>
        <legend className="font-medium">{t('smoothness_label')}</legend>
        <div className="mt-1 grid gap-1 sm:grid-cols-2">
          {SMOOTHNESS.map((g) => (
            <label
              key={g}
              className="flex cursor-pointer items-center gap-2 rounded-md p-1 ring-1 ring-slate-200 has-[:checked]:bg-teal-50 has-[:checked]:ring-teal-700"
            >
              <input
                type="radio"
                name="smoothness"
                value={g}
                checked={smoothness === g}
                onChange={() => setSmoothness(g)}
              />
              <SmoothnessIcon grade={g} className="shrink-0" />
              <span className="text-sm">
                <strong>{t(`smoothness.${g}`)}</strong>
                <span className="block text-slate-700">{t(`smoothness_means.${g}`)}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend className="font-medium">{t('hazards_label')}</legend>
        <div className="mt-1 flex flex-wrap gap-2">
          {HAZARDS.map((h) => (
            <label key={h} className="flex min-h-10 items-center gap-1 rounded-md px-2 ring-1 ring-slate-300">
              <input
                type="checkbox"
                checked={hazards.includes(h)}
                onChange={(e) => setHazards((x) => (e.target.checked ? [...x, h] : x.filter((y) => y !== h)))}
              />
              {t(`hazard.${h}`)}
            </label>
          ))}
        </div>
      </fieldset>

      <div className="space-y-1">
        <Label htmlFor="comment">{t('comment')}</Label>
        <textarea
          id="comment"
          className="block w-full rounded-md border border-slate-400 p-2"
          rows={2}
          maxLength={1000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
      <ProblemMessage error={send.error} />
      {send.isSuccess ? (
        <p role="status" className="text-green-900" data-testid="report-saved">
          {t('report_saved')}
        </p>
      ) : null}
      <Button type="submit" disabled={send.isPending}>
        {t('send_report')}
      </Button>
    </form>
  );
}
