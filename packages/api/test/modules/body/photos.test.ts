import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayOf } from '../../../src/platform/dates.js';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../src/platform/db/index.js';
import {
  addMember,
  call,
  createGym,
  createTestApp,
  expectProblem,
  gymWithRoles,
  registerUser,
  testNow,
  type TestApp,
  type TestUser,
} from '../../harness.js';

const NOW = testNow();
const day = (n: number) => addDays(todayOf(NOW), n);

let t: TestApp;
let phone: Buffer;
beforeAll(async () => {
  t = await createTestApp({ clock: () => NOW });
  // A "phone photo": 64×48 pixels stored sideways (EXIF orientation 6), with a camera owner and a GPS position.
  phone = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Copyright: 'Secret Cam' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '40/1 25/1 0/1',
        GPSLongitudeRef: 'W',
        GPSLongitude: '3/1 41/1 0/1',
      },
    })
    .toBuffer();
});
afterAll(async () => {
  await t.close();
});

const upload = (u: TestUser, body: Buffer | string, type = 'image/jpeg', q = '') =>
  call(t.app, 'POST', `/api/v1/body/photos${q}`, { token: u.token, body, headers: { 'content-type': type } });

interface Photo {
  id: number;
  date: string;
  width: number;
  height: number;
  bytes: number;
}

