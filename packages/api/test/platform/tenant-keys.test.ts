/**
 * The schema stays ready for sharding by gym (docs/scaling.md: Citus with gym_id as the distribution column):
 * every gym-scoped table (one with a gym_id column) has gym_id leading its primary key, and every foreign key
 * between two gym-scoped tables includes gym_id on both sides, so that a row and the rows it references always
 * live on the same shard. Read from the migrated database's own catalog.
 *
 * The exceptions below are the tables whose gym_id may be null: a primary key cannot hold a nullable column, and
 * under Citus they are reference tables or split into a gym part and a person part first (docs/scaling.md). The
 * lists must match the catalog exactly, so a new table that breaks the rule fails here, and a table brought into
 * line must leave its list.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf, type Database } from '../../src/platform/db/index.js';

/** Gym-scoped tables whose primary key does not start with gym_id, and why. */
const PRIMARY_KEY_EXCEPTIONS: Record<string, string> = {
  audit_logs: 'gym_id is null for platform-wide events (sign-ins, administrators)',
  calendar_feeds: 'gym_id is null for a person’s own feeds (their bookings, their training plan)',
  notifications: 'gym_id is null for notifications that belong to no gym',
  segments: 'gym_id is null for a person’s own segments',
  foods: 'gym_id is null for the shipped base catalogue (a reference table under Citus)',
  rehab_exercises: 'gym_id is null for the shipped base exercises (a reference table under Citus)',
  rehab_devices:
    'gym_id is null while a pairing is pending: the device asks for a code before a patient (and so a clinic) ' +
    'confirms it; its foreign key to the patient does carry gym_id',
};

/** Foreign keys between gym-scoped tables without gym_id on both sides, and why. */
const FOREIGN_KEY_EXCEPTIONS: Record<string, string> = {
  rehab_sessions_exercise_id_rehab_exercises_id_fk:
    'a session may be of a base exercise (gym_id null), so the exercise cannot be matched on the session’s gym',
};

/**
 * Gym-scoped tables keyed by (gym_id, id) that still have a unique index on id alone, and why. Citus refuses a
 * unique index without the distribution column, so each is a step left before distribution.
 */
const ID_UNIQUE_EXCEPTIONS: Record<string, string> = {
  nutrition_plans:
    'the plan tree (nutrition_days, nutrition_meals, nutrition_items) has no gym_id and references the plan by ' +
    'id alone; the tree gets gym_id (and composite keys) before distribution',
  recipes:
    'recipe_ingredients has no gym_id and references the recipe by id alone; it gets gym_id before distribution',
};

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ dataDir: null });
  await database.migrate();
}, 120_000);
afterAll(async () => database?.close());

const columns = (rel: string, keys: string) =>
  sql.raw(`(select coalesce(array_agg(a.attname::text order by k.i), '{}')
              from unnest(${keys}) with ordinality k(n, i)
              join pg_attribute a on a.attrelid = ${rel} and a.attnum = k.n)`);

const gymScoped = sql.raw(`exists (select 1 from pg_attribute a
  where a.attrelid = c.oid and a.attname = 'gym_id' and not a.attisdropped)`);

describe('tenant keys (sharding by gym_id)', () => {
  it('every gym-scoped table has gym_id leading its primary key, the listed exceptions aside', async () => {
    const tables = rowsOf<{ t: string; pk: string[] | null }>(
      await database.db.execute(sql`
        select c.relname as t, ${columns('c.oid', 'con.conkey')} as pk
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          left join pg_constraint con on con.conrelid = c.oid and con.contype = 'p'
         where n.nspname = 'public' and c.relkind in ('r', 'p') and ${gymScoped}
         order by 1`),
    );
    // The query does see gym-scoped tables, those that follow the rule among them.
    expect(tables.find((r) => r.t === 'gym_members')?.pk).toEqual(['gym_id', 'user_id']);
    const violations = tables.filter((r) => r.pk?.[0] !== 'gym_id').map((r) => r.t);
    expect(violations.sort()).toEqual(Object.keys(PRIMARY_KEY_EXCEPTIONS).sort());
  });

  it('every foreign key between gym-scoped tables includes gym_id on both sides, the listed exceptions aside', async () => {
    const fks = rowsOf<{ name: string; child: string; parent: string; cols: string[]; pcols: string[] }>(
      await database.db.execute(sql`
        select con.conname as name, c.relname as child, p.relname as parent,
               ${columns('c.oid', 'con.conkey')} as cols, ${columns('p.oid', 'con.confkey')} as pcols
          from pg_constraint con
          join pg_class c on c.oid = con.conrelid
          join pg_class p on p.oid = con.confrelid
          join pg_namespace n on n.oid = c.relnamespace
         where con.contype = 'f' and n.nspname = 'public' and ${gymScoped}
           and exists (select 1 from pg_attribute a
                        where a.attrelid = p.oid and a.attname = 'gym_id' and not a.attisdropped)
         order by 1`),
    );
    expect(fks.length).toBeGreaterThan(0);
    const violations = fks
      .filter((f) => !f.cols.includes('gym_id') || !f.pcols.includes('gym_id'))
      .map((f) => f.name);
    expect(violations.sort()).toEqual(Object.keys(FOREIGN_KEY_EXCEPTIONS).sort());
  });

  it('no table keyed by (gym_id, id) keeps a unique index on id alone, the listed exceptions aside', async () => {
    const rows = rowsOf<{ t: string }>(
      await database.db.execute(sql`
        select distinct c.relname as t
          from pg_index i
          join pg_class c on c.oid = i.indrelid
          join pg_namespace n on n.oid = c.relnamespace
          join pg_constraint pk on pk.conrelid = c.oid and pk.contype = 'p'
         where n.nspname = 'public' and i.indisunique and not i.indisprimary and i.indnkeyatts = 1
           and ${columns('c.oid', 'i.indkey::int2[]')} = array['id']
           and ${columns('c.oid', 'pk.conkey')} = array['gym_id', 'id']
         order by 1`),
    );
    expect(rows.map((r) => r.t).sort()).toEqual(Object.keys(ID_UNIQUE_EXCEPTIONS).sort());
  });
});
