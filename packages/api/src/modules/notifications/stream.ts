import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principals } from '../../platform/auth/principal.js';
import type { Cache } from '../../platform/cache/index.js';
import { AppError } from '../../platform/errors.js';
import type { Lang } from '../../platform/i18n.js';
import type { Live, LiveMessage } from '../../platform/live.js';
import { notificationsMessages as M } from './messages.js';
import type { NotificationsService } from './service.js';

/** How long a stream ticket may wait before it is used; it works once. */
export const TICKET_SECONDS = 60;
/** What a browser's EventSource waits before reconnecting after the stream drops (the SSE `retry:` field). */
const RETRY_MS = 5000;
/** A resuming stream sends at most this many missed notifications; beyond, it asks the client to reload. */
const BACKLOG_MAX = 500;
const BACKLOG_PAGE = 100;
/** A client that reads slower than this much is buffered for it is dropped (it reconnects and resumes). */
const MAX_BUFFERED_BYTES = 1 << 20;

export interface StreamDeps {
  svc: NotificationsService;
  live: Live;
  cache: Cache;
  principals: Principals;
  clock: () => number;
  heartbeatSeconds: number;
  maxStreamsPerUser: number;
}

interface OpenStream {
  userId: number;
  end(): void;
}

const ticketKey = (hash: string) => `live:ticket:${hash}`;
const hashOf = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');

/**
 * Server-Sent Events for one person (WHATWG HTML §9.2): `notification` events (id = the notification's id, so a
 * reconnecting EventSource resumes with Last-Event-ID) and `spots` events for the sessions and events of the
 * gyms they belong to. Comments keep idle proxies from closing the connection. A process holds at most
 * `maxStreamsPerUser` streams per person; they all end when the app closes, so the drain never waits on them.
 */
