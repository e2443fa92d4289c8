import { countOf, type ConversionWarnings } from './conversion-warnings.js';
import type { ImageScopeRegion } from './imagescope-read.js';
import { IMAGESCOPE_REGION_TYPES } from './imagescope-region-types.js';
import type { ImageScopeVertexInput as Vertex } from './imagescope-types.js';
import { boundsOf, ellipseToPolygon } from './polygon-containment.js';
import { rectangleCorners } from './region-geometry.js';

/**
 * One ImageScope region as a QuPath GeoJSON Feature: freehand regions, rectangles (their corners) and ellipses
 * (64-corner polygons) are polygons; arrows and rulers lines; Type 5 points. Holes are attached by the caller.
 */

export type Position = [number, number];

export interface Feature {
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

/** The outline of a region that encloses an area; null for lines and points. */
export function ringOf(region: ImageScopeRegion, warnings: ConversionWarnings): Vertex[] | null {
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

export function featureOf(
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

const positionOf = ({ x, y }: Vertex): Position => [x, y];

/** GeoJSON rings end where they start. */
export function closedRing(ring: readonly Vertex[]): Position[] {
  const positions = ring.map(positionOf);
  const first = positions[0];
  return first ? [...positions, first] : positions;
}
