/** Human-facing texts come in English or Spanish (design §4), chosen by Accept-Language. */
export type Lang = 'en' | 'es';

export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q) };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) if (lang === 'en' || lang === 'es') return lang;
  return 'en';
}

export type Texts<K extends string> = Record<Lang, Record<K, string>>;
