import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Pagination } from '@pulso/contracts';
import type { JsonPage } from './cache/json-pages.js';

/**
 * Design §4: a list is a JSON array; the total goes in X-Total-Count and the neighbouring pages in Link
 * (RFC 8288), built from the request's own URL so filters are kept.
 */
export function paged<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  rows: T[],
  total: number,
  page: Pagination,
): T[] {
  pageHeaders(req, reply, rows.length, total, page);
  return rows;
}

function pageHeaders(
  req: FastifyRequest,
  reply: FastifyReply,
  count: number,
  total: number,
  page: Pagination,
) {
  void reply.header('x-total-count', String(total));
  // Building the links parses the URL twice: 3.7% of the server's busy time in the profile of the gym mix
  // (bench/RESULTS.md, "Gym mix"). The same URL with the same total and row count always gives the same header, and clients poll
  // the same few URLs, so the header is remembered (bounded: URLs come from clients).
  const key = `${total} ${count} ${req.url}`;
  let links = linkHeaders.get(key);
  if (links === undefined) {
    links = linkHeader(req.url, count, total, page);
    linkHeaders.set(key, links);
  }
  if (links) void reply.header('link', links);
}

const linkHeaders = new LRUCache<string, string>({ max: 10_000 });

function linkHeader(reqUrl: string, count: number, total: number, page: Pagination): string {
  const links: string[] = [];
  const link = (skip: number, rel: string) => {
    const url = new URL(reqUrl, 'http://x');
    url.searchParams.set('skip', String(skip));
    url.searchParams.set('limit', String(page.limit));
    links.push(`<${url.pathname}${url.search}>; rel="${rel}"`);
  };
  if (page.skip + count < total) link(page.skip + page.limit, 'next');
  if (page.skip > 0) link(Math.max(0, page.skip - page.limit), 'prev');
  return links.join(', ');
}

/**
 * Whether an Accept-Encoding header accepts gzip (`gzip`, `x-gzip` or `*`, without `;q=0`), remembered per
 * header value: clients send a handful of distinct values.
 */
const gzipAccepted = new LRUCache<string, boolean>({ max: 1_000 });
function acceptsGzip(accept: string | undefined): boolean {
  if (!accept) return false;
  let ok = gzipAccepted.get(accept);
  if (ok === undefined) {
    const q = new Map<string, number>();
    for (const part of accept.split(',')) {
      const [name, ...params] = part.trim().toLowerCase().split(';');
      const v = params.map((x) => /^\s*q=([\d.]+)/.exec(x)?.[1]).find(Boolean);
      q.set(name!.trim(), v === undefined ? 1 : Number(v));
    }
    ok = (q.get('gzip') ?? q.get('x-gzip') ?? q.get('*') ?? 0) > 0;
    gzipAccepted.set(accept, ok);
  }
  return ok;
}

/** Adds `field` to the reply's Vary, keeping what is there (CORS's `Origin`). */
function addVary(reply: FastifyReply, field: string) {
  const vary = reply.getHeader('vary');
  const list = Array.isArray(vary) ? vary.join(', ') : vary === undefined ? '' : String(vary);
  if (!list.split(',').some((v) => ['*', field.toLowerCase()].includes(v.trim().toLowerCase())))
    void reply.header('vary', list ? `${list}, ${field}` : field);
}

/**
 * From this size a cached body is also kept gzipped. A plan's detail is ~60 kB of repetitive JSON (~6 kB
 * gzipped): sent as it is, writing it to the socket was the largest part of the route's CPU, and behind the
 * deployment's nginx (which gzips JSON, deploy/nginx/pulso-http.conf) every response was compressed again per
 * request. A body already encoded passes nginx as it is. Small bodies gain little for the compression's cost.
 */
const GZIP_MIN_BYTES = 8 * 1024;

/**
 * A sender of cached values as JSON: the UTF-8 bytes of each value object are made once per process by
 * `serialize` (the route's own response serializer) and kept beside it, weakly, since the cache hands out the
 * same object on every in-process hit. A Buffer with its content type set goes to the onSend hooks as it is,
 * without the serializer, and without being re-encoded or re-measured per request. A large body is gzipped
 * once, on the first request that accepts gzip (RFC 9110 §12.5.3), and that copy is kept beside it too.
 */
export function jsonBytesSender<T extends object>(serialize: (value: T) => string) {
  const bytes = new WeakMap<T, { plain: Buffer; gzip?: Buffer }>();
  return (reply: FastifyReply, value: T): FastifyReply => {
    let body = bytes.get(value);
    if (!body) {
      body = { plain: Buffer.from(serialize(value)) };
      bytes.set(value, body);
    }
    void reply.type('application/json; charset=utf-8');
    if (body.plain.length < GZIP_MIN_BYTES) return reply.send(body.plain);
    addVary(reply, 'Accept-Encoding');
    if (!acceptsGzip(reply.request.headers['accept-encoding'])) return reply.send(body.plain);
    body.gzip ??= gzipSync(body.plain);
    return reply.header('content-encoding', 'gzip').send(body.gzip);
  };
}

const sendPage = jsonBytesSender<JsonPage>((p) => p.json);

/**
 * Sends a cached list page (`paged`'s headers, the page's JSON as the body). Only for JSON produced by the
 * route's own response serializer (platform/serializer.ts), so the body is exactly what serialising the rows
 * would have sent, declared fields only.
 */
export function sendJsonPage(
  req: FastifyRequest,
  reply: FastifyReply,
  p: JsonPage | JsonBytes,
  page: Pagination,
): FastifyReply {
  pageHeaders(req, reply, Math.max(0, Math.min(page.limit, p.total - page.skip)), p.total, page);
  // A page made for this one request is sent as it is: compressing it would cost each request what a cached
  // page's compression costs once.
  if ('bytes' in p) return reply.type('application/json; charset=utf-8').send(p.bytes);
  return sendPage(reply, p);
}

/** A page's UTF-8 JSON made for one request, by the route's own serializer's rules (see sendJsonPage). */
export interface JsonBytes {
  bytes: Buffer;
  total: number;
}

export function created<T>(reply: FastifyReply, location: string, body: T): T {
  void reply.code(201).header('location', location);
  return body;
}
