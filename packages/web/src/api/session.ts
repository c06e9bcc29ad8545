/**
 * Who is signed in, as far as requests are concerned: the access token (in memory only — never in any storage a
 * script could read; the refresh token is in an httpOnly cookie), the chosen gym and the language. Kept outside
 * React so the fetch wrapper can read it synchronously.
 */
export interface SessionState {
  accessToken: string | null;
  gymId: string | null;
  language: string;
}

const state: SessionState = { accessToken: null, gymId: null, language: 'en' };
const listeners = new Set<() => void>();

export const session = {
  get: (): Readonly<SessionState> => state,
  set: (patch: Partial<SessionState>) => {
    Object.assign(state, patch);
    for (const l of listeners) l();
  },
  subscribe: (l: () => void) => {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
};
