import type { FieldError, FieldValues, Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

/**
 * A field error in the reader's language. Errors from the API (`type: 'server'`) are already translated; the
 * contracts' Zod messages are English, so the common client-side cases get the app's own words.
 */
export function useZodMessages() {
  const { t } = useTranslation();
  return (e: FieldError | undefined): string | undefined => {
    if (!e) return undefined;
    if (e.type === 'server') return e.message;
    const min = /at least (\d+)|>=\s*(\d+)/i.exec(e.message ?? '');
    if (e.type === 'too_small' && min) {
      const n = Number(min[1] ?? min[2]);
      return n <= 1 ? t('form.required') : t('form.tooShort', { min: n });
    }
    if (e.type === 'invalid_format') return t('form.email');
    if (e.type === 'invalid_type') return t('form.required');
    return t('form.invalid');
  };
}

/**
 * A form resolver whose code loads on first use, for the pages a first visit opens (sign-in): Zod and the
 * contracts' schemas are the largest lazy chunk (`forms` in vite.config.ts, ~50 KB gzipped), and the form can
 * be shown and typed into long before anything needs validating. `preload` starts the download once the page
 * has painted, so a submit rarely waits for it.
 */
export function lazyResolver<T extends FieldValues>(load: () => Promise<Resolver<T>>) {
  let loading: Promise<Resolver<T>> | undefined;
  const preload = () => (loading ??= load());
  const resolver: Resolver<T> = async (values, context, options) =>
    (await preload())(values, context, options);
  return { resolver, preload };
}
