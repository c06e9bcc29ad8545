/** The reservation engine through its service API (the events module uses it the same way). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  call,
  createGym,
  createTestApp,
  registerUser,
  testNow,
  type TestApp,
  type TestUser,
} from '../../harness.js';

let t: TestApp;
let gymId: number;
let owner: TestUser;
const people: TestUser[] = [];
const hour = 3_600_000;

beforeAll(async () => {
  t = await createTestApp();
  owner = await registerUser(t.app);
  gymId = await createGym(t.app, owner);
  for (let i = 0; i < 5; i++) {
    const p = await registerUser(t.app, { name: `E${i}` });
    await addMember(t.app, owner, gymId, p, 'member');
    people.push(p);
  }
});
afterAll(() => t.close());

const engine = () => t.app.services.reservations;
const notes = async (u: TestUser) =>
  (await call(t.app, 'GET', '/api/v1/notifications', { token: u.token, gym: gymId })).json<
    { kind: string; data: Record<string, unknown> }[]
  >();

describe('reservation engine', () => {
  it('unlimited capacity never waitlists; a started or cancelled slot refuses', async () => {
    const now = new Date(testNow());
    const slotId = await engine().createSlot({
      gymId,
      kind: 'event',
      capacity: null,
      startsAt: new Date(testNow() + hour),
    });
    for (const p of people)
      expect(await engine().reserve({ gymId, slotId, userId: p.id, now })).toMatchObject({
        status: 'booked',
      });
    expect((await engine().counts(gymId, [slotId])).get(slotId)).toMatchObject({
      bookedCount: 5,
      spotsLeft: null,
    });

    const started = await engine().createSlot({
      gymId,
      kind: 'event',
      capacity: 3,
      startsAt: new Date(now.getTime() - 1000),
    });
    await expect(
      engine().reserve({ gymId, slotId: started, userId: people[0]!.id, now }),
    ).rejects.toMatchObject({
      code: 'conflict',
      detail: expect.stringMatching(/already started/),
    });
    const { affected } = await engine().updateSlot(gymId, slotId, { status: 'cancelled' });
    expect(affected.sort()).toEqual(people.map((p) => p.id).sort());
    await expect(engine().reserve({ gymId, slotId, userId: owner.id, now })).rejects.toMatchObject({
      code: 'conflict',
    });
    // Another gym's slot is not found.
    const otherGym = await createGym(t.app, owner, 'Engine other');
    await expect(engine().reserve({ gymId: otherGym, slotId, userId: owner.id, now })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('raising the capacity promotes the waitlist in arrival order, and notifies each', async () => {
    const now = new Date(testNow());
    const slotId = await engine().createSlot({
      gymId,
      kind: 'event',
      capacity: 1,
      startsAt: new Date(testNow() + 48 * hour),
    });
    const r = [];
    for (const p of people) r.push(await engine().reserve({ gymId, slotId, userId: p.id, now }));
    expect(r.map((x) => x.position ?? 0)).toEqual([0, 1, 2, 3, 4]);
    const { promoted } = await engine().updateSlot(gymId, slotId, {
      capacity: 3,
      label: 'Open day',
      timezone: 'Europe/Madrid',
    });
    expect(promoted).toEqual([people[1]!.id, people[2]!.id]);
    expect((await notes(people[1]!)).find((n) => n.data.slot_id === slotId)).toMatchObject({
      kind: 'waitlist_promoted',
      data: { name: 'Open day', slot_kind: 'event' },
    });
    expect((await notes(people[3]!)).some((n) => n.data.slot_id === slotId)).toBe(false);
    const list = await engine().listForSlot(gymId, slotId, { skip: 0, limit: 10 });
    expect(list.rows.map((x) => [x.userId, x.status, x.position])).toEqual([
      [people[0]!.id, 'booked', null],
      [people[1]!.id, 'booked', null],
      [people[2]!.id, 'booked', null],
      [people[3]!.id, 'waitlisted', 1],
      [people[4]!.id, 'waitlisted', 2],
    ]);
    // Lowering it demotes nobody; it only stops new places.
    await engine().updateSlot(gymId, slotId, { capacity: 1 });
    expect((await engine().counts(gymId, [slotId])).get(slotId)).toMatchObject({
      bookedCount: 3,
      waitlistCount: 2,
      spotsLeft: 0,
    });
    // A session route cannot cancel an event registration.
    await expect(
      engine().cancel({
        gymId,
        reservationId: r[0]!.id,
        actor: { userId: owner.id, staff: true },
        now,
        cutoffMinutes: 0,
        kind: 'session',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('erasing an account cancels its reservations first, so the waitlist moves on', async () => {
    const now = new Date(testNow());
    const leaver = await registerUser(t.app, { name: 'Leaver' });
    await addMember(t.app, owner, gymId, leaver, 'member');
    const slotId = await engine().createSlot({
      gymId,
      kind: 'session',
      capacity: 1,
      startsAt: new Date(testNow() + 24 * hour),
    });
    await engine().reserve({ gymId, slotId, userId: leaver.id, now });
    await engine().reserve({ gymId, slotId, userId: people[0]!.id, now });
    const del = await call(t.app, 'DELETE', '/api/v1/users/me', { token: leaver.token });
    expect(del.statusCode).toBe(204);
    const { rows } = await engine().listForSlot(gymId, slotId, { skip: 0, limit: 10 });
    expect(rows.map((x) => [x.userId, x.status])).toEqual([[people[0]!.id, 'booked']]);
    expect((await engine().counts(gymId, [slotId])).get(slotId)).toMatchObject({
      bookedCount: 1,
      waitlistCount: 0,
    });
  });

  it('exports a person’s reservations with their account', async () => {
    const res = await call(t.app, 'GET', '/api/v1/users/me/export', { token: people[1]!.token });
    const body = res.json<Record<string, unknown>>();
    const section = JSON.stringify(body);
    expect(section).toContain('"reservations"');
    expect(section).toMatch(/"status":"booked"/);
  });
});
