import type { ImageScopeVertexInput } from './imagescope-types.js';

/** Perimeter and area in pixels, for the Length/Area columns ImageScope shows in its region table. */
export interface RegionMeasures {
  length: number;
  area: number;
}

/** Closed polygon: perimeter including the closing edge, area by the shoelace formula. */
export function measurePolygon(vertices: readonly ImageScopeVertexInput[]): RegionMeasures {
  let length = 0;
  let twiceSignedArea = 0;
  for (let i = 0; i < vertices.length; i++) {
    const a = vertices[i];
    const b = vertices[(i + 1) % vertices.length];
    if (a === undefined || b === undefined) continue;
    length += Math.hypot(b.x - a.x, b.y - a.y);
    twiceSignedArea += a.x * b.y - b.x * a.y;
  }
  return { length, area: Math.abs(twiceSignedArea) / 2 };
}

/** Open line: the length of its segments, no area. */
export function measureLine(vertices: readonly ImageScopeVertexInput[]): RegionMeasures {
  let length = 0;
  for (let i = 1; i < vertices.length; i++) {
    const a = vertices[i - 1];
    const b = vertices[i];
    if (a !== undefined && b !== undefined) length += Math.hypot(b.x - a.x, b.y - a.y);
  }
  return { length, area: 0 };
}

/** Ellipse inscribed in the bounding box of its vertices; perimeter by Ramanujan's second approximation. */
export function measureEllipse(vertices: readonly ImageScopeVertexInput[]): RegionMeasures {
  const box = boundingBox(vertices);
  const a = (box.maxX - box.minX) / 2;
  const b = (box.maxY - box.minY) / 2;
  if (a + b === 0) return { length: 0, area: 0 };
  const h = ((a - b) / (a + b)) ** 2;
  const length = Math.PI * (a + b) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h)));
  return { length, area: Math.PI * a * b };
}

/** The four corners of an axis-aligned rectangle given by two opposite corners, clockwise from top-left as ImageScope writes them. */
export function rectangleCorners(
  from: ImageScopeVertexInput,
  to: ImageScopeVertexInput,
): ImageScopeVertexInput[] {
  const box = boundingBox([from, to]);
  return [
    { x: box.minX, y: box.minY },
    { x: box.maxX, y: box.minY },
    { x: box.maxX, y: box.maxY },
    { x: box.minX, y: box.maxY },
  ];
}

function boundingBox(vertices: readonly ImageScopeVertexInput[]): {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
} {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const { x, y } of vertices) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return { minX, minY, maxX, maxY };
}
