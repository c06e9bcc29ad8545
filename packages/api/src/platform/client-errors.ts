import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';

/**
 * Errors Node's HTTP parser meets before there is a request (headers too large, a request that took too long to
 * arrive, bytes that are not HTTP). Fastify's default answers them with its own JSON; these are answered as
 * RFC 9457 problem+json like every other error, with `Connection: close` since the parser cannot go on.
 */
const KNOWN: Record<string, { status: number; slug: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    slug: 'header-too-large',
    detail: 'The request headers are larger than this server accepts (HTTP_MAX_HEADER_SIZE)',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    slug: 'request-timeout',
    detail: 'The request did not arrive in time (HTTP_REQUEST_TIMEOUT_MS)',
  },
};
const MALFORMED = { status: 400, slug: 'bad-request', detail: 'The request is not valid HTTP' };

export function clientErrorHandler(log: FastifyBaseLogger) {
  return (err: Error & { code?: string }, socket: Socket): void => {
    // A reset connection has nobody left to answer (Node's documented clientError contract).
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const k = (err.code && KNOWN[err.code]) || MALFORMED;
    log.debug({ code: err.code }, 'client error');
    if (socket.writable) {
      const title = STATUS_CODES[k.status] ?? 'Error';
      const body = JSON.stringify({
        type: `urn:pulso:problem:${k.slug}`,
        title,
        status: k.status,
        detail: k.detail,
      });
      socket.write(
        `HTTP/1.1 ${k.status} ${title}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(err);
  };
}
