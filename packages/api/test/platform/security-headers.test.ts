/**
 * HSTS and CSP `upgrade-insecure-requests` only when the request really arrived over HTTPS (issue 19): over
 * TLS, or from a trusted proxy (`TRUST_PROXY`) that says so in `X-Forwarded-Proto`. Plain HTTP — and a
 * forwarded proto from a peer that is not trusted — gets neither, or a page opened by IP address from another
 * machine loads none of its assets.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest, createServer as createHttpsServer, type Server } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecurityHeaders, securityHeadersFor } from '../../src/platform/security-headers.js';
import { call, createTestApp, type TestApp } from '../harness.js';

const PAGE = '/docs/';
// The page, one of its assets, and API paths of each kind.
const PATHS = [PAGE, '/docs/static/swagger-ui-bundle.js', '/health', '/api/v1/users/me', '/openapi.json'];
/** Of a real response or an injected one. */
type Headers = Record<string, string | string[] | number | undefined>;
const isPage = (p: string) => p.startsWith('/docs');

function expectPlain(headers: Headers, p: string) {
  expect(headers['strict-transport-security'], p).toBeUndefined();
  const csp = String(headers['content-security-policy']);
  expect(csp, p).not.toContain('upgrade-insecure-requests');
  expect(headers['x-content-type-options'], p).toBe('nosniff');
  if (isPage(p)) {
    // Still helmet's page policy otherwise (scripts and styles from the page's own origin only).
    expect(csp, p).toContain("default-src 'self'");
    expect(csp, p).toContain("script-src 'self'");
    expect(headers['x-frame-options'], p).toBe('SAMEORIGIN');
  } else expect(csp, p).toBe("default-src 'none'; frame-ancestors 'none'");
}

function expectSecure(headers: Headers, p: string) {
  expect(headers['strict-transport-security'], p).toMatch(/^max-age=31536000/);
  const csp = String(headers['content-security-policy']);
  if (isPage(p)) {
    expect(csp, p).toContain('upgrade-insecure-requests');
    expect(csp, p).toContain("default-src 'self'");
  } else expect(csp, p).toBe("default-src 'none'; frame-ancestors 'none'");
}

describe('securityHeadersFor', () => {
  it('adds HSTS and upgrade-insecure-requests only for HTTPS', () => {
    expect(securityHeadersFor('/docs', false)['strict-transport-security']).toBeUndefined();
    expect(securityHeadersFor('/docs', false)['content-security-policy']).not.toContain('upgrade-insecure');
    expect(securityHeadersFor('/docs', true)['content-security-policy']).toContain(
      'upgrade-insecure-requests',
    );
    expect(securityHeadersFor('/', true)['strict-transport-security']).toBeDefined();
    expect(securityHeadersFor('/api/v1/x', false)['strict-transport-security']).toBeUndefined();
    expect(securityHeadersFor('/api/v1/x', true)['strict-transport-security']).toBeDefined();
    // Apart from those two (and COOP, ignored without HTTPS), both variants are the same set.
    const {
      'strict-transport-security': _,
      'cross-origin-opener-policy': coop,
      ...secure
    } = securityHeadersFor('/', true);
    expect(coop).toBe('same-origin');
    const plain = securityHeadersFor('/', false);
    expect(plain['cross-origin-opener-policy']).toBeUndefined();
    expect(Object.keys(secure).sort()).toEqual(Object.keys(plain).sort());
  });
});

describe('createSecurityHeaders (map tiles)', () => {
  const imgSrc = (csp: string | undefined) => /(?:^|;)img-src ([^;]*)/.exec(csp ?? '')?.[1];

  it("opens the app's img-src to the configured tile origin only, and nothing else", () => {
    const tiled = createSecurityHeaders({ imgOrigins: ['https://tiles.example.org'] });
    for (const https of [false, true]) {
      expect(imgSrc(tiled('/segments', https)['content-security-policy'])).toBe(
        "'self' https://tiles.example.org",
      );
      expect(imgSrc(securityHeadersFor('/segments', https)['content-security-policy'])).toBe("'self'");
      // The API's and the documentation's headers stay as they were.
      expect(tiled('/api/v1/segments', https)).toBe(securityHeadersFor('/api/v1/segments', https));
      expect(tiled('/docs/', https)).toBe(securityHeadersFor('/docs/', https));
    }
    // Without tiles it is the plain function itself.
    expect(createSecurityHeaders({ imgOrigins: [] })).toBe(securityHeadersFor);
  });
});

describe('without TRUST_PROXY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('sends neither HSTS nor upgrade-insecure-requests over plain HTTP', async () => {
    for (const p of PATHS) expectPlain((await call(t.app, 'GET', p)).headers, p);
  });

  it('ignores X-Forwarded-Proto: https from a peer that is not trusted', async () => {
    for (const p of PATHS)
      expectPlain((await call(t.app, 'GET', p, { headers: { 'x-forwarded-proto': 'https' } })).headers, p);
  });

  describe('over TLS', () => {
    let dir: string;
    let server: Server;
    beforeAll(async () => {
      // A throwaway self-signed certificate: the point is the encrypted socket, not who it claims to be.
      dir = mkdtempSync(path.join(tmpdir(), 'pulso-tls-'));
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
        '-subj', '/CN=localhost', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
      ], { stdio: 'ignore' }); // prettier-ignore
      // The app's own request handler (what Fastify's serverFactory is given) behind a TLS server.
      server = createHttpsServer(
        { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) },
        (req, res) => t.app.routing(req, res),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    });

    const get = (p: string, headers: Record<string, string> = {}) =>
      new Promise<IncomingHttpHeaders>((resolve, reject) => {
        const req = httpsRequest(
          {
            host: '127.0.0.1',
            port: (server.address() as AddressInfo).port,
            path: p,
            headers,
            rejectUnauthorized: false,
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.headers));
          },
        );
        req.on('error', reject);
        req.end();
      });

    it('sends both when the socket itself is TLS', async () => {
      for (const p of PATHS) expectSecure(await get(p), p);
    });

    it('keeps both even if an untrusted peer claims X-Forwarded-Proto: http', async () => {
      expectSecure(await get(PAGE, { 'x-forwarded-proto': 'http' }), PAGE);
    });
  });
});

describe('with TRUST_PROXY=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
  });
  afterAll(() => t.close());

  it('sends both when the trusted proxy says the client used HTTPS', async () => {
    for (const p of PATHS)
      expectSecure((await call(t.app, 'GET', p, { headers: { 'x-forwarded-proto': 'https' } })).headers, p);
  });

  it('sends neither when the proxy says HTTP, or says nothing', async () => {
    for (const p of PATHS) {
      expectPlain((await call(t.app, 'GET', p, { headers: { 'x-forwarded-proto': 'http' } })).headers, p);
      expectPlain((await call(t.app, 'GET', p)).headers, p);
    }
  });

  it('goes by the last hop of a list (the one the trusted proxy appended)', async () => {
    const spoofed = { 'x-forwarded-proto': 'https, http' };
    expectPlain((await call(t.app, 'GET', PAGE, { headers: spoofed })).headers, PAGE);
  });
});
