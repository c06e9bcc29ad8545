import { defineReasons, reason } from '../../platform/errors.js';
import { scheduleMessages } from './messages.js';

/** The schedule module's domain refusals: each its own problem type, its texts in messages.ts. */
export const { refuse } = defineReasons(scheduleMessages, {
  category_name_taken: reason({ status: 409, example: {} }),
});
