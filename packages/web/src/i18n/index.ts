import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { session } from '../api/session';
import { en } from './en';
import { es } from './es';

export const LANGS = ['en', 'es'] as const;
export type Lang = (typeof LANGS)[number];

/** The browser's preferred language among ours; English otherwise. A signed-in user's saved one wins later. */
export function browserLanguage(
  prefs: readonly string[] = navigator.languages ?? [navigator.language],
): Lang {
  for (const p of prefs) {
    const base = p.toLowerCase().split('-')[0];
    if ((LANGS as readonly string[]).includes(base!)) return base as Lang;
  }
  return 'en';
}

export function setLanguage(lang: Lang) {
  session.set({ language: lang });
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

const initial = browserLanguage();
session.set({ language: initial });
document.documentElement.lang = initial;

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, es: { translation: es } },
  lng: initial,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
