import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Text, Timestamp } from './common.js';

/**
 * Rehabilitation (issue 14): an exercise catalogue, patients of a clinic (a gym), their programmes, the sessions
 * they log (at the clinic, at home or on a VR headset), progress with alerts, the physio's dashboard, paired
 * devices and the patient's view of who read their record.
 */

export const MODALITIES = ['vr', 'home', 'clinic'] as const;
export const Modality = z.enum(MODALITIES);
export type Modality = z.infer<typeof Modality>;

export const MEASURES = ['reps', 'time', 'range_of_motion'] as const;
export const Measure = z.enum(MEASURES);

export const BODY_REGIONS = [
  'knee',
  'hip',
  'ankle',
  'shoulder',
  'back',
  'neck',
  'elbow',
  'wrist',
  'other',
] as const;
export const BodyRegion = z.enum(BODY_REGIONS);

export const PATIENT_STATUSES = ['active', 'discharged', 'paused'] as const;
export const PatientStatus = z.enum(PATIENT_STATUSES);

export const SIDES = ['left', 'right', 'both', 'none'] as const;
export const Side = z.enum(SIDES);

export const ALERT_TYPES = [
  'pain_rising',
  'pain_high',
  'low_adherence',
  'rom_regression',
  'inactive',
] as const;
export const AlertType = z.enum(ALERT_TYPES);
export type AlertType = z.infer<typeof AlertType>;

const page = {
  skip: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
};

const Localised = z.object({ en: z.string(), es: z.string() });
const LocalisedIn = z.object({ en: Text.min(1).max(2000), es: Text.min(1).max(2000) });
const Url = z.url({ protocol: /^https?$/ }).max(2000);

// ---------------------------------------------------------------------------------------------- exercises

export const Exercise = z.object({
  id: z.number().int(),
  /** null: the base catalogue shipped with Pulso; else the clinic that added it. */
  gym_id: z.number().int().nullable(),
  name: Localised,
  instructions: Localised,
  body_region: BodyRegion,
  difficulty: z.number().int().min(1).max(5),
  media_url: z.string().nullable(),
  modality: Modality,
  measured_by: Measure,
  contraindications: z.array(z.string()),
  /** Where the protocol comes from (base catalogue) or null. */
  source: z.string().nullable(),
});
export type Exercise = z.infer<typeof Exercise>;

export const ExerciseQuery = z.object({
  body_region: BodyRegion.optional(),
  modality: Modality.optional(),
  ...page,
});

export const ExerciseBody = z.object({
  name: LocalisedIn,
  instructions: LocalisedIn,
  body_region: BodyRegion,
  difficulty: z.number().int().min(1).max(5),
  media_url: Url.nullable().optional(),
  modality: Modality,
  measured_by: Measure,
  contraindications: z.array(Text.min(1).max(200)).max(20).default([]),
});
export type ExerciseBody = z.infer<typeof ExerciseBody>;
export const ExercisePatchBody = ExerciseBody.partial();
export type ExercisePatchBody = z.infer<typeof ExercisePatchBody>;

// ---------------------------------------------------------------------------------------------- patients

const ClinicalText = Text.min(1).max(4000);

