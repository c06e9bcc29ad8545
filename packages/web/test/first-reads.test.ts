/**
 * The first page's reads sent by index.html's inline script and taken over by the session fetch
 * (src/api/first-reads.ts, src/api/client.ts). The fetch below is a fake of the server.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSessionFetch } from '../src/api/client';
import { FIRST_READS_MAX_AGE_MS, readKey, takeFirstRead, type FirstReads } from '../src/api/first-reads';
import type { SessionState } from '../src/api/session';

beforeAll(() => {
  (globalThis as { location?: unknown }).location = { origin: 'http://app.test' };
});

const reads = (over: Partial<FirstReads> = {}): FirstReads => ({
  auth: 'Bearer t1',
  gym: '7',
  lang: 'en',
  at: 0,
  res: {
    '/api/v1/overtraining/history?weeks=16': Promise.resolve(new Response('{"early":1}')),
    '/api/v1/segments?skip=0&limit=20': Promise.resolve(
      new Response('[]', { headers: { 'x-total-count': '3' } }),
    ),
  },
  ...over,
});

const req = (url: string, headers: Record<string, string> = {}) =>
  new Request(`http://app.test${url}`, {
    headers: { authorization: 'Bearer t1', 'x-gym-id': '7', 'accept-language': 'en', ...headers },
  });

describe('readKey', () => {
  it('ignores the origin and the order of the query parameters', () => {
    expect(readKey('http://app.test/api/v1/segments?limit=20&skip=0')).toBe(
      readKey('/api/v1/segments?skip=0&limit=20'),
    );
    expect(readKey('/api/v1/segments?skip=20&limit=20')).not.toBe(
      readKey('/api/v1/segments?skip=0&limit=20'),
    );
  });
});

describe('takeFirstRead', () => {
  it('hands over the response of the same URL once', async () => {
    const r = reads();
    const got = takeFirstRead(r, req('/api/v1/segments?limit=20&skip=0'), 10);
    expect(got).not.toBeNull();
    expect((await got!)!.headers.get('x-total-count')).toBe('3');
    expect(takeFirstRead(r, req('/api/v1/segments?limit=20&skip=0'), 10)).toBeNull();
  });

  it('answers a parsed read with a response whose body needs no task to read', async () => {
    const r = reads({
      res: {
        '/api/v1/rehab/my-program': Promise.resolve({
          status: 200,
          headers: new Headers({ 'content-type': 'application/json' }),
          json: { due: ['knee'] },
        }),
      },
    });
    const got = (await takeFirstRead(r, req('/api/v1/rehab/my-program'), 10))!;
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/json');
    // The body is there before any task (a timer) runs: only microtasks between.
    const order: string[] = [];
    const timer = new Promise<void>((ok) => setTimeout(() => ok(void order.push('task')), 0));
    await Promise.all([got.json().then((j) => order.push(JSON.stringify(j))), timer]);
    expect(order).toEqual(['{"due":["knee"]}', 'task']);
  });

  it('never for another token, gym, language, method or URL, nor once too old', () => {
    const url = '/api/v1/overtraining/history?weeks=16';
    expect(takeFirstRead(reads(), req(url, { authorization: 'Bearer t2' }), 10)).toBeNull();
    expect(takeFirstRead(reads(), req(url, { 'x-gym-id': '8' }), 10)).toBeNull();
    expect(takeFirstRead(reads(), req(url, { 'accept-language': 'es' }), 10)).toBeNull();
    expect(takeFirstRead(reads(), req('/api/v1/overtraining/history?weeks=8'), 10)).toBeNull();
    expect(takeFirstRead(reads(), req(url), FIRST_READS_MAX_AGE_MS + 1)).toBeNull();
    expect(
      takeFirstRead(reads(), new Request(`http://app.test${url}`, { method: 'POST', body: '{}' }), 10),
    ).toBeNull();
    expect(takeFirstRead(undefined, req(url), 10)).toBeNull();
  });
});

describe('session fetch with first reads', () => {
  function setup(first: FirstReads) {
    const sent: string[] = [];
    let state: SessionState = { accessToken: 't1', gymId: '7', language: 'en' };
    const sf = createSessionFetch({
      fetch: async (r) => {
        sent.push(new URL(r.url).pathname + new URL(r.url).search);
        return new Response('{"late":1}', { status: r.url.includes('refresh') ? 401 : 200 });
      },
      state: { get: () => state, set: (p) => void (state = { ...state, ...p }) },
      firstReads: () => first,
    });
    return { sent, sf };
  }

  it('answers a page read from the prefetch without sending it, and sends the others', async () => {
    const { sent, sf } = setup(reads({ at: performance.now() }));
    const a = await sf.fetch(new Request('http://app.test/api/v1/overtraining/history?weeks=16'));
    expect(await a.json()).toEqual({ early: 1 });
    const b = await sf.fetch(new Request('http://app.test/api/v1/overtraining/history?weeks=16'));
    expect(await b.json()).toEqual({ late: 1 });
    expect(sent).toEqual(['/api/v1/overtraining/history?weeks=16']);
  });

  it('asks the network again when the prefetch failed or was refused with 401', async () => {
    const { sent, sf } = setup(
      reads({
        at: performance.now(),
        res: {
          '/api/v1/hrv/readiness': Promise.resolve(null),
          '/api/v1/hrv/baseline': Promise.resolve(new Response('{}', { status: 401 })),
        },
      }),
    );
    expect((await sf.fetch(new Request('http://app.test/api/v1/hrv/readiness'))).status).toBe(200);
    expect((await sf.fetch(new Request('http://app.test/api/v1/hrv/baseline'))).status).toBe(200);
    expect(sent).toEqual(['/api/v1/hrv/readiness', '/api/v1/hrv/baseline']);
  });
});

describe("index.html's first reads", () => {
  it('asks only GET routes the API has', () => {
    const html = readFileSync(new URL('../index.html', import.meta.url), 'utf8');
    const spec = JSON.parse(readFileSync(new URL('../../api/openapi.json', import.meta.url), 'utf8')) as {
      paths: Record<string, { get?: unknown }>;
    };
    const urls = [...html.matchAll(/'(\/api\/v1\/[^'?]+)/g)].map((m) => m[1]!);
    const reads = urls.filter((u) => !u.startsWith('/api/v1/auth/') && u !== '/api/v1/users/me');
    expect(reads.length).toBeGreaterThanOrEqual(8);
    for (const u of reads) expect(spec.paths[u]?.get, u).toBeDefined();
  });
});
