import { countOf, shortenForMessage, type ConversionWarnings } from './conversion-warnings.js';
import { readGeoJson, type ReadFeature } from './geojson-read.js';
import { GEOJSON_LIMITS, type GeoJsonLimits, type Rgb } from './geojson-schema.js';
import type { Shape } from './geojson-shapes.js';
import { buildImageScopeXml } from './imagescope-build.js';
import { rgbToImageScopeColor } from './imagescope-color.js';
import type { ImageScopeLayerInput, ImageScopeRegionInput } from './imagescope-types.js';

/** Colour of a layer whose objects name none: QuPath's own default for annotations, red. */
export const DEFAULT_LAYER_RGB: Rgb = [255, 0, 0];

export type Conversion =
  | { ok: true; text: string; warnings: string[]; layers: number; regions: number }
  | { ok: false; message: string };

/**
 * QuPath GeoJSON → Aperio ImageScope XML. One layer per classification, in the order classes first appear
 * (unclassified objects go to a layer without a name); a polygon's outline becomes a freehand region and each
 * hole a region with NegativeROA="1" right after it; a 2-point line a ruler; points a Type 5 region.
 * Coordinates are written with all their digits, so converting back gives the same numbers.
 */
export function geoJsonToImageScope(text: string, limits: GeoJsonLimits = GEOJSON_LIMITS): Conversion {
  const reading = readGeoJson(text, limits);
  if (!reading.ok) return reading;
  const { warnings } = reading;
  const layers = new Map<string | null, LayerBeingBuilt>();
  for (const feature of reading.features) {
    let layer = layers.get(feature.className);
    if (layer === undefined) {
      layer = {
        className: feature.className,
        classColor: feature.classColor,
        classColors: new Set(),
        objectColors: new Set(),
        regions: [],
      };
      layers.set(feature.className, layer);
    }
    if (feature.objectColor) layer.objectColors.add(feature.objectColor.join(','));
    if (feature.classColor) layer.classColors.add(feature.classColor.join(','));
    for (const shape of feature.shapes) layer.regions.push(...regionsOf(shape, feature, warnings));
    if (feature.shapes.length > 1)
      warnings.add(
        'parts',
        (n) =>
          `${countOf(n, 'object has', 'objects have')} several parts (MultiPolygon, MultiLineString or a collection); each part became its own region with the object's name.`,
      );
  }
  const built = [...layers.values()].map((layer) => finishLayer(layer, warnings));
  const xml = buildImageScopeXml({ layers: built, exactCoordinates: true });
  return {
    ok: true,
    text: xml,
    warnings: warnings.list(),
    layers: built.length,
    regions: built.reduce((sum, layer) => sum + layer.regions.length, 0),
  };
}

interface LayerBeingBuilt {
  className: string | null;
  /** The colour of the class's first object that names one; the layer's colour. */
  classColor: Rgb | null;
  /** "r,g,b" of every colour the class is given: a hand-made file may give one class several. */
  classColors: Set<string>;
  /** "r,g,b" of the objects' own colours, to choose a layer colour when the class has none. */
  objectColors: Set<string>;
  regions: ImageScopeRegionInput[];
}

function regionsOf(
  shape: Shape,
  feature: ReadFeature,
  warnings: ConversionWarnings,
): ImageScopeRegionInput[] {
  const text = feature.name ?? '';
  switch (shape.kind) {
    case 'polygon': {
      const [outline = [], ...holes] = shape.rings;
      return [
        { type: 'polygon', text, negative: feature.negative, vertices: outline },
        ...holes.map((vertices): ImageScopeRegionInput => ({ type: 'polygon', negative: true, vertices })),
      ];
    }
    case 'line':
      if (shape.vertices.length === 2) return [{ type: 'ruler', text, vertices: shape.vertices }];
      warnings.add(
        'open-line',
        (n) =>
          `${countOf(n, 'line of 3 or more points', 'lines of 3 or more points')} became closed freehand regions: ImageScope has no open line except its 2-point ruler.`,
      );
      return [{ type: 'polygon', text, vertices: shape.vertices }];
    case 'points':
      warnings.add(
        'points',
        (n) =>
          `${countOf(n, 'point object', 'point objects')} became Type 5 regions; ImageScope keeps them in the file but does not draw them.`,
      );
      return [{ type: 'points', text, vertices: shape.vertices }];
  }
}

function finishLayer(layer: LayerBeingBuilt, warnings: ConversionWarnings): ImageScopeLayerInput {
  const label =
    layer.className === null ? 'unclassified objects' : `class "${shortenForMessage(layer.className)}"`;
  const [firstObjectColor] = layer.objectColors;
  let rgb = layer.classColor;
  if (rgb === null && firstObjectColor !== undefined) rgb = firstObjectColor.split(',').map(Number) as Rgb;
  if (rgb === null) {
    rgb = DEFAULT_LAYER_RGB;
    warnings.add(`no-colour:${label}`, () => `The ${label} have no colour; their layer is drawn red.`);
  }
  const layerColor = rgb.join(',');
  if (layer.classColors.size > 1)
    warnings.add(
      `class-colours:${label}`,
      () =>
        `The ${label} are given ${layer.classColors.size} different class colours; ImageScope colours a whole layer, so they all take the first (${layerColor}).`,
    );
  if ([...layer.objectColors].some((color) => color !== layerColor))
    warnings.add(
      `object-colours:${label}`,
      () =>
        `The ${label} have their own colours; ImageScope colours a whole layer, so they all take the layer's colour.`,
    );
  const [r, g, b] = rgb;
  return { name: layer.className ?? '', lineColor: rgbToImageScopeColor(r, g, b), regions: layer.regions };
}
