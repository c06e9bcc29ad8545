import { defineReasons, reason } from '../../platform/errors.js';
import { accountsMessages } from './messages.js';

/** The accounts module's domain refusals: each its own problem type, its texts in messages.ts. */
export const { refuse } = defineReasons(accountsMessages, {
  email_taken: reason<{ signIn?: boolean }>({
    status: 409,
    args: (p) => ({ signIn: p.signIn ? 'yes' : 'no' }),
    example: { signIn: true },
  }),
  user_not_found: reason({ status: 404, example: {} }),
  cross_site: reason({ status: 403, example: {} }),
});
