import type { z } from 'zod';
import { formatBytes } from '../units/index.js';
import { ConversionWarnings, countOf, shortenForMessage } from './conversion-warnings.js';
import {
  GEOJSON_LIMITS,
  featureCollectionSchema,
  type GeoJsonLimits,
  featureSchema,
  type GeoJsonFeature,
  type GeoJsonGeometry,
  type Rgb,
} from './geojson-schema.js';
import { GeoJsonInputError, PositionBudget, readShapes, type Shape } from './geojson-shapes.js';

/** Marks a polygon that stood for an ImageScope hole with no region around it (see imagescope-to-geojson.ts). */
export const NEGATIVE_REGION_METADATA_KEY = 'ImageScope NegativeROA';

/** One QuPath object, reduced to what ImageScope XML can hold. */
export interface ReadFeature {
  shapes: Shape[];
  /** The classification's name; null for an unclassified object. */
  className: string | null;
  classColor: Rgb | null;
  /** The object's own colour (properties.color), used when its class has none. */
  objectColor: Rgb | null;
  name: string | null;
  /** Written as an ImageScope hole (NegativeROA="1") because an earlier conversion marked it so. */
  negative: boolean;
}

export type GeoJsonReading =
  { ok: true; features: ReadFeature[]; warnings: ConversionWarnings } | { ok: false; message: string };

const FROM_QUPATH = 'Export the objects from QuPath again (File › Export objects as GeoJSON).';

