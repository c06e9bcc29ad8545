/**
 * The web client's session rules (src/api/client.ts): one shared refresh on 401, each failed request retried
 * once with the new token, sign-out when the refresh fails. The fetch below is a fake of the server.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSessionFetch, REFRESH_PATH } from '../src/api/client';
import type { SessionState } from '../src/api/session';

beforeAll(() => {
  // The client builds the refresh URL from the page's origin.
  (globalThis as { location?: unknown }).location = { origin: 'http://app.test' };
});

function fakeServer(opts: { refreshOk?: boolean; validToken?: string } = {}) {
  const log: { path: string; auth: string | null; body?: string; gym: string | null }[] = [];
  let refreshes = 0;
  const fetch = async (req: Request): Promise<Response> => {
    const path = new URL(req.url).pathname;
    log.push({
      path,
      auth: req.headers.get('authorization'),
      gym: req.headers.get('x-gym-id'),
      body: req.method === 'POST' ? await req.text() : undefined,
    });
    if (path === REFRESH_PATH) {
      refreshes++;
      // Slow enough that parallel 401s all wait for this one.
      await new Promise((r) => setTimeout(r, 20));
      return opts.refreshOk === false
        ? new Response('{}', { status: 401 })
        : Response.json({ access_token: `fresh-${refreshes}` });
    }
    return req.headers.get('authorization') === `Bearer ${opts.validToken ?? 'fresh-1'}`
      ? Response.json({ ok: true })
      : new Response('{}', { status: 401 });
  };
  return { fetch, log, refreshes: () => refreshes };
}

function memoryState(initial: Partial<SessionState>) {
  const s: SessionState = { accessToken: null, gymId: null, language: 'en', ...initial };
  return { get: () => s, set: (p: Partial<SessionState>) => Object.assign(s, p) };
}

describe('session fetch', () => {
  it('sends the token, the gym and the language', async () => {
    const server = fakeServer({ validToken: 'good' });
    const state = memoryState({ accessToken: 'good', gymId: '7', language: 'es' });
    const f = createSessionFetch({ fetch: server.fetch, state });
    const res = await f.fetch(new Request('http://app.test/api/v1/workouts'));
    expect(res.status).toBe(200);
    expect(server.log[0]).toMatchObject({ auth: 'Bearer good', gym: '7' });
  });

  it('refreshes once for several requests failing together, and retries each once with the new token', async () => {
    const server = fakeServer();
    const state = memoryState({ accessToken: 'expired' });
    const f = createSessionFetch({ fetch: server.fetch, state });
    const results = await Promise.all(
      [1, 2, 3].map((i) =>
        f.fetch(
          new Request(`http://app.test/api/v1/x/${i}`, { method: 'POST', body: JSON.stringify({ n: i }) }),
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(server.refreshes()).toBe(1);
    expect(state.get().accessToken).toBe('fresh-1');
    // The retried POSTs carried their original bodies.
    const retried = server.log.filter((l) => l.auth === 'Bearer fresh-1');
    expect(retried.map((l) => l.body).sort()).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
  });

  it('retries only once: a second 401 is returned as is', async () => {
    const server = fakeServer({ validToken: 'never' });
    const f = createSessionFetch({ fetch: server.fetch, state: memoryState({ accessToken: 'expired' }) });
    const res = await f.fetch(new Request('http://app.test/api/v1/x'));
    expect(res.status).toBe(401);
    expect(server.log.filter((l) => l.path === '/api/v1/x')).toHaveLength(2);
  });

  it('signs out when the refresh fails', async () => {
    const server = fakeServer({ refreshOk: false });
    const state = memoryState({ accessToken: 'expired' });
    let signedOut = 0;
    const f = createSessionFetch({ fetch: server.fetch, state, onSignedOut: () => signedOut++ });
    const res = await f.fetch(new Request('http://app.test/api/v1/x'));
    expect(res.status).toBe(401);
    expect(signedOut).toBe(1);
    expect(state.get().accessToken).toBeNull();
  });

  it('does not refresh for a request made without a session, nor for the auth routes themselves', async () => {
    const server = fakeServer();
    const anon = createSessionFetch({ fetch: server.fetch, state: memoryState({}) });
    expect((await anon.fetch(new Request('http://app.test/api/v1/x'))).status).toBe(401);
    const signed = createSessionFetch({
      fetch: server.fetch,
      state: memoryState({ accessToken: 'expired' }),
    });
    const login = await signed.fetch(new Request('http://app.test/api/v1/auth/login', { method: 'POST' }));
    expect(login.status).toBe(401);
    expect(server.refreshes()).toBe(0);
  });

  it('asks for the cookie mode on refresh, with no token in the body', async () => {
    const server = fakeServer();
    const f = createSessionFetch({ fetch: server.fetch, state: memoryState({}) });
    expect(await f.refresh()).toBe(true);
    const r = server.log.find((l) => l.path === REFRESH_PATH)!;
    expect(JSON.parse(r.body!)).toEqual({});
  });
});
