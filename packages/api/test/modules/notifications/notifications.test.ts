import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../src/platform/db/index.js';
import {
  addMember,
  call,
  createGym,
  createTestApp,
  expectProblem,
  gymWithRoles,
  registerUser,
  testDay,
  type TestApp,
  type TestUser,
} from '../../harness.js';

let t: TestApp;
let gymId: number;
let users: Awaited<ReturnType<typeof gymWithRoles>>['users'];

interface N {
  id: number;
  gym_id: number;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  read_at: string | null;
  created_at: string;
}

const list = async (u: TestUser, o: { gym?: number; query?: Record<string, string>; lang?: string } = {}) => {
  const res = await call(t.app, 'GET', '/api/v1/notifications', {
    token: u.token,
    gym: o.gym ?? gymId,
    query: o.query,
    headers: o.lang ? { 'accept-language': o.lang } : {},
  });
  expect(res.statusCode).toBe(200);
  return { rows: res.json<N[]>(), res };
};

async function fresh(role = 'member'): Promise<TestUser> {
  const u = await registerUser(t.app);
  await addMember(t.app, users.owner, gymId, u, role);
  return u;
}

const send = (userId: number, n: number, g = gymId) =>
  t.app.services.notifications.notify(
    Array.from({ length: n }, (_, i) => ({
      gymId: g,
      userId,
      kind: 'session_cancelled' as const,
      data: { name: `Class ${i}`, starts_at: '2026-10-25T08:00:00.000Z', timezone: 'Europe/Madrid' },
    })),
  );

beforeAll(async () => {
  t = await createTestApp();
  ({ gymId, users } = await gymWithRoles(t.app));
});
afterAll(() => t.close());

