import { z } from 'zod';
import { Text } from './common.js';

export const TERRAIN_TYPES = ['flat_road', 'rolling_hills', 'mountain', 'technical_trail'] as const;
export const WIND_DIRECTION_TYPES = ['headwind', 'tailwind', 'crosswind', 'variable'] as const;

export const RaceConditions = z
  .object({
    temperature_c: z.number().min(-30).max(50).optional().describe('Air temperature, °C'),
    humidity_pct: z.number().min(0).max(100).optional().describe('Relative humidity, % (50 if omitted)'),
    wind_kmh: z.number().min(0).max(120).optional(),
    wind_direction: z
      .enum(WIND_DIRECTION_TYPES)
      .optional()
      .describe('Relative to the course (headwind if omitted)'),
    terrain: z.enum(TERRAIN_TYPES).optional(),
    elevation_gain_m: z
      .number()
      .min(0)
      .max(20_000)
      .optional()
      .describe('Total climbing; as much descent is assumed'),
    altitude_m: z.number().min(-500).max(5_500).optional(),
  })
  .strict();
export type RaceConditions = z.infer<typeof RaceConditions>;

export const RaceReference = z
  .object({
    distance_km: z.number().min(1).max(100).describe('A recent race or all-out effort, km'),
    time_s: z
      .number()
      .positive()
      .max(7 * 24 * 3600),
  })
  .strict();

export const RacePredictBody = z
  .object({
    distance_km: z.number().min(1).max(100).describe('Target race distance, km'),
    reference: RaceReference.optional().describe(
      'Omitted: the best of my running workouts of the last 90 days',
    ),
    conditions: RaceConditions.optional(),
  })
  .strict();
export type RacePredictBody = z.infer<typeof RacePredictBody>;

const FactorDetail = z.record(z.string(), z.union([z.number(), z.string(), z.null()]));

export const RaceFactor = z.object({
  name: z.enum(['heat', 'wind', 'altitude', 'hills', 'surface']),
  impact_percent: z.number().describe('Positive: slower'),
  multiplier: z.number(),
  model: z.string(),
  detail: FactorDetail,
  note: z.string(),
});

export const ReferenceUsed = z.object({
  distance_km: z.number(),
  time_s: z.number(),
  source: z.enum(['given', 'workout']),
  workout_id: z.number().int().nullable(),
  date: z.string().nullable(),
});

export const RacePrediction = z.object({
  distance_km: z.number(),
  reference: ReferenceUsed,
  predictions: z.object({
    riegel: z.object({ time_s: z.number(), time: z.string(), exponent: z.number(), model: z.string() }),
    vdot: z.object({ time_s: z.number(), time: z.string(), vdot: z.number(), model: z.string() }),
  }),
  base_method: z.string(),
  base_time_s: z.number(),
  base_time: z.string(),
  adjusted_time_s: z.number(),
  adjusted_time: z.string(),
  adjusted_pace: z.string(),
  total_impact_percent: z.number(),
  factors: z.array(RaceFactor),
  range: z.object({ low_s: z.number(), high_s: z.number(), low: z.string(), high: z.string() }),
  splits: z.array(
    z.object({
      km: z.number().int(),
      distance_km: z.number(),
      split_s: z.number(),
      cumulative_s: z.number(),
    }),
  ),
});
export type RacePrediction = z.infer<typeof RacePrediction>;

export const ConditionsImpactQuery = z.object({ distance_km: z.coerce.number().min(1).max(100) });

const Impact = z.object({ impact_percent: z.number() });
export const ConditionsImpact = z.object({
  distance_km: z.number(),
  vdot: z.number(),
  vdot_source: z.enum(['workouts', 'assumed']),
  base_time_s: z.number(),
  base_time: z.string(),
  factors: z.object({
    temperature: z.object({
      model: z.string(),
      optimal_wbgt_c: z.string(),
      humidity_pct: z.number(),
      impact_by_temp: z.array(Impact.extend({ temperature_c: z.number(), wbgt_c: z.number() })),
      advice: z.string(),
    }),
    humidity: z.object({
      model: z.string(),
      temperature_c: z.number(),
      impact_by_humidity: z.array(Impact.extend({ humidity_pct: z.number() })),
      interpretation: z.string(),
    }),
    wind: z.object({
      model: z.string(),
      impact_by_speed: z.array(
        z.object({
          wind_kmh: z.number(),
          headwind_percent: z.number(),
          tailwind_percent: z.number(),
          crosswind_percent: z.number(),
          variable_percent: z.number(),
        }),
      ),
      advice: z.string(),
    }),
    terrain: z.object({
      model: z.string(),
      impact_by_terrain: z.array(
        Impact.extend({ terrain: z.enum(TERRAIN_TYPES), elevation_gain_m: z.number() }),
      ),
      advice: z.string(),
    }),
    altitude: z.object({
      model: z.string(),
      impact_by_altitude: z.array(
        Impact.extend({ altitude_m: z.number(), acclimatization_needed: z.boolean() }),
      ),
      advice: z.string(),
    }),
  }),
});
export type ConditionsImpact = z.infer<typeof ConditionsImpact>;

const TerrainEntry = z.object({
  impact_percent: z.number().describe('For a half marathon with the typical climbing'),
  typical_gain_m_per_km: z.number(),
  surface_percent: z.number(),
  description: z.string(),
  pacing_strategy: z.string(),
  shoes_recommendation: z.string(),
  examples: z.array(z.string()),
});
export const TerrainGuide = z.object({
  terrains: z.object({
    flat_road: TerrainEntry,
    rolling_hills: TerrainEntry,
    mountain: TerrainEntry,
    technical_trail: TerrainEntry,
  }),
  general_rule: z.string(),
  models: z.array(z.string()),
});
export type TerrainGuide = z.infer<typeof TerrainGuide>;

export const ScenarioComparisonBody = z
  .object({
    scenarios: z
      .array(
        z
          .object({
            name: Text.trim().min(1).max(80).optional(),
            distance_km: RacePredictBody.shape.distance_km,
            reference: RaceReference.optional(),
            conditions: RaceConditions.optional(),
          })
          .strict(),
      )
      .min(2)
      .max(10),
  })
  .strict();
export type ScenarioComparisonBody = z.infer<typeof ScenarioComparisonBody>;

const ScenarioRef = z.object({
  index: z.number().int(),
  name: z.string(),
  time_s: z.number(),
  time: z.string(),
});
export const ScenarioComparison = z.object({
  scenarios: z.array(
    z.object({
      index: z.number().int(),
      name: z.string(),
      distance_km: z.number(),
      adjusted_time_s: z.number(),
      time: z.string(),
      pace: z.string(),
      total_impact_percent: z.number(),
      delta_vs_fastest_s: z.number(),
      delta_vs_fastest: z.string(),
    }),
  ),
  fastest: ScenarioRef,
  slowest: ScenarioRef.extend({ delta_s: z.number(), delta: z.string() }),
  recommendation: z.string(),
});
export type ScenarioComparison = z.infer<typeof ScenarioComparison>;
