import { z } from 'zod';
import { Id, Pagination, Text, Timestamp } from './common.js';
import { HAZARDS, SMOOTHNESS, SURFACES } from './road-quality.js';

/*
 * Route segments (issue 15, RecWay). Coordinates are WGS 84 in GeoJSON order (RFC 7946 §3.1.1: longitude,
 * latitude[, elevation]); zod's `number()` already refuses NaN and ±Infinity.
 */

export const SEGMENT_VISIBILITIES = ['private', 'gym', 'public'] as const;
export const SegmentVisibility = z.enum(SEGMENT_VISIBILITIES);
export type SegmentVisibility = z.infer<typeof SegmentVisibility>;

/** At most this many positions in one segment's line: ~50 km at one point every 5 m. */
export const SEGMENT_MAX_POINTS = 10_000;

export const Longitude = z.number().min(-180).max(180).describe('Degrees east, WGS 84 (−180 to 180)');
export const Latitude = z.number().min(-90).max(90).describe('Degrees north, WGS 84 (−90 to 90)');

const Position = z
  .array(z.number())
  .min(2)
  .max(3)
  .superRefine((p, ctx) => {
    if (p.length >= 2 && (p[0]! < -180 || p[0]! > 180))
      ctx.addIssue({ code: 'custom', path: [0], message: 'Longitude must be between -180 and 180' });
    if (p.length >= 2 && (p[1]! < -90 || p[1]! > 90))
      ctx.addIssue({ code: 'custom', path: [1], message: 'Latitude must be between -90 and 90' });
  })
  .describe('[longitude, latitude] or [longitude, latitude, elevation in metres]');

export const LineString = z
  .object({
    type: z.literal('LineString'),
    coordinates: z.array(Position).min(2).max(SEGMENT_MAX_POINTS),
  })
  .strict()
  .describe(
    `A GeoJSON LineString (RFC 7946 §3.1.4), 2–${SEGMENT_MAX_POINTS} positions, that does not cross itself`,
  );
export type LineString = z.infer<typeof LineString>;

const Fields = {
  name: Text.trim().min(1).max(200),
  description: Text.max(5000).nullable(),
  location: Text.trim().max(300).nullable().describe('A place name, e.g. "Bogotá"'),
  geometry: LineString.nullable(),
  visibility: SegmentVisibility.describe(
    'private: only you; gym: the members of gym_id (one of your gyms); public: every signed-in user',
  ),
  gym_id: Id.nullable().describe('The gym a `gym` segment is shared with'),
};

const SegmentBase = z
  .object({
    name: Fields.name,
    description: Fields.description.optional(),
    longitude: Longitude.optional(),
    latitude: Latitude.optional(),
    location: Fields.location.optional(),
    geometry: Fields.geometry.optional(),
    visibility: Fields.visibility.optional(),
    gym_id: Fields.gym_id.optional(),
  })
  .strict();

export const SegmentCreateBody = SegmentBase.superRefine((o, ctx) => {
  if (o.geometry) return;
  for (const f of ['longitude', 'latitude'] as const)
    if (o[f] === undefined)
      ctx.addIssue({ code: 'custom', path: [f], message: 'Required unless a geometry is given' });
}).describe('Without a geometry, longitude and latitude are required; with one, they are its first position');
export type SegmentCreateBody = z.infer<typeof SegmentCreateBody>;

/** PUT and PATCH both take any subset of the fields (RecWay's client sends PUT with only what changed). */
export const SegmentPatchBody = SegmentBase.partial();
export type SegmentPatchBody = z.infer<typeof SegmentPatchBody>;

export const SegmentQuality = z.object({
  score: z
    .number()
    .nullable()
    .describe('Recency-weighted mean rating, 1–5 (half-life 90 days); null without reports'),
  reports: z.number().int(),
  last_report_at: Timestamp.nullable(),
  smoothness: z.string().nullable().describe('Smoothness of the most recent report'),
  surface: z.string().nullable().describe('Surface of the most recent report'),
});
export type SegmentQuality = z.infer<typeof SegmentQuality>;

