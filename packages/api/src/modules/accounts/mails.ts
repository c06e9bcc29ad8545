import type { Lang } from '../../platform/i18n.js';
import type { Mail } from '../../platform/mail.js';
import { accountsMessages as m } from './messages.js';

/** "30 minutes", "24 hours", "7 days" in `lang`. */
function span(lang: Lang, minutes: number): string {
  const [n, unit] =
    minutes % 1440 === 0
      ? [minutes / 1440, 'day']
      : minutes % 60 === 0
        ? [minutes / 60, 'hour']
        : [minutes, 'minute'];
  return m.t(lang, 'span', { n, unit });
}

/** The account mails, in the language of the request that caused them. Links carry the token in the fragment
 * (never sent to a server by browsers, so it stays out of access logs); the token is also given on its own line
 * for clients that call the API directly. */
export function verificationMail(
  lang: Lang,
  to: string,
  token: string,
  publicUrl: string,
  minutes: number,
): Mail {
  const link = `${publicUrl}/verify-email#token=${token}`;
  return {
    to,
    subject: m.t(lang, 'verify.subject'),
    text: m.t(lang, 'verify.text', { span: span(lang, minutes), link, token }),
  };
}

export function passwordResetMail(
  lang: Lang,
  to: string,
  token: string,
  publicUrl: string,
  minutes: number,
): Mail {
  const link = `${publicUrl}/reset-password#token=${token}`;
  return {
    to,
    subject: m.t(lang, 'reset.subject'),
    text: m.t(lang, 'reset.text', { span: span(lang, minutes), link, token }),
  };
}

/** To someone a gym's staff registered at the desk: they choose their own password through a reset link. */
export function welcomeMail(
  lang: Lang,
  to: string,
  gymName: string,
  token: string,
  publicUrl: string,
  minutes: number,
): Mail {
  const link = `${publicUrl}/reset-password#token=${token}`;
  return {
    to,
    subject: m.t(lang, 'welcome.subject', { gym: gymName }),
    text: m.t(lang, 'welcome.text', { gym: gymName, span: span(lang, minutes), link, token }),
  };
}
