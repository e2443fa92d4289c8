/**
 * ImageScope's Region/@Type codes. ImageScope itself writes 0 for freehand (pen/polygon) regions,
 * 1 for rectangles (4 corner vertices), 2 for ellipses (2 vertices: opposite corners of the bounding box),
 * 3 for arrows and 4 for rulers (2 vertices each). 5 holds points (one vertex each, e.g. QuPath's point
 * annotations): ImageScope itself has no point tool and does not draw them, but keeps them in the file.
 */
export const IMAGESCOPE_REGION_TYPES = {
  freehand: 0,
  rectangle: 1,
  ellipse: 2,
  arrow: 3,
  ruler: 4,
  points: 5,
} as const;

interface RegionTypeRule {
  /** What a technician calls it in ImageScope, with its article: "a rectangle". */
  label: string;
  minVertices: number;
}

const RULES: ReadonlyMap<number, RegionTypeRule> = new Map([
  [IMAGESCOPE_REGION_TYPES.freehand, { label: 'a freehand region', minVertices: 3 }],
  // Rectangles and ellipses are defined by their bounding box, so two opposite corners are enough.
  [IMAGESCOPE_REGION_TYPES.rectangle, { label: 'a rectangle', minVertices: 2 }],
  [IMAGESCOPE_REGION_TYPES.ellipse, { label: 'an ellipse', minVertices: 2 }],
  [IMAGESCOPE_REGION_TYPES.arrow, { label: 'an arrow', minVertices: 2 }],
  [IMAGESCOPE_REGION_TYPES.ruler, { label: 'a ruler', minVertices: 2 }],
  [IMAGESCOPE_REGION_TYPES.points, { label: 'a set of points', minVertices: 1 }],
]);

/** Rule for a type code; codes from ImageScope versions we do not know only need one point, so they are not refused. */
export function regionTypeRule(typeCode: number): RegionTypeRule {
  return RULES.get(typeCode) ?? { label: `a region of type ${typeCode}`, minVertices: 1 };
}
