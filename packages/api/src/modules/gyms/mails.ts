import type { Role } from '@pulso/contracts';
import type { Lang } from '../../platform/i18n.js';
import type { Mail } from '../../platform/mail.js';
import { gymsMessages as m } from './messages.js';

/**
 * Sent to the invited address whether or not it has an account (the inviter cannot tell). It carries no
 * token: accepting happens signed in, with this e-mail confirmed.
 */
export function invitationMail(
  lang: Lang,
  to: string,
  gymName: string,
  role: Role,
  publicUrl: string,
  days: number,
): Mail {
  const link = `${publicUrl}/invitations`;
  return {
    to,
    subject: m.t(lang, 'invitation.subject', { gym: gymName }),
    text: m.t(lang, 'invitation.text', { gym: gymName, role: m.t(lang, 'role', { role }), days, link }),
  };
}
