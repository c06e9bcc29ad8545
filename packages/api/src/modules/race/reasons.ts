import { defineReasons, reason } from '../../platform/errors.js';
import { raceMessages } from './messages.js';

/** The race module's domain refusals: each its own problem type, its texts in messages.ts. */
export const { refuse } = defineReasons(raceMessages, {
  reference_needed: reason({ status: 422, example: {} }),
});
