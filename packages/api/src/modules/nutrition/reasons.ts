import { defineReasons, reason } from '../../platform/errors.js';
import { nutritionMessages } from './messages.js';

/** The nutrition module's refusals: each its own problem type, its texts in messages.ts. */
export const { refuse } = defineReasons(nutritionMessages, {
  screening_required: reason({ status: 403, example: {} }),
  screening_blocked: reason<{ level: string }>({ status: 403, args: (p) => p, example: { level: 'HIGH' } }),
  guardian_consent_required: reason({ status: 403, example: {} }),
  already_following: reason<{ plan_id: number }>({ status: 409, args: (p) => p, example: { plan_id: 7 } }),
  plan_archived: reason<{ plan_id: number }>({ status: 409, args: (p) => p, example: { plan_id: 7 } }),
  not_following: reason<{ plan_id: number }>({ status: 403, args: (p) => p, example: { plan_id: 7 } }),
});
