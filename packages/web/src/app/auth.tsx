import { useQuery } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { api, onSignedOut, sessionFetch } from '../api/client';
import { dropFirstReads } from '../api/first-reads';
import { unwrap } from '../api/problem';
import { session } from '../api/session';

import { LANGS, setLanguage, type Lang } from '../i18n';
import { qk, queryClient } from './query';

export type Me = Awaited<ReturnType<typeof fetchMe>>;
type Role = 'owner' | 'admin' | 'trainer' | 'physio' | 'member';

const COOKIE_MODE = { 'x-pulso-session': 'cookie' } as const;
const GYM_KEY = 'pulso.gym';

async function fetchMe() {
  return unwrap(api.GET('/api/v1/users/me'));
}

interface Auth {
  /** null while the saved session is being resumed on load. */
  ready: boolean;
  signedIn: boolean;
  me: Awaited<ReturnType<typeof fetchMe>> | undefined;
  gymId: string | null;
  role: Role | null;
  signIn: (email: string, password: string) => Promise<void>;
  /** Finishes a sign-in whose session the API already opened (the OpenID Connect callback). */
  signInWithToken: (accessToken: string) => Promise<void>;
  register: (name: string, email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  switchGym: (id: string | null) => void;
  changeLanguage: (lang: Lang) => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

/** What index.html's inline script resumed while the code loaded: null when there was no session to resume. */
interface Boot {
  accessToken: string;
  me: Me | null;
}
declare global {
  interface Window {
    __pulsoBoot?: Promise<Boot | null>;
  }
}

let resuming: Promise<boolean> | null = null;

/**
 * Resumes the session once per page load. index.html already sent the refresh (and fetched the profile) while
 * the code downloaded; that answer is taken over, and a second refresh is never sent: the refresh token rotates
 * on use, so it would only spend the new one. Without the inline script (tests, a dev server page opened
 * before it existed) the app refreshes itself, as it did before.
 */
function resumeSession(): Promise<boolean> {
  resuming ??= (async () => {
    const boot = typeof window === 'undefined' ? undefined : window.__pulsoBoot;
    if (!boot) return sessionFetch.refresh();
    delete window.__pulsoBoot;
    const got = await boot.catch(() => null);
    if (!got) return false;
    // The profile first: the token's arrival re-renders with the `['me', true]` query, which must find it.
    if (got.me) queryClient.setQueryData(['me', true], got.me);
    session.set({ accessToken: got.accessToken });
    return true;
  })();
  return resuming;
}

export function useAuth(): Auth {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside AuthProvider');
  return a;
}

const useSession = () => useSyncExternalStore(session.subscribe, session.get);

export function AuthProvider({ children }: { children: ReactNode }) {
  const s = useSession();
  const [ready, setReady] = useState(false);
  const signedIn = Boolean(s.accessToken);

  const me = useQuery({ queryKey: ['me', signedIn], queryFn: fetchMe, enabled: signedIn, staleTime: 60_000 });

  const afterSignIn = useCallback(async () => {
    const profile = await queryClient.fetchQuery({ queryKey: ['me', true], queryFn: fetchMe });
    if (profile.language && (LANGS as readonly string[]).includes(profile.language))
      setLanguage(profile.language);
    const saved = localStorage.getItem(GYM_KEY);
    const gym = profile.gyms.find((g) => String(g.id) === saved) ?? profile.gyms[0];
    session.set({ gymId: gym ? String(gym.id) : null });
  }, []);

  // Resume the session from the httpOnly cookie: one refresh on load.
  useEffect(() => {
    let live = true;
    void (async () => {
      if (await resumeSession()) await afterSignIn().catch(() => session.set({ accessToken: null }));
      if (live) setReady(true);
    })();
    return () => void (live = false);
  }, [afterSignIn]);

  useEffect(
    () =>
      onSignedOut(() => {
        dropFirstReads();
        queryClient.clear();
      }),
    [],
  );

  const signIn = useCallback(
    async (email: string, password: string) => {
      const pair = await unwrap(
        api.POST('/api/v1/auth/login', { body: { email, password }, headers: COOKIE_MODE }),
      );
      session.set({ accessToken: pair.access_token });
      await afterSignIn();
    },
    [afterSignIn],
  );

  const signInWithToken = useCallback(
    async (accessToken: string) => {
      session.set({ accessToken });
      await afterSignIn();
    },
    [afterSignIn],
  );

  const register = useCallback(
    async (name: string, email: string, password: string) => {
      const pair = await unwrap(
        api.POST('/api/v1/auth/register', { body: { name, email, password }, headers: COOKIE_MODE }),
      );
      session.set({ accessToken: pair.access_token });
      // A new account keeps the language it was created in.
      await unwrap(api.PATCH('/api/v1/users/me', { body: { language: session.get().language as Lang } }));
      await afterSignIn();
    },
    [afterSignIn],
  );

  const signOut = useCallback(async () => {
    await api.POST('/api/v1/auth/logout', { body: {} }).catch(() => undefined);
    session.set({ accessToken: null, gymId: null });
    dropFirstReads();
    queryClient.clear();
  }, []);

  const switchGym = useCallback((id: string | null) => {
    if (id) localStorage.setItem(GYM_KEY, id);
    session.set({ gymId: id });
    // Nothing of the previous gym may be shown under the new one.
    dropFirstReads();
    queryClient.clear();
  }, []);

  const changeLanguage = useCallback(
    async (lang: Lang) => {
      setLanguage(lang);
      if (signedIn) {
        await unwrap(api.PATCH('/api/v1/users/me', { body: { language: lang } }));
        queryClient.clear();
      }
    },
    [signedIn],
  );

  const role = me.data?.gyms.find((g) => String(g.id) === s.gymId)?.role ?? null;
  const value = useMemo<Auth>(
    () => ({
      ready,
      signedIn,
      me: me.data,
      gymId: s.gymId,
      role,
      signIn,
      signInWithToken,
      register,
      signOut,
      switchGym,
      changeLanguage,
    }),
    [
      ready,
      signedIn,
      me.data,
      s.gymId,
      role,
      signIn,
      signInWithToken,
      register,
      signOut,
      switchGym,
      changeLanguage,
    ],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export { qk };
