import { useQuery } from '@tanstack/react-query';
import { createFileRoute, Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { qk } from '../app/query';
import { SEGMENTS } from '../i18n/segments';
import { EmptyState, ProblemMessage } from '../components/problem';
import { QualityLegend, SegmentMap, type MapFeature } from '../components/segments/segment-map';
import { QualityBadge } from '../components/segments/quality';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { Input } from '../components/ui/input';
import { Label } from '../components/ui/label';
import { formatMetres, nearParam, parseLatLon, type Coord } from '../lib/segments';

interface Search {
  page?: number;
  near?: string;
  radius?: number;
  min_quality?: number;
  view?: 'map';
}

const RADII = [1000, 5000, 20_000, 100_000];

export const Route = createFileRoute('/segments/')({
  component: Segments,
  validateSearch: (s: Record<string, unknown>): Search => {
    const out: Search = {};
    const page = Number(s.page);
    if (Number.isInteger(page) && page > 1) out.page = page;
    if (typeof s.near === 'string') {
      const p = parseLatLon(s.near);
      if (p.ok) out.near = nearParam(p.lat, p.lon);
    }
    const radius = Number(s.radius);
    if (RADII.includes(radius)) out.radius = radius;
    const q = Number(s.min_quality);
    if (Number.isInteger(q) && q >= 1 && q <= 5) out.min_quality = q;
    if (s.view === 'map') out.view = 'map';
    return out;
  },
});

const PAGE = 20;

/** "Near me": the browser's location when it gives it, a typed latitude,longitude otherwise. */
function NearSearch({ onNear }: { onNear: (near: string | undefined) => void }) {
  const { t } = useTranslation(SEGMENTS);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);
  const locate = () => {
    setError(null);
    if (!('geolocation' in navigator)) {
      setError(t('geo_unavailable'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        onNear(nearParam(pos.coords.latitude, pos.coords.longitude));
      },
      (err) => {
        setLocating(false);
        setError(err.code === err.PERMISSION_DENIED ? t('geo_denied') : t('geo_unavailable'));
      },
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 },
    );
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = parseLatLon(typed);
    if (!p.ok) {
      setError(p.error === 'range' ? t('latlon_range') : t('latlon_format'));
      return;
    }
    setError(null);
    onNear(nearParam(p.lat, p.lon));
  };
  return (
    <div className="space-y-2">
      <Button type="button" variant="secondary" onClick={locate} disabled={locating}>
        {locating ? t('locating') : t('near_me')}
      </Button>
      <form className="flex flex-wrap items-end gap-2" onSubmit={submit} noValidate>
        <div className="min-w-48 flex-1 space-y-1">
          <Label htmlFor="near-typed">{t('near_typed')}</Label>
          <Input
            id="near-typed"
            inputMode="decimal"
            placeholder="40.4153, -3.6845"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'near-error' : undefined}
          />
        </div>
        <Button type="submit" variant="secondary">
          {t('search')}
        </Button>
      </form>
      {error ? (
        <p id="near-error" role="alert" className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Segments() {
  const { t, i18n } = useTranslation(SEGMENTS);
  const search = Route.useSearch();
  const { page = 1, near, radius = 5000, min_quality, view } = search;
  const navigate = useNavigate({ from: '/segments/' });
  const set = (s: Partial<Search>) =>
    void navigate({ search: (prev: Search) => ({ ...prev, page: undefined, ...s }) });
  const filters = {
    ...(near ? { near, radius_m: radius } : {}),
    ...(min_quality ? { min_quality } : {}),
  };

  const list = useQuery({
    queryKey: qk('segments', page, filters),
    enabled: view !== 'map',
    queryFn: async () => {
      const r = api.GET('/api/v1/segments', {
        params: { query: { skip: (page - 1) * PAGE, limit: PAGE, ...filters } },
      });
      const rows = await unwrap(r);
      return { rows, total: Number((await r).response.headers.get('x-total-count') ?? rows.length) };
    },
  });
  const map = useQuery({
    queryKey: qk('segments-geojson', filters),
    enabled: view === 'map',
    queryFn: () =>
      unwrap(api.GET('/api/v1/segments.geojson', { params: { query: { limit: 500, ...filters } } })),
  });
  const features: MapFeature[] =
    map.data?.features.map((f) => ({
      id: f.id,
      name: f.properties.name,
      quality: f.properties.quality,
      coords:
        f.geometry.type === 'Point'
          ? [f.geometry.coordinates as unknown as Coord]
          : (f.geometry.coordinates as Coord[]),
    })) ?? [];
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE)) : 1;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <div className="flex flex-wrap gap-2">
          <Button asChild>
            <Link to="/segments/new">{t('new')}</Link>
          </Button>
          <Button asChild variant="secondary">
            <Link to="/segments/records">{t('records')}</Link>
          </Button>
        </div>
      </div>
      <Card className="space-y-3">
        <NearSearch onNear={(n) => set({ near: n })} />
        <div className="flex flex-wrap items-end gap-3">
          {near ? (
            <>
              <div className="space-y-1">
                <Label htmlFor="radius">{t('radius')}</Label>
                <select
                  id="radius"
                  className="block min-h-10 rounded-md border border-slate-400 bg-white px-3"
                  value={radius}
                  onChange={(e) => set({ near, radius: Number(e.target.value) })}
                >
                  {RADII.map((r) => (
                    <option key={r} value={r}>
                      {formatMetres(r, i18n.language)}
                    </option>
                  ))}
                </select>
              </div>
              <Button variant="ghost" onClick={() => set({ near: undefined, radius: undefined })}>
                {t('clear_near')}
              </Button>
            </>
          ) : null}
          <div className="space-y-1">
            <Label htmlFor="min-quality">{t('min_quality')}</Label>
            <select
              id="min-quality"
              className="block min-h-10 rounded-md border border-slate-400 bg-white px-3"
              value={min_quality ?? ''}
              onChange={(e) => set({ min_quality: e.target.value ? Number(e.target.value) : undefined })}
            >
              <option value="">{t('any_quality')}</option>
              {[2, 3, 4, 5].map((q) => (
                <option key={q} value={q}>
                  {t('at_least', { n: q })}
                </option>
              ))}
            </select>
          </div>
        </div>
        {near ? (
          <p className="text-sm text-slate-700">{t('near_active', { near: near.replace(',', ', ') })}</p>
        ) : null}
      </Card>

      <div role="group" aria-label={t('view')} className="flex gap-2">
        <Button
          variant={view === 'map' ? 'secondary' : 'primary'}
          aria-pressed={view !== 'map'}
          onClick={() => set({ view: undefined })}
        >
          {t('view_list')}
        </Button>
        <Button
          variant={view === 'map' ? 'primary' : 'secondary'}
          aria-pressed={view === 'map'}
          onClick={() => set({ view: 'map' })}
        >
          {t('view_map')}
        </Button>
      </div>

      {view === 'map' ? (
        <>
          <ProblemMessage error={map.error} />
          {map.data && features.length === 0 ? <EmptyState>{t('empty')}</EmptyState> : null}
          {features.length ? (
            <>
              <SegmentMap features={features} label={t('map_label', { count: features.length })} />
              <QualityLegend />
            </>
          ) : null}
        </>
      ) : (
        <>
          <ProblemMessage error={list.error} />
          {list.data && list.data.rows.length === 0 ? (
            <EmptyState>{near || min_quality ? t('empty_filtered') : t('empty')}</EmptyState>
          ) : null}
          <ul className="space-y-2" data-testid="segment-list">
            {list.data?.rows.map((s) => (
              <li key={s.id}>
                <Card className="p-0">
                  <Link
                    to="/segments/$id"
                    params={{ id: String(s.id) }}
                    className="flex flex-wrap items-center justify-between gap-2 p-4 hover:bg-slate-50"
                  >
                    <span className="font-medium">{s.name}</span>
                    <span className="flex flex-wrap items-center gap-3 text-sm text-slate-800">
                      <span>{formatMetres(s.length_m, i18n.language)}</span>
                      {s.distance_m != null ? (
                        <span>{t('away', { d: formatMetres(s.distance_m, i18n.language) })}</span>
                      ) : null}
                      <span>{t(`visibility_${s.visibility}`)}</span>
                      <QualityBadge score={s.quality.score} reports={s.quality.reports} />
                    </span>
                  </Link>
                </Card>
              </li>
            ))}
          </ul>
          {list.data && pages > 1 ? (
            <nav aria-label={t('pages')} className="flex items-center gap-3">
              {page > 1 ? (
                <Link
                  to="/segments"
                  search={{ ...search, page: page - 1 }}
                  className="text-teal-800 underline"
                >
                  {t('previous')}
                </Link>
              ) : null}
              <span>{t('page_of', { page, pages })}</span>
              {page < pages ? (
                <Link
                  to="/segments"
                  search={{ ...search, page: page + 1 }}
                  className="text-teal-800 underline"
                >
                  {t('next')}
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}
