import { useTranslation } from 'react-i18next';
import { pageInfo } from '../../lib/staff';
import { Button } from '../ui/button';

/** Previous / next over a paginated list, with "1–20 of 57" read out when it changes. */
export function Pager({
  skip,
  rows,
  total,
  size,
  onSkip,
}: {
  skip: number;
  rows: number;
  total: number;
  size: number;
  onSkip: (skip: number) => void;
}) {
  const { t } = useTranslation('staff');
  const p = pageInfo(skip, rows, total);
  if (p.total === 0) return null;
  return (
    <nav
      aria-label={t('range', { from: p.from, to: p.to, total: p.total })}
      className="mt-3 flex items-center gap-2"
    >
      <Button variant="secondary" disabled={!p.hasPrev} onClick={() => onSkip(Math.max(0, skip - size))}>
        {t('previous')}
      </Button>
      <span className="text-sm" aria-live="polite">
        {t('range', { from: p.from, to: p.to, total: p.total })}
      </span>
      <Button variant="secondary" disabled={!p.hasNext} onClick={() => onSkip(skip + size)}>
        {t('next')}
      </Button>
    </nav>
  );
}
