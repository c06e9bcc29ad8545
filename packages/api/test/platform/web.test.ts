/**
 * The web app served by the API server (platform/web.ts): precompressed files, cache headers, the SPA fallback
 * and its limits, the app's security headers, and a server whose web build is missing.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, expectProblem, type TestApp } from '../harness.js';

const dir = mkdtempSync(path.join(tmpdir(), 'pulso-web-'));
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-Ab12.js"></script></head></html>';
const APP_JS = 'console.log("pulso");'.repeat(50);

function write(rel: string, body: string, compress = false) {
  const f = path.join(dir, rel);
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(f, body);
  if (compress) {
    writeFileSync(f + '.br', brotliCompressSync(body));
    writeFileSync(f + '.gz', gzipSync(body));
  }
}
write('index.html', INDEX, true);
write('assets/app-Ab12.js', APP_JS, true);
write('sw.js', 'self.addEventListener("fetch", () => {});');
write('manifest.webmanifest', '{"name":"Pulso"}');

let t: TestApp;
let bare: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { WEB_DIR: dir } });
  bare = await createTestApp({ env: { WEB_DIR: path.join(dir, 'nothing-here') } });
});
afterAll(async () => {
  await t.close();
  await bare.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('web app files', () => {
  it('answers / with index.html, never cached, brotli when accepted', async () => {
    const res = await call(t.app, 'GET', '/', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toContain('accept-encoding');
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(INDEX);
  });

  it('caches hashed assets for a year as immutable, gzip when brotli is not accepted', async () => {
    const res = await call(t.app, 'GET', '/assets/app-Ab12.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.rawPayload).toString()).toBe(APP_JS);
  });

  it('sends the plain file without Accept-Encoding, or when br and gzip are refused', async () => {
    for (const headers of [{}, { 'accept-encoding': 'br;q=0, gzip;q=0' }] as Record<string, string>[]) {
      const res = await call(t.app, 'GET', '/assets/app-Ab12.js', { headers });
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body).toBe(APP_JS);
    }
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await call(t.app, 'GET', '/assets/app-Ab12.js');
    const again = await call(t.app, 'GET', '/assets/app-Ab12.js', {
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('keeps the service worker and manifest uncached, so an update is seen', async () => {
    const sw = await call(t.app, 'GET', '/sw.js');
    expect(sw.headers['cache-control']).toBe('no-cache');
    const m = await call(t.app, 'GET', '/manifest.webmanifest');
    expect(m.headers['content-type']).toBe('application/manifest+json; charset=utf-8');
  });

  it('answers HEAD like GET without a body', async () => {
    const res = await call(t.app, 'HEAD', '/workouts');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toBe('');
  });
});

describe('SPA fallback', () => {
  it('answers index.html for an app path without an extension', async () => {
    for (const p of ['/workouts', '/workouts/42', '/plan?week=2']) {
      const res = await call(t.app, 'GET', p);
      expect(res.statusCode, p).toBe(200);
      expect(res.body, p).toBe(INDEX);
    }
  });

  it('keeps the real 404 problem for API paths, files and other methods', async () => {
    for (const p of [
      '/api/v1/nope',
      '/api',
      '/health/nope',
      '/metrics/x',
      '/docs/nope',
      '/assets/gone-1234.js',
    ]) {
      const res = await call(t.app, 'GET', p);
      expectProblem(res, 404);
    }
    expectProblem(await call(t.app, 'POST', '/workouts', { body: {} }), 404);
    expectProblem(await call(t.app, 'DELETE', '/'), 404);
  });

  it('still answers the API and its documents', async () => {
    expect((await call(t.app, 'GET', '/health')).statusCode).toBe(200);
    expect((await call(t.app, 'GET', '/openapi.json')).headers['content-type']).toContain('application/json');
  });
});

describe('security headers of the app', () => {
  it('sends helmet’s set with a policy that allows only the app’s own origin', async () => {
    const res = await call(t.app, 'GET', '/workouts');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    // Nothing but the origin itself: no scheme sources, no inline, no other hosts.
    expect(csp).not.toMatch(/https:|data:|'unsafe-inline'|'unsafe-eval'|\*/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
  });
});

describe('inline scripts of index.html', () => {
  const inline = 'window.__boot = 1;';
  const withInline = mkdtempSync(path.join(tmpdir(), 'pulso-web-inline-'));
  let app: TestApp;
  beforeAll(async () => {
    writeFileSync(
      path.join(withInline, 'index.html'),
      `<!doctype html><html><head><script>${inline}</script>` +
        '<script type="module" src="/assets/app-Ab12.js"></script></head></html>',
    );
    app = await createTestApp({ env: { WEB_DIR: withInline } });
  });
  afterAll(async () => {
    await app.close();
    rmSync(withInline, { recursive: true, force: true });
  });

  it('are allowed by their own SHA-256 on the page, never by unsafe-inline', async () => {
    const hash = `'sha256-${createHash('sha256').update(inline).digest('base64')}'`;
    for (const url of ['/', '/timetable']) {
      const csp = String((await call(app.app, 'GET', url)).headers['content-security-policy']);
      expect(csp, url).toContain(`script-src 'self' ${hash}`);
      expect(csp, url).not.toContain('unsafe-inline');
    }
  });

  it('are not allowed when the page has none', async () => {
    const csp = String((await call(t.app, 'GET', '/')).headers['content-security-policy']);
    expect(csp).not.toContain('sha256-');
  });
});

