import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pagination } from '@pulso/contracts';

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
  void reply.header('x-total-count', String(total));
  const links: string[] = [];
  const link = (skip: number, rel: string) => {
    const url = new URL(req.url, 'http://x');
    url.searchParams.set('skip', String(skip));
    url.searchParams.set('limit', String(page.limit));
    links.push(`<${url.pathname}${url.search}>; rel="${rel}"`);
  };
  if (page.skip + rows.length < total) link(page.skip + page.limit, 'next');
  if (page.skip > 0) link(Math.max(0, page.skip - page.limit), 'prev');
  if (links.length) void reply.header('link', links.join(', '));
  return rows;
}

export function created<T>(reply: FastifyReply, location: string, body: T): T {
  void reply.code(201).header('location', location);
  return body;
}
