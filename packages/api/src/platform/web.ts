import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { frameworkErrorHandler } from './errors.js';

/**
 * The web app (packages/web), served by the API server at `/` (ARCHITECTURE.md, "Web app").
 *
 * The build is small and fixed while the server runs, so every file and its precompressed `.br` / `.gz` twins
 * (written by packages/web/scripts/compress.mjs at build time) are read once at start-up: a request is a map
 * lookup and a write, never a disk read or a compression on the event loop.
 * - `assets/*` carry a content hash in their name: cached a year, `immutable` (RFC 8246).
 * - Everything else (index.html, the service worker, the manifest) is `no-cache`: revalidated every time, so a
 *   deployment is seen on the next load. The service worker must not be cached long or an update never lands.
 * - The SPA fallback answers index.html only for GET/HEAD of a path outside the API's own prefixes and without a
 *   file extension; a missing `/assets/x.js` or `/api/v1/nope` keeps its real 404 problem.
 * - index.html's inline scripts (the session resume and the first route's preload, ARCHITECTURE.md "Web app:
 *   first load") are allowed by their SHA-256 in the page's CSP (CSP Level 3, "hash-source"): the policy stays
 *   free of 'unsafe-inline', and a script injected into the page by anyone else still does not run.
 */

const DEFAULT_DIR = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Paths that belong to the API: never the SPA's, whatever their shape. */
const NOT_SPA = [/^\/api(\/|$)/, /^\/health(\/|$)/, /^\/metrics(\/|$)/, /^\/docs(\/|$)/, /^\/openapi\.json$/];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

interface WebFile {
  type: string;
  cache: string;
  etag: string;
  raw: Buffer;
  br?: Buffer;
  gz?: Buffer;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const NO_CACHE = 'no-cache';

function walk(dir: string, base = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, base, out);
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

export function loadWebFiles(dir: string): Map<string, WebFile> | null {
  if (!existsSync(path.join(dir, 'index.html'))) return null;
  const files = new Map<string, WebFile>();
  const all = walk(dir);
  const present = new Set(all);
  for (const rel of all) {
    if (rel.endsWith('.br') || rel.endsWith('.gz')) continue;
    // The build manifest is for the budgets check, not for browsers.
    if (rel.startsWith('.vite/')) continue;
    const raw = readFileSync(path.join(dir, rel));
    const hashed = rel.startsWith('assets/');
    files.set('/' + rel, {
      type: TYPES[path.extname(rel)] ?? 'application/octet-stream',
      cache: hashed ? IMMUTABLE : NO_CACHE,
      etag: `"${raw.length.toString(36)}-${statSync(path.join(dir, rel)).mtimeMs.toString(36)}"`,
      raw,
      br: present.has(rel + '.br') ? readFileSync(path.join(dir, rel + '.br')) : undefined,
      gz: present.has(rel + '.gz') ? readFileSync(path.join(dir, rel + '.gz')) : undefined,
    });
  }
  return files;
}

/** `'sha256-…'` sources of the inline `<script>` elements of an HTML page, in the order they appear. */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi))
    if (!/\bsrc\s*=/i.test(m[1]!) && m[2]!.length)
      out.push(`'sha256-${createHash('sha256').update(m[2]!, 'utf8').digest('base64')}'`);
  return out;
}

/**
 * A `Link` header (RFC 8288) preloading the app's entry files: its JavaScript (the entry and its static imports,
 * largest first) and its stylesheet, read from the build manifest (Vite's `.vite/manifest.json`). Sent with
 * index.html, it lets the browser request them when the response arrives, while it is still setting up the page;
 * the page's own tags are met only once it has been parsed and its inline scripts have run, a few hundred ms
 * later on a slow phone, when that bandwidth has gone unused (ARCHITECTURE.md, "Web app: first load"). Only files
 * the server serves (`files`) and whose names are plain paths are named: a manifest out of step with the build
 * must not make browsers fetch 404s, nor put a character into the header that would fail every page. No
 * manifest, no header.
 */
