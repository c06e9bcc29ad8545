import { z } from 'zod';

/** Every id in the API is a positive 32-bit integer (the gym seed's `X-Gym-ID` is one). */
export const Id = z.coerce.number().int().positive().max(2_147_483_647);

export const IdParams = z.object({ id: Id });

/** Design §4: `skip`/`limit`, default 20, at most 100. */
export const Pagination = z.object({
  skip: z.coerce.number().int().min(0).max(10_000_000).default(0).describe('Rows to skip'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Rows to return (1–100)'),
});
export type Pagination = z.infer<typeof Pagination>;

export const Timestamp = z.string().describe('ISO 8601 date-time, UTC');

export const Email = z.email().max(254);

export const ROLES = ['owner', 'admin', 'trainer', 'physio', 'member'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** RFC 9457 problem details. `errors` names every invalid field on a 422. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const NoContent = z.null().describe('No content');
