import { defineReasons, reason } from '../../platform/errors.js';
import { bodyMessages } from './messages.js';

/** The body module's domain refusals: each its own problem type, its texts in messages.ts. */
export const { refuse } = defineReasons(bodyMessages, {
  body_entry_exists: reason<{ metric: string; date: string }>({
    status: 409,
    args: (p) => p,
    example: { metric: 'weight', date: '2026-05-10' },
  }),
  body_energy_inputs: reason<{ missing: string[] }>({
    status: 422,
    args: (p) => p,
    example: { missing: ['weight', 'height_cm', 'birth_date'] },
  }),
});
