import { z } from 'zod';
import { IsoDate, Timestamp } from './common.js';

/**
 * Body metrics (issue 20): dated entries of weight, composition, circumferences, resting heart rate and blood
 * pressure; their smoothed trend with BMI; and the day's energy needs. Values travel in the caller's units
 * (metric or imperial) and are stored metric.
 */

export const BODY_METRICS = [
  'weight',
  'body_fat',
  'lean_mass',
  'waist',
  'hip',
  'chest',
  'arm',
  'thigh',
  'resting_hr',
  'blood_pressure',
] as const;
export const BodyMetric = z.enum(BODY_METRICS);
export type BodyMetric = z.infer<typeof BodyMetric>;

export const UNIT_SYSTEMS = ['metric', 'imperial'] as const;
export const UnitSystem = z.enum(UNIT_SYSTEMS);
export type UnitSystem = z.infer<typeof UnitSystem>;

const unitsQuery = UnitSystem.optional().describe(
  'Units of the values in the answer; default: the units of my body settings (metric until I choose)',
);
const page = {
  skip: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
};

// A value is checked against the metric's plausible range in the service, after conversion to metric units,
// so the message can name the range in the units the client used; here only "a finite number".
const Value = z.number().finite();

export const BodyEntryBody = z
  .object({
    date: IsoDate.describe('The day measured (UTC), not in the future'),
    metric: BodyMetric,
    value: Value.describe(
      'kg or lb (weight, lean_mass); % (body_fat); cm or in (waist, hip, chest, arm, thigh); bpm (resting_hr); ' +
        'systolic mmHg (blood_pressure)',
    ),
    diastolic: Value.optional().describe('Diastolic mmHg: required with blood_pressure, refused otherwise'),
    units: UnitSystem.optional().describe(
      'Units of `value` (and of the answer); default: the units of my body settings',
    ),
  })
  .strict();
export type BodyEntryBody = z.infer<typeof BodyEntryBody>;

export const BodyEntryPatchBody = z
  .object({
    date: IsoDate.optional(),
    value: Value.optional(),
    diastolic: Value.optional(),
    units: UnitSystem.optional(),
  })
  .strict();
export type BodyEntryPatchBody = z.infer<typeof BodyEntryPatchBody>;

export const BodyEntryQuery = z.object({
  metric: BodyMetric.optional(),
  from: IsoDate.optional().describe('First day (inclusive)'),
  to: IsoDate.optional().describe('Last day (inclusive)'),
  units: unitsQuery,
  ...page,
});
export type BodyEntryQuery = z.infer<typeof BodyEntryQuery>;

export const BodyUnitsQuery = z.object({ units: unitsQuery });
export type BodyUnitsQuery = z.infer<typeof BodyUnitsQuery>;

export const BodyEntry = z.object({
  id: z.number().int(),
  date: z.string(),
  metric: BodyMetric,
  value: z.number(),
  diastolic: z.number().nullable(),
  unit: z.string().describe('kg, lb, %, cm, in, bpm or mmHg'),
  source: z.enum(['manual', 'csv', 'fit', 'athlete_profile', 'demo']),
  updated_at: Timestamp,
});
export type BodyEntry = z.infer<typeof BodyEntry>;

export const BodySettingsBody = z.object({ units: UnitSystem }).strict();
export type BodySettingsBody = z.infer<typeof BodySettingsBody>;
export const BodySettings = z.object({ units: UnitSystem });
export type BodySettings = z.infer<typeof BodySettings>;

export const BodyTrendQuery = z.object({
  metric: BodyMetric.default('weight'),
  from: IsoDate.optional().describe('First day (inclusive); default: 90 days before `to`'),
  to: IsoDate.optional().describe('Last day (inclusive); default: today'),
  units: unitsQuery,
});
export type BodyTrendQuery = z.infer<typeof BodyTrendQuery>;

export const BodyTrend = z.object({
  metric: BodyMetric,
  unit: z.string(),
  from: z.string(),
  to: z.string(),
  method: z.object({ name: z.string(), smoothing_factor: z.number(), source: z.string() }),
  points: z.array(
    z.object({
      date: z.string(),
      value: z.number(),
      diastolic: z.number().nullable(),
      trend: z.number(),
    }),
  ),
  weekly_change: z
    .number()
    .nullable()
    .describe(
      'Slope of the trend over the range (least squares), per 7 days, in `unit`; null under 2 points',
    ),
  bmi: z
    .object({
      height_cm: z.number(),
      source: z.string(),
      points: z.array(z.object({ date: z.string(), bmi: z.number(), trend_bmi: z.number() })),
      latest_category: z
        .enum(['underweight', 'normal', 'overweight', 'obese'])
        .nullable()
        .describe('WHO adult class of the latest trend BMI; null under 18 years or without a birth date'),
    })
    .nullable()
    .describe('Weight only, when my athlete profile has a height'),
});
export type BodyTrend = z.infer<typeof BodyTrend>;

