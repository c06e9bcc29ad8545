import { and, asc, count, desc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Keyring } from '../../platform/crypto/keyring.js';
import {
  executePrepared,
  jsonOf,
  preparedStatement,
  rowsOf,
  type Db,
  type Executor,
} from '../../platform/db/index.js';
import { gymMembers, users } from '../../platform/kernel/tables.js';
import type { CatalogueExercise } from './catalogue.js';
import type { HistorySession } from './domain/alerts.js';
import {
  rehabAccessLog,
  rehabAlerts,
  rehabDevices,
  rehabExercises,
  rehabPatients,
  rehabPatientsSealed,
  rehabPrograms,
  rehabSessions,
  rehabSessionsSealed,
  type PatientRow,
  type SessionRow,
  type StoredProgramExercise,
} from './tables.js';

export type ExerciseRow = typeof rehabExercises.$inferSelect;
export type ProgramRow = typeof rehabPrograms.$inferSelect;
export type DeviceRow = typeof rehabDevices.$inferSelect;
export type PatientWithName = PatientRow & { name: string };

export interface Page {
  skip: number;
  limit: number;
}

export interface ExerciseValues {
  nameEn: string;
  nameEs: string;
  instructionsEn: string;
  instructionsEs: string;
  bodyRegion: string;
  difficulty: number;
  mediaUrl: string | null;
  modality: string;
  measuredBy: string;
  contraindications: string[];
}

export interface PatientValues {
  diagnosis?: string;
  side?: string | null;
  injuryDate?: string | null;
  surgeryDate?: string | null;
  physioId?: number | null;
  goals?: string | null;
  status?: string;
}

export interface SessionValues {
  gymId: number;
  patientId: number;
  userId: number;
  exerciseId: number;
  modality: string;
  performedAt: Date;
  setsDone: number | null;
  repsDone: number | null;
  durationS: number | null;
  romDeg: number | null;
  vrScore: number | null;
  painBefore: number | null;
  painAfter: number | null;
  difficulty: number | null;
  notes: string | null;
  clientId: string | null;
  loggedVia: 'patient' | 'staff' | 'device';
  loggedBy: number | null;
  deviceId: number | null;
}

export interface AccessValues {
  gymId: number;
  patientId: number;
  actorId: number;
  actorRole: string;
  action: string;
  at: Date;
}

/** A patient without their clinical text (nothing to decrypt): who they are, in which clinic, whose patient. */
export interface PatientRef {
  id: number;
  gymId: number;
  userId: number;
  physioId: number | null;
  status: string;
  name: string;
}
const patientRefCols = {
  id: rehabPatients.id,
  gymId: rehabPatients.gymId,
  userId: rehabPatients.userId,
  physioId: rehabPatients.physioId,
  status: rehabPatients.status,
  name: users.name,
};

/** The light columns progress and alerts read: no encrypted text, so nothing to decrypt. */
const historyCols = {
  id: rehabSessions.id,
  patientId: rehabSessions.patientId,
  exerciseId: rehabSessions.exerciseId,
  performedAt: rehabSessions.performedAt,
  painBefore: rehabSessions.painBefore,
  painAfter: rehabSessions.painAfter,
  romDeg: rehabSessions.romDeg,
  vrScore: rehabSessions.vrScore,
};
export interface HistoryRow {
  id: number;
  patientId: number;
  exerciseId: number;
  performedAt: Date;
  painBefore: number | null;
  painAfter: number | null;
  romDeg: number | null;
  vrScore: number | null;
}

/** A history row as the alert rules read it. */
export const toHistorySession = (r: HistoryRow): HistorySession => ({
  id: r.id,
  at: r.performedAt.getTime(),
  exerciseId: r.exerciseId,
  painBefore: r.painBefore,
  painAfter: r.painAfter,
  romDeg: r.romDeg,
  vrScore: r.vrScore,
});

/** The rule rows (`ruleRow` in SQL) of a JSON array as the alert rules read them. */
type RuleRow = [number, number, number, number | null, number | null, number | null, number | null];
/**
 * A rule row as a session, made by one object literal per use: V8 decides per allocation site whether to create
 * objects straight in the old generation ("pretenuring", when most of a site's objects outlive young
 * collections). A dashboard's history (thousands of sessions kept for the whole build) gets its site tenured;
 * sharing it, the few sessions judged after each logged session were created in the old generation too and
 * filled it (bench/RESULTS.md, "Alert evaluation after the answer"). Hence two sites: `ruleSession` for the
 * reads' histories and `judgedSession` for the windows of logged sessions, written out twice on purpose: closures
 * made from one literal (a shared factory) share its allocation site. They index the row rather than destructure
 * it: an array pattern goes through the array's iterator, whose result objects were a sizeable share of what
 * each logged session allocated (the sampling heap profiler, bench/RESULTS.md).
 */
const ruleSession = (r: RuleRow): HistorySession => ({
  id: Number(r[0]),
  at: r[2],
  exerciseId: r[1],
  painBefore: r[3],
  painAfter: r[4],
  romDeg: r[5],
  vrScore: r[6],
});
const judgedSession = (r: RuleRow): HistorySession => ({
  id: Number(r[0]),
  at: r[2],
  exerciseId: r[1],
  painBefore: r[3],
  painAfter: r[4],
  romDeg: r[5],
  vrScore: r[6],
});

/** A session to log: its values (`userId` is the patient's account) and the patient the caller named, if any. */
export interface SessionInsert {
  values: Omit<SessionValues, 'patientId'>;
  patientId: number | undefined;
}
/** See `insertSessions`. */
export interface SessionInsertResult {
  patient?: PatientRef;
  row?: SessionRow;
  created: boolean;
}
/** A row of the grouped insert's answer, one per session in the group. */
type InsertedSession = Partial<InsertedRow> & {
  ord: number;
  patient_id: number | null;
  physio_id: number | null;
  status: string | null;
  name: string | null;
};

