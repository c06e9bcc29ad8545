import { requestTiming, sharedQuery, type RequestTiming } from '../../platform/db/timing.js';
import type { ReserveOutcome } from './repo.js';

type Booking = { gymId: number; slotId: number; userId: number; now: Date };

/**
 * Bookings of one slot go to the database one batch at a time from this process (issue 18, the booking rush).
 * A booking of a slot with nothing in flight is sent at once, alone (`one`, the single booking statement); the
 * bookings of that slot arriving meanwhile wait for it and then go together (`many`: one statement, one lock of
 * the slot, one commit), in their order of arrival, which is the order the waitlist keeps.
 *
 * Why: the slot's row lock is held until the commit (its WAL flush). With every booking a statement of its own,
 * the bookings of a popular slot queued on that lock inside PostgreSQL, each paying its own commit, and the
 * pool's connections pipeline several statements each, so a statement of another slot sent behind a waiting one
 * waited too. Now no statement of this process waits on another's lock of the same slot, and a rush costs one
 * commit per batch. Other processes (nodes) still meet on the row lock, which is what keeps the invariants.
 *
 * A batch is all or nothing; when it fails (a booking whose user was just deleted, a lost connection), its
 * bookings are retried one by one, so an error stays the booking's own.
 */
export function createSlotQueues(o: {
  one: (b: Booking) => Promise<ReserveOutcome>;
  many: (
    gymId: number,
    slotId: number,
    bookings: { userId: number; now: Date }[],
  ) => Promise<ReserveOutcome[]>;
  /** The most bookings in one statement (a bound on how long it holds the slot's lock). */
  max?: number;
  /** Told the size of every statement sent (1 for a booking alone). */
  sent?: (bookings: number) => void;
}) {
  const max = o.max ?? 50;
  type Waiting = Booking & {
    timing: RequestTiming | undefined;
    resolve: (r: ReserveOutcome) => void;
    reject: (err: unknown) => void;
  };
  // gym:slot → the bookings waiting for the one in flight; a slot is here while something of it is in flight.
  const queues = new Map<string, Waiting[]>();

  async function decide(batch: Waiting[]): Promise<void> {
    const { gymId, slotId } = batch[0]!;
    o.sent?.(batch.length);
    if (batch.length > 1) {
      let out: ReserveOutcome[] | undefined;
      try {
        out = await sharedQuery(
          batch.map((w) => w.timing),
          () => o.many(gymId, slotId, batch),
        );
      } catch {
        // Nothing of the batch was made: each alone below.
      }
      if (out) return batch.forEach((w, i) => w.resolve(out[i]!));
    }
    for (const w of batch)
      try {
        w.resolve(await sharedQuery([w.timing], () => o.one(w)));
      } catch (err) {
        w.reject(err);
      }
  }

  async function drain(key: string, batch: Waiting[]): Promise<void> {
    for (;;) {
      await decide(batch);
      const waiting = queues.get(key)!;
      if (!waiting.length) return void queues.delete(key);
      batch = waiting.splice(0, max);
    }
  }

  return {
    reserve(b: Booking): Promise<ReserveOutcome> {
      return new Promise((resolve, reject) => {
        const key = `${b.gymId}:${b.slotId}`;
        const w: Waiting = { ...b, timing: requestTiming.getStore(), resolve, reject };
        const waiting = queues.get(key);
        if (waiting) return void waiting.push(w);
        queues.set(key, []);
        void drain(key, [w]);
      });
    },
  };
}
