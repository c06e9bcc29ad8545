import type { Role } from '@pulso/contracts';
import type { Lang } from '../../platform/i18n.js';
import type { Mail } from '../../platform/mail.js';

const ROLE_NAMES: Record<Lang, Record<Role, string>> = {
  en: {
    owner: 'owner',
    admin: 'administrator',
    trainer: 'trainer',
    physio: 'physiotherapist',
    member: 'member',
  },
  es: {
    owner: 'propietario',
    admin: 'administrador',
    trainer: 'entrenador',
    physio: 'fisioterapeuta',
    member: 'socio',
  },
};

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
  const r = ROLE_NAMES[lang][role];
  return lang === 'es'
    ? {
        to,
        subject: `${gymName} te invita a Pulso`,
        text: `Hola:\n\n${gymName} te invita a unirte como ${r}. Entra en Pulso con esta dirección (o crea una cuenta con ella y confírmala) y acepta o rechaza la invitación en los próximos ${days} días:\n${link}\n\nSi no esperabas esta invitación, ignora este mensaje: nadie te añadirá sin tu permiso.\n`,
      }
    : {
        to,
        subject: `${gymName} invites you to Pulso`,
        text: `Hello,\n\n${gymName} invites you to join as ${r}. Sign in to Pulso with this address (or create an account with it and confirm it) and accept or decline the invitation within ${days} days:\n${link}\n\nIf you did not expect this invitation, ignore this message: nobody is added without your consent.\n`,
      };
}
