import { defineReasons, reason } from '../../platform/errors.js';
import { segmentsMessages } from './messages.js';

/** The segments module's domain refusals: each its own problem type, its texts in messages.ts. */
export const { refuse } = defineReasons(segmentsMessages, {
  segment_owner_only: reason({ status: 403, example: {} }),
  segment_gym_not_member: reason({ status: 422, example: {} }),
  segment_geometry_invalid: reason<{ why: 'too_few_points' | 'crosses_itself' | 'doubles_back' }>({
    status: 422,
    args: (p) => p,
    example: { why: 'crosses_itself' },
  }),
  segment_start_mismatch: reason<{ metres: number }>({
    status: 422,
    args: (p) => p,
    example: { metres: 120 },
  }),
});
