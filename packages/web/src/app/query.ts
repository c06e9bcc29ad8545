import { notifyManager, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/problem';
import { session } from '../api/session';

// Query results reach the components in a microtask rather than TanStack Query's default `setTimeout(0)`: a
// first page's reads usually arrived with (or before) its JavaScript (index.html's first reads), and a timer
// hop let the browser lay out and paint the page without them first, then render, lay out and paint it again
// with its content (ARCHITECTURE.md, "Web app: first load"). Updates made in one tick are still batched.
notifyManager.setScheduler(queueMicrotask);

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