export function createStreams(d: StreamDeps) {
  const open = new Set<OpenStream>();
  const perUser = new Map<number, number>();

  async function redeem(ticket: string): Promise<number | undefined> {
    const hash = hashOf(ticket);
    const userId = await d.cache.get<number>(ticketKey(hash));
    if (userId === undefined) return undefined;
    // One use, across processes: the first to count it wins (INCR is atomic in Redis).
    const { count } = await d.cache.incr(`live:ticket-used:${hash}`, TICKET_SECONDS * 2);
    if (count !== 1) return undefined;
    await d.cache.del(ticketKey(hash));
    return userId;
  }

  return {
    openCount: () => open.size,

    async issueTicket(userId: number) {
      const ticket = randomBytes(32).toString('base64url');
      await d.cache.set(ticketKey(hashOf(ticket)), userId, TICKET_SECONDS);
      return { ticket, expires_at: new Date(d.clock() + TICKET_SECONDS * 1000).toISOString() };
    },

    /**
     * The stream route's own `onRequest`, before the access rule: a `ticket` in the query (and no Authorization
     * header) authenticates the request; the access rule then sees the principal and checks nothing more.
     */
    async ticketAuth(req: FastifyRequest) {
      const ticket = (req.query as { ticket?: unknown } | undefined)?.ticket;
      if (typeof ticket !== 'string' || req.headers.authorization) return;
      const userId = ticket.length <= 128 ? await redeem(ticket) : undefined;
      const principal = userId === undefined ? null : await d.principals.get(userId);
      if (!principal)
        throw new AppError('unauthorized', M.msg('stream_ticket_invalid'), {
          headers: { 'www-authenticate': 'Bearer' },
        });
      req.principal = principal;
    },

    /** Refuses a stream over the person's limit, before the response starts. */
    admit(userId: number) {
      const n = perUser.get(userId) ?? 0;
      if (n >= d.maxStreamsPerUser)
        throw new AppError('rate_limited', M.msg('stream_limit', { max: d.maxStreamsPerUser }), {
          retryAfter: RETRY_MS / 1000,
        });
    },

    async serve(
      req: FastifyRequest,
      reply: FastifyReply,
      o: { userId: number; gyms: number[]; lang: Lang; lastEventId?: number; maxSeconds?: number },
    ) {
      const raw = reply.raw;
      const headers = {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'content-language': o.lang,
        // nginx buffers proxied responses unless told not to; a buffered stream shows nothing until it ends.
        'x-accel-buffering': 'no',
        // When the server ends a stream (shutting down, time limit, erased account) the connection goes with it.
        // Kept alive, it would outlive the stream: a client that stopped reading without closing its socket
        // (an aborted fetch does that) would then hold the server's close() open for good, as close() waits for
        // every connection that is not idle. The client reconnects with a new request anyway.
        connection: 'close',
      };
      if (req.method === 'HEAD') {
        reply.hijack();
        raw.writeHead(200, headers);
        raw.end();
        return;
      }

      const userId = o.userId;
      let gyms = new Set(o.gyms);
      let lastSent = o.lastEventId ?? 0;
      let waiting: LiveMessage[] | null = o.lastEventId === undefined ? null : [];
      let ended = false;

      const write = (chunk: string) => {
        if (ended || raw.destroyed || raw.writableEnded) return;
        if (raw.writableLength > MAX_BUFFERED_BYTES) return void raw.destroy();
        raw.write(chunk);
      };
      const sendNotification = (id: number, json: unknown) => {
        if (id <= lastSent) return;
        lastSent = id;
        write(`id: ${id}\nevent: notification\ndata: ${JSON.stringify(json)}\n\n`);
      };
      const onMessage = (m: LiveMessage) => {
        if (m.type === 'notification') {
          if (m.notification.userId !== userId) return;
          if (waiting) return void waiting.push(m);
          sendNotification(m.notification.id, d.svc.render(m.notification, o.lang));
        } else if (gyms.has(m.spots.gym_id)) {
          write(`event: spots\ndata: ${JSON.stringify(m.spots)}\n\n`);
        }
      };

      perUser.set(userId, (perUser.get(userId) ?? 0) + 1);
      const timers: { heartbeat?: NodeJS.Timeout; limit?: NodeJS.Timeout } = {};
      let unsubscribe = () => {};
      const stream: OpenStream = {
        userId,
        end: () => {
          if (!raw.writableEnded) raw.end();
          cleanup();
        },
      };
      const cleanup = () => {
        if (ended) return;
        ended = true;
        open.delete(stream);
        const n = (perUser.get(userId) ?? 1) - 1;
        if (n > 0) perUser.set(userId, n);
        else perUser.delete(userId);
        clearInterval(timers.heartbeat);
        clearTimeout(timers.limit);
        unsubscribe();
      };
      open.add(stream);
      raw.on('close', cleanup);

      try {
        // Listening before the response starts: whatever commits after the client sees the headers reaches it.
        unsubscribe = await d.live.subscribe(onMessage);
      } catch (err) {
        cleanup();
        throw err;
      }
      if (ended) return void unsubscribe();
      reply.hijack();
      raw.writeHead(200, headers);
      write(`retry: ${RETRY_MS}\n: ${o.lastEventId === undefined ? 'listening' : 'resuming'}\n\n`);

      if (waiting) {
        let sent = 0;
        try {
          for (;;) {
            const page = await d.svc.after(userId, lastSent, BACKLOG_PAGE, o.lang);
            for (const n of page) sendNotification(n.id, n);
            sent += page.length;
            if (page.length < BACKLOG_PAGE) break;
            if (sent >= BACKLOG_MAX) {
              // More were missed than a stream replays: the client reloads its list instead.
              write(`event: resync\ndata: {}\n\n`);
              break;
            }
          }
        } catch {
          return stream.end();
        }
        const queued = waiting;
        waiting = null;
        for (const m of queued) onMessage(m);
      }

      if (o.maxSeconds === 0) return stream.end();
      if (o.maxSeconds !== undefined) timers.limit = setTimeout(() => stream.end(), o.maxSeconds * 1000);
      timers.heartbeat = setInterval(() => {
        write(': ping\n\n');
        // Memberships change while a stream is open; an erased account's stream ends.
        d.principals.get(userId).then(
          (p) => (p ? (gyms = new Set(p.gyms.map((g) => g.id))) : stream.end()),
          () => {},
        );
      }, d.heartbeatSeconds * 1000);
    },

    /** Ends every open stream (the app is closing): clients reconnect to another process and resume. */
    endAll() {
      for (const s of [...open]) s.end();
    },
  };
}
export type Streams = ReturnType<typeof createStreams>;
