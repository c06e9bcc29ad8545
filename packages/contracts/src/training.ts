import { z } from 'zod';
import { Id, IsoDate, Timestamp } from './common.js';

export const WEEKDAY_NAMES = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export const TRAINING_PHASES = ['base', 'build', 'specific', 'taper', 'race'] as const;
export const SESSION_KINDS = [
  'easy',
  'recovery',
  'long',
  'strides',
  'hills',
  'tempo',
  'intervals',
  'race_pace',
  'race',
] as const;

export const TrainingPlanBody = z
  .object({
    goal_distance_km: z.number().min(1).max(100),
    race_date: IsoDate,
    start_date: IsoDate.optional().describe('Default: today'),
    days_per_week: z.number().int().min(3).max(7),
    long_run_day: z.enum(WEEKDAY_NAMES).default('sunday'),
    current_weekly_volume_km: z
      .number()
      .min(0)
      .max(300)
      .optional()
      .describe('Default: my profile, else my last 4 weeks of workouts'),
  })
  .strict();
export type TrainingPlanBody = z.infer<typeof TrainingPlanBody>;

export const TrainingPhase = z.enum(TRAINING_PHASES);

export const TrainingPlan = z.object({
  id: Id,
  goal_distance_km: z.number(),
  race_date: z.string(),
  start_date: z.string(),
  end_date: z.string(),
  days_per_week: z.number().int(),
  long_run_day: z.enum(WEEKDAY_NAMES),
  start_volume_km: z.number(),
  peak_volume_km: z.number(),
  weeks_total: z.number().int(),
  phases: z.array(
    z.object({
      phase: TrainingPhase,
      name: z.string(),
      from_week: z.number().int(),
      to_week: z.number().int(),
      start_date: z.string(),
      end_date: z.string(),
    }),
  ),
  weeks: z.array(
    z.object({
      week: z.number().int(),
      phase: TrainingPhase,
      start_date: z.string(),
      volume_km: z.number(),
      recovery_week: z.boolean(),
    }),
  ),
  created_at: Timestamp,
});
export type TrainingPlan = z.infer<typeof TrainingPlan>;

export const WeeklyPlanQuery = z.object({
  week: z.coerce
    .number()
    .int()
    .min(1)
    .max(52)
    .optional()
    .describe(
      'Week of the programme; default: the current week. Without a saved plan the programme built from the ' +
        'profile starts this week, so the default is week 1, as in the running seed',
    ),
});

const ZonePct = z.object({ Z1: z.string(), Z2: z.string(), Z3: z.string(), Z4: z.string(), Z5: z.string() });

/** The running seed's upper-case names, returned alongside ours (`type_code`, `phase_code`). */
export const SESSION_CODES = [
  'EASY_RUN',
  'RECOVERY_RUN',
  'LONG_RUN',
  'EASY_RUN_STRIDES',
  'HILL_REPEATS',
  'TEMPO_RUN',
  'INTERVALS',
  'RACE_PACE_RUN',
  'RACE',
  'REST',
] as const;
export const PHASE_CODES = [
  'BASE_BUILDING',
  'BUILD_STRENGTH',
  'RACE_SPECIFIC',
  'TAPER',
  'RACE_RECOVERY',
] as const;

export const WorkoutSegment = z.object({
  type: z.enum(['warmup', 'main', 'cooldown']),
  distance_km: z.number(),
  distance: z.number().describe('= distance_km (the running seed’s name)'),
  duration_min: z.number().nullable(),
  pace: z
    .string()
    .nullable()
    .describe('Target pace range, m:ss-m:ss per km; null: by effort, or no pace known'),
  zone: z.string(),
});

export const PlannedWorkout = z.object({
  day: z.string(),
  date: z.string(),
  type: z.enum([...SESSION_KINDS, 'rest']),
  type_code: z.enum(SESSION_CODES).describe('The running seed’s name of `type`'),
  planned_distance_km: z.number(),
  distance_km: z.number(),
  distance: z.number().describe('= distance_km (the running seed’s name)'),
  total_distance: z.number().describe('Sum of the segments (= distance_km)'),
  duration_min: z.number().nullable(),
  pace_min_km: z.string().nullable(),
  intensity_zone: z.string(),
  adaptive_multiplier: z.number(),
  notes: z.string(),
  segments: z
    .array(WorkoutSegment)
    .describe('Warm-up, main set, cool-down; a steady run is one main segment'),
  status: z
    .enum(['planned', 'done', 'missed', 'rest'])
    .describe('Today and earlier: done when a workout was recorded that day, else missed (or rest)'),
  done: z
    .object({
      workouts: z.number().int(),
      workout_ids: z.array(z.number().int()),
      distance_km: z.number(),
      duration_min: z.number(),
    })
    .nullable()
    .describe('What was recorded that day (today and earlier days of the week)'),
});

