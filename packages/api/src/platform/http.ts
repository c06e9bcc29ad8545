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
 * A sender of cached values as JSON: the UTF-8 bytes of each value object are made once per process by
 * `serialize` (the route's own response serializer) and kept beside it, weakly, since the cache hands out the
 * same object on every in-process hit. A Buffer with its content type set goes to the onSend hooks as it is,
 * without the serializer, and without being re-encoded or re-measured per request.
 */
export function jsonBytesSender<T extends object>(serialize: (value: T) => string) {
  const bytes = new WeakMap<T, Buffer>();
  return (reply: FastifyReply, value: T): FastifyReply => {
    let body = bytes.get(value);
    if (!body) {
      body = Buffer.from(serialize(value));
      bytes.set(value, body);
    }
    return reply.type('application/json; charset=utf-8').send(body);
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
  p: JsonPage,
  page: Pagination,
): FastifyReply {
  pageHeaders(req, reply, Math.max(0, Math.min(page.limit, p.total - page.skip)), p.total, page);
  return sendPage(reply, p);
}

export function created<T>(reply: FastifyReply, location: string, body: T): T {
  void reply.code(201).header('location', location);
  return body;
}
