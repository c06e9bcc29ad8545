import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonBytesSender } from '../../src/platform/http.js';

/** The sender of cached JSON bodies (platform/http.ts): plain bytes, or gzip once for a large body. */
const app = Fastify();
let serialised = 0;
const send = jsonBytesSender<{ rows: number[] }>((v) => {
  serialised++;
  return JSON.stringify(v);
});
const small = { rows: [1, 2, 3] };
const large = { rows: Array.from({ length: 5_000 }, (_, i) => i % 7) };

beforeAll(async () => {
  app.get('/small', (_req, reply) => send(reply, small));
  // As CORS does: a Vary already set before the body is sent.
  app.get('/large', (_req, reply) => send(reply.header('vary', 'Origin'), large));
  await app.ready();
});
afterAll(() => app.close());

const get = (url: string, acceptEncoding?: string) =>
  app.inject({ url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

describe('jsonBytesSender', () => {
  it('a large body goes gzipped to a client that accepts gzip, Vary keeping what was there', async () => {
    const plain = await get('/large');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json()).toEqual(large);
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(plain.headers.vary).toBe('Origin, Accept-Encoding');
    for (const accept of ['gzip', 'deflate, gzip;q=0.8', 'x-gzip', '*']) {
      const zipped = await get('/large', accept);
      expect(zipped.headers['content-encoding'], accept).toBe('gzip');
      expect(zipped.headers.vary).toBe('Origin, Accept-Encoding');
      expect(gunzipSync(zipped.rawPayload).equals(plain.rawPayload)).toBe(true);
    }
    for (const accept of ['gzip;q=0', 'br', 'identity', '*;q=0'])
      expect((await get('/large', accept)).headers['content-encoding'], accept).toBeUndefined();
    // Serialised once for the value, however it was sent.
    expect(serialised).toBe(1);
  });

  it('a small body is always plain, without a Vary of its own', async () => {
    const res = await get('/small', 'gzip');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toBeUndefined();
    expect(res.json()).toEqual(small);
  });
});
