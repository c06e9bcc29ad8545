import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { qk } from '../../app/query';
import { pathOf, projectLines, tileUrl, tileView, TILE_PX, type Coord } from '../../lib/segments';

export const MAP_W = 600;
export const MAP_H = 400;

export interface MapFeature {
  id: number;
  name: string;
  /** A LineString's positions, or one position for a segment without a geometry. */
  coords: readonly Coord[];
  quality: number | null;
}

/** Line colour by road quality (1–5): the same scale as the quality badge; grey when nobody has reported. */
export function qualityColor(q: number | null | undefined): string {
  if (q == null) return '#475569';
  if (q >= 4) return '#15803d';
  if (q >= 3) return '#a16207';
  return '#b91c1c';
}

/**
 * The operator's map tiles (MAP_TILE_URL), or null. A server setting that changes only with a restart: asked once
 * per session. While unknown, or when the question fails, the map is drawn without tiles.
 */
function useMapTiles() {
  const q = useQuery({
    queryKey: qk('segments', 'map-tiles'),
    queryFn: () => unwrap(api.GET('/api/v1/segments/map-tiles')),
    staleTime: Infinity,
    retry: false,
  });
  return q.data?.tiles ?? null;
}

/**
 * Segments drawn as SVG, each a link to its page so the map is usable from the keyboard too; the list view says
 * the same in words. Without an operator's tile server (the default) nothing is fetched from a map server and
 * the lines share a plain projection; with one, they are drawn in Web Mercator over its tiles, with its credit.
 */
export function SegmentMap({ features, label }: { features: readonly MapFeature[]; label: string }) {
  const tiles = useMapTiles();
  const view = useMemo(() => {
    const lines = features.map((f) => f.coords);
    const tiled = tiles ? tileView(lines, MAP_W, MAP_H, tiles.max_zoom) : null;
    return tiled ?? { lines: projectLines(lines, MAP_W, MAP_H), tiles: [] };
  }, [features, tiles]);
  return (
    <figure className="space-y-1">
      <svg
        viewBox={`0 0 ${MAP_W} ${MAP_H}`}
        className="h-auto w-full rounded bg-slate-100"
        role="group"
        aria-label={label}
        data-testid="segment-map"
      >
        {tiles
          ? view.tiles.map((tl) => (
              <image
                key={`${tl.z}/${tl.x}/${tl.y}/${tl.left}`}
                href={tileUrl(tiles.url, tl)}
                x={tl.left}
                y={tl.top}
                width={TILE_PX}
                height={TILE_PX}
                aria-hidden
                data-testid="map-tile"
              />
            ))
          : null}
        {features.map((f, i) => {
          const pts = view.lines[i]!;
          const color = qualityColor(f.quality);
          return (
            <Link key={f.id} to="/segments/$id" params={{ id: String(f.id) }} aria-label={f.name}>
              {pts.length > 1 ? (
                <>
                  {/* A wide transparent stroke under the line: an easier target for a finger. */}
                  <path d={pathOf(pts)} fill="none" stroke="transparent" strokeWidth={14} />
                  <path d={pathOf(pts)} fill="none" stroke={color} strokeWidth={4} strokeLinejoin="round" />
                  <circle
                    cx={pts[0]![0]}
                    cy={pts[0]![1]}
                    r={5}
                    fill={color}
                    stroke="#fff"
                    strokeWidth={1.5}
                  />
                </>
              ) : pts[0] ? (
                <circle cx={pts[0][0]} cy={pts[0][1]} r={7} fill={color} stroke="#fff" strokeWidth={2} />
              ) : null}
              <title>{f.name}</title>
            </Link>
          );
        })}
      </svg>
      {tiles ? (
        <figcaption className="text-right text-xs text-slate-700" data-testid="map-attribution">
          {tiles.attribution}
        </figcaption>
      ) : null}
    </figure>
  );
}

/** What the map's colours say, in words. */
export function QualityLegend() {
  const { t } = useTranslation('segments');
  const items: [string, number | null][] = [
    [t('legend_good'), 4],
    [t('legend_fair'), 3],
    [t('legend_poor'), 1],
    [t('legend_unrated'), null],
  ];
  return (
    <ul className="flex flex-wrap gap-3 text-sm" aria-label={t('legend')}>
      {items.map(([label, q]) => (
        <li key={label} className="flex items-center gap-1">
          <svg width={20} height={6} aria-hidden>
            <rect width={20} height={6} rx={2} fill={qualityColor(q)} />
          </svg>
          {label}
        </li>
      ))}
    </ul>
  );
}