describe('notifications', () => {
  it('keeps title, body and data encrypted at rest (a notice can be health data), and reads them back', async () => {
    const u = await fresh();
    const marker = 'Paciente marcador-7d1e';
    await t.app.services.notifications.notify([
      {
        gymId,
        userId: u.id,
        kind: 'rehab_alert',
        data: { type: 'pain_rising', name: marker, patient_id: 1 },
      },
    ]);
    const raw = rowsOf<Record<string, unknown>>(
      await t.database.db.execute(
        sql.raw(`select kind, title, body, data from notifications where user_id = ${u.id}`),
      ),
    );
    expect(raw).toHaveLength(1);
    expect(raw[0]!.kind).toBe('rehab_alert');
    const stored = JSON.stringify(raw);
    expect(stored).not.toContain('marcador-7d1e');
    expect(stored).not.toContain('pain_rising');
    for (const col of ['title', 'body', 'data']) expect(raw[0]![col]).toMatch(/^v1:/);
    const [n] = (await list(u)).rows;
    expect(n!.data).toEqual({ type: 'pain_rising', name: marker, patient_id: 1 });
    expect(n!.body).toContain(marker);
  });

  it('lists mine in this gym, newest first, paginated, with an unread filter', async () => {
    const u = await fresh();
    expect((await list(u)).rows).toEqual([]);
    for (let i = 0; i < 3; i++) await send(u.id, 1);
    const all = await list(u);
    expect(all.rows).toHaveLength(3);
    expect(all.res.headers['x-total-count']).toBe('3');
    expect(all.rows.map((r) => r.data.name)).toEqual(['Class 0', 'Class 0', 'Class 0']);
    const ids = all.rows.map((r) => r.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(all.rows[0]).toMatchObject({
      gym_id: gymId,
      kind: 'session_cancelled',
      read_at: null,
      title: 'Class cancelled',
    });
    expect(all.rows[0]!.body).toBe('The class "Class 0" on Oct 25, 2026, 9:00 AM has been cancelled.');

    const page = await list(u, { query: { limit: '2', skip: '1' } });
    expect(page.rows.map((r) => r.id)).toEqual(ids.slice(1, 3));
    expect(page.res.headers.link).toContain('rel="prev"');

    const read = await call(t.app, 'POST', `/api/v1/notifications/${ids[1]}/read`, {
      token: u.token,
      gym: gymId,
    });
    expect(read.statusCode).toBe(200);
    expect(read.json<N>().read_at).not.toBeNull();
    // Reading again keeps the first read time.
    const again = await call(t.app, 'POST', `/api/v1/notifications/${ids[1]}/read`, {
      token: u.token,
      gym: gymId,
    });
    expect(again.json<N>().read_at).toBe(read.json<N>().read_at);

    const unread = await list(u, { query: { unread: 'true' } });
    expect(unread.rows.map((r) => r.id)).toEqual([ids[0], ids[2]]);
    expect(unread.res.headers['x-total-count']).toBe('2');
    expect((await list(u, { query: { unread: 'false' } })).rows).toHaveLength(3);
    expectProblem(
      await call(t.app, 'GET', '/api/v1/notifications', {
        token: u.token,
        gym: gymId,
        query: { unread: 'yes' },
      }),
      422,
    );

    const all2 = await call(t.app, 'POST', '/api/v1/notifications/read-all', { token: u.token, gym: gymId });
    expect(all2.statusCode).toBe(200);
    expect(all2.json()).toEqual({ updated: 2 });
    expect((await list(u, { query: { unread: 'true' } })).rows).toEqual([]);
    expect(
      (await call(t.app, 'POST', '/api/v1/notifications/read-all', { token: u.token, gym: gymId })).json(),
    ).toEqual({
      updated: 0,
    });
  });

  it('renders in Spanish for Accept-Language: es', async () => {
    const u = await fresh();
    await send(u.id, 1);
    const [n] = (await list(u, { lang: 'es-ES,es;q=0.9,en;q=0.5' })).rows;
    expect(n!.title).toBe('Clase cancelada');
    expect(n!.body).toContain('«Class 0»');
    expect(n!.body).toContain('9:00');
  });

  it("never shows or marks another person's or another gym's notifications", async () => {
    const a = await fresh();
    const b = await fresh();
    await send(a.id, 1);
    const [na] = (await list(a)).rows;
    expectProblem(
      await call(t.app, 'POST', `/api/v1/notifications/${na!.id}/read`, { token: b.token, gym: gymId }),
      404,
    );
    expect((await list(b)).rows).toEqual([]);
    expect(
      (await call(t.app, 'POST', '/api/v1/notifications/read-all', { token: b.token, gym: gymId })).json(),
    ).toEqual({
      updated: 0,
    });
    expect((await list(a)).rows[0]!.read_at).toBeNull();

    // a also belongs to a second gym: each gym shows its own.
    const otherOwner = await registerUser(t.app);
    const g2 = await createGym(t.app, otherOwner, 'Second');
    await addMember(t.app, otherOwner, g2, a, 'member');
    await send(a.id, 2, g2);
    expect((await list(a)).rows.map((r) => r.gym_id)).toEqual([gymId]);
    expect((await list(a, { gym: g2 })).rows.map((r) => r.gym_id)).toEqual([g2, g2]);
    expectProblem(
      await call(t.app, 'POST', `/api/v1/notifications/${na!.id}/read`, { token: a.token, gym: g2 }),
      404,
    );
    expectProblem(
      await call(t.app, 'POST', '/api/v1/notifications/999999/read', { token: a.token, gym: gymId }),
      404,
    );
  });

  it('lists all of mine at /users/me/notifications: every gym and personal ones (gym_id null), no header needed', async () => {
    const a = await fresh();
    const b = await fresh();
    const otherOwner = await registerUser(t.app);
    const g2 = await createGym(t.app, otherOwner, 'Third');
    await addMember(t.app, otherOwner, g2, a, 'member');
    await send(a.id, 1);
    await send(a.id, 1, g2);
    // What a personal module (no gym) sends.
    await t.app.services.notify([
      { gymId: null, userId: a.id, kind: 'session_cancelled', data: { name: 'Personal' } },
    ]);
    await send(b.id, 1);
    const mine = async (u: TestUser, query?: Record<string, string>) => {
      const res = await call(t.app, 'GET', '/api/v1/users/me/notifications', { token: u.token, query });
      expect(res.statusCode).toBe(200);
      return res;
    };
    const all = await mine(a);
    expect(all.json<N[]>().map((r) => r.gym_id)).toEqual([null, g2, gymId]);
    expect(all.headers['x-total-count']).toBe('3');
    // The gym view still shows only that gym's.
    expect((await list(a)).rows.map((r) => r.gym_id)).toEqual([gymId]);
    const personal = all.json<N[]>()[0]!;
    expect(personal.title).toBe('Class cancelled');
    expectProblem(
      await call(t.app, 'POST', `/api/v1/users/me/notifications/${personal.id}/read`, { token: b.token }),
      404,
    );
    const read = await call(t.app, 'POST', `/api/v1/users/me/notifications/${personal.id}/read`, {
      token: a.token,
    });
    expect(read.statusCode).toBe(200);
    expect(read.json<N>().read_at).not.toBeNull();
    expect((await mine(a, { unread: 'true' })).json<N[]>()).toHaveLength(2);
    const readAll = await call(t.app, 'POST', '/api/v1/users/me/notifications/read-all', { token: a.token });
    expect(readAll.json()).toEqual({ updated: 2 });
    // b's notification is untouched by a's read-all.
    expect((await mine(b, { unread: 'true' })).json<N[]>()).toHaveLength(1);
    expectProblem(await call(t.app, 'GET', '/api/v1/users/me/notifications', {}), 401);
  });

  it('refuses a kind no module declares (a typo would store texts nobody can render)', async () => {
    const u = await fresh();
    await expect(
      t.app.services.notify([{ gymId, userId: u.id, kind: 'no_such_kind', data: {} }]),
    ).rejects.toThrow(/no_such_kind/);
    expect((await list(u)).rows).toEqual([]);
  });

  it('are notified when a booked class session is cancelled, and are part of the account export', async () => {
    const u = await fresh();
    const cls = await call(t.app, 'POST', '/api/v1/schedule/classes', {
      token: users.owner.token,
      gym: gymId,
      body: {
        name: 'Spin',
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        start_time: '18:00',
        duration_min: 45,
        capacity: 10,
        start_date: testDay(2),
      },
    });
    expect(cls.statusCode).toBe(201);
    const day = testDay(3);
    const sessions = await call(t.app, 'GET', '/api/v1/schedule/sessions', {
      token: u.token,
      gym: gymId,
      query: { from: day, to: day, class_id: String(cls.json<{ id: number }>().id) },
    });
    const [s] = sessions.json<{ id: number }[]>();
    expect(
      (
        await call(t.app, 'POST', `/api/v1/schedule/sessions/${s!.id}/bookings`, {
          token: u.token,
          gym: gymId,
        })
      ).statusCode,
    ).toBe(201);
    const cancel = await call(t.app, 'PATCH', `/api/v1/schedule/sessions/${s!.id}`, {
      token: users.owner.token,
      gym: gymId,
      body: { status: 'cancelled' },
    });
    expect(cancel.statusCode).toBe(200);
    const [n] = (await list(u)).rows;
    expect(n).toMatchObject({ kind: 'session_cancelled' });
    expect(n!.body).toContain('Spin');

    const exp = await call(t.app, 'GET', '/api/v1/users/me/export', { token: u.token });
    expect(exp.statusCode).toBe(200);
    expect(JSON.stringify(exp.json())).toContain('session_cancelled');
  });
});
