import { isImageScopeColor } from './imagescope-color.js';
import { IMAGESCOPE_REGION_TYPES } from './imagescope-region-types.js';
import type {
  ImageScopeBuildInput,
  ImageScopeLayerInput,
  ImageScopeRegionInput,
  ImageScopeVertexInput,
} from './imagescope-types.js';
import {
  measureEllipse,
  measureLine,
  measurePolygon,
  rectangleCorners,
  type RegionMeasures,
} from './region-geometry.js';
import { escapeXmlAttribute, formatDecimal, formatExactDecimal } from './xml-text.js';

/**
 * Writes Aperio ImageScope annotation XML in the layout ImageScope itself exports (attribute order,
 * RegionAttributeHeaders, empty <Attributes/> and <Plots/>), so ImageScope opens it and
 * validateImageScopeXml accepts it. Layer and region ids count from 1 in input order, so the same
 * input always gives the same bytes. Throws RangeError for input ImageScope could not represent.
 */
export function buildImageScopeXml(input: ImageScopeBuildInput): string {
  assertBuildable(input);
  const mpp = input.micronsPerPixel;
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    mpp === undefined ? '<Annotations>' : `<Annotations MicronsPerPixel="${formatDecimal(mpp, 6)}">`,
  ];
  // Four decimals, like ImageScope's own exports: sub-pixel precision beyond that carries no information.
  const coordinate =
    input.exactCoordinates === true ? formatExactDecimal : (value: number) => formatDecimal(value, 4);
  let nextRegionId = 1;
  input.layers.forEach((layer, index) => {
    nextRegionId = writeLayer(lines, layer, {
      layerId: index + 1,
      firstRegionId: nextRegionId,
      mpp,
      coordinate,
    });
  });
  lines.push('</Annotations>', '');
  return lines.join('\n');
}

/** Columns ImageScope adds to every layer's region table; its exports always list them. */
const REGION_ATTRIBUTE_HEADERS = [
  '      <RegionAttributeHeaders>',
  '        <AttributeHeader Id="9999" Name="Region" ColumnWidth="-1"/>',
  '        <AttributeHeader Id="9997" Name="Length" ColumnWidth="-1"/>',
  '        <AttributeHeader Id="9996" Name="Area" ColumnWidth="-1"/>',
  '        <AttributeHeader Id="9998" Name="Text" ColumnWidth="-1"/>',
  '      </RegionAttributeHeaders>',
];

/** Returns the next free region id: region ids are unique across the file, as in ImageScope's exports. */
interface LayerWriting {
  layerId: number;
  firstRegionId: number;
  mpp: number | undefined;
  coordinate: (value: number) => string;
}

function writeLayer(
  lines: string[],
  layer: ImageScopeLayerInput,
  { layerId, firstRegionId, mpp, coordinate }: LayerWriting,
): number {
  lines.push(
    `  <Annotation Id="${layerId}" Name="${escapeXmlAttribute(layer.name)}" ReadOnly="0" NameReadOnly="0" ` +
      `LineColorReadOnly="0" Incremental="0" Type="4" LineColor="${layer.lineColor}" Visible="1" Selected="0" ` +
      'MarkupImagePath="" MacroName="">',
  );
  writeLayerAttributes(lines, layer.attributes ?? {});
  lines.push('    <Regions>', ...REGION_ATTRIBUTE_HEADERS);
  let regionId = firstRegionId;
  layer.regions.forEach((region, index) => {
    // DisplayId is the row number ImageScope shows in the layer's region table.
    writeRegion(lines, region, { regionId, displayId: index + 1, mpp, coordinate });
    regionId++;
  });
  lines.push('    </Regions>', '    <Plots/>', '  </Annotation>');
  return regionId;
}

function writeLayerAttributes(lines: string[], attributes: Record<string, string>): void {
  const entries = Object.entries(attributes);
  if (entries.length === 0) {
    lines.push('    <Attributes/>');
    return;
  }
  lines.push('    <Attributes>');
  // Attribute ids count from 0: ImageScope writes its Description attribute with Id="0".
  entries.forEach(([name, value], index) => {
    lines.push(
      `      <Attribute Name="${escapeXmlAttribute(name)}" Id="${index}" Value="${escapeXmlAttribute(value)}"/>`,
    );
  });
  lines.push('    </Attributes>');
}

