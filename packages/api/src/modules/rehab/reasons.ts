import { defineReasons, reason } from '../../platform/errors.js';
import { rehabMessages } from './messages.js';

/** The rehabilitation module's domain refusals: each its own problem type, its texts in messages.ts. */
export const { refuse } = defineReasons(rehabMessages, {
  rehab_patient_exists: reason<{ id: number }>({ status: 409, args: (p) => p, example: { id: 42 } }),
  rehab_base_exercise: reason({ status: 403, example: {} }),
  rehab_program_ended: reason({ status: 409, example: {} }),
});
