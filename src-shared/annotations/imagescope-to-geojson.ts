import { ConversionWarnings, countOf, shortenForMessage } from './conversion-warnings.js';
import { NEGATIVE_REGION_METADATA_KEY } from './geojson-read.js';
import type { Conversion } from './geojson-to-imagescope.js';
import { imageScopeColorToRgb } from './imagescope-color.js';
import { readImageScopeXml, type ImageScopeLayer, type ImageScopeRegion } from './imagescope-read.js';
import { IMAGESCOPE_REGION_TYPES } from './imagescope-region-types.js';
import type { ImageScopeVertexInput as Vertex } from './imagescope-types.js';
import {
  boundsContain,
  boundsOf,
  ellipseToPolygon,
  ringInsideRing,
  type Bounds,
} from './polygon-containment.js';
import { measurePolygon, rectangleCorners } from './region-geometry.js';

type Position = [number, number];

interface Feature {
  type: 'Feature';
  geometry:
    | { type: 'Polygon'; coordinates: Position[][] }
    | { type: 'LineString'; coordinates: Position[] }
    | { type: 'Point'; coordinates: Position }
    | { type: 'MultiPoint'; coordinates: Position[] };
  properties: {
    objectType: 'annotation';
    name?: string;
    classification?: { name: string; color?: [number, number, number] };
    metadata?: Record<string, string>;
  };
}

/** A positive region's outline, its holes and what is needed to find which holes belong to it. */
interface Outline {
  feature: Feature & { geometry: { type: 'Polygon' } };
  ring: Vertex[];
  bounds: Bounds;
  area: number;
}

/**
 * Aperio ImageScope XML → QuPath GeoJSON (a FeatureCollection, one Feature per line). Each layer becomes a
 * classification with the layer's name and colour; each region a Feature; each hole (NegativeROA="1") a hole
 * of the smallest region of its layer that contains it. Rectangles and ellipses become polygons, which is
 * reported, as is everything else GeoJSON cannot carry.
 */
export function imageScopeToGeoJson(text: string): Conversion {
  const reading = readImageScopeXml(text);
  if (!reading.ok) return reading;
  const { document } = reading;
  const warnings = new ConversionWarnings();
  if (document.micronsPerPixel !== null)
    warnings.add(
      'mpp',
      () =>
        `The resolution (MicronsPerPixel ${document.micronsPerPixel}) is not carried: GeoJSON coordinates are in pixels and QuPath takes the resolution from the slide.`,
    );
  const seenNames = new Set<string>();
  const features: Feature[] = [];
  for (const layer of document.layers) {
    if (seenNames.has(layer.name))
      warnings.add(
        `same-name:${layer.name}`,
        () =>
          `Several layers are called "${shortenForMessage(layer.name)}"; in QuPath they become one class.`,
      );
    seenNames.add(layer.name);
    features.push(...layerFeatures(layer, warnings));
  }
  const lines = features.map((feature) => JSON.stringify(feature));
  return {
    ok: true,
    text: `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`,
    warnings: warnings.list(),
    layers: document.layers.length,
    regions: document.layers.reduce((sum, layer) => sum + layer.regions.length, 0),
  };
}

function layerFeatures(layer: ImageScopeLayer, warnings: ConversionWarnings): Feature[] {
  const label = layer.name === '' ? 'the layer without a name' : `layer "${shortenForMessage(layer.name)}"`;
  if (layer.regions.length === 0)
    warnings.add(
      `empty:${layer.name}`,
      () =>
        `The ${label.replace(/^the /, '')} has no regions, so it is not in the GeoJSON (QuPath has no empty classes).`,
    );
  if (layer.attributeNames.length > 0)
    warnings.add(
      `layer-attributes:${layer.name}`,
      () =>
        `The attributes of ${label} (${layer.attributeNames.map((name) => shortenForMessage(name)).join(', ')}) are not carried: QuPath classes have a name and a colour only.`,
    );
  if (layer.lineColor === null)
    warnings.add(
      `colour:${layer.name}`,
      () => `${capitalise(label)} has no usable LineColor; QuPath will choose its colour.`,
    );
  const properties = propertiesOf(layer);

  const features: Feature[] = [];
  const outlines: Outline[] = [];
  const holes: Vertex[][] = [];
  for (const region of layer.regions) {
    noteRegionLosses(region, warnings);
    if (region.negative) {
      const ring = ringOf(region, warnings);
      if (ring !== null) holes.push(ring);
      else features.push(featureOf(region, properties, warnings));
      continue;
    }
    const feature = featureOf(region, properties, warnings);
    features.push(feature);
    if (feature.geometry.type === 'Polygon') {
      const ring = feature.geometry.coordinates[0]?.slice(0, -1).map(([x, y]) => ({ x, y })) ?? [];
      outlines.push({
        feature: feature as Outline['feature'],
        ring,
        bounds: boundsOf(ring),
        area: measurePolygon(ring).area,
      });
    }
  }
  for (const hole of holes) attachHole(hole, outlines, features, properties, warnings, label);
  return features;
}

function propertiesOf(layer: ImageScopeLayer): Feature['properties'] {
  if (layer.name === '') return { objectType: 'annotation' };
  const classification: NonNullable<Feature['properties']['classification']> = { name: layer.name };
  if (layer.lineColor !== null) {
    const { r, g, b } = imageScopeColorToRgb(layer.lineColor);
    classification.color = [r, g, b];
  }
  return { objectType: 'annotation', classification };
}

