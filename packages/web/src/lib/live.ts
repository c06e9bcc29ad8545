/**
 * The browser's side of the live stream (`GET /api/v1/notifications/stream`, Server-Sent Events). EventSource
 * cannot send an Authorization header, so each connection opens with a one-use ticket
 * (`POST /api/v1/notifications/stream-ticket`); for the same reason the browser's own reconnect (which would
 * reuse the spent ticket) is not used: on any error the connection is closed, a new ticket is asked for after
 * a growing pause, and the new stream resumes after the last notification seen (`?last_event_id=`).
 * No React here, so the reconnection rules are tested on their own.
 */

/** The `data` of a `spots` event (the API's LiveSpots). */
export interface LiveSpots {
  gym_id: number;
  kind: 'session' | 'event';
  id: number;
  capacity: number | null;
  booked_count: number;
  waitlist_count: number;
  spots_left: number | null;
  status: 'open' | 'cancelled';
}

/** What the code needs of an EventSource (the browser's, or a fake in tests). */
export interface EventSourceLike {
  addEventListener(type: string, listener: (e: { data: string; lastEventId?: string }) => void): void;
  close(): void;
  onerror: ((e: unknown) => void) | null;
  onopen: ((e: unknown) => void) | null;
}

export interface LiveOptions {
  /** Asks the API for a ticket; rejects when signed out or offline. */
  ticket(): Promise<string>;
  open(url: string): EventSourceLike;
  onNotification(n: { id: number } & Record<string, unknown>): void;
  onSpots(s: LiveSpots): void;
  /** More was missed than the stream replays, or the stream was down: reload what is shown. */
  onResync(): void;
  /** Default: window timers. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
  /** Where the stream is; default the API's path on this origin. */
  path?: string;
}

/** Pauses between reconnect attempts: the server's `retry:` hint first, then doubling, at most a minute. */
export function backoff(attempt: number, firstMs = 5000): number {
  return Math.min(60_000, firstMs * 2 ** Math.max(0, attempt));
}

export interface LiveConnection {
  /** The id of the last notification received (resumes from here). */
  lastEventId(): number | undefined;
  close(): void;
}

export function connectLive(o: LiveOptions): LiveConnection {
  const setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = o.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  const path = o.path ?? '/api/v1/notifications/stream';
  let last: number | undefined;
  let source: EventSourceLike | null = null;
  let timer: unknown = null;
  let attempt = 0;
  let closed = false;
  let dropped = false;

  const schedule = () => {
    if (closed) return;
    timer = setTimer(() => {
      timer = null;
      void start();
    }, backoff(attempt++));
  };

  async function start() {
    if (closed) return;
    let ticket: string;
    try {
      ticket = await o.ticket();
    } catch {
      return schedule();
    }
    if (closed) return;
    const q = new URLSearchParams({ ticket });
    if (last !== undefined) q.set('last_event_id', String(last));
    const s = (source = o.open(`${path}?${q.toString()}`));
    s.onopen = () => {
      attempt = 0;
      // Places may have changed while the stream was down: they are not replayed, so reload them.
      if (dropped) o.onResync();
      dropped = false;
    };
    s.onerror = () => {
      s.close();
      if (source === s) source = null;
      dropped = true;
      schedule();
    };
    s.addEventListener('notification', (e) => {
      const n = parse<{ id: number } & Record<string, unknown>>(e.data);
      if (!n || typeof n.id !== 'number') return;
      if (last !== undefined && n.id <= last) return;
      last = n.id;
      o.onNotification(n);
    });
    s.addEventListener('spots', (e) => {
      const spots = parse<LiveSpots>(e.data);
      if (spots) o.onSpots(spots);
    });
    s.addEventListener('resync', () => o.onResync());
  }

  void start();
  return {
    lastEventId: () => last,
    close() {
      closed = true;
      if (timer !== null) clearTimer(timer);
      source?.close();
      source = null;
    },
  };
}

function parse<T>(data: string): T | null {
  try {
    return JSON.parse(data) as T;
  } catch {
    return null;
  }
}

/** A list of sessions or events with the places of one of them replaced, when it is in the list. */
export function applySpots<
  T extends { id: number; booked_count: number; waitlist_count: number; spots_left?: number | null },
>(rows: readonly T[] | undefined, s: LiveSpots): T[] | undefined {
  if (!rows) return rows;
  let changed = false;
  const next = rows.map((r) => {
    if (r.id !== s.id) return r;
    changed = true;
    return {
      ...r,
      booked_count: s.booked_count,
      waitlist_count: s.waitlist_count,
      ...('spots_left' in r ? { spots_left: s.spots_left ?? r.spots_left } : {}),
      ...('status' in r ? { status: s.status } : {}),
      ...('capacity' in r && s.capacity !== null ? { capacity: s.capacity } : {}),
    };
  });
  return changed ? next : (rows as T[]);
}
