import { defineReasons, reason } from '../../platform/errors.js';
import { runningMessages } from './messages.js';

/** The running module's domain refusals: each its own problem type, its texts in messages.ts. */
export const { refuse } = defineReasons(runningMessages, {
  activity_imported: reason<{ startedAt: Date }>({
    status: 409,
    args: (p) => p,
    example: { startedAt: new Date(Date.UTC(2026, 4, 10, 7, 5)) },
  }),
});
