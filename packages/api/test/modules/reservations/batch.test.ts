/**
 * Bookings of one slot that arrive while another of it is in flight share one statement and one commit
 * (`reservations/batch.ts`, the `reserve_slot_batch` function): each is still decided as if alone, in arrival
 * order. Runs on PGlite by default and on PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addMember, createGym, createTestApp, registerUser, testNow, type TestApp } from '../../harness.js';

let t: TestApp;
let gymId: number;
const ids: number[] = [];
const hour = 3_600_000;

beforeAll(async () => {
  t = await createTestApp();
  const owner = await registerUser(t.app);
  gymId = await createGym(t.app, owner);
  for (let i = 0; i < 8; i++) {
    const p = await registerUser(t.app, { name: `B${i}` });
    await addMember(t.app, owner, gymId, p, 'member');
    ids.push(p.id);
  }
}, 180_000);
afterAll(() => t.close());

const engine = () => t.app.services.reservations;
const slot = (capacity: number | null, startsAt = testNow() + hour) =>
  engine().createSlot({ gymId, kind: 'event', capacity, startsAt: new Date(startsAt) });

/** `reservation_bookings_per_statement`'s count and sum so far. */
async function statements() {
  const { values } = await engine().bookingsPerStatement.get();
  const of = (name: string) => values.find((v) => v.metricName === name)?.value ?? 0;
  return {
    count: of('reservation_bookings_per_statement_count'),
    sum: of('reservation_bookings_per_statement_sum'),
  };
}

/** Counts the batches the engine sends (the real repo does the work). */
function countBatches() {
  const repo = engine().repo;
  const original = repo.reserveBatch.bind(repo);
  const sizes: number[] = [];
  repo.reserveBatch = (g, s, b) => {
    sizes.push(b.length);
    return original(g, s, b);
  };
  return { sizes, restore: () => void (repo.reserveBatch = original) };
}

it('simultaneous bookings of a slot are batched and decided in arrival order, a repeat in the batch refused', async () => {
  const slotId = await slot(3);
  const now = new Date(testNow());
  const who = [ids[0]!, ids[1]!, ids[2]!, ids[1]!, ids[3]!, ids[4]!, ids[3]!];
  const before = await statements();
  const batches = countBatches();
  const results = await Promise.allSettled(
    who.map((userId) => engine().reserve({ gymId, slotId, userId, now })),
  );
  batches.restore();
  // The first went alone; the rest, arrived while it was in flight, in one statement.
  expect(batches.sizes).toEqual([6]);
  // The metric counts two statements for seven bookings.
  const after = await statements();
  expect([after.count - before.count, after.sum - before.sum]).toEqual([2, 7]);
  const shown = results.map((r) =>
    r.status === 'fulfilled'
      ? { status: r.value.status, position: r.value.position }
      : (r.reason as { code: string }).code,
  );
  expect(shown).toEqual([
    { status: 'booked', position: undefined },
    { status: 'booked', position: undefined },
    { status: 'booked', position: undefined },
    'conflict',
    { status: 'waitlisted', position: 1 },
    { status: 'waitlisted', position: 2 },
    'conflict',
  ]);
  expect((await engine().counts(gymId, [slotId])).get(slotId)).toMatchObject({
    bookedCount: 3,
    waitlistCount: 2,
    spotsLeft: 0,
  });
  const { rows } = await engine().listForSlot(gymId, slotId, { skip: 0, limit: 20 });
  expect(rows.map((r) => [r.userId, r.status, r.position])).toEqual([
    [ids[0], 'booked', null],
    [ids[1], 'booked', null],
    [ids[2], 'booked', null],
    [ids[3], 'waitlisted', 1],
    [ids[4], 'waitlisted', 2],
  ]);
  // A later booking of the slot goes alone again and continues the waitlist's tickets.
  expect(await engine().reserve({ gymId, slotId, userId: ids[5]!, now })).toEqual({
    id: expect.any(Number),
    status: 'waitlisted',
    position: 3,
  });
});

it('a batch decides each booking at its own time: one made after the start is refused, not the others', async () => {
  const startsAt = testNow() + hour;
  const slotId = await slot(null, startsAt);
  const out = await engine().repo.reserveBatch(gymId, slotId, [
    { userId: ids[0]!, now: new Date(startsAt - 1000) },
    { userId: ids[1]!, now: new Date(startsAt) },
    { userId: ids[2]!, now: new Date(startsAt - 1) },
  ]);
  expect(out.map((o) => [o.slot?.started, o.reservation?.status ?? null, o.slot?.bookedCount])).toEqual([
    [false, 'booked', 1],
    [true, null, 1],
    [false, 'booked', 2],
  ]);
  // Not the gym's slot: nothing found, nothing made.
  const other = await createGym(t.app, await registerUser(t.app), 'Batch other');
  expect(await engine().repo.reserveBatch(other, slotId, [{ userId: ids[3]!, now: new Date() }])).toEqual([
    { slot: null, reservation: null },
  ]);
  // A cancelled slot refuses every booking of the batch and moves no counter.
  await engine().updateSlot(gymId, slotId, { status: 'cancelled' });
  const cancelled = await engine().repo.reserveBatch(gymId, slotId, [
    { userId: ids[3]!, now: new Date(startsAt - 1000) },
    { userId: ids[4]!, now: new Date(startsAt - 1000) },
  ]);
  expect(cancelled.map((o) => [o.slot?.status, o.reservation, o.slot?.bookedCount])).toEqual([
    ['cancelled', null, 2],
    ['cancelled', null, 2],
  ]);
});

it('a batch that fails makes nothing and its bookings are retried alone: only the bad one fails', async () => {
  const slotId = await slot(2);
  const now = new Date(testNow());
  const missingUser = 2_000_000_000; // no such user: the reservation's foreign key refuses it
  const batches = countBatches();
  const results = await Promise.allSettled(
    [ids[0]!, ids[1]!, missingUser, ids[2]!].map((userId) =>
      engine().reserve({ gymId, slotId, userId, now }),
    ),
  );
  batches.restore();
  expect(batches.sizes).toEqual([3]);
  expect(results.map((r) => (r.status === 'fulfilled' ? r.value.status : 'failed'))).toEqual([
    'booked',
    'booked',
    'failed',
    'waitlisted',
  ]);
  expect((await engine().counts(gymId, [slotId])).get(slotId)).toMatchObject({
    bookedCount: 2,
    waitlistCount: 1,
  });
});

it('bookings of different slots do not wait for each other', async () => {
  const [a, b] = [await slot(1), await slot(1)];
  const now = new Date(testNow());
  const batches = countBatches();
  const [ra, rb] = await Promise.all([
    engine().reserve({ gymId, slotId: a, userId: ids[6]!, now }),
    engine().reserve({ gymId, slotId: b, userId: ids[6]!, now }),
  ]);
  batches.restore();
  expect(batches.sizes).toEqual([]);
  expect([ra.status, rb.status]).toEqual(['booked', 'booked']);
});