export const WeeklyPlan = z.object({
  week: z.number().int(),
  weeks_total: z.number().int(),
  source: z
    .enum(['plan', 'profile'])
    .describe(
      'plan: my saved plan; profile: no saved plan, a programme built from my profile (the seed’s way)',
    ),
  source_note: z.string(),
  phase: TrainingPhase,
  phase_code: z.enum(PHASE_CODES).describe('The running seed’s name of `phase`'),
  phase_name: z.string(),
  phase_progress: z.string(),
  start_date: z.string(),
  weekly_volume_km: z.number(),
  weekly_volume: z.number().describe('= weekly_volume_km (the running seed’s name)'),
  total_distance: z.number().describe('All the week’s planned kilometres, the race included'),
  recovery_week: z.boolean(),
  intensity_distribution: ZonePct,
  workouts: z.array(PlannedWorkout),
  adaptation: z.object({
    applied: z.boolean(),
    multiplier: z.number(),
    readiness_score: z.number().nullable(),
    readiness_status: z.string().nullable(),
    acwr: z.number().nullable(),
    risk_level: z.string().nullable(),
    explanation: z.string(),
  }),
  week_focus: z.string(),
  recommendations: z.array(z.string()),
});
export type WeeklyPlan = z.infer<typeof WeeklyPlan>;

export const PhasesGuide = z.object({
  phases: z.array(
    z.object({
      number: z.number().int(),
      phase: TrainingPhase,
      phase_code: z.enum(PHASE_CODES),
      name: z.string(),
      weeks: z.number().int().describe('Weeks of this phase in a 16-week half-marathon programme'),
      typical_weeks: z.string(),
      focus: z.string(),
      intensity_distribution: ZonePct,
      volume_change: z.string(),
      volume_increase: z.string().describe('= volume_change (the running seed’s name)'),
      goals: z.array(z.string()),
      key_sessions: z.array(z.string()),
      weekly_structure: z
        .array(z.string())
        .describe('A typical week of the phase, 4 running days with the long run on Sunday'),
    }),
  ),
  total_program_weeks: z.number().int(),
  total_program_weeks_range: z.string(),
  typical_progression: z.string(),
  sources: z.array(z.string()),
});
export type PhasesGuide = z.infer<typeof PhasesGuide>;

export const IntensityZonesQuery = z
  .object({
    max_hr: z.coerce.number().int().min(100).max(230).optional().describe('Override the profile'),
    resting_hr: z.coerce.number().int().min(25).max(120).optional().describe('Override the profile'),
  })
  .strict();

export const IntensityZones = z.object({
  method: z.enum(['heart_rate_reserve', 'percent_max_hr']),
  method_source: z.string(),
  max_hr: z.number().int(),
  user_max_hr: z.number().int().describe('= max_hr (the running seed’s name)'),
  user_threshold_pace: z.string().nullable().describe('= threshold_pace (the running seed’s name)'),
  max_hr_source: z.enum(['profile', 'query', 'tanaka_estimate']),
  resting_hr: z.number().int().nullable(),
  threshold_pace: z.string().nullable(),
  vdot: z.number().nullable(),
  pace_source: z.enum(['threshold_pace', 'workouts', 'none']),
  zones: z.array(
    z.object({
      zone: z.number().int(),
      name: z.string(),
      hr_min: z.number().int(),
      hr_max: z.number().int(),
      hr_range: z.string(),
      pace_range: z.string().nullable(),
      description: z.string(),
      use: z.string(),
      feeling: z.string(),
      rpm: z.string().describe('Cadence guidance, steps per minute'),
      examples: z.array(z.string()),
    }),
  ),
  notes: z.array(z.string()),
});
export type IntensityZones = z.infer<typeof IntensityZones>;