export const ACTIVITY_LEVELS = ['sedentary', 'light', 'moderate', 'active', 'very_active'] as const;
export const ActivityLevel = z.enum(ACTIVITY_LEVELS);
export type ActivityLevel = z.infer<typeof ActivityLevel>;

export const BodyEnergyQuery = z.object({
  date: IsoDate.optional().describe('The day (UTC); default: today'),
  activity: ActivityLevel.default('sedentary').describe(
    'Daily activity apart from the recorded workouts (they are added separately)',
  ),
});
export type BodyEnergyQuery = z.infer<typeof BodyEnergyQuery>;

export const BodyEnergy = z.object({
  date: z.string(),
  inputs: z.object({
    weight_kg: z.number(),
    weight_date: z.string().nullable().describe('Date of the weight entry used; null: the athlete profile'),
    height_cm: z.number(),
    age: z.number().int(),
    sex: z.enum(['male', 'female']),
    body_fat_pct: z.number().nullable(),
    body_fat_date: z.string().nullable(),
  }),
  resting: z.object({
    mifflin_st_jeor_kcal: z.number(),
    katch_mcardle_kcal: z.number().nullable(),
    used: z.enum(['mifflin_st_jeor', 'katch_mcardle']),
    kcal: z.number(),
  }),
  activity: z.object({ level: ActivityLevel, factor: z.number(), kcal: z.number() }),
  workouts: z.array(
    z.object({
      id: z.number().int(),
      sport: z.string(),
      started_at: Timestamp,
      duration_s: z.number().int(),
      kcal: z.number().describe('Energy above resting during the workout'),
      method: z.enum(['acsm_running', 'acsm_walking', 'keytel_2005_hr', 'compendium_met']),
    }),
  ),
  workouts_kcal: z.number(),
  budget_kcal: z.number().describe('activity.kcal + workouts_kcal'),
  notes: z.array(z.string()),
});
export type BodyEnergy = z.infer<typeof BodyEnergy>;

export const BodyImportResult = z.object({
  created: z.number().int(),
  replaced: z.number().int(),
});
export type BodyImportResult = z.infer<typeof BodyImportResult>;

/** Consent: the gyms whose staff may see my body trends (and nobody else's staff). */
export const BodyShare = z.object({
  gym_id: z.number().int(),
  since: Timestamp,
  photos: z.boolean().describe('Progress photos shared too'),
  photo_viewers: z
    .array(z.number().int())
    .nullable()
    .describe('With photos: the professionals of the gym who may see them (user ids); null: all its staff'),
});
export type BodyShare = z.infer<typeof BodyShare>;
export const BodyShareParams = z.object({ gym_id: z.coerce.number().int().positive().max(2_147_483_647) });

export const BodyShareBody = z
  .object({
    photos: z
      .boolean()
      .default(false)
      .describe('Let the staff see my progress photos too (default: trends only)'),
    photo_viewers: z
      .array(z.number().int().positive().max(2_147_483_647))
      .min(1)
      .max(20)
      .optional()
      .describe(
        'With photos: true, only these professionals (user ids of staff of the gym) see the photos; default: all its staff',
      ),
  })
  .strict();
export type BodyShareBody = z.infer<typeof BodyShareBody>;

export const PHOTO_MEDIA_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/avif',
] as const;

export const BodyPhotoQuery = z.object({
  date: IsoDate.optional().describe('The day the photo was taken (UTC); default: today'),
});
export const BodyPhotoListQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  ...page,
});
export type BodyPhotoListQuery = z.infer<typeof BodyPhotoListQuery>;

export const BodyPhoto = z.object({
  id: z.number().int(),
  date: z.string(),
  content_type: z.literal('image/jpeg'),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  created_at: Timestamp,
});
export type BodyPhoto = z.infer<typeof BodyPhoto>;

export const MemberPhotoParams = z.object({
  user_id: z.coerce.number().int().positive().max(2_147_483_647),
  id: z.coerce.number().int().positive().max(2_147_483_647),
});
