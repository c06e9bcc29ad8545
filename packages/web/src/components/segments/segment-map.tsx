import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { pathOf, projectLines, type Coord } from '../../lib/segments';

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
 * Segments drawn as SVG in one shared projection (no tiles: nothing is fetched from a map server), each a link to
 * its page so the map is usable from the keyboard too. The list view says the same in words.
 */
export function SegmentMap({ features, label }: { features: readonly MapFeature[]; label: string }) {
  const projected = useMemo(
    () =>
      projectLines(
        features.map((f) => f.coords),
        MAP_W,
        MAP_H,
      ),
    [features],
  );
  return (
    <svg
      viewBox={`0 0 ${MAP_W} ${MAP_H}`}
      className="h-auto w-full rounded bg-slate-100"
      role="group"
      aria-label={label}
      data-testid="segment-map"
    >
      {features.map((f, i) => {
        const pts = projected[i]!;
        const color = qualityColor(f.quality);
        return (
          <Link key={f.id} to="/segments/$id" params={{ id: String(f.id) }} aria-label={f.name}>
            {pts.length > 1 ? (
              <>
                {/* A wide transparent stroke under the line: an easier target for a finger. */}
                <path d={pathOf(pts)} fill="none" stroke="transparent" strokeWidth={14} />
                <path d={pathOf(pts)} fill="none" stroke={color} strokeWidth={4} strokeLinejoin="round" />
                <circle cx={pts[0]![0]} cy={pts[0]![1]} r={5} fill={color} stroke="#fff" strokeWidth={1.5} />
              </>
            ) : pts[0] ? (
              <circle cx={pts[0][0]} cy={pts[0][1]} r={7} fill={color} stroke="#fff" strokeWidth={2} />
            ) : null}
            <title>{f.name}</title>
          </Link>
        );
      })}
    </svg>
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