export const AdaptiveAdjustmentBody = z
  .object({
    hrv_current: z.number().min(5).max(300).optional().describe('Today’s rMSSD, ms'),
    hrv_baseline: z.number().min(5).max(300).optional().describe('Usual rMSSD, ms'),
    sleep_hours: z.number().min(0).max(16).optional(),
    fatigue_rating: z.number().int().min(1).max(10).optional(),
    stress_level: z.number().int().min(1).max(10).optional(),
    recent_volume_km: z.number().min(0).max(500).optional().describe('Last 7 days'),
    usual_volume_km: z.number().min(0).max(500).optional().describe('Default: profile weekly volume'),
  })
  .strict();
export type AdaptiveAdjustmentBody = z.infer<typeof AdaptiveAdjustmentBody>;

export const AdaptiveAdjustment = z.object({
  final_multiplier: z.number(),
  adjustment_level: z.enum([
    'INCREASE',
    'MAINTAIN',
    'SLIGHT_REDUCE',
    'MODERATE_REDUCE',
    'MAJOR_REDUCE',
    'REST',
  ]),
  action: z.string(),
  factors: z.object({
    hrv_factor: z.number().nullable(),
    sleep_factor: z.number().nullable(),
    fatigue_factor: z.number().nullable(),
    stress_factor: z.number().nullable(),
    volume_factor: z.number().nullable(),
  }),
  recommended_workout: z.object({
    type: z.string(),
    type_code: z.enum(SESSION_CODES).describe('The running seed’s name of `type`'),
    distance_km: z.number(),
    pace: z.string().nullable(),
    intensity: z.string(),
  }),
  reasoning: z.string(),
});
export type AdaptiveAdjustment = z.infer<typeof AdaptiveAdjustment>;

export const ProgressQuery = z.object({ weeks: z.coerce.number().int().min(1).max(52).default(4) });

export const ProgressTracking = z.object({
  tracking_period: z.number().int(),
  summary: z.object({
    volume_trend_percent: z.number().nullable(),
    volume_trend: z.string(),
    pace_first_s_per_km: z.number().nullable(),
    pace_last_s_per_km: z.number().nullable(),
    pace_improvement: z.string(),
    readiness_trend: z.string(),
    hrv_trend: z.string().describe('Weekly mean ln rMSSD, first against last week with readings'),
    overall_status: z.string(),
  }),
  weekly_data: z.array(
    z.object({
      week: z.number().int(),
      week_start: z.string(),
      workouts: z.number().int(),
      volume_km: z.number(),
      duration_min: z.number(),
      avg_pace_s_per_km: z.number().nullable(),
      load: z.number(),
      volume: z.number().describe('= volume_km (the running seed’s name)'),
      avg_pace: z.number().nullable().describe('Minutes per km, decimal (the running seed’s 4.98)'),
      hrv: z.number().nullable().describe('rMSSD of the week, ms (geometric mean of the readings)'),
    }),
  ),
  adaptation_signs: z.object({ positive: z.array(z.string()), warnings: z.array(z.string()) }),
  projection: z.object({
    goal: z.string().nullable(),
    predicted_time: z.string().nullable(),
    target_time: z.string().nullable(),
    current_trajectory: z.string(),
    if_maintain_pace: z.string().describe('Where the weekly pace trend leads, if it holds'),
    weeks_to_target: z.number().int().nullable(),
  }),
});
export type ProgressTracking = z.infer<typeof ProgressTracking>;

const Exercise = z.object({
  name: z.string(),
  target: z.string(),
  week_1: z.string(),
  week_4: z.string(),
  progression: z.enum(['linear', 'none']),
  when: z.string(),
  why: z.string(),
});
export const InjuryPrevention = z.object({
  strength_exercises: z.array(Exercise),
  stretching_routines: z.array(
    z.object({
      name: z.string(),
      target: z.string(),
      duration_sec: z.number().int(),
      when: z.string(),
      progression: z.enum(['linear', 'none']),
      why: z.string(),
    }),
  ),
  weekly_schedule: z.record(z.string(), z.array(z.string())),
  warning_signs: z.array(z.string()),
  current_alerts: z.array(z.string()),
  sources: z.array(z.string()),
});
export type InjuryPrevention = z.infer<typeof InjuryPrevention>;
