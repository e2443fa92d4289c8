import { IMAGESCOPE_REGION_TYPES } from '../../../src-shared/annotations/imagescope-region-types.js';
import type { ImageScopeVertexInput } from '../../../src-shared/annotations/imagescope-types.js';
import { rectangleCorners } from '../../../src-shared/annotations/region-geometry.js';

type Point = ImageScopeVertexInput;

/** What drawing needs of an ImageScope file (a `readImageScopeXml` document has it too). */
export interface OverlayDocument {
  layers: Array<{ name: string; lineColor: number | null; regions: OverlayRegion[] }>;
}

export interface OverlayRegion {
  typeCode: number;
  negative: boolean;
  vertices: Point[];
}

/** Picture pixels per level-0 pixel, per axis. */
export interface OverlayScale {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/**
 * A thumbnail pictures the whole of level 0, so each axis scales by its own ratio: the picture's width and height
 * are each rounded to whole pixels when it is made, and one shared factor would drift by up to a pixel at the far
 * edge. When a thumbnail's shape differs from the slide's (a vendor that pads or crops its thumbnail), the
 * per-axis ratios still map the slide's corners onto the picture's corners; regions are stretched with it rather
 * than drawn off the picture.
 */
export function overlayScale(picture: Size, slide: Size): OverlayScale {
  return { x: picture.width / slide.width, y: picture.height / slide.height };
}

export interface OverlayOptions {
  /** Points closer than this (in picture pixels) to the last point kept are dropped: they cannot be seen. */
  minStep?: number;
  /** Most points kept per region, so a prediction of many thousand vertices stays a light drawing. */
  maxPoints?: number;
}

export const DEFAULT_MIN_STEP = 0.5;
export const DEFAULT_MAX_POINTS = 400;

/** One layer ready to draw: SVG path data in picture pixels. */
export interface OverlayLayer {
  /** Position in the file: layers may share a name. */
  index: number;
  name: string;
  /** CSS colour from the layer's LineColor, or one of a fixed set when it has none. */
  color: string;
  /** Regions drawn (holes included). */
  regionCount: number;
  /** Regions wholly outside the picture (beyond the slide's edge): listed, but nothing to see. */
  outside: number;
  /** Outlines of the layer's regions, every ring wound the same way so overlapping regions add up. */
  areas: string;
  /** NegativeROA regions: holes cut out of the layer's other regions. */
  holes: string;
  /** Points (drawn as dots) and open lines (rulers, arrows): drawn without fill. */
  marks: string;
}

/** For layers that name no colour: distinct on light and dark pictures alike. */
const FALLBACK_COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6'];

/** ImageScope LineColor (BGR packed into an integer) → "#rrggbb". */
export function layerColor(lineColor: number | null, index: number): string {
  if (lineColor === null) return FALLBACK_COLORS[index % FALLBACK_COLORS.length] ?? '#e6194b';
  const r = lineColor & 0xff;
  const g = (lineColor >> 8) & 0xff;
  const b = (lineColor >> 16) & 0xff;
  return `#${[r, g, b].map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
}

/** Every layer of an ImageScope document, scaled onto a picture; layers without regions are left out. */
export function overlayLayers(
  document: OverlayDocument,
  scale: OverlayScale,
  picture: Size,
  options: OverlayOptions = {},
): OverlayLayer[] {
  const minStep = options.minStep ?? DEFAULT_MIN_STEP;
  const maxPoints = Math.max(4, options.maxPoints ?? DEFAULT_MAX_POINTS);
  const layers: OverlayLayer[] = [];
  document.layers.forEach((layer, index) => {
    const areas: string[] = [];
    const holes: string[] = [];
    const marks: string[] = [];
    let outside = 0;
    for (const region of layer.regions) {
      if (isOutside(region.vertices, scale, picture)) outside += 1;
      const shape = regionShape(region, scale, minStep, maxPoints);
      if (shape === null) continue;
      if (shape.kind === 'mark') marks.push(shape.path);
      else (region.negative ? holes : areas).push(shape.path);
    }
    const regionCount = areas.length + holes.length + marks.length;
    if (regionCount === 0) return;
    layers.push({
      index,
      name: layer.name.trim() || `Layer ${index + 1}`,
      color: layerColor(layer.lineColor, index),
      regionCount,
      outside,
      areas: areas.join(''),
      holes: holes.join(''),
      marks: marks.join(''),
    });
  });
  return layers;
}

function isOutside(vertices: readonly Point[], scale: OverlayScale, picture: Size): boolean {
  if (vertices.length === 0) return false;
  // A loop, not Math.min(...xs): a predicted region can have more vertices than a call takes arguments.
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const { x, y } of vertices) {
    minX = Math.min(minX, x * scale.x);
    maxX = Math.max(maxX, x * scale.x);
    minY = Math.min(minY, y * scale.y);
    maxY = Math.max(maxY, y * scale.y);
  }
  return minX >= picture.width || maxX <= 0 || minY >= picture.height || maxY <= 0;
}

type Shape = { kind: 'area' | 'mark'; path: string };

function regionShape(
  region: OverlayRegion,
  scale: OverlayScale,
  minStep: number,
  maxPoints: number,
): Shape | null {
  const scaled = region.vertices.map((vertex) => ({ x: vertex.x * scale.x, y: vertex.y * scale.y }));
  const [first, second] = scaled;
  if (first === undefined) return null;
  switch (region.typeCode) {
    case IMAGESCOPE_REGION_TYPES.rectangle:
      return {
        kind: 'area',
        path: ringPath(clockwise(scaled.length === 2 && second ? rectangleCorners(first, second) : scaled)),
      };
    case IMAGESCOPE_REGION_TYPES.ellipse:
      return second ? { kind: 'area', path: ellipsePath(first, second) } : null;
    case IMAGESCOPE_REGION_TYPES.arrow:
    case IMAGESCOPE_REGION_TYPES.ruler:
      return { kind: 'mark', path: linePath(simplify(scaled, minStep, maxPoints)) };
    case IMAGESCOPE_REGION_TYPES.points:
      // A zero-length segment with a round cap is a dot.
      return { kind: 'mark', path: scaled.map((point) => `M${n(point.x)} ${n(point.y)}h0`).join('') };
    default:
      return { kind: 'area', path: ringPath(clockwise(simplify(scaled, minStep, maxPoints))) };
  }
}

/**
 * Drops each point closer than `minStep` to the last one kept, then (when still over `maxPoints`) keeps evenly
 * spaced points. The first point always stays, so a region never vanishes: at worst it becomes a dot.
 */
export function simplify(points: readonly Point[], minStep: number, maxPoints: number): Point[] {
  const kept: Point[] = [];
  for (const point of points) {
    const last = kept[kept.length - 1];
    if (last === undefined || Math.hypot(point.x - last.x, point.y - last.y) >= minStep) kept.push(point);
  }
  if (kept.length <= maxPoints) return kept;
  const stride = kept.length / maxPoints;
  return Array.from({ length: maxPoints }, (_, i) => kept[Math.floor(i * stride)] ?? kept[0]!);
}

/**
 * Rings wound one way: with the nonzero fill rule, overlapping regions of a layer then fill as their union
 * (evenodd would cut a hole where two regions overlap). Holes are cut by NegativeROA regions, not by winding.
 */
function clockwise(points: Point[]): Point[] {
  let twiceArea = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    twiceArea += a.x * b.y - b.x * a.y;
  }
  // y grows downwards in pictures: a positive shoelace sum is clockwise on screen.
  return twiceArea < 0 ? [...points].reverse() : points;
}

function ringPath(points: readonly Point[]): string {
  return `${linePath(points)}Z`;
}

function linePath(points: readonly Point[]): string {
  return points.map((point, i) => `${i === 0 ? 'M' : 'L'}${n(point.x)} ${n(point.y)}`).join('');
}

/** ImageScope's ellipse: inscribed in the box of its two vertices; two arcs make it a closed path. */
function ellipsePath(a: Point, b: Point): string {
  const rx = Math.abs(b.x - a.x) / 2;
  const ry = Math.abs(b.y - a.y) / 2;
  const cx = (a.x + b.x) / 2;
  const cy = (a.y + b.y) / 2;
  const arc = `A${n(rx)} ${n(ry)} 0 1 1`;
  return `M${n(cx - rx)} ${n(cy)}${arc} ${n(cx + rx)} ${n(cy)}${arc} ${n(cx - rx)} ${n(cy)}Z`;
}

/** Tenths of a pixel: finer than any screen shows, and short path text for big predictions. */
const n = (value: number): string => String(Math.round(value * 10) / 10);
