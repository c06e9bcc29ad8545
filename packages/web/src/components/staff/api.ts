import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ApiError, type Problem } from '../../api/problem';
import { session } from '../../api/session';
import { qk } from '../../app/query';
import { totalOf } from '../../lib/staff';

/** The client adds the chosen gym to every request; the generated types want it stated on gym routes. */
export const gymHeader = () => ({ 'x-gym-id': session.get().gymId ?? '' });

/** A paginated answer: its rows and the X-Total-Count the pager needs, or an ApiError with the problem. */
export async function unwrapPage<T>(
  p: Promise<{ data?: T[]; error?: unknown; response: Response }>,
  skip: number,
): Promise<{ rows: T[]; total: number }> {
  const { data, error, response } = await p;
  if (!response.ok) {
    const problem: Problem =
      error && typeof error === 'object' ? error : { status: response.status, title: response.statusText };
    throw new ApiError(response.status, problem);
  }
  const rows = data ?? [];
  return { rows, total: totalOf(response.headers, rows.length, skip) };
}

export const INSTRUCTOR_ROLES = ['owner', 'admin', 'trainer'] as const;

/**
 * The gym's people by id (first 100, the API's largest page), for names in rosters, registrations and the audit
 * log and for choosing an instructor. A gym with more people still shows the others by their id.
 */
export function useGymPeople() {
  return useQuery({
    queryKey: qk('members', 'all'),
    queryFn: async () => {
      const { rows } = await unwrapPage(
        api.GET('/api/v1/members', { params: { query: { limit: 100 }, header: gymHeader() } }),
        0,
      );
      return rows;
    },
    staleTime: 60_000,
  });
}