function writeRegion(
  lines: string[],
  region: ImageScopeRegionInput,
  {
    regionId,
    displayId,
    mpp,
    coordinate,
  }: {
    regionId: number;
    displayId: number;
    mpp: number | undefined;
    coordinate: (value: number) => string;
  },
): void {
  const { typeCode, vertices, measures } = shapeOf(region);
  // ImageScope shows lengths in µm and areas in µm²; without a resolution it writes 0.
  const micronLength = mpp === undefined ? 0 : measures.length * mpp;
  const micronArea = mpp === undefined ? 0 : measures.area * mpp * mpp;
  lines.push(
    `      <Region Id="${regionId}" Type="${typeCode}" Zoom="1" Selected="0" ImageLocation="" ImageFocus="-1" ` +
      `Length="${formatDecimal(measures.length, 1)}" Area="${formatDecimal(measures.area, 1)}" ` +
      `LengthMicrons="${formatDecimal(micronLength, 1)}" AreaMicrons="${formatDecimal(micronArea, 1)}" ` +
      `Text="${escapeXmlAttribute(region.text ?? '')}" NegativeROA="${region.negative === true ? 1 : 0}" ` +
      `InputRegionId="0" Analyze="1" DisplayId="${displayId}">`,
    '        <Attributes/>',
    '        <Vertices>',
  );
  for (const { x, y } of vertices) {
    lines.push(`          <Vertex X="${coordinate(x)}" Y="${coordinate(y)}" Z="0"/>`);
  }
  lines.push('        </Vertices>', '      </Region>');
}

/** ImageScope's type code, the vertices to write and the measures for the Length/Area columns. */
function shapeOf(region: ImageScopeRegionInput): {
  typeCode: number;
  vertices: readonly ImageScopeVertexInput[];
  measures: RegionMeasures;
} {
  switch (region.type) {
    case 'polygon':
      return {
        typeCode: IMAGESCOPE_REGION_TYPES.freehand,
        vertices: region.vertices,
        measures: measurePolygon(region.vertices),
      };
    case 'rectangle': {
      const [from, to] = region.vertices;
      // Two opposite corners are written out as the four corners ImageScope itself stores.
      const corners =
        region.vertices.length === 2 && from && to ? rectangleCorners(from, to) : region.vertices;
      return {
        typeCode: IMAGESCOPE_REGION_TYPES.rectangle,
        vertices: corners,
        measures: measurePolygon(corners),
      };
    }
    case 'ellipse':
      return {
        typeCode: IMAGESCOPE_REGION_TYPES.ellipse,
        vertices: region.vertices,
        measures: measureEllipse(region.vertices),
      };
    case 'ruler':
      return {
        typeCode: IMAGESCOPE_REGION_TYPES.ruler,
        vertices: region.vertices,
        measures: measureLine(region.vertices),
      };
    case 'points':
      return {
        typeCode: IMAGESCOPE_REGION_TYPES.points,
        vertices: region.vertices,
        measures: { length: 0, area: 0 },
      };
  }
}

const VERTEX_COUNTS: Record<
  ImageScopeRegionInput['type'],
  { accepts: (n: number) => boolean; expected: string }
> = {
  polygon: { accepts: (n) => n >= 3, expected: 'at least 3 vertices' },
  rectangle: { accepts: (n) => n === 2 || n === 4, expected: '2 opposite corners or 4 corners' },
  ellipse: { accepts: (n) => n === 2, expected: '2 vertices (opposite corners of its bounding box)' },
  ruler: { accepts: (n) => n === 2, expected: '2 vertices (its ends)' },
  points: { accepts: (n) => n >= 1, expected: 'at least 1 vertex' },
};

/** Checks everything up front, so a half-written file never comes out of a bad input. */
function assertBuildable(input: ImageScopeBuildInput): void {
  const mpp = input.micronsPerPixel;
  if (mpp !== undefined && !(Number.isFinite(mpp) && mpp > 0)) {
    throw new RangeError(`micronsPerPixel must be a positive number, got ${mpp}.`);
  }
  if (input.layers.length === 0) {
    // validateImageScopeXml refuses a file without layers; "nothing found" is a layer without regions.
    throw new RangeError(
      'An ImageScope file needs at least one layer; use a layer with no regions for "nothing found".',
    );
  }
  input.layers.forEach((layer, layerIndex) => {
    const where = `Layer ${layerIndex + 1} ("${layer.name}")`;
    if (!isImageScopeColor(layer.lineColor)) {
      throw new RangeError(
        `${where}: lineColor must be an integer from 0 to 16777215 (BGR), got ${layer.lineColor}.`,
      );
    }
    layer.regions.forEach((region, regionIndex) => {
      const rule = VERTEX_COUNTS[region.type];
      if (rule === undefined) {
        throw new RangeError(`${where}, region ${regionIndex + 1}: unknown type "${String(region.type)}".`);
      }
      if (!rule.accepts(region.vertices.length)) {
        throw new RangeError(
          `${where}, region ${regionIndex + 1}: a ${region.type} needs ${rule.expected}, got ${region.vertices.length}.`,
        );
      }
      region.vertices.forEach(({ x, y }, vertexIndex) => {
        if (!Number.isFinite(x) || !Number.isFinite(y)) {
          throw new RangeError(
            `${where}, region ${regionIndex + 1}, vertex ${vertexIndex + 1}: coordinates must be finite numbers, got (${x}, ${y}).`,
          );
        }
      });
    });
  });
}
