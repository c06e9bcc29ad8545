import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Text, Timestamp } from './common.js';

/** Personal running data: athlete profile, workouts and their import, HRV, wellness and overtraining status. */

export const CalendarDate = IsoDate;

export const SEXES = ['male', 'female'] as const;
export const EXPERIENCE_LEVELS = ['beginner', 'intermediate', 'advanced', 'elite'] as const;
export const SPORTS = ['run', 'trail_run', 'walk', 'hike', 'ride', 'swim', 'strength', 'other'] as const;
export const Sport = z.enum(SPORTS);

const Hr = z.number().int().min(25).max(250);

export const AthleteGoalRace = z
  .object({
    distance_km: z.number().positive().max(1000),
    date: CalendarDate,
    target_time_s: z
      .number()
      .int()
      .positive()
      .max(30 * 86400)
      .nullable()
      .optional(),
  })
  .strict();

export const AthleteProfileBody = z
  .object({
    birth_date: CalendarDate.nullable().optional(),
    sex: z.enum(SEXES).nullable().optional(),
    weight_kg: z.number().min(20).max(300).nullable().optional(),
    height_cm: z.number().min(100).max(250).nullable().optional(),
    max_hr: z.number().int().min(100).max(240).nullable().optional(),
    resting_hr: z.number().int().min(25).max(120).nullable().optional(),
    threshold_pace_s_per_km: z
      .number()
      .min(120)
      .max(900)
      .nullable()
      .optional()
      .describe('Lactate-threshold pace, s/km'),
    weekly_volume_km: z.number().min(0).max(500).nullable().optional(),
    goal_race: AthleteGoalRace.nullable().optional(),
    experience_level: z.enum(EXPERIENCE_LEVELS).nullable().optional(),
  })
  .strict();
export type AthleteProfileBody = z.infer<typeof AthleteProfileBody>;

export const AthleteProfile = z.object({
  birth_date: z.string().nullable(),
  age: z.number().int().nullable(),
  sex: z.enum(SEXES).nullable(),
  weight_kg: z.number().nullable(),
  height_cm: z.number().nullable(),
  bmi: z.number().nullable(),
  max_hr: z.number().int().nullable(),
  resting_hr: z.number().int().nullable(),
  threshold_pace_s_per_km: z.number().nullable(),
  weekly_volume_km: z.number().nullable(),
  goal_race: z
    .object({ distance_km: z.number(), date: z.string(), target_time_s: z.number().int().nullable() })
    .nullable(),
  experience_level: z.enum(EXPERIENCE_LEVELS).nullable(),
  updated_at: Timestamp.nullable(),
});
export type AthleteProfile = z.infer<typeof AthleteProfile>;

const WorkoutFields = {
  started_at: IsoDateTime,
  sport: Sport,
  distance_km: z.number().min(0).max(1000).nullable(),
  duration_s: z
    .number()
    .int()
    .positive()
    .max(7 * 86400),
  moving_time_s: z
    .number()
    .int()
    .min(0)
    .max(7 * 86400)
    .nullable(),
  elevation_gain_m: z.number().min(0).max(20000).nullable(),
  avg_hr: Hr.nullable(),
  max_hr: Hr.nullable(),
  rpe: z.number().int().min(1).max(10).nullable().describe('Session RPE, CR-10 scale (Foster 2001)'),
  notes: Text.max(2000).nullable(),
};

export const WorkoutCreateBody = z
  .object({
    started_at: WorkoutFields.started_at,
    sport: WorkoutFields.sport.default('run'),
    distance_km: WorkoutFields.distance_km.optional(),
    duration_s: WorkoutFields.duration_s,
    moving_time_s: WorkoutFields.moving_time_s.optional(),
    elevation_gain_m: WorkoutFields.elevation_gain_m.optional(),
    avg_hr: WorkoutFields.avg_hr.optional(),
    max_hr: WorkoutFields.max_hr.optional(),
    rpe: WorkoutFields.rpe.optional(),
    notes: WorkoutFields.notes.optional(),
  })
  .strict();
export type WorkoutCreateBody = z.infer<typeof WorkoutCreateBody>;

export const WorkoutPatchBody = z
  .object({
    started_at: WorkoutFields.started_at.optional(),
    sport: WorkoutFields.sport.optional(),
    distance_km: WorkoutFields.distance_km.optional(),
    duration_s: WorkoutFields.duration_s.optional(),
    moving_time_s: WorkoutFields.moving_time_s.optional(),
    elevation_gain_m: WorkoutFields.elevation_gain_m.optional(),
    avg_hr: WorkoutFields.avg_hr.optional(),
    max_hr: WorkoutFields.max_hr.optional(),
    rpe: WorkoutFields.rpe.optional(),
    notes: WorkoutFields.notes.optional(),
  })
  .strict();
