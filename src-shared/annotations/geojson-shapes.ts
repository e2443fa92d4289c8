import type { ImageScopeVertexInput } from './imagescope-types.js';
import { GEOJSON_LIMITS, type GeoJsonLimits, type SimpleGeometry } from './geojson-schema.js';

/**
 * Reads GeoJSON coordinates into plain shapes, checking each position as it goes: two or three finite numbers,
 * polygon rings of at least three corners, and no more vertices in the whole file than GEOJSON_LIMITS allows
 * (checked before each array is walked, so a hostile file stops early). Only the fixed GeoJSON depths are
 * walked, never arbitrary nesting.
 */

export type Vertex = ImageScopeVertexInput;

export type Shape =
  /** rings[0] is the outline, the others are holes; rings are stored open (the closing corner removed). */
  | { kind: 'polygon'; rings: Vertex[][] }
  | { kind: 'line'; vertices: Vertex[] }
  | { kind: 'points'; vertices: Vertex[] };

export class GeoJsonInputError extends Error {}

export interface ShapeReading {
  shapes: Shape[];
  /** A position carried a third value (z, or a measure) that was left out. */
  droppedThirdValue: boolean;
  /** MultiPolygon / MultiLineString / GeometryCollection: one shape per part. */
  parts: number;
}

/** Counts vertices across the whole file. */
export class PositionBudget {
  private used = 0;

  constructor(private readonly maxPositions: number = GEOJSON_LIMITS.maxPositions) {}

  take(count: number, where: string): void {
    this.used += count;
    if (this.used > this.maxPositions) {
      throw new GeoJsonInputError(
        `${where}: the file holds more than ${this.maxPositions.toLocaleString('en-US')} vertices, ` +
          'more than an annotation file can sensibly have. Export fewer objects (annotations, not detections) from QuPath.',
      );
    }
  }
}

export function readShapes(
  geometry: SimpleGeometry,
  budget: PositionBudget,
  where: string,
  limits: GeoJsonLimits = GEOJSON_LIMITS,
): ShapeReading {
  const reader = new CoordinateReader(budget, where, limits.maxParts);
  const { coordinates } = geometry;
  switch (geometry.type) {
    case 'Point':
      return reader.done([{ kind: 'points', vertices: [reader.position(coordinates)] }], 1);
    case 'MultiPoint':
      return reader.done([{ kind: 'points', vertices: reader.positions(coordinates, 1) }], 1);
    case 'LineString':
      return reader.done([{ kind: 'line', vertices: reader.positions(coordinates, 2) }], 1);
    case 'MultiLineString': {
      const lines = reader.list(coordinates, 'lines').map((line) => reader.positions(line, 2));
      return reader.done(
        lines.map((vertices) => ({ kind: 'line', vertices })),
        lines.length,
      );
    }
    case 'Polygon':
      return reader.done([{ kind: 'polygon', rings: reader.polygon(coordinates) }], 1);
    case 'MultiPolygon': {
      const polygons = reader.list(coordinates, 'polygons').map((polygon) => reader.polygon(polygon));
      return reader.done(
        polygons.map((rings) => ({ kind: 'polygon', rings })),
        polygons.length,
      );
    }
  }
}

class CoordinateReader {
  private droppedThirdValue = false;

  constructor(
    private readonly budget: PositionBudget,
    private readonly where: string,
    private readonly maxParts: number,
  ) {}

  done(shapes: Shape[], parts: number): ShapeReading {
    return { shapes, droppedThirdValue: this.droppedThirdValue, parts };
  }

  list(value: unknown, what: string): unknown[] {
    if (!Array.isArray(value)) throw this.problem(`its coordinates are not a list of ${what}`);
    if (value.length > this.maxParts)
      throw this.problem(`it has more than ${this.maxParts.toLocaleString('en-US')} ${what}`);
    return value;
  }

  position(value: unknown): Vertex {
    if (!Array.isArray(value) || value.length < 2)
      throw this.problem('a position is not a list of at least two numbers [x, y]');
    const [x, y] = value as unknown[];
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y))
      throw this.problem(
        `a position holds ${describeValue(x)}, ${describeValue(y)} instead of two finite numbers`,
      );
    if (value.length > 2) this.droppedThirdValue = true;
    return { x, y };
  }

  positions(value: unknown, minimum: number): Vertex[] {
    if (!Array.isArray(value)) throw this.problem('its coordinates are not a list of positions');
    // Before walking: a 50-million-position array is refused without touching its items.
    this.budget.take(value.length, this.where);
    if (value.length < minimum)
      throw this.problem(
        `it has ${value.length} position${value.length === 1 ? '' : 's'}, it needs ${minimum}`,
      );
    return value.map((position) => this.position(position));
  }

  polygon(value: unknown): Vertex[][] {
    const rings = this.list(value, 'rings');
    if (rings.length === 0) throw this.problem('a polygon has no outline');
    return rings.map((ring, index) => {
      const vertices = this.positions(ring, 3);
      const first = vertices[0];
      const last = vertices[vertices.length - 1];
      // GeoJSON repeats the first corner at the end; ImageScope does not, and closes the outline itself.
      if (first && last && vertices.length > 1 && first.x === last.x && first.y === last.y) vertices.pop();
      if (vertices.length < 3)
        throw this.problem(`${index === 0 ? 'a polygon outline' : 'a hole'} has fewer than 3 corners`);
      return vertices;
    });
  }

  private problem(detail: string): GeoJsonInputError {
    return new GeoJsonInputError(`${this.where}: ${detail}.`);
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 20 ? `${value.slice(0, 19)}…` : value);
  return typeof value;
}
