import createClient from 'openapi-fetch';
import type { paths } from './schema';
import { takeFirstRead, type FirstReads } from './first-reads';
import { session, type SessionState } from './session';

/**
 * The typed API client (generated types from packages/api/openapi.json) with the browser session rules:
 * - every request carries the in-memory access token, the chosen gym (`X-Gym-ID`) and the language;
 * - a 401 on a request that carried a token triggers ONE refresh shared by every request that fails meanwhile
 *   (the refresh token rotates on each use, so two parallel refreshes would revoke the session), and each such
 *   request is retried once with the new token;
 * - a failed refresh signs out (`onSignedOut`), and the original 401 is returned.
 */

export const REFRESH_PATH = '/api/v1/auth/refresh';

export interface SessionFetchOptions {
  fetch?: (req: Request) => Promise<Response>;
  state?: { get(): Readonly<SessionState>; set(p: Partial<SessionState>): void };
  onSignedOut?: () => void;
  /** The reads index.html's inline script already sent (first-reads.ts); the page's by default. */
  firstReads?: () => FirstReads | undefined;
}

export function createSessionFetch(opts: SessionFetchOptions = {}) {
  const base = opts.fetch ?? ((req: Request) => fetch(req));
  const state = opts.state ?? session;
  const firstReads =
    opts.firstReads ?? (() => (typeof window === 'undefined' ? undefined : window.__pulsoReads));
  let refreshing: Promise<boolean> | null = null;

  const decorate = (req: Request): Request => {
    const s = state.get();
    const headers = new Headers(req.headers);
    if (s.accessToken && !headers.has('authorization'))
      headers.set('authorization', `Bearer ${s.accessToken}`);
    if (s.gymId && !headers.has('x-gym-id')) headers.set('x-gym-id', s.gymId);
    if (!headers.has('accept-language')) headers.set('accept-language', s.language);
    return new Request(req, { headers });
  };

  /** The one refresh in flight, shared; resolves whether a new access token was obtained. */
  const refresh = (): Promise<boolean> => {
    refreshing ??= (async () => {
      try {
        const res = await base(
          new Request(new URL(REFRESH_PATH, location.origin), {
            method: 'POST',
            credentials: 'same-origin',
            // An empty object: the token is in the httpOnly cookie, which only the browser can attach.
            headers: {
              'content-type': 'application/json',
              'x-pulso-session': 'cookie',
              'accept-language': state.get().language,
            },
            body: '{}',
          }),
        );
        if (!res.ok) return false;
        const body = (await res.json()) as { access_token: string };
        state.set({ accessToken: body.access_token });
        return true;
      } catch {
        return false;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  };

  const sessionFetch = async (req: Request): Promise<Response> => {
    const hadToken = Boolean(state.get().accessToken);
    // Kept for the retry: a body can be read only once.
    const spare = req.clone();
    const decorated = decorate(req);
    const early = takeFirstRead(firstReads(), decorated, performance.now());
    // A prefetched 401 (or a failed prefetch) is asked again the ordinary way, refresh included.
    const got = early ? await early : null;
    const res = got && got.status !== 401 ? got : await base(decorated);
    if (res.status !== 401 || !hadToken || new URL(req.url).pathname.startsWith('/api/v1/auth/')) return res;
    if (!(await refresh())) {
      state.set({ accessToken: null });
      opts.onSignedOut?.();
      return res;
    }
    return base(decorate(spare));
  };

  return { fetch: sessionFetch, refresh };
}

let signedOutHandler: () => void = () => {};
export const onSignedOut = (fn: () => void) => void (signedOutHandler = fn);

export const sessionFetch = createSessionFetch({ onSignedOut: () => signedOutHandler() });

export const api = createClient<paths>({
  baseUrl: typeof location === 'undefined' ? '' : location.origin,
  fetch: sessionFetch.fetch,
});
