/** The live stream's browser rules: tickets, resuming after the last notification, backoff, resync, places. */
import { describe, expect, it } from 'vitest';
import { applySpots, backoff, connectLive, type EventSourceLike, type LiveSpots } from '../src/lib/live';

class FakeSource implements EventSourceLike {
  listeners = new Map<string, ((e: { data: string }) => void)[]>();
  onerror: ((e: unknown) => void) | null = null;
  onopen: ((e: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  addEventListener(type: string, l: (e: { data: string }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
  }
  emit(type: string, data: unknown) {
    for (const l of this.listeners.get(type) ?? []) l({ data: JSON.stringify(data) });
  }
  close() {
    this.closed = true;
  }
}

function harness(tickets: (string | Error)[]) {
  const sources: FakeSource[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const got = { notes: [] as number[], spots: [] as LiveSpots[], resyncs: 0 };
  const conn = connectLive({
    ticket: () => {
      const t = tickets.shift() ?? new Error('no ticket');
      return t instanceof Error ? Promise.reject(t) : Promise.resolve(t);
    },
    open: (url) => {
      const s = new FakeSource(url);
      sources.push(s);
      return s;
    },
    onNotification: (n) => got.notes.push(n.id),
    onSpots: (s) => got.spots.push(s),
    onResync: () => got.resyncs++,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
  });
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return { sources, timers, got, conn, flush };
}

const spots: LiveSpots = {
  gym_id: 1,
  kind: 'session',
  id: 7,
  capacity: 10,
  booked_count: 10,
  waitlist_count: 2,
  spots_left: 0,
  status: 'open',
};

describe('connectLive', () => {
  it('opens with a ticket and resumes after the last notification with a new one', async () => {
    const h = harness(['t1', 't2']);
    await h.flush();
    expect(h.sources[0]!.url).toBe('/api/v1/notifications/stream?ticket=t1');
    h.sources[0]!.onopen?.({});
    h.sources[0]!.emit('notification', { id: 4 });
    h.sources[0]!.emit('notification', { id: 9 });
    h.sources[0]!.emit('notification', { id: 9 });
    h.sources[0]!.emit('spots', spots);
    expect(h.got.notes).toEqual([4, 9]);
    expect(h.got.spots).toEqual([spots]);

    h.sources[0]!.onerror?.({});
    expect(h.sources[0]!.closed).toBe(true);
    expect(h.timers.map((t) => t.ms)).toEqual([5000]);
    h.timers[0]!.fn();
    await h.flush();
    expect(h.sources[1]!.url).toBe('/api/v1/notifications/stream?ticket=t2&last_event_id=9');
    // Places are not replayed: once back, what is shown is reloaded.
    h.sources[1]!.onopen?.({});
    expect(h.got.resyncs).toBe(1);
    h.conn.close();
    expect(h.sources[1]!.closed).toBe(true);
  });

  it('waits longer after each failure to get a ticket, and starts over once connected', async () => {
    const h = harness([new Error('offline'), new Error('offline'), 't3']);
    await h.flush();
    expect(h.sources).toHaveLength(0);
    h.timers[0]!.fn();
    await h.flush();
    h.timers[1]!.fn();
    await h.flush();
    expect(h.timers.map((t) => t.ms)).toEqual([5000, 10000]);
    expect(h.sources).toHaveLength(1);
    h.sources[0]!.onopen?.({});
    h.sources[0]!.onerror?.({});
    expect(h.timers.at(-1)!.ms).toBe(5000);
    h.conn.close();
  });

  it('passes a resync event on and ignores data it cannot read', async () => {
    const h = harness(['t']);
    await h.flush();
    h.sources[0]!.emit('resync', {});
    for (const l of h.sources[0]!.listeners.get('notification') ?? []) l({ data: 'not json' });
    expect(h.got.resyncs).toBe(1);
    expect(h.got.notes).toEqual([]);
    h.conn.close();
  });
});

describe('backoff', () => {
  it('doubles from the server hint up to a minute', () => {
    expect([0, 1, 2, 3, 4, 10].map((a) => backoff(a))).toEqual([5000, 10000, 20000, 40000, 60000, 60000]);
  });
});

describe('applySpots', () => {
  it('replaces the places of the matching row only, keeping the list when nothing matches', () => {
    const rows = [
      { id: 7, booked_count: 3, waitlist_count: 0, spots_left: 7, capacity: 10, status: 'open' },
      { id: 8, booked_count: 1, waitlist_count: 0, spots_left: 9, capacity: 10, status: 'open' },
    ];
    const next = applySpots(rows, spots)!;
    expect(next[0]).toEqual({
      id: 7,
      booked_count: 10,
      waitlist_count: 2,
      spots_left: 0,
      capacity: 10,
      status: 'open',
    });
    expect(next[1]).toBe(rows[1]);
    expect(applySpots(rows, { ...spots, id: 99 })).toBe(rows);
    expect(applySpots(undefined, spots)).toBeUndefined();
  });
});

describe('week days', () => {
  it('finds the Monday and moves by whole days across month and year ends', async () => {
    const { addDays, mondayOf } = await import('../src/lib/week');
    expect(mondayOf('2026-12-05')).toBe('2026-11-30');
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(mondayOf('2027-01-03')).toBe('2026-12-28');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
  });
});
