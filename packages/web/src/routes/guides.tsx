import { createFileRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Card } from '../components/ui/card';
import { TOPICS } from '../i18n/guides';

export const Route = createFileRoute('/guides')({ component: Guides });

/** The guides: one section per topic, each an anchor the pages link to (/guides#zones). */
function Guides() {
  const { t } = useTranslation('guides');
  return (
    <div className="space-y-4">
      <h1 id="guides-top" className="text-2xl font-semibold">
        {t('title')}
      </h1>
      <p className="text-slate-800">{t('intro')}</p>
      <nav aria-labelledby="guides-contents">
        <h2 id="guides-contents" className="sr-only">
          {t('contents')}
        </h2>
        <ul className="list-disc space-y-1 pl-5">
          {TOPICS.map((topic) => (
            <li key={topic}>
              <a href={`#${topic}`} className="text-teal-800 underline">
                {t(`${topic}.title`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {TOPICS.map((topic) => (
        <Card key={topic} id={topic} aria-labelledby={`${topic}-title`} className="scroll-mt-4">
          <h2 id={`${topic}-title`} className="mb-2 text-lg font-semibold">
            {t(`${topic}.title`)}
          </h2>
          <div className="space-y-2 text-slate-900">
            {(t(`${topic}.p`, { returnObjects: true }) as string[]).map((p) => (
              <p key={p.slice(0, 24)}>{p}</p>
            ))}
          </div>
          <a href="#guides-top" className="mt-2 inline-block text-sm text-teal-800 underline">
            {t('back_top')}
          </a>
        </Card>
      ))}
    </div>
  );
}
