import {
  and,
  count,
  desc,
  eq,
  getTableColumns,
  gte,
  inArray,
  lte,
  asc,
  ne,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { rowsOf, type Db, type Executor } from '../../platform/db/index.js';
import { gymMembers } from '../../platform/kernel/tables.js';
import {
  bodyEntries,
  bodyEntriesSealed,
  bodyPhotos,
  bodyPhotosSealed,
  bodySettings,
  bodyShares,
  type BodyEntryRow,
} from './tables.js';

export interface EntryValues {
  userId: number;
  date: string;
  metric: string;
  value: number;
  diastolic: number | null;
  source: string;
}

export interface EntryFilter {
  metric?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const photoMeta = {
  id: bodyPhotos.id,
  userId: bodyPhotos.userId,
  date: bodyPhotos.date,
  width: bodyPhotos.width,
  height: bodyPhotos.height,
  bytes: bodyPhotos.bytes,
  createdAt: bodyPhotos.createdAt,
};
export type PhotoMeta = { [K in keyof typeof photoMeta]: (typeof photoMeta)[K]['_']['data'] };

/** All SQL of the body module. Values are sealed on the way in and opened on the way out (tables.ts). */
export function createBodyRepo(db: Db, kr: Keyring) {
  const open = (r: typeof bodyEntries.$inferSelect): BodyEntryRow => bodyEntriesSealed.open(kr, r);
  const where = (userId: number, f: EntryFilter): SQL =>
    and(
      eq(bodyEntries.userId, userId),
      f.metric ? eq(bodyEntries.metric, f.metric) : undefined,
      f.from ? gte(bodyEntries.date, f.from) : undefined,
      f.to ? lte(bodyEntries.date, f.to) : undefined,
    )!;

  return {
    /**
     * Inserts the day's entry of the metric or replaces the existing one, in one statement on the unique index:
     * concurrent posts of one day end as one row, the last writer's. `created` tells which happened (a fresh
     * row has xmax 0), `previous` is the id it replaced (the same id: the row is updated in place).
     */
    async upsert(v: EntryValues, tx: Executor = db): Promise<{ row: BodyEntryRow; created: boolean }> {
      const sealed = bodyEntriesSealed.seal(kr, v.userId, v);
      const [r] = await tx
        .insert(bodyEntries)
        .values(sealed)
        .onConflictDoUpdate({
          target: [bodyEntries.userId, bodyEntries.metric, bodyEntries.date],
          set: {
            value: sealed.value,
            diastolic: sealed.diastolic ?? null,
            source: v.source,
            updatedAt: sql`now()`,
          },
        })
        .returning({ ...getTableColumns(bodyEntries), created: sql<boolean>`(xmax = 0)` });
      const { created, ...row } = r!;
      return { row: open(row), created };
    },

    async get(userId: number, id: number, tx: Executor = db): Promise<BodyEntryRow | undefined> {
      const [r] = await tx
        .select()
        .from(bodyEntries)
        .where(and(eq(bodyEntries.userId, userId), eq(bodyEntries.id, id)));
      return r && open(r);
    },

    /** The row is locked: a PATCH decides on what it read. */
    async getForUpdate(userId: number, id: number, tx: Executor): Promise<BodyEntryRow | undefined> {
      const [r] = await tx
        .select()
        .from(bodyEntries)
        .where(and(eq(bodyEntries.userId, userId), eq(bodyEntries.id, id)))
        .for('update');
      return r && open(r);
    },

    /**
     * Moves an entry and/or changes its values. Returns null when the target day already has an entry of the
     * metric (the unique index refuses it; caught as "nothing updated" by checking first under the row lock
     * would race, so the statement itself skips the conflict).
     */
    async update(
      userId: number,
      id: number,
      v: { date: string; value: number; diastolic: number | null },
      tx: Executor,
    ): Promise<BodyEntryRow | null> {
      const sealed = bodyEntriesSealed.seal(kr, userId, { value: v.value, diastolic: v.diastolic });
      const [r] = await tx
        .update(bodyEntries)
        .set({
          date: v.date,
          value: sealed.value,
          diastolic: sealed.diastolic ?? null,
          source: 'manual',
          updatedAt: sql`now()`,
        })
        .where(
          and(
            eq(bodyEntries.userId, userId),
            eq(bodyEntries.id, id),
            sql`not exists (select 1 from ${bodyEntries} o where o.user_id = ${userId} and o.metric = ${bodyEntries.metric} and o.date = ${v.date} and o.id <> ${id})`,
          ),
        )
        .returning();
      return r ? open(r) : null;
    },

    async remove(userId: number, id: number, tx: Executor = db): Promise<BodyEntryRow | undefined> {
      const [r] = await tx
        .delete(bodyEntries)
        .where(and(eq(bodyEntries.userId, userId), eq(bodyEntries.id, id)))
        .returning();
      return r && open(r);
    },

    /** Newest first (date, then id), paginated. */
    async list(userId: number, f: EntryFilter, page: { skip: number; limit: number }, tx: Executor = db) {
      const w = where(userId, f);
      const [rows, [total]] = await Promise.all([
        tx
          .select()
          .from(bodyEntries)
          .where(w)
          .orderBy(desc(bodyEntries.date), asc(bodyEntries.metric))
          .offset(page.skip)
          .limit(page.limit),
        tx.select({ n: count() }).from(bodyEntries).where(w),
      ]);
      return { rows: rows.map(open), total: total?.n ?? 0 };
    },

    /** One metric's entries in a date range, oldest first (trends). */
    async series(userId: number, metric: string, from: string | null, to: string, tx: Executor = db) {
      const rows = await tx
        .select()
        .from(bodyEntries)
        .where(where(userId, { metric, from: from ?? undefined, to }))
        .orderBy(asc(bodyEntries.date));
      return rows.map(open);
    },

    /** The latest entry of a metric on or before `on` (and not before `notBefore`, when given). */
    async latest(userId: number, metric: string, on: string, notBefore?: string, tx: Executor = db) {
      const [r] = await tx
        .select()
        .from(bodyEntries)
        .where(where(userId, { metric, from: notBefore, to: on }))
        .orderBy(desc(bodyEntries.date))
        .limit(1);
      return r && open(r);
    },

    async all(userId: number, tx: Executor = db) {
      const rows = await tx
        .select()
        .from(bodyEntries)
        .where(eq(bodyEntries.userId, userId))
        .orderBy(asc(bodyEntries.date), asc(bodyEntries.metric));
      return rows.map(open);
    },

    // ----- consent for a gym's staff -----
    /** Idempotent: sharing again keeps the first date. The person must be a member (checked in the statement). */
    async share(userId: number, gymId: number, photos: boolean, viewers: number[] | null, tx: Executor = db) {
      const list = viewers ? sql`${`{${viewers.join(',')}}`}::int[]` : sql`null::int[]`;
      const inserted = rowsOf(
        await tx.execute(sql`
        insert into ${bodyShares} (gym_id, user_id, photos, photo_viewers)
        select ${gymId}, ${userId}, ${photos}, ${list}
        where exists (select 1 from ${gymMembers} m where m.gym_id = ${gymId} and m.user_id = ${userId})
        on conflict (gym_id, user_id) do update set photos = excluded.photos, photo_viewers = excluded.photo_viewers
        returning (xmax = 0) as created`),
      );
      const [r] = await tx
        .select()
        .from(bodyShares)
        .where(and(eq(bodyShares.gymId, gymId), eq(bodyShares.userId, userId)));
      return r && { row: r, created: (inserted[0] as { created?: boolean } | undefined)?.created === true };
    },
    async unshare(userId: number, gymId: number, tx: Executor = db) {
      const rows = await tx
        .delete(bodyShares)
        .where(and(eq(bodyShares.gymId, gymId), eq(bodyShares.userId, userId)))
        .returning();
      return rows.length > 0;
    },
    async shares(userId: number, tx: Executor = db) {
      return tx.select().from(bodyShares).where(eq(bodyShares.userId, userId)).orderBy(asc(bodyShares.gymId));
    },
    /** The consent given (photos too or not), if the person is still a member of the gym. */
    async sharedWith(
      userId: number,
      gymId: number,
      tx: Executor = db,
    ): Promise<{ photos: boolean; photoViewers: number[] | null } | undefined> {
      const [r] = await tx
        .select({ photos: bodyShares.photos, photoViewers: bodyShares.photoViewers })
        .from(bodyShares)
        .innerJoin(
          gymMembers,
          and(eq(gymMembers.gymId, bodyShares.gymId), eq(gymMembers.userId, bodyShares.userId)),
        )
        .where(and(eq(bodyShares.gymId, gymId), eq(bodyShares.userId, userId)));
      return r;
    },

    /** Of `ids`, those who are staff (any role but member) of the gym. */
    async staffAmong(gymId: number, ids: number[], tx: Executor = db): Promise<Set<number>> {
      const rows = await tx
        .select({ id: gymMembers.userId })
        .from(gymMembers)
        .where(
          and(eq(gymMembers.gymId, gymId), inArray(gymMembers.userId, ids), ne(gymMembers.role, 'member')),
        );
      return new Set(rows.map((r) => r.id));
    },

    // ----- photos -----
    async addPhoto(
      v: { userId: number; date: string; width: number; height: number; jpeg: Buffer },
      tx: Executor = db,
    ) {
      const [r] = await tx
        .insert(bodyPhotos)
        .values(
          bodyPhotosSealed.seal(kr, v.userId, {
            userId: v.userId,
            date: v.date,
            width: v.width,
            height: v.height,
            bytes: v.jpeg.length,
            image: v.jpeg.toString('base64'),
          }),
        )
        .returning(photoMeta);
      return r!;
    },
    /** Metadata only: lists never decrypt images. */
    async photos(userId: number, f: EntryFilter, page: { skip: number; limit: number }, tx: Executor = db) {
      const w = and(
        eq(bodyPhotos.userId, userId),
        f.from ? gte(bodyPhotos.date, f.from) : undefined,
        f.to ? lte(bodyPhotos.date, f.to) : undefined,
      );
      const [rows, [total]] = await Promise.all([
        tx
          .select(photoMeta)
          .from(bodyPhotos)
          .where(w)
          .orderBy(desc(bodyPhotos.date), desc(bodyPhotos.id))
          .offset(page.skip)
          .limit(page.limit),
        tx.select({ n: count() }).from(bodyPhotos).where(w),
      ]);
      return { rows, total: total?.n ?? 0 };
    },
    async photo(userId: number, id: number, tx: Executor = db) {
      const [r] = await tx
        .select(photoMeta)
        .from(bodyPhotos)
        .where(and(eq(bodyPhotos.userId, userId), eq(bodyPhotos.id, id)));
      return r;
    },
    async photoImage(userId: number, id: number, tx: Executor = db): Promise<Buffer | undefined> {
      const [r] = await tx
        .select({ userId: bodyPhotos.userId, image: bodyPhotos.image })
        .from(bodyPhotos)
        .where(and(eq(bodyPhotos.userId, userId), eq(bodyPhotos.id, id)));
      return r && Buffer.from(bodyPhotosSealed.open(kr, r).image, 'base64');
    },
    async allPhotos(userId: number, tx: Executor = db) {
      const rows = await tx
        .select()
        .from(bodyPhotos)
        .where(eq(bodyPhotos.userId, userId))
        .orderBy(asc(bodyPhotos.id));
      return rows.map((r) => bodyPhotosSealed.open(kr, r));
    },
    async removePhoto(userId: number, id: number, tx: Executor = db): Promise<boolean> {
      const rows = await tx
        .delete(bodyPhotos)
        .where(and(eq(bodyPhotos.userId, userId), eq(bodyPhotos.id, id)))
        .returning({ id: bodyPhotos.id });
      return rows.length > 0;
    },

    async settings(userId: number, tx: Executor = db) {
      const [s] = await tx.select().from(bodySettings).where(eq(bodySettings.userId, userId));
      return s;
    },

    async putSettings(userId: number, units: string, tx: Executor = db) {
      const [s] = await tx
        .insert(bodySettings)
        .values({ userId, units })
        .onConflictDoUpdate({ target: bodySettings.userId, set: { units, updatedAt: sql`now()` } })
        .returning();
      return s!;
    },
  };
}

export type BodyRepo = ReturnType<typeof createBodyRepo>;
