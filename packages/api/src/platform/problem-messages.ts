import { defineMessages } from './catalogue.js';

/**
 * Titles and details of the platform's own refusal reasons (`reasons.ts`), as `<reason>.title` and
 * `<reason>.detail`; a module's reasons have theirs in its own catalogue.
 */
export const problemMessages = defineMessages('problems', {
  en: {
    'self_only.title': 'Members act only for themselves',
    'self_only.detail':
      '{act, select, see_membership {Members can only see their own membership} book {Members can only book for themselves} other {Members can only register themselves}}',
  },
  es: {
    'self_only.title': 'Los socios solo actúan por sí mismos',
    'self_only.detail':
      '{act, select, see_membership {Un socio solo puede ver su propia membresía} book {Un socio solo puede reservar para sí mismo} other {Un socio solo puede inscribirse a sí mismo}}',
  },
});
