import { defineReasons, reason } from '../../platform/errors.js';
import { gymsMessages } from './messages.js';

/** The gyms module's domain refusals: each its own problem type, its texts in messages.ts. */
export const { refuse } = defineReasons(gymsMessages, {
  email_unverified: reason({ status: 403, example: {} }),
  owner_only: reason<{ act: 'change' | 'grant' }>({
    status: 403,
    args: (p) => p,
    example: { act: 'change' },
  }),
  last_owner: reason<{ gyms?: { id: number; name: string }[] }>({
    status: 409,
    args: (p) => ({
      count: p.gyms?.length ?? 0,
      gyms: (p.gyms ?? []).map((g) => `"${g.name}" (id ${g.id})`),
    }),
    example: { gyms: [{ id: 7, name: 'Centro' }] },
  }),
  invitation_expired: reason({ status: 409, example: {} }),
});
