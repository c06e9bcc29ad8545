import { formatMessage, type Arg, type ParamsOf } from './message-format.js';
import type { Lang } from './messages.js';

/**
 * A module's messages: one record per language, keyed by id, in the ICU subset of `message-format.ts`. The
 * English record types the ids (a missing or misspelt id is a compile error) and the parameters each message
 * takes; every other language must have exactly the same ids (also a compile error) and the same arguments
 * (`test/platform/i18n-catalogues.test.ts`, which finds every `messages.ts` by glob).
 */
export interface Catalogue<E extends Record<string, string>> {
  readonly namespace: string;
  readonly texts: Readonly<Record<Lang, Readonly<Record<keyof E & string, string>>>>;
  /** The message in `lang`. */
  t: <K extends keyof E & string>(lang: Lang, id: K, ...params: ParamsArg<E[K]>) => string;
  /** The message kept for rendering later, in the language of whoever reads it (error details, mails). */
  msg: <K extends keyof E & string>(id: K, ...params: ParamsArg<E[K]>) => Msg;
}

type ParamsArg<S extends string> = keyof ParamsOf<S> extends never
  ? [params?: Record<string, never>]
  : [ParamsOf<S>];

/** A message with its parameters, not yet in a language. */
export interface Msg {
  readonly id: string;
  render: (lang: Lang) => string;
}

export const isMsg = (x: unknown): x is Msg =>
  typeof x === 'object' && x !== null && typeof (x as Msg).render === 'function';

export function defineMessages<const E extends Record<string, string>>(
  namespace: string,
  texts: { en: E } & Record<Lang, Record<keyof E & string, string>>,
): Catalogue<E> {
  const t = (lang: Lang, id: string, params?: Record<string, Arg>) => {
    // A language that lacks the id (the catalogue test forbids it) falls back to English.
    const src =
      (texts[lang] as Record<string, string> | undefined)?.[id] ?? (texts.en as Record<string, string>)[id];
    if (src === undefined) throw new Error(`No message ${namespace}.${id}`);
    return formatMessage(lang, src, params);
  };
  const cat: Catalogue<E> = {
    namespace,
    texts,
    t: t as Catalogue<E>['t'],
    msg: ((id: string, params?: Record<string, Arg>) => ({
      id: `${namespace}.${id}`,
      render: (lang: Lang) => t(lang, id, params),
    })) as Catalogue<E>['msg'],
  };
  return cat;
}
