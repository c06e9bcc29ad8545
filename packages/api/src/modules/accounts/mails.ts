import type { Lang } from '../../platform/i18n.js';
import type { Mail } from '../../platform/mail.js';

/** "30 minutes", "24 hours", "7 days" in `lang`. */
function span(lang: Lang, minutes: number): string {
  const [n, en, es] =
    minutes % 1440 === 0
      ? [minutes / 1440, 'day', 'día']
      : minutes % 60 === 0
        ? [minutes / 60, 'hour', 'hora']
        : [minutes, 'minute', 'minuto'];
  return lang === 'es' ? `${n} ${es}${n === 1 ? '' : 's'}` : `${n} ${en}${n === 1 ? '' : 's'}`;
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
  return lang === 'es'
    ? {
        to,
        subject: 'Confirma tu correo en Pulso',
        text: `Hola:\n\nPara confirmar que esta dirección es tuya, abre este enlace en ${span(lang, minutes)}:\n${link}\n\nCódigo: ${token}\n\nSi no has creado una cuenta en Pulso ni cambiado tu correo, ignora este mensaje.\n`,
      }
    : {
        to,
        subject: 'Confirm your e-mail for Pulso',
        text: `Hello,\n\nTo confirm that this address is yours, open this link within ${span(lang, minutes)}:\n${link}\n\nCode: ${token}\n\nIf you did not create a Pulso account or change your e-mail, ignore this message.\n`,
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
  return lang === 'es'
    ? {
        to,
        subject: 'Restablece tu contraseña de Pulso',
        text: `Hola:\n\nPara elegir una contraseña nueva, abre este enlace en ${span(lang, minutes)} (solo sirve una vez):\n${link}\n\nCódigo: ${token}\n\nAl cambiarla se cerrarán todas tus sesiones. Si no lo has pedido tú, ignora este mensaje: tu contraseña no cambia.\n`,
      }
    : {
        to,
        subject: 'Reset your Pulso password',
        text: `Hello,\n\nTo choose a new password, open this link within ${span(lang, minutes)} (it works once):\n${link}\n\nCode: ${token}\n\nAll your sessions will be signed out. If you did not ask for this, ignore this message: your password stays as it is.\n`,
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
  return lang === 'es'
    ? {
        to,
        subject: `${gymName} te ha dado de alta en Pulso`,
        text: `Hola:\n\n${gymName} ha creado una cuenta de Pulso para ti con esta dirección. Para elegir tu contraseña, abre este enlace en ${span(lang, minutes)}:\n${link}\n\nCódigo: ${token}\n\nSi el enlace caduca, pide otro desde "¿Olvidaste tu contraseña?".\n`,
      }
    : {
        to,
        subject: `${gymName} signed you up for Pulso`,
        text: `Hello,\n\n${gymName} created a Pulso account for you with this address. To choose your password, open this link within ${span(lang, minutes)}:\n${link}\n\nCode: ${token}\n\nIf the link expires, ask for a new one with "Forgot your password?".\n`,
      };
}