/** What the alert rules read of one patient after a session (`alertWindows`). */
export interface AlertWindow {
  history: HistorySession[];
  last: Date | null;
  program: Pick<ProgramRow, 'startsOn' | 'exercises'> | undefined;
  open: { id: number; patientId: number; type: string }[];
}

/** What inserting a session returns: the id and creation instant (ms) the database gave it. */
interface InsertedRow {
  id: number;
  created_ms: number;
}

/** All SQL of the rehabilitation module. Clinical text is sealed on the way in and opened on the way out. */
export function createRehabRepo(db: Db, kr: Keyring) {
  const openPatient = <R extends typeof rehabPatients.$inferSelect>(r: R) => rehabPatientsSealed.open(kr, r);
  const openSession = (r: typeof rehabSessions.$inferSelect): SessionRow => rehabSessionsSealed.open(kr, r);
  const patientCols = { p: rehabPatients, name: users.name };

  // Logged sessions are written with raw SQL built once as a named prepared statement (`preparedStatement`):
  // postgres.js sends an unnamed statement with parameters as two round trips (Describe, then Bind/Execute),
  // parsed and planned each time; a prepared one is one round trip. It returns only what the database made (id,
  // created_at): the rest of the answer is what was written, so the notes just sealed are not read back and
  // opened again.
  const insertedRow = (v: SessionValues, r: InsertedRow): SessionRow => ({
    id: Number(r.id),
    gymId: v.gymId,
    patientId: v.patientId,
    userId: v.userId,
    exerciseId: v.exerciseId,
    modality: v.modality,
    performedAt: v.performedAt,
    setsDone: v.setsDone,
    repsDone: v.repsDone,
    durationS: v.durationS,
    romDeg: v.romDeg,
    vrScore: v.vrScore,
    painBefore: v.painBefore,
    painAfter: v.painAfter,
    difficulty: v.difficulty,
    notes: v.notes,
    clientId: v.clientId,
    loggedVia: v.loggedVia,
    loggedBy: v.loggedBy,
    deviceId: v.deviceId,
    createdAt: new Date(Number(r.created_ms)),
  });
  // With its patient (no clinical text), which every device request reads next: one statement instead of two.
  const deviceByTokenQuery = db
    .select({ d: rehabDevices, p: patientRefCols })
    .from(rehabDevices)
    .leftJoin(
      rehabPatients,
      and(eq(rehabPatients.gymId, rehabDevices.gymId), eq(rehabPatients.id, rehabDevices.patientId)),
    )
    .leftJoin(users, eq(users.id, rehabPatients.userId))
    .where(
      and(
        // The hashes as one JSON parameter (one statement text for any number of devices), made an array so
        // that the token index is probed per hash (`= any(array)`) whatever the planner guesses of the JSON.
        sql`${rehabDevices.tokenHash} = any(array(select json_array_elements_text(${sql.placeholder('hashes')}::json)))`,
        eq(rehabDevices.status, 'active'),
      ),
    )
    .prepare('rehab_devices_by_tokens');
  // Sessions arrive as one JSON array (one parameter, so one statement text for any group size). Their ids are
  // drawn before the insert so that each inserted row is matched back to its place in the group (ON CONFLICT
  // skips rows, and RETURNING cannot name the input row); a CTE that calls nextval is evaluated once.
  const insertSessionsStatement = preparedStatement<{ rows: string }>(
    db,
    'rehab_insert_sessions',
    sql`with v as (
          select * from json_to_recordset(${sql.placeholder('rows')}::json) as v(
            ord int, gym_id int, user_id int, want int, exercise_id int, modality text, performed_at timestamptz,
            sets_done smallint, reps_done int, duration_s int, rom_deg float8, vr_score float8,
            pain_before smallint, pain_after smallint, difficulty smallint, notes text, client_id text,
            logged_via text, logged_by int, device_id int)),
        p as (
          select v.ord, rp.id, rp.physio_id, rp.status, rp.name
            from v cross join lateral (
              select rp.id, rp.physio_id, rp.status, u.name
                from rehab_patients rp join users u on u.id = rp.user_id
               where rp.gym_id = v.gym_id and rp.user_id = v.user_id
               limit 1) rp),
        n as (
          select v.*, p.id as patient_id, nextval('rehab_sessions_id_seq'::regclass)::int as sid
            from v join p on p.ord = v.ord
           where v.want is null or p.id = v.want),
        ins as (
          insert into rehab_sessions (id, gym_id, patient_id, user_id, exercise_id, modality, performed_at,
            sets_done, reps_done, duration_s, rom_deg, vr_score, pain_before, pain_after, difficulty, notes,
            client_id, logged_via, logged_by, device_id)
          select sid, gym_id, patient_id, user_id, exercise_id, modality, performed_at, sets_done, reps_done,
                 duration_s, rom_deg, vr_score, pain_before, pain_after, difficulty, notes, client_id, logged_via,
                 logged_by, device_id
            from n order by ord
          on conflict (patient_id, client_id) do nothing
          returning id, floor(extract(epoch from created_at) * 1000)::float8 as created_ms)
        select v.ord, p.id as patient_id, p.physio_id, p.status, p.name, ins.id, ins.created_ms
          from v left join p on p.ord = v.ord left join n on n.ord = v.ord left join ins on ins.id = n.sid`,
  );
  // A session as the alert rules read it: [id, exercise, ms since the epoch, pain before, pain after, ROM, VR].
  const ruleRow =
    sql.raw(`json_build_array(s.id, s.exercise_id, floor(extract(epoch from s.performed_at) * 1000)::float8,
                                            s.pain_before, s.pain_after, s.rom_deg, s.vr_score)`);
  /**
   * What the alert rules need of each patient after a session, read by the (gym, patient, performed_at) index
   * and no further back than needed: every session since `weekFrom` (the last complete week, for adherence; the
   * newest of them is the patient's last session), and before it only what that stretch lacks of the last three
   * sessions with a pain score and of the last six measured ranges of motion per exercise (the programme's, or
   * every exercise measured in the look-back when there is no programme). A typical week already holds them, so
   * the older reads stop at once (LIMIT 0). Ranking the whole look-back instead (two window functions over some
   * hundred rows per patient) cost about twice as much (bench/RESULTS.md). The JSON comes back as text and is
   * parsed only when its patient is judged (`alertWindows` answers a function per patient): parsed while the
   * group's rows streamed in, every patient's sessions lived until the last row and the evaluation, long enough
   * to be promoted to the old generation, and they were most of what filled it (bench/RESULTS.md).
   */
  const alertWindowsStatement = preparedStatement<{ patients: string; since: string; weekFrom: string }>(
    db,
    'rehab_alert_windows',
    sql`
    select q.patient_id, r.recent::text as recent,
      (select coalesce(json_agg(${ruleRow}), '[]')
         from (select * from rehab_sessions s
                where s.gym_id = q.gym_id and s.patient_id = q.patient_id
                  and s.performed_at >= ${sql.placeholder('since')}::timestamptz
                  and s.performed_at < ${sql.placeholder('weekFrom')}::timestamptz
                  and coalesce(s.pain_after, s.pain_before) is not null
                order by s.performed_at desc, s.id desc
                limit greatest(0, 3 - r.pains)) s)::text as pain,
      (select coalesce(json_agg(${ruleRow}), '[]')
         from (select coalesce((select array_agg((e->>'exercise_id')::int) from jsonb_array_elements(pr.exercises) e),
                               (select array_agg(distinct s.exercise_id) from rehab_sessions s
                                 where pr.id is null and s.gym_id = q.gym_id and s.patient_id = q.patient_id
                                   and s.performed_at >= ${sql.placeholder('since')}::timestamptz
                                   and s.rom_deg is not null)) as ids) x
         cross join unnest(x.ids) as e(exercise_id)
         cross join lateral (
               select * from rehab_sessions s
                where s.gym_id = q.gym_id and s.patient_id = q.patient_id and s.exercise_id = e.exercise_id
                  and s.performed_at >= ${sql.placeholder('since')}::timestamptz
                  and s.performed_at < ${sql.placeholder('weekFrom')}::timestamptz
                  and s.rom_deg is not null
                order by s.performed_at desc, s.id desc
                limit greatest(0, 6 - coalesce(cardinality(array_positions(r.rom_ex, e.exercise_id)), 0))) s)::text
        as rom,
      coalesce(r.last, (select floor(extract(epoch from max(s.performed_at)) * 1000)::float8 from rehab_sessions s
                         where s.gym_id = q.gym_id and s.patient_id = q.patient_id)) as last,
      (case when pr.id is not null then json_build_object('starts_on', pr.starts_on, 'exercises', pr.exercises) end)::text
        as program,
      (select coalesce(json_agg(json_build_array(a.id, a.type)), '[]') from rehab_alerts a
        where a.patient_id = q.patient_id and a.resolved_at is null)::text as open
      from json_to_recordset(${sql.placeholder('patients')}::json) as q(gym_id int, patient_id int)
      left join lateral (select p.id, p.starts_on, p.exercises from rehab_programs p
                          where p.patient_id = q.patient_id and p.status = 'active' limit 1) pr on true
      cross join lateral (
        select coalesce(json_agg(${ruleRow}), '[]') as recent,
               (count(*) filter (where coalesce(s.pain_after, s.pain_before) is not null))::int as pains,
               array_agg(s.exercise_id) filter (where s.rom_deg is not null) as rom_ex,
               floor(extract(epoch from max(s.performed_at)) * 1000)::float8 as last
          from rehab_sessions s
         where s.gym_id = q.gym_id and s.patient_id = q.patient_id
           and s.performed_at >= ${sql.placeholder('weekFrom')}::timestamptz) r`,
  );
  const ruleHistoryStatement = preparedStatement<{ gymId: number; patients: string; since: string }>(
    db,
    'rehab_rule_history',
    sql`select s.patient_id, json_agg(${ruleRow} order by s.performed_at, s.id) as rows
          from rehab_sessions s
         where s.gym_id = ${sql.placeholder('gymId')}
           and s.patient_id = any(array(select json_array_elements_text(${sql.placeholder('patients')}::json)::int))
           and s.performed_at >= ${sql.placeholder('since')}::timestamptz
         group by s.patient_id`,
  );
  /** The session a retry with this client id stored first (a retry is rare: not prepared). */
  const storedSession = async (patientId: number, clientId: string): Promise<SessionRow> => {
    const [old] = await db
      .select()
      .from(rehabSessions)
      .where(and(eq(rehabSessions.patientId, patientId), eq(rehabSessions.clientId, clientId)));
    return openSession(old!);
  };

  return {
    // ------------------------------------------------------------------------------------------ exercises
    /** Inserts or refreshes the base catalogue by slug (one statement). */
    async ensureCatalogue(list: readonly CatalogueExercise[], tx: Executor = db) {
      if (!list.length) return;
      await tx
        .insert(rehabExercises)
        .values(
          list.map((e) => ({
            gymId: null,
            slug: e.slug,
            nameEn: e.name.en,
            nameEs: e.name.es,
            instructionsEn: e.instructions.en,
            instructionsEs: e.instructions.es,
            bodyRegion: e.body_region,
            difficulty: e.difficulty,
            mediaUrl: null,
            modality: e.modality,
            measuredBy: e.measured_by,
            contraindications: e.contraindications,
            source: e.source,
          })),
        )
        .onConflictDoUpdate({
          target: rehabExercises.slug,
          set: {
            nameEn: sql`excluded.name_en`,
            nameEs: sql`excluded.name_es`,
            instructionsEn: sql`excluded.instructions_en`,
            instructionsEs: sql`excluded.instructions_es`,
            bodyRegion: sql`excluded.body_region`,
            difficulty: sql`excluded.difficulty`,
            modality: sql`excluded.modality`,
            measuredBy: sql`excluded.measured_by`,
            contraindications: sql`excluded.contraindications`,
            source: sql`excluded.source`,
          },
        });
    },

    async listExercises(
      gymId: number,
      f: { body_region?: string | undefined; modality?: string | undefined },
      page: Page,
    ) {
      const w = and(
        or(isNull(rehabExercises.gymId), eq(rehabExercises.gymId, gymId)),
        f.body_region ? eq(rehabExercises.bodyRegion, f.body_region) : undefined,
        f.modality ? eq(rehabExercises.modality, f.modality) : undefined,
      );
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(rehabExercises)
          .where(w)
          .orderBy(asc(rehabExercises.id))
          .offset(page.skip)
          .limit(page.limit),
        db.select({ n: count() }).from(rehabExercises).where(w),
      ]);
      return { rows, total: total?.n ?? 0 };
    },

    /** An exercise this gym may use: its own or the base catalogue's. */
    async usableExercise(gymId: number, id: number, tx: Executor = db): Promise<ExerciseRow | undefined> {
      const [r] = await tx
        .select()
        .from(rehabExercises)
        .where(
          and(eq(rehabExercises.id, id), or(isNull(rehabExercises.gymId), eq(rehabExercises.gymId, gymId))),
        );
      return r;
    },

    /** The base catalogue (shared by every gym; written from code, never edited through the API). */
    async baseExercises(): Promise<ExerciseRow[]> {
      return db.select().from(rehabExercises).where(isNull(rehabExercises.gymId));
    },

    async exercisesByIds(ids: number[], tx: Executor = db): Promise<ExerciseRow[]> {
      if (!ids.length) return [];
      return tx.select().from(rehabExercises).where(inArray(rehabExercises.id, ids));
    },

    async insertExercise(gymId: number, v: ExerciseValues, tx: Executor = db): Promise<ExerciseRow> {
      const [r] = await tx
        .insert(rehabExercises)
        .values({ ...v, gymId })
        .returning();
      return r!;
    },

    async updateExercise(id: number, v: Partial<ExerciseValues>, tx: Executor = db): Promise<ExerciseRow> {
      const [r] = await tx
        .update(rehabExercises)
        .set({ ...v, updatedAt: sql`now()` })
        .where(eq(rehabExercises.id, id))
        .returning();
      return r!;
    },

    // ------------------------------------------------------------------------------------------ members
    async roleIn(gymId: number, userId: number, tx: Executor = db): Promise<string | undefined> {
      const [r] = await tx
        .select({ role: gymMembers.role })
        .from(gymMembers)
        .where(and(eq(gymMembers.gymId, gymId), eq(gymMembers.userId, userId)));
      return r?.role;
    },

    // ------------------------------------------------------------------------------------------ patients
    /** Inserts the patient unless the member already is one in this gym (then undefined). */
    async insertPatient(
      gymId: number,
      userId: number,
      v: PatientValues & { diagnosis: string },
      tx: Executor = db,
    ): Promise<PatientRow | undefined> {
      const sealed = rehabPatientsSealed.seal(kr, userId, v);
      const [r] = await tx
        .insert(rehabPatients)
        .values({ ...sealed, diagnosis: sealed.diagnosis, gymId, userId })
        .onConflictDoNothing({ target: [rehabPatients.gymId, rehabPatients.userId] })
        .returning();
      return r && openPatient(r);
    },

    async patientIdOf(gymId: number, userId: number, tx: Executor = db): Promise<number | undefined> {
      const [r] = await tx
        .select({ id: rehabPatients.id })
        .from(rehabPatients)
        .where(and(eq(rehabPatients.gymId, gymId), eq(rehabPatients.userId, userId)));
      return r?.id;
    },

    /** The patient with their name, or undefined (another gym's patient is undefined too). */
    async patient(gymId: number, id: number, tx: Executor = db): Promise<PatientWithName | undefined> {
      const [r] = await tx
        .select(patientCols)
        .from(rehabPatients)
        .innerJoin(users, eq(users.id, rehabPatients.userId))
        .where(and(eq(rehabPatients.gymId, gymId), eq(rehabPatients.id, id)));
      return r && { ...openPatient(r.p), name: r.name };
    },

    /** `patient` without the clinical text, for the reads and writes that do not show it. */
    async patientRef(gymId: number, id: number): Promise<PatientRef | undefined> {
      const [r] = await db
        .select(patientRefCols)
        .from(rehabPatients)
        .innerJoin(users, eq(users.id, rehabPatients.userId))
        .where(and(eq(rehabPatients.gymId, gymId), eq(rehabPatients.id, id)));
      return r;
    },
    async patientRefOfUser(gymId: number, userId: number): Promise<PatientRef | undefined> {
      const [r] = await db
        .select(patientRefCols)
        .from(rehabPatients)
        .innerJoin(users, eq(users.id, rehabPatients.userId))
        .where(and(eq(rehabPatients.gymId, gymId), eq(rehabPatients.userId, userId)));
      return r;
    },

    async patientOfUser(gymId: number, userId: number, tx: Executor = db) {
      const [r] = await tx
        .select(patientCols)
        .from(rehabPatients)
        .innerJoin(users, eq(users.id, rehabPatients.userId))
        .where(and(eq(rehabPatients.gymId, gymId), eq(rehabPatients.userId, userId)));
      return r && { ...openPatient(r.p), name: r.name };
    },

    async listPatients(
      gymId: number,
      f: { status?: string | undefined; physio_id?: number | undefined },
      page: Page,
    ) {
      const w = and(
        eq(rehabPatients.gymId, gymId),
        f.status ? eq(rehabPatients.status, f.status) : undefined,
        f.physio_id ? eq(rehabPatients.physioId, f.physio_id) : undefined,
      );
      const [rows, [total]] = await Promise.all([
        db
          .select(patientCols)
          .from(rehabPatients)
          .innerJoin(users, eq(users.id, rehabPatients.userId))
          .where(w)
          .orderBy(asc(rehabPatients.id))
          .offset(page.skip)
          .limit(page.limit),
        db.select({ n: count() }).from(rehabPatients).where(w),
      ]);
      return { rows: rows.map((r) => ({ ...openPatient(r.p), name: r.name })), total: total?.n ?? 0 };
    },

    async updatePatient(gymId: number, id: number, userId: number, v: PatientValues, tx: Executor = db) {
      const sealed = rehabPatientsSealed.seal(kr, userId, v);
      await tx
        .update(rehabPatients)
        .set({ ...sealed, updatedAt: sql`now()` })
        .where(and(eq(rehabPatients.gymId, gymId), eq(rehabPatients.id, id)));
    },

    /** The dashboard's patients: a physio's own, or every patient of the gym (owner, admin). No clinical text. */
    async dashboardPatients(gymId: number, physioId: number | null) {
      return db
        .select({
          id: rehabPatients.id,
          userId: rehabPatients.userId,
          physioId: rehabPatients.physioId,
          status: rehabPatients.status,
          name: users.name,
        })
        .from(rehabPatients)
        .innerJoin(users, eq(users.id, rehabPatients.userId))
        .where(
          and(
            eq(rehabPatients.gymId, gymId),
            physioId != null ? eq(rehabPatients.physioId, physioId) : undefined,
            sql`${rehabPatients.status} <> 'discharged'`,
          ),
        )
        .orderBy(asc(rehabPatients.id));
    },

    async patientsOfUser(userId: number, tx: Executor = db) {
      const rows = await tx.select().from(rehabPatients).where(eq(rehabPatients.userId, userId));
      return rows.map(openPatient);
    },

    // ------------------------------------------------------------------------------------------ programmes
    async activeProgram(patientId: number, tx: Executor = db): Promise<ProgramRow | undefined> {
      const [r] = await tx
        .select()
        .from(rehabPrograms)
        .where(and(eq(rehabPrograms.patientId, patientId), eq(rehabPrograms.status, 'active')));
      return r;
    },

    async activePrograms(patientIds: number[]): Promise<ProgramRow[]> {
      if (!patientIds.length) return [];
      return db
        .select()
        .from(rehabPrograms)
        .where(and(inArray(rehabPrograms.patientId, patientIds), eq(rehabPrograms.status, 'active')));
    },

    /** Ends the active programme (if any) and inserts the new one; call inside a transaction. */
    async replaceProgram(
      v: {
        gymId: number;
        patientId: number;
        startsOn: string;
        exercises: StoredProgramExercise[];
        createdBy: number;
      },
      endedAt: Date,
      tx: Executor,
    ): Promise<ProgramRow> {
      // Serialises two concurrent creations for one patient: the second waits, then ends the first's programme.
      await tx.execute(
        sql`select id from rehab_patients where gym_id = ${v.gymId} and id = ${v.patientId} for update`,
      );
      await tx
        .update(rehabPrograms)
        .set({ status: 'ended', endedAt })
        .where(
          and(
            eq(rehabPrograms.gymId, v.gymId),
            eq(rehabPrograms.patientId, v.patientId),
            eq(rehabPrograms.status, 'active'),
          ),
        );
      const [r] = await tx.insert(rehabPrograms).values(v).returning();
      return r!;
    },

    async program(
      gymId: number,
      patientId: number,
      id: number,
      tx: Executor = db,
    ): Promise<ProgramRow | undefined> {
      const [r] = await tx
        .select()
        .from(rehabPrograms)
        .where(
          and(
            eq(rehabPrograms.gymId, gymId),
            eq(rehabPrograms.patientId, patientId),
            eq(rehabPrograms.id, id),
          ),
        );
      return r;
    },

    async updateProgram(
      gymId: number,
      id: number,
      v: { exercises?: StoredProgramExercise[]; status?: string; endedAt?: Date },
    ) {
      const [r] = await db
        .update(rehabPrograms)
        .set(v)
        .where(and(eq(rehabPrograms.gymId, gymId), eq(rehabPrograms.id, id)))
        .returning();
      return r!;
    },

    async listPrograms(gymId: number, patientId: number, page: Page) {
      const w = and(eq(rehabPrograms.gymId, gymId), eq(rehabPrograms.patientId, patientId));
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(rehabPrograms)
          .where(w)
          .orderBy(desc(rehabPrograms.id))
          .offset(page.skip)
          .limit(page.limit),
        db.select({ n: count() }).from(rehabPrograms).where(w),
      ]);
      return { rows, total: total?.n ?? 0 };
    },

    // ------------------------------------------------------------------------------------------ sessions
    /**
     * Inserts the session, or — when the patient already logged one with this client id — returns the stored one
     * with `created: false`. `ON CONFLICT DO NOTHING` on the unique (patient, client_id) index decides, so
     * concurrent retries end as one row and none of them fails.
     */
    /**
     * Logged sessions, any number in one statement and one commit (the service groups the sessions that arrive
     * while a write is under way: platform/group-write.ts). Each is checked against its patient's record (by gym
     * and account) in the same statement: `patient` is undefined when the account is no patient of the clinic,
     * and nothing is inserted when `patientId` (the one the caller named) is not theirs. Idempotent by client id:
     * a repeat, within the group too, inserts nothing and answers the session stored first. One result per
     * session, in order.
     */
    async insertSessions(list: SessionInsert[]): Promise<SessionInsertResult[]> {
      if (!list.length) return [];
      const rows = list.map(({ values: v, patientId }, ord) => ({
        ord,
        gym_id: v.gymId,
        user_id: v.userId,
        want: patientId ?? null,
        exercise_id: v.exerciseId,
        modality: v.modality,
        performed_at: v.performedAt.toISOString(),
        sets_done: v.setsDone,
        reps_done: v.repsDone,
        duration_s: v.durationS,
        rom_deg: v.romDeg,
        vr_score: v.vrScore,
        pain_before: v.painBefore,
        pain_after: v.painAfter,
        difficulty: v.difficulty,
        notes: rehabSessionsSealed.seal(kr, v.userId, { notes: v.notes }).notes ?? null,
        client_id: v.clientId,
        logged_via: v.loggedVia,
        logged_by: v.loggedBy,
        device_id: v.deviceId,
      }));
      const found = new Map(
        rowsOf<InsertedSession>(await insertSessionsStatement({ rows: JSON.stringify(rows) })).map((r) => [
          Number(r.ord),
          r,
        ]),
      );
      return Promise.all(
        list.map(async ({ values: v, patientId }, ord): Promise<SessionInsertResult> => {
          const r = found.get(ord);
          if (!r || r.patient_id == null) return { created: false };
          const patient: PatientRef = {
            id: Number(r.patient_id),
            gymId: v.gymId,
            userId: v.userId,
            physioId: r.physio_id == null ? null : Number(r.physio_id),
            status: r.status!,
            name: r.name!,
          };
          const full = { ...v, patientId: patient.id };
          if (r.id != null) return { patient, row: insertedRow(full, r as InsertedRow), created: true };
          if (patientId !== undefined && patientId !== patient.id) return { patient, created: false };
          return { patient, row: await storedSession(patient.id, v.clientId!), created: false };
        }),
      );
    },

    async listSessions(
      gymId: number,
      patientId: number,
      f: { from?: Date | undefined; to?: Date | undefined },
      page: Page,
    ) {
      const w = and(
        eq(rehabSessions.gymId, gymId),
        eq(rehabSessions.patientId, patientId),
        f.from ? gte(rehabSessions.performedAt, f.from) : undefined,
        f.to ? lte(rehabSessions.performedAt, f.to) : undefined,
      );
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(rehabSessions)
          .where(w)
          .orderBy(desc(rehabSessions.performedAt), desc(rehabSessions.id))
          .offset(page.skip)
          .limit(page.limit),
        db.select({ n: count() }).from(rehabSessions).where(w),
      ]);
      return { rows: rows.map(openSession), total: total?.n ?? 0 };
    },

    /** Light history of patients since an instant, in time order (index gym, patient, performed_at). */
    async history(
      gymId: number,
      patientIds: number[],
      since: Date,
      tx: Executor = db,
    ): Promise<HistoryRow[]> {
      if (!patientIds.length) return [];
      return tx
        .select(historyCols)
        .from(rehabSessions)
        .where(
          and(
            eq(rehabSessions.gymId, gymId),
            patientIds.length === 1
              ? eq(rehabSessions.patientId, patientIds[0]!)
              : inArray(rehabSessions.patientId, patientIds),
            gte(rehabSessions.performedAt, since),
          ),
        )
        .orderBy(asc(rehabSessions.performedAt), asc(rehabSessions.id));
    },

    /**
     * The progression rule's input, aggregated per rule period: for each exercise with a rule, one row per
     * period (counted in whole UTC days from `startDay`, `everyDays` long) that holds a session, with the highest
     * pain after of its sessions (null when none was scored). The rule only asks of a period "done?" and
     * "any pain after above the limit?", which these answer, so a programme of two years reads about a hundred
     * rows per exercise instead of every session. Periods from `startDay` on, sessions before `before`.
     */
    async progressionPeriods(
      gymId: number,
      patientId: number,
      startDay: number,
      before: Date,
      rules: { exerciseId: number; everyDays: number }[],
    ): Promise<{ exerciseId: number; period: number; maxPain: number | null }[]> {
      if (!rules.length) return [];
      const ex = `{${rules.map((r) => r.exerciseId).join(',')}}`;
      const every = `{${rules.map((r) => r.everyDays).join(',')}}`;
      // The day number is the UTC day of the instant, as dayNumber/Math.floor(ms / DAY_MS) in the code.
      const r = await db.execute(sql`
        select s.exercise_id, floor((floor(extract(epoch from s.performed_at) / 86400) - ${startDay}) / r.every)::int
                 as period, max(s.pain_after)::int as max_pain
          from rehab_sessions s
          join unnest(${ex}::int[], ${every}::int[]) as r(ex, every) on r.ex = s.exercise_id
         where s.gym_id = ${gymId} and s.patient_id = ${patientId}
           and s.performed_at >= ${new Date(startDay * 86_400_000).toISOString()}::timestamptz
           and s.performed_at < ${before.toISOString()}::timestamptz
         group by 1, 2`);
      return rowsOf<{ exercise_id: number; period: number; max_pain: number | null }>(r).map((r) => ({
        exerciseId: Number(r.exercise_id),
        period: Number(r.period),
        maxPain: r.max_pain == null ? null : Number(r.max_pain),
      }));
    },

    /**
     * What the alert rules need after new sessions, for any number of patients in one statement (one round
     * trip, one row per patient), where it took three reads per patient and the whole look-back window: of each
     * patient's sessions since `since`, only those the rules can look at — the last three with a pain score, the
     * last six with a range of motion per exercise, and every session since `weekFrom` (the last complete week
     * and this one, for adherence); the newest session of all time; the active programme; the open alert
     * episodes. The sessions come in time order, as `history` gives them, in the rules' form. Keyed by patient id.
     */
    async alertWindows(
      patients: { gymId: number; patientId: number }[],
      since: Date,
      weekFrom: Date,
    ): Promise<Map<number, () => AlertWindow>> {
      const out = new Map<number, () => AlertWindow>();
      if (!patients.length) return out;
      const r = await alertWindowsStatement({
        patients: JSON.stringify(patients.map((p) => ({ gym_id: p.gymId, patient_id: p.patientId }))),
        since: since.toISOString(),
        weekFrom: weekFrom.toISOString(),
      });
      for (const row of rowsOf<{
        patient_id: number;
        recent: string;
        pain: string;
        rom: string;
        last: number | string | null;
        program: string | null;
        open: string;
      }>(r)) {
        const patientId = Number(row.patient_id);
        out.set(patientId, () => {
          // The three parts are read apart (a session may be among both the older pain and ROM rows): one list,
          // each session once, in the order of the history.
          const byId = new Map<number, RuleRow>();
          for (const part of [row.recent, row.pain, row.rom])
            for (const h of jsonOf<RuleRow[]>(part)) byId.set(h[0], h);
          const history = [...byId.values()].sort((a, b) => a[2] - b[2] || a[0] - b[0]).map(judgedSession);
          const program = jsonOf<{ starts_on: string; exercises: StoredProgramExercise[] } | null>(
            row.program,
          );
          return {
            history,
            last: row.last == null ? null : new Date(Number(row.last)),
            program: program ? { startsOn: program.starts_on, exercises: program.exercises } : undefined,
            open: jsonOf<[number, string][]>(row.open).map(([id, type]) => ({
              id: Number(id),
              patientId,
              type,
            })),
          };
        });
      }
      return out;
    },

    /**
     * `history` as the alert rules read it, one JSON row per patient: a dashboard reads some ten thousand
     * sessions of 200 patients, and mapping each as a row cost the server several times what parsing one
     * array per patient does.
     */
    async ruleHistory(
      gymId: number,
      patientIds: number[],
      since: Date,
    ): Promise<Map<number, HistorySession[]>> {
      const out = new Map<number, HistorySession[]>();
      if (!patientIds.length) return out;
      const r = await ruleHistoryStatement({
        gymId,
        patients: JSON.stringify(patientIds),
        since: since.toISOString(),
      });
      for (const row of rowsOf<{ patient_id: number; rows: unknown }>(r))
        out.set(Number(row.patient_id), jsonOf<RuleRow[]>(row.rows).map(ruleSession));
      return out;
    },

    /** Count and last session per patient (all time). */
    async totals(gymId: number, patientIds: number[], tx: Executor = db) {
      if (!patientIds.length) return [];
      return tx
        .select({
          patientId: rehabSessions.patientId,
          n: count(),
          last: sql<Date | string | null>`max(${rehabSessions.performedAt})`,
        })
        .from(rehabSessions)
        .where(and(eq(rehabSessions.gymId, gymId), inArray(rehabSessions.patientId, patientIds)))
        .groupBy(rehabSessions.patientId);
    },

    /**
     * The last session per patient, without counting: one backward probe of the (gym, patient, performed_at)
     * index per patient, where grouping read every session of every patient (two years of a physio's 200
     * patients is a quarter of a million rows).
     */
    async lastSessions(gymId: number, patientIds: number[], tx: Executor = db) {
      if (!patientIds.length) return [];
      return tx
        .select({
          patientId: rehabPatients.id,
          // Written out with aliases: inside the subquery, drizzle's unqualified column names would bind to the
          // sessions table.
          last: sql<Date | string | null>`(select max(s.performed_at) from rehab_sessions s
            where s.gym_id = ${gymId} and s.patient_id = "rehab_patients"."id")`,
        })
        .from(rehabPatients)
        .where(and(eq(rehabPatients.gymId, gymId), inArray(rehabPatients.id, patientIds)));
    },

    async sessionsOfUser(userId: number, tx: Executor = db) {
      const rows = await tx.select().from(rehabSessions).where(eq(rehabSessions.userId, userId));
      return rows.map(openSession);
    },

    // ------------------------------------------------------------------------------------------ alerts
    /** The open alert episodes of some patients (one indexed read; the partial index holds only open rows). */
    async openAlerts(patientIds: number[], tx: Executor = db) {
      if (!patientIds.length) return [];
      return tx
        .select({ id: rehabAlerts.id, patientId: rehabAlerts.patientId, type: rehabAlerts.type })
        .from(rehabAlerts)
        .where(
          and(
            patientIds.length === 1
              ? eq(rehabAlerts.patientId, patientIds[0]!)
              : inArray(rehabAlerts.patientId, patientIds),
            isNull(rehabAlerts.resolvedAt),
          ),
        );
    },
    /**
     * Opens episodes; returns the ones this call opened (to notify once). Any unique conflict skips the row: an
     * episode of that type already open (opened concurrently by another request), or this very occurrence
     * (key) already had one.
     */
    async openEpisodes(
      rows: { gymId: number; patientId: number; type: string; key: string; raisedAt: Date }[],
      tx: Executor = db,
    ) {
      if (!rows.length) return [];
      return tx
        .insert(rehabAlerts)
        .values(rows)
        .onConflictDoNothing()
        .returning({ type: rehabAlerts.type, patientId: rehabAlerts.patientId });
    },
    async resolveAlerts(ids: number[], at: Date, tx: Executor = db) {
      if (!ids.length) return;
      await tx
        .update(rehabAlerts)
        .set({ resolvedAt: at })
        .where(and(inArray(rehabAlerts.id, ids), isNull(rehabAlerts.resolvedAt)));
    },

    // ------------------------------------------------------------------------------------------ devices
    async insertDevice(v: typeof rehabDevices.$inferInsert) {
      const [r] = await db.insert(rehabDevices).values(v).returning();
      return r!;
    },
    async deviceByCode(hash: string, tx: Executor = db) {
      const [r] = await tx.select().from(rehabDevices).where(eq(rehabDevices.deviceCodeHash, hash));
      return r;
    },
    async pendingByUserCode(hash: string, now: Date) {
      const [r] = await db
        .select()
        .from(rehabDevices)
        .where(
          and(
            eq(rehabDevices.userCodeHash, hash),
            eq(rehabDevices.status, 'pending'),
            gte(rehabDevices.expiresAt, now),
          ),
        );
      return r;
    },
    /**
     * Every request of a paired device starts here: built once and prepared (one round trip, no re-parse). The
     * device's patient comes along (undefined when the device has none or it is gone), as `patientRef` reads it.
     */
    /**
     * Active devices by token hash, with their patient (no clinical text), for any number of tokens in one
     * statement (the service groups the lookups of concurrent device requests). One answer per hash, in order.
     */
    async devicesByTokens(
      hashes: string[],
    ): Promise<({ device: DeviceRow; patient: PatientRef | undefined } | undefined)[]> {
      if (!hashes.length) return [];
      const rows = await deviceByTokenQuery.execute({ hashes: JSON.stringify(hashes) });
      const byHash = new Map(rows.map((r) => [r.d.tokenHash, r]));
      return hashes.map((h) => {
        const r = byHash.get(h);
        if (!r) return undefined;
        const p = r.p;
        return { device: r.d, patient: p && p.id != null && p.name != null ? (p as PatientRef) : undefined };
      });
    },
    /** Changes a device only from the expected status; undefined when another request changed it first. */
    async moveDevice(
      id: number,
      from: string,
      set: Partial<typeof rehabDevices.$inferInsert>,
      tx: Executor = db,
    ) {
      const [r] = await tx
        .update(rehabDevices)
        .set(set)
        .where(and(eq(rehabDevices.id, id), eq(rehabDevices.status, from)))
        .returning();
      return r;
    },
    async touchDevice(id: number, set: Partial<typeof rehabDevices.$inferInsert>) {
      await db.update(rehabDevices).set(set).where(eq(rehabDevices.id, id));
    },
    async listDevices(gymId: number, userId: number, page: Page) {
      const w = and(eq(rehabDevices.gymId, gymId), eq(rehabDevices.userId, userId));
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(rehabDevices)
          .where(w)
          .orderBy(desc(rehabDevices.id))
          .offset(page.skip)
          .limit(page.limit),
        db.select({ n: count() }).from(rehabDevices).where(w),
      ]);
      return { rows, total: total?.n ?? 0 };
    },
    async revokeDevice(gymId: number, userId: number, id: number, now: Date) {
      const [r] = await db
        .update(rehabDevices)
        .set({ status: 'revoked', revokedAt: now, tokenHash: null })
        .where(and(eq(rehabDevices.id, id), eq(rehabDevices.gymId, gymId), eq(rehabDevices.userId, userId)))
        .returning({ id: rehabDevices.id });
      return r;
    },
    async devicesOfUser(userId: number, tx: Executor = db) {
      return tx.select().from(rehabDevices).where(eq(rehabDevices.userId, userId));
    },

    // ------------------------------------------------------------------------------------------ access log
    /**
     * One statement for any number of rows (every audited read writes one, grouped by platform/group-write.ts):
     * the rows travel as one JSON parameter, so the text is fixed and prepared once per connection, where a
     * multi-row `values` was a new text, built by drizzle and parsed and planned by PostgreSQL, per batch size.
     */
    async logAccess(rows: AccessValues[], tx: Executor = db) {
      if (!rows.length) return;
      const json = JSON.stringify(
        rows.map((r) => [r.gymId, r.patientId, r.actorId, r.actorRole, r.action, r.at.toISOString()]),
      );
      await executePrepared(
        tx,
        'rehab_access_log_insert',
        sql`insert into rehab_access_log (gym_id, patient_id, actor_id, actor_role, action, at)
            select (r->>0)::int, (r->>1)::int, (r->>2)::int, r->>3, r->>4, (r->>5)::timestamptz
              from json_array_elements(${json}::json) with ordinality as x(r, n)
             order by n`,
      );
    },
    async accessLog(gymId: number, patientId: number, page: Page) {
      const w = and(eq(rehabAccessLog.gymId, gymId), eq(rehabAccessLog.patientId, patientId));
      const [rows, [total]] = await Promise.all([
        db
          .select({
            at: rehabAccessLog.at,
            actorId: rehabAccessLog.actorId,
            actorRole: rehabAccessLog.actorRole,
            action: rehabAccessLog.action,
            actorName: users.name,
          })
          .from(rehabAccessLog)
          .leftJoin(users, eq(users.id, rehabAccessLog.actorId))
          .where(w)
          .orderBy(desc(rehabAccessLog.at), desc(rehabAccessLog.id))
          .offset(page.skip)
          .limit(page.limit),
        db.select({ n: count() }).from(rehabAccessLog).where(w),
      ]);
      return { rows, total: total?.n ?? 0 };
    },
    async accessLogOfUser(userId: number, tx: Executor = db) {
      return tx
        .select({ at: rehabAccessLog.at, actorId: rehabAccessLog.actorId, action: rehabAccessLog.action })
        .from(rehabAccessLog)
        .innerJoin(
          rehabPatients,
          and(eq(rehabPatients.gymId, rehabAccessLog.gymId), eq(rehabPatients.id, rehabAccessLog.patientId)),
        )
        .where(eq(rehabPatients.userId, userId));
    },
  };
}

export type RehabRepo = ReturnType<typeof createRehabRepo>;
export type { SQL };
