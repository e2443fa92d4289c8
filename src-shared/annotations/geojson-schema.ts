import { z } from 'zod';

/**
 * The shape of a QuPath GeoJSON export, checked with zod at the trust boundary. Coordinates are left as
 * `unknown` here and read by geojson-positions.ts, which bounds their number while it walks them; everything
 * else a feature may carry is declared so nothing is read unchecked.
 *
 *   { "type": "FeatureCollection", "features": [ … ] }      or a bare array of Features, or one Feature
 *   Feature: { "type": "Feature", "id"?: "…uuid…",
 *     "geometry": { "type": "Polygon" | "MultiPolygon" | "LineString" | "MultiLineString" | "Point" | "MultiPoint"
 *                   | "GeometryCollection", "coordinates": …, "plane"?: { "z", "t", "c" } },
 *     "properties": { "objectType": "annotation" | "detection" | "cell" | "tile" …, "name"?, "isLocked"?,
 *       "classification"?: { "name", "color"?: [r, g, b], "colorRGB"?: packed ARGB int (QuPath ≤ 0.3) },
 *       "color"?: [r, g, b], "measurements"?: {…} | [{ name, value }], "metadata"?: { key: text } },
 *     "nucleusGeometry"?: {…} (cells) }
 */

/** No realistic annotation file comes near these; they keep a hostile file from exhausting memory. */
export const GEOJSON_LIMITS: Readonly<{
  maxBytes: number;
  maxFeatures: number;
  maxPositions: number;
  maxParts: number;
  maxTextLength: number;
}> = {
  /** Same ceiling as the ImageScope import. */
  maxBytes: 200 * 1024 * 1024,
  maxFeatures: 1_000_000,
  /** Vertices in the whole file (a million-vertex ImageScope export is already a big one). */
  maxPositions: 5_000_000,
  /** Parts of one GeometryCollection, MultiPolygon or MultiLineString. */
  maxParts: 100_000,
  maxTextLength: 10_000,
};

export type GeoJsonLimits = typeof GEOJSON_LIMITS;

const channel = z.number().int().min(0).max(255);
export const rgbSchema = z.tuple([channel, channel, channel]);

const text = z.string().max(GEOJSON_LIMITS.maxTextLength);

const classificationSchema = z.looseObject({
  name: text.nullable().optional(),
  color: rgbSchema.optional(),
  /** QuPath up to 0.3: Java's packed ARGB int, usually negative because of the alpha byte. */
  colorRGB: z
    .number()
    .int()
    .min(-(2 ** 31))
    .max(2 ** 32 - 1)
    .optional(),
  names: z.array(text).max(100).optional(),
});

const planeSchema = z.looseObject({
  z: z.number().int().optional(),
  t: z.number().int().optional(),
  c: z.number().int().optional(),
});

export const propertiesSchema = z.looseObject({
  objectType: text.optional(),
  name: text.nullable().optional(),
  isLocked: z.boolean().optional(),
  classification: classificationSchema.nullable().optional(),
  color: rgbSchema.optional(),
  measurements: z.unknown().optional(),
  metadata: z.record(text, z.unknown()).optional(),
});

const SIMPLE_GEOMETRY_TYPES = [
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
] as const;

const simpleGeometrySchema = z.looseObject({
  type: z.enum(SIMPLE_GEOMETRY_TYPES),
  coordinates: z.unknown(),
  plane: planeSchema.optional(),
});

/** One level only: a collection inside a collection is refused, so reading stays flat. */
const geometrySchema = z.union([
  simpleGeometrySchema,
  z.looseObject({
    type: z.literal('GeometryCollection'),
    geometries: z.array(simpleGeometrySchema).max(GEOJSON_LIMITS.maxParts),
    plane: planeSchema.optional(),
  }),
]);

export const featureSchema = z.looseObject({
  type: z.literal('Feature'),
  id: z.union([text, z.number()]).nullable().optional(),
  geometry: geometrySchema.nullable(),
  properties: propertiesSchema.nullable().optional(),
  nucleusGeometry: z.unknown().optional(),
});

export const featureCollectionSchema = z.looseObject({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()),
});

export type GeoJsonFeature = z.infer<typeof featureSchema>;
export type GeoJsonProperties = z.infer<typeof propertiesSchema>;
export type SimpleGeometry = z.infer<typeof simpleGeometrySchema>;
export type GeoJsonGeometry = z.infer<typeof geometrySchema>;
export type Rgb = z.infer<typeof rgbSchema>;
