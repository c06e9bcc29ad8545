import type { FastifyReply, FastifyRequest } from 'fastify';
import { LANGS, type Lang } from './messages.js';

/**
 * Human-facing texts come in the languages of the catalogues (design §4: English and Spanish; `messages.ts`),
 * chosen by Accept-Language. Catalogues: `catalogue.ts`; the message syntax: `message-format.ts`.
 */
export type { Lang };
export { LANGS };

const known = new Set<string>(LANGS);

/** The best language of `acceptLanguage` (RFC 9110 §12.5.4, by q then order) among `langs`; else English. */
export function pickLang(acceptLanguage: string | undefined, langs: ReadonlySet<string> = known): Lang {
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
  for (const { lang } of ranked) if (lang && langs.has(lang)) return lang as Lang;
  return 'en';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `langOf` when the response's text depends on the language. */
    lang: Lang | null;
  }
}

/**
 * The language of this request's texts, decided once per request (then kept on `req.lang`). Users have no saved
 * language preference yet, so it comes from Accept-Language; a preference would be read here, once, from the
 * principal. Calling it marks the response as translated: the app then sends `Content-Language` (RFC 9110
 * §8.5) and `Vary: Accept-Language` (§12.5.5), so a shared cache does not hand the Spanish text to someone who
 * asked for English. Routes that answer the same bytes in every language never call it.
 */
export function langOf(req: FastifyRequest): Lang {
  return (req.lang ??= pickLang(req.headers['accept-language']));
}

/** Adds the language headers to a reply whose request asked `langOf` (an onSend hook of the app). */
export function sendLanguageHeaders(req: FastifyRequest, reply: FastifyReply): void {
  if (!req.lang) return;
  void reply.header('content-language', req.lang);
  const vary = reply.getHeader('vary');
  const list = Array.isArray(vary) ? vary.join(', ') : vary === undefined ? '' : String(vary);
  if (!/(^|,)\s*(accept-language|\*)\s*(,|$)/i.test(list))
    void reply.header('vary', list ? `${list}, Accept-Language` : 'Accept-Language');
}
