import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ATHLETE } from '../i18n/athlete';

/** "What does this mean?": a link to the guide's section about the figure it sits next to. */
export function GuideLink({ topic }: { topic: 'readiness' | 'load' | 'zones' | 'race' }) {
  const { t } = useTranslation(ATHLETE);
  return (
    <Link
      to="/guides"
      hash={topic}
      className="text-sm text-teal-800 underline"
      data-testid={`guide-${topic}`}
    >
      {t('guide_link')}
    </Link>
  );
}
