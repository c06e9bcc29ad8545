import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as es from '@zxcvbn-ts/language-es-es';
import type { Lang } from '../i18n.js';
import { platformMessages as pm } from '../messages.js';

/**
 * What a new password must pass beyond its length (the contract's 10–256 characters):
 * - not a common or breached password, nor guessable from dictionary words, names, dates, keyboard patterns
 *   (OWASP ASVS 4.0 §2.1.7, NIST SP 800-63B §5.1.1.2). zxcvbn's estimate must reach score 3 ("safely
 *   unguessable": under 10^10 guesses is refused), the level its authors give for protection against offline
 *   attacks on a slow hash (Wheeler, "zxcvbn: Low-Budget Password Strength Estimation", USENIX Security 2016).
 *   The lists are the packaged ones (common passwords, English and Spanish words and names); nothing is
 *   looked up over the network.
 * - not the account's e-mail or its local part (ASVS §2.1.x "context-specific words", NIST 800-63B);
 * - not one short run of characters repeated ("aaaaaaaaaa", "abcabcabcabc"; NIST 800-63B).
 */
const MIN_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
// Building the ranked dictionaries takes a few hundred milliseconds: done on the first check, not at start.
const estimator = () =>
  (factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...es.dictionary },
    graphs: common.adjacencyGraphs,
    // The l33t matcher tries every combination of substitutions; a few cover the usual "p@ssw0rd" forms, and
    // the default (100) makes one check cost several times more CPU on a route anyone can call.
    l33tMaxSubstitutions: 8,
    // Only the start of a long password is estimated (the same bound keeps the cost flat); 64 characters
    // that pass are already far beyond the guess count asked for.
    maxLength: 64,
    // No translations: feedback comes back as keys, written below in the reader's language.
  }));

// zxcvbn-ts's own feedback comes from its language packs; a language without one reads it in English.
const PACKS: Partial<Record<Lang, typeof en.translations>> = { en: en.translations, es: es.translations };

// The local part is checked only when it is long enough to be a word of the person ("jo" is in many words).
const LOCAL_PART_MIN = 4;

/** Why the password is refused, in `lang`; null when it is acceptable. */
export function passwordProblem(
  password: string,
  context: { email?: string | null; name?: string | null },
  lang: Lang,
): string | null {
  const t = (id: 'email' | 'repeated' | 'weak' | 'hint') => pm.t(lang, `password.${id}`);
  const lower = password.toLowerCase();
  const email = context.email?.toLowerCase();
  if (email) {
    const local = email.split('@')[0] ?? '';
    if (lower.includes(email) || lower === local || (local.length >= LOCAL_PART_MIN && lower.includes(local)))
      return t('email');
  }
  if (/^(.{1,4})\1+$/su.test(password)) return t('repeated');
  const inputs = [email, email?.split('@')[0], context.name ?? undefined].filter((x): x is string => !!x);
  const result = estimator().check(password, inputs);
  if (result.score >= MIN_SCORE) return null;
  const pack = PACKS[lang] ?? en.translations;
  const warning = result.feedback.warning
    ? (pack.warnings as Record<string, string>)[result.feedback.warning]
    : undefined;
  const suggestion = result.feedback.suggestions
    .map((k) => (pack.suggestions as Record<string, string>)[k])
    .find(Boolean);
  const why = [warning, suggestion ?? t('hint')]
    .filter(Boolean)
    .map((s) => s!.trim().replace(/\.$/, ''))
    .join('. ');
  return `${t('weak')}. ${why}`;
}
