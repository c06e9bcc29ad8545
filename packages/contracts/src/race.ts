import { z } from 'zod';
import { Text } from './common.js';

export const TERRAIN_TYPES = ['flat_road', 'rolling_hills', 'mountain', 'technical_trail'] as const;
export const WIND_DIRECTION_TYPES = ['headwind', 'tailwind', 'crosswind', 'variable'] as const;

export const RaceConditions = z
  .object({
    temperature_c: z.number().min(-30).max(50).optional().describe('Air temperature, °C'),
    temperature: z
      .number()
      .min(-30)
      .max(50)
      .optional()
      .describe('Alias of temperature_c (the running seed’s name); both given must agree'),
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

const num = (lo: number, hi: number) => z.coerce.number().min(lo).max(hi).optional();
export const ConditionsImpactQuery = z
  .object({
    distance_km: z.coerce.number().min(1).max(100),
    temperature_c: num(-30, 50).describe('Race-day conditions (all optional): give `current_impact_percent`'),
    temperature: num(-30, 50).describe('Alias of temperature_c (the running seed’s name)'),
    humidity_pct: num(0, 100),
    wind_kmh: num(0, 120),
    wind_direction: z.enum(WIND_DIRECTION_TYPES).optional(),
    terrain: z.enum(TERRAIN_TYPES).optional(),
    elevation_gain_m: num(0, 20_000),
    altitude_m: num(-500, 5_500),
  })
  .strict();
export type ConditionsImpactQuery = z.infer<typeof ConditionsImpactQuery>;

const SIGN = 'Positive: slower, negative: faster (the seed wrote slower as negative)';
const Current = z.number().describe(`Impact of the conditions in the query, %. ${SIGN}`);
const Impact = z.object({ impact_percent: z.number().describe(SIGN) });
export const ConditionsImpact = z.object({
  distance_km: z.number(),
  vdot: z.number(),
  vdot_source: z.enum(['workouts', 'assumed']),
  base_time_s: z.number(),
  base_time: z.string().describe('h:mm:ss, as in /race/predict'),
  base_time_min: z.number().describe('The base time in minutes (the seed’s `base_time`)'),
  adjusted_time_s: z.number().describe('Base time under the conditions of the query'),
  adjusted_time: z.string(),
  adjusted_time_min: z.number().describe('The seed’s `adjusted_time`, in minutes'),
  cumulative_impact: z.number().describe(`All the query's conditions together, %. ${SIGN}`),
  conditions: z.object({
    temperature_c: z.number().nullable(),
    humidity_pct: z.number(),
    wind_kmh: z.number(),
    wind_direction: z.enum(WIND_DIRECTION_TYPES),
    terrain: z.enum(TERRAIN_TYPES).nullable(),
    elevation_gain_m: z.number().nullable(),
    altitude_m: z.number(),
  }),
  factors: z.object({
    temperature: z.object({
      current_impact_percent: Current.describe(
        `Temperature at 50% humidity (the humidity's own share is under humidity). ${SIGN}`,
      ),
      optimal_temp: z
        .number()
        .describe('Air temperature, °C, at 50% humidity with the best times (WBGT 7.5 °C)'),
      model: z.string(),
      optimal_wbgt_c: z.string(),
      humidity_pct: z.number(),
      impact_by_temp: z.array(Impact.extend({ temperature_c: z.number(), wbgt_c: z.number() })),
      advice: z.string(),
    }),
    humidity: z.object({
      current_impact_percent: Current.describe(
        `What the query's humidity adds to (or takes from) its temperature at 50%. ${SIGN}`,
      ),
      model: z.string(),
      temperature_c: z.number(),
      impact_by_humidity: z.array(Impact.extend({ humidity_pct: z.number() })),
      interpretation: z
        .string()
        .describe('Of the query’s humidity (under 40%, to 70%, above), else of all three'),
    }),
    wind: z.object({
      current_impact_percent: Current,
      reference_wind_kmh: z.number().describe('The wind of the query, or 20 km/h without one'),
      worst_case_headwind: z.number().describe(`All the way into that wind, %. ${SIGN}`),
      best_case_tailwind: z.number().describe(`All the way with that wind, %. ${SIGN}`),
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
      current_impact_percent: Current.describe(`Climbing and surface of the query's course. ${SIGN}`),
      elevation_equivalent_km: z
        .number()
        .describe('The extra time of that course as kilometres of flat running at race pace'),
      elevation_equivalent: z.string().describe('The same, as the seed shows it ("+3.5 km")'),
      model: z.string(),
      impact_by_terrain: z.array(
        Impact.extend({ terrain: z.enum(TERRAIN_TYPES), elevation_gain_m: z.number() }),
      ),
      advice: z.string(),
    }),
    altitude: z.object({
      current_impact_percent: Current,
      acclimatization_needed: z.boolean().describe('For the altitude of the query (from 1500 m)'),
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
  elevation_equivalent_km: z
    .number()
    .describe('The extra time of a half marathon on it, as kilometres of flat running'),
  elevation_equivalent: z.string().describe('The same, as text ("+3.2 km")'),
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

const Scenarios = z
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
  .max(10);
/** `{scenarios: [...]}`, or the seed's bare array of scenarios (then errors name `0.conditions…`). */
export const ScenarioComparisonBody = z.union([
  z.object({ scenarios: Scenarios }).strict(),
  Scenarios.describe('The running seed’s form: the scenarios as a bare array'),
]);
export type ScenarioComparisonBody = z.infer<typeof ScenarioComparisonBody>;
export type ScenarioList = z.infer<typeof Scenarios>;

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
      delta_vs_first_s: z.number(),
      delta_vs_first: z.string().describe('Signed m:ss against scenario 1'),
      temp: z.number().nullable().describe('The scenario’s temperature, °C (echoed as the seed does)'),
      conditions: RaceConditions.omit({ temperature: true }).describe('The conditions as read'),
    }),
  ),
  fastest: ScenarioRef.extend({
    delta_s: z.number().describe('Against scenario 1 (the seed’s meaning); ≤ 0'),
    delta: z.string().describe('Signed m:ss against scenario 1, e.g. "-2:12"'),
  }),
  slowest: ScenarioRef.extend({
    delta_s: z.number().describe('Against scenario 1 (the seed’s meaning); ≥ 0'),
    delta: z.string().describe('Signed m:ss against scenario 1, e.g. "+2:24"'),
  }),
  gap_s: z.number().describe('Slowest minus fastest, s'),
  gap: z.string(),
  recommendation: z.string(),
});
export type ScenarioComparison = z.infer<typeof ScenarioComparison>;
