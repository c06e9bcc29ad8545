/**
 * `live.slotChanged` in a booking rush: a slot's owner is asked once per process, and the changes of one
 * event-loop turn go out once per slot, with the newest counts, in the order they were heard.
 */
import { setImmediate as turn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLive, type LiveMessage, type SlotChange } from '../../src/platform/live.js';

const quiet = { info: () => {}, warn: () => {} };
const change = (slotId: number, bookedCount: number, gymId = 1): SlotChange => ({
  gymId,
  slotId,
  kind: 'session',
  capacity: 30,
  bookedCount,
  waitlistCount: 0,
  status: 'open',
});

async function setup() {
  const live = createLive({ redis: undefined, prefix: undefined, log: quiet });
  const asked: [number, number[]][] = [];
  live.slotOwners.session = (gymId, slotIds) => {
    asked.push([gymId, slotIds]);
    // The owner's id differs from the slot's, as a session's does.
    return Promise.resolve(new Map(slotIds.map((s) => [s, s + 1000])));
  };
  const heard: LiveMessage[] = [];
  await live.subscribe((m) => heard.push(m));
  const spots = () =>
    heard.flatMap((m) => (m.type === 'spots' ? [[m.spots.id, m.spots.booked_count] as const] : []));
  return { live, asked, spots };
}

describe('live spots', () => {
  it('publishes the newest counts of each slot once per turn and asks for an owner once', async () => {
    const { live, asked, spots } = await setup();
    live.slotChanged(change(7, 1));
    live.slotChanged(change(8, 1));
    live.slotChanged(change(7, 2));
    live.slotChanged(change(7, 3));
    expect(spots()).toEqual([]);
    await turn();
    await turn();
    expect(spots()).toEqual([
      [1007, 3],
      [1008, 1],
    ]);
    expect(asked).toEqual([[1, [7, 8]]]);

    // Known slots: published without asking again.
    live.slotChanged(change(8, 2));
    await turn();
    await turn();
    expect(spots().at(-1)).toEqual([1008, 2]);
    expect(asked).toHaveLength(1);
    await live.close();
  });

  it('keeps a slot’s order when a change arrives while the owner is being looked up', async () => {
    const live = createLive({ redis: undefined, prefix: undefined, log: quiet });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    live.slotOwners.session = async (_gymId, slotIds) => {
      await gate;
      return new Map(slotIds.map((s) => [s, s]));
    };
    const booked: number[] = [];
    await live.subscribe((m) => m.type === 'spots' && booked.push(m.spots.booked_count));
    live.slotChanged(change(3, 1));
    await turn();
    // The first flush waits for the lookup; this one must not overtake it.
    live.slotChanged(change(3, 2));
    await turn();
    await turn();
    expect(booked).toEqual([]);
    release();
    for (let i = 0; i < 4; i++) await turn();
    expect(booked).toEqual([1, 2]);
    await live.close();
  });

  it('publishes nothing for a slot without an owner', async () => {
    const { live, spots } = await setup();
    live.slotOwners.session = () => Promise.resolve(new Map());
    live.slotChanged(change(5, 1));
    await turn();
    await turn();
    expect(spots()).toEqual([]);
    await live.close();
  });
});