describe('preload of the entry files (Link header)', () => {
  const withManifest = mkdtempSync(path.join(tmpdir(), 'pulso-web-manifest-'));
  let app: TestApp;
  beforeAll(async () => {
    const put = (rel: string, body: string) => {
      mkdirSync(path.dirname(path.join(withManifest, rel)), { recursive: true });
      writeFileSync(path.join(withManifest, rel), body);
    };
    put('index.html', INDEX);
    put('assets/index-E1.js', 'x'.repeat(100));
    put('assets/runtime-R1.js', 'x'.repeat(10));
    put('assets/boot-B1.js', 'x'.repeat(5_000));
    put('assets/lazy-L1.js', 'x'.repeat(9_000));
    put('assets/index-C1.css', 'body{}');
    put(
      '.vite/manifest.json',
      JSON.stringify({
        'index.html': {
          file: 'assets/index-E1.js',
          isEntry: true,
          imports: ['_runtime-R1.js', '_boot-B1.js'],
          dynamicImports: ['src/lazy.tsx'],
          css: ['assets/index-C1.css'],
        },
        '_runtime-R1.js': { file: 'assets/runtime-R1.js' },
        '_boot-B1.js': { file: 'assets/boot-B1.js', imports: ['_runtime-R1.js'] },
        'src/lazy.tsx': { file: 'assets/lazy-L1.js', imports: ['_boot-B1.js'] },
      }),
    );
    app = await createTestApp({ env: { WEB_DIR: withManifest } });
  });
  afterAll(async () => {
    await app.close();
    rmSync(withManifest, { recursive: true, force: true });
  });

  it('names the entry, its static imports (largest first) and its stylesheet with the app page, not a lazy chunk', async () => {
    for (const url of ['/', '/timetable']) {
      const res = await call(app.app, 'GET', url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers.link, url).toBe(
        '</assets/boot-B1.js>; rel=modulepreload; crossorigin, </assets/index-E1.js>; rel=modulepreload; ' +
          'crossorigin, </assets/runtime-R1.js>; rel=modulepreload; crossorigin, ' +
          '</assets/index-C1.css>; rel=preload; as=style; crossorigin',
      );
    }
  });

  it('names only files the server has, with plain names, and is left out when none is left', async () => {
    const stale = mkdtempSync(path.join(tmpdir(), 'pulso-web-stale-'));
    const put = (rel: string, body: string) => {
      mkdirSync(path.dirname(path.join(stale, rel)), { recursive: true });
      writeFileSync(path.join(stale, rel), body);
    };
    put('index.html', INDEX);
    put('assets/a\tb.js', 'x');
    put('assets/here-H1.js', 'x');
    // The entry is there; an import is not (a manifest out of step), another has a tab in its name.
    put(
      '.vite/manifest.json',
      JSON.stringify({
        'index.html': {
          file: 'assets/here-H1.js',
          isEntry: true,
          imports: ['_gone.js', '_odd.js'],
          css: ['assets/gone.css'],
        },
        '_gone.js': { file: 'assets/gone-G1.js' },
        '_odd.js': { file: 'assets/a\tb.js' },
      }),
    );
    const one = await createTestApp({ env: { WEB_DIR: stale } });
    try {
      const res = await call(one.app, 'GET', '/');
      expect(res.statusCode).toBe(200);
      expect(res.headers.link).toBe('</assets/here-H1.js>; rel=modulepreload; crossorigin');
    } finally {
      await one.close();
    }
    // Nothing the manifest names is served: no header at all.
    put(
      '.vite/manifest.json',
      JSON.stringify({ 'index.html': { file: 'assets/gone-G1.js', isEntry: true } }),
    );
    const none = await createTestApp({ env: { WEB_DIR: stale } });
    try {
      const res = await call(none.app, 'GET', '/timetable');
      expect(res.statusCode).toBe(200);
      expect(res.headers.link).toBeUndefined();
    } finally {
      await none.close();
      rmSync(stale, { recursive: true, force: true });
    }
  });

  it('is not sent with other files, nor without a manifest; the manifest itself is not served', async () => {
    expect((await call(app.app, 'GET', '/assets/boot-B1.js')).headers.link).toBeUndefined();
    expect((await call(t.app, 'GET', '/')).headers.link).toBeUndefined();
    expect((await call(app.app, 'GET', '/.vite/manifest.json')).statusCode).toBe(404);
  });
});

describe('without a web build', () => {
  it('starts, and / says the app is not built (503), while the API answers', async () => {
    const res = await call(bare.app, 'GET', '/');
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('not built');
    expect((await call(bare.app, 'GET', '/health')).statusCode).toBe(200);
    expectProblem(await call(bare.app, 'GET', '/api/v1/nope'), 404);
  });
});
