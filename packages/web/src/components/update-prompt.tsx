import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { applyUpdate, updateState } from '../app/sw';
import { Button } from './ui/button';

/** Shown when a new service worker (a new deployment) is waiting: reloading switches to it. */
export function UpdatePrompt() {
  const { t } = useTranslation();
  const waiting = useSyncExternalStore(updateState.subscribe, updateState.get);
  if (!waiting) return null;
  return (
    <div
      role="status"
      className="mx-auto mt-2 flex max-w-5xl items-center gap-3 rounded-md bg-teal-50 px-4 py-2 ring-1 ring-teal-200"
    >
      <span>{t('shell.update')}</span>
      <Button onClick={applyUpdate}>{t('shell.reload')}</Button>
    </div>
  );
}