export const Segment = z.object({
  id: Id,
  name: z.string(),
  description: z.string().nullable(),
  location: z.string().nullable(),
  longitude: z.number(),
  latitude: z.number(),
  geometry: LineString.nullable(),
  length_m: z.number().nullable().describe('Length of the geometry along the ground (haversine), metres'),
  visibility: SegmentVisibility,
  gym_id: z.number().int().nullable(),
  owner_id: z.number().int(),
  quality: SegmentQuality,
  distance_m: z.number().optional().describe('Only in a `near` search: metres from the point to the start'),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Segment = z.infer<typeof Segment>;

const LAT_LON = /^\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*$/;
const BBOX = /^\s*-?\d+(\.\d+)?(\s*,\s*-?\d+(\.\d+)?){3}\s*$/;

export const SegmentSearch = z.object({
  near: z
    .string()
    .regex(LAT_LON, 'Must be "latitude,longitude", e.g. 40.4153,-3.6845')
    .optional()
    .describe('latitude,longitude: nearest first, with distance_m'),
  radius_m: z.coerce.number().min(1).max(100_000).default(5000).describe('With near: metres (1–100,000)'),
  bbox: z
    .string()
    .regex(BBOX, 'Must be "minLon,minLat,maxLon,maxLat"')
    .optional()
    .describe('minLon,minLat,maxLon,maxLat (RFC 7946 §5): segments whose extent meets the box'),
  min_quality: z.coerce.number().min(1).max(5).optional().describe('Only segments rated at least this'),
});
export const SegmentListQuery = Pagination.extend(SegmentSearch.shape);
export type SegmentListQuery = z.infer<typeof SegmentListQuery>;

export const GeoJsonQuery = SegmentSearch.extend({
  limit: z.coerce.number().int().min(1).max(1000).default(500).describe('Features to return (1–1000)'),
});
export type GeoJsonQuery = z.infer<typeof GeoJsonQuery>;

export const SegmentFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.number().int(),
      geometry: z.object({ type: z.string(), coordinates: z.array(z.unknown()) }),
      properties: z.object({
        name: z.string(),
        visibility: SegmentVisibility,
        length_m: z.number().nullable(),
        quality: z.number().nullable(),
        reports: z.number().int(),
        distance_m: z.number().optional(),
      }),
    }),
  ),
});

// ---- Road quality (OpenStreetMap's vocabulary; the lists live in a Zod-free file for the web app)

export { HAZARDS, SMOOTHNESS, SURFACES };

export const QualityReportBody = z
  .object({
    rating: z.number().int().min(1).max(5).describe('1 (dreadful) to 5 (excellent)'),
    surface: z.enum(SURFACES).optional(),
    smoothness: z.enum(SMOOTHNESS).optional(),
    hazards: z
      .array(z.enum(HAZARDS))
      .max(HAZARDS.length)
      .refine((h) => new Set(h).size === h.length, 'Each hazard once')
      .default([]),
    comment: Text.trim().max(1000).optional(),
  })
  .strict();
export type QualityReportBody = z.infer<typeof QualityReportBody>;

export const QualityReport = z.object({
  id: Id,
  segment_id: z.number().int(),
  user_id: z.number().int(),
  day: z.string().describe('UTC day of the report (one per person, segment and day)'),
  rating: z.number().int(),
  surface: z.string().nullable(),
  smoothness: z.string().nullable(),
  hazards: z.array(z.string()),
  comment: z.string().nullable(),
  created_at: Timestamp,
});
export type QualityReport = z.infer<typeof QualityReport>;

// ---- Efforts

export const SegmentEffort = z.object({
  id: Id,
  segment_id: z.number().int(),
  workout_id: z.number().int(),
  user_id: z.number().int(),
  user_name: z.string().optional(),
  started_at: Timestamp,
  elapsed_s: z.number(),
  pace_s_per_km: z.number().nullable(),
  avg_hr: z.number().nullable(),
  rank: z.number().int().optional(),
});
export type SegmentEffort = z.infer<typeof SegmentEffort>;

export const MatchingStatus = z.object({
  segment_id: z.number().int(),
  state: z.enum(['pending', 'running', 'done']),
  workouts_total: z.number().int(),
  workouts_done: z.number().int(),
  efforts_found: z.number().int(),
});
export type MatchingStatus = z.infer<typeof MatchingStatus>;

export const EffortPrefs = z.object({ hide_efforts: z.boolean() }).strict();
export type EffortPrefs = z.infer<typeof EffortPrefs>;

/** The operator's map tiles (MAP_TILE_URL), if any: without them the web app draws its maps as SVG alone. */
export const MapTiles = z.object({
  tiles: z
    .object({
      url: z.string().describe('Tile URL template with {z}, {x} and {y} (Web Mercator, 256 px tiles)'),
      attribution: z.string().describe('The tile provider’s credit, shown on the map'),
      max_zoom: z.number().int().min(0).max(22),
    })
    .nullable(),
});
export type MapTiles = z.infer<typeof MapTiles>;

// ---- RecWay's own API (`/api/v1/segmentos/`), Spanish fields as its clients send them

const SegmentoBase = z
  .object({
    nombre: Fields.name,
    descripcion: Fields.description.optional(),
    longitud: Longitude,
    latitud: Latitude,
    ubicacion: Fields.location.optional(),
  })
  .strict();
export const SegmentoCreate = SegmentoBase;
export type SegmentoCreate = z.infer<typeof SegmentoCreate>;
export const SegmentoUpdate = SegmentoBase.partial();
export type SegmentoUpdate = z.infer<typeof SegmentoUpdate>;

export const Segmento = z.object({
  id_segmento: Id,
  nombre: z.string(),
  descripcion: z.string().nullable(),
  longitud: z.number(),
  latitud: z.number(),
  ubicacion: z.string().nullable(),
  visibilidad: SegmentVisibility,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Segmento = z.infer<typeof Segmento>;

export const SegmentoIdParams = z.object({ id_segmento: Id });
