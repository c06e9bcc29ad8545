/** The member pages' rules (src/lib/member.ts): cancel window, notification links, pages, live event places. */
import { describe, expect, it } from 'vitest';
import {
  applyEventSpots,
  applyEventSpotsToCache,
  cancelWindow,
  notificationTarget,
  pageFrom,
  pageInfo,
  totalOf,
  type EventSpots,
} from '../src/lib/member';

// A fixed instant: the tests never read the wall clock.
const START = '2026-12-07T18:00:00.000Z';
const at = (minutesBeforeStart: number) => Date.parse(START) - minutesBeforeStart * 60_000;

describe('cancelWindow', () => {
  it('offers cancelling a booked place until the cut-off before the start', () => {
    const w = cancelWindow('booked', START, 120, at(121));
    expect(w.state).toBe('open');
    expect(w.state === 'open' && w.until.toISOString()).toBe('2026-12-07T16:00:00.000Z');
  });
  it('explains the cut-off once inside it (at the limit itself the API refuses too)', () => {
    expect(cancelWindow('booked', START, 120, at(120))).toEqual({
      state: 'closed',
      until: new Date('2026-12-07T16:00:00.000Z'),
      cutoffMinutes: 120,
    });
    expect(cancelWindow('booked', START, 120, at(1)).state).toBe('closed');
  });
  it('lets a waitlist entry go until the start, whatever the cut-off', () => {
    expect(cancelWindow('waitlisted', START, 120, at(1))).toEqual({ state: 'open', until: new Date(START) });
  });
  it('offers nothing once started, nor for cancelled or attended places', () => {
    expect(cancelWindow('booked', START, 0, at(0)).state).toBe('none');
    expect(cancelWindow('waitlisted', START, 0, at(-5)).state).toBe('none');
    expect(cancelWindow('cancelled', START, 0, at(500)).state).toBe('none');
    expect(cancelWindow('attended', START, 0, at(500)).state).toBe('none');
    expect(cancelWindow('booked', 'not a date', 0, at(500)).state).toBe('none');
  });
  it('with no cut-off, a booked place can be cancelled until the start', () => {
    expect(cancelWindow('booked', START, 0, at(1))).toEqual({ state: 'open', until: new Date(START) });
  });
});

describe('notificationTarget', () => {
  const n = (kind: string, data: Record<string, unknown> = {}, gym_id: number | null = 3) => ({
    kind,
    gym_id,
    data,
  });
  it('sends class news and class promotions to My bookings', () => {
    expect(notificationTarget(n('session_cancelled'), '3')).toEqual({ to: '/bookings' });
    expect(notificationTarget(n('session_changed'), '3')).toEqual({ to: '/bookings' });
    expect(notificationTarget(n('waitlist_promoted', { slot_kind: 'session' }), '3')).toEqual({
      to: '/bookings',
    });
    expect(notificationTarget(n('moved_to_waitlist', { slot_kind: 'session' }), '3')).toEqual({
      to: '/bookings',
    });
  });
  it('sends event promotions to My events and event changes to the event', () => {
    expect(notificationTarget(n('waitlist_promoted', { slot_kind: 'event' }), '3')).toEqual({
      to: '/events/mine',
    });
    expect(notificationTarget(n('event_changed', { event_id: 42 }), '3')).toEqual({
      to: '/events/$id',
      id: '42',
    });
    expect(notificationTarget(n('event_changed', { event_id: 'x' }), '3')).toEqual({ to: '/events/mine' });
  });
  it('links nowhere for another gym than the chosen one, personal modules or unknown kinds', () => {
    expect(notificationTarget(n('session_cancelled', {}, 4), '3')).toBeNull();
    expect(notificationTarget(n('session_cancelled'), null)).toBeNull();
    expect(notificationTarget(n('rehab_alert', {}, null), '3')).toBeNull();
    expect(notificationTarget(n('something_new'), '3')).toBeNull();
  });
});

describe('pages', () => {
  it('reads ?page= as a whole number above 1, else page 1', () => {
    expect(pageFrom('3')).toBe(3);
    expect(pageFrom(2)).toBe(2);
    for (const v of [undefined, '', '0', '-2', '1.5', 'abc', 1]) expect(pageFrom(v)).toBe(1);
  });
  it('computes skip, page count and neighbours, clamping past the end', () => {
    expect(pageInfo(1, 20, 0)).toEqual({ page: 1, pages: 1, skip: 0, hasPrev: false, hasNext: false });
    expect(pageInfo(2, 20, 41)).toEqual({ page: 2, pages: 3, skip: 20, hasPrev: true, hasNext: true });
    expect(pageInfo(9, 20, 40)).toEqual({ page: 2, pages: 2, skip: 20, hasPrev: true, hasNext: false });
  });
  it('takes the total from X-Total-Count, or the rows when it is missing', () => {
    expect(totalOf(new Response('[]', { headers: { 'x-total-count': '57' } }), 20)).toBe(57);
    expect(totalOf(new Response('[]'), 3)).toBe(3);
    expect(totalOf(new Response('[]', { headers: { 'x-total-count': 'lots' } }), 3)).toBe(3);
  });
});

describe('live event places', () => {
  const event = {
    id: 5,
    title: 'Trail day',
    registered_count: 10,
    waitlist_count: 2,
    spots_left: 0,
    capacity: 10,
    status: 'scheduled' as const,
  };
  const spots: EventSpots = {
    kind: 'event',
    id: 5,
    capacity: 12,
    booked_count: 11,
    waitlist_count: 0,
    spots_left: 1,
    status: 'open',
  };
  it("writes the stream's booked_count and open into the event's registered_count and scheduled", () => {
    expect(applyEventSpots(event, spots)).toEqual({
      ...event,
      registered_count: 11,
      waitlist_count: 0,
      spots_left: 1,
      capacity: 12,
      status: 'scheduled',
    });
    expect(applyEventSpots(event, { ...spots, status: 'cancelled' }).status).toBe('cancelled');
  });
  it('leaves other events and session places alone (same object)', () => {
    expect(applyEventSpots(event, { ...spots, id: 6 })).toBe(event);
    expect(applyEventSpots(event, { ...spots, kind: 'session' })).toBe(event);
  });
  it('updates a page {rows, total}, a bare list and one event; untouched caches keep their identity', () => {
    const page = { rows: [event, { ...event, id: 7 }], total: 2 };
    const next = applyEventSpotsToCache(page, spots) as typeof page;
    expect(next).not.toBe(page);
    expect(next.total).toBe(2);
    expect(next.rows[0]!.spots_left).toBe(1);
    expect(next.rows[1]).toBe(page.rows[1]);
    expect((applyEventSpotsToCache([event], spots) as (typeof event)[])[0]!.registered_count).toBe(11);
    expect((applyEventSpotsToCache(event, spots) as typeof event).registered_count).toBe(11);
    const other = { rows: [{ ...event, id: 9 }], total: 1 };
    expect(applyEventSpotsToCache(other, spots)).toBe(other);
    expect(applyEventSpotsToCache(undefined, spots)).toBeUndefined();
    const registrations = { rows: [{ id: 5, status: 'booked' }], total: 1 };
    expect(applyEventSpotsToCache(registrations, spots)).toBe(registrations);
  });
});
