import type { Redis } from 'ioredis';
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
  /** A slot's places changed in `tx`: after the commit, its owner is looked up and `spots` published. */
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
 * the first `subscribe`, so the command line, which never subscribes, opens none. The channel carries the Redis
 * database number, as a shared Redis may serve several Pulso installations on different databases.
 */
export function createLive(o: { redis: Redis | undefined; log: Log }): Live {
  const listeners = new Set<(m: LiveMessage) => void>();
  const redis = o.redis;
  const channel = `pulso:live:${redis?.options.db ?? 0}`;
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

  async function spotsOf(c: SlotChange) {
    const owners = slotOwners[c.kind];
    if (!owners) return;
    const id = (await owners(c.gymId, [c.slotId])).get(c.slotId);
    if (id === undefined) return;
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

  return {
    slotOwners,
    publish(m, tx) {
      if (tx) afterCommit(tx, () => send(m));
      else send(m);
    },
    slotChanged(c, tx) {
      const run = () =>
        void spotsOf(c).catch((err: unknown) =>
          o.log.warn({ err: { message: (err as Error).message } }, 'live spots lookup failed'),
        );
      if (tx) afterCommit(tx, run);
      else run();
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
