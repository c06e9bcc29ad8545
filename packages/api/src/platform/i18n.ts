import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Language } from '@pulso/contracts';
import { LANGS, type Lang } from './messages.js';

/**
 * Human-facing texts come in the languages of the catalogues (design §4: English and Spanish; `messages.ts`),
 * chosen by the caller's saved language or Accept-Language (`langOf`). Catalogues: `catalogue.ts`; the message syntax: `message-format.ts`.
 */
export type { Lang };
export { LANGS };

const known = new Set<string>(LANGS);

// What `PATCH /users/me` accepts (`LANGUAGES` of the contracts, which cannot import the API) must be the
// catalogues' languages: a language added to one and not the other does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameLanguages: Same<Lang, Language> = true;
void sameLanguages;

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
    /**
     * How `lang` was decided: `'anonymous'` before the caller was known (the header's, and decided again once
     * the access rule has loaded a principal), `'header'` for a caller with no saved language, `'saved'` for
     * the caller's saved language.
     */
    langSource: 'anonymous' | 'header' | 'saved' | null;
  }
}

/**
 * A saved language (`users.language`) when it is one the catalogues have, else null: a cached principal or an
 * old row may name a language since removed, which then reads as "no preference".
 */
export function savedLang(language: string | null | undefined): Lang | null {
  return language && known.has(language) ? (language as Lang) : null;
}

/**
 * The language of this request's texts, decided once per request (then kept on `req.lang`): the signed-in
 * caller's saved language when they have one, else Accept-Language. The principal comes from the access rule
 * (cached; it carries `language`), so this costs no query.
 *
 * Order: the access rule authenticates in the route's onRequest hooks, before the body is parsed and
 * validated, so validation messages, refusals and handler texts all see the principal. A text written before
 * the caller is known (a 429 of the rate limiter, a 503 while draining, the 400 of a malformed `X-Gym-ID`, a
 * 401, an unknown route) follows Accept-Language, and such an early answer is `'anonymous'`, not final: should
 * the request go on and the access rule load a principal, the next call decides again. No hook fixes the
 * language ahead of time; it is decided by whichever code first needs a text.
 *
 * Calling it marks the response as translated: the app then sends `Content-Language` (RFC 9110 §8.5) and
 * `Vary: Accept-Language` (§12.5.5), so a shared cache does not hand the Spanish text to someone who asked for
 * English. A response in the saved language also depends on who asked: see `sendLanguageHeaders`. Routes that
 * answer the same bytes in every language never call it.
 */
export function langOf(req: FastifyRequest): Lang {
  const principal = req.principal ?? null;
  if (req.lang && (req.langSource !== 'anonymous' || !principal)) return req.lang;
  const saved = savedLang(principal?.language);
  req.langSource = saved ? 'saved' : principal ? 'header' : 'anonymous';
  return (req.lang = saved ?? pickLang(req.headers['accept-language']));
}

/** Adds the language headers to a reply whose request asked `langOf` (an onSend hook of the app). */
export function sendLanguageHeaders(req: FastifyRequest, reply: FastifyReply): void {
  if (!req.lang) return;
  void reply.header('content-language', req.lang);
  // Chosen by the account, not by the request's headers: only the caller may reuse this answer. A request with
  // Authorization is kept out of shared caches already (RFC 9111 §3.5) unless the answer says `public`; saying
  // `private` (§5.2.2.7) keeps it so behind a proxy that ignores that rule. A route's own Cache-Control stays.
  if (req.langSource === 'saved' && !reply.hasHeader('cache-control'))
    void reply.header('cache-control', 'private');
  const vary = reply.getHeader('vary');
  const list = Array.isArray(vary) ? vary.join(', ') : vary === undefined ? '' : String(vary);
  if (!/(^|,)\s*(accept-language|\*)\s*(,|$)/i.test(list))
    void reply.header('vary', list ? `${list}, Accept-Language` : 'Accept-Language');
}