export type WorkoutPatchBody = z.infer<typeof WorkoutPatchBody>;

export const WorkoutQuery = z.object({
  from: CalendarDate.optional().describe('First day (inclusive, UTC)'),
  to: CalendarDate.optional().describe('Last day (inclusive, UTC)'),
  sport: Sport.optional(),
  skip: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type WorkoutQuery = z.infer<typeof WorkoutQuery>;

export const Workout = z.object({
  id: z.number().int(),
  started_at: Timestamp,
  sport: Sport,
  distance_km: z.number().nullable(),
  duration_s: z.number().int(),
  moving_time_s: z.number().int().nullable(),
  elevation_gain_m: z.number().nullable(),
  avg_hr: z.number().int().nullable(),
  max_hr: z.number().int().nullable(),
  rpe: z.number().int().nullable(),
  notes: z.string().nullable(),
  source: z.enum(['manual', 'gpx', 'tcx', 'fit']),
  has_track: z.boolean(),
  pace_s_per_km: z.number().nullable(),
  training_load: z.object({
    srpe: z.number().nullable().describe('Session RPE × minutes (Foster 2001); null without RPE'),
    trimp: z.number().nullable().describe('Banister TRIMP (1991); null without HR and profile HRs'),
    load: z
      .number()
      .nullable()
      .describe('The load used for ACWR/PMC: sRPE, or sRPE from an HR-estimated RPE'),
    load_source: z.enum(['srpe', 'hr_estimated', 'none']),
  }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Workout = z.infer<typeof Workout>;

export const WorkoutImportResult = Workout.extend({
  import: z.object({
    format: z.enum(['gpx', 'tcx', 'fit']),
    points: z.number().int(),
    points_simplified: z.number().int(),
  }),
});
export type WorkoutImportResult = z.infer<typeof WorkoutImportResult>;

export const WorkoutTrack = z.object({
  type: z.literal('Feature'),
  geometry: z.object({
    type: z.literal('LineString'),
    coordinates: z.array(z.array(z.number())).describe('[lon, lat] or [lon, lat, elevation m] (RFC 7946)'),
  }),
  properties: z.object({
    workout_id: z.number().int(),
    sport: Sport,
    started_at: Timestamp,
    coordinate_properties: z.object({
      times: z.array(z.string()),
      heart_rates: z.array(z.number().nullable()).nullable(),
    }),
    points_original: z.number().int(),
  }),
});
export type WorkoutTrack = z.infer<typeof WorkoutTrack>;

/** Hooper-style items: 1 = very, very good / low … 7 = very, very bad / high (Hooper & Mackinnon 1995). */
const Item = z.number().int().min(1).max(7);

export const HrvReadingBody = z
  .object({
    date: CalendarDate,
    rmssd_ms: z.number().min(3).max(300).describe('Morning rMSSD in milliseconds'),
    resting_hr: z.number().int().min(25).max(120).nullable().optional(),
    sleep_hours: z.number().min(0).max(24).nullable().optional(),
    sleep_quality: Item.nullable().optional().describe('1 very, very good … 7 very, very bad'),
    fatigue: Item.nullable().optional().describe('1 very, very low … 7 very, very high'),
    stress: Item.nullable().optional(),
    soreness: Item.nullable().optional(),
  })
  .strict();
export type HrvReadingBody = z.infer<typeof HrvReadingBody>;

export const HrvReading = z.object({
  date: z.string(),
  rmssd_ms: z.number(),
  ln_rmssd: z.number(),
  resting_hr: z.number().int().nullable(),
  sleep_hours: z.number().nullable(),
  sleep_quality: z.number().int().nullable(),
  fatigue: z.number().int().nullable(),
  stress: z.number().int().nullable(),
  soreness: z.number().int().nullable(),
  updated_at: Timestamp,
});
export type HrvReading = z.infer<typeof HrvReading>;

export const HrvReadingsQuery = z.object({
  from: CalendarDate.optional(),
  to: CalendarDate.optional(),
  skip: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type HrvReadingsQuery = z.infer<typeof HrvReadingsQuery>;

export const HRV_STATUSES = ['balanced', 'low', 'high', 'insufficient_data'] as const;

export const HrvBaseline = z.object({
  date: z.string(),
  today_ln_rmssd: z.number().nullable(),
  rolling_mean_7d: z.number().nullable(),
  readings_7d: z.number().int(),
  baseline_mean: z.number().nullable(),
  baseline_sd: z.number().nullable(),
  readings_60d: z.number().int(),
  normal_range: z.object({ low: z.number(), high: z.number() }).nullable(),
  cv_7d_pct: z.number().nullable(),
  status: z.enum(HRV_STATUSES),
  trend: z.enum(['rising', 'stable', 'falling', 'insufficient_data']),
  interpretation: z.string(),
  method: z.string(),
});
export type HrvBaseline = z.infer<typeof HrvBaseline>;

export const RunningFactor = z.object({
  code: z.string(),
  value: z.number().nullable(),
  effect: z.number().describe('−1 against training hard … +1 for it'),
  message: z.string(),
});
export type RunningFactor = z.infer<typeof RunningFactor>;

export const HrvReadiness = z.object({
  date: z.string(),
  score: z.number().int().nullable(),
  status: z.enum(['ready', 'moderate', 'low', 'insufficient_data']),
  load_multiplier: z.number(),
  hrv_status: z.enum(HRV_STATUSES),
  recommendation: z.object({
    session: z.enum([
      'high_intensity',
      'as_planned',
      'easy_aerobic',
      'recovery_or_rest',
      'as_planned_no_hrv',
    ]),
    text: z.string(),
  }),
  factors: z.array(RunningFactor),
});
export type HrvReadiness = z.infer<typeof HrvReadiness>;

export const CheckInBody = z
  .object({
    date: CalendarDate.optional().describe('Defaults to today (UTC)'),
    sleep: Item.describe('Sleep quality, 1 very, very good … 7 very, very bad'),
    stress: Item,
    fatigue: Item,
    soreness: Item,
    notes: Text.max(1000).nullable().optional(),
  })
  .strict();
export type CheckInBody = z.infer<typeof CheckInBody>;

export const CheckIn = z.object({
  date: z.string(),
  sleep: z.number().int(),
  stress: z.number().int(),
  fatigue: z.number().int(),
  soreness: z.number().int(),
  hooper_index: z.number().int(),
  level: z.enum(['good', 'watch', 'warning']),
  notes: z.string().nullable(),
});
export type CheckIn = z.infer<typeof CheckIn>;

export const RISK_LEVELS = ['LOW', 'MODERATE', 'HIGH', 'VERY_HIGH'] as const;

export const TrainingLoadMetrics = z.object({
  acwr: z.object({
    value: z.number().nullable(),
    method: z.string(),
    acute_load: z.number(),
    chronic_load: z.number(),
    ewma: z.object({ value: z.number().nullable(), method: z.string() }),
  }),
  weekly_load: z.number(),
  monotony: z.number().nullable(),
  strain: z.number().nullable(),
  ctl: z.number(),
  atl: z.number(),
  tsb: z.number(),
});

export const OvertrainingStatus = TrainingLoadMetrics.extend({
  date: z.string(),
  load_unit: z.string(),
  hrv: z.object({
    status: z.enum(HRV_STATUSES),
    trend: z.enum(['rising', 'stable', 'falling', 'insufficient_data']),
    rolling_mean_7d: z.number().nullable(),
    normal_range: z.object({ low: z.number(), high: z.number() }).nullable(),
  }),
  latest_check_in: CheckIn.nullable(),
  risk_level: z.enum(RISK_LEVELS),
  risk_score: z.number().int(),
  factors: z.array(RunningFactor),
  recommendations: z.array(z.string()),
});
export type OvertrainingStatus = z.infer<typeof OvertrainingStatus>;

export const OvertrainingHistoryQuery = z.object({
  weeks: z.coerce.number().int().min(1).max(52).default(12),
});

export const OvertrainingWeek = TrainingLoadMetrics.extend({
  week_start: z.string(),
  week_end: z.string(),
  workouts: z.number().int(),
  distance_km: z.number(),
  duration_s: z.number().int(),
  hrv_mean_ln_rmssd: z.number().nullable(),
  hrv_status: z.enum(HRV_STATUSES),
  hooper_mean: z.number().nullable(),
  risk_level: z.enum(RISK_LEVELS),
});
export const OvertrainingHistory = z.object({
  weeks: z.array(OvertrainingWeek),
  acwr_method: z.string(),
  load_unit: z.string(),
});
export type OvertrainingHistory = z.infer<typeof OvertrainingHistory>;

export const WorkoutIdParams = z.object({ id: Id });