/** The hole joins the smallest region around it; a hole outside every region stays a marked polygon. */
function attachHole(
  hole: Vertex[],
  outlines: readonly Outline[],
  features: Feature[],
  properties: Feature['properties'],
  warnings: ConversionWarnings,
  label: string,
): void {
  const bounds = boundsOf(hole);
  let best: Outline | null = null;
  for (const outline of outlines) {
    if (!boundsContain(outline.bounds, bounds) || (best !== null && outline.area >= best.area)) continue;
    if (ringInsideRing(hole, outline.ring)) best = outline;
  }
  if (best !== null) {
    best.feature.geometry.coordinates.push(closedRing(hole));
    return;
  }
  warnings.add(
    `lone-hole:${label}`,
    (n) =>
      `${countOf(n, 'hole', 'holes')} (NegativeROA) in ${label} ${n === 1 ? 'lies' : 'lie'} outside every region; ${n === 1 ? 'it is' : 'they are'} kept as polygons marked "${NEGATIVE_REGION_METADATA_KEY}" in their metadata, which QuPath shows as ordinary annotations.`,
  );
  features.push({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [closedRing(hole)] },
    properties: { ...properties, metadata: { [NEGATIVE_REGION_METADATA_KEY]: '1' } },
  });
}

/** The outline of a region that encloses an area; null for lines and points. */
function ringOf(region: ImageScopeRegion, warnings: ConversionWarnings): Vertex[] | null {
  const { vertices } = region;
  switch (region.typeCode) {
    case IMAGESCOPE_REGION_TYPES.freehand:
      return vertices;
    case IMAGESCOPE_REGION_TYPES.rectangle: {
      warnings.add(
        'rectangle',
        (n) =>
          `${countOf(n, 'rectangle', 'rectangles')} became ${n === 1 ? 'a polygon' : 'polygons'} with the same corners; converted back, ${n === 1 ? 'it is a freehand region' : 'they are freehand regions'}.`,
      );
      const [from, to] = vertices;
      return vertices.length === 2 && from && to ? rectangleCorners(from, to) : vertices;
    }
    case IMAGESCOPE_REGION_TYPES.ellipse:
      warnings.add(
        'ellipse',
        (n) =>
          `${countOf(n, 'ellipse', 'ellipses')} became 64-corner polygons: GeoJSON has no ellipses, so the curve is approximated.`,
      );
      return ellipseToPolygon(boundsOf(vertices));
    case IMAGESCOPE_REGION_TYPES.arrow:
    case IMAGESCOPE_REGION_TYPES.ruler:
    case IMAGESCOPE_REGION_TYPES.points:
      return null;
    default:
      if (vertices.length < 3) return null;
      warnings.add(
        `type:${region.typeCode}`,
        (n) =>
          `${countOf(n, `region of unknown Type ${region.typeCode}`, `regions of unknown Type ${region.typeCode}`)} became polygons through ${n === 1 ? 'its' : 'their'} vertices.`,
      );
      return vertices;
  }
}

function featureOf(
  region: ImageScopeRegion,
  properties: Feature['properties'],
  warnings: ConversionWarnings,
): Feature {
  const withName = region.text === '' ? properties : { ...properties, name: region.text };
  const ring = ringOf(region, warnings);
  const positions = region.vertices.map(positionOf);
  let geometry: Feature['geometry'];
  if (ring !== null) geometry = { type: 'Polygon', coordinates: [closedRing(ring)] };
  else if (region.typeCode === IMAGESCOPE_REGION_TYPES.points)
    geometry =
      positions.length === 1 && positions[0]
        ? { type: 'Point', coordinates: positions[0] }
        : { type: 'MultiPoint', coordinates: positions };
  else {
    if (region.typeCode === IMAGESCOPE_REGION_TYPES.arrow)
      warnings.add(
        'arrow',
        (n) =>
          `${countOf(n, 'arrow', 'arrows')} became ${n === 1 ? 'a line' : 'lines'}; the arrow head is not carried.`,
      );
    else if (region.typeCode !== IMAGESCOPE_REGION_TYPES.ruler)
      warnings.add(
        `type:${region.typeCode}`,
        (n) =>
          `${countOf(n, `region of unknown Type ${region.typeCode}`, `regions of unknown Type ${region.typeCode}`)} became lines through ${n === 1 ? 'its' : 'their'} vertices.`,
      );
    geometry =
      positions.length === 1 && positions[0]
        ? { type: 'Point', coordinates: positions[0] }
        : { type: 'LineString', coordinates: positions };
  }
  if (region.negative && ring === null)
    warnings.add(
      'negative-line',
      (n) =>
        `${countOf(n, 'line or point marked', 'lines or points marked')} as a hole (NegativeROA) cannot cut anything out; ${n === 1 ? 'it is' : 'they are'} kept as ordinary objects.`,
    );
  return { type: 'Feature', geometry, properties: withName };
}

function noteRegionLosses(region: ImageScopeRegion, warnings: ConversionWarnings): void {
  if (region.negative && region.text !== '')
    warnings.add(
      'hole-text',
      (n) => `The Text of ${countOf(n, 'hole', 'holes')} is not carried: a hole in GeoJSON has no name.`,
    );
  if (region.hasDepth)
    warnings.add(
      'depth',
      (n) =>
        `${countOf(n, 'region has', 'regions have')} vertices with a Z (focal plane) other than 0; GeoJSON keeps x and y only.`,
    );
  if (region.attributeNames.length > 0)
    warnings.add(
      'region-attributes',
      (n) =>
        `The attributes of ${countOf(n, 'region', 'regions')} are not carried: QuPath objects have no place for ImageScope attributes.`,
    );
}

const positionOf = ({ x, y }: Vertex): Position => [x, y];

/** GeoJSON rings end where they start. */
function closedRing(ring: readonly Vertex[]): Position[] {
  const positions = ring.map(positionOf);
  const first = positions[0];
  return first ? [...positions, first] : positions;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
