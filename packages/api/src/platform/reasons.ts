import { defineReasons, reason } from './errors.js';
import { problemMessages } from './problem-messages.js';

/**
 * Refusal reasons shared by several modules (a member acting for someone else). Reasons of one module live in
 * that module's `reasons.ts`.
 */
export const { refuse } = defineReasons(problemMessages, {
  self_only: reason<{ act: 'see_membership' | 'book' | 'register' }>({
    status: 403,
    args: (p) => p,
    example: { act: 'book' },
  }),
});
