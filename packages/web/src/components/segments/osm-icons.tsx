import { SMOOTHNESS } from '@pulso/contracts/road-quality';
import { textureOf, type Texture } from '../../lib/segments';

/*
 * Pictures for OpenStreetMap's road-quality vocabulary. Smoothness (wiki "Key:smoothness") is graded by the
 * narrowest wheel that still gets through: the icon draws the road's profile getting rougher and the smallest
 * wheel that copes getting bigger, up to "impassable" (no wheel at all). Surfaces are drawn as their texture.
 * The icons are decorative (aria-hidden): the words next to them carry the meaning.
 */

export type Smoothness = (typeof SMOOTHNESS)[number];

/** Bump height (px) of the road profile and radius of the wheel, per grade, best to worst. */
const GRADE = SMOOTHNESS.map((_, i) => ({ bump: i * 0.9, wheel: 2.5 + i * 1.25 }));

export function SmoothnessIcon({ grade, className }: { grade: string; className?: string }) {
  const i = SMOOTHNESS.indexOf(grade as Smoothness);
  if (i < 0) return null;
  const { bump, wheel } = GRADE[i]!;
  // The road: a line from x=2 to x=46 at y=20, with bumps whose height grows with the grade.
  let d = 'M2,20';
  for (let x = 2; x < 46; x += 4) d += ` Q${x + 1},${20 - bump} ${x + 2},20 T${x + 4},20`;
  const impassable = grade === 'impassable';
  return (
    <svg viewBox="0 0 48 24" width={48} height={24} aria-hidden className={className} data-grade={grade}>
      <path d={d} fill="none" stroke="#475569" strokeWidth={1.5} />
      {impassable ? (
        <path d="M16,4 L32,18 M32,4 L16,18" stroke="#b91c1c" strokeWidth={2.5} strokeLinecap="round" />
      ) : (
        <g>
          <circle
            cx={24}
            cy={20 - bump - wheel}
            r={wheel}
            fill="none"
            stroke={i < 3 ? '#0f766e' : i < 5 ? '#b45309' : '#9a3412'}
            strokeWidth={i < 2 ? 1.5 : 2.5}
          />
          <circle cx={24} cy={20 - bump - wheel} r={0.9} fill="#334155" />
        </g>
      )}
    </svg>
  );
}

const DOTS = [
  [6, 6],
  [14, 10],
  [22, 5],
  [30, 12],
  [38, 7],
  [10, 16],
  [26, 18],
  [42, 16],
  [18, 20],
  [34, 20],
];

export function SurfaceIcon({ surface, className }: { surface: string; className?: string }) {
  return <TextureIcon texture={textureOf(surface)} className={className} />;
}

export function TextureIcon({ texture: tx, className }: { texture: Texture; className?: string }) {
  const body = (() => {
    switch (tx) {
      case 'paved':
        return (
          <>
            <rect x={1} y={2} width={46} height={20} rx={2} fill="#475569" />
            <path d="M4,12 H14 M20,12 H30 M36,12 H46" stroke="#f8fafc" strokeWidth={1.5} />
          </>
        );
      case 'blocks':
        return (
          <>
            <rect x={1} y={2} width={46} height={20} rx={2} fill="#94a3b8" />
            <path
              d="M1,9 H47 M1,16 H47 M9,2 V9 M21,2 V9 M33,2 V9 M15,9 V16 M27,9 V16 M39,9 V16 M9,16 V22 M21,16 V22 M33,16 V22"
              stroke="#334155"
              strokeWidth={1}
            />
          </>
        );
      case 'gravel':
        return (
          <>
            <rect x={1} y={2} width={46} height={20} rx={2} fill="#d6d3d1" />
            {DOTS.map(([x, y]) => (
              <circle key={`${x}-${y}`} cx={x} cy={y} r={1.8} fill="#57534e" />
            ))}
          </>
        );
      case 'sand':
        return (
          <>
            <rect x={1} y={2} width={46} height={20} rx={2} fill="#fde68a" />
            {DOTS.map(([x, y]) => (
              <circle key={`${x}-${y}`} cx={x} cy={y} r={0.7} fill="#92400e" />
            ))}
          </>
        );
      case 'grass':
        return (
          <>
            <rect x={1} y={2} width={46} height={20} rx={2} fill="#bbf7d0" />
            <path
              d="M6,20 L8,10 M10,20 L9,12 M18,20 L20,9 M22,20 L21,13 M30,20 L32,10 M34,20 L33,12 M42,20 L43,11"
              stroke="#15803d"
              strokeWidth={1.5}
            />
          </>
        );
      case 'planks':
        return (
          <>
            <rect x={1} y={2} width={46} height={20} rx={2} fill="#d97706" />
            <path d="M12,2 V22 M24,2 V22 M36,2 V22" stroke="#78350f" strokeWidth={1.5} />
          </>
        );
      case 'metal':
        return (
          <>
            <rect x={1} y={2} width={46} height={20} rx={2} fill="#cbd5e1" />
            <path d="M1,8 L47,8 M1,16 L47,16" stroke="#64748b" strokeWidth={2} />
          </>
        );
      default:
        return (
          <>
            <rect x={1} y={2} width={46} height={20} rx={2} fill="#a16207" />
            <path d="M1,10 Q12,6 24,10 T47,10 M1,17 Q12,13 24,17 T47,17" fill="none" stroke="#713f12" />
          </>
        );
    }
  })();
  return (
    <svg viewBox="0 0 48 24" width={48} height={24} aria-hidden className={className} data-texture={tx}>
      {body}
    </svg>
  );
}
