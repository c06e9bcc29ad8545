/**
 * The schema stays ready for sharding by gym (docs/scaling.md: Citus with gym_id as the distribution column):
 * every gym-scoped table (one with a gym_id column) has gym_id leading its primary key, and every foreign key
 * between two gym-scoped tables includes gym_id on both sides, so that a row and the rows it references always
 * live on the same shard. Read from the migrated database's own catalog.
 *
 * The tables below were made before this rule. Each is listed with why it is not changed yet; the lists must
 * match the catalog exactly, so a new table that breaks the rule fails here, and a table brought into line must
 * leave the list.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf, type Database } from '../../src/platform/db/index.js';

const SERIAL_ID =
  'a serial id is its primary key: ids in URLs and in foreign keys from tables without gym_id point at it alone; ' +
  'it becomes (gym_id, id) in the expand/contract migration of docs/scaling.md, before any distribution';

/** Gym-scoped tables whose primary key does not start with gym_id, and why. */
const PRIMARY_KEY_EXCEPTIONS: Record<string, string> = {
  audit_logs: 'gym_id is null for platform-wide events (sign-ins, administrators); ' + SERIAL_ID,
  calendar_feeds: SERIAL_ID,
  class_categories: SERIAL_ID,
  class_sessions: SERIAL_ID,
  classes: SERIAL_ID,
  events: SERIAL_ID,
  gym_invitations: SERIAL_ID,
  notifications: 'gym_id is null for notifications that belong to no gym; ' + SERIAL_ID,
  reservable_slots: SERIAL_ID,
  reservations: SERIAL_ID,
  segments: 'gym_id is null for a person’s own segments; ' + SERIAL_ID,
  // Written in the same release as this test, on the serial-id pattern of the tables above; they move with
  // them (docs/scaling.md), and until then this list is the to-do.
  ai_generations: SERIAL_ID,
  foods: 'gym_id is null for the shipped base catalogue (a reference table under Citus); ' + SERIAL_ID,
  nutrition_completions: SERIAL_ID,
  nutrition_consents: SERIAL_ID,
  nutrition_diary: SERIAL_ID,
  nutrition_follows: SERIAL_ID,
  nutrition_plans: SERIAL_ID,
  nutrition_screenings: SERIAL_ID,
  recipes: SERIAL_ID,
  rehab_access_log: SERIAL_ID,
  rehab_alerts: SERIAL_ID,
  rehab_devices: SERIAL_ID,
  rehab_exercises:
    'gym_id is null for the shipped base exercises (a reference table under Citus); ' + SERIAL_ID,
  rehab_patients: SERIAL_ID,
  rehab_programs: SERIAL_ID,
  rehab_sessions: SERIAL_ID,
};

const REFERENCED_BY_ID = 'references the parent’s serial id alone (see the parent’s primary-key exception)';
/** Foreign keys between gym-scoped tables without gym_id on both sides, and why. */
const FOREIGN_KEY_EXCEPTIONS: Record<string, string> = {
  class_sessions_class_id_classes_id_fk: REFERENCED_BY_ID,
  class_sessions_slot_id_reservable_slots_id_fk: REFERENCED_BY_ID,
  classes_category_id_class_categories_id_fk: REFERENCED_BY_ID,
  events_slot_id_reservable_slots_id_fk: REFERENCED_BY_ID,
  reservations_slot_id_reservable_slots_id_fk: REFERENCED_BY_ID,
  nutrition_completions_plan_id_nutrition_plans_id_fk: REFERENCED_BY_ID,
  nutrition_follows_plan_id_nutrition_plans_id_fk: REFERENCED_BY_ID,
  rehab_access_log_patient_id_rehab_patients_id_fk: REFERENCED_BY_ID,
  rehab_alerts_patient_id_rehab_patients_id_fk: REFERENCED_BY_ID,
  rehab_devices_patient_id_rehab_patients_id_fk: REFERENCED_BY_ID,
  rehab_programs_patient_id_rehab_patients_id_fk: REFERENCED_BY_ID,
  rehab_sessions_exercise_id_rehab_exercises_id_fk: REFERENCED_BY_ID,
  rehab_sessions_patient_id_rehab_patients_id_fk: REFERENCED_BY_ID,
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
});
