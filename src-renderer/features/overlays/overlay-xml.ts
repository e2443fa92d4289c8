import { IMAGESCOPE_REGION_TYPES } from '../../../src-shared/annotations/imagescope-region-types.js';
import { parseFiniteNumber } from '../../../src-shared/annotations/xml-text.js';
import type { OverlayDocument, OverlayRegion } from './overlay-geometry.js';

/** The three elements a drawing needs; `\b` keeps <Annotations>, <Regions> and <RegionAttributeHeaders> out. */
const TAG = /<(Annotation|Region|Vertex)\b([^>]*)>/g;
const ATTRIBUTE = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

const X = /(?:^|\s)X\s*=\s*["']([^"']*)["']/;
const Y = /(?:^|\s)Y\s*=\s*["']([^"']*)["']/;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Layers, regions and vertices of ImageScope XML, scanned for drawing only. The full reader
 * (`readImageScopeXml`) builds a node per element and takes seconds on a 50 MiB prediction, on the window's one
 * thread (the app's CSP allows no workers); this scan allocates only the numbers it keeps. It checks nothing:
 * the prediction comes from the server, and an imported file was checked by the full validator before it was
 * sent. Something that is not ImageScope XML simply yields no layers.
 */
export function scanImageScopeXml(xml: string): OverlayDocument {
  const layers: OverlayDocument['layers'] = [];
  let region: OverlayRegion | null = null;
  for (const [, element, attributeText = ''] of xml.matchAll(TAG)) {
    if (element === 'Vertex') {
      if (region === null) continue;
      // Vertices are nearly all of a prediction: X and Y straight from the tag, no attribute map.
      const x = parseFiniteNumber(X.exec(attributeText)?.[1] ?? '');
      const y = parseFiniteNumber(Y.exec(attributeText)?.[1] ?? '');
      if (x !== null && y !== null) region.vertices.push({ x, y });
      continue;
    }
    const attributes = attributesOf(attributeText);
    if (element === 'Annotation') {
      const color = parseFiniteNumber(attributes.get('LineColor') ?? '');
      layers.push({
        name: decode(attributes.get('Name') ?? ''),
        lineColor:
          color !== null && Number.isInteger(color) && color >= 0 && color <= 0xffffff ? color : null,
        regions: [],
      });
      region = null;
      continue;
    }
    const layer = layers[layers.length - 1];
    if (layer === undefined) continue;
    const type = parseFiniteNumber(attributes.get('Type') ?? '');
    region = {
      typeCode: type ?? IMAGESCOPE_REGION_TYPES.freehand,
      negative: attributes.get('NegativeROA')?.trim() === '1',
      vertices: [],
    };
    layer.regions.push(region);
  }
  return { layers };
}

function attributesOf(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [, name = '', double, single] of text.matchAll(ATTRIBUTE))
    attributes.set(name, double ?? single ?? '');
  return attributes;
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (!entity.startsWith('#')) return ENTITIES[entity] ?? whole;
    const code = entity.startsWith('#x') ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
