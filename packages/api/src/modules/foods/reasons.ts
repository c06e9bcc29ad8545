import { defineReasons, reason } from '../../platform/errors.js';
import { foodsMessages } from './messages.js';

/** The foods module's domain refusals: each its own problem type, its texts in messages.ts. */
export const { refuse } = defineReasons(foodsMessages, {
  food_read_only: reason<{ id: number }>({ status: 403, args: (p) => p, example: { id: 12 } }),
  food_barcode_taken: reason<{ barcode: string }>({
    status: 409,
    args: (p) => p,
    example: { barcode: '8410000000009' },
  }),
  food_energy_implausible: reason<{ kcal: number; expected: number }>({
    status: 422,
    args: (p) => p,
    example: { kcal: 500, expected: 120 },
  }),
  food_ref_unknown: reason<{ field: string; id: number; kind: 'food' | 'recipe' }>({
    status: 422,
    args: (p) => p,
    example: { field: 'ingredients[0].food_id', id: 999, kind: 'food' },
  }),
});
