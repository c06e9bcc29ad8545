import { defineReasons, reason } from '../../platform/errors.js';
import { trainingMessages } from './messages.js';

/** The training module's domain refusals: each its own problem type, its texts in messages.ts. */
export const { refuse } = defineReasons(trainingMessages, {
  plan_exists: reason({ status: 409, example: {} }),
  max_hr_needed: reason({ status: 422, example: {} }),
});