/** Reads QuPath GeoJSON text (a FeatureCollection, an array of Features, or one Feature) without trusting it. */
export function readGeoJson(text: string, limits: GeoJsonLimits = GEOJSON_LIMITS): GeoJsonReading {
  if (text.length > limits.maxBytes)
    return refuse(
      `The file is larger than ${formatBytes(limits.maxBytes)}, more than an annotation file can be.`,
    );
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (!/\S/.test(body)) return refuse(`The file is empty. ${FROM_QUPATH}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return refuse(`The file is not valid JSON (${shortenForMessage(reason, 120)}). ${FROM_QUPATH}`);
  }
  const items = featureList(parsed, limits.maxFeatures);
  if (typeof items === 'string') return refuse(items);
  const warnings = new ConversionWarnings();
  const budget = new PositionBudget(limits.maxPositions);
  const features: ReadFeature[] = [];
  try {
    items.forEach((item, index) => {
      const feature = readFeature(item, index, { budget, limits, warnings });
      if (feature !== null) features.push(feature);
    });
  } catch (error) {
    if (error instanceof GeoJsonInputError) return refuse(`${error.message} ${FROM_QUPATH}`);
    throw error;
  }
  if (features.length === 0) return refuse(`The file holds no objects with a shape. ${FROM_QUPATH}`);
  return { ok: true, features, warnings };
}

function refuse(message: string): GeoJsonReading {
  return { ok: false, message };
}

/** The features, or a message saying why the top level is not GeoJSON QuPath writes. */
function featureList(parsed: unknown, maxFeatures: number): unknown[] | string {
  if (Array.isArray(parsed)) return parsed.length > maxFeatures ? tooManyFeatures(maxFeatures) : parsed;
  const type =
    typeof parsed === 'object' && parsed !== null ? (parsed as { type?: unknown }).type : undefined;
  if (type === 'Feature') return [parsed];
  if (type === 'FeatureCollection') {
    const collection = featureCollectionSchema.safeParse(parsed);
    if (!collection.success) return `The FeatureCollection has no "features" list. ${FROM_QUPATH}`;
    const { features } = collection.data;
    return features.length > maxFeatures ? tooManyFeatures(maxFeatures) : features;
  }
  return `This is JSON but not GeoJSON: it is neither a FeatureCollection, a Feature nor a list of Features. ${FROM_QUPATH}`;
}

const tooManyFeatures = (maxFeatures: number) =>
  `The file holds more than ${maxFeatures.toLocaleString('en-US')} objects. Export the annotations only, not the detections.`;

interface Reading {
  budget: PositionBudget;
  limits: GeoJsonLimits;
  warnings: ConversionWarnings;
}

function readFeature(
  item: unknown,
  index: number,
  { budget, limits, warnings }: Reading,
): ReadFeature | null {
  const where = `Object ${index + 1}`;
  const checked = featureSchema.safeParse(item);
  if (!checked.success) throw new GeoJsonInputError(`${where}: ${describeIssue(checked.error)}`);
  const feature = checked.data;
  if (feature.geometry === null) {
    warnings.add(
      'no-geometry',
      (n) => `${countOf(n, 'object has', 'objects have')} no shape and ${n === 1 ? 'was' : 'were'} left out.`,
    );
    return null;
  }
  const shapes = readGeometry(feature.geometry, `${where} (${feature.geometry.type})`, {
    budget,
    limits,
    warnings,
  });
  noteWhatImageScopeCannotHold(feature, warnings);
  const properties = feature.properties ?? {};
  const classification = properties.classification ?? null;
  return {
    shapes,
    className: classification?.name ?? null,
    classColor: classification?.color ?? rgbOfPackedColor(classification?.colorRGB),
    objectColor: properties.color ?? null,
    name: properties.name ?? null,
    negative: properties.metadata?.[NEGATIVE_REGION_METADATA_KEY] === '1',
  };
}

function readGeometry(
  geometry: GeoJsonGeometry,
  where: string,
  { budget, limits, warnings }: Reading,
): Shape[] {
  if (geometry.plane && (geometry.plane.z ?? 0) + (geometry.plane.t ?? 0) !== 0)
    warnings.add(
      'plane',
      (n) =>
        `${countOf(n, 'object lies', 'objects lie')} on another z-slice or time point; ImageScope XML has one plane, so ${n === 1 ? 'it is' : 'they are'} placed on the first.`,
    );
  const parts = geometry.type === 'GeometryCollection' ? geometry.geometries : [geometry];
  const shapes: Shape[] = [];
  for (const part of parts) {
    const reading = readShapes(part, budget, where, limits);
    if (reading.droppedThirdValue)
      warnings.add(
        'third-value',
        (n) =>
          `${countOf(n, 'object has', 'objects have')} positions with a third value (z); ImageScope keeps x and y only.`,
      );
    shapes.push(...reading.shapes);
  }
  return shapes;
}

function noteWhatImageScopeCannotHold(feature: GeoJsonFeature, warnings: ConversionWarnings): void {
  const properties = feature.properties ?? {};
  const objectType = properties.objectType ?? 'annotation';
  if (objectType !== 'annotation')
    warnings.add(
      `type:${objectType}`,
      (n) =>
        `${countOf(n, `${shortenForMessage(objectType)} object`, `${shortenForMessage(objectType)} objects`)} became ImageScope regions like annotations; ImageScope does not tell them apart.`,
    );
  if (hasEntries(properties.measurements))
    warnings.add(
      'measurements',
      (n) =>
        `The measurements of ${countOf(n, 'object', 'objects')} are not carried: ImageScope XML has no place for them.`,
    );
  const metadataKeys = Object.keys(properties.metadata ?? {}).filter(
    (key) => key !== NEGATIVE_REGION_METADATA_KEY,
  );
  if (metadataKeys.length > 0)
    warnings.add(
      'metadata',
      (n) =>
        `The metadata of ${countOf(n, 'object', 'objects')} (e.g. "${shortenForMessage(metadataKeys[0] ?? '')}") is not carried: ImageScope XML has no place for it.`,
    );
  if (properties.isLocked === true)
    warnings.add(
      'locked',
      (n) => `${countOf(n, 'object is', 'objects are')} locked in QuPath; ImageScope regions carry no lock.`,
    );
  if (feature.nucleusGeometry !== undefined)
    warnings.add(
      'nucleus',
      (n) =>
        `The nucleus outlines of ${countOf(n, 'cell', 'cells')} are left out; only the cell outline is kept.`,
    );
  if ((properties.classification?.names?.length ?? 0) > 1)
    warnings.add(
      'derived-class',
      (n) =>
        `${countOf(n, 'object has', 'objects have')} a derived class (e.g. "Tumor: Positive"); it becomes one layer named after the whole class.`,
    );
  if (feature.id !== undefined && feature.id !== null)
    warnings.add(
      'id',
      (n) =>
        `QuPath's ids of ${countOf(n, 'object', 'objects')} are not kept; ImageScope numbers its regions itself.`,
    );
}

function hasEntries(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}

/** QuPath ≤ 0.3 wrote colours as Java's packed ARGB int: alpha in the top byte, then red, green, blue. */
function rgbOfPackedColor(packed: number | undefined): Rgb | null {
  if (packed === undefined) return null;
  return [(packed >> 16) & 0xff, (packed >> 8) & 0xff, packed & 0xff];
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'it is not a GeoJSON Feature.';
  const path = issue.path.map(String).join('.');
  return path === '' ? `${issue.message}.` : `"${shortenForMessage(path, 60)}": ${issue.message}.`;
}
