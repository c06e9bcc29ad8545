import type { Redis } from 'ioredis';
import { errorSummary } from './errors.js';
import { LRUCache } from 'lru-cache';
import { afterCommit } from './db/after-commit.js';
import type { Executor } from './db/index.js';
import type { Log } from './module.js';

export type LiveSlotKind = 'session' | 'event';

/** A notification as stored, with its time as ISO text (it crosses Redis as JSON). */
export interface LiveNotification {
  id: number;
  gymId: number | null;
  userId: number;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
}

/** The places of a class session or an event after a committed change, as streams send them. */
export interface LiveSpots {
  gym_id: number;
  kind: LiveSlotKind;
  /** The session's or the event's id (not the booking engine's slot id, which the API never shows). */
  id: number;
  capacity: number | null;
  booked_count: number;
  waitlist_count: number;
  /** null when the capacity is unlimited. */
  spots_left: number | null;
  status: 'open' | 'cancelled';
}

export type LiveMessage =
  { type: 'notification'; notification: LiveNotification } | { type: 'spots'; spots: LiveSpots };

/** A slot of the booking engine after a change, before its owner (session or event) is looked up. */
export interface SlotChange {
  gymId: number;
  slotId: number;
  kind: LiveSlotKind;
  capacity: number | null;
  bookedCount: number;
  waitlistCount: number;
  status: 'open' | 'cancelled';
}

/** slot id → the session's or event's id, for the slots of one gym that the module owns. */
export type SlotOwners = (gymId: number, slotIds: number[]) => Promise<Map<number, number>>;

/**
 * What happens now, for open streams (`GET /notifications/stream`): every process hears every message, through
 * Redis pub/sub when the cache is Redis, in-process otherwise. Messages are hints for screens that are open:
 * nothing is stored or replayed here (a stream resumes notifications from the database by Last-Event-ID).
 */
export interface Live {
  /** Tells every process, after `tx` commits (at once without a transaction). */
  publish(message: LiveMessage, tx?: Executor): void;
  /**
   * A slot's places changed in `tx`: after the commit, `spots` is published with its owner's id, at the next
   * check phase and only the newest counts of a slot that changed several times meanwhile.
   */
  slotChanged(change: SlotChange, tx?: Executor): void;
  /** Set by the modules that own slots (schedule: sessions, events: events) from their `build`. */
  readonly slotOwners: Partial<Record<LiveSlotKind, SlotOwners>>;
  /**
   * Calls `listener` with every message of every process from when the returned promise settles (the Redis
   * subscription is confirmed, or given up on after a short wait) until the returned function is called.
   */
  subscribe(listener: (m: LiveMessage) => void): Promise<() => void>;
  /** Listeners now: one per open stream of this process (the `live_streams_open` metric). */
  listening(): number;
  close(): Promise<void>;
}

const SUBSCRIBE_WAIT_MS = 2000;

/**
 * `redis`: the cache's connection (publishing shares it); a second connection is opened for the subscription on
 * the first `subscribe`, so the command line, which never subscribes, opens none. `prefix`: the cache's
 * (`pulso:<deployment namespace>:`); the channel is `<prefix>live`, so deployments sharing a Redis, even one
 * database of it, never see each other's messages (publish/subscribe ignores the database number anyway).
 */
