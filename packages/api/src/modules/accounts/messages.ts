import { defineMessages } from '../../platform/catalogue.js';

/** Texts of the accounts module: field errors, answers and the account mails (`mails.ts`). */
export const accountsMessages = defineMessages('accounts', {
  en: {
    current_required: 'Required to change the e-mail or the password',
    current_wrong: 'Does not match the current password',
    bad_token: 'Unknown, already used or expired; ask for a new one',
    reset_accepted: 'If an account has this e-mail, a message with a reset link is on its way',
    too_many_logins: 'Too many failed sign-in attempts; try again later',
    wrong_credentials: 'Wrong e-mail or password',
    oidc_off: 'This server has no OpenID Connect sign-in; sign in with your e-mail and password',
    bad_refresh: 'Invalid or expired refresh token',
    account_gone: 'The account of this token no longer exists',
    span: '{unit, select, day {{n, plural, one {# day} other {# days}}} hour {{n, plural, one {# hour} other {# hours}}} other {{n, plural, one {# minute} other {# minutes}}}}',
    'verify.subject': 'Confirm your e-mail for Pulso',
    'verify.text':
      'Hello,\n\nTo confirm that this address is yours, open this link within {span}:\n{link}\n\nCode: {token}\n\nIf you did not create a Pulso account or change your e-mail, ignore this message.\n',
    'reset.subject': 'Reset your Pulso password',
    'reset.text':
      'Hello,\n\nTo choose a new password, open this link within {span} (it works once):\n{link}\n\nCode: {token}\n\nAll your sessions will be signed out. If you did not ask for this, ignore this message: your password stays as it is.\n',
    'welcome.subject': '{gym} signed you up for Pulso',
    'welcome.text':
      'Hello,\n\n{gym} created a Pulso account for you with this address. To choose your password, open this link within {span}:\n{link}\n\nCode: {token}\n\nIf the link expires, ask for a new one with "Forgot your password?".\n',
    // ---- refusal reasons (reasons.ts): <id>.title, <id>.detail
    'email_taken.title': 'E-mail already registered',
    'email_taken.detail':
      'An account with this e-mail already exists{signIn, select, yes {; sign in with its password} other {}}',
    'user_not_found.title': 'User not found',
    'user_not_found.detail': 'User not found: no such user shares a gym with you',
    refresh_missing: 'Required: in the body, or in the session cookie when signed in from the browser',
    'cross_site.title': 'Request from another site',
    'cross_site.detail':
      'The session cookie is only used by requests from this app itself; sign in again from the app',
  },
  es: {
    current_required: 'Hace falta para cambiar el correo o la contraseña',
    current_wrong: 'No coincide con la contraseña actual',
    bad_token: 'Desconocido, ya usado o caducado; pide uno nuevo',
    reset_accepted:
      'Si hay una cuenta con este correo, le llegará un mensaje con un enlace para restablecerla',
    too_many_logins: 'Demasiados intentos de inicio de sesión fallidos; inténtalo más tarde',
    wrong_credentials: 'Correo o contraseña incorrectos',
    oidc_off: 'Este servidor no tiene inicio de sesión con OpenID Connect; entra con tu correo y contraseña',
    bad_refresh: 'Token de renovación no válido o caducado',
    account_gone: 'La cuenta de este token ya no existe',
    span: '{unit, select, day {{n, plural, one {# día} other {# días}}} hour {{n, plural, one {# hora} other {# horas}}} other {{n, plural, one {# minuto} other {# minutos}}}}',
    'verify.subject': 'Confirma tu correo en Pulso',
    'verify.text':
      'Hola:\n\nPara confirmar que esta dirección es tuya, abre este enlace en {span}:\n{link}\n\nCódigo: {token}\n\nSi no has creado una cuenta en Pulso ni cambiado tu correo, ignora este mensaje.\n',
    'reset.subject': 'Restablece tu contraseña de Pulso',
    'reset.text':
      'Hola:\n\nPara elegir una contraseña nueva, abre este enlace en {span} (solo sirve una vez):\n{link}\n\nCódigo: {token}\n\nAl cambiarla se cerrarán todas tus sesiones. Si no lo has pedido tú, ignora este mensaje: tu contraseña no cambia.\n',
    'welcome.subject': '{gym} te ha dado de alta en Pulso',
    'welcome.text':
      'Hola:\n\n{gym} ha creado una cuenta de Pulso para ti con esta dirección. Para elegir tu contraseña, abre este enlace en {span}:\n{link}\n\nCódigo: {token}\n\nSi el enlace caduca, pide otro desde "¿Olvidaste tu contraseña?".\n',
    'email_taken.title': 'Correo electrónico ya registrado',
    'email_taken.detail':
      'Ya existe una cuenta con este correo electrónico{signIn, select, yes {; inicia sesión con su contraseña} other {}}',
    'user_not_found.title': 'Usuario no encontrado',
    'user_not_found.detail': 'Usuario no encontrado: ningún usuario con ese id comparte un gimnasio contigo',
    refresh_missing:
      'Obligatorio: en el cuerpo, o en la cookie de sesión si has iniciado sesión desde el navegador',
    'cross_site.title': 'Petición desde otro sitio',
    'cross_site.detail':
      'La cookie de sesión solo sirve para peticiones de la propia aplicación; vuelve a iniciar sesión desde ella',
  },
});