export function entryPreloadLink(dir: string, files: Map<string, WebFile>): string | undefined {
  const file = path.join(dir, '.vite', 'manifest.json');
  if (!existsSync(file)) return undefined;
  type Chunk = { file: string; isEntry?: boolean; imports?: string[]; css?: string[] };
  let manifest: Record<string, Chunk>;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Chunk>;
  } catch {
    return undefined;
  }
  const entry = Object.values(manifest).find((c) => c?.isEntry);
  if (!entry) return undefined;
  const scripts = new Set<string>();
  const css = new Set<string>();
  const visit = (c: Chunk | undefined) => {
    if (!c || typeof c.file !== 'string' || scripts.has(c.file)) return;
    scripts.add(c.file);
    for (const f of c.css ?? []) css.add(f);
    for (const key of c.imports ?? []) visit(manifest[key]);
  };
  visit(entry);
  const served = (f: string) => /^[\w./-]+$/.test(f) && files.has('/' + f);
  const size = (f: string) => files.get('/' + f)!.raw.length;
  const links = [...scripts]
    .filter(served)
    .sort((a, b) => size(b) - size(a))
    .map((f) => `</${f}>; rel=modulepreload; crossorigin`)
    .concat([...css].filter(served).map((f) => `</${f}>; rel=preload; as=style; crossorigin`));
  return links.length ? links.join(', ') : undefined;
}

/** Prefers brotli, then gzip, by the client's Accept-Encoding (a `;q=0` refuses one). */
function pickEncoding(accept: string | undefined, f: WebFile): 'br' | 'gzip' | null {
  if (!accept) return null;
  const offered = new Map<string, number>();
  for (const part of accept.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    offered.set(name!.trim(), q === undefined ? 1 : Number(q));
  }
  const ok = (n: string) => (offered.get(n) ?? offered.get('*') ?? 0) > 0;
  if (f.br && ok('br')) return 'br';
  if (f.gz && ok('gzip')) return 'gzip';
  return null;
}

function send(
  req: FastifyRequest,
  reply: FastifyReply,
  f: WebFile,
  scriptHashes: readonly string[] = [],
  link?: string,
) {
  if (link) void reply.header('link', link);
  if (scriptHashes.length) {
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string')
      void reply.header(
        'content-security-policy',
        csp.replace(/script-src 'self'/, `script-src 'self' ${scriptHashes.join(' ')}`),
      );
  }
  void reply.header('content-type', f.type).header('cache-control', f.cache).header('etag', f.etag);
  if (f.br || f.gz) void reply.header('vary', 'accept-encoding');
  if (req.headers['if-none-match'] === f.etag) return reply.code(304).send();
  const enc = pickEncoding(req.headers['accept-encoding'], f);
  if (enc) void reply.header('content-encoding', enc);
  return reply.send(enc === 'br' ? f.br : enc === 'gzip' ? f.gz : f.raw);
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pulso</title></head>
<body><h1>The web app is not built</h1>
<p>The API is running. Build the web app with <code>npm run build</code> (or start with <code>npm start</code>,
which builds it), then reload. The API's documentation is at <a href="/docs">/docs</a>.</p></body></html>
`;

export function registerWeb(app: FastifyInstance, dir = DEFAULT_DIR) {
  const files = loadWebFiles(dir);
  if (files) app.log.debug({ dir, files: files.size }, 'web app loaded');
  else app.log.info({ dir }, 'web app not built: / answers 503 until it is');
  const index = files?.get('/index.html');
  const indexHashes = index ? inlineScriptHashes(index.raw.toString('utf8')) : [];
  const indexLink = files && index ? entryPreloadLink(dir, files) : undefined;
  const maxParamLength = app.initialConfig.maxParamLength ?? 100;

  app.get(
    '/*',
    { config: { access: 'public' }, schema: { hide: true } },
    async (req: FastifyRequest, reply: FastifyReply) => {
      const url = req.url.split('?')[0]!;
      if (NOT_SPA.some((r) => r.test(url))) {
        // With this catch-all registered, the router falls back to it rather than raising its
        // maxParamLength error for an API path whose parameter is too long: that stays a 414 problem.
        if (url.split('/').some((seg) => seg.length > maxParamLength))
          return frameworkErrorHandler({ code: 'FST_ERR_MAX_PARAM_LENGTH' } as FastifyError, req, reply);
        return reply.callNotFound();
      }
      let pathname: string;
      try {
        pathname = decodeURIComponent(url);
      } catch {
        return reply.callNotFound();
      }
      const file = files?.get(pathname === '/' ? '/index.html' : pathname);
      if (file)
        return file === index ? send(req, reply, file, indexHashes, indexLink) : send(req, reply, file);
      // A path with a file extension is a file: missing is a real 404, not the app's shell.
      if (/\.[A-Za-z0-9]+$/.test(pathname)) return reply.callNotFound();
      if (!index)
        return reply
          .code(503)
          .header('content-type', 'text/html; charset=utf-8')
          .header('cache-control', NO_CACHE)
          .send(NOT_BUILT);
      return send(req, reply, index, indexHashes, indexLink);
    },
  );
}
