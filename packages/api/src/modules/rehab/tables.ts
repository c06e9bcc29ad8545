import { sql } from 'drizzle-orm';
import {
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  date,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { encrypted, encryptedTable, type Opened } from '../../platform/crypto/columns.js';
import { createdAt, updatedAt } from '../../platform/db/columns.js';
import { gyms, users } from '../../platform/kernel/tables.js';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The exercise catalogue: the base catalogue (gym_id null, loaded from catalogue.ts by slug, so a new Pulso
 * version can update its texts) and each clinic's own exercises. Not personal data.
 */
export const rehabExercises = pgTable(
  'rehab_exercises',
  {
    id: serial('id').primaryKey(),
    gymId: integer('gym_id').references(() => gyms.id, { onDelete: 'cascade' }),
    /** Base catalogue only: its stable key in catalogue.ts. */
    slug: text('slug'),
    nameEn: text('name_en').notNull(),
    nameEs: text('name_es').notNull(),
    instructionsEn: text('instructions_en').notNull(),
    instructionsEs: text('instructions_es').notNull(),
    bodyRegion: text('body_region').notNull(),
    difficulty: smallint('difficulty').notNull(),
    mediaUrl: text('media_url'),
    modality: text('modality').notNull(),
    measuredBy: text('measured_by').notNull(),
    contraindications: jsonb('contraindications').$type<string[]>().notNull().default([]),
    source: text('source'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('rehab_exercises_slug_uq').on(t.slug),
    index('rehab_exercises_gym_idx').on(t.gymId, t.id),
    check('rehab_exercises_difficulty_ck', sql`${t.difficulty} between 1 and 5`),
    check('rehab_exercises_modality_ck', sql`${t.modality} in ('vr','home','clinic')`),
  ],
);

/**
 * A member of a clinic (gym) under treatment. Clinical text (diagnosis, goals) and the injury and surgery dates
 * are special-category data (GDPR art. 9): encrypted at rest, opened only in the service, never logged.
 */
export const rehabPatients = pgTable(
  'rehab_patients',
  {
    id: serial('id'),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    physioId: integer('physio_id').references(() => users.id, { onDelete: 'set null' }),
    diagnosis: encrypted<string>('diagnosis').notNull(),
    side: text('side'),
    injuryDate: encrypted<string>('injury_date'),
    surgeryDate: encrypted<string>('surgery_date'),
    goals: encrypted<string>('goals'),
    status: text('status').notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    uniqueIndex('rehab_patients_gym_user_uq').on(t.gymId, t.userId),
    // The target of the sessions' foreign key, which holds the patient's account too (see rehabSessions).
    uniqueIndex('rehab_patients_gym_id_user_uq').on(t.gymId, t.id, t.userId),
    index('rehab_patients_gym_physio_idx').on(t.gymId, t.physioId),
    index('rehab_patients_user_idx').on(t.userId),
    check('rehab_patients_status_ck', sql`${t.status} in ('active','discharged','paused')`),
  ],
);

export const rehabPatientsSealed = encryptedTable(rehabPatients, {
  owner: 'userId',
  fields: { diagnosis: 'text', injuryDate: 'text', surgeryDate: 'text', goals: 'text' },
});
export type PatientRow = Opened<typeof rehabPatients.$inferSelect>;

export interface StoredProgramExercise {
  exercise_id: number;
  sets: number;
  reps: number | null;
  hold_s: number | null;
  duration_s: number | null;
  frequency_per_week: number;
  progression: {
    applies_to: 'reps' | 'hold_s' | 'duration_s';
    increase_percent: number;
    every_days: number;
    while_pain_at_most: number;
    max?: number | undefined;
  } | null;
}

/** A patient's programmes: one `active` at a time (partial unique index), older ones kept as `ended`. */
export const rehabPrograms = pgTable(
  'rehab_programs',
  {
    id: serial('id'),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    patientId: integer('patient_id').notNull(),
    status: text('status').notNull().default('active'),
    startsOn: date('starts_on').notNull(),
    endedAt: at('ended_at'),
    exercises: jsonb('exercises').$type<StoredProgramExercise[]>().notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    foreignKey({
      name: 'rehab_programs_patient_fk',
      columns: [t.gymId, t.patientId],
      foreignColumns: [rehabPatients.gymId, rehabPatients.id],
    }).onDelete('cascade'),
    uniqueIndex('rehab_programs_one_active_uq')
      .on(t.patientId)
      .where(sql`${t.status} = 'active'`),
    index('rehab_programs_gym_patient_idx').on(t.gymId, t.patientId, t.id),
  ],
);

/**
 * The seed's `historial_ejercicios`: one exercise done once. Indexed by (gym, patient, performed_at) for the
 * history and progress reads; `client_id` makes a retried POST find the stored session instead of logging it
 * twice (unique per patient). Notes are clinical free text: encrypted. The measures (pain, range of motion,
 * score) stay clear so progress and alerts read them in SQL-sized batches without one decryption per number.
 * One foreign key holds the gym, the patient and the patient's account together: each key is checked for every
 * inserted row, and separate keys to the gym and the account checked again what the patient's row already
 * holds (the patient goes with the gym and with the account, and takes their sessions along).
 */
export const rehabSessions = pgTable(
  'rehab_sessions',
  {
    id: serial('id'),
    gymId: integer('gym_id').notNull(),
    patientId: integer('patient_id').notNull(),
    /** The patient's account (owner of the encrypted notes; export and erasure). */
    userId: integer('user_id').notNull(),
    exerciseId: integer('exercise_id')
      .notNull()
      .references(() => rehabExercises.id, { onDelete: 'restrict' }),
    modality: text('modality').notNull(),
    performedAt: at('performed_at').notNull(),
    setsDone: smallint('sets_done'),
    repsDone: integer('reps_done'),
    durationS: integer('duration_s'),
    romDeg: doublePrecision('rom_deg'),
    vrScore: doublePrecision('vr_score'),
    painBefore: smallint('pain_before'),
    painAfter: smallint('pain_after'),
    difficulty: smallint('difficulty'),
    notes: encrypted<string>('notes'),
    clientId: text('client_id'),
    loggedVia: text('logged_via').notNull(),
    loggedBy: integer('logged_by').references(() => users.id, { onDelete: 'set null' }),
    deviceId: integer('device_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    foreignKey({
      name: 'rehab_sessions_patient_fk',
      columns: [t.gymId, t.patientId, t.userId],
      foreignColumns: [rehabPatients.gymId, rehabPatients.id, rehabPatients.userId],
    }).onDelete('cascade'),
    index('rehab_sessions_gym_patient_at_idx').on(t.gymId, t.patientId, t.performedAt),
    uniqueIndex('rehab_sessions_client_uq').on(t.patientId, t.clientId),
    index('rehab_sessions_user_idx').on(t.userId),
    check(
      'rehab_sessions_pain_ck',
      sql`${t.painBefore} between 0 and 10 and ${t.painAfter} between 0 and 10`,
    ),
    check('rehab_sessions_rom_ck', sql`${t.romDeg} between 0 and 360`),
  ],
);

export const rehabSessionsSealed = encryptedTable(rehabSessions, {
  owner: 'userId',
  fields: { notes: 'text' },
});
export type SessionRow = Opened<typeof rehabSessions.$inferSelect>;

/**
 * Alert episodes: a row opens when a rule starts to hold for a patient (`key`: the session or week it first
 * rested on) and is resolved when a full evaluation no longer finds it. At most one open episode per patient
 * and type (partial unique index), so a condition that persists over many sessions notifies the physio once;
 * after it resolves, the next occurrence opens (and notifies) a new episode. The (patient, type, key) index keeps
 * one occurrence from ever opening twice, should evaluations with different windows disagree about it.
 */
export const rehabAlerts = pgTable(
  'rehab_alerts',
  {
    id: serial('id'),
    gymId: integer('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    patientId: integer('patient_id').notNull(),
    type: text('type').notNull(),
    key: text('key').notNull(),
    raisedAt: at('raised_at').notNull(),
    resolvedAt: at('resolved_at'),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    foreignKey({
      name: 'rehab_alerts_patient_fk',
      columns: [t.gymId, t.patientId],
      foreignColumns: [rehabPatients.gymId, rehabPatients.id],
    }).onDelete('cascade'),
    uniqueIndex('rehab_alerts_uq').on(t.patientId, t.type, t.key),
    uniqueIndex('rehab_alerts_open_uq')
      .on(t.patientId, t.type)
      .where(sql`${t.resolvedAt} is null`),
  ],
);

/**
 * Paired devices (RFC 8628 in spirit). Only SHA-256 digests of the device code, the user code and the token are
 * kept. The row is pending until the patient confirms the user code, approved until the device collects its
 * token, then active until revoked.
 */
export const rehabDevices = pgTable(
  'rehab_devices',
  {
    id: serial('id').primaryKey(),
    gymId: integer('gym_id').references(() => gyms.id, { onDelete: 'cascade' }),
    patientId: integer('patient_id'),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    clientName: text('client_name'),
    deviceCodeHash: text('device_code_hash').notNull(),
    userCodeHash: text('user_code_hash').notNull(),
    tokenHash: text('token_hash'),
    status: text('status').notNull().default('pending'),
    intervalS: smallint('interval_s').notNull(),
    expiresAt: at('expires_at').notNull(),
    lastPollAt: at('last_poll_at'),
    approvedAt: at('approved_at'),
    lastUsedAt: at('last_used_at'),
    revokedAt: at('revoked_at'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    foreignKey({
      name: 'rehab_devices_patient_fk',
      columns: [t.gymId, t.patientId],
      foreignColumns: [rehabPatients.gymId, rehabPatients.id],
    }).onDelete('cascade'),
    uniqueIndex('rehab_devices_device_code_uq').on(t.deviceCodeHash),
    index('rehab_devices_user_code_idx').on(t.userCodeHash),
    uniqueIndex('rehab_devices_token_uq').on(t.tokenHash),
    index('rehab_devices_user_idx').on(t.userId, t.gymId),
  ],
);

/**
 * Who read or changed a patient's record, other than the patient (issue 14, "access auditing"). No clinical
 * text: the action is a fixed word. Goes with the patient record (its key holds the gym too, as the sessions'
 * does); the actor's id is cleared with their account.
 */
export const rehabAccessLog = pgTable(
  'rehab_access_log',
  {
    id: serial('id'),
    gymId: integer('gym_id').notNull(),
    patientId: integer('patient_id').notNull(),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    at: at('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.gymId, t.id] }),
    foreignKey({
      name: 'rehab_access_log_patient_fk',
      columns: [t.gymId, t.patientId],
      foreignColumns: [rehabPatients.gymId, rehabPatients.id],
    }).onDelete('cascade'),
    index('rehab_access_log_patient_at_idx').on(t.patientId, t.at),
  ],
);