describe('progress photos', () => {
  it('stores a JPEG with no EXIF (no GPS, no camera owner), upright, encrypted at rest', async () => {
    const before = await sharp(phone).metadata();
    expect(before.exif).toBeDefined();
    expect(before.orientation).toBe(6);
    expect(phone.includes(Buffer.from('Secret Cam'))).toBe(true);

    const u = await registerUser(t.app);
    const res = await upload(u, phone, 'image/jpeg', `?date=${day(-1)}`);
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json<Photo>();
    // The orientation is applied to the pixels: 64×48 sideways is 48×64 upright.
    expect(p).toMatchObject({ date: day(-1), width: 48, height: 64 });

    const img = await call(t.app, 'GET', `/api/v1/body/photos/${p.id}/image`, { token: u.token });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect(img.headers['cache-control']).toBe('private, no-store');
    const out = img.rawPayload;
    expect(out.length).toBe(p.bytes);
    const after = await sharp(out).metadata();
    expect(after).toMatchObject({ format: 'jpeg', width: 48, height: 64 });
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(out.includes(Buffer.from('Secret Cam'))).toBe(false);

    const [row] = rowsOf<{ image: string }>(
      await t.database.db.execute(sql`select image from body_photos where id = ${p.id}`),
    );
    expect(row!.image).toMatch(/^v1:/);

    const list = await call(t.app, 'GET', '/api/v1/body/photos', { token: u.token });
    expect(list.headers['x-total-count']).toBe('1');
    expect(list.json<Photo[]>()).toEqual([p]);
  });

  it('accepts PNG, refuses what is not a raster photo (422) and other media types (415), and caps the size (413)', async () => {
    const u = await registerUser(t.app);
    const png = await sharp({ create: { width: 10, height: 10, channels: 4, background: '#0f0' } })
      .png()
      .toBuffer();
    expect((await upload(u, png, 'image/png')).json()).toMatchObject({ width: 10, height: 10 });
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
    const bad = expectProblem(await upload(u, svg, 'image/jpeg'), 422);
    expect(bad.errors?.map((e) => e.field)).toEqual(['body']);
    expectProblem(await upload(u, 'hello', 'image/png'), 422);
    expectProblem(await upload(u, svg, 'image/svg+xml'), 415);
    expectProblem(await upload(u, Buffer.alloc(13 * 1024 * 1024), 'image/jpeg'), 413);
    const future = expectProblem(await upload(u, png, 'image/png', `?date=${day(1)}`), 422);
    expect(future.errors?.map((e) => e.field)).toEqual(['query.date']);
    expect((await call(t.app, 'GET', '/api/v1/body/photos', { token: u.token })).json()).toHaveLength(1);
  });

  it('is visible to nobody else: another user, another gym, staff without consent or with trends-only consent get 404', async () => {
    const g = await gymWithRoles(t.app);
    const m = g.users.member;
    const p = (await upload(m, phone)).json<Photo>();
    const staffImage = (who: TestUser, gym: number) =>
      call(t.app, 'GET', `/api/v1/members/${m.id}/body/photos/${p.id}/image`, { token: who.token, gym });
    const staffList = (who: TestUser, gym: number) =>
      call(t.app, 'GET', `/api/v1/members/${m.id}/body/photos`, { token: who.token, gym });

    const other = await registerUser(t.app);
    expectProblem(await call(t.app, 'GET', `/api/v1/body/photos/${p.id}`, { token: other.token }), 404);
    expectProblem(await call(t.app, 'GET', `/api/v1/body/photos/${p.id}/image`, { token: other.token }), 404);
    expectProblem(await call(t.app, 'DELETE', `/api/v1/body/photos/${p.id}`, { token: other.token }), 404);

    for (const role of ['owner', 'admin', 'trainer', 'physio'] as const) {
      expectProblem(await staffImage(g.users[role], g.gymId), 404);
      expectProblem(await staffList(g.users[role], g.gymId), 404);
    }
    // Trends only: photos stay private.
    await call(t.app, 'PUT', `/api/v1/body/shares/${g.gymId}`, { token: m.token });
    expectProblem(await staffImage(g.users.trainer, g.gymId), 404);

    // Photos shared with this gym: its staff see them; another gym's staff, with the member in it, do not.
    const s = await call(t.app, 'PUT', `/api/v1/body/shares/${g.gymId}`, {
      token: m.token,
      body: { photos: true },
    });
    expect(s.json()).toMatchObject({ photos: true });
    const seen = await staffImage(g.users.physio, g.gymId);
    expect(seen.statusCode).toBe(200);
    expect(seen.rawPayload.length).toBe(p.bytes);
    expect((await staffList(g.users.trainer, g.gymId)).json<Photo[]>().map((x) => x.id)).toEqual([p.id]);
    expectProblem(await staffImage(g.users.member, g.gymId), 403);
    const owner2 = await registerUser(t.app);
    const gym2 = await createGym(t.app, owner2);
    await addMember(t.app, owner2, gym2, m, 'member');
    expectProblem(await staffImage(owner2, gym2), 404);

    const viewed = rowsOf<{ action: string; user_id: number }>(
      await t.database.db.execute(
        sql`select action, user_id from audit_logs where gym_id = ${g.gymId} and action = 'body.photo_viewed'`,
      ),
    );
    expect(viewed).toEqual([{ action: 'body.photo_viewed', user_id: g.users.physio.id }]);

    // Shared with one named professional: only the physio sees them, the trainer gets the same 404 as without
    // consent; naming a plain member or someone outside the gym is a 422 on that element.
    const named = await call(t.app, 'PUT', `/api/v1/body/shares/${g.gymId}`, {
      token: m.token,
      body: { photos: true, photo_viewers: [g.users.physio.id] },
    });
    expect(named.statusCode, named.body).toBe(200);
    expect(named.json()).toMatchObject({ photos: true, photo_viewers: [g.users.physio.id] });
    expect((await staffImage(g.users.physio, g.gymId)).statusCode).toBe(200);
    expectProblem(await staffImage(g.users.trainer, g.gymId), 404);
    expectProblem(await staffList(g.users.owner, g.gymId), 404);
    const notStaff = await call(t.app, 'PUT', `/api/v1/body/shares/${g.gymId}`, {
      token: m.token,
      body: { photos: true, photo_viewers: [g.users.physio.id, g.users.member.id] },
    });
    expectProblem(notStaff, 422);
    expect(notStaff.body).toContain('body.photo_viewers.1');
    expectProblem(
      await call(t.app, 'PUT', `/api/v1/body/shares/${g.gymId}`, {
        token: m.token,
        body: { photos: false, photo_viewers: [g.users.physio.id] },
      }),
      422,
    );
    // The refused changes left the consent as it was.
    expect((await call(t.app, 'GET', '/api/v1/body/shares', { token: m.token })).json()).toEqual([
      expect.objectContaining({ gym_id: g.gymId, photos: true, photo_viewers: [g.users.physio.id] }),
    ]);

    // Withdrawn: gone again. Deleted: gone for the owner too.
    await call(t.app, 'PUT', `/api/v1/body/shares/${g.gymId}`, { token: m.token, body: { photos: false } });
    expectProblem(await staffImage(g.users.physio, g.gymId), 404);
    expect((await call(t.app, 'DELETE', `/api/v1/body/photos/${p.id}`, { token: m.token })).statusCode).toBe(
      204,
    );
    expectProblem(await call(t.app, 'GET', `/api/v1/body/photos/${p.id}`, { token: m.token }), 404);
  });

  it('are in the account export and erased with the account', async () => {
    const u = await registerUser(t.app);
    const p = (await upload(u, phone)).json<Photo>();
    const exp = (await call(t.app, 'GET', '/api/v1/users/me/export', { token: u.token })).json<{
      body: { photos: (Photo & { jpeg_base64: string })[] };
    }>();
    expect(exp.body.photos).toHaveLength(1);
    expect(exp.body.photos[0]).toMatchObject({ id: p.id, width: 48 });
    expect(Buffer.from(exp.body.photos[0]!.jpeg_base64, 'base64').length).toBe(p.bytes);
    expect((await call(t.app, 'DELETE', '/api/v1/users/me', { token: u.token })).statusCode).toBe(204);
    const [left] = rowsOf<{ n: number }>(
      await t.database.db.execute(sql`select count(*)::int as n from body_photos where user_id = ${u.id}`),
    );
    expect(left!.n).toBe(0);
  });
});