export const Patient = z.object({
  id: z.number().int(),
  user_id: z.number().int(),
  name: z.string(),
  diagnosis: z.string(),
  side: Side.nullable(),
  injury_date: z.string().nullable(),
  surgery_date: z.string().nullable(),
  physio_id: z.number().int().nullable(),
  goals: z.string().nullable(),
  status: PatientStatus,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Patient = z.infer<typeof Patient>;

export const PatientBody = z.object({
  user_id: Id,
  diagnosis: ClinicalText,
  side: Side.optional(),
  injury_date: IsoDate.optional(),
  surgery_date: IsoDate.optional(),
  physio_id: Id.optional(),
  goals: ClinicalText.optional(),
});
export type PatientBody = z.infer<typeof PatientBody>;

export const PatientPatchBody = z.object({
  diagnosis: ClinicalText.optional(),
  side: Side.nullable().optional(),
  injury_date: IsoDate.nullable().optional(),
  surgery_date: IsoDate.nullable().optional(),
  physio_id: Id.nullable().optional(),
  goals: ClinicalText.nullable().optional(),
  status: PatientStatus.optional(),
});
export type PatientPatchBody = z.infer<typeof PatientPatchBody>;

export const PatientQuery = z.object({
  status: PatientStatus.optional(),
  physio_id: Id.optional(),
  ...page,
});

// ---------------------------------------------------------------------------------------------- programmes

/**
 * A progression rule as data: raise `applies_to` by `increase_percent` every `every_days` while the pain after
 * every session of that period was at most `while_pain_at_most` (e.g. +10% reps a week while pain after ≤ 3).
 */
export const Progression = z.object({
  applies_to: z.enum(['reps', 'hold_s', 'duration_s']).default('reps'),
  increase_percent: z.number().min(1).max(100),
  every_days: z.number().int().min(1).max(60).default(7),
  while_pain_at_most: z.number().int().min(0).max(10).default(3),
  max: z.number().int().min(1).max(100_000).optional(),
});
export type Progression = z.infer<typeof Progression>;

export const ProgramExerciseIn = z.object({
  exercise_id: Id,
  sets: z.number().int().min(1).max(20),
  reps: z.number().int().min(1).max(500).optional(),
  hold_s: z.number().int().min(1).max(600).optional(),
  duration_s: z.number().int().min(1).max(7200).optional(),
  frequency_per_week: z.number().int().min(1).max(21),
  progression: Progression.optional(),
});
export type ProgramExerciseIn = z.infer<typeof ProgramExerciseIn>;

export const ProgramBody = z.object({ exercises: z.array(ProgramExerciseIn).min(1).max(30) });
export type ProgramBody = z.infer<typeof ProgramBody>;
export const ProgramPatchBody = z.object({
  exercises: z.array(ProgramExerciseIn).min(1).max(30).optional(),
  status: z.literal('ended').optional(),
});
export type ProgramPatchBody = z.infer<typeof ProgramPatchBody>;

export const ProgramExercise = z.object({
  exercise_id: z.number().int(),
  sets: z.number().int(),
  reps: z.number().int().nullable(),
  hold_s: z.number().int().nullable(),
  duration_s: z.number().int().nullable(),
  frequency_per_week: z.number().int(),
  progression: Progression.nullable(),
});
export type ProgramExercise = z.infer<typeof ProgramExercise>;

export const Program = z.object({
  id: z.number().int(),
  patient_id: z.number().int(),
  status: z.enum(['active', 'ended']),
  starts_on: z.string(),
  ended_at: Timestamp.nullable(),
  exercises: z.array(ProgramExercise),
  created_at: Timestamp,
});
export type Program = z.infer<typeof Program>;

export const TodayExercise = z.object({
  exercise: Exercise,
  sets: z.number().int(),
  /** After the progression rule, as of today. */
  reps: z.number().int().nullable(),
  hold_s: z.number().int().nullable(),
  duration_s: z.number().int().nullable(),
  frequency_per_week: z.number().int(),
  done_this_week: z.number().int(),
  done_today: z.boolean(),
  due_today: z.boolean(),
});
export const MyProgram = z.object({ date: z.string(), program: Program, today: z.array(TodayExercise) });
export type MyProgram = z.infer<typeof MyProgram>;

// ---------------------------------------------------------------------------------------------- sessions

export const SessionBody = z.object({
  exercise_id: Id,
  performed_at: IsoDateTime,
  patient_id: Id.optional(),
  sets_done: z.number().int().min(0).max(100).optional(),
  reps_done: z.number().int().min(0).max(10_000).optional(),
  duration_s: z.number().int().min(0).max(86_400).optional(),
  range_of_motion_deg: z.number().min(0).max(360).optional(),
  vr_score: z.number().min(0).max(100).optional(),
  pain_before: z.number().int().min(0).max(10).optional(),
  pain_after: z.number().int().min(0).max(10).optional(),
  difficulty: z.number().int().min(1).max(10).optional(),
  notes: Text.max(4000).optional(),
  client_id: Text.min(1).max(100).optional(),
});
export type SessionBody = z.infer<typeof SessionBody>;

export const Session = z.object({
  id: z.number().int(),
  patient_id: z.number().int(),
  exercise_id: z.number().int(),
  modality: Modality,
  performed_at: Timestamp,
  sets_done: z.number().int().nullable(),
  reps_done: z.number().int().nullable(),
  duration_s: z.number().int().nullable(),
  range_of_motion_deg: z.number().nullable(),
  vr_score: z.number().nullable(),
  pain_before: z.number().int().nullable(),
  pain_after: z.number().int().nullable(),
  difficulty: z.number().int().nullable(),
  notes: z.string().nullable(),
  client_id: z.string().nullable(),
  /** Who logged it: the patient, their physio (staff) or a paired device. */
  logged_via: z.enum(['patient', 'staff', 'device']),
  created_at: Timestamp,
});
export type Session = z.infer<typeof Session>;

export const SessionQuery = z.object({
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  ...page,
});

// ---------------------------------------------------------------------------------------------- progress

export const Alert = z.object({
  type: AlertType,
  /** When the condition was first seen (the session or day it rests on). */
  since: Timestamp,
  /** Numbers behind it (pain from/to, adherence, degrees lost, days without a session). */
  details: z.record(z.string(), z.number()),
  message: z.string(),
});
export type Alert = z.infer<typeof Alert>;

export const WeekProgress = z.object({
  week: z.string().describe('Monday of the week (UTC)'),
  prescribed: z.number().int(),
  done: z.number().int(),
  adherence: z.number().nullable(),
  pain_after_mean: z.number().nullable(),
  rom_max_deg: z.number().nullable(),
  vr_score_mean: z.number().nullable(),
});

export const Progress = z.object({
  patient_id: z.number().int(),
  as_of: Timestamp,
  sessions_total: z.number().int(),
  last_session_at: Timestamp.nullable(),
  weeks: z.array(WeekProgress),
  trends: z.object({
    pain: z.enum(['up', 'down', 'flat']).nullable(),
    range_of_motion: z.enum(['up', 'down', 'flat']).nullable(),
    vr_score: z.enum(['up', 'down', 'flat']).nullable(),
  }),
  alerts: z.array(Alert),
});
export type Progress = z.infer<typeof Progress>;
export const ProgressQuery = z.object({ weeks: z.coerce.number().int().min(1).max(104).default(12) });

export const DashboardRow = z.object({
  patient_id: z.number().int(),
  user_id: z.number().int(),
  name: z.string(),
  status: PatientStatus,
  physio_id: z.number().int().nullable(),
  adherence_last_week: z.number().nullable(),
  last_session_at: Timestamp.nullable(),
  pain_trend: z.enum(['up', 'down', 'flat']).nullable(),
  alerts: z.array(AlertType),
  /** Higher first: open alerts weigh most, then low adherence, then days since the last session. */
  need: z.number(),
});
export const DashboardQuery = z.object({ ...page });

// ---------------------------------------------------------------------------------------------- devices

export const DeviceAuthorizeBody = z.object({
  client_name: Text.min(1).max(100).optional(),
});
export const DeviceAuthorization = z.object({
  device_code: z.string(),
  user_code: z.string(),
  verification_uri: z.string(),
  verification_uri_complete: z.string(),
  expires_in: z.number().int(),
  interval: z.number().int(),
});
export const DeviceTokenBody = z.object({
  grant_type: z.literal('urn:ietf:params:oauth:grant-type:device_code'),
  device_code: Text.min(1).max(200),
});
export const DeviceToken = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  scope: z.string(),
  patient_id: z.number().int(),
  device_id: z.number().int(),
});
/** RFC 8628 §3.5 / RFC 6749 §5.2 error answer of the token endpoint (not problem+json: clients follow the RFC). */
export const DeviceTokenError = z.object({
  error: z.enum(['authorization_pending', 'slow_down', 'expired_token', 'access_denied', 'invalid_grant']),
  error_description: z.string(),
});
export const DeviceConfirmBody = z.object({
  user_code: Text.min(4).max(20),
  approve: z.boolean().default(true),
});
export const Device = z.object({
  id: z.number().int(),
  patient_id: z.number().int().nullable(),
  client_name: z.string().nullable(),
  status: z.enum(['pending', 'approved', 'active', 'denied', 'revoked']),
  created_at: Timestamp,
  approved_at: Timestamp.nullable(),
  last_used_at: Timestamp.nullable(),
  revoked_at: Timestamp.nullable(),
});
export type Device = z.infer<typeof Device>;
export const DeviceQuery = z.object({ ...page });

// ---------------------------------------------------------------------------------------------- access log

export const AccessLogEntry = z.object({
  at: Timestamp,
  actor_id: z.number().int().nullable(),
  actor_name: z.string().nullable(),
  actor_role: z.string().nullable(),
  action: z.string(),
});
export const AccessLogQuery = z.object({ ...page });

export const ProgramParams = z.object({ id: Id, program_id: Id });
