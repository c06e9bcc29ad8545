import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/problem';
import { session } from '../api/session';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A refusal (4xx) will not change by asking again.
      retry: (n, err) => !(err instanceof ApiError && err.status < 500) && n < 2,
    },
  },
});

/**
 * A query key: always the current gym first, so data of one gym is never shown under another (the gym switch
 * also clears the cache), then the resource and its parameters.
 */
export const qk = (...parts: unknown[]) => ['gym', session.get().gymId ?? '-', ...parts] as const;
