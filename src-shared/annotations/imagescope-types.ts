/** What a valid Aperio ImageScope annotation file contains, for logs and the upload dialog. */
export interface ImageScopeSummary {
  /** `<Annotation>` elements: ImageScope calls them layers, PathomIQ treats each as a class. */
  layers: number;
  /** `<Region>` elements in all layers, holes included. */
  regions: number;
  /** `<Vertex>` elements in all regions. */
  vertices: number;
  /** Regions with NegativeROA="1": holes cut out of the other regions of their layer. */
  negativeRegions: number;
  /** The layers' Name attributes in file order; "" for a layer without a name. */
  layerNames: string[];
  /** The root's MicronsPerPixel; null when absent or 0 (ImageScope writes 0 when the scan resolution is unknown). */
  micronsPerPixel: number | null;
}

export type ImageScopeProblemCode =
  /** No bytes, or only blank space. */
  | 'empty'
  /** Not well-formed XML (cut short, hand-edited, wrong encoding…). */
  | 'malformed'
  /** Well-formed, but another tool's format (ASAP, QuPath GeoJSON, HTML…). */
  | 'wrong-dialect'
  /** ImageScope's root element, but content ImageScope or PathomIQ cannot use. */
  | 'invalid';

export type ImageScopeValidation =
  | { ok: true; summary: ImageScopeSummary }
  | {
      ok: false;
      code: ImageScopeProblemCode;
      /** One or two sentences for a lab technician: what is wrong and what to do. */
      message: string;
      /** 1-based line of the problem, when the XML reader knows it. */
      line?: number;
    };

export type ImageScopeProblem = Extract<ImageScopeValidation, { ok: false }>;

export interface ImageScopeVertexInput {
  x: number;
  y: number;
}

export interface ImageScopeRegionInput {
  /**
   * polygon: 3 or more vertices (ImageScope's freehand/pen region).
   * rectangle: 4 corners, or 2 opposite corners (written out as 4 corners, as ImageScope does).
   * ellipse: exactly 2 vertices, opposite corners of its bounding box (ImageScope's own encoding).
   * ruler: exactly 2 vertices, a straight line (ImageScope's ruler tool).
   * points: 1 or more vertices, each a point (Type 5; ImageScope keeps but does not draw them).
   */
  type: 'polygon' | 'rectangle' | 'ellipse' | 'ruler' | 'points';
  /** A hole (NegativeROA="1") cut out of the layer's other regions. */
  negative?: boolean;
  /** ImageScope's per-region "Text" column. */
  text?: string;
  vertices: ImageScopeVertexInput[];
}

export interface ImageScopeLayerInput {
  name: string;
  /** BGR packed into a decimal integer, as ImageScope stores it; see rgbToImageScopeColor. */
  lineColor: number;
  /** Layer attributes, e.g. { Description: 'Gleason pattern 4' }. */
  attributes?: Record<string, string>;
  regions: ImageScopeRegionInput[];
}

export interface ImageScopeBuildInput {
  micronsPerPixel?: number;
  /**
   * Write every coordinate with all its digits (converted annotations must come back unchanged) instead of
   * the 4 decimals ImageScope itself writes.
   */
  exactCoordinates?: boolean;
  layers: ImageScopeLayerInput[];
}
