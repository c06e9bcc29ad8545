/**
 * The member pages' rules that need no React: whether a booking can still be cancelled (and until when), where a
 * notification leads, and page arithmetic for the paginated lists. Tested on their own (test/member.test.ts).
 */

export type ReservationStatus = 'booked' | 'waitlisted' | 'cancelled' | 'attended' | 'no_show';

export type CancelWindow =
  /** Can be cancelled now; `until` is the last instant (for a booked place: start − cut-off). */
  | { state: 'open'; until: Date }
  /** A booked place inside the gym's cut-off: the member must be told why the button is gone. */
  | { state: 'closed'; until: Date; cutoffMinutes: number }
  /** Started, cancelled, attended or no-show: nothing to cancel. */
  | { state: 'none' };

/**
 * Mirrors the API's rule (reservations service `cancel`): a booked place can be cancelled by its member up to
 * the gym's `cancellation_cutoff_min` before the start; a waitlist entry until the start. The server stays the
 * judge (its 409 is shown if the clocks disagree); this only decides what to offer and what to explain.
 */
export function cancelWindow(
  status: ReservationStatus,
  startsAt: string,
  cutoffMinutes: number,
  nowMs: number,
): CancelWindow {
  const start = Date.parse(startsAt);
  if (Number.isNaN(start) || nowMs >= start) return { state: 'none' };
  if (status === 'waitlisted') return { state: 'open', until: new Date(start) };
  if (status !== 'booked') return { state: 'none' };
  const until = new Date(start - Math.max(0, cutoffMinutes) * 60_000);
  return nowMs < until.getTime()
    ? { state: 'open', until }
    : { state: 'closed', until, cutoffMinutes: Math.max(0, cutoffMinutes) };
}

export interface NotificationLike {
  kind: string;
  gym_id: number | null;
  data: Record<string, unknown>;
}

/** A link target of the web app: a path and, for an event, its id. */
export type NotificationTarget =
  { to: '/bookings' } | { to: '/events/mine' } | { to: '/events/$id'; id: string } | null;

const SESSION_KINDS = new Set(['session_cancelled', 'session_changed']);
const RESERVATION_KINDS = new Set(['waitlist_promoted', 'moved_to_waitlist']);

/**
 * Where a notification leads: class news to My bookings, event news to the event, a place won or lost to the
 * list it is in. A notification of another gym than the one chosen leads nowhere from here (its page would
 * show the chosen gym's data); personal modules' notifications have no page of this area.
 */
export function notificationTarget(n: NotificationLike, currentGymId: string | null): NotificationTarget {
  if (n.gym_id === null || String(n.gym_id) !== currentGymId) return null;
  if (SESSION_KINDS.has(n.kind)) return { to: '/bookings' };
  if (n.kind === 'event_changed') {
    const id = n.data.event_id;
    // (A deleted event's page answers "not found" in words; its registrations stay listed in My events.)
    return typeof id === 'number' && Number.isInteger(id) && id > 0
      ? { to: '/events/$id', id: String(id) }
      : { to: '/events/mine' };
  }
  if (RESERVATION_KINDS.has(n.kind))
    return n.data.slot_kind === 'event' ? { to: '/events/mine' } : { to: '/bookings' };
  return null;
}

/** 1-based page from a `?page=` search value: anything that is not a whole number above 1 is page 1. */
export function pageFrom(v: unknown): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 1 ? n : 1;
}

export interface PageInfo {
  page: number;
  pages: number;
  skip: number;
  hasPrev: boolean;
  hasNext: boolean;
}

/** Where a page is in a list of `total` rows of `size` each (the API's `X-Total-Count`). */
export function pageInfo(page: number, size: number, total: number): PageInfo {
  const pages = Math.max(1, Math.ceil(Math.max(0, total) / size));
  const p = Math.min(Math.max(1, page), pages);
  return { page: p, pages, skip: (p - 1) * size, hasPrev: p > 1, hasNext: p < pages };
}

/** The total of a paginated answer: the API sends it in `X-Total-Count`; missing means just these rows. */
export function totalOf(res: Response, rows: number): number {
  const n = Number(res.headers.get('x-total-count'));
  return Number.isFinite(n) && n >= 0 && res.headers.has('x-total-count') ? n : rows;
}

/** The places of an event as the stream sends them (the API's LiveSpots with `kind: 'event'`). */
export interface EventSpots {
  kind: 'session' | 'event';
  id: number;
  capacity: number | null;
  booked_count: number;
  waitlist_count: number;
  spots_left: number | null;
  status: 'open' | 'cancelled';
}

interface EventRowLike {
  id: number;
  registered_count: number;
  waitlist_count: number;
  spots_left: number | null;
  capacity: number | null;
  status: 'scheduled' | 'cancelled';
}

/** An event with the live places written in: the stream says `booked_count` and `open` where events say
 * `registered_count` and `scheduled`. Another event, or a session's places, leave it as it is. */
export function applyEventSpots<T extends EventRowLike>(e: T, s: EventSpots): T {
  if (s.kind !== 'event' || e.id !== s.id) return e;
  return {
    ...e,
    registered_count: s.booked_count,
    waitlist_count: s.waitlist_count,
    spots_left: s.spots_left,
    capacity: s.capacity,
    status: s.status === 'cancelled' ? 'cancelled' : 'scheduled',
  };
}

/**
 * What the live stream writes into a cached events query: a page `{rows, total}`, a bare list or one event.
 * Anything else is returned untouched (same identity, so React Query does not re-render for nothing).
 */
export function applyEventSpotsToCache(old: unknown, s: EventSpots): unknown {
  const isEvent = (x: unknown): x is EventRowLike =>
    typeof x === 'object' && x !== null && 'registered_count' in x && 'id' in x;
  const list = (rows: unknown[]) => {
    let changed = false;
    const next = rows.map((r) => {
      if (!isEvent(r)) return r;
      const n = applyEventSpots(r, s);
      if (n !== r) changed = true;
      return n;
    });
    return changed ? next : rows;
  };
  if (Array.isArray(old)) return list(old);
  if (isEvent(old)) return applyEventSpots(old, s);
  if (typeof old === 'object' && old !== null && Array.isArray((old as { rows?: unknown }).rows)) {
    const rows = (old as { rows: unknown[] }).rows;
    const next = list(rows);
    return next === rows ? old : { ...old, rows: next };
  }
  return old;
}
