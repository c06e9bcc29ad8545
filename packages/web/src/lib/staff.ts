/**
 * Pure helpers of the staff pages: pages of a list (the API's X-Total-Count), the audit log's date filters and
 * the class form's values. No React, no fetch: tested in test/staff.test.ts.
 */

export const PAGE_SIZE = 20;

export interface PageInfo {
  /** 1-based index of the first row shown, 0 when there is none. */
  from: number;
  to: number;
  total: number;
  hasPrev: boolean;
  hasNext: boolean;
}

/** What a pager shows for `rows` rows read at `skip` out of `total`. */
export function pageInfo(skip: number, rows: number, total: number): PageInfo {
  return {
    from: rows === 0 ? 0 : skip + 1,
    to: skip + rows,
    total,
    hasPrev: skip > 0,
    hasNext: skip + rows < total,
  };
}

/** The total of a paginated answer: X-Total-Count, or the rows read when a proxy dropped the header. */
export function totalOf(headers: Headers, rows: number, skip: number): number {
  const n = Number(headers.get('x-total-count'));
  return Number.isInteger(n) && n >= 0 && headers.has('x-total-count') ? n : skip + rows;
}

/**
 * The audit filter's instants for a range of whole days picked in the browser's calendar: from the first
 * instant of `from` to the last of `to`, in the browser's zone (the person reads "the 3rd" as their own 3rd).
 * An empty day leaves that side open; an impossible date is left out rather than sent.
 */
export function dayRange(from: string, to: string): { from?: string; to?: string } {
  const at = (day: string, time: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
    const d = new Date(`${day}T${time}`);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  };
  const r: { from?: string; to?: string } = {};
  const f = from ? at(from, '00:00:00.000') : undefined;
  const t = to ? at(to, '23:59:59.999') : undefined;
  if (f) r.from = f;
  if (t) r.to = t;
  return r;
}

/** ISO weekday of a calendar date (Monday = 1 … Sunday = 7), as the class templates count them. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Toggles one weekday in a sorted list of weekdays. */
export function toggleWeekday(days: readonly number[], day: number): number[] {
  const next = days.includes(day) ? days.filter((d) => d !== day) : [...days, day];
  return next.sort((a, b) => a - b);
}

/** A `datetime-local` input's value for an instant, in the browser's zone (what the person typed back). */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The instant a `datetime-local` value names in the browser's zone; undefined when empty or impossible. */
export function fromLocalInput(v: string): string | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The IANA zones to choose from: the browser's list, with the current value kept even if the list lacks it. */
export function timeZones(current: string | undefined, supported: () => string[]): string[] {
  let zones: string[];
  try {
    zones = supported();
  } catch {
    zones = [];
  }
  const all = new Set(['UTC', ...zones]);
  if (current) all.add(current);
  return [...all].sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)));
}

const DAY_MS = 86_400_000;

/**
 * Whole days an invitation still has, counted up (an invitation with 3 h left reads "1 day", not "0"), and 0
 * once it is past; `now` is passed in so the page and its tests agree on the instant.
 */
export function daysLeft(expiresAt: string, now: number): number {
  const ms = Date.parse(expiresAt) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.ceil(ms / DAY_MS) : 0;
}

/**
 * The invitations the members page lists: those still waiting for an answer, newest first. The API already
 * reads a pending invitation past its expiry as `expired`, so the list is by status alone.
 */
export function pendingInvitations<T extends { status: string; created_at: string }>(
  rows: readonly T[],
): T[] {
  return rows
    .filter((r) => r.status === 'pending')
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
}
