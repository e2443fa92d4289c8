import type { ImageScopeVertexInput as Vertex } from './imagescope-types.js';

/** Axis-aligned bounds of a ring, to rule most candidates out before the exact test. */
export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function boundsOf(vertices: readonly Vertex[]): Bounds {
  const bounds = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const { x, y } of vertices) {
    bounds.minX = Math.min(bounds.minX, x);
    bounds.minY = Math.min(bounds.minY, y);
    bounds.maxX = Math.max(bounds.maxX, x);
    bounds.maxY = Math.max(bounds.maxY, y);
  }
  return bounds;
}

export const boundsContain = (outer: Bounds, inner: Bounds): boolean =>
  inner.minX >= outer.minX &&
  inner.maxX <= outer.maxX &&
  inner.minY >= outer.minY &&
  inner.maxY <= outer.maxY;

/**
 * True when every corner of `inner` lies inside `outer` or on its outline. ImageScope holes are drawn inside
 * their region and may touch its edge, so a corner on the edge still counts as inside.
 */
export function ringInsideRing(inner: readonly Vertex[], outer: readonly Vertex[]): boolean {
  return inner.every((point) => pointInOrOnRing(point, outer));
}

function pointInOrOnRing(point: Vertex, ring: readonly Vertex[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (a === undefined || b === undefined) continue;
    if (onSegment(point, a, b)) return true;
    // Even-odd ray casting towards +x.
    if (a.y > point.y !== b.y > point.y && point.x < ((b.x - a.x) * (point.y - a.y)) / (b.y - a.y) + a.x)
      inside = !inside;
  }
  return inside;
}

function onSegment(p: Vertex, a: Vertex, b: Vertex): boolean {
  const cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
  if (cross !== 0) return false;
  return (
    p.x >= Math.min(a.x, b.x) &&
    p.x <= Math.max(a.x, b.x) &&
    p.y >= Math.min(a.y, b.y) &&
    p.y <= Math.max(a.y, b.y)
  );
}

/** The polygon an ellipse inscribed in `bounds` is drawn as: `count` corners, starting at its right end. */
export function ellipseToPolygon(bounds: Bounds, count = 64): Vertex[] {
  const cx = (bounds.minX + bounds.maxX) / 2;
  const cy = (bounds.minY + bounds.maxY) / 2;
  const rx = (bounds.maxX - bounds.minX) / 2;
  const ry = (bounds.maxY - bounds.minY) / 2;
  return Array.from({ length: count }, (_, i) => {
    const angle = (2 * Math.PI * i) / count;
    return { x: cx + rx * Math.cos(angle), y: cy + ry * Math.sin(angle) };
  });
}
