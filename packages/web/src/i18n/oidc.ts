import i18n from 'i18next';

/** The namespace; pages import it (not the bare module) so the texts load with the page's own chunk. */
export const OIDC = 'oidc';

/** Texts of the OpenID Connect sign-in (button and the page the provider sends back to). */
const en = {
  or: 'or',
  button: 'Sign in with {{provider}}',
  finishing: 'Finishing your sign-in…',
  failed_provider: 'The sign-in provider did not sign you in ({{error}}). Try again.',
  failed_state:
    'This sign-in was not started from this browser tab, or it already finished. Start again from the sign-in page.',
  back: 'Back to sign in',
};
const es: typeof en = {
  or: 'o',
  button: 'Entrar con {{provider}}',
  finishing: 'Terminando de iniciar sesión…',
  failed_provider: 'El proveedor de inicio de sesión no te ha dejado entrar ({{error}}). Inténtalo de nuevo.',
  failed_state:
    'Este inicio de sesión no empezó en esta pestaña o ya terminó. Empieza de nuevo desde la página de inicio de sesión.',
  back: 'Volver a iniciar sesión',
};
i18n.addResourceBundle('en', 'oidc', en);
i18n.addResourceBundle('es', 'oidc', es);
