import { IMAGESCOPE_REGION_TYPES } from './imagescope-region-types.js';
import { validateImageScopeXmlKeepingRoot } from './imagescope-validate.js';
import type { ImageScopeVertexInput } from './imagescope-types.js';
import { asElement, attribute, childNodes, type XmlElement } from './parsed-xml.js';
import { parseFiniteNumber } from './xml-text.js';

/** An ImageScope file read into plain data, for converting it to another format. */
export interface ImageScopeDocument {
  micronsPerPixel: number | null;
  layers: ImageScopeLayer[];
}

export interface ImageScopeLayer {
  name: string;
  /** BGR packed into an integer; null when missing or not a colour ImageScope can show. */
  lineColor: number | null;
  /** Names of the layer's <Attribute> entries (Description…). */
  attributeNames: string[];
  regions: ImageScopeRegion[];
}

export interface ImageScopeRegion {
  typeCode: number;
  negative: boolean;
  text: string;
  vertices: ImageScopeVertexInput[];
  /** Some vertex has a Z other than 0 (a focal plane). */
  hasDepth: boolean;
  /** Names of the region's own <Attribute> entries. */
  attributeNames: string[];
}

export type ImageScopeReading = { ok: true; document: ImageScopeDocument } | { ok: false; message: string };

/** Validates first (same checks and messages as the upload), then reads layers, regions and vertices. */
export function readImageScopeXml(text: string): ImageScopeReading {
  const keep: { root?: XmlElement } = {};
  const validation = validateImageScopeXmlKeepingRoot(text, keep);
  if (!validation.ok) {
    const where =
      validation.line === undefined || validation.message.includes(`line ${validation.line}`)
        ? ''
        : ` (line ${validation.line})`;
    return { ok: false, message: `${validation.message}${where}` };
  }
  const root = keep.root ?? {};
  return {
    ok: true,
    document: {
      micronsPerPixel: validation.summary.micronsPerPixel,
      layers: childNodes(root, 'Annotation').map((node) => readLayer(asElement(node))),
    },
  };
}

function readLayer(layer: XmlElement): ImageScopeLayer {
  const color = parseFiniteNumber(attribute(layer, 'LineColor') ?? '');
  const regions: ImageScopeRegion[] = [];
  for (const regionsNode of childNodes(layer, 'Regions'))
    for (const regionNode of childNodes(asElement(regionsNode), 'Region'))
      regions.push(readRegion(asElement(regionNode)));
  return {
    name: attribute(layer, 'Name') ?? '',
    lineColor: color !== null && Number.isInteger(color) && color >= 0 && color <= 0xffffff ? color : null,
    attributeNames: attributeNamesOf(layer),
    regions,
  };
}

function readRegion(region: XmlElement): ImageScopeRegion {
  const typeText = attribute(region, 'Type')?.trim() ?? '';
  const vertices: ImageScopeVertexInput[] = [];
  let hasDepth = false;
  for (const verticesNode of childNodes(region, 'Vertices')) {
    for (const vertexNode of childNodes(asElement(verticesNode), 'Vertex')) {
      const vertex = asElement(vertexNode);
      // The validator has checked X and Y already.
      vertices.push({
        x: parseFiniteNumber(attribute(vertex, 'X') ?? '') ?? 0,
        y: parseFiniteNumber(attribute(vertex, 'Y') ?? '') ?? 0,
      });
      const z = attribute(vertex, 'Z');
      if (z !== undefined && (parseFiniteNumber(z) ?? 0) !== 0) hasDepth = true;
    }
  }
  return {
    typeCode: typeText === '' ? IMAGESCOPE_REGION_TYPES.freehand : Number(typeText),
    negative: attribute(region, 'NegativeROA')?.trim() === '1',
    text: attribute(region, 'Text') ?? '',
    vertices,
    hasDepth,
    attributeNames: attributeNamesOf(region),
  };
}

function attributeNamesOf(element: XmlElement): string[] {
  return childNodes(element, 'Attributes').flatMap((attributes) =>
    childNodes(asElement(attributes), 'Attribute').map((node) => attribute(asElement(node), 'Name') ?? ''),
  );
}