export function createLive(o: { redis: Redis | undefined; prefix: string | undefined; log: Log }): Live {
  const listeners = new Set<(m: LiveMessage) => void>();
  const redis = o.redis;
  if (redis && !o.prefix) throw new Error('live messages over Redis need the deployment prefix');
  const channel = `${o.prefix ?? ''}live`;
  let sub: Redis | undefined;
  let subscribed: Promise<void> | undefined;
  let closed = false;

  function deliver(m: LiveMessage) {
    for (const l of listeners)
      try {
        l(m);
      } catch (err) {
        o.log.warn({ err: { message: (err as Error).message } }, 'live listener failed');
      }
  }

  function send(m: LiveMessage) {
    if (closed) return;
    // Without Redis, or while it is away, this process's streams still hear what happens here.
    if (!redis || redis.status !== 'ready') return deliver(m);
    redis.publish(channel, JSON.stringify(m)).catch(() => deliver(m));
  }

  function subscription(): Promise<void> {
    if (!redis) return Promise.resolve();
    if (subscribed) return subscribed;
    const s = (sub = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null }));
    s.on('error', () => {});
    s.on('message', (ch: string, text: string) => {
      if (ch !== channel) return;
      try {
        deliver(JSON.parse(text) as LiveMessage);
      } catch {
        /* not ours */
      }
    });
    // Re-subscribed by ioredis after a reconnect (autoResubscribe); the first confirmation is awaited once.
    subscribed = Promise.race([
      s.subscribe(channel).then(
        () => undefined,
        () => undefined,
      ),
      new Promise<void>((r) => setTimeout(r, SUBSCRIBE_WAIT_MS).unref()),
    ]);
    return subscribed;
  }

  const slotOwners: Partial<Record<LiveSlotKind, SlotOwners>> = {};

  // A slot's owner never changes (a session or an event keeps its slot for life, and ids are never reused), so
  // it is looked up once per process: in a booking rush the lookup was a second query after every booking's own
  // statement. A deleted owner takes its slot along, so a stale entry is never asked for again.
  const owners = new LRUCache<string, number>({ max: 50_000 });
  const keyOf = (c: { kind: LiveSlotKind; gymId: number; slotId: number }) =>
    `${c.kind}:${c.gymId}:${c.slotId}`;
  // Changes waiting for the next flush, the newest per slot: spots are a hint of the places now, so when a rush
  // commits many bookings of a slot in one event-loop turn, only the last counts are worth publishing (one
  // PUBLISH per slot and turn instead of one per booking).
  let waiting = new Map<string, SlotChange>();
  let flushing: Promise<void> | undefined;

  async function ownersOf(changes: SlotChange[]): Promise<void> {
    const missing = new Map<string, SlotChange[]>();
    for (const c of changes)
      if (!owners.has(keyOf(c))) {
        const k = `${c.kind}:${c.gymId}`;
        const list = missing.get(k);
        if (list) list.push(c);
        else missing.set(k, [c]);
      }
    for (const list of missing.values()) {
      const { kind, gymId } = list[0]!;
      const lookup = slotOwners[kind];
      if (!lookup) continue;
      const found = await lookup(gymId, [...new Set(list.map((c) => c.slotId))]);
      for (const [slotId, id] of found) owners.set(keyOf({ kind, gymId, slotId }), id);
    }
  }

  async function flush(): Promise<void> {
    // One flush at a time, so a slot's counts are published in the order their commits were heard.
    while (waiting.size && !closed) {
      const changes = [...waiting.values()];
      waiting = new Map();
      try {
        await ownersOf(changes);
      } catch (err) {
        o.log.warn({ err: errorSummary(err) }, 'live spots lookup failed');
      }
      for (const c of changes) {
        const id = owners.get(keyOf(c));
        if (id === undefined) continue;
        send({
          type: 'spots',
          spots: {
            gym_id: c.gymId,
            kind: c.kind,
            id,
            capacity: c.capacity,
            booked_count: c.bookedCount,
            waitlist_count: c.waitlistCount,
            spots_left: c.capacity === null ? null : Math.max(0, c.capacity - c.bookedCount),
            status: c.status,
          },
        });
      }
    }
    flushing = undefined;
  }

  function changed(c: SlotChange) {
    if (closed) return;
    waiting.set(keyOf(c), c);
    flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(flush);
  }

  return {
    slotOwners,
    publish(m, tx) {
      if (tx) afterCommit(tx, () => send(m));
      else send(m);
    },
    slotChanged(c, tx) {
      if (tx) afterCommit(tx, () => changed(c));
      else changed(c);
    },
    async subscribe(listener) {
      await subscription();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    listening: () => listeners.size,
    async close() {
      closed = true;
      listeners.clear();
      if (sub) await sub.quit().catch(() => sub?.disconnect());
    },
  };
}
