import { ApiError } from '../api/problem';

/** A problem's invalid fields by body field name (`body.` dropped), for forms kept in plain state. */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError)) return out;
  for (const e of err.problem.errors ?? []) out[e.field.replace(/^body\./, '')] ??= e.message;
  return out;
}
